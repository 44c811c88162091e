// Runs in Node. `bidseal ofd sign | verify | info | from-text`: OFD documents (GB/T 33190) sealed with an electronic
// seal (GB/T 38540 SES_Signature in SignedValue.dat). Each seal is added incrementally and keeps the earlier ones
// valid. `verify` follows `pdf verify`: exit 0 when the OFD has signatures and every one is intact (references,
// digests, SES_Signature, the maker's signature, holder listed) and no part was added after the seals; expired or
// untrusted certificates and seals are reported, and fail only with --strict; 1 otherwise (also when unsigned).
import type { Command, CommandBody, CommandContext } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import { BidSealError } from '../../../shared/errors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { OfdPackage, readStructure } from '../../../shared/ofd/package';
import { sealOfd, signOfd, verifyOfd } from '../../../shared/ofd/signatures';
import { textToOfd } from '../../../shared/ofd/writer';
import { parseSeal, verifySeal, sealUsabilityError } from '../../../shared/eseal/seal';
import { createTsaClient } from '../../services/pki/tsa-client';
import { readCertFiles, readInput, writeOutput } from '../io';
import { carrierHelp, carrierOptions, carrierUsage, openSigner } from '../carrier-options';
import { inputAndOutput } from './pdf';
import { ofdVerifyView } from '../../../shared/ofd/views';
import { requireOut } from '../args';

async function openOfd(ctx: CommandContext, file: string): Promise<OfdPackage> {
  return OfdPackage.open(await readInput(ctx.io, file));
}

const num = (s: string, what: string): number => {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${what} must be a number, got '${s}'`);
  return n;
};

/** `ofd sign --plain`: a digital signature without a seal, self-checked before it is written. */
async function signPlain(ctx: CommandContext, input: string, out: string): Promise<void> {
  const pkg = await openOfd(ctx, input);
  readStructure(pkg);
  const { signer, close } = await openSigner(ctx);
  try {
    const bytes = (await signOfd(pkg, signer)).toBytes();
    const check = await verifyOfd(OfdPackage.open(bytes));
    const last = check.signatures[check.signatures.length - 1];
    if (!last?.intact) throw new BidSealError('E_OFD_SIGNATURE_INVALID', 'self-check of the new signature failed; nothing was written');
    await writeOutput(ctx.io, out, bytes);
    const who = parseCertificate(signer.certificateDer);
    if (ctx.json) ctx.printJson({ output: out, signature: last.id, type: 'Sign', signer: who.subject.text });
    else ctx.print(`signed ${input} → ${out} (digital signature ${last.id}, no seal, ${who.commonName || who.subject.text})`);
  } finally {
    await close();
  }
}

const sign: Command = {
  name: 'sign',
  summary: 'Seal an OFD with an electronic seal (.esl): on a page, on every page, or across the page edges (骑缝章); or sign it without a seal (--plain)',
  usage: `ofd sign ${carrierUsage} (--eseal SEAL.esl (--page N|all --at X,Y | --cross-page [--seal-y MM]) [--tsa URL] | --plain) -o OUT.ofd IN.ofd`,
  details: [
    ...carrierHelp,
    '--eseal FILE      the electronic seal (GB/T 38540 v4 or GM/T 0031 v1); it must list the signing certificate',
    '--page N|all      page from 1 (default 1), or every page',
    '--at X,Y          top-left corner of the seal in millimetres from the top-left corner of the page',
    '--cross-page      骑缝章: one slice of the seal at the right edge of every page (one signature)',
    '--seal-y MM       top of the cross-page seal from the top of the page (default: centred)',
    '--tsa URL         RFC 3161 timestamp over the signature value (SES_Signature v4 timeStamp)',
    '--plain           a digital signature without a seal (Type="Sign", GB/T 35275 SignedData over Signature.xml)',
    '-o FILE           the sealed OFD, written atomically; never the input',
  ],
  options: { ...carrierOptions, eseal: { type: 'string' }, page: { type: 'string' }, at: { type: 'string' }, 'cross-page': { type: 'boolean' }, 'seal-y': { type: 'string' }, tsa: { type: 'string' }, plain: { type: 'boolean' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const v = ctx.values;
    const { input, out } = await inputAndOutput(ctx, 'OUT.ofd');
    if (v.plain) {
      if (v.eseal || v.at || v.page || v['cross-page'] || v.tsa) throw new UsageError('--plain signs without a seal: no --eseal, --page, --at, --cross-page or --tsa');
      return signPlain(ctx, input, out);
    }
    if (!v.eseal) throw new UsageError('--eseal SEAL.esl is required (or --plain)');
    const sealBytes = await readInput(ctx.io, String(v.eseal));
    const seal = parseSeal(sealBytes);
    const pkg = await openOfd(ctx, input);
    const [doc] = readStructure(pkg);
    let placements: Array<{ page: number; x: number; y: number }> | undefined;
    let crossPage: { y?: number } | undefined;
    if (v['cross-page']) {
      if (v.at || v.page) throw new UsageError('--cross-page places the seal itself: no --page or --at');
      crossPage = v['seal-y'] !== undefined ? { y: num(String(v['seal-y']), '--seal-y') } : {};
    } else {
      if (!v.at) throw new UsageError('give --at X,Y (mm from the top-left corner) or --cross-page');
      const [x, y, ...rest] = String(v.at).split(',').map((s) => num(s, '--at'));
      if (rest.length || y === undefined) throw new UsageError('--at must be X,Y');
      const page = (v.page as string | undefined) ?? '1';
      const pages = page === 'all' ? doc.pages.map((_, i) => i) : [num(page, '--page') - 1];
      if (pages.some((p) => !Number.isInteger(p) || p < 0 || p >= doc.pages.length)) throw new UsageError(`--page must be from 1 to ${doc.pages.length} or all`);
      placements = pages.map((p) => ({ page: p, x, y }));
    }
    const timestamper = v.tsa ? createTsaClient(String(v.tsa), { timeoutMs: 15000 }) : undefined;
    // an expired / not yet valid seal fails before the PIN is asked (the holder list is checked once the certificate is known)
    const early = sealUsabilityError(await verifySeal(seal));
    if (early && early.code !== 'E_ESEAL_SIGNER_NOT_LISTED') throw early;
    const { signer, close } = await openSigner(ctx);
    try {
      const sealed = await sealOfd(pkg, signer, { seal: sealBytes, ...(placements ? { placements } : {}), ...(crossPage ? { crossPage } : {}), ...(timestamper ? { timestamper } : {}) });
      const bytes = sealed.toBytes();
      const check = await verifyOfd(OfdPackage.open(bytes));
      const last = check.signatures[check.signatures.length - 1];
      if (!last?.intact) throw new BidSealError('E_OFD_SIGNATURE_INVALID', 'self-check of the new seal failed; nothing was written');
      await writeOutput(ctx.io, out, bytes);
      const who = parseCertificate(signer.certificateDer);
      if (ctx.json) ctx.printJson({ output: out, signature: last.id, seal: seal.property.name, esId: seal.esId, signer: who.subject.text, stamps: last.stamps.length, timestamp: !!timestamper });
      else ctx.print(`sealed ${input} → ${out} (seal ${seal.property.name}, signature ${last.id}, ${last.stamps.length} stamp(s), ${who.commonName || who.subject.text})`);
    } finally {
      await close();
    }
  },
};

const verify: Command = {
  name: 'verify',
  summary: 'Check every seal signature of an OFD (references, digests, SES_Signature, seal, certificates)',
  usage: 'ofd verify [--ca FILE]... [--cert CERT]... [--tsa-ca FILE]... [--strict] [--json] IN.ofd',
  details: [
    '--ca FILE         trusted root for signers and seal makers (PEM/DER, bundles); repeatable',
    '--cert CERT       the signer certificate for signatures that carry none; repeatable',
    '--tsa-ca FILE     trusted root for timestamp authorities',
    '--strict          also fail when a seal or certificate is expired, not yet valid or untrusted',
    'Exit 0 when the OFD has signatures, every one is intact and no part was added after them; 1 otherwise.',
  ],
  options: { ca: { type: 'string', multiple: true }, cert: { type: 'string', multiple: true }, 'tsa-ca': { type: 'string', multiple: true }, strict: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const anchors = await readCertFiles(ctx.values.ca as string[] | undefined);
    const signerCerts = await readCertFiles(ctx.values.cert as string[] | undefined);
    const tsaAnchors = await readCertFiles(ctx.values['tsa-ca'] as string[] | undefined);
    const strict = !!ctx.values.strict;
    const r = await verifyOfd(await openOfd(ctx, ctx.positionals[0]), { anchors, signerCerts, tsaAnchors: tsaAnchors.length ? tsaAnchors : anchors });
    const view = ofdVerifyView(r, strict);
    const ok = view.ok;
    if (ctx.json) ctx.printJson(view);
    else {
      if (!r.signatures.length) ctx.print('no signatures');
      for (const s of r.signatures) {
        const ses = s.ses;
        ctx.print(`signature ${s.id} (${s.type}, ${s.path}): ${s.intact ? (s.trusted ? 'VALID' : 'INTACT') : 'INVALID'}`);
        const who = ses?.signer ?? s.cms?.signer;
        const path = ses?.signerPath ?? s.cms?.signerPath;
        ctx.print(`  signer:        ${who?.subject ?? 'unknown'}${path ? ` (${path.status}${anchors.length ? '' : ', no --ca given'})` : ''}`);
        ctx.print(`  time:          ${(ses?.parsed.time ?? s.cms?.time)?.toISOString() ?? '?'}`);
        if (s.cms) ctx.print(`  signature:     ${s.cms.form === 'signed-data' ? 'SignedData (GB/T 35275)' : 'bare signature value'}, no seal`);
        for (const p of s.cms?.problems ?? []) ctx.print(`  ${p.code}: ${p.message}`);
        const sp = ses?.parsed.seal;
        if (sp) ctx.print(`  seal:          ${sp.property.name} (${sp.esId}, v${sp.format}) by ${ses?.seal?.maker?.subject ?? '?'}: ${ses?.seal?.status ?? '?'}`);
        ctx.print(`  references:    ${s.references.filter((x) => x.ok).length}/${s.references.length} ok (${s.checkMethod})`);
        for (const x of s.references.filter((q) => !q.ok)) ctx.print(`    ${x.path}: ${x.problem}`);
        ctx.print(`  stamps:        ${s.stamps.map((t) => (t.page === null ? '?' : `page ${t.page + 1}`)).join(', ') || 'none'}`);
        for (const p of ses?.problems ?? []) ctx.print(`  ${p.code}: ${p.message}`);
        for (const p of ses?.seal?.problems ?? []) ctx.print(`  seal ${p.code}: ${p.message}`);
        if (s.error) ctx.print(`  error:         ${s.error.code}: ${s.error.message}`);
      }
      for (const u of r.unprotected) ctx.print(`not protected by any signature (added later?): ${u}`);
    }
    if (!ok) {
      ctx.io.stderr.write(r.signatures.length ? `E_OFD_SIGNATURE_INVALID: ${strict ? 'not every signature is intact, valid and trusted (--strict)' : 'not every signature is intact, or parts were added after sealing'}\n` : 'E_OFD_UNSIGNED: the OFD has no signature\n');
      return EXIT_FAILED;
    }
  },
};

const info: Command = {
  name: 'info',
  summary: 'Documents, pages and signatures of an OFD',
  usage: 'ofd info [--json] IN.ofd',
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const pkg = await openOfd(ctx, ctx.positionals[0]);
    const docs = readStructure(pkg);
    const report = await verifyOfd(pkg);
    const view = { files: pkg.files.size, documents: docs.map((d) => ({ root: d.root, pages: d.pages.map((p) => ({ id: p.id, path: p.path, boxMm: p.box })), signatures: d.signatures ?? null })), signatures: report.signatures.map((s) => ({ id: s.id, type: s.type, path: s.path, seal: s.ses?.parsed.seal?.property.name ?? null, signer: s.ses?.signer?.subject ?? s.cms?.signer?.subject ?? null, time: (s.ses?.parsed.time ?? s.cms?.time)?.toISOString() ?? null })) };
    if (ctx.json) ctx.printJson(view);
    else {
      ctx.print(`${pkg.files.size} parts, ${docs.length} document(s)`);
      for (const d of view.documents) ctx.print(`  ${d.root}: ${d.pages.length} page(s)${d.signatures ? `, signatures in ${d.signatures}` : ', unsigned'}`);
      for (const s of view.signatures) ctx.print(`  signature ${s.id} (${s.type}): ${s.seal ?? '?'} by ${s.signer ?? '?'} at ${s.time ?? '?'}`);
    }
  },
};

const fromText: Command = {
  name: 'from-text',
  summary: 'Turn a UTF-8 text file into a simple OFD (A4, 宋体) ready for sealing',
  usage: 'ofd from-text [--title T] -o OUT.ofd IN.txt',
  options: { title: { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx, 'OUT.ofd');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(await readInput(ctx.io, ctx.positionals[0]));
    const pkg = textToOfd(text, ctx.values.title ? { title: String(ctx.values.title) } : {});
    await writeOutput(ctx.io, out, pkg.toBytes());
    const pages = readStructure(pkg)[0].pages.length;
    if (ctx.json) ctx.printJson({ output: out, pages });
    else ctx.print(`wrote ${out} (${pages} page(s))`);
  },
};

export const ofdCommand: CommandBody = {
  usage: 'ofd <command> [options]',
  subcommands: [sign, verify, info, fromText],
};
