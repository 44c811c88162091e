// The reference platform (npm run platform) for browser tests: started on a free port of 127.0.0.1 with
// its own data folder, stopped and wiped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './fixtures';

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
