// Runs in Node. `bidseal eseal make | show | verify`: electronic seals (电子印章, GB/T 38540 v4 / GM/T 0031 v1).
// `make` is a TESTING tool (tests, demos, the reference platform): real seals come from registered seal makers
// (制章系统). `verify` follows `pdf verify`: exit 0 when the seal is intact (the maker's signature verifies over
// the bytes as carried and, with --cert, the certificate is on the seal's list); expired or untrusted are
// reported, and fail only with --strict. Also reads an SES_Signature (SignedValue.dat) and checks it.
import type { Command, CommandBody, CommandContext } from '../framework';
import { EXIT_FAILED, UsageError } from '../framework';
import { BidSealError } from '../../../shared/errors';
import { toHex } from '../../../shared/asn1';
import { parseCertificate } from '../../../shared/pki/certificate';
import { sm3 } from '../../../shared/crypto/sm3';
import { makeSeal, parseSeal, verifySeal, describeSeal, pictureTypeOf, SEAL_INTEGRITY_PROBLEMS, type ParsedSeal } from '../../../shared/eseal/seal';
import { parseSesSignature, verifySes } from '../../../shared/eseal/signature';
import { sealVerdictView, sesVerdictView } from '../../../shared/eseal/views';
import { openSoftwareSigner } from '../../services/keys/software-keys';
import { readCertFiles, readInput, writeOutput } from '../io';
import { promptSecret, readSecretLine } from '../secret';

const date = (s: string, what: string): Date => {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${what}: not a date/time (use ISO 8601, e.g. 2027-01-31T00:00:00+08:00)`);
  return d;
};
const posInt = (s: string, what: string): number => {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${what} must be a positive whole number`);
  return n;
};

const make: Command = {
  name: 'make',
  summary: 'Make a TEST electronic seal (.esl) signed by a test seal maker (real seals come from registered seal makers)',
  usage: 'eseal make --maker-key FILE --maker-cert CERT --picture IMAGE --holder-cert CERT... --name NAME [--version 4|1] [options] -o SEAL.esl',
  details: [
    'A tool for tests and demos: the seal is only as trustworthy as the maker key you give it.',
    '--maker-key FILE  the seal maker\'s private key (SM2; RSA allowed for --version 1), PEM/DER/PKCS#12',
    '--maker-cert CERT the seal maker\'s certificate',
    '--password-stdin  read the maker key\'s password from standard input (else asked when needed)',
    '--picture IMAGE   the seal picture: PNG (transparent background), JPG, GIF or SVG',
    '--holder-cert C   a signing certificate allowed to use the seal; repeatable',
    '--digest-list     list the holders by SM3 certificate digest instead of the certificates (v4 only)',
    '--name NAME       seal name, e.g. 某某有限公司公章',
    '--type N          seal type: 1 单位印章 (default), 2 个人印章',
    '--es-id ID        seal code (default: derived from the picture and time)',
    '--vid VID         maker vendor id (default BidSeal-Test)',
    '--width-mm MM     displayed width in millimetres (default 40); --height-mm likewise',
    '--valid-from T    start of validity (default now); --valid-to T end (default one year later)',
    '--version 4|1     GB/T 38540-2020 (4, default) or GM/T 0031-2014 (1)',
    '-o FILE           the seal file, written atomically',
  ],
  options: {
    'maker-key': { type: 'string' }, 'maker-cert': { type: 'string' }, 'password-stdin': { type: 'boolean' }, picture: { type: 'string' }, 'holder-cert': { type: 'string', multiple: true },
    'digest-list': { type: 'boolean' }, name: { type: 'string' }, type: { type: 'string' }, 'es-id': { type: 'string' }, vid: { type: 'string' }, 'width-mm': { type: 'string' }, 'height-mm': { type: 'string' },
    'valid-from': { type: 'string' }, 'valid-to': { type: 'string' }, version: { type: 'string' }, out: { type: 'string', short: 'o' },
  },
  json: true,
  async run(ctx) {
    const v = ctx.values;
    for (const k of ['maker-key', 'maker-cert', 'picture', 'name', 'out']) if (!v[k]) throw new UsageError(`--${k} is required`);
    const holders = await readCertFiles(v['holder-cert'] as string[] | undefined);
    if (!holders.length) throw new UsageError('at least one --holder-cert is required');
    const version = v.version === undefined ? 4 : v.version === '4' ? 4 : v.version === '1' ? 1 : (() => { throw new UsageError('--version must be 4 or 1'); })();
    if (v['digest-list'] && version === 1) throw new UsageError('--digest-list needs --version 4');
    const picture = await readInput(ctx.io, String(v.picture));
    const ptype = pictureTypeOf(picture);
    if (!ptype || ptype === 'BMP' || ptype === 'OFD') throw new UsageError('--picture must be a PNG, JPG, GIF or SVG image');
    const validStart = v['valid-from'] ? date(String(v['valid-from']), '--valid-from') : new Date();
    const validEnd = v['valid-to'] ? date(String(v['valid-to']), '--valid-to') : new Date(validStart.getTime() + 365 * 86400_000);
    if (!(validEnd > validStart)) throw new UsageError('--valid-to must be after --valid-from');
    const keyFile = String(v['maker-key']);
    const signer = await openSoftwareSigner(await readInput(ctx.io, keyFile), {
      certificate: await readInput(ctx.io, String(v['maker-cert'])),
      password: () => (v['password-stdin'] ? readSecretLine(ctx.io) : promptSecret(ctx.io, `Password for ${keyFile}: `)),
      fileName: keyFile,
    });
    const now = new Date();
    const esId = v['es-id'] ? String(v['es-id']) : toHex(sm3(new Uint8Array([...picture, ...new TextEncoder().encode(now.toISOString())]))).slice(0, 20).toUpperCase();
    const der = await makeSeal(
      {
        vid: v.vid ? String(v.vid) : 'BidSeal-Test',
        esId,
        property: {
          type: v.type ? posInt(String(v.type), '--type') : 1,
          name: String(v.name),
          ...(v['digest-list'] ? { certDigests: holders.map((h) => ({ type: 'sm3', value: sm3(h) })) } : { certs: holders }),
          createDate: now,
          validStart,
          validEnd,
        },
        picture: { type: ptype, data: picture, widthMm: v['width-mm'] ? posInt(String(v['width-mm']), '--width-mm') : 40, heightMm: v['height-mm'] ? posInt(String(v['height-mm']), '--height-mm') : 40 },
      },
      signer,
      version,
    );
    parseSeal(der); // self-check before writing
    await writeOutput(ctx.io, String(v.out), der);
    if (ctx.json) ctx.printJson({ output: v.out, version, esId, name: v.name, bytes: der.length, validStart: validStart.toISOString(), validEnd: validEnd.toISOString(), holders: holders.length });
    else ctx.print(`made TEST seal ${v.out} (v${version}, ${v.name}, ${esId}, valid ${validStart.toISOString()} → ${validEnd.toISOString()}, ${holders.length} holder certificate(s))`);
  },
};

/** A seal file or an SES_Signature: which one is it? */
function readSealOrSignature(b: Uint8Array): { seal: ParsedSeal } | { sig: ReturnType<typeof parseSesSignature> } {
  try {
    return { seal: parseSeal(b) };
  } catch (e) {
    if (e instanceof BidSealError && e.code === 'E_ESEAL_UNSUPPORTED_VERSION') throw e;
    try {
      return { sig: parseSesSignature(b) };
    } catch (e2) {
      if (e2 instanceof BidSealError && e2.code === 'E_ESEAL_UNSUPPORTED_VERSION') throw e2;
      throw e;
    }
  }
}

const show: Command = {
  name: 'show',
  summary: 'Show an electronic seal (.esl) or a seal signature (SignedValue.dat)',
  usage: 'eseal show [--picture-out FILE] [--json] FILE',
  details: ['--picture-out F   write the seal picture to F'],
  options: { 'picture-out': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const r = readSealOrSignature(await readInput(ctx.io, ctx.positionals[0]));
    const seal = 'seal' in r ? r.seal : r.sig.seal;
    const info: Record<string, unknown> = seal ? describeSeal(seal) : {};
    if ('sig' in r) {
      const s = r.sig;
      let signer: string | null;
      try {
        signer = s.signerCert.length ? parseCertificate(s.signerCert).subject.text : null;
      } catch {
        signer = '(unparsable certificate)';
      }
      Object.assign(info, { signature: { format: s.format === 4 ? 'GB/T 38540-2020 (v4)' : 'GM/T 0031-2014 (v1)', version: s.version, time: s.time?.toISOString() ?? s.timeText ?? null, dataHash: toHex(s.dataHash), propertyInfo: s.propertyInfo, signer, algorithm: s.signatureAlgorithm, timeStamp: !!s.timeStamp } });
    }
    if (ctx.values['picture-out'] && seal) await writeOutput(ctx.io, String(ctx.values['picture-out']), seal.picture.data);
    if (ctx.json) ctx.printJson(info);
    else for (const [k, val] of Object.entries(info)) ctx.print(`${k.padEnd(20)}${typeof val === 'object' ? JSON.stringify(val) : String(val)}`);
  },
};

const verify: Command = {
  name: 'verify',
  summary: "Check an electronic seal (maker's signature, period, maker certificate, holder list) or a seal signature",
  usage: 'eseal verify [--ca FILE]... [--cert CERT] [--at TIME] [--strict] [--json] FILE',
  details: [
    '--ca FILE         trusted root for seal makers and signers (PEM/DER, bundles); repeatable',
    '--cert CERT       a signing certificate that must be on the seal\'s list; for a seal signature without',
    '                  a certificate, the signer\'s certificate',
    '--at TIME         check validity at TIME (ISO 8601; default now; a seal signature: its signing time)',
    '--strict          also fail when the seal or a certificate is expired, not yet valid or untrusted',
    'Exit 0 when intact (signatures verify over the bytes as carried, holder listed); 1 otherwise. A seal',
    'version BidSeal does not know (GM/T 0031-2025 drafts) is reported unsupported (E_ESEAL_UNSUPPORTED_VERSION).',
  ],
  options: { ca: { type: 'string', multiple: true }, cert: { type: 'string' }, at: { type: 'string' }, strict: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx: CommandContext) {
    const anchors = await readCertFiles(ctx.values.ca as string[] | undefined);
    const cert = ctx.values.cert ? (await readCertFiles([String(ctx.values.cert)]))[0] : undefined;
    const at = ctx.values.at ? date(String(ctx.values.at), '--at') : undefined;
    const strict = !!ctx.values.strict;
    const r = readSealOrSignature(await readInput(ctx.io, ctx.positionals[0]));
    let ok: boolean;
    if ('seal' in r) {
      const v = await verifySeal(r.seal, { anchors, ...(cert ? { signerCert: cert } : {}), ...(at ? { at } : {}) });
      ok = v.intact && !v.problems.some((p) => SEAL_INTEGRITY_PROBLEMS.has(p.code)) && (!strict || v.status === 'valid');
      if (ctx.json) ctx.printJson({ ok, kind: 'seal', name: r.seal.property.name, esId: r.seal.esId, ...sealVerdictView(v) });
      else {
        ctx.print(`seal ${r.seal.property.name} (${r.seal.esId}, v${r.seal.format}): ${v.status.toUpperCase()}`);
        ctx.print(`  maker signature: ${v.intact ? `ok${v.tbsForm !== 'standard' ? ` (${v.tbsForm} form)` : ''}` : 'INVALID'}`);
        ctx.print(`  maker:           ${v.maker?.subject ?? '?'}  (${v.makerPath?.status ?? '?'}${anchors.length ? '' : ', no --ca given'})`);
        ctx.print(`  valid:           ${r.seal.property.validStart.toISOString()} → ${r.seal.property.validEnd.toISOString()}`);
        if (cert) ctx.print(`  holder listed:   ${v.signerListed ? 'yes' : 'NO'}`);
        for (const p of v.problems) ctx.print(`  ${p.code}: ${p.message}`);
      }
    } else {
      const v = await verifySes(r.sig, { anchors, ...(cert ? { signerCert: cert } : {}) });
      ok = v.intact && (!strict || v.trusted);
      if (ctx.json) ctx.printJson({ ok, kind: 'signature', ...sesVerdictView(v) });
      else {
        ctx.print(`seal signature (v${r.sig.format}) by ${v.signer?.subject ?? 'unknown signer'} at ${r.sig.time?.toISOString() ?? '?'}: ${v.intact ? (v.trusted ? 'VALID' : 'INTACT') : 'INVALID'}`);
        ctx.print(`  seal:            ${r.sig.seal?.property.name ?? '?'} (${v.seal?.status ?? 'unreadable'})`);
        ctx.print('  note:            the signed data hash is checked by `bidseal ofd verify` / `pdf verify` against the document');
        for (const p of v.problems) ctx.print(`  ${p.code}: ${p.message}`);
      }
    }
    if (!ok) {
      ctx.io.stderr.write(`E_ESEAL_SIGNATURE_INVALID: ${strict ? 'not intact, or not valid and trusted (--strict)' : 'not intact'}\n`);
      return EXIT_FAILED;
    }
  },
};

export const esealCommand: CommandBody = {
  usage: 'eseal <command> [options]',
  subcommands: [make, show, verify],
};
