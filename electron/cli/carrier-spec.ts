// Runs in Node. One string names a key carrier for the issue-#6 commands (`seal --signer SPEC`,
// `open|cms decrypt --identity SPEC`): a USB key by its pkcs11: URI, a PKCS#12 file, a private key file
// with its certificate (`KEY,CERT`), or a PEM file holding both. PINs and passwords are asked on the
// terminal or read from standard input (one line per carrier that asks, in order); never from argv.
import { BidSealError } from '../../shared/errors';
import type { Signer } from '../../shared/pki/carrier';
import type { EnvelopeDecrypter } from '../../shared/envelope/recipients';
import type { CliIO, CommandContext, OptionSpec } from './framework';
import { UsageError } from './framework';
import { readInput } from './io';
import { promptSecret } from './secret';
import { openSoftwareKey } from '../services/keys/software-keys';
import { openTokenSigner } from '../services/keys/signing';
import { Pkcs11Client } from '../services/keys/pkcs11/client';
import { TokenDecrypter } from '../services/keys/pkcs11/token-carrier';
import { parsePkcs11Uri } from '../services/keys/pkcs11/uri';
import { resolveModulePath } from '../services/keys/pkcs11/discovery';
import { openSkfDecrypter, openSkfSigner } from '../services/keys/skf/open';
import type { SkfGetPin } from '../services/keys/skf/carrier';

export type CarrierSpec = { kind: 'token'; uri: string } | { kind: 'skf'; uri: string } | { kind: 'file'; key: string; cert?: string };

export const SPEC_HELP = [
  'SPEC is one of:',
  '  pkcs11:token=…;object=…   a USB key by PKCS#11 (see: bidseal token list; --module PATH if the URI has none)',
  '  skf:container=…            a USB key by its SKF library (see: bidseal token list --skf; module=/--module PATH)',
  '  FILE.p12 | FILE.pfx        a PKCS#12 file',
  '  KEY.pem,CERT.pem           a private key file and its certificate',
  '  BOTH.pem                   one PEM file holding the key and the certificate',
];

export const secretOptions: OptionSpec = {
  module: { type: 'string' },
  'pin-stdin': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
};
export const SECRET_HELP = [
  '--module PATH     PKCS#11 module (pkcs11: URIs) or SKF library (skf: URIs) when the URI names none',
  '--pin-stdin       read PINs from standard input (one line per USB key)',
  '--password-stdin  read key file passwords from standard input (one line per file that asks)',
];

export function parseCarrierSpec(spec: string, flag: string): CarrierSpec {
  if (!spec) throw new UsageError(`${flag} needs a SPEC`);
  if (spec.startsWith('pkcs11:')) return { kind: 'token', uri: spec };
  if (/^skf:/i.test(spec)) return { kind: 'skf', uri: spec };
  const parts = spec.split(',');
  if (parts.length > 2 || parts.some((p) => p === '')) throw new UsageError(`${flag} ${spec}: give FILE.p12, KEY,CERT or pkcs11:URI`);
  return { kind: 'file', key: parts[0], ...(parts[1] ? { cert: parts[1] } : {}) };
}

/** Lines of standard input, read once and handed out in order. */
function stdinLines(io: CliIO): () => Promise<string | null> {
  let lines: Promise<string[]> | undefined;
  let i = 0;
  return async () => {
    lines ??= (async () => {
      const parts: Uint8Array[] = [];
      for await (const c of io.stdin) parts.push(c);
      return Buffer.concat(parts).toString('utf8').split(/\r?\n/);
    })();
    const l = await lines;
    return i < l.length ? l[i++] : null;
  };
}

type SecretFn = (flag: 'pin-stdin' | 'password-stdin', prompt: string) => Promise<string | null>;
const perCommand = new WeakMap<CommandContext, SecretFn>();
/** One standard-input reader per command run, shared by every carrier it opens. */
export function secrets(ctx: CommandContext): SecretFn {
  let f = perCommand.get(ctx);
  if (!f) {
    const next = stdinLines(ctx.io);
    f = (flag, prompt) => (ctx.values[flag] ? next() : promptSecret(ctx.io, prompt));
    perCommand.set(ctx, f);
  }
  return f;
}

async function openFile(ctx: CommandContext, s: Extract<CarrierSpec, { kind: 'file' }>, secret: ReturnType<typeof secrets>) {
  return openSoftwareKey(await readInput(ctx.io, s.key), {
    ...(s.cert ? { certificate: await readInput(ctx.io, s.cert) } : {}),
    password: () => secret('password-stdin', `Password for ${s.key}: `),
    fileName: s.key,
  });
}

/** The PIN prompt for an SKF key: the tries left are shown before the PIN is typed. */
export function skfPinPrompt(ctx: CommandContext, read: (prompt: string) => Promise<string | null>): SkfGetPin {
  return async ({ tokenLabel, pinState, remaining }) => {
    if (pinState === 'final-try') ctx.io.stderr.write('警告 / WARNING: final PIN try — a wrong PIN locks the USB key\n');
    return read(`PIN for ${tokenLabel}${remaining !== undefined ? ` (${remaining} tries left)` : ''}: `);
  };
}

/** The signer named by --signer SPEC. */
export async function openSignerSpec(ctx: CommandContext, spec: string): Promise<{ signer: Signer; close(): Promise<void> }> {
  const s = parseCarrierSpec(spec, '--signer');
  const secret = secrets(ctx);
  if (s.kind === 'skf') return openSkfSigner(s.uri, skfPinPrompt(ctx, (p) => secret('pin-stdin', p)), { module: ctx.values.module as string | undefined });
  if (s.kind === 'token') {
    return openTokenSigner(s.uri, async ({ tokenLabel, pinState }) => {
      if (pinState === 'final-try') ctx.io.stderr.write('警告 / WARNING: final PIN try — a wrong PIN locks the token\n');
      return secret('pin-stdin', `PIN for ${tokenLabel}: `);
    }, ctx.values.module as string | undefined);
  }
  const k = await openFile(ctx, s, secret);
  if (!k.signer) {
    k.close();
    throw new BidSealError('E_INVALID_KEY', 'this key\'s certificate does not allow signing (an encryption certificate?): use the signing certificate\'s key', { path: s.key });
  }
  return { signer: k.signer, close: async () => k.close() };
}

/** The decrypters named by --identity SPEC (repeatable: joint and threshold custody need several). */
export async function openIdentitySpecs(ctx: CommandContext, specs: string[], flag = '--identity'): Promise<{ decrypters: EnvelopeDecrypter[]; close(): Promise<void> }> {
  if (specs.length === 0) throw new UsageError(`give ${flag} SPEC (repeat for joint or threshold custody)`);
  const parsed = specs.map((x) => parseCarrierSpec(x, flag));
  const secret = secrets(ctx);
  const decrypters: EnvelopeDecrypter[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => {});
  };
  try {
    for (const s of parsed) {
      if (s.kind === 'file') {
        const k = await openFile(ctx, s, secret);
        closers.push(() => k.close());
        if (!k.decrypter) throw new BidSealError('E_INVALID_KEY', 'this key\'s certificate does not allow decryption (a signing certificate?): use the encryption certificate\'s key', { path: s.key });
        decrypters.push(k.decrypter as EnvelopeDecrypter);
        continue;
      }
      if (s.kind === 'skf') {
        const k = await openSkfDecrypter(s.uri, skfPinPrompt(ctx, (p) => secret('pin-stdin', p)), { module: ctx.values.module as string | undefined });
        closers.push(() => k.close());
        decrypters.push(k.decrypter);
        continue;
      }
      const uri = parsePkcs11Uri(s.uri);
      const mod = (ctx.values.module as string | undefined) ?? uri.modulePath;
      if (!mod) throw new BidSealError('E_MODULE_NOT_FOUND', 'no PKCS#11 module: give --module or module-path in the URI');
      const client = new Pkcs11Client({ modulePath: resolveModulePath(mod) });
      closers.push(() => client.close());
      decrypters.push(
        await TokenDecrypter.open({
          client,
          uri,
          modulePath: mod,
          getPin: async ({ tokenLabel, pinState }) => {
            if (pinState === 'final-try') ctx.io.stderr.write('警告 / WARNING: final PIN try — a wrong PIN locks the token\n');
            return secret('pin-stdin', `PIN for ${tokenLabel}: `);
          },
        }),
      );
    }
    return { decrypters, close };
  } catch (e) {
    await close();
    throw e;
  }
}
