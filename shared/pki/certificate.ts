// Runs anywhere (pure). X.509 v3 certificate parsing (RFC 5280 §4) into a flat, UI-ready summary:
// readable subject/issuer (Chinese strings decoded), USCC, keys, extensions, fingerprints, role guess.
// Structure via @peculiar/asn1-x509; exact TBS and Name bytes via our DER reader (for signatures/matching).
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  SubjectKeyIdentifier,
  type GeneralName,
} from '@peculiar/asn1-x509';
import { sha256 } from '@noble/hashes/sha2.js';
import { BidSealError, isBidSealError } from '../errors';
import { sm3 } from '../crypto/sm3';
import { bad, children, parseAs, oidToString, readTlv, splitDerOrPem, toHex, u8, type Tlv, uintHex, readTime } from '../asn1';
import { parseName, type DistinguishedName } from './names';
import { findUscc, type UsccInfo } from './uscc';
import { describePublicKey, signatureAlgorithmName, type PublicKeyInfo } from './algorithms-info';

export { pairCertificates, type CertificatePair, type PairingResult } from './pairing';

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';
const KU_BITS: KeyUsageName[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.4.1.311.10.3.12': 'documentSigning',
};

export type CertificateRole = 'signing' | 'encryption' | 'dual' | 'ca' | 'unknown';

export interface SignatureAlgorithmInfo {
  oid: string;
  /** 'SM2-with-SM3', 'sha256WithRSAEncryption', 'ecdsa-with-SHA256', 'RSASSA-PSS', … or the OID */
  name: string;
  /** DER of the parameters, when present (RSASSA-PSS) */
  parameters?: Uint8Array;
}

export interface CertificateSummary {
  /** the certificate's DER exactly as read */
  der: Uint8Array;
  version: number;
  /** serial number as uppercase hex, like `openssl x509 -serial` */
  serialNumber: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** convenience: first CN of the subject, or '' */
  commonName: string;
  /** 统一社会信用代码 when present in the subject (with check-character verdict) */
  uscc: UsccInfo | null;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: SignatureAlgorithmInfo;
  signatureValue: Uint8Array;
  /** exact DER of TBSCertificate as in the file (what the issuer signed) */
  tbs: Uint8Array;
  /** set when the signature BIT STRING declares unused bits (never valid: the signature is refused) */
  signatureUnusedBits?: number;
  /** null when the extension is absent (= no restriction) */
  keyUsage: KeyUsageName[] | null;
  /** OIDs; null when absent */
  extKeyUsage: string[] | null;
  extKeyUsageNames: string[] | null;
  basicConstraints: { cA: boolean; pathLen?: number } | null;
  subjectKeyId?: string;
  authorityKeyId?: string;
  crlDistributionPoints: string[];
  authorityInfoAccess: Array<{ method: 'ocsp' | 'caIssuers' | string; uri: string }>;
  policies: string[];
  /** OIDs of all extensions, and of the critical ones */
  extensions: string[];
  criticalExtensions: string[];
  fingerprints: { sha256: string; sm3: string };
  selfIssued: boolean;
  role: CertificateRole;
}

const EXT = {
  ku: '2.5.29.15',
  eku: '2.5.29.37',
  bc: '2.5.29.19',
  ski: '2.5.29.14',
  aki: '2.5.29.35',
  crldp: '2.5.29.31',
  aia: '1.3.6.1.5.5.7.1.1',
  policies: '2.5.29.32',
};

/** Parses a DER time element (UTCTime / GeneralizedTime, RFC 5280 §4.1.2.5). */
export const parseTime = (t: Tlv): Date => readTime(t);

export function parseAlgorithmIdentifier(t: Tlv): SignatureAlgorithmInfo {
  if (t.tag !== 0x30) bad('AlgorithmIdentifier: expected a SEQUENCE');
  const [o, p] = children(t.v);
  if (!o || o.tag !== 0x06) bad('AlgorithmIdentifier: missing OID');
  const oid = oidToString(o.v);
  const out: SignatureAlgorithmInfo = { oid, name: signatureAlgorithmName(oid) };
  if (p && p.tag !== 0x05) out.parameters = p.raw.slice();
  return out;
}

const uriOf = (g: GeneralName | undefined): string | undefined => g?.uniformResourceIdentifier;

function keyUsageBits(bitString: Uint8Array): KeyUsageName[] {
  const t = readTlv(bitString);
  if (t.tag !== 0x03 || t.v.length < 1) bad('KeyUsage: expected a BIT STRING');
  const out: KeyUsageName[] = [];
  for (let i = 0; i < KU_BITS.length; i++) {
    const byte = t.v[1 + (i >> 3)];
    if (byte !== undefined && (byte >> (7 - (i & 7))) & 1) out.push(KU_BITS[i]);
  }
  return out;
}

function guessRole(ku: KeyUsageName[] | null, bc: { cA: boolean } | null): CertificateRole {
  if (bc?.cA || ku?.includes('keyCertSign')) return 'ca';
  if (!ku) return 'unknown';
  const sig = ku.includes('digitalSignature') || ku.includes('nonRepudiation');
  const enc = ku.includes('keyEncipherment') || ku.includes('dataEncipherment') || ku.includes('keyAgreement');
  return sig && enc ? 'dual' : sig ? 'signing' : enc ? 'encryption' : 'unknown';
}

/** Parses one DER certificate. Throws BidSealError E_BAD_ENCODING for anything that is not one. */
export function parseCertificateDer(der: Uint8Array): CertificateSummary {
  return parseAs('certificate', () => parseInner(der));
}

function parseInner(input: Uint8Array): CertificateSummary {
  const top = readTlv(input);
  if (top.tag !== 0x30) bad('certificate: expected a SEQUENCE');
  if (top.raw.length !== input.length) bad('certificate: trailing bytes');
  const der = top.raw.slice();
  const [tbsT, algT, sigT] = children(top.v);
  if (!tbsT || !algT || !sigT || tbsT.tag !== 0x30 || sigT.tag !== 0x03) bad('certificate: malformed outer structure');
  // schema check and extension decoding by @peculiar/asn1-x509
  const cert = AsnConvert.parse(der, Certificate);
  const tf = children(tbsT.v);
  let k = 0;
  let version = 1;
  if (tf[0]?.tag === 0xa0) {
    version = Number(readTlv(tf[0].v).v[0] ?? 0) + 1;
    k = 1;
  }
  const [serialT, innerAlgT, issuerT, validityT, subjectT] = tf.slice(k, k + 5);
  if (!serialT || serialT.tag !== 0x02 || !validityT || validityT.tag !== 0x30) bad('certificate: malformed TBSCertificate');
  const [nbT, naT] = children(validityT.v);
  if (!nbT || !naT) bad('certificate: malformed validity');
  const subject = parseName(subjectT);
  const issuer = parseName(issuerT);
  const signatureAlgorithm = parseAlgorithmIdentifier(algT);
  if (parseAlgorithmIdentifier(innerAlgT).oid !== signatureAlgorithm.oid) bad('certificate: signature algorithm mismatch between TBS and outer');

  const spki = cert.tbsCertificate.subjectPublicKeyInfo;
  const spkiDer = new Uint8Array(AsnConvert.serialize(spki));
  const publicKey = describePublicKey(spki.algorithm.algorithm, spki.algorithm.parameters ? u8(spki.algorithm.parameters) : undefined, u8(spki.subjectPublicKey), spkiDer);

  let keyUsage: KeyUsageName[] | null = null;
  let extKeyUsage: string[] | null = null;
  let basicConstraints: CertificateSummary['basicConstraints'] = null;
  let subjectKeyId: string | undefined;
  let authorityKeyId: string | undefined;
  const crlDistributionPoints: string[] = [];
  const authorityInfoAccess: CertificateSummary['authorityInfoAccess'] = [];
  const policies: string[] = [];
  const extensions: string[] = [];
  const criticalExtensions: string[] = [];
  for (const ext of cert.tbsCertificate.extensions ?? []) {
    const id = ext.extnID;
    if (extensions.includes(id)) bad(`certificate: duplicate extension ${id}`);
    extensions.push(id);
    if (ext.critical) criticalExtensions.push(id);
    const val = u8(ext.extnValue.buffer);
    switch (id) {
      case EXT.ku:
        keyUsage = keyUsageBits(val);
        break;
      case EXT.eku:
        extKeyUsage = [...AsnConvert.parse(val, ExtendedKeyUsage)].map(String);
        break;
      case EXT.bc: {
        const bc = AsnConvert.parse(val, BasicConstraints);
        basicConstraints = bc.pathLenConstraint === undefined ? { cA: !!bc.cA } : { cA: !!bc.cA, pathLen: bc.pathLenConstraint };
        break;
      }
      case EXT.ski:
        subjectKeyId = toHex(u8(AsnConvert.parse(val, SubjectKeyIdentifier).buffer)).toUpperCase();
        break;
      case EXT.aki: {
        const aki = AsnConvert.parse(val, AuthorityKeyIdentifier);
        if (aki.keyIdentifier) authorityKeyId = toHex(u8(aki.keyIdentifier.buffer)).toUpperCase();
        break;
      }
      case EXT.crldp:
        for (const dp of AsnConvert.parse(val, CRLDistributionPoints)) {
          for (const g of dp.distributionPoint?.fullName ?? []) {
            const u = uriOf(g);
            if (u) crlDistributionPoints.push(u);
          }
        }
        break;
      case EXT.aia:
        for (const ad of AsnConvert.parse(val, AuthorityInfoAccessSyntax)) {
          const u = uriOf(ad.accessLocation);
          if (!u) continue;
          const method = ad.accessMethod === '1.3.6.1.5.5.7.48.1' ? 'ocsp' : ad.accessMethod === '1.3.6.1.5.5.7.48.2' ? 'caIssuers' : ad.accessMethod;
          authorityInfoAccess.push({ method, uri: u });
        }
        break;
      case EXT.policies:
        for (const p of AsnConvert.parse(val, CertificatePolicies)) policies.push(p.policyIdentifier);
        break;
    }
  }
  const selfIssued = issuer.der.length === subject.der.length && issuer.der.every((b, i) => b === subject.der[i]);
  return {
    der,
    version,
    serialNumber: uintHex(serialT.v),
    subject,
    issuer,
    commonName: subject.rdns.flat().find((a) => a.type === 'CN')?.value ?? '',
    uscc: findUscc(subject),
    notBefore: parseTime(nbT),
    notAfter: parseTime(naT),
    publicKey,
    signatureAlgorithm,
    signatureValue: sigT.v.slice(1),
    ...(sigT.v[0] ? { signatureUnusedBits: sigT.v[0] } : {}),
    tbs: tbsT.raw.slice(),
    keyUsage,
    extKeyUsage,
    extKeyUsageNames: extKeyUsage ? (extKeyUsage as string[]).map((o) => EKU_NAMES[o] ?? o) : null,
    basicConstraints,
    subjectKeyId,
    authorityKeyId,
    crlDistributionPoints,
    authorityInfoAccess,
    policies,
    extensions,
    criticalExtensions,
    fingerprints: { sha256: toHex(sha256(der)), sm3: toHex(sm3(der)) },
    selfIssued,
    role: guessRole(keyUsage, basicConstraints),
  };
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

/**
 * A PKCS#7 / CMS SignedData "certs-only" bundle (.p7b, as CAs hand out chains) yields its
 * certificates; any other blob is returned as it is (RFC 5652 §5.1: certificates [0] IMPLICIT).
 */
function pkcs7Certificates(blob: Uint8Array): Uint8Array[] {
  const outer = children(readTlv(blob).v);
  if (outer.length < 2 || outer[0].tag !== 0x06 || oidToString(outer[0].v) !== OID_SIGNED_DATA || outer[1].tag !== 0xa0) return [blob];
  const signedData = readTlv(outer[1].v);
  const certSet = children(signedData.v).find((t) => t.tag === 0xa0);
  // Only X.509 certificates (SEQUENCE); attribute or other certificate formats are skipped.
  return certSet ? children(certSet.v).filter((t) => t.tag === 0x30).map((t) => t.raw) : [];
}

/** Parses every certificate in PEM text (bundles), a DER file, concatenated DER, or a PKCS#7 bundle. */
export function parseCertificates(input: Uint8Array | string): CertificateSummary[] {
  let blobs: Uint8Array[];
  try {
    blobs = splitDerOrPem(input, /^(X509 |TRUSTED )?CERTIFICATE$|^PKCS7$|^CMS$/).flatMap(pkcs7Certificates);
  } catch (e) {
    if (isBidSealError(e)) throw e.code === 'E_BAD_ENCODING' ? e : new BidSealError('E_BAD_ENCODING', e.message);
    throw new BidSealError('E_BAD_ENCODING', `certificate: ${(e as Error)?.message}`);
  }
  return blobs.map(parseCertificateDer);
}

/** Exactly one certificate (the first when several are given). */
export function parseCertificate(input: Uint8Array | string): CertificateSummary {
  return parseCertificates(input)[0];
}

/** Accepts a parsed summary or raw input. */
export function toSummary(c: CertificateSummary | Uint8Array | string): CertificateSummary {
  return typeof c === 'object' && !(c instanceof Uint8Array) && 'tbs' in c ? c : parseCertificate(c);
}
