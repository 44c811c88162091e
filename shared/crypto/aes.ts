// Runs anywhere (pure). AES-128/192/256 block cipher (FIPS 197 §5) with T-tables, as a BlockCipher128 for
// the generic streaming modes (block-modes.ts, gcm.ts). Hand-written: WebCrypto has no streaming interface,
// and the app must encrypt multi-GB bids in bounded memory; this runs under the same CBC/GCM code as SM4.
//
// Word convention "lw" (see sm4.ts): a column is the LITTLE-endian reading of its 4 state bytes, so byte
// row r of a column sits in bits 8r..8r+7. The tables below are the usual FIPS 197 T-tables in that form.
import { BidSealError } from '../errors';
import { readLw, writeLw, type BlockCipher128 } from './block-modes';

const xtime = (b: number): number => ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;

// The tables and every function that reads them, in one closure: a bundler (the app, the CLI) turns
// module-level const into var, and V8 folds a table into the code only when it is a const (measured
// bundled: AES-256-CBC ~88 MB/s with var tables, ~140 with these).
const { subWord, invMixColumn, encryptBlock, decryptBlock } = (() => {
  const SBOX = new Uint8Array(256);
  const INV_SBOX = new Uint8Array(256);
  // Te_k[x] = the column MixColumns makes from S[x] in row k; Td_k likewise with InvMixColumns and S⁻¹.
  const TE0 = new Int32Array(256);
  const TE1 = new Int32Array(256);
  const TE2 = new Int32Array(256);
  const TE3 = new Int32Array(256);
  const TD0 = new Int32Array(256);
  const TD1 = new Int32Array(256);
  const TD2 = new Int32Array(256);
  const TD3 = new Int32Array(256);

  function gmul(a: number, b: number): number {
    let r = 0;
    for (; b; b >>>= 1, a = xtime(a)) if (b & 1) r ^= a;
    return r;
  }
  const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

  (function initTables(): void {
    // S-box from the multiplicative inverse in GF(2^8) and the affine map (FIPS 197 §5.1.1)
    for (let x = 0; x < 256; x++) {
      let inv = 0;
      if (x) for (inv = 1; gmul(x, inv) !== 1; inv++);
      let s = inv;
      let r = inv;
      for (let i = 0; i < 4; i++) {
        r = ((r << 1) | (r >>> 7)) & 0xff;
        s ^= r;
      }
      s ^= 0x63;
      SBOX[x] = s;
      INV_SBOX[s] = x;
    }
    for (let x = 0; x < 256; x++) {
      const s = SBOX[x];
      const e = xtime(s) | (s << 8) | (s << 16) | ((xtime(s) ^ s) << 24); // rows [2s, s, s, 3s]
      TE0[x] = e;
      TE1[x] = rotl(e, 8);
      TE2[x] = rotl(e, 16);
      TE3[x] = rotl(e, 24);
      const t = INV_SBOX[x];
      const d = gmul(t, 14) | (gmul(t, 9) << 8) | (gmul(t, 13) << 16) | (gmul(t, 11) << 24); // [14, 9, 13, 11]
      TD0[x] = d;
      TD1[x] = rotl(d, 8);
      TD2[x] = rotl(d, 16);
      TD3[x] = rotl(d, 24);
    }
  })();

  const subWord = (w: number): number => SBOX[w & 255] | (SBOX[(w >>> 8) & 255] << 8) | (SBOX[(w >>> 16) & 255] << 16) | (SBOX[w >>> 24] << 24);
  /** InvMixColumns of one lw column (for the equivalent inverse cipher's round keys, FIPS 197 §5.3.5). */
  const invMixColumn = (w: number): number => TD0[SBOX[w & 255]] ^ TD1[SBOX[(w >>> 8) & 255]] ^ TD2[SBOX[(w >>> 16) & 255]] ^ TD3[SBOX[w >>> 24]];

  function encryptBlock(k: Int32Array, rounds: number, b: Int32Array, o: number): void {
    let s0 = b[o] ^ k[0];
    let s1 = b[o + 1] ^ k[1];
    let s2 = b[o + 2] ^ k[2];
    let s3 = b[o + 3] ^ k[3];
    let i = 4;
    for (let r = 1; r < rounds; r++, i += 4) {
      // ShiftRows: row k of output column j comes from column j+k
      const t0 = TE0[s0 & 255] ^ TE1[(s1 >>> 8) & 255] ^ TE2[(s2 >>> 16) & 255] ^ TE3[s3 >>> 24] ^ k[i];
      const t1 = TE0[s1 & 255] ^ TE1[(s2 >>> 8) & 255] ^ TE2[(s3 >>> 16) & 255] ^ TE3[s0 >>> 24] ^ k[i + 1];
      const t2 = TE0[s2 & 255] ^ TE1[(s3 >>> 8) & 255] ^ TE2[(s0 >>> 16) & 255] ^ TE3[s1 >>> 24] ^ k[i + 2];
      const t3 = TE0[s3 & 255] ^ TE1[(s0 >>> 8) & 255] ^ TE2[(s1 >>> 16) & 255] ^ TE3[s2 >>> 24] ^ k[i + 3];
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
    }
    const S = SBOX;
    b[o] = (S[s0 & 255] | (S[(s1 >>> 8) & 255] << 8) | (S[(s2 >>> 16) & 255] << 16) | (S[s3 >>> 24] << 24)) ^ k[i];
    b[o + 1] = (S[s1 & 255] | (S[(s2 >>> 8) & 255] << 8) | (S[(s3 >>> 16) & 255] << 16) | (S[s0 >>> 24] << 24)) ^ k[i + 1];
    b[o + 2] = (S[s2 & 255] | (S[(s3 >>> 8) & 255] << 8) | (S[(s0 >>> 16) & 255] << 16) | (S[s1 >>> 24] << 24)) ^ k[i + 2];
    b[o + 3] = (S[s3 & 255] | (S[(s0 >>> 8) & 255] << 8) | (S[(s1 >>> 16) & 255] << 16) | (S[s2 >>> 24] << 24)) ^ k[i + 3];
  }

  function decryptBlock(k: Int32Array, rounds: number, b: Int32Array, o: number): void {
    let s0 = b[o] ^ k[0];
    let s1 = b[o + 1] ^ k[1];
    let s2 = b[o + 2] ^ k[2];
    let s3 = b[o + 3] ^ k[3];
    let i = 4;
    for (let r = 1; r < rounds; r++, i += 4) {
      // InvShiftRows: row k of output column j comes from column j-k
      const t0 = TD0[s0 & 255] ^ TD1[(s3 >>> 8) & 255] ^ TD2[(s2 >>> 16) & 255] ^ TD3[s1 >>> 24] ^ k[i];
      const t1 = TD0[s1 & 255] ^ TD1[(s0 >>> 8) & 255] ^ TD2[(s3 >>> 16) & 255] ^ TD3[s2 >>> 24] ^ k[i + 1];
      const t2 = TD0[s2 & 255] ^ TD1[(s1 >>> 8) & 255] ^ TD2[(s0 >>> 16) & 255] ^ TD3[s3 >>> 24] ^ k[i + 2];
      const t3 = TD0[s3 & 255] ^ TD1[(s2 >>> 8) & 255] ^ TD2[(s1 >>> 16) & 255] ^ TD3[s0 >>> 24] ^ k[i + 3];
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
    }
    const S = INV_SBOX;
    b[o] = (S[s0 & 255] | (S[(s3 >>> 8) & 255] << 8) | (S[(s2 >>> 16) & 255] << 16) | (S[s1 >>> 24] << 24)) ^ k[i];
    b[o + 1] = (S[s1 & 255] | (S[(s0 >>> 8) & 255] << 8) | (S[(s3 >>> 16) & 255] << 16) | (S[s2 >>> 24] << 24)) ^ k[i + 1];
    b[o + 2] = (S[s2 & 255] | (S[(s1 >>> 8) & 255] << 8) | (S[(s0 >>> 16) & 255] << 16) | (S[s3 >>> 24] << 24)) ^ k[i + 2];
    b[o + 3] = (S[s3 & 255] | (S[(s2 >>> 8) & 255] << 8) | (S[(s1 >>> 16) & 255] << 16) | (S[s0 >>> 24] << 24)) ^ k[i + 3];
  }

  return { subWord, invMixColumn, encryptBlock, decryptBlock };
})();

export class Aes implements BlockCipher128 {
  private readonly ek: Int32Array;
  private readonly dk: Int32Array;
  private readonly rounds: number;

  constructor(key: Uint8Array) {
    if (!(key instanceof Uint8Array) || (key.length !== 16 && key.length !== 24 && key.length !== 32)) {
      throw new BidSealError('E_INVALID_KEY', 'AES key must be 16, 24 or 32 bytes');
    }
    const nk = key.length >>> 2;
    this.rounds = nk + 6;
    const total = 4 * (this.rounds + 1);
    const ek = new Int32Array(total);
    for (let i = 0; i < nk; i++) ek[i] = readLw(key, 4 * i);
    // key expansion (FIPS 197 §5.2): RotWord on lw = rotate right by one byte; Rcon in row 0 = low byte
    let rcon = 1;
    for (let i = nk; i < total; i++) {
      let t = ek[i - 1];
      if (i % nk === 0) {
        t = subWord((t >>> 8) | (t << 24)) ^ rcon;
        rcon = xtime(rcon);
      } else if (nk > 6 && i % nk === 4) t = subWord(t);
      ek[i] = ek[i - nk] ^ t;
    }
    // decryption keys: rounds in reverse order, InvMixColumns on the middle ones
    const dk = new Int32Array(total);
    for (let r = 0; r <= this.rounds; r++) {
      for (let c = 0; c < 4; c++) {
        const w = ek[4 * (this.rounds - r) + c];
        dk[4 * r + c] = r === 0 || r === this.rounds ? w : invMixColumn(w);
      }
    }
    this.ek = ek;
    this.dk = dk;
  }

  encryptWords(b: Int32Array, o: number): void {
    encryptBlock(this.ek, this.rounds, b, o);
  }

  decryptWords(b: Int32Array, o: number): void {
    decryptBlock(this.dk, this.rounds, b, o);
  }

  encryptWords2(b: Int32Array, o: number): void {
    this.encryptWords(b, o);
    this.encryptWords(b, o + 4);
  }

  decryptWords2(b: Int32Array, o: number): void {
    this.decryptWords(b, o);
    this.decryptWords(b, o + 4);
  }

  /** One 16-byte block, out of place (for key wrap and tests). */
  encryptBlock(block: Uint8Array): Uint8Array {
    return this.oneBlock(block, true);
  }
  decryptBlock(block: Uint8Array): Uint8Array {
    return this.oneBlock(block, false);
  }
  private oneBlock(block: Uint8Array, enc: boolean): Uint8Array {
    if (!(block instanceof Uint8Array) || block.length !== 16) throw new BidSealError('E_INVALID_ARGUMENT', 'AES block must be 16 bytes');
    const w = Int32Array.of(readLw(block, 0), readLw(block, 4), readLw(block, 8), readLw(block, 12));
    if (enc) this.encryptWords(w, 0);
    else this.decryptWords(w, 0);
    const out = new Uint8Array(16);
    for (let i = 0; i < 4; i++) writeLw(out, 4 * i, w[i]);
    w.fill(0);
    return out;
  }

  destroy(): void {
    this.ek.fill(0);
    this.dk.fill(0);
  }
}
