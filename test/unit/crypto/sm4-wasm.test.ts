// The WebAssembly path of SM4, GHASH and SM3 (shared/crypto/sm4-wasm.ts) against the pure-TS path on
// random keys, IVs, AAD, lengths (tails that are not whole blocks) and chunkings, in both module
// variants (relaxed and plain SIMD); counter wrap-around; the fallback when WebAssembly is missing;
// and the generated module being what scripts/gen-sm4-wasm.mjs writes. OpenSSL and the published
// vectors run through the same entry points in sm4.test.ts and gcm-ccm.test.ts.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import '../../../electron/services/app/wasm-features';
import { expandKeyBE, Sm4 } from '../../../shared/crypto/sm4';
import { SM3_SHARED_RESERVED_BYTES, setWasmAcceleration, sm4CodeCopyStatus, useSharedSm3Memory, wasmAccelerationStatus, wasmSm4 } from '../../../shared/crypto/sm4-wasm';
import { SM4_WASM_LAYOUT as L } from '../../../shared/crypto/sm4-wasm-module';
import { createSm4Cipher, createSm4Decipher, sm4Decrypt, sm4Encrypt, type Sm4Cipher, type Sm4StreamMode } from '../../../shared/crypto/sm4-cipher';
import type { StreamCipher } from '../../../shared/crypto/block-modes';
import { SM3, sm3 } from '../../../shared/crypto/sm3';
import { repoRoot } from '../../helpers/vectors';
import { randomBytes, streamChunks } from '../../helpers/streams';
// @ts-expect-error -- a plain .mjs script without type declarations
import { render } from '../../../scripts/gen-sm4-wasm.mjs';

afterAll(() => setWasmAcceleration(true, {}));

const rand = randomBytes;

const stream = streamChunks;

/**
 * `input` through `c.updateInto()` in `parts` equal chunks, each output placed `where`: in a buffer
 * 'apart', or d bytes from the chunk in the chunk's own buffer (0: in place).
 */
function through(c: StreamCipher, input: Uint8Array, parts: number, where: 'apart' | number): Uint8Array {
  const size = input.length / parts;
  const d = where === 'apart' ? 0 : where;
  const buf = new Uint8Array(size + Math.abs(d) + 16);
  const chunkAt = Math.max(0, -d);
  const outs: Uint8Array[] = [];
  for (let p = 0; p < parts; p++) {
    const part = input.subarray(p * size, (p + 1) * size);
    let chunk = part;
    if (where !== 'apart') {
      buf.set(part, chunkAt);
      chunk = buf.subarray(chunkAt, chunkAt + size);
    }
    const out = where === 'apart' ? new Uint8Array(size) : buf;
    const at = where === 'apart' ? 0 : chunkAt + d;
    const k = c.updateInto(chunk, out, at);
    outs.push(out.slice(at, at + k));
  }
  outs.push(c.final());
  return concatBytes(...outs);
}

interface Case {
  mode: Sm4StreamMode;
  key: Uint8Array;
  iv: Uint8Array;
  aad: Uint8Array;
  data: Uint8Array;
  cuts: number[];
}

/** Ciphertext (‖ tag) and the streamed decryption, with the WASM path on or off. */
function run(c: Case, wasm: boolean): { ct: string; pt: string; bulk: boolean } {
  setWasmAcceleration(wasm);
  try {
    const iv = c.mode === 'ecb' ? undefined : c.iv;
    const enc = createSm4Cipher(c.mode, c.key, iv, c.mode === 'gcm' ? { aad: c.aad } : {});
    let ct = stream(enc, c.data, c.cuts);
    if (c.mode === 'gcm') ct = concatBytes(ct, enc.getAuthTag!());
    const body = c.mode === 'gcm' ? ct.subarray(0, ct.length - 16) : ct;
    const dec = createSm4Decipher(c.mode, c.key, iv, c.mode === 'gcm' ? { aad: c.aad, authTag: ct.subarray(ct.length - 16) } : {});
    const pt = stream(dec, body, c.cuts);
    return { ct: bytesToHex(ct), pt: bytesToHex(pt), bulk: new Sm4(c.key).bulk !== null };
  } finally {
    setWasmAcceleration(true);
  }
}

const caseArb = (mode: Sm4StreamMode) =>
  fc.record({
    mode: fc.constant(mode),
    key: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    iv: fc.uint8Array({ minLength: mode === 'gcm' ? 1 : 16, maxLength: 16 }),
    aad: fc.uint8Array({ maxLength: 40 }),
    data: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 70000 }).map((n) => rand(n))),
    cuts: fc.array(fc.integer({ min: 1, max: 70000 }), { minLength: 1, maxLength: 4 }),
  });

/** Feeds `msgs` to `step` a chunk of each at a time, the chunk lengths taken in turn from `cuts` (after 1000 steps, the rest). */
function inSteps(msgs: Uint8Array[], cuts: number[], step: (chunks: Uint8Array[], n: number) => void): void {
  const at = msgs.map(() => 0);
  for (let n = 0; at.some((o, i) => o < msgs[i].length); n++) {
    const chunks = msgs.map((m, i) => {
      const c = m.subarray(at[i], at[i] + cuts[(n + i) % cuts.length] + (n > 1000 ? m.length : 0));
      at[i] += c.length;
      return c;
    });
    step(chunks, n);
  }
}

for (const variant of ['relaxed-simd', 'simd128'] as const) {
  describe(`SM4 WebAssembly path (${variant}) = pure-TS path`, () => {
    it('loads', () => {
      setWasmAcceleration(true, { variant });
      expect(wasmAccelerationStatus()).toEqual({ available: true, variant });
    });

    for (const mode of ['ecb', 'cbc', 'ctr', 'gcm'] as const) {
      it(`${mode}: same ciphertext${mode === 'gcm' ? ', tag' : ''} and plaintext for random keys, IVs, lengths and chunkings`, () => {
        fc.assert(
          fc.property(caseArb(mode), (c) => {
            const fast = run(c, true);
            const ref = run(c, false);
            expect(fast.bulk).toBe(true);
            expect(ref.bulk).toBe(false);
            expect(fast.ct).toBe(ref.ct);
            expect(fast.pt).toBe(bytesToHex(c.data));
            expect(ref.pt).toBe(bytesToHex(c.data));
          }),
          { numRuns: 25 },
        );
      });
    }

    // With nothing held back, updateInto() lets the module read the chunk itself when the output is the
    // chunk's own bytes or apart from them; an output that partly overlaps the chunk (ahead of it or
    // behind it by d bytes) or is unaligned goes through the copy. Chunks over 64 KiB take several windows.
    for (const mode of ['ecb', 'cbc', 'ctr', 'gcm'] as const) {
      it(`${mode}: updateInto() with the output apart, in place, or overlapping ahead or behind, across windows, = the TS path`, () => {
        const placements = ['apart', 0, 16, 4, 65536 + 16, -16, -4, -(65536 + 16), 1] as const;
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 9000 }), fc.constantFrom(...placements), fc.constantFrom(1, 3), (blocks, where, parts) => {
            const key = rand(16);
            const iv = mode === 'ecb' ? undefined : rand(mode === 'gcm' ? 12 : 16);
            const data = rand(16 * blocks * parts);
            const both = (mk: () => Sm4Cipher, input: Uint8Array) => {
              const out = [true, false].map((wasm) => {
                setWasmAcceleration(wasm);
                try {
                  const c = mk();
                  return { bytes: bytesToHex(through(c, input, parts, where)), tag: c.getAuthTag?.() };
                } finally {
                  setWasmAcceleration(true);
                }
              });
              expect(out[0].bytes).toBe(out[1].bytes);
              return out[0];
            };
            const enc = both(() => createSm4Cipher(mode, key, iv, { padding: false }), data);
            const tag = enc.tag;
            const dec = both(() => createSm4Decipher(mode, key, iv, tag ? { authTag: tag } : { padding: false }), hexToBytes(enc.bytes));
            expect(dec.bytes).toBe(bytesToHex(data));
          }),
          { numRuns: 30 },
        );
      });
    }

    it('cbc encryption runs in the module, and two keys used in turn each get their own round keys', () => {
      const keys = [rand(16), rand(16)];
      const iv = [rand(16), rand(16)];
      // the two streams alternate, 1 to 5000 blocks at a time, so the instance switches keys mid-stream
      const chunks = [1, 5000, 3, 4097, 2, 1].map((n) => [rand(16 * n), rand(16 * n)]);
      const encrypt = (wasm: boolean) => {
        setWasmAcceleration(wasm);
        try {
          const ciphers = keys.map((k, i) => createSm4Cipher('cbc', k, iv[i], { padding: false }));
          expect(new Sm4(keys[0]).bulk !== null).toBe(wasm);
          const out: Uint8Array[][] = [[], []];
          for (const pair of chunks) for (let i = 0; i < 2; i++) out[i].push(ciphers[i].update(pair[i]));
          return out.map((parts) => bytesToHex(concatBytes(...parts)));
        } finally {
          setWasmAcceleration(true);
        }
      };
      expect(encrypt(true)).toEqual(encrypt(false));
    });

    it('sm3: same digest as the TS compression for random lengths and chunkings', () => {
      const digest = (data: Uint8Array, cuts: number[], wasm: boolean) => {
        setWasmAcceleration(wasm);
        try {
          const h = sm3.create();
          for (let o = 0, i = 0; o < data.length; i++) {
            h.update(data.subarray(o, o + cuts[i % cuts.length]));
            o += cuts[i % cuts.length];
          }
          return bytesToHex(h.digest());
        } finally {
          setWasmAcceleration(true);
        }
      };
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 140000 }), fc.array(fc.integer({ min: 1, max: 70000 }), { minLength: 1, maxLength: 4 }), (n, cuts) => {
          const data = rand(n);
          expect(digest(data, cuts, true)).toBe(digest(data, cuts, false));
        }),
        { numRuns: 25 },
      );
    });

    it('sm3 module calls of 1 to 1024 blocks (the schedule runs a block ahead: the last block, a full window, a window and 1, 2, 3) = the TS compression', () => {
      for (const blocks of [4, 5, 17, 1023, 1024, 1025, 1026, 1027, 2048]) {
        const data = rand(64 * blocks);
        setWasmAcceleration(false);
        let ts: string;
        try {
          ts = bytesToHex(sm3(data));
        } finally {
          setWasmAcceleration(true);
        }
        expect(bytesToHex(sm3(data)), `${blocks} blocks`).toBe(ts);
      }
    });

    it('sm3 four streams at once (SM3.updateMany): the digests of hashing each alone, for 1 to 6 streams of random lengths and chunkings', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 40000 }), { minLength: 1, maxLength: 6 }),
          fc.array(fc.integer({ min: 0, max: 20000 }), { minLength: 1, maxLength: 5 }),
          (lengths, cuts) => {
            const msgs = lengths.map((n) => rand(n));
            const hs = msgs.map(() => sm3.create());
            inSteps(msgs, cuts, (chunks) => SM3.updateMany(hs, chunks));
            hs.forEach((h, i) => expect(bytesToHex(h.digest())).toBe(bytesToHex(sm3(msgs[i]))));
          },
        ),
        { numRuns: 40 },
      );
    });

    it('sm3x4 through the module: the published vector in every lane, next to other messages', () => {
      // GB/T 32905-2016 Appendix A.2: "abcd" × 16 (one 64-byte message, two blocks with the padding)
      const abcd = new TextEncoder().encode('abcd'.repeat(16 * 64));
      const others = [rand(64 * 1024), rand(64 * 1024 + 5), rand(64 * 1024 + 63)];
      for (let lane = 0; lane < 4; lane++) {
        const msgs = [...others];
        msgs.splice(lane, 0, abcd);
        const hs = msgs.map(() => sm3.create());
        SM3.updateMany(hs, msgs);
        hs.forEach((h, i) => expect(bytesToHex(h.digest())).toBe(bytesToHex(sm3(msgs[i]))));
      }
      const one = sm3.create();
      SM3.updateMany([one, sm3.create(), sm3.create()], [new TextEncoder().encode('abcd'.repeat(16)), rand(300), rand(300)]);
      expect(bytesToHex(one.digest())).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
    });

    it('CTR carries across all 128 bits and wraps; GCM (inc32) wraps the last 32 bits only', () => {
      const key = rand(16);
      const be = expandKeyBE(key);
      const bulk = wasmSm4(be)!;
      const js = new Sm4(key);
      setWasmAcceleration(false);
      const ref = new Sm4(key);
      setWasmAcceleration(true);
      expect(ref.bulk).toBeNull();
      const starts = ['fffffffffffffffffffffffffffffff0', '00112233445566778899aabbfffffffa', '0011223344556677ffffffffffffffff'];
      for (const start of starts) {
        for (const inc32 of [false, true]) {
          const n = 21;
          const data = rand(16 * n);
          const w = new Int32Array(data.slice().buffer);
          const counter = hexToBytes(start);
          bulk.ctr(w, n, counter, inc32);
          // reference: E(counter_i) XOR data, counter_i = start + i (mod 2^128, or mod 2^32 in the last word)
          const expected = new Uint8Array(16 * n);
          let c = BigInt('0x' + start);
          for (let i = 0; i < n; i++) {
            const block = hexToBytes(c.toString(16).padStart(32, '0'));
            const ks = ref.encryptBlock(block);
            for (let b = 0; b < 16; b++) expected[16 * i + b] = data[16 * i + b] ^ ks[b];
            c = inc32 ? (c & ~0xffffffffn) | ((c + 1n) & 0xffffffffn) : (c + 1n) & ((1n << 128n) - 1n);
          }
          expect(bytesToHex(new Uint8Array(w.buffer))).toBe(bytesToHex(expected));
          expect(bytesToHex(counter)).toBe(c.toString(16).padStart(32, '0'));
        }
      }
      bulk.destroy();
      js.destroy();
    });
  });
}

describe('the two copies of the SM4 core (crypt16 and crypt16b: the faster is kept, docs/crypto-sm4-wasm.md)', () => {
  afterAll(() => setWasmAcceleration(true, {}));

  for (const copy of [0, 1] as const) {
    it(`copy ${copy} alone: ECB, CBC, CTR and GCM = the TS path, within and across 64 KiB windows`, () => {
      setWasmAcceleration(true, { copy });
      expect(wasmAccelerationStatus().available).toBe(true);
      fc.assert(
        fc.property(fc.constantFrom('ecb', 'cbc', 'ctr', 'gcm' as const), fc.integer({ min: 0, max: 200000 }), fc.integer({ min: 1000, max: 140000 }), (mode, n, cut) => {
          const c: Case = { mode, key: rand(16), iv: rand(mode === 'gcm' ? 12 : 16), aad: rand(7), data: rand(n), cuts: [cut] };
          const fast = run(c, true);
          const ref = run(c, false);
          expect(fast.bulk).toBe(true);
          expect(fast.ct).toBe(ref.ct);
          expect(fast.pt).toBe(bytesToHex(c.data));
        }),
        { numRuns: 24 },
      );
      expect(sm4CodeCopyStatus()).toMatchObject({ copy, pinned: true, runs: 0 });
    });
  }

  it('choosing: both copies are timed on the work itself, and the results are those of the TS path whichever runs', () => {
    setWasmAcceleration(true, {});
    const key = rand(16);
    const iv = rand(16);
    // 6 MiB in 64 KiB chunks: 96 timed windows each way, past the re-tries at 16, 32 and 64
    const data = rand(6 << 20);
    const cuts = [65536];
    const ct = stream(createSm4Cipher('ctr', key, iv), data, cuts);
    const cbc = stream(createSm4Cipher('cbc', key, iv, { padding: false }), data, cuts);
    const back = stream(createSm4Decipher('cbc', key, iv, { padding: false }), cbc, cuts);
    const s = sm4CodeCopyStatus();
    expect(s.pinned).toBe(false);
    expect(s.runs).toBeGreaterThanOrEqual(192);
    for (const kind of ['ctr', 'cbcdec']) for (const t of s.best[kind]) expect(t).toBeLessThan(Infinity);
    expect(bytesToHex(back)).toBe(bytesToHex(data));
    setWasmAcceleration(false);
    try {
      expect(bytesToHex(stream(createSm4Cipher('ctr', key, iv), data, cuts))).toBe(bytesToHex(ct));
      expect(bytesToHex(stream(createSm4Cipher('cbc', key, iv, { padding: false }), data, cuts))).toBe(bytesToHex(cbc));
    } finally {
      setWasmAcceleration(true);
    }
  });
});

describe('SM3 on a memory shared with another thread (a hash worker: useSharedSm3Memory)', () => {
  const PAGES = SM3_SHARED_RESERVED_BYTES / 65536 + 4;
  afterEach(() => {
    useSharedSm3Memory(undefined);
    setWasmAcceleration(true, {});
  });
  const tsDigest = (m: Uint8Array) => {
    setWasmAcceleration(false);
    try {
      return bytesToHex(sm3(m.slice()));
    } finally {
      setWasmAcceleration(true);
    }
  };

  it('refuses a memory that is not shared (and a memory too small), keeping the main module', () => {
    expect(useSharedSm3Memory(new WebAssembly.Memory({ initial: PAGES, maximum: PAGES }))).toBe(false);
    expect(useSharedSm3Memory(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }))).toBe(false);
    const m = rand(5000);
    expect(bytesToHex(sm3(m))).toBe(tsDigest(m));
  });

  it('compresses blocks lying in it (past its reserved bytes) where they are, and others by copying: the TS digests, for 1 to 6 streams at random offsets, lengths and chunkings', () => {
    const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES, shared: true });
    expect(useSharedSm3Memory(memory)).toBe(true);
    const mem = new Uint8Array(memory.buffer);
    const window = () => bytesToHex(mem.subarray(L.DATA, L.DATA + L.DATA_SIZE));
    fc.assert(
      fc.property(
        fc.array(fc.record({ n: fc.integer({ min: 0, max: 40000 }), inShared: fc.boolean(), skew: fc.integer({ min: 0, max: 63 }) }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 20000 }), { minLength: 1, maxLength: 5 }),
        (specs, cuts) => {
          // each message in its own 40 KiB of the shared memory (at an odd offset: loads need no alignment) or in memory of its own
          const msgs = specs.map(({ n, inShared, skew }, i) => {
            const m = inShared ? mem.subarray(SM3_SHARED_RESERVED_BYTES + i * 40960 + skew, SM3_SHARED_RESERVED_BYTES + i * 40960 + skew + n) : new Uint8Array(n);
            m.set(rand(n));
            return m;
          });
          const want = msgs.map(tsDigest);
          mem.fill(0xa5, L.DATA, L.DATA + L.DATA_SIZE);
          const marked = window();
          const hs = msgs.map(() => sm3.create());
          inSteps(msgs, cuts, (chunks, step) => (step % 2 ? SM3.updateMany(hs, chunks) : hs.forEach((h, i) => h.update(chunks[i]))));
          expect(hs.map((h) => bytesToHex(h.digest()))).toEqual(want);
          // only messages in the shared memory: none went through the module's data window
          if (specs.every((s) => s.inShared)) expect(window()).toBe(marked);
        },
      ),
      { numRuns: 40 },
    );
    // a message over the module's own bytes (which it overwrites as it runs) is copied first
    const low = mem.subarray(L.SM3_V, L.SM3_V + 4096);
    low.set(rand(4096));
    const want = tsDigest(low);
    expect(bytesToHex(sm3(low))).toBe(want);
  });
});

describe('fallback', () => {
  it('without WebAssembly the TS path runs, the status says why, and the results are the same', () => {
    const key = rand(16);
    const iv = rand(12);
    const data = rand(5000);
    setWasmAcceleration(true, {});
    const fast = sm4Encrypt('gcm', key, iv, data);
    const saved = globalThis.WebAssembly;
    try {
      // @ts-expect-error -- simulating an engine without WebAssembly
      delete globalThis.WebAssembly;
      setWasmAcceleration(true, {});
      expect(wasmAccelerationStatus()).toEqual({ available: false, reason: 'no WebAssembly' });
      expect(new Sm4(key).bulk).toBeNull();
      expect(bytesToHex(sm4Encrypt('gcm', key, iv, data))).toBe(bytesToHex(fast));
      expect(bytesToHex(sm4Decrypt('gcm', key, iv, fast))).toBe(bytesToHex(data));
    } finally {
      globalThis.WebAssembly = saved;
      setWasmAcceleration(true, {});
    }
    expect(wasmAccelerationStatus().available).toBe(true);
  });

  it('in a page (the renderer, whose CSP forbids compiling WebAssembly) the TS path runs without trying', () => {
    const g = globalThis as { document?: unknown };
    g.document = {};
    try {
      setWasmAcceleration(true, {});
      expect(wasmAccelerationStatus()).toEqual({ available: false, reason: 'in a page (its CSP forbids WebAssembly)' });
      expect(new Sm4(rand(16)).bulk).toBeNull();
    } finally {
      delete g.document;
      setWasmAcceleration(true, {});
    }
  });

  it('setWasmAcceleration(false) is reported as disabled', () => {
    setWasmAcceleration(false);
    expect(wasmAccelerationStatus()).toEqual({ available: false, reason: 'disabled' });
    setWasmAcceleration(true);
  });
});

describe('shared/crypto/sm4-wasm-module.ts', () => {
  it('is current with scripts/gen-sm4-wasm.mjs (which also checks its S-box circuit on all 256 inputs)', () => {
    const src = readFileSync(path.join(repoRoot, 'shared', 'crypto', 'sm4-wasm-module.ts'), 'utf8');
    expect((render as () => string)() === src).toBe(true);
  });
});
