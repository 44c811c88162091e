// Runs anywhere (pure). DES and Triple-DES (FIPS 46-3, SP 800-67) in CBC mode, for reading legacy key files
// only: PKCS#12 files exported by Windows and CA tools still use pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292
// App. C), WebCrypto has no DES, and no maintained pure-JS library ships it. Bit-level and slow; not for new data.
import { BidSealError } from '../errors';

// prettier-ignore
const IP = [58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7];
const FP: number[] = new Array(64);
IP.forEach((src, i) => (FP[src - 1] = i + 1));
// prettier-ignore
const E = [32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17, 16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1];
// prettier-ignore
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
// prettier-ignore
const PC1 = [57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4];
// prettier-ignore
const PC2 = [14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
// prettier-ignore
const S = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8, 4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5, 0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1, 13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9, 10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6, 4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8, 9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6, 1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2, 7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];

const bitsOf = (b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(b.length * 8);
  for (let i = 0; i < out.length; i++) out[i] = (b[i >> 3] >> (7 - (i & 7))) & 1;
  return out;
};
const permute = (bits: Uint8Array, table: number[]): Uint8Array => Uint8Array.from(table, (t) => bits[t - 1]);

/** The 16 round keys (48 bits each, as bit arrays) of one DES key. */
function schedule(key: Uint8Array): Uint8Array[] {
  const cd = permute(bitsOf(key), PC1);
  let c = Array.from(cd.subarray(0, 28));
  let d = Array.from(cd.subarray(28));
  const keys: Uint8Array[] = [];
  for (const s of SHIFTS) {
    c = c.slice(s).concat(c.slice(0, s));
    d = d.slice(s).concat(d.slice(0, s));
    keys.push(permute(Uint8Array.from(c.concat(d)), PC2));
  }
  return keys;
}

function block(keys: Uint8Array[], input: Uint8Array, decrypt: boolean): Uint8Array {
  const x = permute(bitsOf(input), IP);
  let l = x.slice(0, 32);
  let r = x.slice(32);
  for (let round = 0; round < 16; round++) {
    const k = keys[decrypt ? 15 - round : round];
    const er = permute(r, E);
    for (let i = 0; i < 48; i++) er[i] ^= k[i];
    const sOut = new Uint8Array(32);
    for (let j = 0; j < 8; j++) {
      const b = er.subarray(6 * j, 6 * j + 6);
      const row = (b[0] << 1) | b[5];
      const col = (b[1] << 3) | (b[2] << 2) | (b[3] << 1) | b[4];
      const v = S[j][row * 16 + col];
      for (let t = 0; t < 4; t++) sOut[4 * j + t] = (v >> (3 - t)) & 1;
    }
    const f = permute(sOut, P);
    const nr = new Uint8Array(32);
    for (let i = 0; i < 32; i++) nr[i] = l[i] ^ f[i];
    l = r;
    r = nr;
  }
  const out = permute(Uint8Array.from([...r, ...l]), FP);
  const bytes = new Uint8Array(8);
  for (let i = 0; i < 64; i++) bytes[i >> 3] |= out[i] << (7 - (i & 7));
  return bytes;
}

export interface BlockCipher {
  blockSize: number;
  encryptBlock(b: Uint8Array): Uint8Array;
  decryptBlock(b: Uint8Array): Uint8Array;
}

/** Single DES (8-byte key; parity bits ignored). */
export function des(key: Uint8Array): BlockCipher {
  if (key.length !== 8) throw new BidSealError('E_INVALID_KEY', 'DES needs an 8-byte key');
  const ks = schedule(key);
  return { blockSize: 8, encryptBlock: (b) => block(ks, b, false), decryptBlock: (b) => block(ks, b, true) };
}

/** Triple DES EDE with a 24-byte (3-key) or 16-byte (2-key, K3 = K1) key. */
export function desEde3(key: Uint8Array): BlockCipher {
  if (key.length !== 24 && key.length !== 16) throw new BidSealError('E_INVALID_KEY', 'Triple-DES needs a 16- or 24-byte key');
  const k1 = schedule(key.subarray(0, 8));
  const k2 = schedule(key.subarray(8, 16));
  const k3 = key.length === 24 ? schedule(key.subarray(16, 24)) : k1;
  return {
    blockSize: 8,
    encryptBlock: (b) => block(k3, block(k2, block(k1, b, false), true), false),
    decryptBlock: (b) => block(k1, block(k2, block(k3, b, true), false), true),
  };
}

/** CBC decryption without padding removal (callers check PKCS#7 padding: see pbe.ts). */
export function cbcDecryptRaw(c: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const n = c.blockSize;
  if (iv.length !== n) throw new BidSealError('E_BAD_ENCODING', `CBC: IV must be ${n} bytes`);
  if (data.length === 0 || data.length % n !== 0) throw new BidSealError('E_BAD_ENCODING', 'CBC: ciphertext is not a whole number of blocks');
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let o = 0; o < data.length; o += n) {
    const cur = data.subarray(o, o + n);
    const p = c.decryptBlock(cur);
    for (let i = 0; i < n; i++) out[o + i] = p[i] ^ prev[i];
    prev = cur;
  }
  return out;
}

/** CBC encryption with PKCS#7 padding (used by tests and for symmetry). */
export function cbcEncrypt(c: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const n = c.blockSize;
  const pad = n - (data.length % n);
  const buf = new Uint8Array(data.length + pad);
  buf.set(data);
  buf.fill(pad, data.length);
  let prev = iv;
  for (let o = 0; o < buf.length; o += n) {
    const x = buf.slice(o, o + n);
    for (let i = 0; i < n; i++) x[i] ^= prev[i];
    prev = c.encryptBlock(x);
    buf.set(prev, o);
  }
  return buf;
}
