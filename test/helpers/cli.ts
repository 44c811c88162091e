// Runs in Node (tests). Runs the real `bidseal` bin as a user would, with English messages.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './vectors';

export function bidseal(args: string[], input?: Uint8Array, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), ...args], { input, env: { ...process.env, BIDSEAL_LANG: 'en', ...env }, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), raw: r.stdout };
}
