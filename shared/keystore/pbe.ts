// Runs anywhere (pure). Password-based encryption for key files: PBES2 (RFC 8018 §6.2: PBKDF2 with HMAC-SHA1/
// SHA-224/256/384/512/SM3; AES-CBC, SM4-CBC, 3DES/DES/RC2-CBC), PBES1 (RFC 8018 §6.1) and the PKCS#12
// PBE schemes with the RFC 7292 App. B KDF. Hand-written: WebCrypto lacks SM3/SM4/3DES/RC2 and the PKCS#12 KDF.
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { sha1, md5 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { BidSealError, isBidSealError } from '../errors';
import { sm3 } from '../crypto/sm3';
import { sm4Decrypt, sm4Encrypt } from '../crypto/sm4-cipher';
import { berAccess, bad, concat, nullDer as NULL, octets as OCT, oid as OID, seq as SEQ, integer as INT, type BerNode as Node, fromHex } from '../asn1';
import { cbcDecryptRaw, des, desEde3, type BlockCipher } from './des';
import { rc2, rc4 } from './rc2';

const { int, octets, oid, seq } = berAccess('E_BAD_ENCODING');

/** A password in the encodings the standards use (PBES2/PBES1: UTF-8 bytes; PKCS#12 PBE: BMPString + 00 00). */
export interface PasswordBytes {
  utf8: Uint8Array;
  /** RFC 7292 App. B.1: UTF-16BE with a two-byte NUL terminator; empty for "no password" */
  bmp: Uint8Array;
}

/** Encodes a password. `bmpEmpty` gives the zero-length BMP form OpenSSL uses for a NULL password. */
export function passwordBytes(password: string, opts: { bmpEmpty?: boolean } = {}): PasswordBytes {
  const utf8 = new TextEncoder().encode(password);
  let bmp: Uint8Array;
  if (password === '' && opts.bmpEmpty) bmp = new Uint8Array(0);
  else {
    bmp = new Uint8Array(password.length * 2 + 2);
    for (let i = 0; i < password.length; i++) {
      bmp[2 * i] = password.charCodeAt(i) >> 8;
      bmp[2 * i + 1] = password.charCodeAt(i) & 0xff;
    }
  }
  return { utf8, bmp };
}

export const PBE_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  /** GM/T 0091-2020's own arcs for PBES (= PBES2) and PBKDF (= PBKDF2); read as aliases */
  gmPbes: '1.2.156.10197.6.1.4.1.5.2',
  gmPbkdf: '1.2.156.10197.6.1.4.1.5.1',
  pbmac1: '1.2.840.113549.1.5.14',
  // PBES1
  pbeMd5Des: '1.2.840.113549.1.5.3',
  pbeMd5Rc2: '1.2.840.113549.1.5.6',
  pbeSha1Des: '1.2.840.113549.1.5.10',
  pbeSha1Rc2: '1.2.840.113549.1.5.11',
  // PKCS#12 (RFC 7292 App. C)
  p12Rc4_128: '1.2.840.113549.1.12.1.1',
  p12Rc4_40: '1.2.840.113549.1.12.1.2',
  p12Des3: '1.2.840.113549.1.12.1.3',
  p12Des2: '1.2.840.113549.1.12.1.4',
  p12Rc2_128: '1.2.840.113549.1.12.1.5',
  p12Rc2_40: '1.2.840.113549.1.12.1.6',
  // ciphers
  aes128cbc: '2.16.840.1.101.3.4.1.2',
  aes192cbc: '2.16.840.1.101.3.4.1.22',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
  desCbc: '1.3.14.3.2.7',
  rc2Cbc: '1.2.840.113549.3.2',
  sm4Cbc: '1.2.156.10197.1.104.2',
  sm4: '1.2.156.10197.1.104',
} as const;

// ---------------------------------------------------------------------------------------------------
// Hashes and PRFs
// ---------------------------------------------------------------------------------------------------

interface HashState {
  update(d: Uint8Array): HashState;
  digest(): Uint8Array;
}
type Hash = { (m: Uint8Array): Uint8Array; outputLen: number; blockLen: number; create(): HashState };
interface HashInfo {
  name: string;
  hash: Hash;
  webCrypto?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
}
const H = {
  sha1: { name: 'SHA-1', hash: sha1 as unknown as Hash, webCrypto: 'SHA-1' },
  sha224: { name: 'SHA-224', hash: sha224 as unknown as Hash },
  sha256: { name: 'SHA-256', hash: sha256 as unknown as Hash, webCrypto: 'SHA-256' },
  sha384: { name: 'SHA-384', hash: sha384 as unknown as Hash, webCrypto: 'SHA-384' },
  sha512: { name: 'SHA-512', hash: sha512 as unknown as Hash, webCrypto: 'SHA-512' },
  sm3: { name: 'SM3', hash: sm3 as unknown as Hash },
  md5: { name: 'MD5', hash: md5 as unknown as Hash },
} satisfies Record<string, HashInfo>;

/** HMAC PRF OIDs (RFC 8018 App. B.1; hmacWithSM3 as GmSSL writes it (…401.2) and as GM/T 0091-2020 Table A.1 lists it (…401.3.1)). */
const PRF: Record<string, HashInfo> = {
  '1.2.840.113549.2.7': H.sha1,
  '1.2.840.113549.2.8': H.sha224,
  '1.2.840.113549.2.9': H.sha256,
  '1.2.840.113549.2.10': H.sha384,
  '1.2.840.113549.2.11': H.sha512,
  '1.2.156.10197.1.401.2': H.sm3,
  '1.2.156.10197.1.401.3.1': H.sm3,
};
export const PRF_OID = { sha1: '1.2.840.113549.2.7', sha256: '1.2.840.113549.2.9', sha384: '1.2.840.113549.2.10', sha512: '1.2.840.113549.2.11', sm3: '1.2.156.10197.1.401.2' } as const;

/** Digest OIDs met in PKCS#12 MacData (RFC 7292 §4: SHA-1; OpenSSL 3: SHA-256; Chinese tools: SM3). */
export const DIGEST_BY_OID: Record<string, HashInfo> = {
  '1.3.14.3.2.26': H.sha1,
  '2.16.840.1.101.3.4.2.4': H.sha224,
  '2.16.840.1.101.3.4.2.1': H.sha256,
  '2.16.840.1.101.3.4.2.2': H.sha384,
  '2.16.840.1.101.3.4.2.3': H.sha512,
  '1.2.156.10197.1.401': H.sm3,
};
export function prfByOid(o: string): HashInfo {
  const h = PRF[o];
  if (!h) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PBKDF2 PRF ${o}`);
  return h;
}

/** Iteration counts beyond this are refused (a crafted file must not freeze the app). */
export const MAX_ITERATIONS = 10_000_000;
const MAX_JS_ITERATIONS = 2_000_000;

const subtle = (): typeof globalThis.crypto.subtle | undefined => globalThis.crypto?.subtle;
const ab = (b: Uint8Array): Uint8Array<ArrayBuffer> => b.slice() as Uint8Array<ArrayBuffer>;

/** PBKDF2 (RFC 8018 §5.2); WebCrypto for the SHA family (native speed), @noble/hashes otherwise. */
export async function pbkdf2(h: HashInfo, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array> {
  if (iterations < 1 || iterations > MAX_ITERATIONS) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PBKDF2 iteration count ${iterations} is out of range`);
  if (dkLen < 1 || dkLen > 128) bad('PBKDF2: bad key length');
  const s = subtle();
  if (h.webCrypto && s) {
    try {
      const k = await s.importKey('raw', ab(password), 'PBKDF2', false, ['deriveBits']);
      return new Uint8Array(await s.deriveBits({ name: 'PBKDF2', hash: h.webCrypto, salt: ab(salt), iterations }, k, dkLen * 8));
    } catch {
      /* e.g. an empty password some WebCrypto builds refuse: fall through to the JS implementation */
    }
  }
  if (iterations > MAX_JS_ITERATIONS) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PBKDF2-${h.name} with ${iterations} iterations is too slow here`);
  return pbkdf2Async(h.hash as never, password, salt, { c: iterations, dkLen, asyncTick: 20 });
}

/** RFC 7292 App. B.2 key derivation. id: 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(h: HashInfo, bmpPassword: Uint8Array, salt: Uint8Array, id: 1 | 2 | 3, iterations: number, n: number): Uint8Array {
  if (iterations < 1 || iterations > MAX_JS_ITERATIONS) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PKCS#12 KDF iteration count ${iterations} is out of range`);
  const v = h.hash.blockLen;
  const u = h.hash.outputLen;
  const D = new Uint8Array(v).fill(id);
  const fill = (src: Uint8Array): Uint8Array => {
    const len = src.length === 0 ? 0 : v * Math.ceil(src.length / v);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = src[i % src.length];
    return out;
  };
  const I = concat([fill(salt), fill(bmpPassword)]);
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += u) {
    let A = h.hash.create().update(D).update(I).digest() as Uint8Array;
    for (let r = 1; r < iterations; r++) A = h.hash(A);
    out.set(A.subarray(0, Math.min(u, n - off)), off);
    if (off + u >= n) break;
    const B = new Uint8Array(v);
    for (let i = 0; i < v; i++) B[i] = A[i % u];
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const x = I[j + k] + B[k] + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  I.fill(0);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Padding
// ---------------------------------------------------------------------------------------------------

const wrongPassword = (): never => {
  throw new BidSealError('E_WRONG_PASSWORD', 'decryption failed: wrong password or corrupted data');
};

/** Removes PKCS#7 padding; a bad pad means the key (password) is wrong, or the data is damaged. */
export function unpad(p: Uint8Array, blockSize: number): Uint8Array {
  const n = p[p.length - 1];
  let badPad = n === 0 || n > blockSize || n > p.length ? 1 : 0;
  for (let i = 0; i < blockSize && i < p.length; i++) if (i < n && p[p.length - 1 - i] !== n) badPad = 1;
  if (badPad) {
    p.fill(0);
    return wrongPassword();
  }
  const out = p.slice(0, p.length - n);
  p.fill(0);
  return out;
}

function cbcDecrypt(c: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return unpad(cbcDecryptRaw(c, iv, data), c.blockSize);
}

async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (iv.length !== 16) bad('AES-CBC: IV must be 16 bytes');
  if (data.length === 0 || data.length % 16 !== 0) bad('AES-CBC: ciphertext is not a whole number of blocks');
  const s = subtle();
  if (!s) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'WebCrypto (crypto.subtle) is not available');
  let k: Awaited<ReturnType<typeof s.importKey>>;
  try {
    k = await s.importKey('raw', ab(key), 'AES-CBC', false, ['decrypt']);
  } catch {
    throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `AES-${key.length * 8}-CBC is not available in this WebCrypto`);
  }
  try {
    return new Uint8Array(await s.decrypt({ name: 'AES-CBC', iv: ab(iv) }, k, ab(data)));
  } catch {
    return wrongPassword();
  }
}

function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (iv.length !== 16) bad('SM4-CBC: IV must be 16 bytes');
  if (data.length === 0 || data.length % 16 !== 0) bad('SM4-CBC: ciphertext is not a whole number of blocks');
  try {
    return sm4Decrypt('cbc', key, iv, data);
  } catch (e) {
    if (isBidSealError(e) && (e.code === 'E_BAD_PADDING' || e.code === 'E_DECRYPT_FAILED')) return wrongPassword();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// PBES2
// ---------------------------------------------------------------------------------------------------

interface CipherSpec {
  keyLen: number;
  decrypt(key: Uint8Array, params: Node | undefined, data: Uint8Array): Promise<Uint8Array>;
}
const ivOf = (params: Node | undefined, len: number, what: string): Uint8Array => {
  const iv = octets(params, `${what} IV`);
  if (iv.length !== len) bad(`${what}: IV must be ${len} bytes`);
  return iv;
};
/** RFC 8018 App. B.2.3: rc2ParameterVersion → effective key bits. */
const rc2Bits = (version: number): number => (version === 160 ? 40 : version === 120 ? 64 : version === 58 ? 128 : version >= 256 ? version : 0);

function pbes2Cipher(algOid: string, params: Node | undefined, kdfKeyLen: number | undefined): CipherSpec {
  switch (algOid) {
    case PBE_OID.aes128cbc:
    case PBE_OID.aes192cbc:
    case PBE_OID.aes256cbc: {
      const keyLen = algOid === PBE_OID.aes128cbc ? 16 : algOid === PBE_OID.aes192cbc ? 24 : 32;
      return { keyLen, decrypt: async (k, p, d) => aesCbcDecrypt(k, ivOf(p, 16, 'AES-CBC'), d) };
    }
    case PBE_OID.sm4Cbc:
    case PBE_OID.sm4:
      return { keyLen: 16, decrypt: async (k, p, d) => sm4CbcDecrypt(k, ivOf(p, 16, 'SM4-CBC'), d) };
    case PBE_OID.desEde3Cbc:
      return { keyLen: 24, decrypt: async (k, p, d) => cbcDecrypt(desEde3(k), ivOf(p, 8, '3DES-CBC'), d) };
    case PBE_OID.desCbc:
      return { keyLen: 8, decrypt: async (k, p, d) => cbcDecrypt(des(k), ivOf(p, 8, 'DES-CBC'), d) };
    case PBE_OID.rc2Cbc: {
      // RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
      const f = seq(params, 'RC2-CBC parameters', 1);
      const bits = f.length > 1 ? rc2Bits(int(f[0], 'RC2 version')) : 32;
      if (!bits) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'RC2-CBC parameter version');
      const iv = ivOf(f[f.length - 1], 8, 'RC2-CBC');
      return { keyLen: kdfKeyLen ?? Math.ceil(bits / 8), decrypt: async (k, _p, d) => cbcDecrypt(rc2(k, bits), iv, d) };
    }
    default:
      throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PBES2 encryption scheme ${algOid}`);
  }
}

async function pbes2Decrypt(params: Node | undefined, data: Uint8Array, pw: PasswordBytes): Promise<Uint8Array> {
  const [kdf, enc] = seq(params, 'PBES2-params', 2);
  const [kdfOid, kdfParams] = seq(kdf, 'PBES2 keyDerivationFunc', 1);
  const kdfAlg = oid(kdfOid, 'PBES2 KDF');
  if (kdfAlg !== PBE_OID.pbkdf2 && kdfAlg !== PBE_OID.gmPbkdf) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PBES2 key derivation ${oid(kdfOid, 'KDF')}`);
  const p = seq(kdfParams, 'PBKDF2-params', 2);
  const salt = octets(p[0], 'PBKDF2 salt');
  const iterations = int(p[1], 'PBKDF2 iterationCount');
  let i = 2;
  let keyLength: number | undefined;
  if (p[i]?.tag === 0x02) keyLength = int(p[i++], 'PBKDF2 keyLength', 128);
  let prf = H.sha1 as HashInfo;
  if (p[i]?.tag === 0x30) prf = prfByOid(oid(seq(p[i], 'PBKDF2 prf', 1)[0], 'PBKDF2 prf'));
  const [encOid, encParams] = seq(enc, 'PBES2 encryptionScheme', 1);
  const cipher = pbes2Cipher(oid(encOid, 'PBES2 cipher'), encParams, keyLength);
  if (keyLength !== undefined && keyLength !== cipher.keyLen) bad('PBKDF2 keyLength does not fit the cipher');
  const key = await pbkdf2(prf, pw.utf8, salt, iterations, cipher.keyLen);
  try {
    return await cipher.decrypt(key, encParams, data);
  } finally {
    key.fill(0);
  }
}

// ---------------------------------------------------------------------------------------------------
// PBES1 and PKCS#12 PBE
// ---------------------------------------------------------------------------------------------------

function saltIter(params: Node | undefined, what: string): { salt: Uint8Array; iterations: number } {
  const f = seq(params, what, 2);
  return { salt: octets(f[0], `${what} salt`), iterations: int(f[1], `${what} iterations`) };
}

function pbes1Decrypt(algOid: string, params: Node | undefined, data: Uint8Array, pw: PasswordBytes): Uint8Array {
  const { salt, iterations } = saltIter(params, 'PBEParameter');
  if (salt.length !== 8) bad('PBES1: salt must be 8 bytes');
  if (iterations < 1 || iterations > MAX_JS_ITERATIONS) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'PBES1 iteration count out of range');
  const h = algOid === PBE_OID.pbeMd5Des || algOid === PBE_OID.pbeMd5Rc2 ? H.md5 : H.sha1;
  let t = h.hash.create().update(pw.utf8).update(salt).digest() as Uint8Array;
  for (let r = 1; r < iterations; r++) t = h.hash(t);
  const key = t.slice(0, 8);
  const iv = t.slice(8, 16);
  t.fill(0);
  const c = algOid === PBE_OID.pbeMd5Des || algOid === PBE_OID.pbeSha1Des ? des(key) : rc2(key, 64);
  key.fill(0);
  return cbcDecrypt(c, iv, data);
}

const P12: Record<string, { keyLen: number; cipher: 'rc4' | '3des' | 'rc2'; bits?: number }> = {
  [PBE_OID.p12Rc4_128]: { keyLen: 16, cipher: 'rc4' },
  [PBE_OID.p12Rc4_40]: { keyLen: 5, cipher: 'rc4' },
  [PBE_OID.p12Des3]: { keyLen: 24, cipher: '3des' },
  [PBE_OID.p12Des2]: { keyLen: 16, cipher: '3des' },
  [PBE_OID.p12Rc2_128]: { keyLen: 16, cipher: 'rc2', bits: 128 },
  [PBE_OID.p12Rc2_40]: { keyLen: 5, cipher: 'rc2', bits: 40 },
};

function pkcs12PbeDecrypt(algOid: string, params: Node | undefined, data: Uint8Array, pw: PasswordBytes): Uint8Array {
  const spec = P12[algOid];
  const { salt, iterations } = saltIter(params, 'pkcs-12PbeParams');
  const key = pkcs12Kdf(H.sha1, pw.bmp, salt, 1, iterations, spec.keyLen);
  try {
    if (spec.cipher === 'rc4') return rc4(key, data); // a stream cipher: no padding to check (callers parse the result)
    const iv = pkcs12Kdf(H.sha1, pw.bmp, salt, 2, iterations, 8);
    return cbcDecrypt(spec.cipher === '3des' ? desEde3(key) : rc2(key, spec.bits!), iv, data);
  } finally {
    key.fill(0);
  }
}

// ---------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------

/** Short readable name of a PBE AlgorithmIdentifier (for diagnostics; never secret). */
export function describePbe(algId: Node): string {
  try {
    const [o, params] = seq(algId, 'AlgorithmIdentifier', 1);
    const a = oid(o, 'algorithm');
    if (a === PBE_OID.pbes2 || a === PBE_OID.gmPbes) {
      const [kdf, enc] = seq(params, 'PBES2-params', 2);
      const p = seq(seq(kdf, 'kdf', 2)[1], 'PBKDF2-params', 2);
      const prfNode = p.find((x) => x.tag === 0x30);
      const prf = prfNode ? (PRF[oid(prfNode.children![0], 'prf')]?.name ?? 'unknown PRF') : 'SHA-1';
      const c = oid(seq(enc, 'enc', 1)[0], 'cipher');
      const names: Record<string, string> = { [PBE_OID.aes128cbc]: 'AES-128-CBC', [PBE_OID.aes192cbc]: 'AES-192-CBC', [PBE_OID.aes256cbc]: 'AES-256-CBC', [PBE_OID.sm4Cbc]: 'SM4-CBC', [PBE_OID.sm4]: 'SM4-CBC', [PBE_OID.desEde3Cbc]: '3DES-CBC', [PBE_OID.desCbc]: 'DES-CBC', [PBE_OID.rc2Cbc]: 'RC2-CBC' };
      return `PBES2(PBKDF2-HMAC-${prf}, ${names[c] ?? c})`;
    }
    const legacy: Record<string, string> = {
      [PBE_OID.p12Des3]: 'pbeWithSHAAnd3-KeyTripleDES-CBC',
      [PBE_OID.p12Des2]: 'pbeWithSHAAnd2-KeyTripleDES-CBC',
      [PBE_OID.p12Rc2_40]: 'pbeWithSHAAnd40BitRC2-CBC',
      [PBE_OID.p12Rc2_128]: 'pbeWithSHAAnd128BitRC2-CBC',
      [PBE_OID.p12Rc4_40]: 'pbeWithSHAAnd40BitRC4',
      [PBE_OID.p12Rc4_128]: 'pbeWithSHAAnd128BitRC4',
      [PBE_OID.pbeMd5Des]: 'pbeWithMD5AndDES-CBC',
      [PBE_OID.pbeSha1Des]: 'pbeWithSHA1AndDES-CBC',
      [PBE_OID.pbeMd5Rc2]: 'pbeWithMD5AndRC2-CBC',
      [PBE_OID.pbeSha1Rc2]: 'pbeWithSHA1AndRC2-CBC',
    };
    return legacy[a] ?? a;
  } catch {
    return 'unknown';
  }
}

/** True for the AlgorithmIdentifiers pbeDecrypt understands. */
export function isPbeAlgorithm(algOid: string): boolean {
  return algOid === PBE_OID.pbes2 || algOid === PBE_OID.gmPbes || algOid in P12 || [PBE_OID.pbeMd5Des, PBE_OID.pbeMd5Rc2, PBE_OID.pbeSha1Des, PBE_OID.pbeSha1Rc2].includes(algOid as never);
}

/**
 * Decrypts `data` under a PBE AlgorithmIdentifier (PBES2, PBES1 or PKCS#12 PBE). A bad padding after
 * decryption is reported as E_WRONG_PASSWORD; unknown schemes as E_UNSUPPORTED_ALGORITHM; malformed
 * parameters as E_BAD_ENCODING.
 */
export async function pbeDecrypt(algId: Node, data: Uint8Array, pw: PasswordBytes): Promise<Uint8Array> {
  const [o, params] = seq(algId, 'encryption AlgorithmIdentifier', 1);
  const a = oid(o, 'encryption algorithm');
  if (a === PBE_OID.pbes2 || a === PBE_OID.gmPbes) return pbes2Decrypt(params, data, pw);
  if (a in P12) return pkcs12PbeDecrypt(a, params, data, pw);
  if (a === PBE_OID.pbeMd5Des || a === PBE_OID.pbeMd5Rc2 || a === PBE_OID.pbeSha1Des || a === PBE_OID.pbeSha1Rc2) return pbes1Decrypt(a, params, data, pw);
  throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `password-based encryption ${a}`);
}

export interface Pbes2Options {
  /** PBKDF2 iterations (default 100 000) */
  iterations?: number;
  /** PRF (default 'sha256'; 'sm3' writes GmSSL's hmacWithSM3 OID) */
  prf?: 'sha256' | 'sha384' | 'sha512' | 'sm3';
  /** cipher (default 'aes-256-cbc') */
  cipher?: 'aes-256-cbc' | 'aes-128-cbc' | 'sm4-cbc';
}

/** PBES2 encryption (RFC 8018 §6.2.1): returns the AlgorithmIdentifier DER and the ciphertext. */
export async function pbes2Encrypt(data: Uint8Array, password: string, opts: Pbes2Options = {}): Promise<{ algorithm: Uint8Array; ciphertext: Uint8Array }> {
  const iterations = opts.iterations ?? 100_000;
  const prfName = opts.prf ?? 'sha256';
  const cipherName = opts.cipher ?? 'aes-256-cbc';
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const keyLen = cipherName === 'aes-256-cbc' ? 32 : 16;
  const key = await pbkdf2(H[prfName], new TextEncoder().encode(password), salt, iterations, keyLen);
  let ciphertext: Uint8Array;
  try {
    if (cipherName === 'sm4-cbc') ciphertext = sm4Encrypt('cbc', key, iv, data);
    else {
      const s = subtle();
      if (!s) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'WebCrypto (crypto.subtle) is not available');
      const k = await s.importKey('raw', ab(key), 'AES-CBC', false, ['encrypt']);
      ciphertext = new Uint8Array(await s.encrypt({ name: 'AES-CBC', iv }, k, ab(data)));
    }
  } finally {
    key.fill(0);
  }
  const cipherOid = cipherName === 'aes-256-cbc' ? PBE_OID.aes256cbc : cipherName === 'aes-128-cbc' ? PBE_OID.aes128cbc : PBE_OID.sm4Cbc;
  const prfAlg = prfName === 'sm3' ? SEQ(OID(PRF_OID.sm3)) : SEQ(OID(PRF_OID[prfName]), NULL());
  const algorithm = SEQ(OID(PBE_OID.pbes2), SEQ(SEQ(OID(PBE_OID.pbkdf2), SEQ(OCT(salt), INT(iterations), prfAlg)), SEQ(OID(cipherOid), OCT(iv))));
  return { algorithm, ciphertext };
}

// ---------------------------------------------------------------------------------------------------
// OpenSSL "traditional" encrypted PEM (RFC 1421 headers Proc-Type: 4,ENCRYPTED + DEK-Info)
// ---------------------------------------------------------------------------------------------------

const DEK: Record<string, { keyLen: number; ivLen: number; kind: 'aes' | '3des' | 'des' | 'sm4' }> = {
  'AES-128-CBC': { keyLen: 16, ivLen: 16, kind: 'aes' },
  'AES-192-CBC': { keyLen: 24, ivLen: 16, kind: 'aes' },
  'AES-256-CBC': { keyLen: 32, ivLen: 16, kind: 'aes' },
  'DES-EDE3-CBC': { keyLen: 24, ivLen: 8, kind: '3des' },
  'DES-CBC': { keyLen: 8, ivLen: 8, kind: 'des' },
  'SM4-CBC': { keyLen: 16, ivLen: 16, kind: 'sm4' },
};

/**
 * Decrypts the body of a traditional OpenSSL encrypted PEM key (`openssl rsa -aes256`, `openssl ec -des3`):
 * key = EVP_BytesToKey(MD5, salt = first 8 IV bytes, count 1). Bad padding → E_WRONG_PASSWORD.
 */
export async function decryptLegacyPem(dekInfo: string, data: Uint8Array, password: string): Promise<Uint8Array> {
  const m = /^\s*([A-Za-z0-9-]+)\s*,\s*([0-9A-Fa-f]+)\s*$/.exec(dekInfo);
  if (!m) return bad('PEM DEK-Info: malformed');
  const spec = DEK[m[1].toUpperCase()];
  if (!spec) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `PEM encryption ${m[1]}`);
  if (m[2].length !== spec.ivLen * 2) bad('PEM DEK-Info: bad IV length');
  const iv = fromHex(m[2]);
  const pw = new TextEncoder().encode(password);
  const key = new Uint8Array(spec.keyLen);
  let prev = new Uint8Array(0);
  for (let off = 0; off < spec.keyLen;) {
    prev = md5.create().update(prev).update(pw).update(iv.subarray(0, 8)).digest();
    key.set(prev.subarray(0, Math.min(16, spec.keyLen - off)), off);
    off += 16;
  }
  try {
    if (spec.kind === 'aes') return await aesCbcDecrypt(key, iv, data);
    if (spec.kind === 'sm4') return sm4CbcDecrypt(key, iv, data);
    return cbcDecrypt(spec.kind === '3des' ? desEde3(key) : des(key), iv, data);
  } finally {
    key.fill(0);
  }
}
