// Crash consistency (docs/CRASH-CONSISTENCY.md), as a power cut or `kill -9` tests it: the real CLI is
// killed (SIGKILL) at random moments — 20 times each — while it seals a bid, signs a PDF and uploads to the
// reference platform; then the start-up recovery runs (the same function every start calls) and the test
// checks: nothing sits at a final name that did not pass its checks (a sealed bid that does not open to a
// package that verifies, a PDF whose new signature does not verify, a receipt that does not name the bid),
// no partial file is left anywhere, and the history and the outbox agree with the files.
// The CLI is bundled once with esbuild the way the app is built (main bundle + hash-worker.js beside it), so
// each of the ~60 processes starts without compiling TypeScript; inputs are small and the kill times come
// from a seeded generator (a fraction of an uninterrupted run's duration, measured first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, hasOpenssl } from '../../helpers/vectors';
import { makeKey, minimalPdf, type TestKey } from '../../helpers/pdf';
import { useReferencePlatform } from '../../helpers/platform-server';
import { DEMO_PKI_DIR } from '../../../platform-server/server';
import { sealBid, testOpen } from '../../../electron/services/bid/package';
import { appendRecord, listRecords, recordOfSeal } from '../../../electron/services/bid/history';
import { recoverAtStart } from '../../../electron/services/app/startup-recovery';
import { usePartialJournal } from '../../../electron/services/fs/partials';
import { verifyPdfFile } from '../../../electron/services/pdf/file';
import { Outbox, outboxHooks } from '../../../electron/services/upload';
import { readReceiptPayload } from '../../../shared/receipt/receipt';
import { meta } from '../upload/fixtures';
import { pseudoRandom } from '../envelope/fixtures';

const KILLS = 20;
const bundleDir = path.join(repoRoot, '.tmp', 'crash-cli');
const bin = path.join(bundleDir, 'bidseal.js');

/** mulberry32: deterministic kill times */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the CLI; kills it with SIGKILL after `killAfterMs` (unless it finished). */
function run(args: string[], env: Record<string, string>, killAfterMs?: number, input?: string): Promise<{ code: number | null; killed: boolean; ms: number; stderr: string }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, BIDSEAL_LANG: 'en', ...env }, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input ?? '');
  let killed = false;
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => {
    killed = child.kill('SIGKILL');
  }, killAfterMs);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, killed: killed && signal === 'SIGKILL', ms: Date.now() - t0, stderr });
    }),
  );
}

const sha256 = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

function partialsUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.partial')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The next start: the recovery every CLI run, host and app start calls first. */
async function nextStart(dataDir: string): Promise<void> {
  await recoverAtStart(dataDir);
  usePartialJournal(undefined);
}

function expectNoLeftovers(dirs: string[], dataDir: string): void {
  for (const d of [...dirs, dataDir]) expect(partialsUnder(d)).toEqual([]);
  const notes = path.join(dataDir, 'partials');
  expect(existsSync(notes) ? readdirSync(notes) : []).toEqual([]);
  const pending = path.join(dataDir, 'bids', 'pending');
  expect(existsSync(pending) ? readdirSync(pending) : []).toEqual([]);
}

describe.skipIf(!hasOpenssl)('crash consistency: kill -9 at random moments', () => {
  const platform = useReferencePlatform();
  let work: string;
  beforeAll(async () => {
    await build({ entryPoints: { cli: path.join(repoRoot, 'electron/cli/main.ts'), 'hash-worker': path.join(repoRoot, 'electron/services/bid/hash-worker.ts') }, outdir: bundleDir, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
    writeFileSync(bin, "import { main } from './cli.js';\nprocess.exitCode = await main(process.argv.slice(2));\n");
    work = path.join(platform.fx.dir, 'crash');
    mkdirSync(work, { recursive: true });
  }, 60_000);
  afterAll(() => usePartialJournal(undefined));

  /** KILLS runs of `args(i)`, each killed (SIGKILL) at a seeded moment within the fastest complete run seen
   * (from the baseline's `baseMs` on: on a loaded machine the first run can be slow); after each, the next
   * start's recovery, `check(i)` and no partial anywhere. Most runs must have been killed. */
  async function killRuns(args: (i: number) => string[], dataDir: string, seed: number, baseMs: number, check: (i: number) => Promise<void>): Promise<void> {
    let fastest = baseMs;
    const rand = rng(seed);
    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      const r = await run(args(i), { BIDSEAL_DATA_DIR: dataDir }, Math.round(fastest * (0.2 + rand() * 0.7)));
      if (!r.killed && r.code === 0) fastest = Math.min(fastest, r.ms);
      if (r.killed) killed++;
      await nextStart(dataDir);
      await check(i);
      expectNoLeftovers([work], dataDir);
    }
    expect(killed).toBeGreaterThan(KILLS / 2);
  }

  it(`bidseal seal: ${KILLS} kills leave only checked, recorded bids and no partials`, async () => {
    const { fx } = platform;
    const bid = fx.bid;
    const dataDir = path.join(work, 'seal-data');
    const env = { BIDSEAL_DATA_DIR: dataDir };
    const docs = path.join(work, 'docs');
    mkdirSync(docs, { recursive: true });
    writeFileSync(path.join(docs, 'a.pdf'), pseudoRandom(40_000, 1));
    writeFileSync(path.join(docs, 'b.pdf'), pseudoRandom(20_000, 2));
    const opening = new Date(Date.now() + 20 * 86400e3).toISOString();
    const args = (i: number) => ['seal', docs, '--recipient', bid.cert('bidderEnc'), '--opening', opening, '--tender', meta.tenderId, '--bidder', meta.bidder.name, '--uscc', meta.bidder.uscc, '--signer', `${bid.key('sign')},${bid.cert('sign')}`, '--self-check', `${bid.key('bidderEnc')},${bid.cert('bidderEnc')}`, '--backup', path.join(work, `bk-${i}`), '-o', path.join(work, `s-${i}.p7m`)];
    const base = await run(args(999), env);
    expect(base.stderr).not.toMatch(/^E_[A-Z_]+:/m);
    expect(base.code).toBe(0);
    const dec = await bid.decrypter('bidderEnc');
    await killRuns(args, dataDir, 13, base.ms, async (i) => {
      const out = path.join(work, `s-${i}.p7m`);
      const backup = path.join(work, `bk-${i}`, `s-${i}.backup.zip`);
      const records = await listRecords(dataDir);
      const rec = records.find((x) => x.sealed.path === out);
      if (existsSync(out)) {
        // at its final name: recorded, and it opens to exactly the package, which verifies
        expect(rec?.sealed.sha256).toBe(sha256(out));
        const opened = await testOpen(out, [dec], rec!.backup!.sha256);
        expect(opened.report.bottomLine).toBe('valid');
        expect(existsSync(backup)).toBe(true);
        expect(sha256(backup)).toBe(rec!.backup!.sha256);
      } else {
        expect(rec).toBeUndefined();
        expect(existsSync(backup)).toBe(false);
      }
    });
    // every record points at a file that is there with its hash
    for (const r of await listRecords(dataDir)) expect(sha256(r.sealed.path)).toBe(r.sealed.sha256);
  }, 240_000);

  it(`bidseal pdf sign: ${KILLS} kills leave only PDFs whose signature verifies`, async () => {
    const dataDir = path.join(work, 'pdf-data');
    const env = { BIDSEAL_DATA_DIR: dataDir };
    const key: TestKey = makeKey(work, 'ec-p256');
    const input = path.join(work, 'in.pdf');
    writeFileSync(input, minimalPdf({ pages: 3 }));
    const args = (i: number) => ['pdf', 'sign', '--key', key.keyPath, '--cert', key.certPath, '-o', path.join(work, `p-${i}.pdf`), input];
    const base = await run(args(999), env);
    expect(base.stderr).not.toMatch(/^E_[A-Z_]+:/m);
    expect(base.code).toBe(0);
    await killRuns(args, dataDir, 38540, base.ms, async (i) => {
      const out = path.join(work, `p-${i}.pdf`);
      if (existsSync(out)) {
        const reports = await verifyPdfFile(out);
        expect(reports).toHaveLength(1);
        expect(reports[0].intact).toBe(true);
      }
    });
  }, 240_000);

  it(`bidseal upload: ${KILLS} kills leave the outbox, the receipts and the history consistent`, async () => {
    const { fx, server } = platform;
    const dataDir = path.join(work, 'up-data');
    const env = { BIDSEAL_DATA_DIR: dataDir };
    const cert = path.join(DEMO_PKI_DIR, 'receipt-sign.crt.pem');
    const signer = await fx.bid.signer();
    const bids: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const doc = path.join(work, `u-${i}.pdf`);
      writeFileSync(doc, pseudoRandom(32_000, 100 + i));
      const out = path.join(work, `u-${i}.p7m`);
      const r = await sealBid({ files: [doc], meta, signer, recipients: [fx.platformCertPem] }, out);
      await appendRecord(dataDir, recordOfSeal(r, { platformId: 'reference' }));
      bids.push(out);
    }
    const args = (f: string) => ['upload', f, '--platform', 'reference', '--url', server.filesUrl, '--receipt-cert', cert, '--json'];
    // a baseline: one complete upload of a throwaway bid
    const spare = path.join(work, 'u-spare.p7m');
    await sealBid({ files: [path.join(work, 'u-0.pdf')], meta: { ...meta, lot: 'spare' }, signer, recipients: [fx.platformCertPem] }, spare);
    const base = await run(args(spare), env);
    expect(base.code).toBe(0);
    const check = async () => {
      const outbox = new Outbox(dataDir, outboxHooks(dataDir), false);
      await outbox.reconcile();
      const items = await outbox.list();
      const records = await listRecords(dataDir);
      for (const it of items) {
        if (it.state === 'done') {
          // done only with its receipt beside it, naming the file; and the history knows
          const p = readReceiptPayload(readFileSync(outbox.receiptPath(it.id)));
          expect(p.sha256).toBe(it.sha256);
          const rec = records.find((r) => r.sealed.sha256 === it.sha256);
          if (rec) expect(rec.uploads.some((u) => (u.receipt as { outboxId?: string } | undefined)?.outboxId === it.id && u.status === 'uploaded')).toBe(true);
        }
      }
      for (const f of bids) {
        const receipt = f.replace(/\.p7m$/, '.receipt.p7m');
        if (existsSync(receipt)) expect(readReceiptPayload(readFileSync(receipt)).sha256).toBe(sha256(f));
      }
      for (const r of records) for (const u of r.uploads.filter((x) => x.status === 'uploaded')) expect(items.find((it) => it.id === (u.receipt as { outboxId?: string }).outboxId)?.state).toBe('done');
      await outbox.close();
    };
    await killRuns((i) => args(bids[i]), dataDir, 35275, base.ms, check);
    // and a killed upload completes when its command runs again
    for (const f of bids.slice(0, 2)) expect((await run(args(f), env)).code).toBe(0);
    await nextStart(dataDir);
    await check();
    for (const f of bids.slice(0, 2)) expect(statSync(f.replace(/\.p7m$/, '.receipt.p7m')).size).toBeGreaterThan(0);
  }, 300_000);
});
