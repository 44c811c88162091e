// Runs in Node. `bidseal cms sign|verify|sign-encrypt|decrypt-verify|inspect`: GM/T 0010 / GB/T 35275 and
// RFC 5652 messages in either flavour (shared/cms/message.ts) from files in any armour. Outputs are written
// atomically (temp name, then rename); content is written only after the signatures were checked.
import type { Command, CommandContext } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import { describeError } from '../../../shared/errors';
import { dearmor, pemEncode } from '../../../shared/asn1';
import { CMS_FLAVOURS, decryptAndVerify, signAndEncrypt, signMessage, verifyMessage, type CmsFlavour } from '../../../shared/cms/message';
import { identifyArtefact } from '../../../shared/cms/identify';
import { openIdentitySpecs, openSignerSpec, secretOptions, SECRET_HELP, SPEC_HELP } from '../carrier-spec';
import { readInput, writeOutput } from '../io';
import { list, requireList, requireOut, str } from '../args';
import { inspectFile } from '../../services/bid/envelope-file';
import { regularFileSize } from '../../services/fs/file-read';

const FLAVOUR_HELP = '--flavour F       gm (GM/T 0010 OIDs, default) or rfc5652 (RFC 5652 types with SM2/SM3/SM4, as OpenSSL writes)';

function flavourOf(ctx: CommandContext): CmsFlavour {
  const f = (str(ctx, 'flavour') ?? 'gm') as CmsFlavour;
  if (!CMS_FLAVOURS.includes(f)) throw new UsageError(`--flavour must be ${CMS_FLAVOURS.join(' or ')}`);
  return f;
}

async function readAsn1(ctx: CommandContext, file: string): Promise<Uint8Array> {
  return dearmor(await readInput(ctx.io, file)).der;
}

async function output(ctx: CommandContext, out: string, der: Uint8Array): Promise<void> {
  await writeOutput(ctx.io, out, ctx.values.pem ? new TextEncoder().encode(pemEncode('PKCS7', der)) : der);
}

async function openSigners(ctx: CommandContext) {
  const specs = list(ctx, 'signer');
  if (specs.length === 0) throw new UsageError('give --signer SPEC (repeat for several signers)');
  const opened: Array<Awaited<ReturnType<typeof openSignerSpec>>> = [];
  try {
    for (const s of specs) opened.push(await openSignerSpec(ctx, s));
  } catch (e) {
    for (const o of opened) await o.close();
    throw e;
  }
  return { signers: opened.map((o) => ({ signer: o.signer })), close: async () => { for (const o of opened) await o.close(); } };
}

const signerView = (s: { intact: boolean; signer?: { subject: string; serialNumber: string }; sm2Id?: string; covers: string; signatureAlgorithm?: string; signingTime?: Date; error?: { code: string; message: string } }) => ({
  intact: s.intact,
  signer: s.signer?.subject ?? null,
  serialNumber: s.signer?.serialNumber ?? null,
  covers: s.covers,
  ...(s.sm2Id ? { sm2Id: s.sm2Id } : {}),
  ...(s.signatureAlgorithm ? { signatureAlgorithm: s.signatureAlgorithm } : {}),
  ...(s.signingTime ? { signingTime: s.signingTime.toISOString() } : {}),
  ...(s.error ? { error: s.error } : {}),
});

function printSigners(ctx: CommandContext, views: ReturnType<typeof signerView>[]): void {
  for (const v of views) {
    const id = v.sm2Id ? `, SM2 ID ${v.sm2Id === 'default' ? '1234567812345678' : '(empty)'}` : '';
    ctx.print(`${v.intact ? 'OK' : 'NOT INTACT'}: ${v.signer ?? 'unknown signer'}${v.serialNumber ? ` (serial ${v.serialNumber})` : ''} over the ${v.covers === 'content' ? 'content itself' : 'signed attributes'}${id}${v.error ? ` — ${v.error.message}` : ''}`);
  }
}

const signCommand: Command = {
  name: 'sign',
  summary: 'Sign a file as a GM/T 0010 or RFC 5652 SignedData (attached or detached)',
  usage: 'cms sign IN --signer SPEC... [--flavour gm|rfc5652] [--detached] [--no-signed-attrs] [--crl FILE...] [--pem] -o OUT',
  details: ['--signer SPEC     a signing key (repeat for several signers; CFCA .sm2 files too)', FLAVOUR_HELP, '--detached        leave the content out', '--no-signed-attrs sign the content itself (no signed attributes)', '--crl FILE        carry a CRL (repeat)', '--pem             write PEM "PKCS7" instead of DER', '-o OUT            written atomically', ...SECRET_HELP, ...SPEC_HELP],
  options: { ...secretOptions, signer: { type: 'string', multiple: true }, flavour: { type: 'string' }, detached: { type: 'boolean' }, 'no-signed-attrs': { type: 'boolean' }, crl: { type: 'string', multiple: true }, pem: { type: 'boolean' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx);
    const flavour = flavourOf(ctx);
    const content = await readInput(ctx.io, ctx.positionals[0]);
    const crls = await Promise.all(list(ctx, 'crl').map((f) => readAsn1(ctx, f)));
    const { signers, close } = await openSigners(ctx);
    try {
      const der = await signMessage(content, { flavour, signers, detached: !!ctx.values.detached, signedAttributes: !ctx.values['no-signed-attrs'], crls });
      await output(ctx, out, der);
      if (ctx.json) return ctx.printJson({ path: out, flavour, detached: !!ctx.values.detached, signedAttributes: !ctx.values['no-signed-attrs'], signers: signers.length, bytes: der.length });
      ctx.print(`signed ${ctx.positionals[0]} (${flavour === 'gm' ? 'GM/T 0010' : 'RFC 5652'} SignedData, ${ctx.values.detached ? 'detached' : 'attached'}, ${signers.length} signer(s)) → ${out}`);
    } finally {
      await close();
    }
  },
};

const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a SignedData of either flavour (exit 0 intact, 1 not)',
  usage: 'cms verify IN.p7 [--content FILE] [--sm2-id strict|lenient] [-o CONTENT]',
  details: ['--content FILE    the signed file, for a detached signature', '--sm2-id POLICY   strict (default ID only, default) or lenient (also the empty ID)', '-o FILE           write the encapsulated content (only when intact)'],
  options: { content: { type: 'string' }, 'sm2-id': { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const policy = str(ctx, 'sm2-id') ?? 'strict';
    if (policy !== 'strict' && policy !== 'lenient') throw new UsageError('--sm2-id must be strict or lenient');
    const der = await readAsn1(ctx, ctx.positionals[0]);
    const cf = str(ctx, 'content');
    const v = await verifyMessage(der, cf ? await readInput(ctx.io, cf) : undefined, { sm2LenientId: policy === 'lenient' });
    const views = v.signers.map(signerView);
    const out = str(ctx, 'out');
    if (v.intact && out && v.content) await writeOutput(ctx.io, out, v.content);
    if (ctx.json) ctx.printJson({ intact: v.intact, flavour: v.flavour, contentType: v.contentType, detached: v.detached, certificates: v.certificates, crls: v.crls, signers: views });
    else {
      ctx.print(`${v.flavour === 'gm' ? 'GM/T 0010' : 'RFC 5652'} SignedData, ${v.detached ? 'detached' : 'attached'}, ${v.certificates} certificate(s), ${v.crls} CRL(s)`);
      printSigners(ctx, views);
    }
    if (!v.intact) {
      ctx.io.stderr.write(`E_BAD_SIGNATURE: ${describeError('E_BAD_SIGNATURE', ctx.io.lang)}\n`);
      return EXIT_FAILED;
    }
  },
};

const signEncryptCommand: Command = {
  name: 'sign-encrypt',
  summary: 'Sign and encrypt a file as a SignedAndEnvelopedData (GM/T 0010 §9 / PKCS #7)',
  usage: 'cms sign-encrypt IN --signer SPEC... --recipient CERT... [--flavour gm|rfc5652] [--pem] -o OUT',
  details: ['--signer SPEC     a signing key (repeat)', '--recipient CERT  an encryption certificate (repeat)', FLAVOUR_HELP, '--pem             write PEM "PKCS7"', '-o OUT            written atomically', ...SECRET_HELP, ...SPEC_HELP],
  options: { ...secretOptions, signer: { type: 'string', multiple: true }, recipient: { type: 'string', multiple: true }, flavour: { type: 'string' }, pem: { type: 'boolean' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx);
    const certs = requireList(ctx, 'recipient', 'CERT');
    const flavour = flavourOf(ctx);
    const content = await readInput(ctx.io, ctx.positionals[0]);
    const recipients = await Promise.all(certs.map(async (f) => ({ certificate: await readAsn1(ctx, f) })));
    const { signers, close } = await openSigners(ctx);
    try {
      const der = await signAndEncrypt(content, { flavour, signers, recipients });
      await output(ctx, out, der);
      if (ctx.json) return ctx.printJson({ path: out, flavour, signers: signers.length, recipients: recipients.length, bytes: der.length });
      ctx.print(`signed and encrypted ${ctx.positionals[0]} (${flavour === 'gm' ? 'GM/T 0010' : 'PKCS #7'} SignedAndEnvelopedData) to ${recipients.length} recipient(s) → ${out}`);
    } finally {
      await close();
    }
  },
};

const decryptVerifyCommand: Command = {
  name: 'decrypt-verify',
  summary: 'Open a SignedAndEnvelopedData and check its signatures (content written only when intact)',
  usage: 'cms decrypt-verify IN --identity SPEC... [--sm2-id strict|lenient] -o OUT',
  details: ['--identity SPEC   the ENCRYPTION key (repeat: the matching one is used)', '--sm2-id POLICY   strict (default) or lenient', '-o OUT            the content', ...SECRET_HELP, ...SPEC_HELP],
  options: { ...secretOptions, identity: { type: 'string', multiple: true }, 'sm2-id': { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx);
    const der = await readAsn1(ctx, ctx.positionals[0]);
    const { decrypters, close } = await openIdentitySpecs(ctx, list(ctx, 'identity'));
    try {
      const r = await decryptAndVerify(der, decrypters, { sm2LenientId: str(ctx, 'sm2-id') === 'lenient' });
      const views = r.signers.map(signerView);
      if (r.intact) await writeOutput(ctx.io, out, r.content);
      if (ctx.json) ctx.printJson({ intact: r.intact, flavour: r.flavour, openedBy: r.openedBy.description, bytes: r.content.length, signers: views, ...(r.intact ? { path: out } : {}) });
      else {
        ctx.print(`opened for ${r.openedBy.description}`);
        printSigners(ctx, views);
        if (r.intact) ctx.print(`→ ${out} (${r.content.length} bytes)`);
      }
      if (!r.intact) {
        ctx.io.stderr.write(`E_BAD_SIGNATURE: ${describeError('E_BAD_SIGNATURE', ctx.io.lang)} — nothing written\n`);
        return EXIT_FAILED;
      }
    } finally {
      await close();
    }
  },
};

/** Files bigger than this are sealed bids: inspected by streaming their header only. */
const STREAM_INSPECT = 64 * 1024 * 1024;

export const cmsInspectCommand: Command = {
  name: 'inspect',
  summary: 'Say what a CMS / GM/T 0010 message, certificate or key file is (no key needed)',
  usage: 'cms inspect FILE',
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const file = ctx.positionals[0];
    if (file !== '-' && (await regularFileSize(file)) > STREAM_INSPECT) {
      const e = await inspectFile(file);
      if (ctx.json) return ctx.printJson({ kind: 'cms', message: { type: e.type, contentType: e.contentType, flavour: e.profile === 'gmt0010' ? 'gm' : 'rfc5652', recipients: e.recipients.map((r) => r.description), contentEncryption: e.contentEncryption.oid } });
      ctx.print(`${e.type} (${e.profile === 'gmt0010' ? 'GM/T 0010' : 'RFC 5652'}), ${e.recipients.length} recipient(s), ${e.contentEncryption.name}`);
      return;
    }
    const info = identifyArtefact(await readInput(ctx.io, file));
    if (ctx.json) return ctx.printJson(info);
    printArtefact(ctx, info);
  },
};

export function printArtefact(ctx: CommandContext, info: ReturnType<typeof identifyArtefact>): void {
  ctx.print(`${info.description}`);
  ctx.print(`  armour: ${info.armour}${info.label ? ` "${info.label}"` : ''}, ${info.encoding.toUpperCase()}${info.count > 1 ? `, ${info.count} objects` : ''}`);
  const c = info.certificate;
  if (c) ctx.print(`  subject: ${c.subject}\n  issuer: ${c.issuer}\n  serial: ${c.serialNumber}\n  valid: ${c.notBefore} – ${c.notAfter}\n  key: ${c.keyAlgorithm}, role: ${c.role}`);
  if (info.csr) ctx.print(`  subject: ${info.csr.subject}\n  attributes: ${info.csr.attributes.join(', ') || '(none)'}`);
  const m = info.message;
  if (m) {
    ctx.print(`  content type: ${m.contentType}${m.version !== undefined ? `, version ${m.version}` : ''}`);
    if (m.eContentType) ctx.print(`  encapsulated: ${m.eContentType}${m.detached ? ' (detached)' : ''}`);
    for (const s of m.signers ?? []) ctx.print(`  signer: ${s.sid}, digest ${s.digestAlgorithm}, signature ${s.signatureAlgorithm}${s.signedAttributes ? ', signed attributes' : ', over the content'}`);
    for (const x of m.certificates ?? []) ctx.print(`  certificate: ${x.subject} (serial ${x.serialNumber})`);
    if (m.crls) ctx.print(`  CRLs: ${m.crls}`);
    for (const r of m.recipients ?? []) ctx.print(`  recipient: ${r}`);
    if (m.contentEncryption) ctx.print(`  content encryption: ${m.contentEncryption}`);
    if (m.digestAlgorithm) ctx.print(`  digest: ${m.digestAlgorithm}`);
  }
}

export const messageCommands: Command[] = [signCommand, verifyCommand, signEncryptCommand, decryptVerifyCommand, cmsInspectCommand];
