// Runs in Node. The `bidseal` CLI: the same operations as the app, for agencies and scripts.
import '../services/app/wasm-features'; // WebAssembly relaxed SIMD for the SM4 fast path, before any key is set up
import { runCommand, detectLang, type Command, type CliIO } from './framework';
import { COMMANDS } from './command-list';
import { APP_VERSION } from '../services/app/version';
import { exitQuietlyOnEpipe } from './io';
import { defaultDataDir } from '../services/fs/data-dir';
import { recoverAtStart } from '../services/app/startup-recovery';

export const rootCommand: Command = {
  name: 'bidseal',
  summary: 'BidSeal 投标密封 — sign, seal and upload electronic bids',
  usage: '<command> [options]\n--version',
  details: ['-V, --version     print the version'],
  subcommands: COMMANDS,
};

export function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const full: CliIO = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? (process.stdin as CliIO['stdin']),
    lang: io.lang ?? detectLang(),
  };
  if (!io.stdout) exitQuietlyOnEpipe(process.stdout);
  if (!io.stderr) exitQuietlyOnEpipe(process.stderr);
  // the real process (bin/bidseal.mjs); in-process callers (tests) manage their own data folder
  const ready = io.stdout ? Promise.resolve() : start();
  return ready.then(() => runCommand(rootCommand, argv, full, APP_VERSION));
}

/**
 * Every run first finishes what a killed run left half done and removes its partial outputs
 * (docs/CRASH-CONSISTENCY.md). A data folder that cannot be read is no reason to refuse a command here.
 */
async function start(): Promise<void> {
  await recoverAtStart(defaultDataDir()).catch(() => {});
}
