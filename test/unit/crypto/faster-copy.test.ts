// FasterCopy (shared/crypto/faster-copy.ts), the choice between sm4-wasm.ts's two copies of its SM4 core, on
// made-up timings: alternation in bursts at first, then the faster copy with re-tries at 16, 32, 64, …; a copy
// that turns fast later (V8's second tier arriving) takes over at the next re-try; slow spells do not move it.
import { describe, expect, it } from 'vitest';
import { FasterCopy, type Copy } from '../../../shared/crypto/faster-copy';

/** Runs `runs` timed runs of 100 units, copy c taking cost(c, run) ms per unit; returns the copies used. */
function drive(f: FasterCopy, runs: number, cost: (c: Copy, run: number) => number, kind = 'ctr'): Copy[] {
  const used: Copy[] = [];
  for (let i = 0; i < runs; i++) {
    const c = f.next(true);
    used.push(c);
    f.record(kind, c, 100, 100 * cost(c, i));
  }
  return used;
}

describe('FasterCopy', () => {
  it('alternates in bursts of four for the first 16 timed runs, then keeps the faster copy', () => {
    const f = new FasterCopy();
    const used = drive(f, 16, (c) => (c === 1 ? 1 : 1.3));
    expect(used.join('')).toBe('0000111100001111');
    expect(f.next(true)).toBe(0); // run 16: a re-try of the copy not in use
    expect(f.next(false)).toBe(1);
    expect(f.status()).toMatchObject({ copy: 1, pinned: false, runs: 16 });
  });

  it('re-tries the other copy for a burst of four from run 16, 32, 64, 128, … and no more often', () => {
    const f = new FasterCopy();
    const used = drive(f, 600, (c) => (c === 0 ? 1 : 1.3));
    const retries = used.flatMap((c, i) => (i >= 16 && c === 1 ? [i] : []));
    expect(retries).toEqual([16, 17, 18, 19, 32, 33, 34, 35, 64, 65, 66, 67, 128, 129, 130, 131, 256, 257, 258, 259, 512, 513, 514, 515]);
  });

  it('a copy that was slow at first (its first tier) and turns faster takes over at the next re-try', () => {
    const f = new FasterCopy();
    // copy 0: 1.0 throughout; copy 1: 1.5 (first tier) until run 40, then 0.75
    const used = drive(f, 200, (c, i) => (c === 0 ? 1 : i < 40 ? 1.5 : 0.75));
    expect(used.flatMap((c, i) => (i >= 16 && i < 64 && c === 1 ? [i] : []))).toEqual([16, 17, 18, 19, 32, 33, 34, 35]);
    expect(used[64]).toBe(1);
    expect(used.slice(68, 128).every((c) => c === 1)).toBe(true);
    expect(used.slice(128, 132)).toEqual([0, 0, 0, 0]); // and the re-tries now go to copy 0
  });

  it('a slow spell in some runs of the copy in use does not move the choice (bests, not means)', () => {
    const f = new FasterCopy();
    const used = drive(f, 300, (c, i) => (c === 0 ? (i % 3 === 0 ? 1 : 2.5) : 1.2));
    expect(used.slice(20).filter((c) => c === 1).length).toBe(16); // the re-tries at 32, 64, 128, 256 only
    expect(f.status().copy).toBe(0);
  });

  it('copies within 5% of each other: no switching back and forth', () => {
    const f = new FasterCopy();
    drive(f, 16, (c) => (c === 0 ? 1 : 0.98));
    expect(f.status().copy).toBe(0);
    drive(f, 200, () => 1);
    expect(f.status().copy).toBe(0);
  });

  it('kinds of work are compared only with themselves', () => {
    const f = new FasterCopy();
    // ecb runs cost 1 in either copy, ctr runs 2 and 1.5: only the ctr timings say copy 1 is faster
    for (let i = 0; i < 16; i++) {
      const c = f.next(true);
      if (i % 2) f.record('ctr', c, 100, 100 * (c === 0 ? 2 : 1.5));
      else f.record('ecb', c, 100, 100);
    }
    expect(f.status().copy).toBe(1);
    expect(f.status().best).toEqual({ ecb: [1, 1], ctr: [2, 1.5] });
  });

  it('pinned: always that copy, nothing recorded; untimed runs take the copy in use', () => {
    const f = new FasterCopy(1);
    expect(drive(f, 40, () => 1).every((c) => c === 1)).toBe(true);
    expect(f.status()).toEqual({ copy: 1, pinned: true, runs: 0, best: {} });
    const g = new FasterCopy();
    expect([0, 1, 2, 3].map(() => g.next(false))).toEqual([0, 0, 0, 0]);
    g.record('ctr', 0, 0, 5); // no units: ignored
    g.record('ctr', 1, 10, NaN);
    expect(g.status().runs).toBe(0);
  });
});
