// Runs anywhere (pure). SM3 hash (GB/T 32905-2016) on @noble/hashes' Merkle–Damgård base class.
// Hand-written because no maintained JS library ships a fast SM3; the compression function is
// the standard's §5.3 with Tj rotations precomputed.
import { HashMD } from '@noble/hashes/_md.js';
import { createHasher, type CHash } from '@noble/hashes/utils.js';

const IV = new Uint32Array([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e]);
const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
// T_j <<< (j mod 32), precomputed (§5.3.3).
const TJ = new Int32Array(64);
for (let j = 0; j < 64; j++) TJ[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);
const W = new Int32Array(68);
const W1 = new Int32Array(64);

export class SM3 extends HashMD<SM3> {
  private A = IV[0] | 0;
  private B = IV[1] | 0;
  private C = IV[2] | 0;
  private D = IV[3] | 0;
  private E = IV[4] | 0;
  private F = IV[5] | 0;
  private G = IV[6] | 0;
  private H = IV[7] | 0;
  constructor() {
    super(64, 32, 8, false);
  }
  protected get(): [number, number, number, number, number, number, number, number] {
    const { A, B, C, D, E, F, G, H } = this;
    return [A, B, C, D, E, F, G, H];
  }
  protected set(A: number, B: number, C: number, D: number, E: number, F: number, G: number, H: number): void {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G | 0;
    this.H = H | 0;
  }
  _cloneInto(to?: SM3): SM3 {
    to ||= new SM3();
    to.set(...this.get());
    return this._cloneIntoMeta(to);
  }
  protected process(view: DataView, offset: number): void {
    for (let i = 0; i < 16; i++, offset += 4) W[i] = view.getInt32(offset, false);
    for (let j = 16; j < 68; j++) {
      const x = W[j - 16] ^ W[j - 9] ^ rotl(W[j - 3], 15);
      W[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(W[j - 13], 7) ^ W[j - 6];
    }
    for (let j = 0; j < 64; j++) W1[j] = W[j] ^ W[j + 4];
    let { A, B, C, D, E, F, G, H } = this;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(A, 12);
      const ss1 = rotl((a12 + E + TJ[j]) | 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? A ^ B ^ C : (A & B) | (A & C) | (B & C);
      const gg = j < 16 ? E ^ F ^ G : (E & F) | (~E & G);
      const tt1 = (ff + D + ss2 + W1[j]) | 0;
      const tt2 = (gg + H + ss1 + W[j]) | 0;
      D = C;
      C = rotl(B, 9);
      B = A;
      A = tt1;
      H = G;
      G = rotl(F, 19);
      F = E;
      E = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
    }
    this.set(A ^ this.A, B ^ this.B, C ^ this.C, D ^ this.D, E ^ this.E, F ^ this.F, G ^ this.G, H ^ this.H);
  }
  protected roundClean(): void {
    W.fill(0);
    W1.fill(0);
  }
  destroy(): void {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    this.buffer.fill(0);
  }
}

/** SM3: `sm3(bytes)` or streaming `sm3.create().update(chunk).digest()`. */
export const sm3: CHash<SM3> = createHasher(() => new SM3());
