// Runs in Node (benchmarks only). One benchmark figure, measured next to its baseline in the same run.

export interface BenchResult {
  name: string;
  unit: string; // e.g. 'MB/s', 'ops/s', 's'
  value: number;
  baseline: { name: string; value: number };
  /** ours over the baseline's, oriented so that higher is better: the median of the per-round ratios */
  ratio: number;
  /** the lowest and highest per-round ratio */
  ratioMin: number;
  ratioMax: number;
  /** measured rounds (warm-up excluded) */
  runs: number;
  /** samples of each side per round, of which the round kept the best (bench/measure.ts: compare) */
  samplesPerRound?: number;
  /** further samples of each side taken in rounds whose ratio lay off the others' (bench/measure.ts: refine) */
  refinedSamples?: number;
  peakRssMB?: number;
  /** the processor it was measured on (bench/machine.ts: its `key`); set by bench/run.ts */
  machine?: string;
  /** OpenSSL's SM3 on each CPU just before and after the case (the lower of the two; bench/machine.ts:
   * cpuSm3MBps): CPUs that differ say the host was loading one of them; set by bench/run.ts */
  cpuSm3MBps?: number[];
}

export interface BenchCase {
  /** the name in bench/results.json, e.g. 'sm4-cbc-encrypt' or 'sm4-cbc-encrypt-vs-sm-crypto-v2' */
  name: string;
  /** produces the figure(s); one case may return several related results */
  run(): Promise<BenchResult[]>;
}
