// Runs in Node. `bidseal sign` and `bidseal verify`: detached CMS signatures (.p7s) over files of
// any size with the bidder's certificate on a USB key (pkcs11: URI) or in a software key file —
// the same signature a bid package's manifest carries. OpenSSL verifies them with `openssl cms -verify`.
import type { CommandBody } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import { describeError } from '../../../shared/errors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { signFileDetached, verifyFileDetached } from '../../services/keys/signing';
import { readInput, writeOutput } from '../io';
import { algOption, carrierHelp, carrierOptions, carrierUsage, openSigner } from '../carrier-options';
import { requireOut } from '../args';

export const signCommand: CommandBody = {
  usage: `sign ${carrierUsage} -o OUT.p7s IN`,
  details: [...carrierHelp, '-o FILE           the signature (DER), written atomically'],
  options: { ...carrierOptions, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx, 'OUT.p7s');
    const alg = algOption(ctx);
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

export const verifyCommand: CommandBody = {
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
