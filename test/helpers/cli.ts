// Runs in Node (tests). Runs the real `bidseal` bin as a user would, with English messages.
//
// Node 20 starts TypeScript loader hooks (tsx, `bin/bidseal.mjs`) on a thread of their own and waits for it
// synchronously; on a heavily loaded machine that start-up has been seen to stall for good before any of
// our code ran. A run that times out without having printed anything is therefore started once more, so
// that one stalled start cannot hang the whole suite; a second stall fails the test.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { repoRoot } from './vectors';

const TIMEOUT_MS = 150_000;

export function bidseal(args: string[], input?: Uint8Array, env: Record<string, string> = {}) {
  const once = () => spawnSync(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), ...args], { input, env: { ...process.env, BIDSEAL_LANG: 'en', ...env }, maxBuffer: 1 << 26, timeout: TIMEOUT_MS, killSignal: 'SIGKILL' });
  let r = once();
  const stalled = r.signal === 'SIGKILL' && !r.stdout?.length && !r.stderr?.length;
  if (stalled) r = once();
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), raw: r.stdout };
}

/** The CLI's main() in this process (nothing on standard input, English messages): its exit code and what it
 * wrote to standard output. Loaded on first use, so the tests that only spawn the bin do not load it. */
export async function cliMain(args: string[]): Promise<{ code: number; out: string }> {
  const { main } = await import('../../electron/cli/main');
  const out: Buffer[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (out.push(Buffer.from(c)), cb()) });
  const code = await main(args, { stdout: sink, stderr: new Writable({ write: (_c, _e, cb) => cb() }), stdin: Readable.from([]) as never, lang: 'en' });
  return { code, out: Buffer.concat(out).toString() };
}
