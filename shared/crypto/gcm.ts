// Runs anywhere (pure). GCM (NIST SP 800-38D; SM4-GCM per GB/T 36624-2018 and RFC 8998 §3) over
// any 128-bit block cipher, streaming. GHASH: in the WebAssembly module (sm4-wasm.ts) by 16
// per-byte-position tables of 256 entries; in TS by emulated carry-less multiplication, without tables.
// Hand-written: no maintained pure-JS GCM is generic over a non-AES cipher.
//
// SECURITY NOTE — streaming decryption releases UNAUTHENTICATED plaintext from update() before
// final() has checked the tag. Callers must write it to a `.partial` file and delete that file
// when final() throws E_AUTH_TAG_MISMATCH; only a successful final() makes the output valid.
import { BidSealError } from '../errors';
import { BlockStream, bswap32, copyIn, readLw, withWords, writeBe, writeLw, type BlockCipher128 } from './block-modes';
import { wasmGhash, type GhashBulk } from './sm4-wasm';

/** GCM caps a message at 2^32 - 2 blocks (§5.2.1.1); more would reuse counter blocks. */
export const GCM_MAX_BYTES = (2 ** 32 - 2) * 16;
export const GCM_MIN_TAG = 12;
export const GCM_MAX_TAG = 16;

// The TS path multiplies without tables: carry-less 32×32-bit products emulated with integer
// multiplications of operands masked to every fourth bit (each class of positions collects at most 8
// terms, so the sums never carry into the next position of the class), the high halves from the
// products of the bit-reversed words (rev(a)·rev(b) = rev(a·b)); no memory index depends on H or the data.

/** Low 32 bits of the carry-less product of two 32-bit words. */
function bmul32(x: number, y: number): number {
  const x0 = x & 0x11111111,
    x1 = x & 0x22222222,
    x2 = x & 0x44444444,
    x3 = x & 0x88888888;
  const y0 = y & 0x11111111,
    y1 = y & 0x22222222,
    y2 = y & 0x44444444,
    y3 = y & 0x88888888;
  const z0 = Math.imul(x0, y0) ^ Math.imul(x1, y3) ^ Math.imul(x2, y2) ^ Math.imul(x3, y1);
  const z1 = Math.imul(x0, y1) ^ Math.imul(x1, y0) ^ Math.imul(x2, y3) ^ Math.imul(x3, y2);
  const z2 = Math.imul(x0, y2) ^ Math.imul(x1, y1) ^ Math.imul(x2, y0) ^ Math.imul(x3, y3);
  const z3 = Math.imul(x0, y3) ^ Math.imul(x1, y2) ^ Math.imul(x2, y1) ^ Math.imul(x3, y0);
  return (z0 & 0x11111111) | (z1 & 0x22222222) | (z2 & 0x44444444) | (z3 & 0x88888888);
}

function rev32(x: number): number {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >>> 16) | (x << 16);
}

const U = new Int32Array(8); // the 256-bit product, little-endian words
const UR = new Int32Array(8); // column sums of the reversed products

/**
 * GHASH_H over lw words: in the WebAssembly module when it loads (8-bit tables of H and H², built in the
 * module's memory: sm4-wasm.ts), else by the table-free TS multiplication above.
 */
export class Ghash {
  // H as big-endian words, least significant first, and the same bit-reversed (the TS path)
  private readonly hb = new Int32Array(4);
  private readonly hr = new Int32Array(4);
  // State in a typed array, not number fields: int32 values outside the 31-bit Smi range would
  // box as heap numbers and, with fresh instances, made V8 deoptimise this loop repeatedly.
  // (public for the fused WASM path, GcmCounter.fused)
  readonly x = new Int32Array(4);
  /** The tables in the WebAssembly module when it loads (sm4-wasm.ts), else null. */
  readonly wasm: GhashBulk | null;
  /** `h` = E_K(0^128) as four lw words. */
  constructor(h: Int32Array) {
    for (let k = 0; k < 4; k++) {
      this.hb[k] = bswap32(h[3 - k]);
      this.hr[k] = rev32(this.hb[k]);
    }
    // the WASM path absorbs two blocks a step, (X ^ C1)·H² ^ C2·H, so it also needs H² = H·H (computed
    // here by the TS path: this.wasm is not set yet)
    this.wasm = wasmGhash(h, () => {
      this.blocks(h.slice(), 0, 1);
      const h2 = this.x.slice();
      this.reset();
      return h2;
    });
  }

  /** Absorbs `n` blocks of lw words starting at word offset `o`: X = (X ^ C) · H. */
  blocks(w: Int32Array, o: number, n: number): void {
    if (this.wasm) return this.wasm.blocks(w, o, n, this.x);
    const x = this.x,
      hb = this.hb,
      hr = this.hr;
    const u = U,
      ur = UR;
    for (let end = o + 4 * n; o < end; o += 4) {
      // X ^ C as big-endian words, least significant first (a[0] = bytes 12..15)
      const a0 = bswap32(x[3] ^ w[o + 3]),
        a1 = bswap32(x[2] ^ w[o + 2]),
        a2 = bswap32(x[1] ^ w[o + 1]),
        a3 = bswap32(x[0] ^ w[o]);
      const ar0 = rev32(a0),
        ar1 = rev32(a1),
        ar2 = rev32(a2),
        ar3 = rev32(a3);
      u.fill(0);
      ur.fill(0);
      for (let j = 0; j < 4; j++) {
        const b = hb[j],
          br = hr[j];
        u[j] ^= bmul32(a0, b);
        u[j + 1] ^= bmul32(a1, b);
        u[j + 2] ^= bmul32(a2, b);
        u[j + 3] ^= bmul32(a3, b);
        ur[j] ^= bmul32(ar0, br);
        ur[j + 1] ^= bmul32(ar1, br);
        ur[j + 2] ^= bmul32(ar2, br);
        ur[j + 3] ^= bmul32(ar3, br);
      }
      // high halves: word k + 1 of the product gets bits 32..62 of the column-k products
      for (let k = 0; k < 7; k++) u[k + 1] ^= rev32(ur[k]) >>> 1;
      // GCM's bit order is reflected: the 255-bit product shifted left by one is the reflected result
      for (let k = 7; k > 0; k--) u[k] = (u[k] << 1) | (u[k - 1] >>> 31);
      u[0] <<= 1;
      // reduce the low 128 bits (degrees 128..254) by x^128 = x^7 + x^2 + x + 1
      for (let k = 0; k < 4; k++) {
        const lw = u[k];
        u[k + 4] ^= lw ^ (lw >>> 1) ^ (lw >>> 2) ^ (lw >>> 7);
        u[k + 3] ^= (lw << 31) ^ (lw << 30) ^ (lw << 25);
      }
      x[0] = bswap32(u[7]);
      x[1] = bswap32(u[6]);
      x[2] = bswap32(u[5]);
      x[3] = bswap32(u[4]);
    }
    U.fill(0);
    UR.fill(0);
  }

  /** Absorbs bytes, zero-padded to a whole number of blocks. */
  bytes(b: Uint8Array): void {
    if (b.length === 0) return;
    const s = new Uint8Array(Math.ceil(b.length / 16) * 16);
    s.set(b);
    withWords(s, (w, n) => this.blocks(w, 0, n));
  }

  /** Absorbs the final length block [len(A)]_64 ‖ [len(C)]_64, lengths in bytes. */
  lengths(aadBytes: number, dataBytes: number): void {
    const w = new Int32Array(4);
    w[0] = bswap32(Math.floor(aadBytes / 2 ** 29));
    w[1] = bswap32((aadBytes % 2 ** 29) * 8);
    w[2] = bswap32(Math.floor(dataBytes / 2 ** 29));
    w[3] = bswap32((dataBytes % 2 ** 29) * 8);
    this.blocks(w, 0, 1);
  }

  /** The current state as lw words. */
  state(): Int32Array {
    return this.x.slice();
  }

  reset(): void {
    this.x.fill(0);
  }

  destroy(): void {
    this.hb.fill(0);
    this.hr.fill(0);
    this.wasm?.destroy();
    this.reset();
  }
}

export interface GcmOptions {
  aad?: Uint8Array;
  /** bytes, 12..16; default 16 */
  tagLength?: number;
}

function checkTagLength(n: number): number {
  if (!Number.isInteger(n) || n < GCM_MIN_TAG || n > GCM_MAX_TAG) {
    throw new BidSealError('E_INVALID_ARGUMENT', `GCM tag length must be ${GCM_MIN_TAG}..${GCM_MAX_TAG} bytes`);
  }
  return n;
}

/**
 * GCM's counter mode: inc32 on the last word of the counter block (wraps mod 2^32, §6.2).
 * A class of its own (not a method of GcmBase) so the hot loop stays monomorphic when both
 * GcmEncrypt and GcmDecrypt run in one process (measured: ~25% slower otherwise).
 */
class GcmCounter {
  // [c0, c1, c2] lw words of the counter block, [3] = last word in standard big-endian form
  private readonly cb = new Int32Array(4);
  private readonly ks = new Int32Array(8);
  constructor(
    private readonly cipher: BlockCipher128,
    j0: Int32Array,
  ) {
    this.cb.set(j0);
    this.cb[3] = bswap32(j0[3]);
  }
  /** The 16-byte counter block of the next data block. */
  private next(): Uint8Array {
    const cb = this.cb;
    const block = new Uint8Array(16);
    for (let i = 0; i < 3; i++) writeLw(block, 4 * i, cb[i]);
    writeBe(block, 12, cb[3] + 1);
    return block;
  }
  /** CTR and GHASH in one pass of the cipher's bulk engine, when it has one and GHASH runs there too. */
  fused(w: Int32Array, n: number, ghash: Ghash, decrypt: boolean, src: Uint8Array | undefined): boolean {
    const gcm = this.cipher.bulk?.gcm;
    if (!gcm || !ghash.wasm || !gcm.call(this.cipher.bulk, w, n, this.next(), ghash.wasm, ghash.x, decrypt, src)) return false;
    this.cb[3] = (this.cb[3] + n) | 0;
    return true;
  }
  /** XORs the keystream for `n` blocks into `w` (lw words), two blocks per cipher call. */
  blocks(w: Int32Array, n: number): void {
    const c = this.cipher;
    const ks = this.ks;
    const cb = this.cb;
    if (c.bulk) {
      c.bulk.ctr(w, n, this.next(), true);
      cb[3] = (cb[3] + n) | 0;
      return;
    }
    const c0 = cb[0];
    const c1 = cb[1];
    const c2 = cb[2];
    const end = 4 * n;
    let ctr = cb[3] >>> 0;
    for (let o = 0; o < end; o += 8) {
      ks[0] = c0;
      ks[1] = c1;
      ks[2] = c2;
      ctr = (ctr + 1) >>> 0;
      ks[3] = bswap32(ctr);
      if (o + 8 <= end) {
        ks[4] = c0;
        ks[5] = c1;
        ks[6] = c2;
        ctr = (ctr + 1) >>> 0;
        ks[7] = bswap32(ctr);
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
    cb[3] = ctr;
  }
  destroy(): void {
    this.ks.fill(0);
    this.cb.fill(0);
  }
}

/** Shared GCM state: H, J0, GHASH, lengths; subclasses order CTR vs GHASH for each direction. */
abstract class GcmBase extends BlockStream {
  protected readonly ghash: Ghash;
  protected readonly ctr: GcmCounter;
  private readonly j0: Int32Array; // lw words
  private readonly aadLen: number;
  private dataLen = 0;

  protected constructor(cipher: BlockCipher128, iv: Uint8Array | undefined, aad: Uint8Array | undefined) {
    super(cipher, false);
    if (!(iv instanceof Uint8Array) || iv.length === 0) {
      // A zero-length IV leaks H (CVE-2017-7822); SP 800-38D requires len(IV) ≥ 1.
      throw new BidSealError('E_INVALID_ARGUMENT', 'GCM IV must be at least 1 byte');
    }
    if (aad !== undefined && !(aad instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'AAD must be a Uint8Array');
    const h = new Int32Array(4);
    cipher.encryptWords(h, 0);
    this.ghash = new Ghash(h);
    h.fill(0);
    let j0: Int32Array;
    if (iv.length === 12) {
      j0 = Int32Array.of(readLw(iv, 0), readLw(iv, 4), readLw(iv, 8), bswap32(1));
    } else {
      this.ghash.bytes(iv);
      this.ghash.lengths(0, iv.length);
      j0 = this.ghash.state();
      this.ghash.reset();
    }
    this.j0 = j0;
    this.ctr = new GcmCounter(cipher, j0);
    this.aadLen = aad ? aad.length : 0;
    if (aad) this.ghash.bytes(aad);
  }

  protected override count(len: number): void {
    this.dataLen += len;
    if (this.dataLen > GCM_MAX_BYTES) throw new BidSealError('E_INVALID_ARGUMENT', 'GCM message longer than 2^36 - 32 bytes');
  }

  /** Full 16-byte tag: GHASH(A, C) xor E_K(J0). */
  protected fullTag(): Uint8Array {
    this.ghash.lengths(this.aadLen, this.dataLen);
    const s = this.ghash.state();
    const e = Int32Array.from(this.j0);
    this.cipher.encryptWords(e, 0);
    const tag = new Uint8Array(16);
    for (let i = 0; i < 4; i++) writeLw(tag, 4 * i, s[i] ^ e[i]);
    e.fill(0);
    s.fill(0);
    this.j0.fill(0);
    this.ghash.destroy();
    this.ctr.destroy();
    return tag;
  }
}

/** Streaming SM4/any-cipher GCM encryption; the tag is available from getAuthTag() after final(). */
export class GcmEncrypt extends GcmBase {
  private tag?: Uint8Array;
  private readonly tagLength: number;
  constructor(cipher: BlockCipher128, iv: Uint8Array | undefined, opts: GcmOptions = {}) {
    super(cipher, iv, opts.aad);
    this.tagLength = checkTagLength(opts.tagLength ?? 16);
  }
  protected blocks(w: Int32Array, n: number, src?: Uint8Array): void {
    if (this.ctr.fused(w, n, this.ghash, false, src)) return;
    if (src) copyIn(w, n, src);
    this.ctr.blocks(w, n);
    this.ghash.blocks(w, 0, n);
  }
  protected finish(tail: Uint8Array): Uint8Array {
    let out = new Uint8Array(0);
    if (tail.length) {
      const s = new Uint8Array(16);
      s.set(tail);
      withWords(s, (w) => this.ctr.blocks(w, 1));
      out = s.slice(0, tail.length);
      this.ghash.bytes(out);
    }
    this.tag = this.fullTag().slice(0, this.tagLength);
    return out;
  }
  getAuthTag(): Uint8Array {
    if (!this.tag) throw new BidSealError('E_INVALID_ARGUMENT', 'getAuthTag() before final()');
    return this.tag.slice();
  }
}

/**
 * Streaming GCM decryption. update() returns UNAUTHENTICATED plaintext (see header);
 * final() throws E_AUTH_TAG_MISMATCH when the tag (set up front or via setAuthTag) is wrong.
 */
export class GcmDecrypt extends GcmBase {
  private expected?: Uint8Array;
  constructor(cipher: BlockCipher128, iv: Uint8Array | undefined, opts: { aad?: Uint8Array; authTag?: Uint8Array } = {}) {
    super(cipher, iv, opts.aad);
    if (opts.authTag !== undefined) this.setAuthTag(opts.authTag);
  }
  setAuthTag(tag: Uint8Array): void {
    if (!(tag instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'tag must be a Uint8Array');
    checkTagLength(tag.length);
    this.expected = tag.slice();
  }
  protected blocks(w: Int32Array, n: number, src?: Uint8Array): void {
    if (this.ctr.fused(w, n, this.ghash, true, src)) return;
    if (src) copyIn(w, n, src);
    this.ghash.blocks(w, 0, n);
    this.ctr.blocks(w, n);
  }
  protected finish(tail: Uint8Array): Uint8Array {
    if (!this.expected) throw new BidSealError('E_INVALID_ARGUMENT', 'GCM decryption needs the authentication tag before final()');
    let out = new Uint8Array(0);
    if (tail.length) {
      this.ghash.bytes(tail);
      const s = new Uint8Array(16);
      s.set(tail);
      withWords(s, (w) => this.ctr.blocks(w, 1));
      out = s.slice(0, tail.length);
    }
    const tag = this.fullTag();
    const exp = this.expected;
    let diff = 0;
    for (let i = 0; i < exp.length; i++) diff |= tag[i] ^ exp[i];
    tag.fill(0);
    if (diff !== 0) {
      out.fill(0);
      throw new BidSealError('E_AUTH_TAG_MISMATCH', 'GCM authentication tag mismatch');
    }
    return out;
  }
}
