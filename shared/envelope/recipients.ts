// Runs anywhere (pure). CMS RecipientInfos (RFC 5652 §6.2): KeyTransRecipientInfo for SM2 (GB/T 35275 /
// GM/T 0010: SM2-3, encryptedKey = GM/T 0009 DER ciphertext) and RSA (RSAES-OAEP per RFC 8017/4055, or
// PKCS#1 v1.5), KeyAgreeRecipientInfo for EC P-256/P-384 (RFC 5753 §3.1, ephemeral-static ECDH, X9.63 KDF,
// AES key wrap). Hand-written: recipients' keys live on tokens (unwrapping goes through a Decrypter), and
// no library writes or reads the GM/T 0010 / CFCA variants.
import { p256, p384 } from '@noble/curves/nist.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { BidSealError, isBidSealError } from '../errors';
import * as sm2 from '../crypto/sm2';
import { getKeyTransportAlgorithm } from '../crypto/algorithms';
import { aesKeyUnwrap, aesKeyWrap } from '../crypto/aes-kw';
import type { Decrypter, KeyTransportAlgorithm } from '../pki/carrier';
import { parseCertificate, toSummary, type CertificateSummary } from '../pki/certificate';
import { parseNameDer } from '../pki/names';
import { concat, explicit, implicitConstructed, integer, octets, oid, seq, tlv, algorithmOf, type BerNode, corrupt, intValue, octetsOf, parseBer, seqOf, toHex, fromHex, uintHex } from '../asn1';

export const OIDS = {
  sm2Encrypt: '1.2.156.10197.1.301.3',
  sm2EncryptGmssl: '1.2.156.10197.1.301.2',
  sm2Curve: '1.2.156.10197.1.301',
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  aes128Wrap: '2.16.840.1.101.3.4.1.5',
  aes192Wrap: '2.16.840.1.101.3.4.1.25',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
  ecdhSha256: '1.3.132.1.11.1',
} as const;

/** ECDH key-agreement schemes (RFC 5753 §7.1.4; SEC 1): OID → KDF hash. Cofactor variants equal for P-curves. */
const KA_SCHEMES: Record<string, { name: string; hash: (m: Uint8Array) => Uint8Array }> = {
  '1.3.133.16.840.63.0.2': { name: 'dhSinglePass-stdDH-sha1kdf', hash: sha1 },
  '1.3.132.1.11.0': { name: 'dhSinglePass-stdDH-sha224kdf', hash: sha224 },
  '1.3.132.1.11.1': { name: 'dhSinglePass-stdDH-sha256kdf', hash: sha256 },
  '1.3.132.1.11.2': { name: 'dhSinglePass-stdDH-sha384kdf', hash: sha384 },
  '1.3.132.1.11.3': { name: 'dhSinglePass-stdDH-sha512kdf', hash: sha512 },
  '1.3.133.16.840.63.0.3': { name: 'dhSinglePass-cofactorDH-sha1kdf', hash: sha1 },
  '1.3.132.1.14.0': { name: 'dhSinglePass-cofactorDH-sha224kdf', hash: sha224 },
  '1.3.132.1.14.1': { name: 'dhSinglePass-cofactorDH-sha256kdf', hash: sha256 },
  '1.3.132.1.14.2': { name: 'dhSinglePass-cofactorDH-sha384kdf', hash: sha384 },
  '1.3.132.1.14.3': { name: 'dhSinglePass-cofactorDH-sha512kdf', hash: sha512 },
};
const WRAPS: Record<string, { name: string; keyLength: number }> = {
  [OIDS.aes128Wrap]: { name: 'aes128-wrap', keyLength: 16 },
  [OIDS.aes192Wrap]: { name: 'aes192-wrap', keyLength: 24 },
  [OIDS.aes256Wrap]: { name: 'aes256-wrap', keyLength: 32 },
};
const HASH_NAMES: Record<string, string> = { [OIDS.sha1]: 'SHA-1', [OIDS.sha256]: 'SHA-256', [OIDS.sha224]: 'SHA-224', [OIDS.sha384]: 'SHA-384', [OIDS.sha512]: 'SHA-512' };

/**
 * A carrier that can open envelopes. Key transport (SM2, RSA) goes through Decrypter.unwrapKey; EC key
 * agreement through Decrypter.deriveSharedSecret (the raw ECDH secret, the x-coordinate of d·P: software
 * keys compute it in shared/keystore/software-carrier.ts, tokens derive it with PKCS#11 CKM_ECDH1_DERIVE).
 */
export type EnvelopeDecrypter = Decrypter;

export type RecipientIdType = 'issuerAndSerial' | 'ski';

/** One recipient to seal to. */
export interface RecipientSpec {
  /** the recipient's ENCRYPTION certificate (DER, PEM or parsed) */
  certificate: Uint8Array | string | CertificateSummary;
  /** RSA only: RSAES-OAEP with SHA-256 (default) or PKCS#1 v1.5 (`rsaEncryption`) */
  rsaPadding?: 'oaep' | 'pkcs1';
  /** overrides the envelope-wide choice */
  recipientId?: RecipientIdType;
  /** for the UI: 'platform', 'bidder', 'escrow', … (not written into the envelope) */
  label?: string;
  /**
   * Seal even when the certificate's keyUsage forbids it (default false). Chinese CAs issue a signing and
   * an encryption certificate per holder; an envelope to the signing one is what fails at the bid opening.
   */
  ignoreKeyUsage?: boolean;
}

export type RecipientId =
  | { type: 'issuerAndSerial'; issuer: string; issuerCommonName: string; issuerDer: Uint8Array; serialNumber: string }
  | { type: 'ski'; ski: string };

/** What an envelope says about one recipient (no secrets). */
export interface RecipientSummary {
  kind: 'keyTransport' | 'keyAgreement' | 'other';
  version: number;
  id: RecipientId;
  /** keyEncryptionAlgorithm OID and a readable name */
  algorithm: { oid: string; name: string };
  /** "CN=… CA, serial 1A2B" or "SKI 0123…" — for "not a recipient" lists */
  description: string;
}

/** A parsed RecipientInfo with what opening needs. */
export interface ParsedRecipient {
  summary: RecipientSummary;
  encryptedKey: Uint8Array;
  /** key transport: the carrier's algorithm name, when one of those it knows */
  keyTransport?: KeyTransportAlgorithm;
  /** key agreement */
  kari?: { ephemeralKey: Uint8Array; schemeOid: string; wrapAlgorithm: Uint8Array; wrapOid: string; ukm?: Uint8Array };
}

export interface RecipientContext {
  recipientId: RecipientIdType;
  /** GB/T 35275 KeyTransRecipientInfo version 1 (GmSSL requires it) instead of RFC 5652's 0 */
  gmVersion: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------------

const hex = (b: Uint8Array): string => toHex(b).toUpperCase();
const stripZeros = (h: string): string => h.replace(/^(00)+(?=..)/, '');

function certSerialDer(cert: CertificateSummary): Uint8Array {
  // the serial INTEGER exactly as in the certificate: TBSCertificate → [0] version? → serialNumber
  const tbs = parseBer(cert.tbs);
  const f = tbs.children!;
  const s = f[0].tag === 0xa0 ? f[1] : f[0];
  if (s.tag !== 0x02) corrupt('certificate: serialNumber not found');
  return s.raw.slice();
}

/** SKI of a certificate: its extension, else SHA-1 of the subjectPublicKey (RFC 5280 §4.2.1.2 method 1). */
export function subjectKeyIdOf(cert: CertificateSummary): string {
  return cert.subjectKeyId ?? hex(sha1(cert.publicKey.publicKey));
}

function ridDer(cert: CertificateSummary, type: RecipientIdType, kari: boolean): Uint8Array {
  if (type === 'ski') {
    const ski = fromHex(subjectKeyIdOf(cert));
    // ktri: [0] IMPLICIT SubjectKeyIdentifier; kari: [0] IMPLICIT RecipientKeyIdentifier { ski }
    return kari ? tlv(0xa0, octets(ski)) : tlv(0x80, ski);
  }
  return seq(cert.issuer.der, certSerialDer(cert));
}

function describeId(id: RecipientId): string {
  return id.type === 'ski' ? `SKI ${id.ski}` : `${id.issuerCommonName ? `CN=${id.issuerCommonName}` : id.issuer}, serial ${id.serialNumber}`;
}

function parseRid(n: BerNode, kari: boolean): RecipientId {
  if (n.tag === 0x30) {
    const [issuer, serial] = seqOf(n, 'IssuerAndSerialNumber');
    if (!issuer || issuer.tag !== 0x30 || !serial || serial.tag !== 0x02 || !serial.value) corrupt('IssuerAndSerialNumber: malformed');
    let name;
    try {
      name = parseNameDer(issuer.raw);
    } catch {
      return corrupt('IssuerAndSerialNumber: malformed issuer Name');
    }
    const cn = name.rdns.flat().find((a) => a.type === 'CN')?.value ?? '';
    return { type: 'issuerAndSerial', issuer: name.text, issuerCommonName: cn, issuerDer: issuer.raw.slice(), serialNumber: uintHex(serial.value!) };
  }
  if (kari && n.tag === 0xa0) {
    const [ski] = seqOf(n, 'RecipientKeyIdentifier', 0xa0);
    if (!ski) corrupt('RecipientKeyIdentifier: empty');
    return { type: 'ski', ski: hex(octetsOf(ski, 'subjectKeyIdentifier')) };
  }
  if (!kari && (n.tag === 0x80 || n.tag === 0xa0)) return { type: 'ski', ski: hex(octetsOf(n, 'subjectKeyIdentifier')) };
  return corrupt(`recipient identifier with tag 0x${n.tag.toString(16)}`);
}

/** Does this recipient identifier name this certificate? */
export function ridMatches(id: RecipientId, cert: CertificateSummary): boolean {
  if (id.type === 'ski') return id.ski.length > 0 && (id.ski === (cert.subjectKeyId ?? '').toUpperCase() || id.ski === hex(sha1(cert.publicKey.publicKey)));
  if (stripZeros(cert.serialNumber.toUpperCase()) !== id.serialNumber) return false;
  const a = cert.issuer.der;
  const b = id.issuerDer;
  if (a.length === b.length && a.every((x, i) => x === b[i])) return true;
  // semantic fallback (re-encoded names: PrintableString vs UTF8String, case)
  try {
    const n = parseNameDer(b);
    return n.text.toLowerCase().replace(/\s+/g, ' ') === cert.issuer.text.toLowerCase().replace(/\s+/g, ' ');
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------

const bitString = (b: Uint8Array): Uint8Array => tlv(0x03, concat([Uint8Array.of(0), b]));

/** RSAES-OAEP-params with SHA-256 and MGF1-SHA-256, written explicitly (RFC 4055 §4.1; hash params absent). */
const OAEP_SHA256 = (): Uint8Array => seq(oid(OIDS.rsaesOaep), seq(explicit(0, seq(oid(OIDS.sha256))), explicit(1, seq(oid(OIDS.mgf1), seq(oid(OIDS.sha256))))));

/** X9.63 KDF (SEC 1 §3.6.1) with ECC-CMS-SharedInfo (RFC 5753 §7.2). */
function x963Kdf(hash: (m: Uint8Array) => Uint8Array, z: Uint8Array, wrapAlg: Uint8Array, keyLength: number, ukm?: Uint8Array): Uint8Array {
  const bits = keyLength * 8;
  const sharedInfo = seq(wrapAlg, ...(ukm ? [explicit(0, octets(ukm))] : []), explicit(2, octets(Uint8Array.of(bits >>> 24, bits >>> 16, bits >>> 8, bits))));
  const out = new Uint8Array(keyLength);
  for (let i = 1, o = 0; o < keyLength; i++) {
    const d = hash(concat([z, Uint8Array.of(i >>> 24, i >>> 16, i >>> 8, i), sharedInfo]));
    out.set(d.subarray(0, Math.min(d.length, keyLength - o)), o);
    o += d.length;
  }
  return out;
}

function ecCurve(cert: CertificateSummary) {
  if (cert.publicKey.curveOid === '1.2.840.10045.3.1.7') return p256;
  if (cert.publicKey.curveOid === '1.3.132.0.34') return p384;
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `EC recipient on curve ${cert.publicKey.curveOid ?? '?'} (P-256 and P-384 are supported)`);
}

/** Parses a RecipientSpec's certificate (E_INVALID_ARGUMENT for unusable ones). */
export function recipientCertificate(spec: RecipientSpec): CertificateSummary {
  if (!spec || spec.certificate === undefined) throw new BidSealError('E_INVALID_ARGUMENT', 'recipient certificate is missing');
  const c = typeof spec.certificate === 'object' && !(spec.certificate instanceof Uint8Array) ? toSummary(spec.certificate) : parseCertificate(spec.certificate);
  if (c.publicKey.kind === 'unknown') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `recipient key algorithm ${c.publicKey.algorithmOid}`);
  if (c.keyUsage && !spec.ignoreKeyUsage) {
    // RFC 5280 §4.2.1.3: key transport needs keyEncipherment, key agreement keyAgreement
    const ok = c.publicKey.kind === 'ec' ? c.keyUsage.includes('keyAgreement') : c.keyUsage.includes('keyEncipherment') || c.keyUsage.includes('dataEncipherment');
    if (!ok) {
      throw new BidSealError('E_CERT_NOT_FOR_ENCRYPTION', `${c.commonName || c.subject.text} (serial ${c.serialNumber}) has keyUsage ${c.keyUsage.join(', ') || '(none)'}`, {
        subject: c.subject.text,
        serialNumber: c.serialNumber,
        keyUsage: c.keyUsage,
      });
    }
  }
  return c;
}

/** One RecipientInfo (DER) carrying `cek` to the certificate's key. */
export async function buildRecipientInfo(spec: RecipientSpec, cert: CertificateSummary, cek: Uint8Array, ctx: RecipientContext): Promise<Uint8Array> {
  const idType = spec.recipientId ?? ctx.recipientId;
  const pk = cert.publicKey;
  if (pk.kind === 'sm2') {
    const ek = sm2.encrypt(cek, pk.publicKey, { format: 'der' });
    const version = idType === 'ski' ? 2 : ctx.gmVersion ? 1 : 0;
    return seq(integer(version), ridDer(cert, idType, false), seq(oid(OIDS.sm2Encrypt)), octets(ek));
  }
  if (pk.kind === 'rsa') {
    const pkcs1 = spec.rsaPadding === 'pkcs1';
    const kt = getKeyTransportAlgorithm(pkcs1 ? 'RSAES-PKCS1-v1_5' : 'RSAES-OAEP');
    const ek = await kt.encrypt(pk.spki, cek, pkcs1 ? {} : { hash: 'SHA-256' });
    const alg = pkcs1 ? seq(oid(OIDS.rsaEncryption), Uint8Array.of(5, 0)) : OAEP_SHA256();
    return seq(integer(idType === 'ski' ? 2 : 0), ridDer(cert, idType, false), alg, octets(ek));
  }
  if (pk.kind === 'ec') {
    const curve = ecCurve(cert);
    const eph = curve.utils.randomSecretKey();
    const ephPub = curve.getPublicKey(eph, false);
    const z = curve.getSharedSecret(eph, pk.publicKey, true).slice(1);
    eph.fill(0);
    const wrapAlg = seq(oid(OIDS.aes256Wrap));
    const kek = x963Kdf(sha256, z, wrapAlg, 32);
    z.fill(0);
    const wrapped = aesKeyWrap(kek, cek);
    kek.fill(0);
    const originator = explicit(0, implicitConstructed(1, seq(seq(oid(OIDS.ecPublicKey)), bitString(ephPub))));
    const kari = seq(integer(3), originator, seq(oid(OIDS.ecdhSha256), wrapAlg), seq(seq(ridDer(cert, idType, true), octets(wrapped))));
    return implicitConstructed(1, kari);
  }
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `recipient key ${pk.name}`);
}

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

function hashOid(n: BerNode | undefined, fallback: string): string {
  if (!n) return fallback;
  const inner = seqOf(n, 'OAEP parameter', n.tag)[0];
  return algorithmOf(inner, 'OAEP hash').oid;
}

/** RSAES-OAEP-params (RFC 8017 A.2.1) → the carrier algorithm; only what carriers implement. */
function oaepAlgorithm(params: BerNode | undefined): KeyTransportAlgorithm {
  let h: string = OIDS.sha1;
  let mgfHash: string = OIDS.sha1;
  if (params) {
    for (const f of seqOf(params, 'RSAES-OAEP-params')) {
      if (f.tag === 0xa0) h = hashOid(f, OIDS.sha1);
      else if (f.tag === 0xa1) {
        const mgf = algorithmOf(seqOf(f, 'maskGenAlgorithm', 0xa1)[0], 'maskGenAlgorithm');
        if (mgf.oid !== OIDS.mgf1) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `OAEP mask generation ${mgf.oid}`);
        mgfHash = mgf.params ? algorithmOf(mgf.params, 'MGF1 hash').oid : OIDS.sha1;
      } else if (f.tag === 0xa2) {
        const src = algorithmOf(seqOf(f, 'pSourceAlgorithm', 0xa2)[0], 'pSourceAlgorithm');
        if (src.oid !== OIDS.pSpecified || (src.params && octetsOf(src.params, 'OAEP label').length > 0)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'OAEP with a label');
      }
    }
  }
  if (h === OIDS.sha1 && mgfHash === OIDS.sha1) return 'rsa-oaep-sha1';
  if (h === OIDS.sha256 && mgfHash === OIDS.sha256) return 'rsa-oaep-sha256';
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `RSA-OAEP with ${HASH_NAMES[h] ?? h} / MGF1-${HASH_NAMES[mgfHash] ?? mgfHash}`);
}

function keyTransportOf(algOid: string): { name: string } {
  switch (algOid) {
    case OIDS.sm2Encrypt:
    case OIDS.sm2EncryptGmssl:
    case OIDS.sm2Curve:
      return { name: 'SM2-3 (SM2 encryption)' };
    case OIDS.rsaEncryption:
      return { name: 'RSAES-PKCS1-v1_5' };
    case OIDS.rsaesOaep:
      return { name: 'RSAES-OAEP' };
    default:
      return { name: algOid };
  }
}

function parseKtri(n: BerNode): ParsedRecipient {
  const [v, rid, alg, ek] = seqOf(n, 'KeyTransRecipientInfo');
  if (!v || !rid || !alg || !ek) corrupt('KeyTransRecipientInfo: missing fields');
  const version = intValue(v, 'KeyTransRecipientInfo version');
  const id = parseRid(rid, false);
  const a = algorithmOf(alg, 'keyEncryptionAlgorithm');
  const summary: RecipientSummary = { kind: 'keyTransport', version, id, algorithm: { oid: a.oid, name: keyTransportOf(a.oid).name }, description: describeId(id) };
  const out: ParsedRecipient = { summary, encryptedKey: octetsOf(ek, 'encryptedKey').slice() };
  if (a.oid === OIDS.sm2Encrypt || a.oid === OIDS.sm2EncryptGmssl || a.oid === OIDS.sm2Curve) out.keyTransport = 'sm2-encrypt';
  else if (a.oid === OIDS.rsaEncryption) out.keyTransport = 'rsa-pkcs1';
  else if (a.oid === OIDS.rsaesOaep) {
    try {
      out.keyTransport = oaepAlgorithm(a.params);
      summary.algorithm.name = out.keyTransport === 'rsa-oaep-sha256' ? 'RSAES-OAEP (SHA-256)' : 'RSAES-OAEP (SHA-1)';
    } catch (e) {
      if (!isBidSealError(e) || e.code !== 'E_UNSUPPORTED_ALGORITHM') throw e;
      summary.algorithm.name = `RSAES-OAEP (${e.message})`;
    }
  }
  return out;
}

/** KeyAgreeRecipientInfo → one ParsedRecipient per RecipientEncryptedKey. */
function parseKari(n: BerNode): ParsedRecipient[] {
  const f = seqOf(n, 'KeyAgreeRecipientInfo', 0xa1);
  const version = intValue(f[0], 'KeyAgreeRecipientInfo version');
  let i = 1;
  const orig = f[i++];
  const [choice] = seqOf(orig, 'originator', 0xa0);
  if (!choice || choice.tag !== 0xa1) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'key agreement with a static originator key');
  const [, pub] = seqOf(choice, 'OriginatorPublicKey', 0xa1);
  if (!pub || pub.tag !== 0x03 || !pub.value || pub.value[0] !== 0) corrupt('OriginatorPublicKey: bad BIT STRING');
  const ephemeralKey = pub.value!.slice(1);
  let ukm: Uint8Array | undefined;
  if (f[i]?.tag === 0xa1) ukm = octetsOf(seqOf(f[i++], 'ukm', 0xa1)[0], 'ukm');
  const keAlg = f[i++];
  const a = algorithmOf(keAlg, 'keyEncryptionAlgorithm');
  if (!a.params) corrupt('KeyAgreeRecipientInfo: key wrap algorithm missing');
  const wrapOid = algorithmOf(a.params, 'key wrap algorithm').oid;
  const scheme = KA_SCHEMES[a.oid];
  const name = `${scheme?.name ?? a.oid} + ${WRAPS[wrapOid]?.name ?? wrapOid}`;
  const out: ParsedRecipient[] = [];
  for (const rek of seqOf(f[i], 'RecipientEncryptedKeys')) {
    const [rid, ek] = seqOf(rek, 'RecipientEncryptedKey');
    if (!rid || !ek) corrupt('RecipientEncryptedKey: missing fields');
    const id = parseRid(rid, true);
    out.push({
      summary: { kind: 'keyAgreement', version, id, algorithm: { oid: a.oid, name }, description: describeId(id) },
      encryptedKey: octetsOf(ek, 'encryptedKey').slice(),
      kari: { ephemeralKey, schemeOid: a.oid, wrapAlgorithm: a.params!.raw.slice(), wrapOid, ukm },
    });
  }
  return out;
}

/** All recipients of a RecipientInfos SET (unknown kinds are listed, not fatal). */
export function parseRecipientInfos(set: BerNode): ParsedRecipient[] {
  const out: ParsedRecipient[] = [];
  for (const ri of seqOf(set, 'RecipientInfos', 0x31)) {
    if (ri.tag === 0x30) out.push(parseKtri(ri));
    else if (ri.tag === 0xa1) out.push(...parseKari(ri));
    else {
      const kind = ri.tag === 0xa2 ? 'KEK' : ri.tag === 0xa3 ? 'password' : 'other';
      out.push({
        summary: { kind: 'other', version: 0, id: { type: 'ski', ski: '' }, algorithm: { oid: '', name: kind }, description: `${kind} recipient (not supported)` },
        encryptedKey: new Uint8Array(0),
      });
    }
  }
  if (out.length === 0) corrupt('RecipientInfos: empty');
  return out;
}

/** Carrier failures that mean "this key could not open this key blob" become one E_DECRYPT_FAILED; token,
 * PIN, cancel and unsupported-algorithm errors pass through (the user can act on them). */
const PASS_THROUGH = /^E_(CANCELLED|UNSUPPORTED_ALGORITHM|TOKEN_|PIN_|MODULE_)/;

/** Recovers the content key for one recipient through its carrier. */
export async function unwrapContentKey(r: ParsedRecipient, d: EnvelopeDecrypter, signal?: AbortSignal): Promise<Uint8Array> {
  try {
    return await unwrapInner(r, d, signal);
  } catch (e) {
    if (isBidSealError(e) && PASS_THROUGH.test(e.code)) throw e;
    if (isBidSealError(e) && e.code === 'E_DECRYPT_FAILED') throw e;
    throw new BidSealError('E_DECRYPT_FAILED', `could not recover the content key for ${r.summary.description}`, undefined, { cause: e });
  }
}

async function unwrapInner(r: ParsedRecipient, d: EnvelopeDecrypter, signal?: AbortSignal): Promise<Uint8Array> {
  if (r.summary.kind === 'keyTransport') {
    if (!r.keyTransport) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `key transport ${r.summary.algorithm.name}`);
    if (!d.algorithms.includes(r.keyTransport)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `this key cannot do ${r.keyTransport}`);
    return d.unwrapKey(r.encryptedKey, r.keyTransport, signal);
  }
  if (r.summary.kind === 'keyAgreement' && r.kari) {
    const k = r.kari;
    const scheme = KA_SCHEMES[k.schemeOid];
    const wrap = WRAPS[k.wrapOid];
    if (!scheme || !wrap) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `key agreement ${r.summary.algorithm.name}`);
    if (!d.deriveSharedSecret) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'this key carrier cannot do ECDH key agreement');
    const z = await d.deriveSharedSecret(k.ephemeralKey, signal);
    const kek = x963Kdf(scheme.hash, z, k.wrapAlgorithm, wrap.keyLength, k.ukm);
    z.fill(0);
    try {
      return aesKeyUnwrap(kek, r.encryptedKey);
    } finally {
      kek.fill(0);
    }
  }
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', r.summary.description);
}
