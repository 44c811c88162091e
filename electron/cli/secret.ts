// Runs in Node. Reads a PIN or password for the CLI without putting it on the command line (where
// `ps` and shell history would keep it): from the terminal with echo off, or one line of standard
// input with --pin-stdin / --password-stdin for scripts. Never logged or stored.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { BidSealError } from '../../shared/errors';
import type { CliIO } from './framework';
import { fromHex } from '../../shared/asn1';

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

/** Where a raw secret (a symmetric key) comes from: never argv, where `ps` and shell history keep it. */
export const keySourceOptions = {
  'key-file': { type: 'string' },
  'key-stdin': { type: 'boolean' },
  'key-fd': { type: 'string' },
  'key-env': { type: 'string' },
} as const;

export const KEY_SOURCE_HELP = [
  '--key-file FILE   the key, as hex or raw bytes, from a file (keep it mode 0600)',
  '--key-stdin       the key as hex, one line of standard input',
  '--key-fd N        the key as hex or raw bytes, read from the open file descriptor N',
  '--key-env VAR     the key as hex, from the environment variable VAR',
];

/**
 * Reads a key from the one source given (--key-file, --key-stdin, --key-fd, --key-env): hex text (spaces and
 * line ends ignored), or raw bytes when the content is not hex. `null` when no source is given.
 */
export async function readKeySource(io: CliIO, values: Record<string, unknown>): Promise<Uint8Array | null> {
  const given = (['key-file', 'key-stdin', 'key-fd', 'key-env'] as const).filter((k) => values[k] !== undefined && values[k] !== false);
  if (given.length === 0) return null;
  if (given.length > 1) throw new BidSealError('E_INVALID_ARGUMENT', `give the key one way, not ${given.map((g) => `--${g}`).join(' and ')}`);
  let raw: Uint8Array;
  switch (given[0]) {
    case 'key-file':
      try {
        raw = await readFile(String(values['key-file']));
      } catch (e) {
        throw new BidSealError('E_FILE_READ', `cannot read the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { path: String(values['key-file']) });
      }
      break;
    case 'key-stdin':
      raw = new TextEncoder().encode(await readSecretLine(io));
      break;
    case 'key-fd': {
      const fd = Number(values['key-fd']);
      if (!Number.isInteger(fd) || fd < 0) throw new BidSealError('E_INVALID_ARGUMENT', '--key-fd takes a file descriptor number');
      try {
        raw = readFileSync(fd); // reads the open descriptor to its end
      } catch (e) {
        throw new BidSealError('E_FILE_READ', `cannot read file descriptor ${fd} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      break;
    }
    case 'key-env': {
      const name = String(values['key-env']);
      const v = process.env[name];
      if (v === undefined) throw new BidSealError('E_INVALID_ARGUMENT', `the environment variable ${name} is not set`);
      raw = new TextEncoder().encode(v);
      break;
    }
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw).replace(/\s+/g, '');
  if (text.length > 0 && text.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(text)) return fromHex(text);
  if (given[0] === 'key-stdin' || given[0] === 'key-env') throw new BidSealError('E_INVALID_KEY', 'the key must be hexadecimal');
  return raw;
}
