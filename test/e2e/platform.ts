// The reference platform (npm run platform) for browser tests: started on a free port of 127.0.0.1 with
// its own data folder, stopped and wiped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './fixtures';

function freePort(): Promise<number> {
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

export async function startReferencePlatform(args: string[]): Promise<ReferencePlatform> {
  const port = await freePort();
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
