// Test helpers for streaming ciphers: random data of any size, and a stream run in given chunk sizes.
import { concatBytes } from '@noble/hashes/utils.js';

/** `n` random bytes (getRandomValues takes at most 64 KiB a call). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) crypto.getRandomValues(out.subarray(o, Math.min(n, o + 65536)));
  return out;
}

/** Streams `data` through a cipher object in the given chunk sizes (cycled); update() outputs ‖ final(). */
export function streamChunks(c: { update(x: Uint8Array): Uint8Array; final(): Uint8Array }, data: Uint8Array, cuts: number[]): Uint8Array {
  const out: Uint8Array[] = [];
  for (let o = 0, i = 0; o < data.length; i++) {
    const n = cuts[i % cuts.length];
    out.push(c.update(data.subarray(o, o + n)));
    o += n;
  }
  out.push(c.final());
  return concatBytes(...out);
}
