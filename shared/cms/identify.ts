// Runs anywhere (pure). Says what a file a bidder brings is — whatever its armour — without any key or
// password: a certificate, CRL, CSR (CFCA attributes included), public key, private key (PKCS#8 plain or
// encrypted, SEC1), PKCS#12, CFCA .sm2 key file, GM/T 0009 SM2EnvelopedKey, or any CMS / GM/T 0010 message.
// The CLI (`bidseal inspect`, `bidseal key show`) and the UI's drop zones use it. docs/artefacts.md lists all.
import { BidSealError, isBidSealError } from '../errors';
import { dearmor, type ArmourKind, children, oidToString, readTlv, type Tlv } from '../asn1';
import { parseCertificate } from '../pki/certificate';
import { parseName } from '../pki/names';
import { isPkcs12 } from '../keystore/pkcs12';
import { isEncryptedPrivateKeyInfo } from '../keystore/pkcs8-encrypted';
import { isCfcaKeyFile } from '../keystore/cfca';
import { inspectMessage, type MessageSummary } from './message';
import { cmsTypeOf } from './oids';

export type ArtefactKind =
  | 'certificate'
  | 'crl'
  | 'csr'
  | 'public-key'
  | 'private-key'
  | 'encrypted-private-key'
  | 'pkcs12'
  | 'cfca-sm2-key'
  | 'sm2-enveloped-key'
  | 'cms'
  | 'unknown-asn1';

export interface ArtefactInfo {
  kind: ArtefactKind;
  armour: ArmourKind;
  encoding: 'der' | 'ber';
  label?: string;
  /** how many objects the file holds (PEM bundles) */
  count: number;
  /** one line a person understands (English; the UI words it itself from the fields) */
  description: string;
  certificate?: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string; keyAlgorithm: string; role: string };
  csr?: { subject: string; attributes: string[] };
  message?: MessageSummary;
  keyAlgorithm?: string;
}

const OID_NAMES: Record<string, string> = {
  '1.2.840.10045.2.1': 'EC',
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.156.10197.1.301': 'SM2',
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.2.840.113549.1.9.14': 'extensionRequest',
  '1.2.840.113549.1.9.7': 'challengePassword',
  '1.2.840.113549.1.9.2': 'unstructuredName',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
const name = (o: string): string => OID_NAMES[o] ?? o;

function keyAlg(algSeq: Tlv): string {
  const f = children(algSeq.v);
  const a = oidToString(f[0].v);
  const p = f[1]?.tag === 0x06 ? oidToString(f[1].v) : undefined;
  return p === '1.2.156.10197.1.301' ? 'SM2' : p ? `${name(a)} ${name(p)}` : name(a);
}

function classify(der: Uint8Array): Omit<ArtefactInfo, 'armour' | 'encoding' | 'label' | 'count'> {
  // CMS / GM/T 0010 ContentInfo (BER ones included: only messages use indefinite lengths)
  if (der[1] === 0x80) {
    const message = inspectMessage(der);
    return { kind: 'cms', message, description: `${message.type} (${message.flavour === 'gm' ? 'GM/T 0010' : 'RFC 5652'}, BER)` };
  }
  const top = readTlv(der);
  const first = children(top.v)[0];
  if (top.tag === 0x30 && first?.tag === 0x06 && cmsTypeOf(oidToString(first.v))) {
    const message = inspectMessage(der);
    return { kind: 'cms', message, description: `${message.type} (${message.flavour === 'gm' ? 'GM/T 0010' : 'RFC 5652'})` };
  }
  if (isCfcaKeyFile(der)) return { kind: 'cfca-sm2-key', description: 'CFCA SM2 key file (password-protected key and its certificate)', keyAlgorithm: 'SM2' };
  if (isPkcs12(der)) return { kind: 'pkcs12', description: 'PKCS#12 / PFX key store (password-protected)' };
  if (isEncryptedPrivateKeyInfo(der)) return { kind: 'encrypted-private-key', description: 'encrypted PKCS#8 private key (password-protected)' };
  const f = children(top.v);
  // Certificate, CRL, CSR: SEQUENCE { tbs SEQUENCE, alg SEQUENCE, BIT STRING }
  if (f.length === 3 && f[0].tag === 0x30 && f[1].tag === 0x30 && f[2].tag === 0x03) {
    const tbs = children(f[0].v);
    if (tbs[0]?.tag === 0xa0 || (tbs[0]?.tag === 0x02 && tbs[1]?.tag === 0x02)) {
      const c = parseCertificate(der);
      return {
        kind: 'certificate',
        description: `certificate of ${c.subject.text} (serial ${c.serialNumber})`,
        certificate: { subject: c.subject.text, issuer: c.issuer.text, serialNumber: c.serialNumber, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString(), keyAlgorithm: c.publicKey.kind.toUpperCase(), role: c.role },
      };
    }
    if (tbs[0]?.tag === 0x02 && tbs[1]?.tag === 0x30 && tbs[2]?.tag === 0x30 && tbs[3]?.tag === 0xa0) {
      // PKCS#10: version, subject, SPKI, [0] attributes (CFCA adds its own attribute OIDs: listed, not judged)
      const subject = parseName(tbs[1]).text;
      const attributes = children(tbs[3].v).map((a) => name(oidToString(children(a.v)[0].v)));
      return { kind: 'csr', description: `certificate request (PKCS#10) for ${subject}`, csr: { subject, attributes }, keyAlgorithm: keyAlg(children(tbs[2].v)[0]) };
    }
    if (tbs[0]?.tag === 0x30 || tbs[1]?.tag === 0x30) return { kind: 'crl', description: 'certificate revocation list (CRL)' };
  }
  // SubjectPublicKeyInfo
  if (f.length === 2 && f[0].tag === 0x30 && f[1].tag === 0x03) return { kind: 'public-key', description: `public key (${keyAlg(f[0])})`, keyAlgorithm: keyAlg(f[0]) };
  // PKCS#8 PrivateKeyInfo / SEC1 ECPrivateKey / PKCS#1
  if (f[0]?.tag === 0x02 && f[1]?.tag === 0x30 && f[2]?.tag === 0x04) return { kind: 'private-key', description: `unencrypted private key (PKCS#8, ${keyAlg(f[1])})`, keyAlgorithm: keyAlg(f[1]) };
  if (f[0]?.tag === 0x02 && f[1]?.tag === 0x04 && f.length <= 4) return { kind: 'private-key', description: 'unencrypted EC/SM2 private key (SEC1)' };
  if (f.length >= 9 && f.every((x) => x.tag === 0x02)) return { kind: 'private-key', description: 'unencrypted RSA private key (PKCS#1)', keyAlgorithm: 'RSA' };
  // GM/T 0009 SM2EnvelopedKey
  if (f.length === 4 && f[0].tag === 0x30 && f[1].tag === 0x30 && f[2].tag === 0x03 && f[3].tag === 0x03) return { kind: 'sm2-enveloped-key', description: 'GM/T 0009 SM2EnvelopedKey (escrowed key pair, opens with the signing key)', keyAlgorithm: 'SM2' };
  return { kind: 'unknown-asn1', description: 'ASN.1 data of a kind BidSeal does not know' };
}

/** Identifies any file. E_ARMOUR_UNKNOWN when it is not ASN.1 under any armour (details.found says what it is). */
export function identifyArtefact(input: Uint8Array | string): ArtefactInfo {
  const a = dearmor(input);
  try {
    const c = classify(a.der);
    return { ...c, armour: a.armour, encoding: a.encoding, ...(a.label ? { label: a.label } : {}), count: a.all.length };
  } catch (e) {
    if (isBidSealError(e) && e.code !== 'E_BAD_ENCODING' && e.code !== 'E_ENVELOPE_CORRUPT') throw e;
    if (isBidSealError(e) && e.code === 'E_ENVELOPE_CORRUPT') throw new BidSealError('E_BAD_ENCODING', e.message);
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_BAD_ENCODING', 'the file is damaged: its ASN.1 structure does not parse');
  }
}
