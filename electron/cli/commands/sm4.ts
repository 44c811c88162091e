// Runs in Node. `bidseal sm4 encrypt|decrypt`: SM4-CBC (PKCS#7), CTR and GCM over files of any size,
// streamed in bounded memory. GCM appends the 16-byte tag on encryption and checks it on
// decryption; a failed check removes the partial output (or, to standard output, prints nothing).
import type { Command, CommandBody, CommandContext } from '../framework';
import { UsageError } from '../framework';
import { BidSealError } from '../../../shared/errors';
import { createSm4Cipher, createSm4Decipher, type Sm4StreamMode } from '../../../shared/crypto/sm4-cipher';
import { inputStream, outputSink } from '../io';
import { KEY_SOURCE_HELP, keySourceOptions, readKeySource } from '../secret';
import { fromHex } from '../../../shared/asn1';

const TAG = 16;

function hexOpt(ctx: CommandContext, name: string, required: boolean): Uint8Array | undefined {
  const v = ctx.values[name];
  if (v === undefined) {
    if (required) throw new UsageError(`--${name} HEX is required`);
    return undefined;
  }
  const s = String(v).replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new UsageError(`--${name} must be hexadecimal`);
  return fromHex(s);
}

function modeOf(ctx: CommandContext): Extract<Sm4StreamMode, 'cbc' | 'ctr' | 'gcm'> {
  const m = String(ctx.values.mode ?? '');
  if (m !== 'cbc' && m !== 'ctr' && m !== 'gcm') throw new UsageError(`--mode must be cbc, ctr or gcm${m ? `, not '${m}'` : ''}`);
  return m;
}

const options = { mode: { type: 'string' }, key: { type: 'string' }, ...keySourceOptions, iv: { type: 'string' }, aad: { type: 'string' }, out: { type: 'string', short: 'o' } } as const;
const details = ['--mode cbc|ctr|gcm  CBC uses PKCS#7 padding; GCM appends a 16-byte tag', ...KEY_SOURCE_HELP, '                  (the 16-byte key; never on the command line, where ps and shell history keep it)', '--iv HEX          16-byte IV (CBC, CTR) or nonce (GCM, 12 bytes recommended)', '--aad HEX         GCM additional authenticated data', '-o FILE           output, written atomically (default: standard output)'];

async function pump(ctx: CommandContext, transform: { update(b: Uint8Array): Uint8Array; final(): Uint8Array }, holdBackTag: boolean, onTag?: (tag: Uint8Array) => void) {
  const out = ctx.values.out as string | undefined;
  const toStdout = out === undefined || out === '-';
  const sink = await outputSink(ctx.io, out);
  // Decrypting GCM to standard output: hold the plaintext until the tag has been checked, so
  // nothing unauthenticated is ever printed. To a file it streams to FILE.partial instead.
  const held: Uint8Array[] = [];
  const emit = async (b: Uint8Array) => {
    if (!b.length) return;
    if (holdBackTag && toStdout) held.push(b);
    else await sink.write(b);
  };
  let tail = new Uint8Array(0);
  try {
    for await (const chunk of await inputStream(ctx.io, ctx.positionals[0])) {
      let data: Uint8Array = chunk;
      if (holdBackTag) {
        const joined = new Uint8Array(tail.length + chunk.length);
        joined.set(tail);
        joined.set(chunk, tail.length);
        const cut = Math.max(0, joined.length - TAG);
        data = joined.subarray(0, cut);
        tail = joined.slice(cut);
      }
      await emit(transform.update(data));
    }
    if (holdBackTag) onTag!(tail);
    await emit(transform.final());
    for (const b of held) await sink.write(b);
    await sink.commit();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

/** The parameters both directions share: mode, key, IV, and AAD (GCM only). */
async function params(ctx: CommandContext) {
  const mode = modeOf(ctx);
  const aad = hexOpt(ctx, 'aad', false);
  if (aad && mode !== 'gcm') throw new UsageError('--aad is for --mode gcm');
  if (ctx.values.key !== undefined) throw new BidSealError('E_SECRET_IN_ARGV', 'a raw key on the command line is visible to every user (ps) and kept in shell history: use --key-file, --key-stdin, --key-fd or --key-env');
  const key = await readKeySource(ctx.io, ctx.values);
  if (!key) throw new UsageError('the key is required: --key-file FILE, --key-stdin, --key-fd N or --key-env VAR');
  return { mode, key, iv: hexOpt(ctx, 'iv', true), opts: aad ? { aad } : {} };
}

const encryptCmd: Command = {
  name: 'encrypt',
  summary: 'Encrypt a file with SM4 (CBC, CTR or GCM)',
  usage: 'sm4 encrypt --mode cbc|ctr|gcm --key-file FILE|--key-stdin|--key-fd N|--key-env VAR --iv HEX [--aad HEX] [-o OUT] IN',
  details,
  options,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { mode, key, iv, opts } = await params(ctx);
    const c = createSm4Cipher(mode, key, iv, opts);
    await pump(ctx, {
      update: (b) => c.update(b),
      final: () => {
        const last = c.final();
        if (mode !== 'gcm') return last;
        const tag = c.getAuthTag!();
        const out = new Uint8Array(last.length + tag.length);
        out.set(last);
        out.set(tag, last.length);
        return out;
      },
    }, false);
  },
};

const decryptCmd: Command = {
  name: 'decrypt',
  summary: 'Decrypt an SM4 file (CBC, CTR or GCM; GCM checks the trailing tag)',
  usage: 'sm4 decrypt --mode cbc|ctr|gcm --key-file FILE|--key-stdin|--key-fd N|--key-env VAR --iv HEX [--aad HEX] [-o OUT] IN',
  details,
  options,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { mode, key, iv, opts } = await params(ctx);
    const d = createSm4Decipher(mode, key, iv, opts);
    await pump(ctx, d, mode === 'gcm', (tag) => d.setAuthTag!(tag));
  },
};

export const sm4Command: CommandBody = {
  usage: 'sm4 <encrypt|decrypt> [options]',
  subcommands: [encryptCmd, decryptCmd],
};
