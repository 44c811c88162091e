// Runs anywhere (pure). Software key carrier: Signer / Decrypter (../pki/carrier.ts) over a file key + its certificate.
// Carriers sign precomputed digests, which WebCrypto cannot (it hashes the message itself), so: SM2 via sm2.signDigest,
// ECDSA via @noble/curves (prehash:false), RSA as RFC 8017 EMSA-PKCS1-v1_5 / EMSA-PSS over raw bigint RSA (CRT, blinded, self-checked).
// Decryption: SM2 / RSA key transport through unwrapKey, and for P-256/P-384 keys the ECDH step of RFC 5753 key
// agreement (deriveSharedSecret: Z = x(d·P), SEC 1 §3.3.1, @noble/curves getSharedSecret with on-curve validation).
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { invert } from '@noble/curves/abstract/modular.js';
import { BidSealError } from '../errors';
import type { CarrierInfo, Decrypter, KeyTransportAlgorithm, SignatureAlgorithm, Signer } from '../pki/carrier';
import { parseCertificate, type CertificateSummary } from '../pki/certificate';
import { parsePrivateKey, type ParsedPrivateKey } from '../crypto/keys';
import * as sm2 from '../crypto/sm2';
import { getKeyTransportAlgorithm } from '../crypto/algorithms';
import { digestInfo } from '../pki/signature';
import { berAccess, concat as concatBytes, toHex, fromHex } from '../asn1';

const { bigint: derBigint, octets, parse, seq } = berAccess('E_BAD_ENCODING');

// ---------------------------------------------------------------------------------------------------
// Key material
// ---------------------------------------------------------------------------------------------------

interface RsaKey {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
  bits: number;
}

type Material =
  | { kind: 'sm2'; d: Uint8Array; publicKey: Uint8Array }
  | { kind: 'ec'; curve: 'P-256' | 'P-384'; d: Uint8Array; publicKey: Uint8Array }
  | { kind: 'rsa'; rsa: RsaKey; pss: boolean };

const invalidKey = (msg: string): never => {
  throw new BidSealError('E_INVALID_KEY', msg);
};

/** PKCS#8 → inner key OCTET STRING. */
const pkcs8Inner = (pkcs8: Uint8Array): Uint8Array => octets(seq(parse(pkcs8), 'PrivateKeyInfo', 3)[2], 'privateKey');

function rsaFromPkcs8(pkcs8: Uint8Array): RsaKey {
  const f = seq(parse(pkcs8Inner(pkcs8)), 'RSAPrivateKey', 9);
  const [n, e, d, p, q, dp, dq, qi] = f.slice(1, 9).map((x, i) => derBigint(x, `RSAPrivateKey field ${i + 1}`));
  if (p * q !== n || n < 1n << 1000n) invalidKey('RSA private key is inconsistent or too small');
  return { n, e, d, p, q, dp, dq, qi, bits: n.toString(2).length };
}

function materialOf(key: ParsedPrivateKey): Material {
  if (key.kind === 'sm2') return { kind: 'sm2', d: key.privateKey.slice(), publicKey: key.publicKey.slice() };
  if (key.kind === 'ec') {
    const f = seq(parse(pkcs8Inner(key.pkcs8)), 'ECPrivateKey', 2);
    const d = octets(f[1], 'ECPrivateKey privateKey').slice();
    const curve = key.curve === 'P-256' ? p256 : p384;
    let publicKey: Uint8Array;
    try {
      publicKey = curve.getPublicKey(d, false);
    } catch {
      return invalidKey(`${key.curve} private key is out of range`);
    }
    return { kind: 'ec', curve: key.curve, d, publicKey };
  }
  return { kind: 'rsa', rsa: rsaFromPkcs8(key.pkcs8), pss: key.pss };
}

/** A comparable public-key fingerprint ("sm2:04…", "ec:P-256:04…", "rsa:n:e") of a key or a certificate. */
function keyFingerprint(m: Material): string {
  if (m.kind === 'sm2') return `sm2:${toHex(m.publicKey)}`;
  if (m.kind === 'ec') return `ec:${m.curve}:${toHex(m.publicKey)}`;
  return `rsa:${m.rsa.n.toString(16)}:${m.rsa.e.toString(16)}`;
}

/** The same fingerprint for a certificate's public key ('' when the key type is not one we carry). */
export function certificateKeyFingerprint(cert: CertificateSummary): string {
  const pk = cert.publicKey;
  try {
    if (pk.kind === 'sm2') return `sm2:${toHex(sm2.normalizePublicKey(pk.publicKey))}`;
    if (pk.kind === 'ec') {
      const curve = pk.curveOid === '1.2.840.10045.3.1.7' ? 'P-256' : pk.curveOid === '1.3.132.0.34' ? 'P-384' : undefined;
      if (!curve) return '';
      const c = curve === 'P-256' ? p256 : p384;
      return `ec:${curve}:${toHex(c.Point.fromBytes(pk.publicKey).toBytes(false))}`;
    }
    if (pk.kind === 'rsa') {
      const [n, e] = seq(parse(pk.publicKey), 'RSAPublicKey', 2).map((x) => derBigint(x, 'RSAPublicKey'));
      return `rsa:${n.toString(16)}:${e.toString(16)}`;
    }
  } catch {
    /* a malformed certificate key matches nothing */
  }
  return '';
}

/** Public-key fingerprint of a parsed private key (for pairing keys with certificates). */
export function privateKeyFingerprint(key: ParsedPrivateKey): string {
  const m = materialOf(key);
  const fp = keyFingerprint(m);
  wipe(m);
  return fp;
}

function wipe(m: Material): void {
  if (m.kind === 'rsa') {
    m.rsa.d = m.rsa.p = m.rsa.q = m.rsa.dp = m.rsa.dq = m.rsa.qi = 0n;
  } else m.d.fill(0);
}

// ---------------------------------------------------------------------------------------------------
// RSA
// ---------------------------------------------------------------------------------------------------

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = b % m;
  while (e > 0n) {
    if (e & 1n) r = (r * x) % m;
    x = (x * x) % m;
    e >>= 1n;
  }
  return r;
}
const toBytes = (x: bigint, len: number): Uint8Array => {
  const h = x.toString(16).padStart(len * 2, '0');
  if (h.length > len * 2) throw new BidSealError('E_INTERNAL', 'integer too large');
  return fromHex(h);
};
const fromBytes = (b: Uint8Array): bigint => (b.length ? BigInt('0x' + toHex(b)) : 0n);

/** m^d mod n with CRT, base blinding and a public-exponent check of the result (fault attacks). */
function rsaPrivate(k: RsaKey, m: bigint): bigint {
  if (m >= k.n) throw new BidSealError('E_INTERNAL', 'RSA input out of range');
  const rb = globalThis.crypto.getRandomValues(new Uint8Array(Math.ceil(k.bits / 8) + 8));
  const r = (fromBytes(rb) % (k.n - 2n)) + 2n;
  const mb = (m * modPow(r, k.e, k.n)) % k.n;
  const s1 = modPow(mb % k.p, k.dp, k.p);
  const s2 = modPow(mb % k.q, k.dq, k.q);
  let h = (k.qi * (s1 - s2)) % k.p;
  if (h < 0n) h += k.p;
  const s = ((s2 + h * k.q) * invert(r, k.n)) % k.n;
  if (modPow(s, k.e, k.n) !== m) throw new BidSealError('E_INTERNAL', 'RSA signature self-check failed');
  return s;
}

type HashFn = { create(): { update(d: Uint8Array): { digest(): Uint8Array } } };
const DIGEST_INFO: Record<'sha256' | 'sha384', { len: number; hash: HashFn }> = {
  sha256: { len: 32, hash: sha256 },
  sha384: { len: 48, hash: sha384 },
};

/** RFC 8017 §9.2 EMSA-PKCS1-v1_5 over a precomputed digest. */
function emsaPkcs1(digest: Uint8Array, h: 'sha256' | 'sha384', k: number): Uint8Array {
  const t = digestInfo(h, digest);
  if (k < t.length + 11) invalidKey('RSA key too short');
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

function mgf1(hash: HashFn, seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0, o = 0; o < len; i++) {
    const d = hash.create().update(concatBytes([seed, Uint8Array.of(i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff)])).digest();
    out.set(d.subarray(0, Math.min(d.length, len - o)), o);
    o += d.length;
  }
  return out;
}

/** RFC 8017 §9.1.1 EMSA-PSS-ENCODE over a precomputed mHash; salt length = hash length, MGF1 with the same hash. */
function emsaPss(mHash: Uint8Array, h: 'sha256' | 'sha384', modBits: number): Uint8Array {
  const { hash, len: hLen } = DIGEST_INFO[h];
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < 2 * hLen + 2) invalidKey('RSA key too short for PSS');
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(hLen));
  const H = hash.create().update(concatBytes([new Uint8Array(8), mHash, salt])).digest();
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - hLen - 1] = 1;
  db.set(salt, db.length - hLen);
  const mask = mgf1(hash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLen - emBits);
  const em = new Uint8Array(emLen);
  em.set(db);
  em.set(H, db.length);
  em[emLen - 1] = 0xbc;
  return em;
}

// ---------------------------------------------------------------------------------------------------
// Carriers
// ---------------------------------------------------------------------------------------------------

export type KeyInput = ParsedPrivateKey | Uint8Array | string;

export interface SoftwareCarrierOptions {
  /** for CarrierInfo: e.g. the file name (never secret) */
  location?: string;
  label?: string;
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
}

/** Carriers keep their own copy, so destroy() never wipes the caller's key object. */
const copyKey = (k: ParsedPrivateKey): ParsedPrivateKey =>
  k.kind === 'sm2' ? { kind: 'sm2', privateKey: k.privateKey.slice(), publicKey: k.publicKey.slice() } : k.kind === 'ec' ? { ...k, pkcs8: k.pkcs8.slice() } : { ...k, pkcs8: k.pkcs8.slice() };

/** Shared construction: parse the key, parse the certificate, insist they belong together. */
abstract class SoftwareCarrierBase {
  readonly certificateDer: Uint8Array;
  readonly info: CarrierInfo;
  protected readonly key: ParsedPrivateKey;
  protected m: Material | null;

  constructor(key: KeyInput, certificateDer: Uint8Array, opts: SoftwareCarrierOptions = {}) {
    this.key = copyKey(typeof key === 'object' && !(key instanceof Uint8Array) && 'kind' in key ? key : parsePrivateKey(key));
    const cert = parseCertificate(certificateDer);
    const m = materialOf(this.key);
    if (keyFingerprint(m) !== certificateKeyFingerprint(cert)) {
      wipe(m);
      invalidKey('key does not match certificate');
    }
    this.m = m;
    this.certificateDer = cert.der.slice();
    this.info = { kind: 'software', location: opts.location ?? '', label: opts.label ?? (cert.commonName || cert.subject.text) };
  }

  protected material(): Material {
    if (!this.m) throw new BidSealError('E_INVALID_KEY', 'this key carrier has been closed');
    return this.m;
  }

  /** Zeroes the private key held by this carrier; later calls fail with E_INVALID_KEY. */
  destroy(): void {
    if (this.m) wipe(this.m);
    this.m = null;
    if (this.key.kind === 'sm2') this.key.privateKey.fill(0);
    else this.key.pkcs8.fill(0);
  }
}

export class SoftwareSigner extends SoftwareCarrierBase implements Signer {
  readonly algorithms: readonly SignatureAlgorithm[];

  constructor(key: KeyInput, certificateDer: Uint8Array, opts: SoftwareCarrierOptions = {}) {
    super(key, certificateDer, opts);
    const m = this.material();
    this.algorithms =
      m.kind === 'sm2'
        ? ['sm2-sm3']
        : m.kind === 'ec'
          ? ['ecdsa-sha256', 'ecdsa-sha384']
          : m.pss
            ? ['rsa-pss-sha256', 'rsa-pss-sha384']
            : ['rsa-pkcs1-sha256', 'rsa-pkcs1-sha384', 'rsa-pss-sha256', 'rsa-pss-sha384'];
  }

  async signDigest(digest: Uint8Array, alg: SignatureAlgorithm, signal?: AbortSignal): Promise<Uint8Array> {
    checkAbort(signal);
    if (!(digest instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'digest must be bytes');
    if (!this.algorithms.includes(alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `${alg} is not available for this key`);
    const m = this.material();
    const want = alg.endsWith('sha384') ? 48 : 32;
    if (digest.length !== want) throw new BidSealError('E_INVALID_ARGUMENT', `${alg} needs a ${want}-byte digest, got ${digest.length}`);
    if (m.kind === 'sm2') return sm2.signDigest(digest, m.d, { format: 'der' });
    if (m.kind === 'ec') {
      const c = m.curve === 'P-256' ? p256 : p384;
      return c.sign(digest, m.d, { prehash: false, format: 'der', extraEntropy: true, lowS: false });
    }
    const h = alg.endsWith('sha384') ? 'sha384' : 'sha256';
    const k = Math.ceil(m.rsa.bits / 8);
    const em = alg.startsWith('rsa-pss') ? emsaPss(digest, h, m.rsa.bits) : emsaPkcs1(digest, h, k);
    return toBytes(rsaPrivate(m.rsa, fromBytes(em)), k);
  }
}

const KT_NAMES: Record<KeyTransportAlgorithm, { name: string; hash?: string }> = {
  'sm2-encrypt': { name: 'SM2-ENC' },
  'rsa-oaep-sha1': { name: 'RSAES-OAEP', hash: 'SHA-1' },
  'rsa-oaep-sha256': { name: 'RSAES-OAEP', hash: 'SHA-256' },
  'rsa-pkcs1': { name: 'RSAES-PKCS1-v1_5' },
};

/**
 * Opens envelopes with a software key: SM2 and RSA keys unwrap transported content keys (unwrapKey); P-256 and
 * P-384 keys transport nothing (algorithms is empty) and answer key agreement with deriveSharedSecret.
 */
export class SoftwareDecrypter extends SoftwareCarrierBase implements Decrypter {
  readonly algorithms: readonly KeyTransportAlgorithm[];

  constructor(key: KeyInput, certificateDer: Uint8Array, opts: SoftwareCarrierOptions = {}) {
    super(key, certificateDer, opts);
    const m = this.material();
    if (m.kind === 'rsa' && m.pss) {
      this.destroy();
      throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'an RSASSA-PSS key cannot decrypt');
    }
    this.algorithms = m.kind === 'sm2' ? ['sm2-encrypt'] : m.kind === 'ec' ? [] : ['rsa-oaep-sha1', 'rsa-oaep-sha256', 'rsa-pkcs1'];
  }

  /**
   * ECDH (SEC 1 §3.3.1) for RFC 5753 ephemeral-static key agreement: returns Z = x(d·P), 32 bytes on P-256 and
   * 48 on P-384, for the originator's public point P (uncompressed or compressed SEC 1 encoding). P is checked
   * to lie on this key's curve (invalid-curve points would leak the key); the P-curves have cofactor 1, so the
   * cofactor and plain variants agree. The caller runs the KDF and wipes Z.
   */
  async deriveSharedSecret(ephemeralPublicPoint: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    checkAbort(signal);
    if (!(ephemeralPublicPoint instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'public point must be bytes');
    const m = this.material();
    if (m.kind !== 'ec') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `a${m.kind === 'rsa' ? 'n RSA' : 'n SM2'} key cannot do ECDH key agreement`);
    const curve = m.curve === 'P-256' ? p256 : p384;
    let point;
    try {
      point = curve.Point.fromBytes(ephemeralPublicPoint);
      point.assertValidity();
    } catch {
      throw new BidSealError('E_DECRYPT_FAILED', `the originator's public key is not a point on ${m.curve}`);
    }
    const shared = curve.getSharedSecret(m.d, point.toBytes(true), true); // 0x02/0x03 ‖ x
    const z = shared.slice(1);
    shared.fill(0);
    return z;
  }

  async unwrapKey(wrapped: Uint8Array, alg: KeyTransportAlgorithm, signal?: AbortSignal): Promise<Uint8Array> {
    checkAbort(signal);
    if (!(wrapped instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'wrapped key must be bytes');
    if (!this.algorithms.includes(alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `${alg} is not available for this key`);
    const m = this.material();
    if (m.kind === 'sm2') return sm2.decrypt(wrapped, m.d, { format: 'auto' });
    const kt = KT_NAMES[alg];
    return getKeyTransportAlgorithm(kt.name).decrypt(this.key, wrapped, kt.hash ? { hash: kt.hash } : {});
  }
}

/** True when the private key belongs to the certificate (same public key). */
export function keyMatchesCertificate(key: KeyInput, certificateDer: Uint8Array): boolean {
  const k = typeof key === 'object' && !(key instanceof Uint8Array) && 'kind' in key ? key : parsePrivateKey(key);
  const fp = privateKeyFingerprint(k);
  return fp !== '' && fp === certificateKeyFingerprint(parseCertificate(certificateDer));
}
