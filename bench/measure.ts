// Runs in Node (benchmarks only). Measurement helpers. A figure compares ours with a baseline as
// interleaved rounds (warm-up of both discarded, then A B A B …): each round gives one ratio, and the
// figure is the median of those ratios with their min and max, so that load which comes and goes on the
// machine moves both sides of a round alike instead of one whole side. Single-core figures run pinned to
// one CPU (ours and OpenSSL's child processes alike) where `taskset` exists, and each side's value in a
// round is the best of three samples taken a pass over the rounds apart (CompareOptions.best). OpenSSL baselines are parsed
// from `openssl speed -mr` on the same machine in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import type { BenchCase, BenchResult } from './types';

export interface MeasureOptions {
  /** timed runs whose median is reported */
  runs?: number;
  /** minimum duration of one timed run, ms */
  minMs?: number;
  /** warm-up duration, ms */
  warmupMs?: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Calls `fn` repeatedly; returns the median rate of calls per second. */
export function rate(fn: () => void, opts: MeasureOptions = {}): number {
  const { runs = 5, minMs = 400, warmupMs = 300 } = opts;
  let t0 = performance.now();
  while (performance.now() - t0 < warmupMs) fn();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    t0 = performance.now();
    let dt: number;
    do {
      fn();
      n++;
      dt = performance.now() - t0;
    } while (dt < minMs);
    rates.push((n * 1000) / dt);
  }
  return median(rates);
}

/** Throughput in MB/s (10^6 bytes) of `fn`, which processes `bytesPerCall` bytes per call. */
export function throughputMBps(fn: () => void, bytesPerCall: number, opts?: MeasureOptions): number {
  return (rate(fn, opts) * bytesPerCall) / 1e6;
}

/** Median wall time in seconds of an async job, after `warmup` unmeasured runs. */
export async function wallSeconds(fn: () => Promise<void>, runs = 3, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push((performance.now() - t0) / 1000);
  }
  return median(ts);
}

// ---------------------------------------------------------------------------------------------------
// CPU pinning
// ---------------------------------------------------------------------------------------------------

const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
/** The CPU single-core figures run on: the last one (the first tends to take the machine's interrupts). */
const PIN_CPU = String(Math.max(0, cpus().length - 1));
let pinned = false;

/** Pins this process (all its threads) to one CPU, or releases it to all; a no-op without taskset. */
export function pinToOneCpu(on: boolean): void {
  if (!hasTaskset || on === pinned) return;
  const list = on ? PIN_CPU : `0-${cpus().length - 1}`;
  pinned = spawnSync('taskset', ['-a', '-cp', list, String(process.pid)], { stdio: 'ignore' }).status === 0 ? on : pinned;
}
/** argv for a child that should run where this process runs (pinned like it), or on the one CPU when `always`. */
const childArgv = (cmd: string, args: string[], always = false): [string, string[]] =>
  (pinned || (always && hasTaskset)) ? ['taskset', ['-c', PIN_CPU, cmd, ...args]] : [cmd, args];
export const pinningNote = (): string => (hasTaskset ? `single-core figures pinned to CPU ${PIN_CPU}` : 'no taskset: figures not pinned');

/**
 * Runs a command where this process runs (pinned like it) and returns its standard output. `always`: on the
 * one CPU even when this process is not pinned (a single-threaded baseline next to a figure of ours that uses
 * both cores: unpinned, one `openssl verify` run in ten took 20–70% longer, pinned about one in twenty).
 */
export function runPinned(cmd: string, args: string[], always = false): string {
  const [c, argv] = childArgv(cmd, args, always);
  return execFileSync(c, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
}
const openssl = (args: string[]): string => runPinned('openssl', args);

/** One `openssl speed -evp ALG` run: throughput in MB/s at the given block size. `-decrypt` where asked. */
export function opensslEvpMBps(alg: string, opts: { bytes?: number; seconds?: number; decrypt?: boolean } = {}): number {
  const { bytes = 16384, seconds = 1, decrypt = false } = opts;
  const out = openssl(['speed', '-mr', '-seconds', String(seconds), '-bytes', String(bytes), ...(decrypt ? ['-decrypt'] : []), '-evp', alg]);
  const line = out.split('\n').find((l) => l.startsWith('+F:'));
  if (!line) throw new Error(`openssl speed -evp ${alg}: no result line`);
  return Number(line.split(':').pop()) / 1e6;
}

/** One `openssl speed sm2` run: sign and verify operations per second. */
export function opensslSm2Ops(seconds = 1): { sign: number; verify: number } {
  const out = openssl(['speed', '-mr', '-seconds', String(seconds), 'sm2']);
  const line = out.split('\n').find((l) => /^\+F\d+:/.test(l) && l.includes('SM2'));
  if (!line) throw new Error('openssl speed sm2: no result line');
  const f = line.split(':');
  return { sign: Number(f[f.length - 2]), verify: Number(f[f.length - 1]) };
}

/** Wall seconds of one shell pipeline (baselines such as `openssl dgst … && openssl enc …`). */
export function shellSeconds(cmd: string): number {
  const [c, argv] = childArgv('sh', ['-c', cmd]);
  const t0 = performance.now();
  execFileSync(c, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  return (performance.now() - t0) / 1000;
}

// ---------------------------------------------------------------------------------------------------
// Interleaved comparison
// ---------------------------------------------------------------------------------------------------

/** One measurement: a rate (higher is better) or a time (lower is better), with the peak RSS if known. */
export type Sample = number | { value: number; peakRssMB?: number };
export interface Side {
  name: string;
  sample(): Sample | Promise<Sample>;
}
export interface CompareOptions {
  /** measured rounds (each: ours then the baseline) */
  rounds?: number;
  /** rounds of both run first and discarded (JIT warm-up, file cache) */
  warmup?: number;
  /** rates: true; times: false */
  higherIsBetter?: boolean;
  /** run pinned to one CPU (single-core primitives); whole-pipeline figures that use both cores say false */
  pin?: boolean;
  /**
   * samples of each side per round, of which the round keeps each side's best (default: 3 when pinned,
   * else 1). They are taken in `best` passes over all the rounds (ours, baseline; next round …), so a
   * round's samples lie a pass apart. On this VM the machine now and then runs slow for a few seconds for
   * reasons outside the process (most often code that allocates fresh memory, or a child process starting:
   * the host takes back free guest pages; or another guest on the same core). With one sample a side, such
   * a spell went straight into its round's ratio and so into the min–max spread (over 15% on a different
   * figure in each full run); with a round's samples taken back to back, a spell of some seconds still
   * covered all of them (`sm3-vs-sm-crypto-v2`: one round with every sample of ours 16% slow). Both sides
   * get the same treatment, so the ratio stays fair.
   */
  best?: number;
  /**
   * at most this many further passes (default: `best`) over the rounds whose ratio lies more than half the
   * spread limit from the median of all rounds (roundsOffMedian): each such round gets one more sample of
   * ours and one of the baseline a pass, and keeps each side's best as before. A round can still catch a
   * slow spell in all `best` samples of one side (the last full run before this: `sm2-verify-fresh-key` at
   * 2.46× with its rounds from 2.23× to 3.42×); a further sample of both sides then tells a spell from a
   * steady difference. Both sides always get the same number of samples in a round, and a steady
   * difference stays: a further sample can only raise a side's best, whichever side was slow.
   */
  refine?: number;
}
/** A ratio spread (max − min over the median) above this is flagged as unsteady in the table. */
export const SPREAD_LIMIT = 0.15;

export async function compare(name: string, unit: string, ours: Side['sample'], baseline: Side, opts: CompareOptions = {}): Promise<BenchResult> {
  const { rounds = 7, warmup = 1, higherIsBetter = true, pin = true, best = pin ? 3 : 1, refine = best } = opts;
  pinToOneCpu(pin);
  try {
    const value = (x: Sample) => (typeof x === 'number' ? x : x.value);
    const rss = (x: Sample) => (typeof x === 'number' ? undefined : x.peakRssMB);
    /** the better of two samples (higher or lower value as the figure says), with the higher RSS seen */
    const better = (v: Sample, w: Sample): Sample => {
      const peak = Math.max(rss(v) ?? 0, rss(w) ?? 0);
      const pick = (higherIsBetter ? value(w) > value(v) : value(w) < value(v)) ? w : v;
      return { value: value(pick), ...(peak ? { peakRssMB: peak } : {}) };
    };
    // warm-up rounds: both sides run and are discarded
    for (let r = 0; r < warmup; r++) {
      const x = await ours();
      const y = await baseline.sample();
      if (process.env.BIDSEAL_BENCH_VERBOSE === '1') console.error(`${name} warm-up ${r + 1}: ours ${value(x)}, baseline ${value(y)}`);
    }
    // `best` passes over the rounds, each giving every round one sample of ours then one of the baseline:
    // a round's samples lie a whole pass apart, so a slow spell of the machine (seconds on this VM) that
    // covers a run of consecutive samples costs a round at most the samples of one pass
    const xs: Sample[][] = Array.from({ length: rounds }, () => []);
    const ys: Sample[][] = Array.from({ length: rounds }, () => []);
    for (let p = 0; p < best; p++) {
      for (let r = 0; r < rounds; r++) {
        xs[r].push(await ours());
        ys[r].push(await baseline.sample());
      }
    }
    const ratioOf = (r: number) => {
      const x = value(xs[r].reduce(better));
      const y = value(ys[r].reduce(better));
      return higherIsBetter ? x / y : y / x;
    };
    let refined = 0;
    for (let p = 0; p < refine; p++) {
      const off = roundsOffMedian(xs.map((_, r) => ratioOf(r)));
      if (!off.length) break;
      for (const r of off) {
        xs[r].push(await ours());
        ys[r].push(await baseline.sample());
        refined++;
      }
    }
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    let peakRss = 0;
    for (let r = 0; r < rounds; r++) {
      const x = xs[r].reduce(better);
      const y = ys[r].reduce(better);
      if (process.env.BIDSEAL_BENCH_VERBOSE === '1') console.error(`${name} round ${r + 1}: ours ${xs[r].map(value).join(' ')}, baseline ${ys[r].map(value).join(' ')}`);
      a.push(value(x));
      b.push(value(y));
      ratios.push(ratioOf(r));
      peakRss = Math.max(peakRss, rss(x) ?? 0);
    }
    return {
      name,
      unit,
      value: round(median(a)),
      baseline: { name: baseline.name, value: round(median(b)) },
      ratio: round(median(ratios), 3),
      ratioMin: round(Math.min(...ratios), 3),
      ratioMax: round(Math.max(...ratios), 3),
      runs: rounds,
      samplesPerRound: best,
      ...(refined ? { refinedSamples: refined } : {}),
      ...(peakRss ? { peakRssMB: Math.round(peakRss) } : {}),
    };
  } finally {
    pinToOneCpu(false);
  }
}

/** The rounds whose ratio lies more than SPREAD_LIMIT / 2 from the median of all (compare's `refine`). */
export function roundsOffMedian(ratios: number[]): number[] {
  const m = median(ratios);
  return ratios.flatMap((x, r) => (Math.abs(x / m - 1) > SPREAD_LIMIT / 2 ? [r] : []));
}

export type Comparison = [name: string, ours: Side['sample'], baseline: Side, opts?: CompareOptions];

/** compare() for each row in turn (one after another: each pins and measures alone), all in `unit`. */
export async function compareEach(unit: string, rows: Comparison[]): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const [name, ours, baseline, opts] of rows) out.push(await compare(name, unit, ours, baseline, opts));
  return out;
}

/** A case that is these comparisons, run in turn. */
export const comparisons = (name: string, unit: string, rows: Comparison[]): BenchCase => ({ name, run: () => compareEach(unit, rows) });

/**
 * One timed window of `fn`: calls per CPU-second (user + system time of this process) over at least
 * `minMs` of wall time. `openssl speed` divides by its user CPU time too (unless -elapsed), so both sides
 * of a single-core figure count the same thing, whatever else the machine runs meanwhile.
 */
export function rateOnce(fn: () => void, minMs = 400): number {
  let n = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  do {
    fn();
    n++;
  } while (performance.now() - t0 < minMs);
  const c = process.cpuUsage(c0);
  return (n * 1e6) / Math.max(1, c.user + c.system);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A figure from one measurement of each side (prefer `compare`, which interleaves rounds). */
export function result(name: string, unit: string, value: number, baselineName: string, baselineValue: number, higherIsBetter = true, extra: { peakRssMB?: number } = {}): BenchResult {
  const ratio = round(higherIsBetter ? value / baselineValue : baselineValue / value, 3);
  return { name, unit, value: round(value), baseline: { name: baselineName, value: round(baselineValue) }, ratio, ratioMin: ratio, ratioMax: ratio, runs: 1, ...extra };
}

export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
