// Runs in Node. The key-carrier options every signing command shares (`bidseal sign`, `bidseal pdf sign`,
// `bidseal pdf sign-batch`): a PKCS#11 token by pkcs11: URI or a software key file, the PIN or password
// asked on the terminal or read from standard input — one spec, one help text, one opener.
import type { CommandContext, OptionSpec } from './framework';
import { UsageError } from './framework';
import type { Signer, SignatureAlgorithm } from '../../shared/pki/carrier';
import { openTokenSigner } from '../services/keys/signing';
import { openSoftwareSigner } from '../services/keys/software-keys';
import { readInput } from './io';
import { promptSecret, readSecretLine } from './secret';
import { openSkfSigner } from '../services/keys/skf/open';
import { skfPinPrompt } from './carrier-spec';

export const ALGS: readonly SignatureAlgorithm[] = ['sm2-sm3', 'ecdsa-sha256', 'ecdsa-sha384', 'rsa-pkcs1-sha256', 'rsa-pkcs1-sha384', 'rsa-pss-sha256', 'rsa-pss-sha384'];

export const carrierOptions: OptionSpec = {
  token: { type: 'string' },
  module: { type: 'string' },
  p12: { type: 'string' },
  key: { type: 'string' },
  cert: { type: 'string' },
  alg: { type: 'string' },
  'pin-stdin': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
};

export const carrierUsage = '(--token URI [--module PATH] | --p12 FILE | --key FILE --cert CERT) [--alg ALG] [--pin-stdin | --password-stdin]';

export const carrierHelp: string[] = [
  '--token URI       pkcs11: or skf: URI of the USB key (see: bidseal token list [--skf])',
  '--module PATH     PKCS#11 module or SKF library, when the URI names none',
  '--p12 FILE        PKCS#12 (.pfx/.p12) file',
  '--key FILE        private key (PKCS#8, SEC1, PKCS#1; plain or encrypted) with --cert',
  `--alg ALG         ${ALGS.join('|')} (default: from the certificate; SM2 → sm2-sm3)`,
  '--pin-stdin       read the PIN from the first line of standard input (else asked on the terminal)',
  '--password-stdin  read the key file password from standard input',
];

/** --alg, checked; undefined = the certificate's default. */
export function algOption(ctx: CommandContext): SignatureAlgorithm | undefined {
  const alg = ctx.values.alg as SignatureAlgorithm | undefined;
  if (alg !== undefined && !ALGS.includes(alg)) throw new UsageError(`--alg must be one of ${ALGS.join('|')}`);
  return alg;
}

async function secret(ctx: CommandContext, flag: string, prompt: string): Promise<string | null> {
  return ctx.values[flag] ? readSecretLine(ctx.io) : promptSecret(ctx.io, prompt);
}

/** Opens the carrier named by the options (the PIN / password is asked at most once). */
export async function openSigner(ctx: CommandContext): Promise<{ signer: Signer; close(): Promise<void> }> {
  const token = ctx.values.token as string | undefined;
  const keyFile = (ctx.values.key ?? ctx.values.p12) as string | undefined;
  if (!token === !keyFile) throw new UsageError('give exactly one of --token URI, --key FILE or --p12 FILE');
  if (token && /^skf:/i.test(token)) return openSkfSigner(token, skfPinPrompt(ctx, (p) => secret(ctx, 'pin-stdin', p)), { module: ctx.values.module as string | undefined });
  if (token) {
    return openTokenSigner(token, async ({ tokenLabel, pinState }) => {
      if (pinState === 'final-try') ctx.io.stderr.write('警告 / WARNING: final PIN try — a wrong PIN locks the token\n');
      return secret(ctx, 'pin-stdin', `PIN for ${tokenLabel}: `);
    }, ctx.values.module as string | undefined);
  }
  const bytes = await readInput(ctx.io, keyFile!);
  const certBytes = ctx.values.cert ? await readInput(ctx.io, String(ctx.values.cert)) : undefined;
  const signer = await openSoftwareSigner(bytes, { certificate: certBytes, password: () => secret(ctx, 'password-stdin', `Password for ${keyFile}: `), fileName: keyFile! });
  return { signer, close: async () => {} };
}
