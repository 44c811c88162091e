// `bidseal upload` and `bidseal receipt verify` as a user runs them (the real bin, a child process)
// against the reference platform in this process: the client is killed (SIGKILL) mid-upload and the
// same command resumes from the platform's offset; the saved receipt verifies, a tampered one does not.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { main } from '../../../electron/cli/main';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, hasOpenssl } from '../../helpers/vectors';
import { DEMO_PKI_DIR } from '../../../platform-server/server';
import { useReferencePlatform } from '../../helpers/platform-server';

function cli(args: string[]) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), ...args], { env: { ...process.env, BIDSEAL_LANG: 'en' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** The CLI in this process (fast) for commands that need no separate process. */
async function cliHere(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await main(args, { stdout: out, stderr: err, lang: 'en' });
  return { code, stdout, stderr };
}

describe.skipIf(!hasOpenssl)('bidseal upload / receipt verify', () => {
  const platform = useReferencePlatform();

  it('resumes after the client is killed mid-upload and saves a receipt that verifies', async () => {
    const { fx, server: s } = platform;
    const file = await fx.seal('cli-bid', 24 * 1024 * 1024, 9);
    const dataDir = path.join(fx.dir, 'cli-data');
    const cert = path.join(DEMO_PKI_DIR, 'receipt-sign.crt.pem');
    const args = ['upload', file, '--platform', 'reference', '--url', s.filesUrl, '--receipt-cert', cert, '--data-dir', dataDir, '--json'];
    const first = cli(args);
    // wait until the platform holds some bytes, then kill the client outright
    const outbox = path.join(dataDir, 'outbox');
    let offset = 0;
    for (let i = 0; i < 400 && offset === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const f = (() => {
        try {
          return readdirSync(outbox).find((n) => /^[0-9a-f]{32}\.json$/.test(n));
        } catch {
          return undefined;
        }
      })();
      const url = f ? (JSON.parse(readFileSync(path.join(outbox, f), 'utf8')) as { uploadUrl?: string }).uploadUrl : undefined;
      if (!url) continue;
      const filesDir = path.join(fx.dir, 'platform', 'files');
      const id = url.split('/').pop()!;
      try {
        offset = statSync(path.join(filesDir, id)).size;
      } catch {
        offset = 0;
      }
    }
    first.child.kill('SIGKILL');
    const r1 = await first.done;
    expect(r1.code).not.toBe(0);
    expect(offset).toBeGreaterThan(0);

    const r2 = await cli(args).done;
    expect(r2.stderr).toBe('');
    expect(r2.code).toBe(0);
    const out = JSON.parse(r2.stdout) as { ok: boolean; resumedFrom: number; sha256: string; verified: boolean; receiptFile: string; uploadId: string };
    expect(out).toMatchObject({ ok: true, verified: true, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') });
    expect(out.resumedFrom).toBeGreaterThan(0);
    expect(out.receiptFile).toBe(file.replace(/\.p7m$/, '.receipt.p7m'));

    const ok = await cliHere(['receipt', 'verify', out.receiptFile, '--cert', cert, '--file', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/receipt valid: SM2-SM3/);
    expect(ok.stdout).toContain(out.uploadId);

    const other = await cliHere(['receipt', 'verify', out.receiptFile, '--cert', cert, '--file', fx.bid.cert('sign')]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^E_RECEIPT_MISMATCH/);

    const bad = Buffer.from(readFileSync(out.receiptFile));
    bad[bad.length - 5] ^= 0x40;
    writeFileSync(path.join(fx.dir, 'bad.receipt.p7m'), bad);
    const tampered = await cliHere(['receipt', 'verify', path.join(fx.dir, 'bad.receipt.p7m'), '--cert', cert, '--json']);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, error: { code: 'E_RECEIPT_INVALID' } });
  }, 120_000);

  it('refuses after the deadline given on the command line, with a clear message', async () => {
    const { fx, server: s } = platform;
    const file = await fx.seal('cli-late', 5000, 10);
    const r = await cliHere(['upload', file, '--platform', 'reference', '--url', s.filesUrl, '--deadline', '2020-01-01T00:00:00Z', '--data-dir', path.join(fx.dir, 'cli-late')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_UPLOAD_DEADLINE_PASSED: The bid deadline has passed/);
  });
});
