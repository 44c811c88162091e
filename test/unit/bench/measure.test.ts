// bench/measure.ts: compare()'s further samples for a round whose ratio lies off the others'.
import { describe, expect, it } from 'vitest';
import { compare, roundsOffMedian } from '../../../bench/measure';

/** A side whose n-th sample is `f(n)` (n from 0, the warm-up included). */
const side = (f: (n: number) => number) => {
  let n = 0;
  const calls: number[] = [];
  return { calls, sample: () => (calls.push(n), f(n++)) };
};

describe('bench compare: refining rounds off the median', () => {
  it('finds the rounds more than 7.5% from the median', () => {
    expect(roundsOffMedian([1, 1.02, 0.98, 1.5, 1.01])).toEqual([3]);
    expect(roundsOffMedian([2, 2.1, 1.9, 2.05, 1.95])).toEqual([]);
    expect(roundsOffMedian([1, 1, 1, 0.8, 1.2])).toEqual([3, 4]);
  });

  it('gives a round slow in all its samples of one side more samples of both sides, and the spell goes', async () => {
    // rates; 1 warm-up + 3 passes × 5 rounds: ours's samples 1 + 5k + 2 (round 3) run at half speed in
    // the three passes, then ours is steady again
    const ours = side((n) => (n >= 1 && n <= 15 && (n - 1) % 5 === 2 ? 50 : 100));
    const base = side(() => 40);
    const r = await compare('t', 'ops/s', ours.sample, { name: 'b', sample: base.sample }, { rounds: 5, pin: false, best: 3 });
    expect(r.ratio).toBeCloseTo(2.5);
    expect(r.ratioMin).toBeCloseTo(2.5);
    expect(r.refinedSamples).toBe(1);
    expect(ours.calls.length).toBe(base.calls.length);
  });

  it('keeps a steady difference, within its further passes', async () => {
    // ours is slow whenever it measures round 2: refining cannot and must not hide that. The rounds in the
    // order compare() samples them: the warm-up, three passes over rounds 0..4, then round 2 alone three times.
    const order = [-1, ...[0, 1, 2].flatMap(() => [0, 1, 2, 3, 4]), 2, 2, 2];
    const ours = side((n) => (order[n] === 2 ? 60 : 100));
    const base = side(() => 40);
    const r = await compare('t', 'ops/s', ours.sample, { name: 'b', sample: base.sample }, { rounds: 5, pin: false, best: 3 });
    expect(r.ratioMin).toBeCloseTo(1.5);
    expect(r.ratio).toBeCloseTo(2.5);
    expect(r.refinedSamples).toBe(3);
    expect(ours.calls.length).toBe(order.length);
    expect(base.calls.length).toBe(order.length);
  });

  it('lower-is-better figures (times) refine the same way', async () => {
    const ours = side((n) => (n >= 1 && n <= 9 && (n - 1) % 3 === 0 ? 20 : 10));
    const base = side(() => 15);
    const r = await compare('t', 's', ours.sample, { name: 'b', sample: base.sample }, { rounds: 3, pin: false, best: 3, higherIsBetter: false });
    expect(r.ratio).toBeCloseTo(1.5);
    expect(r.ratioMin).toBeCloseTo(1.5);
    expect(r.refinedSamples).toBe(1);
  });
});
