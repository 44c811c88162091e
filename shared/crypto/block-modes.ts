// Runs anywhere (pure). Streaming ECB, CBC (PKCS#7 padding) and CTR (128-bit big-endian counter)
// over any 128-bit block cipher: GB/T 17964-2021 §5–6, §9 (= NIST SP 800-38A), PKCS#7 per RFC 5652 §6.3.
// Hand-written: no maintained JS library offers these modes over SM4 at speed; they work in place
// on Int32Array views and let the cipher interleave two independent blocks.
//
// Data is processed in whole blocks in the output (a fresh array from update(), the caller's buffer with
// updateInto()), read as lw words (each word = little-endian reading of 4 bytes; see sm4.ts): in place
// there, or read from the chunk itself by a bulk engine that copies it into its own memory anyway.
// Up to one block is held back between calls, so the output may be empty; final() flushes it.
import { BidSealError } from '../errors';

/** A 128-bit block cipher working in place on four lw words `b[o..o+3]`. */
export interface BlockCipher128 {
  encryptWords(b: Int32Array, o: number): void;
  decryptWords(b: Int32Array, o: number): void;
  /** Two consecutive blocks `b[o..o+7]`; lets the cipher interleave them (independent blocks only). */
  encryptWords2(b: Int32Array, o: number): void;
  decryptWords2(b: Int32Array, o: number): void;
  /**
   * CBC encryption of `n` blocks into `w`, `chain` the previous ciphertext block (IV first), updated.
   * The input is `w` itself, or `src` when given (see BlockStream.blocks).
   */
  cbcEncryptWords?(w: Int32Array, n: number, chain: Int32Array, src?: Uint8Array): void;
  /** Zeroes the key material; the object must not be used afterwards. */
  destroy(): void;
  /** Multi-block operations of a faster engine (SM4's WebAssembly SIMD path), used by the modes when present. */
  readonly bulk?: BlockBulk | null;
}

/**
 * Whole-block operations, many blocks per call, writing the bytes of `w` (lw words). The input is `w`
 * itself, or `src` when given: 16n bytes that are w's own or do not overlap them (see BlockStream.blocks).
 * Counter and chaining blocks are 16 bytes as in the data; the engine updates them.
 */
export interface BlockBulk {
  ecb(w: Int32Array, n: number, decrypt: boolean, src?: Uint8Array): void;
  /** XORs the keystream from `counter`, advanced by n (the whole block as one number, or its last 32 bits when inc32). */
  ctr(w: Int32Array, n: number, counter: Uint8Array, inc32: boolean, src?: Uint8Array): void;
  /** CBC decryption; `chain` is the previous ciphertext block. */
  cbcDecrypt(w: Int32Array, n: number, chain: Uint8Array, src?: Uint8Array): void;
  /**
   * GCM in one pass: ctr (inc32) and GHASH of the ciphertext (after encrypting, before decrypting) with
   * `ghash`, a GHASH table of the same engine, and its state `x` (lw words, updated). False: not fused,
   * and nothing was read or written.
   */
  gcm?(w: Int32Array, n: number, counter: Uint8Array, ghash: object, x: Int32Array, decrypt: boolean, src?: Uint8Array): boolean;
}

/** Streaming cipher, shaped like Node's Cipher but pure and synchronous. */
export interface StreamCipher {
  /** Processes a chunk of any length; returns the output available so far (possibly empty). */
  update(chunk: Uint8Array): Uint8Array;
  /**
   * update() into the caller's memory, as EVP_CipherUpdate does: writes the output to `out` from `at`
   * and returns its length (outputLength(chunk.length), possibly 0). `out` may be the chunk's own memory
   * (in place); a loop that reuses one output buffer allocates nothing per chunk. E_INVALID_ARGUMENT when
   * `out` has less room than that length.
   */
  updateInto(chunk: Uint8Array, out: Uint8Array, at?: number): number;
  /** The length update() or updateInto() returns for a next chunk of `len` bytes (≤ len + 15). */
  outputLength(len: number): number;
  /** Flushes the held-back tail (padding, partial block, tag check); the object is then spent. */
  final(): Uint8Array;
}

/** Byte swap: converts between a standard big-endian word and its lw form. */
export const bswap32 = (x: number): number => (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
/** lw word from 4 bytes at any offset (explicit byte arithmetic, independent of host endianness). */
export const readLw = (a: Uint8Array, i: number): number => a[i] | (a[i + 1] << 8) | (a[i + 2] << 16) | (a[i + 3] << 24);
export function writeLw(a: Uint8Array, i: number, w: number): void {
  a[i] = w;
  a[i + 1] = w >>> 8;
  a[i + 2] = w >>> 16;
  a[i + 3] = w >>> 24;
}
/** 4 bytes of a standard big-endian word. */
export function writeBe(a: Uint8Array, i: number, w: number): void {
  a[i] = w >>> 24;
  a[i + 1] = w >>> 16;
  a[i + 2] = w >>> 8;
  a[i + 3] = w;
}
/** Standard big-endian word from 4 bytes. */
export const readBe = (a: Uint8Array, i: number): number => (a[i] << 24) | (a[i + 1] << 16) | (a[i + 2] << 8) | a[i + 3];

/** On little-endian hosts (every Electron target) an Int32Array view yields lw words directly. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Runs `fn` over `buf` (byteOffset and length multiples of 4 and 16) as lw words, in place.
 * On a big-endian host the words are swapped before and after; untested there, but cheap and exact.
 */
export function withWords(buf: Uint8Array, fn: (w: Int32Array, nBlocks: number) => void): void {
  const w = new Int32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
  if (!LITTLE_ENDIAN_HOST) for (let i = 0; i < w.length; i++) w[i] = bswap32(w[i]);
  fn(w, buf.length >>> 4);
  if (!LITTLE_ENDIAN_HOST) for (let i = 0; i < w.length; i++) w[i] = bswap32(w[i]);
}

/** Copies the input `src` into the bytes of whole blocks `w[0 .. 4n)` (little-endian hosts only). */
export function copyIn(w: Int32Array, n: number, src: Uint8Array): void {
  new Uint8Array(w.buffer, w.byteOffset, 16 * n).set(src);
}

/**
 * Whether block output written to `dst` can never overwrite input of `src` not yet read: they are the
 * same bytes or do not overlap. Views of shared memory are never taken as apart (two of them may alias).
 */
function apart(src: Uint8Array, dst: Uint8Array): boolean {
  if (!(src.buffer instanceof ArrayBuffer) || !(dst.buffer instanceof ArrayBuffer)) return false;
  if (src.buffer !== dst.buffer || src.byteOffset === dst.byteOffset) return true;
  return src.byteOffset + src.length <= dst.byteOffset || dst.byteOffset + dst.length <= src.byteOffset;
}

export function checkIv(iv: Uint8Array | undefined, len: number, mode: string): Uint8Array {
  if (!(iv instanceof Uint8Array) || iv.length !== len) {
    throw new BidSealError('E_INVALID_ARGUMENT', `${mode} IV must be ${len} bytes`);
  }
  return iv;
}

/**
 * Block-buffering skeleton: hands whole blocks to `blocks()` in place, keeps the remainder
 * (and, when `holdLast`, the last full block, for padding removal) for the next call / final().
 */
export abstract class BlockStream implements StreamCipher {
  private readonly pend = new Uint8Array(16);
  private pendLen = 0;
  /** the next held-back bytes, saved before the output (which may overlap them) is written */
  private readonly spare = new Uint8Array(16);
  private done = false;
  protected constructor(
    protected readonly cipher: BlockCipher128,
    private readonly holdLast: boolean,
  ) {}

  /**
   * Processes `n` whole blocks into the lw words `w[0 .. 4n)`. The input is `w` itself, or `src` (16n
   * bytes, w's own or apart from them) when given; it is given only when the cipher has a bulk engine,
   * which then reads it directly and so saves a copy. A path that works in place copies it in first.
   */
  protected abstract blocks(w: Int32Array, n: number, src?: Uint8Array): void;
  /** Produces the last output from the held-back bytes (0..16 of them). */
  protected abstract finish(tail: Uint8Array): Uint8Array;

  outputLength(len: number): number {
    const total = this.pendLen + len;
    const n = total - (total % 16);
    return this.holdLast && n === total && n > 0 ? n - 16 : n;
  }

  update(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.outputLength(chunk?.length ?? 0));
    this.updateInto(chunk, out);
    return out;
  }

  updateInto(chunk: Uint8Array, out: Uint8Array, at = 0): number {
    if (this.done) throw new BidSealError('E_INVALID_ARGUMENT', 'cipher already finalised');
    if (!(chunk instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'chunk must be a Uint8Array');
    const n = this.outputLength(chunk.length);
    if (!(out instanceof Uint8Array) || !Number.isSafeInteger(at) || at < 0 || out.length - at < n) {
      throw new BidSealError('E_INVALID_ARGUMENT', `the output buffer has no room for ${n} bytes`);
    }
    this.count(chunk.length);
    const have = this.pendLen;
    const total = have + chunk.length;
    if (n === 0) {
      this.pend.set(chunk, have);
      this.pendLen = total;
      return 0;
    }
    // the modes work on Int32Array views: unaligned output goes through aligned scratch
    const aligned = (out.byteOffset + at) % 4 === 0;
    const dst = aligned ? out.subarray(at, at + n) : new Uint8Array(n);
    const take = n - have;
    // the held-back tail first: in place, dst covers the chunk's bytes from `take` on when have > 0
    const rest = total - n;
    this.spare.set(chunk.subarray(take));
    // With nothing held back, a bulk engine reads the blocks from the chunk itself: one copy fewer.
    const src = have === 0 && this.cipher.bulk && LITTLE_ENDIAN_HOST && apart(chunk.subarray(0, n), dst) ? chunk.subarray(0, n) : undefined;
    if (!src) {
      dst.set(take === chunk.length ? chunk : chunk.subarray(0, take), have); // set() copies as if through a buffer when they overlap
      dst.set(this.pend.subarray(0, have));
    }
    this.pend.set(this.spare.subarray(0, rest));
    this.pendLen = rest;
    if (src) this.blocks(new Int32Array(dst.buffer, dst.byteOffset, n >>> 2), n >>> 4, src);
    else withWords(dst, (w, nb) => this.blocks(w, nb));
    if (!aligned) {
      out.set(dst, at);
      dst.fill(0);
    }
    return n;
  }

  final(): Uint8Array {
    if (this.done) throw new BidSealError('E_INVALID_ARGUMENT', 'cipher already finalised');
    this.done = true;
    try {
      return this.finish(this.pend.subarray(0, this.pendLen));
    } finally {
      this.pend.fill(0);
      this.spare.fill(0);
      this.cipher.destroy();
    }
  }

  /** Hook for length limits (GCM); called with every chunk length before processing. */
  protected count(_len: number): void {}

  /** Runs one block of bytes (copied to aligned scratch) through `blocks()`; returns the scratch. */
  protected oneBlock(bytes: Uint8Array): Uint8Array {
    const s = new Uint8Array(16);
    s.set(bytes);
    withWords(s, (w) => this.blocks(w, 1));
    return s;
  }
}

function pkcs7Pad(tail: Uint8Array): Uint8Array {
  const p = new Uint8Array(16).fill(16 - tail.length);
  p.set(tail);
  return p;
}

/** Strips PKCS#7 padding from the decrypted last block; checks every pad byte without early exit. */
function pkcs7Unpad(last: Uint8Array): Uint8Array {
  const n = last[15];
  let bad = (n === 0 ? 1 : 0) | (n > 16 ? 1 : 0);
  for (let i = 0; i < 16; i++) {
    // byte i is padding iff i >= 16 - n; it must then equal n
    const isPad = i >= 16 - n ? 1 : 0;
    bad |= isPad & (last[i] !== n ? 1 : 0);
  }
  if (bad) throw new BidSealError('E_BAD_PADDING', 'invalid PKCS#7 padding');
  return last.slice(0, 16 - n);
}

function finishPaddedEncrypt(pad: boolean, tail: Uint8Array, run: (b: Uint8Array) => Uint8Array): Uint8Array {
  if (pad) return run(pkcs7Pad(tail));
  if (tail.length) throw new BidSealError('E_INVALID_ARGUMENT', 'data length is not a multiple of 16 bytes (padding disabled)');
  return new Uint8Array(0);
}

function finishPaddedDecrypt(pad: boolean, tail: Uint8Array, run: (b: Uint8Array) => Uint8Array): Uint8Array {
  if (pad) {
    if (tail.length !== 16) throw new BidSealError('E_TRUNCATED', 'ciphertext is empty or not a multiple of 16 bytes');
    const last = run(tail);
    try {
      return pkcs7Unpad(last);
    } finally {
      last.fill(0);
    }
  }
  if (tail.length) throw new BidSealError('E_TRUNCATED', 'ciphertext is not a multiple of 16 bytes');
  return new Uint8Array(0);
}

export class EcbEncrypt extends BlockStream {
  constructor(
    cipher: BlockCipher128,
    readonly pad: boolean,
  ) {
    super(cipher, false);
  }
  protected blocks(w: Int32Array, n: number, src?: Uint8Array): void {
    const c = this.cipher;
    if (c.bulk) return c.bulk.ecb(w, n, false, src);
    if (src) copyIn(w, n, src);
    const end = 4 * n;
    let o = 0;
    for (; o + 8 <= end; o += 8) c.encryptWords2(w, o);
    if (o < end) c.encryptWords(w, o);
  }
  protected finish(tail: Uint8Array): Uint8Array {
    return finishPaddedEncrypt(this.pad, tail, (b) => this.oneBlock(b));
  }
}

export class EcbDecrypt extends BlockStream {
  constructor(
    cipher: BlockCipher128,
    readonly pad: boolean,
  ) {
    super(cipher, pad);
  }
  protected blocks(w: Int32Array, n: number, src?: Uint8Array): void {
    const c = this.cipher;
    if (c.bulk) return c.bulk.ecb(w, n, true, src);
    if (src) copyIn(w, n, src);
    const end = 4 * n;
    let o = 0;
    for (; o + 8 <= end; o += 8) c.decryptWords2(w, o);
    if (o < end) c.decryptWords(w, o);
  }
  protected finish(tail: Uint8Array): Uint8Array {
    return finishPaddedDecrypt(this.pad, tail, (b) => this.oneBlock(b));
  }
}

export class CbcEncrypt extends BlockStream {
  private readonly chain = new Int32Array(4); // previous ciphertext block (IV first), lw words
  constructor(
    cipher: BlockCipher128,
    iv: Uint8Array,
    readonly pad: boolean,
  ) {
    super(cipher, false);
    checkIv(iv, 16, 'CBC');
    for (let i = 0; i < 4; i++) this.chain[i] = readLw(iv, 4 * i);
  }
  protected blocks(w: Int32Array, n: number, src?: Uint8Array): void {
    const c = this.cipher;
    const chain = this.chain;
    if (c.cbcEncryptWords) return c.cbcEncryptWords(w, n, chain, src);
    if (src) copyIn(w, n, src);
    let c0 = chain[0];
    let c1 = chain[1];
    let c2 = chain[2];
    let c3 = chain[3];
    for (let o = 0, end = 4 * n; o < end; o += 4) {
      w[o] ^= c0;
      w[o + 1] ^= c1;
      w[o + 2] ^= c2;
      w[o + 3] ^= c3;
      c.encryptWords(w, o);
      c0 = w[o];
      c1 = w[o + 1];
      c2 = w[o + 2];
      c3 = w[o + 3];
    }
    chain[0] = c0;
    chain[1] = c1;
    chain[2] = c2;
    chain[3] = c3;
  }
  protected finish(tail: Uint8Array): Uint8Array {
    return finishPaddedEncrypt(this.pad, tail, (b) => this.oneBlock(b));
  }
}

export class CbcDecrypt extends BlockStream {
  private readonly chain = new Int32Array(4); // previous ciphertext block (IV first), lw words
  constructor(
    cipher: BlockCipher128,
    iv: Uint8Array,
    readonly pad: boolean,
  ) {
    super(cipher, pad);
    checkIv(iv, 16, 'CBC');
    for (let i = 0; i < 4; i++) this.chain[i] = readLw(iv, 4 * i);
  }
  protected blocks(w: Int32Array, n: number, src?: Uint8Array): void {
    const c = this.cipher;
    const chain = this.chain;
    // (a bulk engine exists only on little-endian hosts, where chain's bytes are the block's)
    if (c.bulk) return c.bulk.cbcDecrypt(w, n, new Uint8Array(chain.buffer, chain.byteOffset, 16), src);
    if (src) copyIn(w, n, src);
    let c0 = chain[0];
    let c1 = chain[1];
    let c2 = chain[2];
    let c3 = chain[3];
    const end = 4 * n;
    let o = 0;
    for (; o + 8 <= end; o += 8) {
      // two blocks at once: CBC decryption is parallel (P_i = D(C_i) ^ C_{i-1})
      const y0 = w[o];
      const y1 = w[o + 1];
      const y2 = w[o + 2];
      const y3 = w[o + 3];
      const y4 = w[o + 4];
      const y5 = w[o + 5];
      const y6 = w[o + 6];
      const y7 = w[o + 7];
      c.decryptWords2(w, o);
      w[o] ^= c0;
      w[o + 1] ^= c1;
      w[o + 2] ^= c2;
      w[o + 3] ^= c3;
      w[o + 4] ^= y0;
      w[o + 5] ^= y1;
      w[o + 6] ^= y2;
      w[o + 7] ^= y3;
      c0 = y4;
      c1 = y5;
      c2 = y6;
      c3 = y7;
    }
    if (o < end) {
      const y0 = w[o];
      const y1 = w[o + 1];
      const y2 = w[o + 2];
      const y3 = w[o + 3];
      c.decryptWords(w, o);
      w[o] ^= c0;
      w[o + 1] ^= c1;
      w[o + 2] ^= c2;
      w[o + 3] ^= c3;
      c0 = y0;
      c1 = y1;
      c2 = y2;
      c3 = y3;
    }
    chain[0] = c0;
    chain[1] = c1;
    chain[2] = c2;
    chain[3] = c3;
  }
  protected finish(tail: Uint8Array): Uint8Array {
    return finishPaddedDecrypt(this.pad, tail, (b) => this.oneBlock(b));
  }
}

/**
 * CTR with the whole 16-byte IV as the initial counter block, incremented as one 128-bit
 * big-endian integer (wrapping mod 2^128), as OpenSSL and GmSSL do. Encryption = decryption.
 */
export class Ctr extends BlockStream {
  // counter as standard big-endian words, in a typed array (no boxed heap numbers; see gcm.ts)
  private readonly ctr = new Uint32Array(4);
  private readonly ks = new Int32Array(8);
  constructor(cipher: BlockCipher128, iv: Uint8Array) {
    super(cipher, false);
    checkIv(iv, 16, 'CTR');
    for (let i = 0; i < 4; i++) this.ctr[i] = readBe(iv, 4 * i);
  }
  protected blocks(w: Int32Array, n: number, src?: Uint8Array): void {
    const c = this.cipher;
    const ks = this.ks;
    const end = 4 * n;
    const ctr = this.ctr;
    if (c.bulk) {
      const block = new Uint8Array(16);
      for (let i = 0; i < 4; i++) writeBe(block, 4 * i, ctr[i]);
      c.bulk.ctr(w, n, block, false, src);
      for (let i = 0; i < 4; i++) ctr[i] = readBe(block, 4 * i);
      return;
    }
    if (src) copyIn(w, n, src);
    let n3 = ctr[3];
    let l0 = bswap32(ctr[0]);
    let l1 = bswap32(ctr[1]);
    let l2 = bswap32(ctr[2]);
    // Counter blocks are generated in pairs so the cipher can interleave two blocks.
    for (let o = 0; o < end; o += 8) {
      ks[0] = l0;
      ks[1] = l1;
      ks[2] = l2;
      ks[3] = bswap32(n3);
      n3 = (n3 + 1) >>> 0;
      if (n3 === 0) {
        this.carry();
        l0 = bswap32(ctr[0]);
        l1 = bswap32(ctr[1]);
        l2 = bswap32(ctr[2]);
      }
      const two = o + 8 <= end;
      if (two) {
        ks[4] = l0;
        ks[5] = l1;
        ks[6] = l2;
        ks[7] = bswap32(n3);
        n3 = (n3 + 1) >>> 0;
        if (n3 === 0) {
          this.carry();
          l0 = bswap32(ctr[0]);
          l1 = bswap32(ctr[1]);
          l2 = bswap32(ctr[2]);
        }
        c.encryptWords2(ks, 0);
        w[o + 4] ^= ks[4];
        w[o + 5] ^= ks[5];
        w[o + 6] ^= ks[6];
        w[o + 7] ^= ks[7];
      } else {
        c.encryptWords(ks, 0);
      }
      w[o] ^= ks[0];
      w[o + 1] ^= ks[1];
      w[o + 2] ^= ks[2];
      w[o + 3] ^= ks[3];
    }
    ctr[3] = n3;
    ks.fill(0);
  }
  /** Carries into words 2, 1, 0 when word 3 wrapped (128-bit increment, wraps mod 2^128). */
  private carry(): void {
    const c = this.ctr;
    for (let i = 2; i >= 0; i--) {
      c[i] += 1; // stored mod 2^32 by the Uint32Array (the expression value is not)
      if (c[i] !== 0) return;
    }
  }
  protected finish(tail: Uint8Array): Uint8Array {
    if (tail.length === 0) return new Uint8Array(0);
    const s = this.oneBlock(tail);
    const out = s.slice(0, tail.length);
    s.fill(0);
    return out;
  }
}
