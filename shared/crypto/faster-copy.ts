// Runs anywhere (pure). Chooses between two identical copies of a WebAssembly function by timing the real
// work done through each, for sm4-wasm.ts: V8 places the code of a large function at a fresh address on
// every compilation, and about one placement of SM4's crypt16 in seven runs ~30% slower for the life of
// the process, while two copies in one module are independent draws (docs/crypto-sm4-wasm.md, "Code
// placement"). Both copies compute the same bytes, so the choice only ever changes the speed.
//
// The rule: alternate in bursts of BURST for the first WARM timed runs, then use the copy with the lower best
// time per unit of work (a best, not a mean: a slow spell of the machine or a collection pause only makes a
// run slower) and run the other copy for a burst again from timed runs 2·WARM, 4·WARM, 8·WARM, … A copy
// only gets faster (V8 replaces its first-tier code once it is hot), so a copy that lost while still in its
// first tier wins later, and the re-tries cost a vanishing share of the work. Bursts, because the first run
// of a copy after many of the other finds none of its code in the caches: with single runs, measured, the
// copy not in use came out ~8% slower than it was.

/** a kind of work whose runs compare with each other (sm4-wasm.ts: ecb, ctr, cbcdec) */
export type WorkKind = string;
export type Copy = 0 | 1;

/** timed runs that alternate the copies before either is preferred (a power of two) */
const WARM = 16;
/** consecutive timed runs of one copy when alternating or re-trying (a power of two, below WARM) */
const BURST = 4;
/** how much faster the other copy's best has to be before it takes over (noise in a best is a few %) */
const MARGIN = 0.05;

export class FasterCopy {
  private readonly best = new Map<WorkKind, [number, number]>();
  private runs = 0;
  private chosen: Copy = 0;

  /** `pinned`: always that copy (tests run each copy on its own). */
  constructor(private readonly pinned?: Copy) {}

  /** The copy the next run should use; `timed` when that run will be reported through record(). */
  next(timed: boolean): Copy {
    if (this.pinned !== undefined) return this.pinned;
    if (!timed) return this.chosen;
    const n = this.runs;
    if (n < WARM) return ((n / BURST) & 1) as Copy;
    // a burst from each power of two (WARM, 2·WARM, …): m = the burst's first run, m & (m - 1) === 0
    const m = n - (n % BURST);
    return (m & (m - 1)) === 0 ? ((1 - this.chosen) as Copy) : this.chosen;
  }

  /** Reports a run of `kind` through `copy` that did `units` of work in `ms`. */
  record(kind: WorkKind, copy: Copy, units: number, ms: number): void {
    if (this.pinned !== undefined || !(units > 0) || !(ms >= 0)) return;
    this.runs++;
    const per = ms / units;
    const b = this.best.get(kind) ?? [Infinity, Infinity];
    b[copy] = Math.min(b[copy], per);
    this.best.set(kind, b);
    const other = (1 - this.chosen) as Copy;
    if (b[other] < b[this.chosen] * (1 - MARGIN)) this.chosen = other;
  }

  /** the copy in use and the best times per unit (ms) of each kind of work, for diagnostics and tests */
  status(): { copy: Copy; pinned: boolean; runs: number; best: Record<WorkKind, [number, number]> } {
    return { copy: this.pinned ?? this.chosen, pinned: this.pinned !== undefined, runs: this.runs, best: Object.fromEntries(this.best) };
  }
}
