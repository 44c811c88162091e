// GHASH of shared/crypto/gcm.ts: the TS path (emulated carry-less multiplication, no tables) against
// the WebAssembly path (per-key tables) and against the bit-by-bit multiplication of NIST SP 800-38D
// §6.3 (Algorithm 1) in BigInt, on random keys and data; and the published SM4-GCM vectors through the
// TS path (sm4-wasm.test.ts compares whole GCM runs of both paths too).
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { Ghash } from '../../../shared/crypto/gcm';
import { setWasmAcceleration } from '../../../shared/crypto/sm4-wasm';
import { createSm4Cipher } from '../../../shared/crypto/sm4-cipher';
import { hasVectors, sm4AeadVectors } from '../../helpers/vectors';

const big = (b: Uint8Array): bigint => b.reduce((x, v) => (x << 8n) | BigInt(v), 0n);
const R = 0xe1n << 120n;
/** X·Y in GCM's bit order (SP 800-38D Algorithm 1): bit 0 is the most significant bit of byte 0. */
function gmul(X: bigint, Y: bigint): bigint {
  let Z = 0n,
    V = Y;
  for (let i = 127; i >= 0; i--) {
    if ((X >> BigInt(i)) & 1n) Z ^= V;
    V = V & 1n ? (V >> 1n) ^ R : V >> 1n;
  }
  return Z;
}
function ghashRef(h: Uint8Array, data: Uint8Array): bigint {
  const H = big(h);
  let X = 0n;
  for (let o = 0; o < data.length; o += 16) X = gmul(X ^ big(data.subarray(o, o + 16)), H);
  return X;
}
/** GHASH by the class, on the path currently selected; state as a 128-bit integer. */
function ghashOf(h: Uint8Array, data: Uint8Array, chunks: number[]): { value: bigint; wasm: boolean } {
  const g = new Ghash(new Int32Array(h.slice().buffer));
  const w = new Int32Array(data.slice().buffer);
  let o = 0;
  for (const c of chunks) {
    g.blocks(w, 4 * o, c);
    o += c;
  }
  g.blocks(w, 4 * o, data.length / 16 - o);
  const s = new Uint8Array(g.state().buffer);
  const out = { value: big(s), wasm: g.wasm !== null };
  g.destroy();
  return out;
}

afterAll(() => setWasmAcceleration(true));

describe('GHASH', () => {
  it('TS (no tables) = WebAssembly (tables) = SP 800-38D bitwise, random H, data and chunkings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 40 }), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }), (h, blocks, cuts) => {
        const data = crypto.getRandomValues(new Uint8Array(16 * blocks));
        const chunks: number[] = [];
        let left = blocks;
        for (const c of cuts) {
          const k = Math.min(c, left);
          chunks.push(k);
          left -= k;
        }
        const want = ghashRef(h, data);
        setWasmAcceleration(false);
        const ts = ghashOf(h, data, chunks);
        setWasmAcceleration(true);
        const wa = ghashOf(h, data, chunks);
        expect(ts.wasm).toBe(false);
        expect(ts.value).toBe(want);
        expect(wa.value).toBe(want);
      }),
      { numRuns: 150 },
    );
  });

  it('keys used in turn: the module rebuilds each key\'s tables over the last one\'s', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 2, maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 10 }), (hs, steps) => {
        hs.push(new Uint8Array(16)); // H = 0: every entry of its tables is zero, so nothing of another key may remain
        const gs = hs.map((h) => new Ghash(new Int32Array(h.slice().buffer)));
        const fed = hs.map(() => [] as Uint8Array[]);
        steps.forEach((n, i) => {
          const k = i % gs.length;
          const d = crypto.getRandomValues(new Uint8Array(16 * n));
          gs[k].blocks(new Int32Array(d.slice().buffer), 0, n);
          fed[k].push(d);
        });
        gs.forEach((g, k) => {
          expect(g.wasm).not.toBeNull();
          expect(big(new Uint8Array(g.state().buffer))).toBe(ghashRef(hs[k], concatBytes(...fed[k])));
          g.destroy();
        });
      }),
      { numRuns: 60 },
    );
  });

  it('edge values of H and data: 0, 1, all ones, single bits', () => {
    const vals = [new Uint8Array(16), new Uint8Array(16).fill(255), Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? 1 : 0)), Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? 0x80 : 0))];
    setWasmAcceleration(false);
    for (const h of vals) for (const d of vals) expect(ghashOf(h, d, []).value).toBe(ghashRef(h, d));
    setWasmAcceleration(true);
  });
});

describe.skipIf(!hasVectors)('published SM4-GCM vectors through the TS GHASH (sm4/sm4_vectors.json)', () => {
  const all = sm4AeadVectors().filter((v) => v.mode === 'gcm' && v.result === 'valid' && v.iv_or_nonce.length > 0);
  it(`${all.length} valid vectors seal to their ciphertext and tag with WebAssembly off`, () => {
    expect(all.length).toBeGreaterThan(10);
    setWasmAcceleration(false);
    try {
      for (const v of all) {
        const enc = createSm4Cipher('gcm', hexToBytes(v.key), hexToBytes(v.iv_or_nonce), { aad: hexToBytes(v.aad ?? ''), tagLength: v.tag.length / 2 });
        const ct = concatBytes(enc.update(hexToBytes(v.plaintext)), enc.final());
        expect(bytesToHex(ct), v.id).toBe(v.ciphertext);
        expect(bytesToHex(enc.getAuthTag!()), v.id).toBe(v.tag);
      }
    } finally {
      setWasmAcceleration(true);
    }
  });
});
