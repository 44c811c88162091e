// Runs anywhere (pure). Key files: PKCS#8 (RFC 5208), SEC1 ECPrivateKey (RFC 5915), SPKI (RFC 5280) for SM2
// (GM/T 0009), P-256/P-384 and RSA; PEM (RFC 7468); GM/T 0009 §7.4 SM2EnvelopedKey. PKCS#8/SPKI via
// @peculiar/asn1-*; SEC1, PKCS#1 and GM/T 0009 with the strict DER reader of shared/asn1 (no schema
// package covers them).
import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { BidSealError } from '../errors';
import { SM2_CURVE, curvePoint, decrypt as sm2Decrypt, encrypt as sm2Encrypt, getPublicKey, normalizePublicKey, validatePublicKey } from './sm2';
import { sm4Decrypt, sm4Encrypt } from './sm4-cipher';
import { bad, bytesEqual as eq, children, oid as oidBytes, oidToString, pemDecodeAll, pemEncode, readSingle as single, tlv, u8, type Tlv } from '../asn1';

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  sm2: '1.2.156.10197.1.301',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  rsaesOaep: '1.2.840.113549.1.1.7',
  sm4: '1.2.156.10197.1.104',
  sm4Ecb: '1.2.156.10197.1.104.1',
} as const;

const ab = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

// ---------------------------------------------------------------------------------------------------
// PEM (RFC 7468; the codec is shared/asn1/pem.ts)
// ---------------------------------------------------------------------------------------------------

function toDer(input: Uint8Array | string, want: RegExp): { der: Uint8Array; label?: string } {
  if (typeof input === 'string' || (input.length > 10 && input[0] === 0x2d /* '-' */)) {
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    const blocks = pemDecodeAll(text).filter((b) => want.test(b.label));
    if (blocks.length === 0) return bad('no suitable PEM block found');
    const b = blocks[0];
    if (b.headers['Proc-Type']?.includes('ENCRYPTED') || b.label === 'ENCRYPTED PRIVATE KEY') {
      throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'encrypted private key files are not supported here; decrypt first');
    }
    return { der: b.der, label: b.label };
  }
  return { der: input };
}

// ---------------------------------------------------------------------------------------------------
// Parsed key shapes
// ---------------------------------------------------------------------------------------------------

export type EcCurveName = 'P-256' | 'P-384';

export type ParsedPrivateKey =
  /** SM2: raw scalar and its public key (65 bytes). */
  | { kind: 'sm2'; privateKey: Uint8Array; publicKey: Uint8Array }
  /** EC: normalised PKCS#8 for crypto.subtle.importKey('pkcs8', …, { name: 'ECDSA', namedCurve }). */
  | { kind: 'ec'; curve: EcCurveName; pkcs8: Uint8Array<ArrayBuffer> }
  /** RSA: normalised PKCS#8 for crypto.subtle.importKey('pkcs8', …). */
  | { kind: 'rsa'; pkcs8: Uint8Array<ArrayBuffer>; pss: boolean };

export type ParsedPublicKey =
  /** SM2: uncompressed point 04‖x‖y (65 bytes). */
  | { kind: 'sm2'; publicKey: Uint8Array }
  /** EC: SPKI for crypto.subtle.importKey('spki', …) and the raw point. */
  | { kind: 'ec'; curve: EcCurveName; spki: Uint8Array<ArrayBuffer>; point: Uint8Array }
  | { kind: 'rsa'; spki: Uint8Array<ArrayBuffer>; pss: boolean };

const ecCurveOf = (oid: string): EcCurveName | 'sm2' | undefined =>
  oid === OID.p256 ? 'P-256' : oid === OID.p384 ? 'P-384' : oid === OID.sm2 ? 'sm2' : undefined;

const EC_SIZES: Record<EcCurveName, number> = { 'P-256': 32, 'P-384': 48 };

// ---------------------------------------------------------------------------------------------------
// SEC1 ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey BIT STRING OPTIONAL }
// ---------------------------------------------------------------------------------------------------

interface Sec1 {
  d: Uint8Array;
  curveOid?: string;
  publicKey?: Uint8Array;
}

function parseSec1(der: Uint8Array): Sec1 {
  const seq = single(der);
  if (seq.tag !== 0x30) bad('ECPrivateKey: not a SEQUENCE');
  const f = children(seq.v);
  if (f.length < 2 || f[0].tag !== 0x02 || f[0].v.length !== 1 || f[0].v[0] !== 1) bad('ECPrivateKey: version must be 1');
  if (f[1].tag !== 0x04) bad('ECPrivateKey: privateKey must be an OCTET STRING');
  const out: Sec1 = { d: f[1].v.slice() };
  for (const x of f.slice(2)) {
    if (x.tag === 0xa0) {
      const o = single(x.v);
      if (o.tag !== 0x06) bad('ECPrivateKey: only namedCurve parameters are supported');
      out.curveOid = oidToString(o.v);
    } else if (x.tag === 0xa1) {
      const bs = single(x.v);
      if (bs.tag !== 0x03 || bs.v[0] !== 0) bad('ECPrivateKey: bad publicKey BIT STRING');
      out.publicKey = bs.v.slice(1);
    }
  }
  return out;
}

/** Parses the SM2 part of a SEC1 key and checks the embedded public key (if any) matches d. */
function sm2FromSec1(s: Sec1): ParsedPrivateKey {
  if (s.d.length > 33) bad('SM2 private key: scalar too long');
  const d = new Uint8Array(32);
  const src = s.d.length === 33 && s.d[0] === 0 ? s.d.subarray(1) : s.d;
  if (src.length > 32) bad('SM2 private key: scalar too long');
  d.set(src, 32 - src.length);
  const publicKey = getPublicKey(d); // throws E_INVALID_KEY when d ∉ [1, n−2]
  if (s.publicKey) {
    const given = normalizePublicKey(s.publicKey);
    if (!eq(given, publicKey)) throw new BidSealError('E_INVALID_KEY', 'SM2 key file: public key does not match the private key');
  }
  return { kind: 'sm2', privateKey: d, publicKey };
}

// ---------------------------------------------------------------------------------------------------
// Private keys
// ---------------------------------------------------------------------------------------------------

/**
 * Parses a private key from PEM ('PRIVATE KEY', 'EC PRIVATE KEY', 'SM2 PRIVATE KEY', 'RSA PRIVATE KEY')
 * or DER, whatever wrote it:
 *  - PKCS#8 with id-ecPublicKey + namedCurve sm2 (OpenSSL 3 `genpkey -algorithm SM2`), with the algorithm
 *    OID sm2 itself (some GmSSL / vendor tools), P-256 / P-384, rsaEncryption, RSASSA-PSS;
 *  - SEC1 ECPrivateKey with or without [0] parameters (no parameters → SM2 is assumed) and [1] publicKey
 *    (`openssl ecparam -name SM2 -genkey`);
 *  - PKCS#1 RSAPrivateKey (wrapped into PKCS#8 for WebCrypto).
 * Errors: E_BAD_ENCODING (not a key), E_UNSUPPORTED_ALGORITHM (other curves/algorithms, encrypted keys),
 * E_INVALID_KEY (SM2 scalar out of range, public key mismatch).
 */
export function parsePrivateKey(input: Uint8Array | string): ParsedPrivateKey {
  const { der, label } = toDer(input, /PRIVATE KEY$/);
  let top: Tlv;
  try {
    top = single(der);
  } catch (e) {
    return bad(`private key: ${(e as Error).message}`);
  }
  if (top.tag !== 0x30) return bad('private key: not a SEQUENCE');
  let f: Tlv[];
  try {
    f = children(top.v);
  } catch (e) {
    return bad(`private key: ${(e as Error).message}`);
  }
  // PKCS#8: INTEGER 0|1, SEQUENCE AlgorithmIdentifier, OCTET STRING
  if (f.length >= 3 && f[0].tag === 0x02 && f[1].tag === 0x30 && f[2].tag === 0x04) {
    let pki: PrivateKeyInfo;
    try {
      pki = AsnParser.parse(der, PrivateKeyInfo);
    } catch (e) {
      return bad(`PKCS#8: ${(e as Error).message}`);
    }
    const alg = pki.privateKeyAlgorithm.algorithm;
    const params = pki.privateKeyAlgorithm.parameters ? u8(pki.privateKeyAlgorithm.parameters) : undefined;
    const inner = u8(pki.privateKey.buffer);
    if (alg === OID.ecPublicKey || alg === OID.sm2) {
      let curveOid: string | undefined = alg === OID.sm2 ? OID.sm2 : undefined;
      if (params && params.length > 0 && params[0] === 0x06) curveOid = oidToString(single(params).v);
      let s: Sec1;
      try {
        s = parseSec1(inner);
      } catch (e) {
        if (e instanceof BidSealError) throw e;
        return bad(`PKCS#8 inner ECPrivateKey: ${(e as Error).message}`);
      }
      curveOid = curveOid ?? s.curveOid;
      if (s.curveOid && curveOid && s.curveOid !== curveOid) bad('PKCS#8: curve in AlgorithmIdentifier and ECPrivateKey differ');
      const curve = curveOid ? ecCurveOf(curveOid) : undefined;
      if (curve === 'sm2') return sm2FromSec1(s);
      if (curve) return { kind: 'ec', curve, pkcs8: ecPkcs8(curve, s) };
      throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `EC curve ${curveOid ?? '(none)'} is not supported`);
    }
    if (alg === OID.rsaEncryption || alg === OID.rsassaPss) return { kind: 'rsa', pkcs8: der.slice(), pss: alg === OID.rsassaPss };
    throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `private key algorithm ${alg} is not supported`);
  }
  // SEC1: INTEGER 1, OCTET STRING, ...
  if (f.length >= 2 && f[0].tag === 0x02 && f[0].v.length === 1 && f[0].v[0] === 1 && f[1].tag === 0x04) {
    let s: Sec1;
    try {
      s = parseSec1(der);
    } catch (e) {
      if (e instanceof BidSealError) throw e;
      return bad(`ECPrivateKey: ${(e as Error).message}`);
    }
    const curve = s.curveOid ? ecCurveOf(s.curveOid) : 'sm2';
    if (curve === 'sm2') return sm2FromSec1(s);
    if (curve) return { kind: 'ec', curve, pkcs8: ecPkcs8(curve, s) };
    throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `EC curve ${s.curveOid} is not supported`);
  }
  // PKCS#1 RSAPrivateKey: INTEGER 0, INTEGER n, INTEGER e, ... (9 integers)
  if (f.length >= 9 && f.every((x) => x.tag === 0x02)) {
    const pkcs8 = tlv(0x30, tlv(0x02, Uint8Array.of(0)), tlv(0x30, oidBytes(OID.rsaEncryption), Uint8Array.of(5, 0)), tlv(0x04, der));
    return { kind: 'rsa', pkcs8, pss: false };
  }
  return bad(`unrecognised private key structure${label ? ` (PEM ${label})` : ''}`);
}

/** PKCS#8 for WebCrypto from a SEC1 EC key (WebCrypto wants the curve in the AlgorithmIdentifier). */
function ecPkcs8(curve: EcCurveName, s: Sec1): Uint8Array<ArrayBuffer> {
  const size = EC_SIZES[curve];
  if (s.d.length > size) bad(`${curve} private key: scalar too long`);
  const d = new Uint8Array(size);
  d.set(s.d, size - s.d.length);
  const parts = [tlv(0x02, Uint8Array.of(1)), tlv(0x04, d)];
  if (s.publicKey) parts.push(tlv(0xa1, tlv(0x03, Uint8Array.of(0), s.publicKey)));
  const sec1 = tlv(0x30, ...parts);
  return tlv(0x30, tlv(0x02, Uint8Array.of(0)), tlv(0x30, oidBytes(OID.ecPublicKey), oidBytes(curve === 'P-256' ? OID.p256 : OID.p384)), tlv(0x04, sec1));
}

export interface Sm2PrivateKeyExport {
  /** 'pkcs8' (default; id-ecPublicKey + namedCurve sm2, as OpenSSL 3 writes) or 'sec1' */
  format?: 'pkcs8' | 'sec1';
  /** 'pem' (default) or 'der' */
  encoding?: 'pem' | 'der';
  /** include the [1] publicKey (default true) */
  includePublicKey?: boolean;
  /** SEC1 only: include [0] namedCurve parameters (default true; PKCS#8's inner key never has them) */
  includeParameters?: boolean;
}

/** Writes an SM2 private key (32-byte d) as PKCS#8 or SEC1, PEM or DER. */
export function exportSm2PrivateKey(privateKey: Uint8Array, opts: Sm2PrivateKeyExport & { encoding: 'der' }): Uint8Array;
export function exportSm2PrivateKey(privateKey: Uint8Array, opts?: Sm2PrivateKeyExport): string;
export function exportSm2PrivateKey(privateKey: Uint8Array, opts: Sm2PrivateKeyExport = {}): string | Uint8Array {
  const pub = getPublicKey(privateKey);
  const d = new Uint8Array(32);
  d.set(privateKey, 32 - privateKey.length);
  const format = opts.format ?? 'pkcs8';
  const withPub = opts.includePublicKey ?? true;
  const parts = [tlv(0x02, Uint8Array.of(1)), tlv(0x04, d)];
  if (format === 'sec1' && (opts.includeParameters ?? true)) parts.push(tlv(0xa0, oidBytes(OID.sm2)));
  if (withPub) parts.push(tlv(0xa1, tlv(0x03, Uint8Array.of(0), pub)));
  const sec1 = tlv(0x30, ...parts);
  let der: Uint8Array;
  if (format === 'sec1') der = sec1;
  else {
    const pki = new PrivateKeyInfo({
      version: 0,
      privateKeyAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: ab(oidBytes(OID.sm2)) }),
    });
    pki.privateKey.buffer = ab(sec1);
    der = u8(AsnSerializer.serialize(pki));
  }
  if (der !== sec1) sec1.fill(0);
  d.fill(0);
  if (opts.encoding === 'der') return der;
  const pem = pemEncode(format === 'sec1' ? 'EC PRIVATE KEY' : 'PRIVATE KEY', der);
  der.fill(0);
  return pem;
}

// ---------------------------------------------------------------------------------------------------
// Public keys
// ---------------------------------------------------------------------------------------------------

/**
 * Parses a public key: SPKI ('PUBLIC KEY' PEM or DER) with id-ecPublicKey + sm2 / P-256 / P-384 (or the
 * algorithm OID sm2 itself), rsaEncryption or RSASSA-PSS; a bare SM2 point (65, 33 or 64 bytes) is also
 * accepted. SM2 points are validated (on curve, not infinity) and returned uncompressed; compressed
 * input is accepted.
 */
export function parsePublicKey(input: Uint8Array | string): ParsedPublicKey {
  if (input instanceof Uint8Array) {
    // bare SM2 points: 04‖x‖y, 02/03‖x, or 64-byte x‖y (which may start with 30: a DER SPKI is never 64 bytes
    // long and whole — SM2 SPKI is 91 bytes — so a 64-byte input that is not one complete TLV is a point)
    const L = input.length;
    const isPoint = (L === 65 && input[0] === 4) || (L === 33 && (input[0] === 2 || input[0] === 3));
    let isWholeTlv = false;
    try {
      isWholeTlv = single(input).tag === 0x30;
    } catch {
      /* not DER */
    }
    if (isPoint || (L === 64 && !isWholeTlv)) return { kind: 'sm2', publicKey: normalizePublicKey(input) };
  }
  const { der } = toDer(input, /PUBLIC KEY$/);
  let spki: SubjectPublicKeyInfo;
  try {
    single(der);
    spki = AsnParser.parse(der, SubjectPublicKeyInfo);
  } catch (e) {
    return bad(`SubjectPublicKeyInfo: ${(e as Error).message}`);
  }
  const alg = spki.algorithm.algorithm;
  const params = spki.algorithm.parameters ? u8(spki.algorithm.parameters) : undefined;
  const key = u8(spki.subjectPublicKey);
  if (alg === OID.ecPublicKey || alg === OID.sm2) {
    let curveOid: string | undefined = alg === OID.sm2 ? OID.sm2 : undefined;
    if (params && params.length > 0 && params[0] === 0x06) curveOid = oidToString(single(params).v);
    const curve = curveOid ? ecCurveOf(curveOid) : undefined;
    if (curve === 'sm2') return { kind: 'sm2', publicKey: normalizePublicKey(key) };
    if (curve) {
      const size = EC_SIZES[curve];
      if (key.length !== 1 + 2 * size || key[0] !== 4) {
        // WebCrypto needs uncompressed points in SPKI; decompress via noble would need the curve: refuse
        throw new BidSealError('E_INVALID_KEY', `${curve} public key must be an uncompressed point`);
      }
      return { kind: 'ec', curve, spki: der.slice(), point: key.slice() };
    }
    throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `EC curve ${curveOid ?? '(none)'} is not supported`);
  }
  if (alg === OID.rsaEncryption || alg === OID.rsassaPss) return { kind: 'rsa', spki: der.slice(), pss: alg === OID.rsassaPss };
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `public key algorithm ${alg} is not supported`);
}

/** Writes an SM2 public key as SPKI (id-ecPublicKey + namedCurve sm2), PEM (default) or DER. */
export function exportSm2PublicKey(publicKey: Uint8Array, opts: { encoding: 'der'; compressed?: boolean }): Uint8Array;
export function exportSm2PublicKey(publicKey: Uint8Array, opts?: { encoding?: 'pem'; compressed?: boolean }): string;
export function exportSm2PublicKey(publicKey: Uint8Array, opts: { encoding?: 'pem' | 'der'; compressed?: boolean } = {}): string | Uint8Array {
  validatePublicKey(publicKey);
  const point = normalizePublicKey(publicKey, { compressed: opts.compressed ?? false });
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: ab(oidBytes(OID.sm2)) }),
    subjectPublicKey: ab(point),
  });
  const der = u8(AsnSerializer.serialize(spki));
  return opts.encoding === 'der' ? der : pemEncode('PUBLIC KEY', der);
}

// ---------------------------------------------------------------------------------------------------
// GM/T 0009 SM2EnvelopedKey
// ---------------------------------------------------------------------------------------------------

/**
 * Unwraps a GM/T 0009 §7.4 SM2EnvelopedKey (CA-escrowed encryption key):
 *   SEQUENCE { symAlgID AlgorithmIdentifier, symEncryptedKey SM2Cipher, sm2PublicKey BIT STRING,
 *              sm2EncryptedPrivateKey BIT STRING }
 * The SM4 key is SM2-decrypted with the holder's key (`holderPrivateKey`, e.g. the signing key), then d is
 * SM4-ECB-decrypted (no padding; 32 bytes, or 64 with d right-aligned as in SKF blobs; a PKCS#7-padded
 * 48-byte form is accepted too) and checked against sm2PublicKey. symAlgID must be SM4 (…104 / …104.1).
 */
export function unwrapSm2EnvelopedKey(envelope: Uint8Array | string, holderPrivateKey: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array; symAlgorithm: string } {
  const parts = envelopedKeyParts(envelope);
  return finishEnvelopedKey(parts, sm2Decrypt(parts.symEncryptedKey, holderPrivateKey, { format: 'der' }));
}

/**
 * The same through a carrier (a token or software key that only exposes SM2 decryption): `decryptSymKey`
 * gets the DER SM2Cipher of the symmetric key and returns the 16-byte SM4 key.
 */
export async function unwrapSm2EnvelopedKeyWith(envelope: Uint8Array | string, decryptSymKey: (sm2CipherDer: Uint8Array) => Promise<Uint8Array>): Promise<{ privateKey: Uint8Array; publicKey: Uint8Array; symAlgorithm: string }> {
  const parts = envelopedKeyParts(envelope);
  return finishEnvelopedKey(parts, await decryptSymKey(parts.symEncryptedKey));
}

interface EnvelopedKeyParts {
  symAlg: string;
  symEncryptedKey: Uint8Array;
  pubBits: Uint8Array;
  encBits: Uint8Array;
}

function envelopedKeyParts(envelope: Uint8Array | string): EnvelopedKeyParts {
  const { der } = toDer(envelope, /./);
  let f: Tlv[];
  try {
    const top = single(der);
    if (top.tag !== 0x30) throw new Error('not a SEQUENCE');
    f = children(top.v);
    if (f.length !== 4 || f[0].tag !== 0x30 || f[1].tag !== 0x30 || f[2].tag !== 0x03 || f[3].tag !== 0x03) throw new Error('unexpected structure');
  } catch (e) {
    return bad(`SM2EnvelopedKey: ${(e as Error).message}`);
  }
  const algF = children(f[0].v);
  const symAlg = algF[0]?.tag === 0x06 ? oidToString(algF[0].v) : '';
  if (symAlg !== OID.sm4 && symAlg !== OID.sm4Ecb) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `SM2EnvelopedKey: symmetric algorithm ${symAlg || '(none)'} is not supported`);
  return { symAlg, symEncryptedKey: f[1].raw, pubBits: f[2].v, encBits: f[3].v };
}

function finishEnvelopedKey(p: EnvelopedKeyParts, symKey: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array; symAlgorithm: string } {
  const symAlg = p.symAlg;
  if (symKey.length !== 16) {
    symKey.fill(0);
    throw new BidSealError('E_DECRYPT_FAILED', 'SM2EnvelopedKey: symmetric key is not 16 bytes');
  }
  const pubBits = p.pubBits;
  const encBits = p.encBits;
  if (pubBits[0] !== 0 || encBits[0] !== 0) bad('SM2EnvelopedKey: BIT STRING with unused bits');
  const enc = encBits.subarray(1);
  let plain: Uint8Array;
  try {
    if (enc.length % 16 !== 0 || enc.length === 0) throw new Error('length');
    plain = sm4Decrypt('ecb', symKey, undefined, enc, { padding: false });
  } catch {
    throw new BidSealError('E_DECRYPT_FAILED', 'SM2EnvelopedKey: cannot decrypt the private key');
  } finally {
    symKey.fill(0);
  }
  let d: Uint8Array;
  if (plain.length === 32) d = plain;
  else if (plain.length === 64 && plain.subarray(0, 32).every((x) => x === 0)) d = plain.slice(32);
  else if (plain.length === 48 && plain.subarray(32).every((x) => x === 16)) d = plain.slice(0, 32);
  else {
    plain.fill(0);
    throw new BidSealError('E_DECRYPT_FAILED', 'SM2EnvelopedKey: private key has an unexpected length');
  }
  let pub: Uint8Array;
  try {
    pub = getPublicKey(d);
  } catch {
    throw new BidSealError('E_DECRYPT_FAILED', 'SM2EnvelopedKey: decrypted private key is invalid');
  }
  const given = pubBits.subarray(1);
  let givenNorm: Uint8Array;
  try {
    givenNorm = normalizePublicKey(given);
  } catch {
    throw new BidSealError('E_INVALID_KEY', 'SM2EnvelopedKey: sm2PublicKey is not a valid point');
  }
  if (!eq(givenNorm, pub)) {
    d.fill(0);
    throw new BidSealError('E_DECRYPT_FAILED', 'SM2EnvelopedKey: private key does not match sm2PublicKey');
  }
  return { privateKey: d, publicKey: pub, symAlgorithm: symAlg };
}

/** Builds an SM2EnvelopedKey for `recipientPublicKey` (tests, and issuing escrowed keys): SM2(symKey), SM4-ECB(d). */
export function wrapSm2EnvelopedKey(privateKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  const pub = getPublicKey(privateKey);
  const symKey = new Uint8Array(16);
  globalThis.crypto.getRandomValues(symKey);
  try {
    const encKey = sm2Encrypt(symKey, recipientPublicKey, { format: 'der' });
    const encPriv = sm4Encrypt('ecb', symKey, undefined, privateKey, { padding: false });
    return tlv(0x30, tlv(0x30, oidBytes(OID.sm4Ecb)), encKey, tlv(0x03, Uint8Array.of(0), pub), tlv(0x03, Uint8Array.of(0), encPriv));
  } finally {
    symKey.fill(0);
  }
}

/** Re-exported so callers of this module need not import sm2.ts for the curve. */
export { SM2_CURVE, curvePoint };
