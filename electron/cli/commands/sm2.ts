// Runs in Node. `bidseal sm2 …`: SM2 keys, signatures and encryption for interop checks and support
// staff (like gmssl). Messages are streamed into SM3(Z‖M); signatures and ciphertexts default to the
// GM/T 0009 DER encodings, with the raw layouts on request.
import type { Command, CommandBody, CommandContext } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import { describeError } from '../../../shared/errors';
import { DEFAULT_ID_STRING, computeZ, decrypt, encrypt, generateKeyPair, signDigest, verifyDigest, type CiphertextFormat, type SignatureFormat } from '../../../shared/crypto/sm2';
import { exportSm2PrivateKey, exportSm2PublicKey } from '../../../shared/crypto/keys';
import { sm3 } from '../../../shared/crypto/sm3';
import { writeFileAtomic } from '../../services/fs/atomic-write';
import { inputStream, readInput, writeOutput } from '../io';
import { readPrivateKey, readPublicKey, requireSm2 } from '../keys';

const enc = new TextEncoder();

function pick<T extends string>(ctx: CommandContext, name: string, allowed: readonly T[], dflt: T): T {
  const v = (ctx.values[name] as string | undefined) ?? dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join('|')}, not '${v}'`);
  return v as T;
}

/** `--id` absent → the default ID; `--id ''` → the empty ID (as older OpenSSL and some CAs use). */
const idOf = (ctx: CommandContext): Uint8Array | undefined => (typeof ctx.values.id === 'string' ? enc.encode(ctx.values.id) : undefined);

/** e = SM3(Z‖M), streaming the message. */
async function digestOf(ctx: CommandContext, publicKey: Uint8Array, input: string): Promise<Uint8Array> {
  const id = idOf(ctx);
  const h = sm3.create().update(computeZ(publicKey, id === undefined ? {} : { id }));
  for await (const chunk of await inputStream(ctx.io, input)) h.update(chunk);
  return h.digest();
}

const keygen: Command = {
  name: 'keygen',
  summary: 'Generate an SM2 key pair (PKCS#8 and SPKI PEM)',
  usage: 'sm2 keygen -o KEY.pem [--pub PUB.pem] [--json]',
  details: ['-o FILE           private key output (PKCS#8 PEM, mode 0600)', '--pub FILE        public key output (SPKI PEM)'],
  options: { out: { type: 'string', short: 'o' }, pub: { type: 'string' } },
  json: true,
  async run(ctx) {
    const out = ctx.values.out as string | undefined;
    if (!out) throw new UsageError('-o KEY.pem is required (a private key is never printed)');
    const { privateKey, publicKey } = generateKeyPair();
    await writeFileAtomic(out, enc.encode(exportSm2PrivateKey(privateKey)));
    const pub = ctx.values.pub as string | undefined;
    if (pub) await writeFileAtomic(pub, enc.encode(exportSm2PublicKey(publicKey)));
    if (ctx.json) ctx.printJson({ privateKey: out, publicKey: pub ?? null });
    else ctx.print(`wrote ${out}${pub ? ` and ${pub}` : ''}`);
  },
};

const sign: Command = {
  name: 'sign',
  summary: 'Sign a file with an SM2 private key (SM3 with Z)',
  usage: 'sm2 sign --key KEY.pem [--id ID] [--sig-format der|raw] [-o SIG] IN',
  details: ['--key FILE        SM2 private key (PKCS#8 or SEC1, PEM or DER)', `--id ID           signer ID (default 1234567812345678; --id '' for the empty ID)`, '--sig-format F    der (GM/T 0009, default) or raw (r‖s, 64 bytes)', '-o FILE           signature output (default: standard output)'],
  options: { key: { type: 'string' }, id: { type: 'string' }, 'sig-format': { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const keyFile = ctx.values.key as string | undefined;
    if (!keyFile) throw new UsageError('--key is required');
    const format = pick<SignatureFormat>(ctx, 'sig-format', ['der', 'raw'], 'der');
    const key = requireSm2(await readPrivateKey(ctx.io, keyFile), keyFile);
    const e = await digestOf(ctx, key.publicKey, ctx.positionals[0]);
    await writeOutput(ctx.io, ctx.values.out as string | undefined, signDigest(e, key.privateKey, { format }));
  },
};

const verify: Command = {
  name: 'verify',
  summary: 'Verify an SM2 signature over a file (exit 0 valid, 1 invalid)',
  usage: 'sm2 verify (--pubkey PUB.pem | --cert CERT.pem) [--id ID] [--sig-format der|raw] --sig SIG [--json] IN',
  details: ['--pubkey FILE     SM2 public key (SPKI, PEM or DER)', '--cert FILE       or the signer certificate', `--id ID           signer ID (default 1234567812345678; --id '' for the empty ID)`, '--sig FILE        the signature (DER or raw r‖s; detected unless --sig-format)'],
  options: { pubkey: { type: 'string' }, cert: { type: 'string' }, id: { type: 'string' }, sig: { type: 'string' }, 'sig-format': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const sigFile = ctx.values.sig as string | undefined;
    if (!sigFile) throw new UsageError('--sig is required');
    if (!ctx.values.pubkey === !ctx.values.cert) throw new UsageError('give exactly one of --pubkey or --cert');
    const format = ctx.values['sig-format'] === undefined ? undefined : pick<SignatureFormat>(ctx, 'sig-format', ['der', 'raw'], 'der');
    const pub = requireSm2(await readPublicKey(ctx.io, { pubkey: ctx.values.pubkey as string | undefined, cert: ctx.values.cert as string | undefined }), String(ctx.values.pubkey ?? ctx.values.cert));
    const sig = await readInput(ctx.io, sigFile);
    const e = await digestOf(ctx, pub.publicKey, ctx.positionals[0]);
    const valid = verifyDigest(sig, e, pub.publicKey, format ? { format } : {});
    const id = idOf(ctx);
    if (ctx.json) ctx.printJson({ valid, id: id === undefined ? DEFAULT_ID_STRING : new TextDecoder().decode(id) });
    if (!valid) {
      ctx.io.stderr.write(`E_BAD_SIGNATURE: ${describeError('E_BAD_SIGNATURE', ctx.io.lang)}\n`);
      return EXIT_FAILED;
    }
    if (!ctx.json) ctx.print('Signature OK / 签名有效');
  },
};

const encryptCmd: Command = {
  name: 'encrypt',
  summary: 'Encrypt a (small) file to an SM2 public key',
  usage: 'sm2 encrypt (--pubkey PUB.pem | --cert CERT.pem) [--cipher-format der|c1c3c2|c1c2c3] [-o OUT] IN',
  details: ['--pubkey FILE     recipient SM2 public key', '--cert FILE       or the recipient (encryption) certificate', '--cipher-format F der (GM/T 0009, default), c1c3c2 or c1c2c3 (raw, with 04 prefix)', '-o FILE           output (default: standard output)'],
  options: { pubkey: { type: 'string' }, cert: { type: 'string' }, 'cipher-format': { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    if (!ctx.values.pubkey === !ctx.values.cert) throw new UsageError('give exactly one of --pubkey or --cert');
    const format = pick<CiphertextFormat>(ctx, 'cipher-format', ['der', 'c1c3c2', 'c1c2c3'], 'der');
    const pub = requireSm2(await readPublicKey(ctx.io, { pubkey: ctx.values.pubkey as string | undefined, cert: ctx.values.cert as string | undefined }), String(ctx.values.pubkey ?? ctx.values.cert));
    const data = await readInput(ctx.io, ctx.positionals[0]);
    await writeOutput(ctx.io, ctx.values.out as string | undefined, encrypt(data, pub.publicKey, { format }));
  },
};

const decryptCmd: Command = {
  name: 'decrypt',
  summary: 'Decrypt an SM2 ciphertext (DER, C1C3C2 or C1C2C3, detected)',
  usage: 'sm2 decrypt --key KEY.pem [--cipher-format auto|der|c1c3c2|c1c2c3] [-o OUT] IN',
  details: ['--key FILE        SM2 private key (PKCS#8 or SEC1, PEM or DER)', '--cipher-format F auto (default) or the layout', '-o FILE           output (default: standard output)'],
  options: { key: { type: 'string' }, 'cipher-format': { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const keyFile = ctx.values.key as string | undefined;
    if (!keyFile) throw new UsageError('--key is required');
    const format = pick<CiphertextFormat | 'auto'>(ctx, 'cipher-format', ['auto', 'der', 'c1c3c2', 'c1c2c3'], 'auto');
    const key = requireSm2(await readPrivateKey(ctx.io, keyFile), keyFile);
    const ct = await readInput(ctx.io, ctx.positionals[0]);
    await writeOutput(ctx.io, ctx.values.out as string | undefined, decrypt(ct, key.privateKey, { format }));
  },
};

export const sm2Command: CommandBody = {
  usage: 'sm2 <keygen|sign|verify|encrypt|decrypt> [options]',
  subcommands: [keygen, sign, verify, encryptCmd, decryptCmd],
};
