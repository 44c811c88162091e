// `npm run bench [-- NAME...]`: runs every case in bench/cases/ (or those whose name starts with
// one of NAME), prints each figure next to its baseline with the median ratio of interleaved rounds
// (higher is better) and its min–max spread, flags a spread over 15%, and writes bench/results.json.
// Each case measures its baseline in the same run on this machine (bench/measure.ts), in a Node process
// of its own: a case run after another in one process inherited its heap, JIT state and WebAssembly
// instances (SM4 measured 2.1× after the SM2 cases and 3.0× alone).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchCase, BenchResult } from './types';
import { SPREAD_LIMIT, pinningNote } from './measure';
import { cpuEvenness, cpuSm3MBps, machine } from './machine';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
/** `--case=NAME`: this process is the child that runs one case and hands its results back as JSON */
const only = process.argv.find((a) => a.startsWith('--case='))?.slice('--case='.length);
const RESULT_MARK = '@@bench-results ';

/** `--case-file=F`: the child imports only the module of its case (another module's imports can slow it: see bench/peers.ts) */
const onlyFile = process.argv.find((a) => a.startsWith('--case-file='))?.slice('--case-file='.length);

const cases: BenchCase[] = [];
const fileOf = new Map<BenchCase, string>();
for (const f of readdirSync(path.join(here, 'cases')).filter((f) => f.endsWith('.ts') && (onlyFile === undefined || f === onlyFile)).sort()) {
  const mod = (await import(pathToFileURL(path.join(here, 'cases', f)).href)) as { cases?: BenchCase[] };
  for (const c of mod.cases ?? []) fileOf.set(c, f);
  cases.push(...(mod.cases ?? []));
}
if (only !== undefined) {
  const c = cases.find((x) => x.name === only);
  if (!c) process.exit(2);
  const out = await c.run().then(
    (results) => ({ results }),
    (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
  );
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(out)}\n`);
  process.exit(0);
}

/** Runs one case in a fresh Node process (same flags and loader as this one). */
function runIsolated(c: BenchCase): BenchResult[] {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--case-file=${fileOf.get(c)!}`, `--case=${c.name}`], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = r.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (r.status !== 0 || !line) throw new Error(`the case's process ended with ${r.status ?? r.signal}`);
  const out = JSON.parse(line.slice(RESULT_MARK.length)) as { results: BenchResult[] } | { error: string };
  if ('error' in out) throw new Error(out.error);
  return out.results;
}

const selected = filters.length ? cases.filter((c) => filters.some((n) => c.name.startsWith(n))) : cases;
if (!selected.length) {
  console.error(`no benchmark matches ${filters.join(', ')}; available: ${cases.map((c) => c.name).join(', ')}`);
  process.exit(2);
}

const out = path.join(here, 'results.json');
/** the last run's figures, to show how each moved (a change that costs speed shows up here) */
const last: BenchResult[] = (() => {
  try {
    return existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as BenchResult[]) : [];
  } catch {
    return [];
  }
})();
const thisMachine = machine();
// a figure of the last run is compared only if it was measured on this processor (a record without one
// predates bench/machine.ts and is not compared either: the VM's processor has changed under it before)
const lastRatio = new Map(last.filter((r) => r.machine === thisMachine.key).map((r) => [r.name, r.ratio]));
const otherMachine = last.some((r) => r.machine !== thisMachine.key);
/** the ratio's change against the last run, in percent (positive = faster) */
const moved = (r: BenchResult): number | undefined => {
  const before = lastRatio.get(r.name);
  return before ? (r.ratio / before - 1) * 100 : undefined;
};
const WORSE_LIMIT = -5;

const results: BenchResult[] = [];
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const header = `${'name'.padEnd(38)} ${'value'.padStart(10)} ${'unit'.padEnd(6)} ${'baseline'.padEnd(32)} ${'base'.padStart(10)} ${'ratio'.padStart(7)} ${'min–max'.padStart(13)} ${'runs'.padStart(4)} ${'RSS MB'.padStart(7)} ${'vs last'.padStart(8)}`;
const signed = (pct: number | undefined) => (pct === undefined ? '' : `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`);
const spread = (r: BenchResult) => (r.ratioMax - r.ratioMin) / r.ratio;
/** CPUs whose speeds differ by more than this (the slower over the faster) are flagged */
const EVEN_LIMIT = 0.85;
const showCpus = (mbps: readonly number[]) => mbps.map((v) => v.toFixed(0)).join(', ');
let cpuNow = cpuSm3MBps();
if (cpuNow) console.log(`OpenSSL SM3 on each CPU: ${showCpus(cpuNow)} MB/s\n`);
console.log(header);
console.log('-'.repeat(header.length));
for (const c of selected) {
  try {
    const measured = runIsolated(c);
    const before = cpuNow;
    cpuNow = cpuSm3MBps();
    const cpuSpeeds = before && cpuNow ? cpuNow.map((v, i) => Math.min(v, before[i])) : undefined;
    for (const r of measured) {
      results.push({ ...r, machine: thisMachine.key, ...(cpuSpeeds ? { cpuSm3MBps: cpuSpeeds } : {}) });
      const range = `${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}`;
      const uneven = cpuSpeeds && cpuEvenness(cpuSpeeds) < EVEN_LIMIT ? `  ~ CPUs uneven (SM3 ${showCpus(cpuSpeeds)} MB/s)` : '';
      const refined = r.refinedSamples ? `  + ${r.refinedSamples} refining sample${r.refinedSamples > 1 ? 's' : ''} a side` : '';
      const flag = (spread(r) > SPREAD_LIMIT ? `  ! spread ${(spread(r) * 100).toFixed(0)}%` : '') + refined + uneven;
      console.log(`${r.name.padEnd(38)} ${fmt(r.value).padStart(10)} ${r.unit.padEnd(6)} ${r.baseline.name.slice(0, 32).padEnd(32)} ${fmt(r.baseline.value).padStart(10)} ${(r.ratio.toFixed(2) + '×').padStart(7)} ${range.padStart(13)} ${String(r.runs).padStart(4)} ${(r.peakRssMB !== undefined ? r.peakRssMB.toFixed(0) : '').padStart(7)} ${signed(moved(r)).padStart(8)}${flag}`);
    }
  } catch (e) {
    console.log(`${c.name.padEnd(38)} skipped: ${(e as Error).message}`);
  }
}
// a run of some figures (`npm run bench -- sm4`) replaces those figures and keeps the others of the last run
const kept = filters.length ? last.filter((r) => !results.some((x) => x.name === r.name)) : [];
writeFileSync(out, JSON.stringify([...kept, ...results], null, 2) + '\n');
const unsteady = results.filter((r) => spread(r) > SPREAD_LIMIT).map((r) => r.name);
console.log(`\nwrote ${path.relative(process.cwd(), out)} (${results.length} figures; machine: ${thisMachine.cpu}, node ${process.versions.node}; ${pinningNote()})`);
if (otherMachine) console.log('some figures of the last run were measured on another processor (or do not say which): "vs last" leaves them out');
const worse = results.filter((r) => (moved(r) ?? 0) < WORSE_LIMIT).map((r) => `${r.name} ${signed(moved(r))}`);
if (worse.length) console.log(`more than ${-WORSE_LIMIT}% worse than the last run (measure again on a quiet machine before believing it): ${worse.join(', ')}`);
if (unsteady.length) console.log(`spread over ${SPREAD_LIMIT * 100}% (the machine was not quiet; run again): ${unsteady.join(', ')}`);
const uneven = results.filter((r) => r.cpuSm3MBps && cpuEvenness(r.cpuSm3MBps) < EVEN_LIMIT).map((r) => r.name);
if (uneven.length) console.log(`measured while one CPU ran below ${EVEN_LIMIT * 100}% of another's speed (the host's load; figures on both cores are not comparable then, bench/machine.ts): ${uneven.join(', ')}`);
