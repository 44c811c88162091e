// Runs in Node (tests and benchmarks). Starts the Node host (electron/host/main.ts) on a free loopback port
// with a fresh data folder and the built renderer, and reads its JSON start line (URL, log-in link, token).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface HostHandle {
  url: string;
  loginUrl: string;
  token: string;
  port: number;
}

export const repoRoot = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');

export async function startNodeHost(extraEnv: Record<string, string> = {}, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<{ handle: HostHandle; proc: ChildProcess; dataDir: string }> {
  // BIDSEAL_RENDERER_DIR: a UI built elsewhere (`npx vite build -c vite.renderer.config.ts --outDir DIR`)
  const rendererDir = path.resolve(repoRoot, process.env.BIDSEAL_RENDERER_DIR ?? 'out/renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`renderer not built at ${rendererDir}: run \`npx electron-vite build\` (npm test does it)`);
    // Each run gets an empty data folder (trust store, settings), never the developer's own.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-data-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, 'electron/host/main.ts', '--json', '--quiet', '--data-dir', dataDir, '--renderer', rendererDir, '--port', '0', ...extraArgs], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...extraEnv } });
  const rl = readline.createInterface({ input: proc.stdout! });
  const handle = await new Promise<HostHandle>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Node host did not start within 30 s')), 30_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as HostHandle);
    });
    proc.once('exit', (code) => reject(new Error(`Node host exited with ${code}`)));
  });
  return { handle, proc, dataDir };
}
