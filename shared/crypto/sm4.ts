// Runs anywhere (pure). SM4 block cipher (GB/T 32907-2016 §6–7): key schedule and the 32-round
// encryption/decryption with T-tables that fold the S-box into the linear transform L.
// Hand-written: no maintained, fast pure-JS SM4 exists (Electron's BoringSSL has none).
//
// Word convention ("lw"): a 128-bit block is four 32-bit words, each the LITTLE-endian reading
// of 4 memory bytes, so the mode code runs an Int32Array view straight over the data with no
// byte swapping. The standard's big-endian words are swapped into this form once, here: in the
// round keys and in the T-tables (bswap(T(bswap y)) is again four lookups, by y's bytes reversed).
import { BidSealError } from '../errors';
import { bswap32, copyIn, readLw, writeLw, type BlockCipher128 } from './block-modes';
import { wasmSm4, type Sm4Bulk } from './sm4-wasm';
import { SBOX, sm4TTables } from './sm4-tables';

export const SM4_BLOCK_SIZE = 16;
export const SM4_KEY_SIZE = 16;

const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

/** The 32 round keys rk_0..rk_31 (§7.3), in standard big-endian form (also for sm4-wasm.ts). */
export function expandKeyBE(key: Uint8Array): Int32Array {
  if (!(key instanceof Uint8Array) || key.length !== SM4_KEY_SIZE) {
    throw new BidSealError('E_INVALID_KEY', `SM4 key must be ${SM4_KEY_SIZE} bytes`);
  }
  const rk = new Int32Array(32);
  let k0 = ((key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3]) ^ FK[0];
  let k1 = ((key[4] << 24) | (key[5] << 16) | (key[6] << 8) | key[7]) ^ FK[1];
  let k2 = ((key[8] << 24) | (key[9] << 16) | (key[10] << 8) | key[11]) ^ FK[2];
  let k3 = ((key[12] << 24) | (key[13] << 16) | (key[14] << 8) | key[15]) ^ FK[3];
  for (let i = 0; i < 32; i++) {
    const c = 4 * i * 7; // CK_i bytes are (4i + j) · 7 mod 256, j = 0..3 (§7.3)
    const ck = (((c & 255) << 24) | (((c + 7) & 255) << 16) | (((c + 14) & 255) << 8) | ((c + 21) & 255)) >>> 0;
    const x = k1 ^ k2 ^ k3 ^ ck;
    const t = (SBOX[x >>> 24] << 24) | (SBOX[(x >>> 16) & 255] << 16) | (SBOX[(x >>> 8) & 255] << 8) | SBOX[x & 255];
    const k4 = k0 ^ t ^ rotl(t, 13) ^ rotl(t, 23); // L' of §7.3
    rk[i] = k4;
    k0 = k1;
    k1 = k2;
    k2 = k3;
    k3 = k4;
  }
  return rk;
}

// The T-tables and the two round functions that read them, in one closure: a bundler (the app, the CLI)
// turns module-level const into var, and V8 folds a table into the code only when it is a const
// (measured bundled: CBC encryption ~122 MB/s with var tables, ~155 with these; AES likewise).
const { crypt1, crypt2 } = (() => {
  const [T0, T1, T2, T3] = sm4TTables();

  // The rounds below are §6.2's X(i+4) = X(i) ^ T(X(i+1) ^ X(i+2) ^ X(i+3) ^ rk(i)), fully
  // unrolled (measured faster in V8 than a loop).

  /**
   * Blocks `b[o..end-1]` (lw words), 32 rounds each, in place; `rk` in lw form (reversed to decrypt).
   * With `chain` (the previous ciphertext block, updated), CBC encryption where the WebAssembly module is
   * not in use (where it is, its cbcenc runs ~4% faster; docs/crypto-sm4-wasm.md): each block is XORed with the
   * block before it, the chaining value kept in locals (one store-to-load round trip and one call less
   * per block than chaining outside: ~3% faster, measured). CBC encryption is bound by this function's
   * serial latency, so the next round's input is formed straight from the two half-sums of lookups
   * (f0, f1) instead of waiting for the updated word: one XOR less per round on the critical path (~8%).
   */
  function crypt1(rk: Int32Array, b: Int32Array, o: number, end: number, chain?: Int32Array): void {
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    if (chain !== undefined) {
      c0 = chain[0];
      c1 = chain[1];
      c2 = chain[2];
      c3 = chain[3];
    }
    for (; o < end; o += 4) {
      let x0 = b[o] ^ c0;
      let x1 = b[o + 1] ^ c1;
      let x2 = b[o + 2] ^ c2;
      let x3 = b[o + 3] ^ c3;
      let t = x1 ^ x2 ^ rk[0] ^ x3;
      let f0 = 0;
      let f1 = 0;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[1] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[2] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[3] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x1 ^ x2 ^ rk[4] ^ x3 ^ f0) ^ f1;
      x3 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[5] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[6] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[7] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x1 ^ x2 ^ rk[8] ^ x3 ^ f0) ^ f1;
      x3 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[9] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[10] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[11] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x1 ^ x2 ^ rk[12] ^ x3 ^ f0) ^ f1;
      x3 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[13] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[14] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[15] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x1 ^ x2 ^ rk[16] ^ x3 ^ f0) ^ f1;
      x3 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[17] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[18] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[19] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x1 ^ x2 ^ rk[20] ^ x3 ^ f0) ^ f1;
      x3 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[21] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[22] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[23] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x1 ^ x2 ^ rk[24] ^ x3 ^ f0) ^ f1;
      x3 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[25] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[26] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[27] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x1 ^ x2 ^ rk[28] ^ x3 ^ f0) ^ f1;
      x3 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x2 ^ x3 ^ rk[29] ^ x0 ^ f0) ^ f1;
      x0 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x3 ^ x0 ^ rk[30] ^ x1 ^ f0) ^ f1;
      x1 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      t = (x0 ^ x1 ^ rk[31] ^ x2 ^ f0) ^ f1;
      x2 ^= f0 ^ f1;
      f0 = T0[t & 255] ^ T1[(t >>> 8) & 255];
      f1 = T2[(t >>> 16) & 255] ^ T3[t >>> 24];
      x3 ^= f0 ^ f1;
      b[o] = x3; // output is (X35, X34, X33, X32), §6.2 R
      b[o + 1] = x2;
      b[o + 2] = x1;
      b[o + 3] = x0;
      if (chain !== undefined) {
        c0 = x3;
        c1 = x2;
        c2 = x1;
        c3 = x0;
      }
    }
    if (chain !== undefined) {
      chain[0] = c0;
      chain[1] = c1;
      chain[2] = c2;
      chain[3] = c3;
    }
  }

  /**
   * Two independent blocks `b[o..o+7]` interleaved: each round is latency-bound (lookup → XOR →
   * next round), so a second block fills the idle cycles (~1.4× for CTR, GCM, ECB, CBC decryption).
   */
  function crypt2(rk: Int32Array, b: Int32Array, o: number): void {
    let x0 = b[o];
    let x1 = b[o + 1];
    let x2 = b[o + 2];
    let x3 = b[o + 3];
    let y0 = b[o + 4];
    let y1 = b[o + 5];
    let y2 = b[o + 6];
    let y3 = b[o + 7];
    let t = 0;
    let u = 0;
    let k = 0;
    k = rk[0];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[1];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[2];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[3];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[4];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[5];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[6];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[7];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[8];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[9];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[10];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[11];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[12];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[13];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[14];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[15];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[16];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[17];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[18];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[19];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[20];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[21];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[22];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[23];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[24];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[25];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[26];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[27];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[28];
    t = x1 ^ x2 ^ k ^ x3;
    u = y1 ^ y2 ^ k ^ y3;
    x0 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y0 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[29];
    t = x2 ^ x3 ^ k ^ x0;
    u = y2 ^ y3 ^ k ^ y0;
    x1 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y1 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[30];
    t = x3 ^ x0 ^ k ^ x1;
    u = y3 ^ y0 ^ k ^ y1;
    x2 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y2 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    k = rk[31];
    t = x0 ^ x1 ^ k ^ x2;
    u = y0 ^ y1 ^ k ^ y2;
    x3 ^= (T0[t & 255] ^ T1[(t >>> 8) & 255]) ^ (T2[(t >>> 16) & 255] ^ T3[t >>> 24]);
    y3 ^= (T0[u & 255] ^ T1[(u >>> 8) & 255]) ^ (T2[(u >>> 16) & 255] ^ T3[u >>> 24]);
    b[o] = x3;
    b[o + 1] = x2;
    b[o + 2] = x1;
    b[o + 3] = x0;
    b[o + 4] = y3;
    b[o + 5] = y2;
    b[o + 6] = y1;
    b[o + 7] = y0;
  }

  return { crypt1, crypt2 };
})();

/** SM4 with an expanded key; holds nothing but the round keys. */
export class Sm4 implements BlockCipher128 {
  private readonly rkEnc: Int32Array;
  private readonly rkDec: Int32Array;
  /** The WebAssembly SIMD path for many blocks at once (sm4-wasm.ts); null where it is unavailable. */
  readonly bulk: Sm4Bulk | null;
  constructor(key: Uint8Array) {
    const be = expandKeyBE(key);
    this.bulk = wasmSm4(be);
    this.rkEnc = new Int32Array(32);
    this.rkDec = new Int32Array(32);
    for (let i = 0; i < 32; i++) {
      this.rkEnc[i] = bswap32(be[i]);
      this.rkDec[31 - i] = this.rkEnc[i];
    }
    be.fill(0);
  }
  encryptWords(b: Int32Array, o: number): void {
    crypt1(this.rkEnc, b, o, o + 4);
  }
  decryptWords(b: Int32Array, o: number): void {
    crypt1(this.rkDec, b, o, o + 4);
  }
  cbcEncryptWords(w: Int32Array, n: number, chain: Int32Array, src?: Uint8Array): void {
    if (this.bulk) return this.bulk.cbcEncrypt(w, n, chain, src);
    if (src) copyIn(w, n, src);
    crypt1(this.rkEnc, w, 0, 4 * n, chain);
  }
  encryptWords2(b: Int32Array, o: number): void {
    crypt2(this.rkEnc, b, o);
  }
  decryptWords2(b: Int32Array, o: number): void {
    crypt2(this.rkDec, b, o);
  }
  /** One 16-byte block, any alignment; convenient, not the fast path. */
  encryptBlock(block: Uint8Array): Uint8Array {
    return this.oneBlock(block, true);
  }
  decryptBlock(block: Uint8Array): Uint8Array {
    return this.oneBlock(block, false);
  }
  destroy(): void {
    this.rkEnc.fill(0);
    this.rkDec.fill(0);
    this.bulk?.destroy();
  }
  private oneBlock(block: Uint8Array, enc: boolean): Uint8Array {
    if (block.length !== SM4_BLOCK_SIZE) throw new BidSealError('E_INVALID_ARGUMENT', 'SM4 block must be 16 bytes');
    const out = new Uint8Array(16);
    const w = new Int32Array(4);
    for (let i = 0; i < 4; i++) w[i] = readLw(block, 4 * i);
    crypt1(enc ? this.rkEnc : this.rkDec, w, 0, 4);
    for (let i = 0; i < 4; i++) writeLw(out, 4 * i, w[i]);
    return out;
  }
}
