// Runs anywhere (pure). One registry: callers pick digests, signatures and key transport by OID or name,
// not by library (content ciphers stream: shared/envelope/content-cipher.ts). Glue code: WebCrypto has RSA/ECDSA/AES but no SM2/SM3/SM4 and no RSAES-PKCS1-v1_5
// (done here on raw RSA with bigint); SM algorithms come from our own modules.
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { invert } from '@noble/curves/abstract/modular.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { BidSealError } from '../errors';
import { sm3 } from './sm3';
import * as sm2 from './sm2';
import { parsePrivateKey, parsePublicKey, type ParsedPrivateKey, type ParsedPublicKey } from './keys';
import { base64ToBytes, bytesToBigint } from '../asn1';

// ---------------------------------------------------------------------------------------------------
// Common
// ---------------------------------------------------------------------------------------------------

export type PublicKeyInput = ParsedPublicKey | Uint8Array | string;
export type PrivateKeyInput = ParsedPrivateKey | Uint8Array | string;

export interface Entry {
  /** canonical name, e.g. 'SM2-SM3' */
  name: string;
  /** the OID written by us */
  oid: string;
  /** other OIDs / names accepted on input */
  aliases?: string[];
}

const unsupported = (what: string, id: string): never => {
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `${what} ${id}`);
};

function makeRegistry<T extends Entry>(what: string) {
  const byKey = new Map<string, T>();
  return {
    add(e: T): void {
      for (const k of [e.name, e.oid, ...(e.aliases ?? [])]) byKey.set(k.toUpperCase(), e);
    },
    get(id: string): T {
      return byKey.get(String(id).trim().toUpperCase()) ?? unsupported(`unsupported ${what}`, String(id));
    },
    has(id: string): boolean {
      return byKey.has(String(id).trim().toUpperCase());
    },
    list(): T[] {
      return [...new Set(byKey.values())];
    },
  };
}

type Subtle = typeof globalThis.crypto.subtle;
const subtle = (): Subtle => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'WebCrypto (crypto.subtle) is not available');
  return s;
};
const buf = (b: Uint8Array): Uint8Array<ArrayBuffer> => (b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b as Uint8Array<ArrayBuffer>) : (b.slice() as Uint8Array<ArrayBuffer>));

function asPublic(k: PublicKeyInput): ParsedPublicKey {
  return typeof k === 'object' && !(k instanceof Uint8Array) && 'kind' in k ? k : parsePublicKey(k);
}
function asPrivate(k: PrivateKeyInput): ParsedPrivateKey {
  return typeof k === 'object' && !(k instanceof Uint8Array) && 'kind' in k ? k : parsePrivateKey(k);
}
const wrongKey = (alg: string, kind: string): never => {
  throw new BidSealError('E_INVALID_KEY', `${alg} cannot use a ${kind} key`);
};

// ---------------------------------------------------------------------------------------------------
// Digests (synchronous and streaming)
// ---------------------------------------------------------------------------------------------------

export interface HashState {
  update(data: Uint8Array): HashState;
  digest(): Uint8Array;
}
export interface DigestAlgorithm extends Entry {
  kind: 'digest';
  /** output bytes */
  outputLength: number;
  /** WebCrypto name when WebCrypto knows the hash */
  webCryptoName?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  /** true for hashes accepted only to read old data (SHA-1) */
  legacy?: boolean;
  digest(data: Uint8Array): Uint8Array;
  create(): HashState;
}

const digests = makeRegistry<DigestAlgorithm>('digest algorithm');
function hashEntry(name: string, oid: string, h: { (m: Uint8Array): Uint8Array; create(): { update(d: Uint8Array): unknown; digest(): Uint8Array }; outputLen: number }, extra: Partial<DigestAlgorithm> = {}): DigestAlgorithm {
  return {
    kind: 'digest',
    name,
    oid,
    outputLength: h.outputLen,
    digest: (d) => h(d),
    create(): HashState {
      const s = h.create();
      const st: HashState = {
        update(d) {
          s.update(d);
          return st;
        },
        digest: () => s.digest(),
      };
      return st;
    },
    ...extra,
  };
}
digests.add(hashEntry('SM3', '1.2.156.10197.1.401', sm3));
digests.add(hashEntry('SHA-256', '2.16.840.1.101.3.4.2.1', sha256, { webCryptoName: 'SHA-256', aliases: ['SHA256'] }));
digests.add(hashEntry('SHA-384', '2.16.840.1.101.3.4.2.2', sha384, { webCryptoName: 'SHA-384', aliases: ['SHA384'] }));
digests.add(hashEntry('SHA-512', '2.16.840.1.101.3.4.2.3', sha512, { webCryptoName: 'SHA-512', aliases: ['SHA512'] }));
digests.add(hashEntry('SHA-1', '1.3.14.3.2.26', sha1, { webCryptoName: 'SHA-1', aliases: ['SHA1'], legacy: true }));
// SHAKE256 with 512 output bits: the message digest of Ed448 in CMS (RFC 8419 §2.3); id-shake256-len names it too
const shake256x64 = Object.assign((m: Uint8Array) => shake256(m, { dkLen: 64 }), { create: () => shake256.create({ dkLen: 64 }), outputLen: 64 });
digests.add(hashEntry('SHAKE256-512', '2.16.840.1.101.3.4.2.12', shake256x64, { aliases: ['2.16.840.1.101.3.4.2.18'] }));

/** The digest for an OID or name ('SM3', 'SHA-256', '1.2.156.10197.1.401', …); E_UNSUPPORTED_ALGORITHM otherwise. */
export function getDigest(id: string): DigestAlgorithm {
  return digests.get(id);
}
/** One-shot digest (async for symmetry with the rest of the interface; getDigest(id).digest() is sync). */
export async function digest(id: string, data: Uint8Array): Promise<Uint8Array> {
  return digests.get(id).digest(data);
}

// ---------------------------------------------------------------------------------------------------
// Signatures
// ---------------------------------------------------------------------------------------------------

export interface SignatureOptions {
  /** SM2 only: signer ID (default '1234567812345678'; pass new Uint8Array(0) for an empty ID) */
  id?: Uint8Array | string;
  /**
   * Signature encoding. SM2 and ECDSA: 'der' (default, as in X.509/CMS) or 'raw' (r‖s, = IEEE P1363);
   * verify accepts either when omitted (raw is recognised by its exact length). RSA: ignored.
   */
  format?: 'der' | 'raw';
  /** RSASSA-PSS: hash (default: the entry's, SHA-256 for the bare OID) and salt length (default: hash length) */
  hash?: string;
  saltLength?: number;
}

export interface SignatureAlgorithm extends Entry {
  kind: 'signature';
  /** the digest the algorithm hashes with (PSS: default) */
  hash: string;
  sign(key: PrivateKeyInput, data: Uint8Array, opts?: SignatureOptions): Promise<Uint8Array>;
  /** false for a wrong or malformed signature; throws only for unusable keys/options */
  verify(key: PublicKeyInput, data: Uint8Array, signature: Uint8Array, opts?: SignatureOptions): Promise<boolean>;
}

const signatures = makeRegistry<SignatureAlgorithm>('signature algorithm');

signatures.add({
  kind: 'signature',
  name: 'SM2-SM3',
  oid: '1.2.156.10197.1.501',
  aliases: ['1.2.156.10197.1.301.1', 'SM2', 'SM2-1', 'SM2WITHSM3'],
  hash: 'SM3',
  async sign(key, data, opts = {}) {
    const k = asPrivate(key);
    if (k.kind !== 'sm2') return wrongKey('SM2', k.kind);
    return sm2.sign(data, k.privateKey, { id: opts.id, format: opts.format ?? 'der', publicKey: k.publicKey });
  },
  async verify(key, data, signature, opts = {}) {
    const k = asPublic(key);
    if (k.kind !== 'sm2') return wrongKey('SM2', k.kind);
    return sm2.verify(signature, data, k.publicKey, { id: opts.id, format: opts.format });
  },
});

// ECDSA (WebCrypto). WebCrypto speaks IEEE P1363 (r‖s); X.509/CMS use DER — converted strictly here.
const EC_SIZE: Record<string, number> = { 'P-256': 32, 'P-384': 48 };

/** DER SEQUENCE{r, s} → r‖s (size bytes each); strict DER (minimal lengths and INTEGERs), or null. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | null {
  try {
    const { r, s } = sm2.decodeSignature(der, 'der');
    const max = 1n << BigInt(8 * size);
    if (r >= max || s >= max) return null;
    const out = new Uint8Array(2 * size);
    out.set(numberToBytesBE(r, size), 0);
    out.set(numberToBytesBE(s, size), size);
    return out;
  } catch {
    return null;
  }
}
/** r‖s → DER SEQUENCE{r, s}. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const h = raw.length / 2;
  return sm2.encodeSignature(bytesToNumberBE(raw.subarray(0, h)), bytesToNumberBE(raw.subarray(h)), 'der');
}

function ecdsaEntry(name: string, oid: string, hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): SignatureAlgorithm {
  return {
    kind: 'signature',
    name,
    oid,
    hash,
    async sign(key, data, opts = {}) {
      const k = asPrivate(key);
      if (k.kind !== 'ec') return wrongKey('ECDSA', k.kind);
      const ck = await subtle().importKey('pkcs8', k.pkcs8, { name: 'ECDSA', namedCurve: k.curve }, false, ['sign']);
      const raw = new Uint8Array(await subtle().sign({ name: 'ECDSA', hash }, ck, buf(data)));
      return opts.format === 'raw' ? raw : ecdsaRawToDer(raw);
    },
    async verify(key, data, signature, opts = {}) {
      const k = asPublic(key);
      if (k.kind !== 'ec') return wrongKey('ECDSA', k.kind);
      const size = EC_SIZE[k.curve];
      let raw: Uint8Array | null;
      if (opts.format === 'raw') raw = signature.length === 2 * size ? signature : null;
      else if (opts.format === 'der') raw = ecdsaDerToRaw(signature, size);
      // auto: a complete DER SEQUENCE first (a DER signature can have exactly 2·size bytes), else raw r‖s
      else raw = (signature[0] === 0x30 && signature[1] === signature.length - 2 ? ecdsaDerToRaw(signature, size) : null) ?? (signature.length === 2 * size ? signature : ecdsaDerToRaw(signature, size));
      if (!raw) return false;
      const ck = await subtle().importKey('spki', k.spki, { name: 'ECDSA', namedCurve: k.curve }, false, ['verify']);
      return subtle().verify({ name: 'ECDSA', hash }, ck, buf(raw), buf(data));
    },
  };
}
signatures.add(ecdsaEntry('ECDSA-SHA256', '1.2.840.10045.4.3.2', 'SHA-256'));
signatures.add(ecdsaEntry('ECDSA-SHA384', '1.2.840.10045.4.3.3', 'SHA-384'));
signatures.add(ecdsaEntry('ECDSA-SHA512', '1.2.840.10045.4.3.4', 'SHA-512'));

function rsaPkcs1Entry(name: string, oid: string, hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): SignatureAlgorithm {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash };
  return {
    kind: 'signature',
    name,
    oid,
    hash,
    async sign(key, data) {
      const k = asPrivate(key);
      if (k.kind !== 'rsa') return wrongKey('RSA', k.kind);
      const ck = await subtle().importKey('pkcs8', k.pkcs8, alg, false, ['sign']);
      return new Uint8Array(await subtle().sign(alg, ck, buf(data)));
    },
    async verify(key, data, signature) {
      const k = asPublic(key);
      if (k.kind !== 'rsa') return wrongKey('RSA', k.kind);
      const ck = await subtle().importKey('spki', k.spki, alg, false, ['verify']);
      return subtle().verify(alg, ck, buf(signature), buf(data));
    },
  };
}
signatures.add(rsaPkcs1Entry('RSA-PKCS1-SHA256', '1.2.840.113549.1.1.11', 'SHA-256'));
signatures.add(rsaPkcs1Entry('RSA-PKCS1-SHA384', '1.2.840.113549.1.1.12', 'SHA-384'));
signatures.add(rsaPkcs1Entry('RSA-PKCS1-SHA512', '1.2.840.113549.1.1.13', 'SHA-512'));

/** RSASSA-PSS (OID …1.10); hash and salt length come from the AlgorithmIdentifier parameters via options. */
signatures.add({
  kind: 'signature',
  name: 'RSASSA-PSS',
  oid: '1.2.840.113549.1.1.10',
  aliases: ['RSA-PSS'],
  hash: 'SHA-256',
  async sign(key, data, opts = {}) {
    const k = asPrivate(key);
    if (k.kind !== 'rsa') return wrongKey('RSA-PSS', k.kind);
    const hash = pssHash(opts);
    const ck = await subtle().importKey('pkcs8', k.pkcs8, { name: 'RSA-PSS', hash: hash.webCryptoName! }, false, ['sign']);
    return new Uint8Array(await subtle().sign({ name: 'RSA-PSS', saltLength: opts.saltLength ?? hash.outputLength }, ck, buf(data)));
  },
  async verify(key, data, signature, opts = {}) {
    const k = asPublic(key);
    if (k.kind !== 'rsa') return wrongKey('RSA-PSS', k.kind);
    const hash = pssHash(opts);
    const ck = await subtle().importKey('spki', k.spki, { name: 'RSA-PSS', hash: hash.webCryptoName! }, false, ['verify']);
    return subtle().verify({ name: 'RSA-PSS', saltLength: opts.saltLength ?? hash.outputLength }, ck, buf(signature), buf(data));
  },
});
function pssHash(opts: SignatureOptions): DigestAlgorithm {
  const h = digests.get(opts.hash ?? 'SHA-256');
  if (!h.webCryptoName || h.legacy) return unsupported('RSA-PSS with hash', h.name);
  return h;
}

/** The signature algorithm for an OID or name; E_UNSUPPORTED_ALGORITHM otherwise. */
export function getSignatureAlgorithm(id: string): SignatureAlgorithm {
  return signatures.get(id);
}

// ---------------------------------------------------------------------------------------------------
// Key transport (asymmetric encryption of content keys)
// ---------------------------------------------------------------------------------------------------

export interface KeyTransportOptions {
  /** SM2: ciphertext layout; encrypt default 'der', decrypt default auto-detect */
  format?: sm2.CiphertextFormat;
  /** RSA-OAEP: hash (default SHA-256), MGF1 hash (default: the same; a different one is handled on raw
   * RSA since WebCrypto cannot mix them) and label */
  hash?: string;
  mgfHash?: string;
  label?: Uint8Array;
}
export interface KeyTransportAlgorithm extends Entry {
  kind: 'keyTransport';
  encrypt(key: PublicKeyInput, data: Uint8Array, opts?: KeyTransportOptions): Promise<Uint8Array>;
  /** E_DECRYPT_FAILED when the ciphertext does not decrypt under the key */
  decrypt(key: PrivateKeyInput, data: Uint8Array, opts?: KeyTransportOptions): Promise<Uint8Array>;
}
const keyTransports = makeRegistry<KeyTransportAlgorithm>('key transport algorithm');

keyTransports.add({
  kind: 'keyTransport',
  name: 'SM2-ENC',
  oid: '1.2.156.10197.1.301.3',
  aliases: ['1.2.156.10197.1.301.2', 'SM2-3', 'SM2ENCRYPT'], // GmSSL writes …301.2 for encryption
  async encrypt(key, data, opts = {}) {
    const k = asPublic(key);
    if (k.kind !== 'sm2') return wrongKey('SM2', k.kind);
    return sm2.encrypt(data, k.publicKey, { format: opts.format ?? 'der' });
  },
  async decrypt(key, data, opts = {}) {
    const k = asPrivate(key);
    if (k.kind !== 'sm2') return wrongKey('SM2', k.kind);
    return sm2.decrypt(data, k.privateKey, { format: opts.format ?? 'auto' });
  },
});

// Raw RSA with bigint, for what WebCrypto does not offer: RSAES-PKCS1-v1_5 (RFC 8017 §7.2) and OAEP with an
// MGF1 hash different from the label hash (§7.1; e.g. Java's "OAEPWithSHA-256AndMGF1Padding" uses MGF1-SHA1).
// Private operations use CRT and base blinding; padding checks scan every byte and all failures are one
// E_DECRYPT_FAILED with one message (Bleichenbacher-style oracles also depend on how callers report errors).
const b64uToBig = (s: string): bigint => bytesToBigint(base64ToBytes(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)));
async function rsaJwk(k: { pkcs8?: Uint8Array<ArrayBuffer>; spki?: Uint8Array<ArrayBuffer> }): Promise<RsaJwk> {
  // RSA-OAEP is merely a vehicle for parsing the key into JWK components.
  const alg = { name: 'RSA-OAEP', hash: 'SHA-256' };
  const ck = k.pkcs8 ? await subtle().importKey('pkcs8', k.pkcs8, alg, true, ['decrypt']) : await subtle().importKey('spki', k.spki!, alg, true, ['encrypt']);
  return (await subtle().exportKey('jwk', ck)) as RsaJwk;
}
/** The JWK members of an RSA key (RFC 7518 §6.3). */
type RsaJwk = Partial<Record<'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi', string>>;
function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  const x = b % m;
  for (let i = e.toString(2).length - 1; i >= 0; i--) {
    r = (r * r) % m;
    if ((e >> BigInt(i)) & 1n) r = (r * x) % m;
  }
  return r;
}
const byteLen = (n: bigint): number => (n.toString(16).length + 1) >> 1;

/** EM^e mod n for a public key; returns the k-byte ciphertext. */
async function rsaPublicOp(spki: Uint8Array<ArrayBuffer>, em: Uint8Array): Promise<Uint8Array> {
  const jwk = await rsaJwk({ spki });
  const n = b64uToBig(jwk.n!);
  return numberToBytesBE(modPow(bytesToNumberBE(em), b64uToBig(jwk.e!), n), byteLen(n));
}
async function rsaPublicKeyLength(spki: Uint8Array<ArrayBuffer>): Promise<number> {
  return byteLen(b64uToBig((await rsaJwk({ spki })).n!));
}

/** c^d mod n (CRT, blinded) as a k-byte EM, or null when c is not a valid ciphertext for this key. */
async function rsaPrivateOp(pkcs8: Uint8Array<ArrayBuffer>, data: Uint8Array): Promise<Uint8Array | null> {
  const j = await rsaJwk({ pkcs8 });
  const n = b64uToBig(j.n!);
  const [e, p, q, dp, dq, qi] = [j.e!, j.p!, j.q!, j.dp!, j.dq!, j.qi!].map(b64uToBig);
  const kLen = byteLen(n);
  if (data.length !== kLen) return null;
  const c = bytesToNumberBE(data);
  if (c >= n) return null;
  // blinding: c' = c·r^e, m = m'·r^-1
  const rb = new Uint8Array(kLen + 8);
  globalThis.crypto.getRandomValues(rb);
  const r = (bytesToNumberBE(rb) % (n - 2n)) + 2n;
  const cb = (c * modPow(r, e, n)) % n;
  const m1 = modPow(cb % p, dp, p);
  const m2 = modPow(cb % q, dq, q);
  let h = (qi * (m1 - m2)) % p;
  if (h < 0n) h += p;
  const m = ((m2 + h * q) * invert(r, n)) % n;
  return numberToBytesBE(m, kLen);
}

function mgf1(h: DigestAlgorithm, seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  const ctr = new Uint8Array(4);
  for (let i = 0, o = 0; o < len; i++, o += h.outputLength) {
    ctr[0] = i >>> 24;
    ctr[1] = i >>> 16;
    ctr[2] = i >>> 8;
    ctr[3] = i;
    const d = h.create().update(seed).update(ctr).digest();
    out.set(d.subarray(0, Math.min(h.outputLength, len - o)), o);
  }
  return out;
}

function oaepHashes(opts: KeyTransportOptions): { hash: DigestAlgorithm; mgf: DigestAlgorithm } {
  const hash = digests.get(opts.hash ?? 'SHA-256');
  const mgf = opts.mgfHash !== undefined ? digests.get(opts.mgfHash) : hash;
  return { hash, mgf };
}
/**
 * The end of an RSA decryption padding check (OAEP's DB, PKCS #1 v1.5's EM): the message after the separator
 * at `sep` when nothing was `bad`, else `failed()`; decided once, after every byte was scanned, and the decoded
 * block wiped either way.
 */
function messageAfter(block: Uint8Array, sep: number, bad: number, failed: () => never): Uint8Array {
  if (bad) {
    block.fill(0);
    return failed();
  }
  const out = block.slice(sep + 1);
  block.fill(0);
  return out;
}

keyTransports.add({
  kind: 'keyTransport',
  name: 'RSAES-OAEP',
  oid: '1.2.840.113549.1.1.7',
  aliases: ['RSA-OAEP'],
  async encrypt(key, data, opts = {}) {
    const k = asPublic(key);
    if (k.kind !== 'rsa') return wrongKey('RSA-OAEP', k.kind);
    const { hash, mgf } = oaepHashes(opts);
    if (hash === mgf && hash.webCryptoName) {
      const ck = await subtle().importKey('spki', k.spki, { name: 'RSA-OAEP', hash: hash.webCryptoName }, false, ['encrypt']);
      return new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP', label: opts.label ? buf(opts.label) : undefined }, ck, buf(data)));
    }
    // RFC 8017 §7.1.1 EME-OAEP encoding
    const kLen = await rsaPublicKeyLength(k.spki);
    const hLen = hash.outputLength;
    if (data.length > kLen - 2 * hLen - 2) throw new BidSealError('E_INVALID_ARGUMENT', 'message too long for RSA-OAEP');
    const db = new Uint8Array(kLen - hLen - 1);
    db.set(hash.digest(opts.label ?? new Uint8Array(0)));
    db[db.length - data.length - 1] = 1;
    db.set(data, db.length - data.length);
    const seed = globalThis.crypto.getRandomValues(new Uint8Array(hLen));
    const dbMask = mgf1(mgf, seed, db.length);
    for (let i = 0; i < db.length; i++) db[i] ^= dbMask[i];
    const seedMask = mgf1(mgf, db, hLen);
    for (let i = 0; i < hLen; i++) seed[i] ^= seedMask[i];
    const em = new Uint8Array(kLen);
    em.set(seed, 1);
    em.set(db, 1 + hLen);
    return rsaPublicOp(k.spki, em);
  },
  async decrypt(key, data, opts = {}) {
    const k = asPrivate(key);
    if (k.kind !== 'rsa') return wrongKey('RSA-OAEP', k.kind);
    const { hash, mgf } = oaepHashes(opts);
    const failed = (): never => {
      throw new BidSealError('E_DECRYPT_FAILED', 'RSA-OAEP decryption failed');
    };
    if (hash === mgf && hash.webCryptoName) {
      const ck = await subtle().importKey('pkcs8', k.pkcs8, { name: 'RSA-OAEP', hash: hash.webCryptoName }, false, ['decrypt']);
      try {
        return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP', label: opts.label ? buf(opts.label) : undefined }, ck, buf(data)));
      } catch {
        return failed();
      }
    }
    // RFC 8017 §7.1.2 EME-OAEP decoding: every check is accumulated, one decision at the end
    const em = await rsaPrivateOp(k.pkcs8, data);
    const hLen = hash.outputLength;
    if (!em || em.length < 2 * hLen + 2) return failed();
    const seed = em.slice(1, 1 + hLen);
    const db = em.slice(1 + hLen);
    const seedMask = mgf1(mgf, db, hLen);
    for (let i = 0; i < hLen; i++) seed[i] ^= seedMask[i];
    const dbMask = mgf1(mgf, seed, db.length);
    for (let i = 0; i < db.length; i++) db[i] ^= dbMask[i];
    const lHash = hash.digest(opts.label ?? new Uint8Array(0));
    let bad = em[0];
    for (let i = 0; i < hLen; i++) bad |= db[i] ^ lHash[i];
    let sep = 0; // index of the 01 separator in db
    let junk = 0; // a non-zero byte before the separator
    for (let i = hLen; i < db.length; i++) {
      const found = sep !== 0 ? 1 : 0;
      const isOne = db[i] === 1 ? 1 : 0;
      const isZero = db[i] === 0 ? 1 : 0;
      sep = !found && isOne ? i : sep;
      junk |= !found && !isOne && !isZero ? 1 : 0;
    }
    bad |= junk | (sep === 0 ? 1 : 0);
    em.fill(0);
    return messageAfter(db, sep, bad, failed);
  },
});

keyTransports.add({
  kind: 'keyTransport',
  name: 'RSAES-PKCS1-v1_5',
  oid: '1.2.840.113549.1.1.1',
  aliases: ['RSA-PKCS1', 'RSAENCRYPTION'],
  async encrypt(key, data) {
    const k = asPublic(key);
    if (k.kind !== 'rsa') return wrongKey('RSAES-PKCS1-v1_5', k.kind);
    const kLen = await rsaPublicKeyLength(k.spki);
    if (data.length > kLen - 11) throw new BidSealError('E_INVALID_ARGUMENT', 'message too long for RSAES-PKCS1-v1_5');
    const em = new Uint8Array(kLen);
    em[1] = 2;
    const ps = em.subarray(2, kLen - data.length - 1);
    globalThis.crypto.getRandomValues(ps);
    for (let i = 0; i < ps.length; i++) while (ps[i] === 0) ps[i] = globalThis.crypto.getRandomValues(new Uint8Array(1))[0];
    em.set(data, kLen - data.length);
    return rsaPublicOp(k.spki, em);
  },
  async decrypt(key, data) {
    const k = asPrivate(key);
    if (k.kind !== 'rsa') return wrongKey('RSAES-PKCS1-v1_5', k.kind);
    const failed = (): never => {
      throw new BidSealError('E_DECRYPT_FAILED', 'RSAES-PKCS1-v1_5 decryption failed');
    };
    const em = await rsaPrivateOp(k.pkcs8, data);
    if (!em || em.length < 11) return failed();
    const kLen = em.length;
    // EM = 00 ‖ 02 ‖ PS (≥ 8 non-zero) ‖ 00 ‖ M — scan every byte, decide once
    let bad = em[0] | (em[1] ^ 2);
    let sep = 0;
    for (let i = 2; i < kLen; i++) {
      const isZero = em[i] === 0 ? 1 : 0;
      const first = isZero & (sep === 0 ? 1 : 0);
      sep = first ? i : sep;
    }
    bad |= sep === 0 ? 1 : 0;
    bad |= sep < 10 ? 1 : 0;
    return messageAfter(em, sep, bad, failed);
  },
});

/** The key transport algorithm for an OID or name; E_UNSUPPORTED_ALGORITHM otherwise. */
export function getKeyTransportAlgorithm(id: string): KeyTransportAlgorithm {
  return keyTransports.get(id);
}

/** Everything registered, for diagnostics and UI lists. */
export function listAlgorithms(): { kind: string; name: string; oid: string }[] {
  return [...digests.list(), ...signatures.list(), ...keyTransports.list()].map((e) => ({ kind: (e as { kind: string }).kind, name: e.name, oid: e.oid }));
}
