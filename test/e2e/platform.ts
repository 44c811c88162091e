// The reference platform (npm run platform) for browser tests: started on a free port of 127.0.0.1 with
// its own data folder, stopped and wiped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { expect, repoRoot } from './fixtures';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface ReferencePlatform {
  proc: ChildProcess;
  /** its tus endpoint */
  url: string;
  dataDir: string;
  stop(): void;
}

export async function startReferencePlatform(args: string[], port?: number): Promise<ReferencePlatform> {
  port ??= await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-platform-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'platform-server/main.ts', '--port', String(port), '--data-dir', dataDir, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = readline.createInterface({ input: proc.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('platform did not start')), 30_000);
    rl.on('line', (l) => {
      if (l.includes('uploads:')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (c) => reject(new Error(`platform exited with ${c}`)));
  });
  return {
    proc,
    url: `http://127.0.0.1:${port}/files/`,
    dataDir,
    stop: () => {
      proc.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a reference platform on this computer as a platform the user added (the renderer names
 * platforms by id, never an upload URL: docs/ipc-security.md), then starts it under that id so that its
 * receipts name it. `api` calls one IPC operation the way the page does.
 */
export async function startUserReferencePlatform(
  api: (op: string, req: unknown) => Promise<{ ok: boolean; value?: { id: string }; error?: unknown }>,
  name: string,
  args: string[] = [],
): Promise<ReferencePlatform & { id: string }> {
  const port = await freePort();
  const pem = (f: string) => readFileSync(path.join(repoRoot, 'platform-server/demo-pki', f), 'utf8');
  const r = await api('platforms.addCustom', { name: { zh: name, en: name }, endpoint: `http://127.0.0.1:${port}/files/`, encryptionCertificates: [pem('platform-enc.crt.pem')], receiptCertificate: pem('receipt-sign.crt.pem') });
  if (!r.ok || !r.value) throw new Error(`platforms.addCustom failed: ${JSON.stringify(r.error)}`);
  const p = await startReferencePlatform(['--id', r.value.id, ...args], port);
  return { ...p, id: r.value.id };
}

/** One IPC call the way the page itself makes it: the preload API in Electron, POST /api/<op> in a browser. */
export function pageApi(page: import('@playwright/test').Page) {
  return (op: string, req: unknown) =>
    page.evaluate(
      async ([o, body]) => {
        const bridge = (window as unknown as { bidseal?: Record<string, (r: unknown) => Promise<unknown>> }).bidseal;
        if (bridge) return bridge[o]!(body) as Promise<{ ok: boolean; value?: { id: string }; error?: unknown }>;
        const res = await fetch(`/api/${o}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return res.json() as Promise<{ ok: boolean; value?: { id: string }; error?: unknown }>;
      },
      [op, req] as const,
    );
}

/** A file as the browser imports it: bytes in 4 MiB chunks, tagged with its kind (no path crosses the IPC boundary). */
export async function importFileBytes(page: import('@playwright/test').Page, file: string, kind: string): Promise<string> {
  const call = pageApi(page) as (op: string, req: unknown) => Promise<{ ok: boolean; value?: { id: string; uploadId?: string }; error?: unknown }>;
  const bytes = readFileSync(file);
  const begin = await call('files.importBegin', { name: path.basename(file), size: bytes.length, tags: { kind } });
  expect(begin.ok, JSON.stringify(begin.error)).toBe(true);
  const uploadId = begin.value!.uploadId!;
  for (let o = 0; o < bytes.length; o += 4 << 20) {
    const c = await call('files.importChunk', { uploadId, offset: o, data: bytes.subarray(o, o + (4 << 20)).toString('base64') });
    expect(c.ok, JSON.stringify(c.error)).toBe(true);
  }
  const r = await call('files.importCommit', { uploadId });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return r.value!.id;
}

/** A full-page shot from the top into test/artifacts/screenshots, once the toasts are gone and nothing has focus. */
export async function fullPageShot(page: import('@playwright/test').Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(repoRoot, 'test/artifacts/screenshots', `${name}.png`), fullPage: true, animations: 'disabled' });
}
