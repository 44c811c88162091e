// `npm test`: provision system tools, type-check, unit/integration tests (vitest), build the app,
// then end-to-end tests of the real UI (Playwright + Debian Chromium through the Node host).
// Ends with one plain summary line: `tests: N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { provision } from './provision.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });

const args = process.argv.slice(2);
const only = (stage) => !args.length || args.includes(stage);
const started = Date.now();
let failedStage;

function run(stage, cmd, cmdArgs, env = {}) {
  if (failedStage && stage !== 'e2e') return false;
  console.log(`\n=== ${stage}: ${[path.basename(cmd), ...cmdArgs].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${stage}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failedStage ??= stage;
  return r.status === 0;
}

if (!provision()) process.exit(1);

const counts = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
// Per-area type checks: shared/ with neither DOM nor Node types, the renderer without Node, the Node
// side without DOM; then the whole tree (tests, scripts, configs) as one program.
if (only('typecheck')) for (const p of ['tsconfig.shared.json', 'tsconfig.renderer.json', 'tsconfig.node.json', 'tsconfig.json']) run(`typecheck ${p}`, bin('tsc'), ['--noEmit', '-p', p]);
if (only('lint')) run('lint', bin('eslint'), ['--max-warnings', '0', '.']);
if (only('unit')) {
  const out = path.join(tmp, 'vitest.json');
  rmSync(out, { force: true });
  run('unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    counts.passed += j.numPassedTests;
    counts.failed += j.numFailedTests;
    counts.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  }
}
if (only('e2e')) {
  const out = path.join(tmp, 'playwright.json');
  rmSync(out, { force: true });
  if (run('build', bin('electron-vite'), ['build', '--logLevel', 'warn']) && checkBuiltSyntax()) {
    run('e2e', bin('playwright'), ['test']);
    if (existsSync(out)) {
      const report = JSON.parse(readFileSync(out, 'utf8'));
      const s = report.stats;
      counts.passed += s.expected + (s.flaky ?? 0);
      counts.flaky += s.flaky ?? 0;
      for (const t of flakyTests(report)) console.log(`=== e2e: flaky (failed once, passed on the retry): ${t}`);
      counts.failed += s.unexpected;
      counts.skipped += s.skipped;
    }
  }
}

/** Titles of the Playwright tests whose final result is "flaky" (failed, then passed on the retry). */
function flakyTests(report) {
  const out = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.status === 'flaky') out.push(`${spec.file}:${spec.line} ${spec.title}`);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return out;
}

/** Every built script must parse: the Electron binary is absent here, so nothing else would load them. */
function checkBuiltSyntax() {
  const files = readdirSync(path.join(root, 'out'), { recursive: true })
    .map(String)
    .filter((f) => /\.(m|c)?js$/.test(f))
    .map((f) => path.join('out', f));
  console.log(`\n=== syntax: node --check on ${files.length} built files`);
  const bad = files.filter((f) => spawnSync(process.execPath, ['--check', f], { cwd: root, stdio: 'inherit' }).status !== 0);
  console.log(`=== syntax: ${bad.length ? `FAILED (${bad.join(', ')})` : 'ok'}`);
  if (bad.length) failedStage ??= 'syntax';
  return !bad.length;
}

const secs = ((Date.now() - started) / 1000).toFixed(0);
if (failedStage) console.log(`\nfirst failing stage: ${failedStage}`);
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${counts.flaky ? ` (${counts.flaky} of the passed flaky)` : ''} (${secs} s)`);
process.exit(failedStage || counts.failed ? 1 : 0);
