// Runs in Node. `bidseal pdf sign | sign-batch | verify`: PDF signatures (ISO 32000-1 §12.8, adbe.pkcs7.detached
// or PAdES) with the company seal, the legal representative's seal, a seal on every page or across the page
// edges (骑缝章), each one an incremental update that keeps earlier signatures valid. Thin: the work is in
// shared/pdf and electron/services/pdf/file.ts / pdf-batch.ts.
import { readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Command, CommandBody, CommandContext } from '../framework';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../framework';
import { BidSealError, describeError, type ErrorCode } from '../../../shared/errors';
import { parseCertificate } from '../../../shared/pki/certificate';
import { PdfDocument } from '../../../shared/pdf/xref';
import type { SignOptions } from '../../../shared/pdf/sign';
import type { SignatureAlgorithm } from '../../../shared/pki/carrier';
import type { SignatureReport } from '../../../shared/pdf/verify';
import { defaultAlgorithm } from '../../services/keys/signing';
import { FileSource, extendPdfFile, signPdfFile, verifyPdfFile } from '../../services/pdf/file';
import type { LtvMaterial } from '../../../shared/pdf/ltv';
import { signPdfBatch, type BatchFileResult } from '../../services/pdf/batch';
import { createTsaClient } from '../../services/pki/tsa-client';
import { fileError } from '../../services/fs/file-hash';
import { readCertFiles } from '../io';
import { splitDerOrPem } from '../../../shared/asn1';
import { readSecretLine } from '../secret';
import { DEFAULT_PLACE_SEAL_WIDTH, sealPlacesOf, sealPlacesToSign } from '../../services/pdf/text';
import { DEFAULT_SEAL_PHRASES, phrasesFromText, type SealPhrase } from '../../../shared/pdf/seal-places';
import { algOption, carrierHelp, carrierOptions, carrierUsage, openSigner } from '../carrier-options';
import { parseSeal, verifySeal, sealUsabilityError, type ParsedSeal } from '../../../shared/eseal/seal';
import { sealAttribute, mmToPt } from '../../../shared/eseal/pdf';
import { boundSealIntact, checkBoundSeal, type BoundSealView } from '../../../shared/eseal/views';
import { requireOut } from '../args';

/** the seal / placement options shared by `pdf sign` and `pdf sign-batch` */
const sealOptions = {
  seal: { type: 'string' },
  eseal: { type: 'string' },
  page: { type: 'string' },
  rect: { type: 'string' },
  invisible: { type: 'boolean' },
  text: { type: 'string', multiple: true },
  'seal-text': { type: 'string', multiple: true },
  'seal-text-auto': { type: 'boolean' },
  'cross-page': { type: 'boolean' },
  'at-text': { type: 'string', multiple: true },
  'at-marks': { type: 'boolean' },
  'seal-width': { type: 'string' },
  'seal-y': { type: 'string' },
  reason: { type: 'string' },
  location: { type: 'string' },
  field: { type: 'string' },
  pades: { type: 'boolean' },
  tsa: { type: 'string' },
  'tsa-timeout': { type: 'string' },
  'pades-level': { type: 'string' },
  chain: { type: 'string', multiple: true },
  crl: { type: 'string', multiple: true },
  'ocsp-response': { type: 'string', multiple: true },
} as const;

const LEVELS = ['b-b', 'b-t', 'b-lt', 'b-lta'] as const;
type PadesLevel = (typeof LEVELS)[number];

/** --pades-level: B-B is the CAdES signature, B-T adds its timestamp, B-LT the DSS, B-LTA a document timestamp. */
function padesLevel(ctx: CommandContext): PadesLevel | undefined {
  const v = ctx.values['pades-level'];
  if (v === undefined) return undefined;
  const l = String(v).toLowerCase() as PadesLevel;
  if (!LEVELS.includes(l)) throw new UsageError(`--pades-level must be one of ${LEVELS.join(', ')}`);
  if (l !== 'b-b' && !ctx.values.tsa) throw new UsageError(`--pades-level ${l} needs --tsa URL (the signature timestamp${l === 'b-lta' ? ' and the document timestamp' : ''})`);
  return l;
}

/** Validation material from files: --chain (CA / TSA certificates), --crl, --ocsp-response (DER or PEM). */
async function ltvMaterial(ctx: CommandContext): Promise<LtvMaterial> {
  const read = async (k: string, pem: RegExp | null): Promise<Uint8Array[]> => {
    const out: Uint8Array[] = [];
    for (const f of (ctx.values[k] as string[] | undefined) ?? []) {
      let b: Uint8Array;
      try {
        b = await readFile(f);
      } catch (e) {
        throw fileError(e, f);
      }
      out.push(...(pem ? splitDerOrPem(b, pem) : [b]));
    }
    return out;
  };
  return { certificates: await read('chain', /CERTIFICATE/), crls: await read('crl', /X509 CRL/), ocsps: await read('ocsp-response', null) };
}

const sealUsage = '[--eseal SEAL.esl] [--seal IMAGE --page N|last|all --rect x,y,w,h [--seal-text TEXT]... [--seal-text-auto] | --seal IMAGE (--at-text PHRASE... | --at-marks) [--seal-width PT] | --cross-page --seal IMAGE [--seal-width PT] [--seal-y PT] | --invisible] [--reason R] [--location L] [--field NAME] [--pades | --pades-level b-b|b-t|b-lt|b-lta] [--tsa URL [--tsa-timeout S]] [--chain F]... [--crl F]... [--ocsp-response F]...';

const sealHelp = [
  '--eseal FILE      an electronic seal (GB/T 38540 / GM/T 0031 .esl): its own picture is the appearance, at its',
  '                  size (--rect x,y is enough), and the signature binds the seal; refused when the seal is',
  '                  expired, not yet valid or does not list the signing certificate',
  '--seal FILE       seal or signature image (PNG with transparency, or JPEG); not an electronic seal',
  '--page P          page of the seal: a number from 1, "last", or "all" (the same seal on every page,',
  '                  one signature); default 1',
  '--rect x,y,w,h    where the seal goes, in points from the bottom-left corner of the page',
  '--seal-text TEXT  a line of text under the seal, Chinese included (embedded Noto Sans SC subset, copyable',
  '                  as text); repeatable; --text is the same',
  '--seal-text-auto  add two lines: the signer\'s name (certificate CN) and the signing time (local time)',
  '--at-text PHRASE  the seal over every occurrence of PHRASE in the text (e.g. "（盖单位章）"; "投标人：（盖章）"',
  '                  also matches with the name filled in after the colon), centred on the bracketed mark;',
  '                  repeatable; one signature with a seal at each place not sealed yet',
  '--at-marks        the same for the built-in list of phrases that ask for a seal (bidseal pdf check-seals --list)',
  '--cross-page      骑缝章: the seal cut into one strip per page at the right edge of every page, one signature',
  '--seal-width PT   width of the cross-page seal or of a seal placed by --at-text, in points (default 119 ≈ a',
  '                  42 mm seal); the height follows the image',
  '--seal-y PT       bottom of the cross-page seal from the page bottom (default: vertically centred)',
  '--invisible       no visible seal (the default without --seal and --seal-text)',
  '--reason R        reason shown by readers (e.g. "投标文件签章")',
  '--location L      place shown by readers',
  '--field NAME      signature field name (default Signature<n>); an empty pre-placed field of that name is filled',
  '--pades           PAdES baseline (ETSI.CAdES.detached) instead of adbe.pkcs7.detached',
  '--tsa URL         RFC 3161 timestamp authority (http/https): its token over the signature value goes into',
  '                  the CMS (PAdES B-T); the TSA is asked once before signing to size the signature space',
  '--tsa-timeout S   seconds to wait for the TSA (default 15)',
  '--pades-level L   PAdES baseline level (ETSI EN 319 142-1): b-b (CAdES signature), b-t (+ signature timestamp,',
  '                  needs --tsa), b-lt (+ DSS with the certificates, CRLs and OCSP responses of the signer and',
  '                  TSA paths, VRI per signature), b-lta (+ document timestamp from the same TSA)',
  '--chain FILE      CA / TSA certificates to embed in the DSS (PEM or DER, bundles allowed); repeatable',
  '--crl FILE        CRLs to embed (DER or PEM); repeatable',
  '--ocsp-response F OCSP responses to embed (DER OCSPResponse); repeatable',
];

const num = (s: string, what: string): number => {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${what} must be a number, got '${s}'`);
  return n;
};

/** The placement and appearance part of SignOptions from the command line. */
type CliSignOptions = Omit<SignOptions, 'alg' | 'certificateDer'> & { atText?: { phrases: SealPhrase[] | undefined; image: Uint8Array; width: number } };

async function sealSignOptions(ctx: CommandContext): Promise<CliSignOptions> {
  const v = ctx.values;
  const o: CliSignOptions = {};
  if (v.reason) o.reason = String(v.reason);
  if (v.location) o.location = String(v.location);
  if (v.field) o.fieldName = String(v.field);
  if (v.pades || v['pades-level'] !== undefined) o.subFilter = 'ETSI.CAdES.detached';
  if (v['tsa-timeout'] !== undefined && !v.tsa) throw new UsageError('--tsa-timeout goes with --tsa URL');
  if (v.tsa) {
    const secs = v['tsa-timeout'] !== undefined ? num(String(v['tsa-timeout']), '--tsa-timeout') : 15;
    if (!(secs > 0)) throw new UsageError('--tsa-timeout must be positive');
    o.timestamper = createTsaClient(String(v.tsa), { timeoutMs: secs * 1000 });
  }
  const text = [...((v['seal-text'] as string[] | undefined) ?? []), ...((v.text as string[] | undefined) ?? [])];
  const auto = !!v['seal-text-auto'];
  const sealFile = v.seal as string | undefined;
  let image: Uint8Array | undefined;
  let eseal: ParsedSeal | undefined;
  if (v.eseal) {
    if (sealFile) throw new UsageError('--eseal brings its own picture: no --seal');
    try {
      eseal = parseSeal(await readFile(String(v.eseal)));
    } catch (e) {
      throw e instanceof BidSealError ? e : fileError(e, String(v.eseal));
    }
    if (eseal.picture.type !== 'PNG' && eseal.picture.type !== 'JPG' && eseal.picture.type !== 'JPEG') throw new BidSealError('E_PDF_SEAL_IMAGE', `the seal picture is ${eseal.picture.type}; PDF appearances take PNG or JPG`);
    image = eseal.picture.data;
    o.signedAttributes = [sealAttribute(eseal.raw)];
  } else if (sealFile) {
    try {
      image = await readFile(sealFile);
    } catch (e) {
      throw fileError(e, sealFile);
    }
  }
  const atText = (v['at-text'] as string[] | undefined) ?? [];
  if (atText.length || v['at-marks']) {
    if (!image) throw new UsageError('--at-text / --at-marks need --seal IMAGE');
    if (v.rect || v.page !== undefined || v['cross-page'] || v.invisible || v['seal-y'] !== undefined) throw new UsageError('--at-text / --at-marks place the seal by the text: no --rect, --page, --cross-page, --seal-y or --invisible');
    const width = v['seal-width'] !== undefined ? num(String(v['seal-width']), '--seal-width') : DEFAULT_PLACE_SEAL_WIDTH;
    if (!(width > 0)) throw new UsageError('--seal-width must be positive');
    o.appearance = { image, ...(text.length || auto ? { text } : {}) };
    o.atText = { phrases: atText.length ? phrasesFromText(atText) : undefined, image, width };
    return o;
  }
  if (v.invisible && (sealFile || text.length || auto || v['cross-page'] || v.rect)) throw new UsageError('--invisible cannot be combined with --seal, --seal-text, --rect or --cross-page');
  if (v['cross-page']) {
    if (!image) throw new UsageError('--cross-page needs --seal IMAGE');
    if (v.rect || text.length || auto) throw new UsageError('--cross-page places the seal itself: no --rect or --seal-text');
    if (v.page !== undefined && v.page !== 'all') throw new UsageError('--cross-page covers every page (--page all or no --page)');
    const width = v['seal-width'] !== undefined ? num(String(v['seal-width']), '--seal-width') : eseal ? mmToPt(eseal.picture.widthMm) : 119;
    if (!(width > 0)) throw new UsageError('--seal-width must be positive');
    o.crossPage = { image, width, ...(v['seal-y'] !== undefined ? { y: num(String(v['seal-y']), '--seal-y') } : {}) };
    return o;
  }
  if (v['seal-width'] !== undefined || v['seal-y'] !== undefined) throw new UsageError('--seal-width and --seal-y go with --cross-page');
  const page = (v.page as string | undefined) ?? '1';
  if (page === 'all') o.pages = 'all';
  else if (page === 'last') o.page = -1;
  else {
    const n = num(page, '--page');
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--page must be a page number from 1, "last" or "all"');
    o.page = n - 1;
  }
  if (image || text.length || auto) {
    if (!v.rect) throw new UsageError('a visible seal needs --rect x,y,w,h (points from the bottom-left corner)');
    o.appearance = { ...(image ? { image } : {}), ...(text.length || auto ? { text } : {}) };
  } else if (o.pages === 'all') throw new UsageError('--page all needs a visible seal (--seal or --seal-text)');
  if (v.rect) {
    const parts = String(v.rect).split(',').map((x) => num(x, '--rect'));
    // an electronic seal has its size: --rect x,y places it
    if (eseal && parts.length === 2) parts.push(mmToPt(eseal.picture.widthMm), mmToPt(eseal.picture.heightMm));
    if (parts.length !== 4 || !(parts[2] > 0 && parts[3] > 0)) throw new UsageError('--rect must be x,y,w,h with a positive width and height');
    const [x, y, w, h] = parts;
    o.rect = [x, y, x + w, y + h];
  }
  return o;
}

/** Refuses -o naming the input itself (by path, or by inode when it exists: a hard link or symlink). */
export async function refuseSameFile(input: string, output: string): Promise<void> {
  if (path.resolve(input) === path.resolve(output)) throw new UsageError('-o must not be the input file: the original is never modified');
  const [a, b] = await Promise.all([stat(input).catch(() => null), stat(output).catch(() => null)]);
  if (a && b && a.dev === b.dev && a.ino === b.ino) throw new UsageError('-o is the input file (a link to it): the original is never modified');
  const [ra, rb] = await Promise.all([realpath(input).catch(() => input), realpath(path.dirname(output)).catch(() => path.dirname(output))]);
  if (ra === path.join(rb, path.basename(output))) throw new UsageError('-o must not be the input file');
}

/** The input (the one positional) and `-o OUT` (`what` names it in the usage error), never the input itself. */
export async function inputAndOutput(ctx: CommandContext, what: string): Promise<{ input: string; out: string }> {
  const input = ctx.positionals[0];
  const out = requireOut(ctx, what);
  await refuseSameFile(input, out);
  return { input, out };
}

/** Parses the PDF before a PIN is asked for: a corrupt or encrypted file fails fast. */
async function preflight(input: string): Promise<void> {
  const src = await FileSource.open(input);
  try {
    await PdfDocument.open(src);
  } finally {
    await src.close();
  }
}

const signerName = (der: Uint8Array): string => {
  const c = parseCertificate(der);
  return c.commonName || c.subject.text;
};

/** Once the signer is open: the --eseal seal must be usable by it (listed, valid); the algorithm to sign with and the signer's name. */
async function checkSigner(ctx: CommandContext, certificateDer: Uint8Array, alg: SignatureAlgorithm | undefined): Promise<{ used: SignatureAlgorithm; name: string }> {
  if (ctx.values.eseal) {
    const err = sealUsabilityError(await verifySeal(parseSeal(await readFile(String(ctx.values.eseal))), { signerCert: certificateDer }));
    if (err) throw err;
  }
  return { used: alg ?? defaultAlgorithm(certificateDer), name: signerName(certificateDer) };
}

/** --seal-text-auto: the signer's name and the signing time (local clock, as a bidder reads it) appended
 *  to the seal text; the same instant becomes the signature's /M and signingTime. */
function withAutoText(ctx: CommandContext, o: Omit<SignOptions, 'alg' | 'certificateDer'>, name: string): Omit<SignOptions, 'alg' | 'certificateDer'> {
  if (!ctx.values['seal-text-auto'] || !o.appearance) return o;
  const t = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  const when = `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
  return { ...o, signingTime: t, appearance: { ...o.appearance, text: [...(o.appearance.text ?? []), name, when] } };
}

export const pdfSignCommand: Command = {
  name: 'sign',
  summary: 'Sign a PDF (visible seal, seal on every page, cross-page seal, or invisible)',
  usage: `pdf sign ${carrierUsage} ${sealUsage} -o OUT.pdf IN.pdf`,
  details: [...carrierHelp, ...sealHelp, '-o FILE           the signed PDF, written as FILE.partial and renamed when complete; never the input'],
  options: { ...carrierOptions, ...sealOptions, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const { input, out } = await inputAndOutput(ctx, 'OUT.pdf');
    const alg = algOption(ctx);
    const level = padesLevel(ctx);
    const material = await ltvMaterial(ctx);
    const { atText, ...opts } = await sealSignOptions(ctx);
    await preflight(input);
    // the places are found before the PIN is asked for: a document without the phrases fails first
    if (atText) opts.places = (await sealPlacesToSign(input, atText.phrases, atText.image, atText.width)).map(({ page, rect }) => ({ page, rect }));
    await opts.timestamper?.tokenSize(); // an unreachable TSA fails before the PIN is asked (the size is cached)
    if (ctx.values.eseal) {
      // an expired or not yet valid seal fails before the PIN is asked
      const early = sealUsabilityError(await verifySeal(parseSeal(await readFile(String(ctx.values.eseal)))));
      if (early && early.code !== 'E_ESEAL_SIGNER_NOT_LISTED') throw early;
    }
    const { signer, close } = await openSigner(ctx);
    try {
      const { used, name } = await checkSigner(ctx, signer.certificateDer, alg);
      const long = level === 'b-lt' || level === 'b-lta';
      // B-LT/B-LTA: signed to a staging file, then the DSS (and document timestamp) appended into -o
      const staged = long ? `${out}.stage` : out;
      let field: string;
      try {
        ({ fieldName: field } = await signPdfFile(input, staged, signer, { ...withAutoText(ctx, opts, name), alg: used, name }));
        if (long) await extendPdfFile(staged, out, { to: level, material, ...(opts.timestamper ? { timestamper: opts.timestamper } : {}) });
      } finally {
        if (long) await unlink(staged).catch(() => undefined);
      }
      const tsa = ctx.values.tsa as string | undefined;
      if (ctx.json) ctx.printJson({ output: out, field, algorithm: used, signer: name, subFilter: opts.subFilter ?? 'adbe.pkcs7.detached', padesLevel: level ?? null, timestamp: tsa ? { tsa } : null });
      else ctx.print(`signed ${input} → ${out} (field ${field}, ${used}, ${name}${tsa ? ', timestamped' : ''}${level ? `, PAdES ${level.toUpperCase()}` : ''}${opts.places ? `, ${opts.places.length} ${opts.places.length === 1 ? 'place' : 'places'}` : ''})`);
    } finally {
      await close();
    }
  },
};

export const pdfSignBatchCommand: Command = {
  name: 'sign-batch',
  summary: 'Sign several PDFs with one PIN entry (each to DIR/name.pdf; failures reported, the rest go on)',
  usage: `pdf sign-batch ${carrierUsage} ${sealUsage} --out-dir DIR IN.pdf...`,
  details: [...carrierHelp, ...sealHelp, '--out-dir DIR     where the signed files go (same names); each written via .partial, never over an input', 'Ctrl-C stops after the current file; exit 1 when any file failed.'],
  options: { ...carrierOptions, ...sealOptions, 'out-dir': { type: 'string' } },
  positionals: { min: 1, max: 10_000 },
  json: true,
  async run(ctx) {
    const outDir = ctx.values['out-dir'] as string | undefined;
    if (!outDir) throw new UsageError('--out-dir DIR is required');
    const st = await stat(outDir).catch(() => null);
    if (!st?.isDirectory()) throw new BidSealError('E_FILE_NOT_FOUND', `--out-dir ${outDir} is not a directory`, { path: outDir });
    const names = new Set<string>();
    for (const f of ctx.positionals) {
      const b = path.basename(f);
      if (names.has(b)) throw new UsageError(`two inputs are named ${b}: their outputs would collide in ${outDir}`);
      names.add(b);
      await refuseSameFile(f, path.join(outDir, b));
    }
    const alg = algOption(ctx);
    const level = padesLevel(ctx);
    const material = await ltvMaterial(ctx);
    const { atText, ...opts } = await sealSignOptions(ctx);
    await opts.timestamper?.tokenSize();
    const { signer, close } = await openSigner(ctx);
    const ac = new AbortController();
    const onSigint = (): void => {
      if (!ac.signal.aborted) ctx.io.stderr.write('\ncancelling after the current file…\n');
      ac.abort();
    };
    process.on('SIGINT', onSigint);
    let results: BatchFileResult[];
    try {
      const { used, name } = await checkSigner(ctx, signer.certificateDer, alg);
      results = await signPdfBatch(signer, ctx.positionals.map((input) => ({ input, output: path.join(outDir, path.basename(input)) })), { ...withAutoText(ctx, opts, name), alg: used, name }, {
        signal: ac.signal,
        ...(atText ? { perFile: async (input: string) => ({ places: (await sealPlacesToSign(input, atText.phrases, atText.image, atText.width)).map(({ page, rect }) => ({ page, rect })) }) } : {}),
        onFileDone: (r) => {
          if (ctx.json) return;
          if (r.status === 'signed') ctx.print(`signed    ${r.input} → ${r.output}`);
          else if (r.status === 'failed') ctx.print(`FAILED    ${r.input}: ${r.error!.code}: ${describeError(r.error!.code as ErrorCode, ctx.io.lang, r.error!.message)}`);
        },
      });
    } finally {
      process.off('SIGINT', onSigint);
      await close();
    }
    if (level === 'b-lt' || level === 'b-lta')
      for (const r of results) {
        if (r.status !== 'signed') continue;
        // the signed file becomes the staging input of the long-term augmentation (no PIN needed for it)
        const staged = `${r.output}.stage`;
        try {
          await rename(r.output, staged);
          await extendPdfFile(staged, r.output, { to: level, material, ...(opts.timestamper ? { timestamper: opts.timestamper } : {}) });
        } catch (e) {
          if (!(e instanceof BidSealError)) throw e;
          Object.assign(r, { status: 'failed', error: { code: e.code, message: e.message } });
          if (!ctx.json) ctx.print(`FAILED    ${r.input}: ${e.code}: ${describeError(e.code as ErrorCode, ctx.io.lang, e.message)}`);
        } finally {
          await unlink(staged).catch(() => undefined);
        }
      }
    const failed = results.filter((r) => r.status === 'failed').length;
    const skipped = results.filter((r) => r.status === 'skipped').length;
    if (ctx.json) ctx.printJson({ ok: failed === 0 && skipped === 0, files: results });
    else {
      for (const r of results) if (r.status === 'skipped') ctx.print(`skipped   ${r.input} (cancelled)`);
      ctx.print(`${results.length - failed - skipped} signed, ${failed} failed, ${skipped} skipped`);
    }
    return failed || skipped ? EXIT_FAILED : EXIT_OK;
  },
};

function reportView(r: SignatureReport) {
  return {
    field: r.fieldName,
    subFilter: r.subFilter ?? null,
    signer: r.signer ? { commonName: r.signer.commonName ?? null, subject: r.signer.subject } : null,
    signingTime: r.signingTime?.toISOString() ?? null,
    intact: r.intact,
    valid: r.valid,
    trusted: r.trusted,
    coverage: r.coverage,
    revision: r.revision ?? null,
    modifications: r.modifications,
    changes: r.changes,
    byteRange: r.byteRange,
    byteRangeProblems: r.byteRangeProblems,
    digestAlgorithm: r.cms?.digestAlgorithm ?? null,
    signatureAlgorithm: r.cms?.signatureAlgorithm ?? null,
    path: r.path ? { status: r.path.status, at: r.path.at.toISOString(), chain: r.path.chain, problems: r.path.problems } : null,
    timestamp: r.timestamp
      ? {
          genTime: r.timestamp.genTime?.toISOString() ?? null,
          tsa: r.timestamp.tsa ?? null,
          policy: r.timestamp.policy ?? null,
          serial: r.timestamp.info?.serial ?? null,
          imprintValid: r.timestamp.imprintValid,
          signatureValid: r.timestamp.signatureValid,
          trusted: r.timestamp.trusted,
          problems: r.timestamp.path?.problems ?? [],
          ...(r.timestamp.error ? { error: r.timestamp.error } : {}),
        }
      : null,
    bottomLine: r.bottomLine,
    indication: r.indication,
    subIndication: r.subIndication ?? null,
    verdict: r.verdict,
    reasons: r.indicationReasons,
    allowedChanges: r.allowed,
    docMdp: r.docMdp ?? null,
    lockedFields: r.lockedFields ?? [],
    visualChanges: r.visualChanges.map((v) => ({ revision: v.revision + 1, page: v.page !== undefined ? v.page + 1 : null, objects: v.objects, what: v.what })),
    weakAlgorithms: r.weakAlgorithms,
    ...(r.error ? { error: r.error } : {}),
  };
}

/** The panel's words for a verdict, zh-CN first. */
const VERDICT_TEXT: Record<SignatureReport['verdict'], { zh: string; en: string }> = {
  valid: { zh: '有效', en: 'valid' },
  'valid-with-changes': { zh: '有效，但签名后有允许的修改', en: 'valid, with permitted changes after signing' },
  indeterminate: { zh: '无法确定', en: 'indeterminate' },
  invalid: { zh: '无效', en: 'invalid' },
};

export const pdfVerifyCommand: Command = {
  name: 'verify',
  summary: 'List and check the signatures of a PDF',
  usage: 'pdf verify [--ca FILE]... [--tsa-ca FILE]... [--chain FILE]... [--crl FILE]... [--at TIME] [--strict] [--password-stdin | env BIDSEAL_PDF_PASSWORD] [--json] IN.pdf',
  details: [
    '--ca FILE         a trusted CA certificate (or a signer certificate trusted as-is), PEM or DER, bundles',
    '                  allowed; repeatable. Signer paths are validated now (RFC 5280, SM2 default ID), or at',
    '                  the time of a trusted signature timestamp when there is one.',
    '--tsa-ca FILE     trusted root for timestamp authorities (default: the --ca certificates); repeatable',
    '--chain FILE      further certificates for path building (intermediates); repeatable',
    '--crl FILE        CRLs for revocation checking of the signer (DER or PEM); repeatable',
    '--at TIME         validate as if the clock said TIME (ISO 8601; e.g. years ahead, after the certificates',
    '                  expired): paths are checked at the best proof of existence (a trusted signature or',
    '                  document timestamp), else at TIME, with the certificates and CRLs embedded in the DSS',
    '--strict          also fail (exit 1) on INDETERMINATE: unknown trust, weak algorithms (SHA-1), no revocation data',
    '--password-stdin  read the user password of an encrypted PDF from standard input (one line); else the',
    '                  environment variable BIDSEAL_PDF_PASSWORD, else the empty user password. The signed bytes',
    '                  are hashed as stored: only what must be read is decrypted',
    'Each signature gets an ETSI EN 319 102-1 indication (TOTAL-PASSED / INDETERMINATE with a sub-indication /',
    'TOTAL-FAILED) and a verdict: 有效 / 有效，但签名后有允许的修改 / 无法确定 / 无效.',
    'Exit 0 when the file has signatures, every one is intact over a whole revision, and nothing changed after',
    'it beyond what its permissions allow (DocMDP / FieldMDP / approval defaults) and beyond filling in fields:',
    'a change to what a page shows (an appearance replaced, an overlay added, an object shadowed) fails.',
    'INDETERMINATE (unknown trust, weak algorithm) is reported, not a failure, unless --strict. Exit 1 otherwise',
    '(also for a file without signatures).',
  ],
  options: {
    ca: { type: 'string', multiple: true },
    'tsa-ca': { type: 'string', multiple: true },
    chain: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    at: { type: 'string' },
    strict: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const cas = (ctx.values.ca as string[] | undefined) ?? [];
    const tsaCas = ctx.values['tsa-ca'] as string[] | undefined;
    const load = readCertFiles;
    const trusted = await load(cas);
    const readAll = async (files: string[]): Promise<Uint8Array[]> => {
      const out: Uint8Array[] = [];
      for (const f of files) {
        try {
          out.push(await readFile(f));
        } catch (e) {
          throw fileError(e, f);
        }
      }
      return out;
    };
    const extra = await load((ctx.values.chain as string[] | undefined) ?? []);
    const crls = await readAll((ctx.values.crl as string[] | undefined) ?? []);
    let validationTime: Date | undefined;
    if (ctx.values.at !== undefined) {
      validationTime = new Date(String(ctx.values.at));
      if (Number.isNaN(validationTime.getTime())) throw new UsageError('--at must be an ISO 8601 time, e.g. 2035-01-01T00:00:00Z');
    }
    // the password of an encrypted PDF: never from argv (docs/ipc-security.md: secrets come from stdin or the environment)
    const password = ctx.values['password-stdin'] ? await readSecretLine(ctx.io) : process.env.BIDSEAL_PDF_PASSWORD;
    const reports = await verifyPdfFile(ctx.positionals[0], {
      trusted,
      ...(tsaCas ? { trustedTsa: await load(tsaCas) } : {}),
      ...(extra.length ? { extraCertificates: extra } : {}),
      ...(crls.length ? { crls } : {}),
      ...(validationTime ? { now: validationTime } : {}),
      ...(password !== undefined ? { password } : {}),
    });
    // a signature that binds an electronic seal: the seal is checked at the signing time, with the signer on its list
    const seals = new Map<SignatureReport, BoundSealView>();
    for (const r of reports) {
      const s = await checkBoundSeal(r, { anchors: trusted });
      if (s) seals.set(r, s);
    }
    const sealIntact = (r: SignatureReport): boolean => boundSealIntact(seals.get(r) ?? null);
    const strict = !!ctx.values.strict;
    const accept = (r: SignatureReport): boolean => r.indication === 'TOTAL-PASSED' || (!strict && r.indication === 'INDETERMINATE');
    const ok = reports.length > 0 && reports.every((r) => accept(r) && sealIntact(r));
    const views = reports.map((r) => ({ ...reportView(r), ...(seals.has(r) ? { eseal: seals.get(r) } : {}) }));
    if (ctx.json) ctx.printJson({ ok, signatures: views });
    else {
      if (!views.length) ctx.print('no signatures');
      for (const v of views) {
        const words = VERDICT_TEXT[v.verdict];
        ctx.print(`${v.field}: ${ctx.io.lang === 'en' ? words.en : words.zh} — ${v.indication}${v.subIndication ? `/${v.subIndication}` : ''} (${v.bottomLine.toUpperCase()})`);
        for (const why of v.reasons) ctx.print(`  why:           ${why}`);
        ctx.print(`  signer:        ${v.signer ? `${v.signer.commonName ?? ''}${v.signer.commonName ? ' — ' : ''}${v.signer.subject}` : 'unknown'}`);
        ctx.print(`  signing time:  ${v.signingTime ?? 'not stated'}`);
        ctx.print(`  algorithm:     ${v.signatureAlgorithm ?? '?'} (${v.subFilter ?? '?'})`);
        ctx.print(`  intact:        ${v.intact ? 'yes' : 'NO'}    valid: ${v.valid ? 'yes' : 'NO'}    trusted: ${v.trusted ? 'yes' : 'no'}`);
        if (v.path && cas.length) {
          ctx.print(`  certificate:   ${v.path.status}${v.path.chain.length ? ` (${v.path.chain.join(' → ')})` : ''}`);
          for (const pr of v.path.problems) ctx.print(`    ${pr}`);
        }
        const ts = v.timestamp;
        if (ts) {
          ctx.print(`  timestamp:     ${ts.genTime ?? '?'} by ${ts.tsa ?? 'unknown TSA'}`);
          ctx.print(`                 imprint: ${ts.imprintValid ? 'ok' : 'WRONG'}    signature: ${ts.signatureValid ? 'ok' : 'INVALID'}    trusted: ${ts.trusted ? 'yes' : 'no'}`);
          if (cas.length || tsaCas) for (const pr of ts.problems) ctx.print(`    ${pr}`);
          if (ts.error) ctx.print(`    ${ts.error.code}: ${ts.error.message}`);
        } else ctx.print('  timestamp:     none');
        const es = v.eseal as Record<string, unknown> | undefined; // BoundSealView
        if (es) ctx.print(`  seal:          ${String(es.name ?? '?')} (${String(es.esId ?? '?')}) by ${String((es.maker as { subject?: string } | null)?.subject ?? '?')}: ${String(es.status)}${es.signerListed === false ? ', signer NOT on its list' : ''}`);
        ctx.print(`  coverage:      ${v.coverage}${v.revision !== null ? ` (revision ${v.revision + 1})` : ''}`);
        ctx.print(`  modifications: ${v.modifications} (allowed: ${v.allowedChanges}${v.docMdp ? `, certified DocMDP P=${v.docMdp}` : ''}${v.lockedFields.length ? `, locks ${v.lockedFields.join(' ')}` : ''})`);
        for (const c of v.changes) ctx.print(`    ${c}`);
        for (const c of v.visualChanges) ctx.print(`  VISUAL CHANGE: revision ${c.revision}${c.page ? `, page ${c.page}` : ''}: ${c.what}`);
        if (v.weakAlgorithms.length) ctx.print(`  weak:          ${v.weakAlgorithms.join(', ')}`);
        for (const p of v.byteRangeProblems) ctx.print(`  ByteRange:     ${p}`);
        if (v.error) ctx.print(`  error:         ${v.error.code}: ${v.error.message}`);
      }
    }
    if (!ok) {
      ctx.io.stderr.write(`E_PDF_SIGNATURE_INVALID: ${reports.length ? 'not every signature is valid' : 'the file has no signatures'}\n`);
      return EXIT_FAILED;
    }
  },
};

export const pdfExtendCommand: Command = {
  name: 'extend',
  summary: 'Augment the signatures of a PDF (also other tools\') to PAdES B-LT or B-LTA',
  usage: 'pdf extend --to b-lt|b-lta [--tsa URL [--tsa-timeout S]] [--chain F]... [--crl F]... [--ocsp-response F]... -o OUT.pdf IN.pdf',
  details: [
    '--to b-lt         add a DSS revision: the certificates of every signature and timestamp token, the given',
    '                  CA/TSA certificates, CRLs and OCSP responses, and a VRI entry per signature',
    '--to b-lta        the same, then a document timestamp (ETSI.RFC3161) from --tsa over the whole file',
    '--chain, --crl, --ocsp-response  validation material to embed (files; repeatable)',
    '-o FILE           the extended PDF (the input is never modified; written via FILE.partial)',
  ],
  options: { to: { type: 'string' }, tsa: { type: 'string' }, 'tsa-timeout': { type: 'string' }, chain: { type: 'string', multiple: true }, crl: { type: 'string', multiple: true }, 'ocsp-response': { type: 'string', multiple: true }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const { input, out } = await inputAndOutput(ctx, 'OUT.pdf');
    const to = String(ctx.values.to ?? '').toLowerCase();
    if (to !== 'b-lt' && to !== 'b-lta') throw new UsageError('--to must be b-lt or b-lta');
    if (to === 'b-lta' && !ctx.values.tsa) throw new UsageError('--to b-lta needs --tsa URL for the document timestamp');
    const secs = ctx.values['tsa-timeout'] !== undefined ? num(String(ctx.values['tsa-timeout']), '--tsa-timeout') : 15;
    const timestamper = ctx.values.tsa ? createTsaClient(String(ctx.values.tsa), { timeoutMs: secs * 1000 }) : undefined;
    await preflight(input);
    const r = await extendPdfFile(input, out, { to, material: await ltvMaterial(ctx), ...(timestamper ? { timestamper } : {}) });
    if (ctx.json) ctx.printJson({ output: out, level: to, vri: r.vri, documentTimestamp: r.documentTimestamp });
    else ctx.print(`extended ${input} → ${out} (PAdES ${to.toUpperCase()}: DSS with ${r.vri.length} VRI entr${r.vri.length === 1 ? 'y' : 'ies'}${r.documentTimestamp ? ', document timestamp' : ''})`);
  },
};

export const pdfCheckSealsCommand: Command = {
  name: 'check-seals',
  summary: 'List the places whose words ask for a seal (（盖单位章）, （签字或盖章）…) and have none',
  usage: 'pdf check-seals [--at-text PHRASE]... [--all] [--json] IN.pdf\npdf check-seals --list',
  details: [
    '--at-text PHRASE  look for PHRASE instead of the built-in list; repeatable',
    '--all             list every place found, sealed ones too',
    '--list            print the built-in phrases and the seal each asks for',
    'A place counts as sealed when a signature\'s seal covers the centre of its mark. Exit 0 when every',
    'place is sealed (or none is found), 1 when any is missing.',
  ],
  options: { 'at-text': { type: 'string', multiple: true }, all: { type: 'boolean' }, list: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  json: true,
  async run(ctx) {
    const zh = ctx.io.lang === 'zh';
    const kindName = (k: string): string => (k === 'company' ? (zh ? '单位公章' : 'company seal') : zh ? '法定代表人签章' : 'personal seal or signature');
    if (ctx.values.list) {
      if (ctx.json) ctx.printJson({ phrases: DEFAULT_SEAL_PHRASES });
      else for (const p of DEFAULT_SEAL_PHRASES) ctx.print(`${p.text}\t${kindName(p.kind)}`);
      return EXIT_OK;
    }
    const input = ctx.positionals[0];
    if (!input) throw new UsageError('missing argument', 'usage: bidseal pdf check-seals [--at-text PHRASE]... IN.pdf');
    await preflight(input);
    const at = (ctx.values['at-text'] as string[] | undefined) ?? [];
    const { pageCount, places } = await sealPlacesOf(input, at.length ? phrasesFromText(at) : undefined, await verifyPdfFile(input));
    const missing = places.filter((p) => !p.covered);
    const shown = ctx.values.all ? places : missing;
    if (ctx.json) ctx.printJson({ ok: missing.length === 0, pageCount, found: places.length, missing: missing.length, places: shown.map((p) => ({ page: p.page + 1, phrase: p.phrase, text: p.text, kind: p.kind, box: p.box.map((x) => Math.round(x * 100) / 100), covered: p.covered })) });
    else {
      for (const p of shown) ctx.print(`${zh ? '第' : 'page '}${p.page + 1}${zh ? ' 页' : ''}\t${p.covered ? (zh ? '已盖章' : 'sealed ') : zh ? '缺章' : 'MISSING'}\t${p.text}\t(${kindName(p.kind)})`);
      ctx.print(zh ? `共 ${places.length} 处需要盖章，${missing.length} 处缺章` : `${places.length} ${places.length === 1 ? 'place asks' : 'places ask'} for a seal, ${missing.length} missing`);
    }
    return missing.length ? EXIT_FAILED : EXIT_OK;
  },
};

export const pdfCommand: CommandBody = {
  usage: 'pdf <command> [options]',
  subcommands: [pdfSignCommand, pdfSignBatchCommand, pdfVerifyCommand, pdfExtendCommand, pdfCheckSealsCommand],
};
