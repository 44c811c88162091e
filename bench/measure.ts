// Runs in Node (benchmarks only). Measurement helpers: warm-up, then the median of several timed
// runs; OpenSSL baselines parsed from `openssl speed -mr` on the same machine in the same run.
import { execFileSync } from 'node:child_process';

export interface MeasureOptions {
  /** timed runs whose median is reported */
  runs?: number;
  /** minimum duration of one timed run, ms */
  minMs?: number;
  /** warm-up duration, ms */
  warmupMs?: number;
}

const median = (xs: number[]): number => {
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

/** Same as `rate` for async functions. */
export async function rateAsync(fn: () => Promise<void>, opts: MeasureOptions = {}): Promise<number> {
  const { runs = 5, minMs = 400, warmupMs = 300 } = opts;
  let t0 = performance.now();
  while (performance.now() - t0 < warmupMs) await fn();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    t0 = performance.now();
    let dt: number;
    do {
      await fn();
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

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
}

/** `openssl speed -evp ALG` throughput in MB/s at the given block size (median of `runs`). */
export function opensslEvpMBps(alg: string, bytes = 16384, runs = 3, seconds = 1): number {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = openssl(['speed', '-mr', '-seconds', String(seconds), '-bytes', String(bytes), '-evp', alg]);
    const line = out.split('\n').find((l) => l.startsWith('+F:'));
    if (!line) throw new Error(`openssl speed -evp ${alg}: no result line`);
    xs.push(Number(line.split(':').pop()) / 1e6);
  }
  return median(xs);
}

/** `openssl speed sm2` sign and verify operations per second (median of `runs`). */
export function opensslSm2Ops(runs = 3, seconds = 1): { sign: number; verify: number } {
  const s: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = openssl(['speed', '-mr', '-seconds', String(seconds), 'sm2']);
    const line = out.split('\n').find((l) => /^\+F\d+:/.test(l) && l.includes('SM2'));
    if (!line) throw new Error('openssl speed sm2: no result line');
    const f = line.split(':');
    s.push(Number(f[f.length - 2]));
    v.push(Number(f[f.length - 1]));
  }
  return { sign: median(s), verify: median(v) };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function result(name: string, unit: string, value: number, baselineName: string, baselineValue: number, higherIsBetter = true, extra: { peakRssMB?: number } = {}) {
  const ratio = higherIsBetter ? value / baselineValue : baselineValue / value;
  return { name, unit, value: round(value), baseline: { name: baselineName, value: round(baselineValue) }, ratio: round(ratio, 3), ...extra };
}

export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
