// Runs in Node. Reads a PIN or password for the CLI without putting it on the command line (where
// `ps` and shell history would keep it): from the terminal with echo off, or one line of standard
// input with --pin-stdin / --password-stdin for scripts. Never logged or stored.
import { BidSealError } from '../../shared/errors';
import type { CliIO } from './framework';

export async function readSecretLine(io: CliIO): Promise<string> {
  let buf = '';
  for await (const chunk of io.stdin) {
    buf += Buffer.from(chunk).toString('utf8');
    const nl = buf.indexOf('\n');
    if (nl >= 0) return buf.slice(0, nl).replace(/\r$/, '');
  }
  return buf;
}

export async function promptSecret(io: CliIO, prompt: string): Promise<string | null> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') throw new BidSealError('E_INVALID_ARGUMENT', 'no terminal to ask for the PIN: use --pin-stdin (or --password-stdin) and pipe it in');
  io.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let s = '';
    const onData = (d: Buffer) => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(s);
        if (ch === '\u0003' || ch === '\u001b') return done(null); // Ctrl-C / Esc: cancel
        if (ch === '\u007f' || ch === '\b') s = s.slice(0, -1);
        else s += ch;
      }
    };
    const done = (v: string | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
      resolve(v);
    };
    stdin.on('data', onData);
  });
}
