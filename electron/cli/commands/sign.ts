// Runs in Node. `bidseal sign` and `bidseal verify`: detached CMS signatures (.p7s) over files of
// any size with the bidder's certificate on a USB key (pkcs11: URI) or in a software key file —
// the same signature a bid package's manifest carries. OpenSSL verifies them with `openssl cms -verify`.
import type { Command, CommandContext } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import type { Signer, SignatureAlgorithm } from '../../../shared/pki/carrier';
import { describeError } from '../../../shared/errors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { openTokenSigner, signFileDetached, verifyFileDetached } from '../../services/signing';
import { openSoftwareSigner } from '../../services/software-keys';
import { readInput, writeOutput } from '../io';
import { promptSecret, readSecretLine } from '../secret';

const ALGS: readonly SignatureAlgorithm[] = ['sm2-sm3', 'ecdsa-sha256', 'ecdsa-sha384', 'rsa-pkcs1-sha256', 'rsa-pkcs1-sha384', 'rsa-pss-sha256', 'rsa-pss-sha384'];

async function secret(ctx: CommandContext, flag: string, prompt: string): Promise<string | null> {
  return ctx.values[flag] ? readSecretLine(ctx.io) : promptSecret(ctx.io, prompt);
}

async function openSigner(ctx: CommandContext): Promise<{ signer: Signer; close(): Promise<void> }> {
  const token = ctx.values.token as string | undefined;
  const keyFile = (ctx.values.key ?? ctx.values.p12) as string | undefined;
  if (!token === !keyFile) throw new UsageError('give exactly one of --token URI, --key FILE or --p12 FILE');
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

export const signCommand: Command = {
  name: 'sign',
  summary: 'Sign a file: detached CMS signature (.p7s) with a USB key or a key file',
  usage: 'sign (--token URI [--module PATH] | --p12 FILE | --key FILE --cert CERT) [--alg ALG] [--pin-stdin | --password-stdin] -o OUT.p7s IN',
  details: [
    '--token URI       pkcs11: URI of the key (see: bidseal token list)',
    '--module PATH     PKCS#11 module, when the URI has no module-path',
    '--p12 FILE        PKCS#12 (.pfx/.p12) file',
    '--key FILE        private key (PKCS#8, SEC1, PKCS#1; plain or encrypted) with --cert',
    `--alg ALG         ${ALGS.join('|')} (default: from the certificate; SM2 → sm2-sm3)`,
    '--pin-stdin       read the PIN from the first line of standard input (else asked on the terminal)',
    '--password-stdin  read the key file password from standard input',
    '-o FILE           the signature (DER), written atomically',
  ],
  options: { token: { type: 'string' }, module: { type: 'string' }, p12: { type: 'string' }, key: { type: 'string' }, cert: { type: 'string' }, alg: { type: 'string' }, 'pin-stdin': { type: 'boolean' }, 'password-stdin': { type: 'boolean' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = ctx.values.out as string | undefined;
    if (!out) throw new UsageError('-o OUT.p7s is required');
    const alg = ctx.values.alg as SignatureAlgorithm | undefined;
    if (alg !== undefined && !ALGS.includes(alg)) throw new UsageError(`--alg must be one of ${ALGS.join('|')}`);
    const { signer, close } = await openSigner(ctx);
    try {
      const { cms, alg: used } = await signFileDetached(signer, ctx.positionals[0], alg ? { alg } : {});
      await writeOutput(ctx.io, out, cms);
      const cert = parseCertificate(signer.certificateDer);
      if (ctx.json) ctx.printJson({ signature: out, algorithm: used, signer: cert.subject.text, serialNumber: cert.serialNumber });
      else ctx.print(`signed ${ctx.positionals[0]} → ${out} (${used}, ${cert.commonName || cert.subject.text})`);
    } finally {
      await close();
    }
  },
};

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a detached CMS signature (.p7s) over a file (exit 0 intact, 1 not)',
  usage: 'verify --sig SIG.p7s [--sm2-id strict|lenient] [--json] IN',
  details: ['--sig FILE        the detached signature (DER or PEM)', '--sm2-id POLICY   strict (default ID only, default) or lenient (also the empty ID)'],
  options: { sig: { type: 'string' }, 'sm2-id': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const sigFile = ctx.values.sig as string | undefined;
    if (!sigFile) throw new UsageError('--sig is required');
    const policy = (ctx.values['sm2-id'] as string | undefined) ?? 'strict';
    if (policy !== 'strict' && policy !== 'lenient') throw new UsageError('--sm2-id must be strict or lenient');
    let der = await readInput(ctx.io, sigFile);
    const text = new TextDecoder().decode(der.subarray(0, 64));
    if (text.startsWith('-----BEGIN')) der = Buffer.from(new TextDecoder().decode(der).replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const results = await verifyFileDetached(der, ctx.positionals[0], { sm2LenientId: policy === 'lenient' });
    const views = results.map((r) => {
      const c = r.certificate ? parseCertificate(r.certificate) : undefined;
      return { intact: r.intact, digestMatches: r.digestMatches, signatureValid: r.signatureValid, signer: c?.subject.text ?? null, signingTime: r.signingTime?.toISOString() ?? null, digestAlgorithm: r.digestAlgorithm, signatureAlgorithm: r.signatureAlgorithm, ...(r.sm2Id ? { sm2Id: r.sm2Id } : {}), ...(r.error ? { error: r.error } : {}) };
    });
    const ok = views.length > 0 && views.every((v) => v.intact);
    if (ctx.json) ctx.printJson({ intact: ok, signers: views });
    else for (const v of views) ctx.print(`${v.intact ? 'OK' : 'NOT INTACT'}: ${v.signer ?? 'unknown signer'}${v.signingTime ? ` at ${v.signingTime}` : ''} (${v.signatureAlgorithm}${v.sm2Id ? `, SM2 ID ${v.sm2Id}` : ''})${v.error ? ` — ${v.error.message}` : ''}`);
    if (!ok) {
      ctx.io.stderr.write(`E_BAD_SIGNATURE: ${describeError('E_BAD_SIGNATURE', ctx.io.lang)}\n`);
      return EXIT_FAILED;
    }
    // Integrity only: whether the signer is trusted is `bidseal cert verify` on the signer certificate.
  },
};
