// Runs anywhere (pure). Lists and validates a PDF's signatures (ISO 32000-1 §12.8.1 ByteRange and /Contents,
// §12.8.3.3 PKCS#7 detached; §7.5.6 revisions) the way pyHanko reports them: integrity of the CMS, coverage
// of the ByteRange, and the level of modifications made in later revisions — verdicts as vocabulary
// (STYLE §4). Hand-written: no JS library analyses incremental updates. Trust is decided by shared/pki.
import { BidSealError } from '../errors';
import { OIDS, parseSignedData, verifySignedData, type SignerVerification } from '../cms/signed-data';
import { verifyTimeStampToken, type TimestampVerification } from '../pki/tsp';
import { certFields } from '../cms/cert-fields';
import { getDigest } from '../crypto/algorithms';
import { bytesEqual, children, oidToString, readTlv } from '../pki/der';
import { nameValues, parseName } from '../pki/names';
import { PdfDict, PdfRef, PdfStream, PdfString, deepEqual, fromLatin1, type PdfObject } from './objects';
import { readRange, type RandomAccessSource } from './source';
import { PdfDocument } from './xref';
import { validatePath, type PathStatus, type Sm2IdPolicy } from '../pki/path-validation';
import type { HashFactory } from './sign';

export type Coverage = 'entire-file' | 'entire-revision' | 'partial' | 'unclear';
export type Modification = 'none' | 'form-filling' | 'annotations' | 'other';
export type BottomLine = 'valid' | 'changed' | 'unknown-signer' | 'invalid';

export interface SignatureReport {
  fieldName: string;
  subFilter?: string;
  signer?: { commonName?: string; subject: string; certificateDer: Uint8Array };
  /** signing time claimed in the CMS (signingTime attribute) */
  signingTime?: Date;
  byteRange: number[];
  /** ByteRange sanity problems (empty when it starts at 0 and skips exactly the /Contents string) */
  byteRangeProblems: string[];
  /** the CMS signature verifies and its messageDigest matches the signed bytes */
  intact: boolean;
  /** intact and the ByteRange is sane */
  valid: boolean;
  /** a certification path from the signer's certificate (intermediates from the CMS) to one of the caller's
   *  trust anchors validates (shared/pki/path-validation.ts, RFC 5280 §6.1) at the validation time */
  trusted: boolean;
  /** the path validation verdict when a signer certificate was found (status 'untrusted' without anchors) */
  path?: { status: PathStatus; at: Date; chain: string[]; problems: string[] };
  coverage: Coverage;
  modifications: Modification;
  /** why modifications is above 'none': one line per changed object */
  changes: string[];
  bottomLine: BottomLine;
  /** index (0 = oldest) of the revision the signature covers, when it ends at a revision boundary */
  revision?: number;
  cms?: SignerVerification;
  /** PAdES B-T: the RFC 3161 token over the signature value (unsigned attribute id-aa-signatureTimeStampToken) */
  timestamp?: TimestampVerification;
  /** where the signature shows: its widgets with a non-empty /Rect on a page (none for an invisible one;
   *  a cross-page seal has one per page), rect normalised to [x1, y1, x2, y2] in default user space */
  widgets: SignatureWidget[];
  error?: { code: string; message: string };
}

export interface SignatureWidget {
  /** 0-based page index */
  page: number;
  rect: [number, number, number, number];
}

export interface VerifyPdfOptions {
  /** trust anchors (DER): root / issuing CA certificates, or a signer's own certificate trusted as-is */
  trusted?: Uint8Array[];
  /** when the certificate path must be valid; default the genTime of an intact, trusted signature
   *  timestamp (it proves the signature existed then), else now */
  validationTime?: Date;
  /** trust anchors for TSA certificates; default `trusted` */
  trustedTsa?: Uint8Array[];
  /** CRLs for revocation checking of the signer's certificate (DER or PEM) */
  crls?: Uint8Array[];
  /** SM2 user ID on certificates: 'strict' (default ID only, the default) or 'lenient' */
  sm2IdPolicy?: Sm2IdPolicy;
  /** largest signed content read into memory for a signature without signed attributes */
  maxInMemory?: number;
  /** a faster (native) hash for a digest name; undefined → shared/crypto */
  createHash?: HashFactory;
}

const TRAILER_BOOKKEEPING = new Set(['Size', 'Prev', 'Root', 'Info', 'ID', 'XRefStm', 'Type', 'Index', 'W', 'Length', 'Filter', 'DecodeParms']);
const LEVEL: Record<Modification, number> = { none: 0, 'form-filling': 1, annotations: 2, other: 3 };
const worse = (a: Modification, b: Modification): Modification => (LEVEL[b] > LEVEL[a] ? b : a);

interface SigField {
  name: string;
  sig: PdfDict;
  widgets: SignatureWidget[];
}

const rectOf = (o: PdfObject | undefined): SignatureWidget['rect'] | undefined => {
  if (!Array.isArray(o) || o.length !== 4 || !o.every((x) => typeof x === 'number')) return undefined;
  const r = o as number[];
  const n: SignatureWidget['rect'] = [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
  return n[2] > n[0] && n[3] > n[1] ? n : undefined;
};

async function findSignatureFields(doc: PdfDocument): Promise<SigField[]> {
  const out: SigField[] = [];
  const acro = await doc.resolveDict((await doc.catalog()).get('AcroForm'));
  const fields = acro ? await doc.resolve(acro.get('Fields')) : null;
  const seen = new Set<string>();
  // a widget's page: its /P, else the page whose /Annots lists it (/P is optional, §12.5.2)
  let pageOf: Map<string, number> | undefined;
  const pageIndex = async (ref: PdfObject, d: PdfDict): Promise<number | undefined> => {
    if (!pageOf) {
      pageOf = new Map();
      const pages = await doc.pages();
      pages.forEach((p, i) => pageOf!.set(`P:${p.key}`, i));
      for (const [i, p] of pages.entries()) {
        const annots = await doc.resolve((await doc.resolveDict(p))?.get('Annots'));
        if (Array.isArray(annots)) for (const a of annots) if (a instanceof PdfRef && !pageOf.has(a.key)) pageOf.set(a.key, i);
      }
    }
    const p = d.get('P');
    return (p instanceof PdfRef ? pageOf.get(`P:${p.key}`) : undefined) ?? (ref instanceof PdfRef ? pageOf.get(ref.key) : undefined);
  };
  const widget = async (ref: PdfObject, d: PdfDict): Promise<SignatureWidget | undefined> => {
    const rect = rectOf(await doc.resolve(d.get('Rect')));
    const page = rect ? await pageIndex(ref, d) : undefined;
    return rect && page !== undefined ? { page, rect } : undefined;
  };
  const walk = async (o: PdfObject, prefix: string, ft: string | undefined, depth: number): Promise<void> => {
    if (depth > 32) return;
    if (o instanceof PdfRef) {
      if (seen.has(o.key)) return;
      seen.add(o.key);
    }
    const d = await doc.resolveDict(o);
    if (!d) return;
    const t = d.get('T');
    const name = t instanceof PdfString ? (prefix ? `${prefix}.${t.toText()}` : t.toText()) : prefix;
    const myFt = d.name('FT') ?? ft;
    const kids = await doc.resolve(d.get('Kids'));
    // a kid without /T is a widget of its parent field, not a field (§12.7.3.1), even if it repeats /V
    const pureWidget = depth > 0 && !(t instanceof PdfString) && d.name('Subtype') === 'Widget';
    if (myFt === 'Sig' && !pureWidget) {
      const v = await doc.resolveDict(d.get('V'));
      if (v) {
        // the field's own widget (merged field and widget) and its kids that are widgets, not fields
        const widgets: SignatureWidget[] = [];
        const own = await widget(o, d);
        if (own) widgets.push(own);
        if (Array.isArray(kids))
          for (const k of kids) {
            const kd = await doc.resolveDict(k);
            const w = kd && !(kd.get('T') instanceof PdfString) ? await widget(k, kd) : undefined;
            if (w) widgets.push(w);
          }
        out.push({ name, sig: v, widgets });
      }
    }
    if (Array.isArray(kids)) for (const k of kids) await walk(k, name, myFt, depth + 1);
  };
  if (Array.isArray(fields)) for (const f of fields) await walk(f, '', undefined, 0);
  return out;
}

/** Lists and validates every signature of a PDF. */
export async function verifyPdf(source: RandomAccessSource, opts: VerifyPdfOptions = {}): Promise<SignatureReport[]> {
  const doc = await PdfDocument.open(source);
  const fields = await findSignatureFields(doc);
  const reports: SignatureReport[] = [];
  for (const f of fields) reports.push(await verifyOne(doc, f, opts));
  return reports;
}

async function verifyOne(doc: PdfDocument, f: SigField, opts: VerifyPdfOptions): Promise<SignatureReport> {
  const src = doc.source;
  const brRaw = f.sig.get('ByteRange');
  const br = Array.isArray(brRaw) && brRaw.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0) ? (brRaw as number[]) : [];
  const contents = f.sig.get('Contents');
  const r: SignatureReport = {
    fieldName: f.name,
    subFilter: f.sig.name('SubFilter'),
    widgets: f.widgets,
    byteRange: br,
    byteRangeProblems: [],
    intact: false,
    valid: false,
    trusted: false,
    coverage: 'unclear',
    modifications: 'other',
    changes: [],
    bottomLine: 'invalid',
  };
  try {
    if (!(contents instanceof PdfString)) throw new BidSealError('E_PDF_SIGNATURE_INVALID', 'signature has no /Contents string');
    r.byteRangeProblems = await checkByteRange(src, br, contents);
    const ranges: [number, number][] = [];
    for (let i = 0; i + 1 < br.length; i += 2) if (br[i] + br[i + 1] <= src.size) ranges.push([br[i], br[i + 1]]);
    if (ranges.length === 0) throw new BidSealError('E_PDF_SIGNATURE_INVALID', 'signature has no usable /ByteRange');

    const cmsDer = trimDer(contents.bytes);
    const total = ranges.reduce((n, [, l]) => n + l, 0);
    const hashRanges = async (oid: string): Promise<Uint8Array> => {
      const d = getDigest(oid);
      const h = opts.createHash?.(d.name) ?? d.create();
      for (const [o, l] of ranges) for await (const c of readRange(src, o, l)) h.update(c);
      return h.digest();
    };
    const results = f.sig.name('SubFilter') === 'ETSI.RFC3161' ? await verifyTimestamp(cmsDer, hashRanges) : await verifySignedData(
      cmsDer,
      {
        digest: hashRanges,
        bytes: async () => {
          if (total > (opts.maxInMemory ?? 64 << 20)) throw new BidSealError('E_PDF_UNSUPPORTED', 'signature without signed attributes over a very large range');
          const out = new Uint8Array(total);
          let p = 0;
          for (const [o, l] of ranges) for await (const c of readRange(src, o, l)) {
            out.set(c, p);
            p += c.length;
          }
          return out;
        },
      },
      { requireDetached: true },
    );
    const cms = results[0];
    r.cms = cms;
    if (cms?.error) r.error = cms.error;
    r.intact = !!cms?.intact;
    r.signingTime = cms?.signingTime;
    const si = parseSignedData(cmsDer).signers[0];
    const token = si?.unsignedAttributes?.find((a) => a.type === OIDS.signatureTimeStampToken)?.values[0];
    if (token) r.timestamp = await verifyTimeStampToken(token.raw, async (oid) => getDigest(oid).digest(si.signature), { trusted: opts.trustedTsa ?? opts.trusted }); // `crls` are the signer's: a TSA without one there would turn 'revocation-unknown'
    const at = opts.validationTime ?? (r.timestamp?.trusted ? r.timestamp.genTime : undefined);
    if (cms?.certificate) {
      const cf = certFields(cms.certificate);
      const dn = parseName(cf.subject);
      r.signer = { commonName: nameValues(dn, 'CN')[0], subject: dn.text, certificateDer: cms.certificate };
      const anchors = opts.trusted ?? [];
      const intermediates = parseSignedData(cmsDer).certificates.filter((c) => !bytesEqual(c, cms.certificate!));
      try {
        const v = await validatePath(cms.certificate, intermediates, anchors, { ...(at ? { at } : {}), ...(opts.crls?.length ? { crls: opts.crls } : {}), ...(opts.sm2IdPolicy ? { sm2IdPolicy: opts.sm2IdPolicy } : {}) });
        r.path = { status: v.status, at: v.at, chain: v.chain.map((c) => c.subject.text), problems: v.problems.map((p) => `${p.code}: ${p.message}`) };
        r.trusted = v.status === 'valid';
      } catch (e) {
        if (!(e instanceof BidSealError)) throw e;
        r.path = { status: 'untrusted', at: at ?? new Date(), chain: [], problems: [`${e.code}: ${e.message}`] };
      }
    }

    // coverage and later modifications
    if (r.byteRangeProblems.length) r.coverage = 'unclear';
    else {
      const end = br[2] + br[3];
      if (end === src.size) {
        r.coverage = 'entire-file';
        r.modifications = 'none';
        r.revision = doc.repaired ? undefined : doc.sections.length - 1;
      } else {
        const rev = await revisionEndingAt(doc, end);
        if (rev === undefined) r.coverage = 'partial';
        else {
          r.coverage = 'entire-revision';
          r.revision = rev;
          r.modifications = await analyseModifications(doc, rev, end, r.changes);
        }
      }
    }
  } catch (e) {
    if (!(e instanceof BidSealError)) throw e;
    r.error = { code: e.code, message: e.message };
  }
  r.valid = r.intact && r.byteRangeProblems.length === 0;
  // a token that does not verify sits in the unsigned (unprotected) part of /Contents: tampering, never 'valid'
  r.bottomLine = !r.valid || (r.timestamp && !r.timestamp.intact) ? 'invalid' : r.coverage === 'unclear' || r.coverage === 'partial' || r.modifications === 'other' ? 'changed' : !r.trusted ? 'unknown-signer' : 'valid';
  return r;
}

/** The CMS inside /Contents without the zero padding after the outer DER element. */
function trimDer(b: Uint8Array): Uint8Array {
  if (b.length < 2 || b[0] !== 0x30) throw new BidSealError('E_PDF_SIGNATURE_INVALID', '/Contents is not a DER SEQUENCE');
  let len = b[1];
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new BidSealError('E_PDF_SIGNATURE_INVALID', '/Contents uses an indefinite or huge length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
    hdr += n;
  }
  if (hdr + len > b.length) throw new BidSealError('E_PDF_SIGNATURE_INVALID', '/Contents is truncated');
  return b.subarray(0, hdr + len);
}

/** ByteRange sanity (§12.8.1): [0 a b c], a < b, b + c within the file, the gap exactly the /Contents hex string. */
async function checkByteRange(src: RandomAccessSource, br: number[], contents: PdfString): Promise<string[]> {
  const p: string[] = [];
  if (br.length !== 4) return [`ByteRange has ${br.length} numbers, expected 4`];
  const [s0, l0, s1, l1] = br;
  if (s0 !== 0) p.push('ByteRange does not start at 0');
  if (s1 < s0 + l0) p.push('ByteRange ranges overlap or are out of order');
  if (s1 + l1 > src.size) p.push('ByteRange extends beyond the end of the file');
  if (p.length) return p;
  const gap = s1 - (s0 + l0);
  const expected = contents.bytes.length * 2 + 2;
  if (gap !== expected) {
    p.push(gap > expected ? 'ByteRange skips bytes outside /Contents' : 'ByteRange gap is smaller than /Contents');
    return p;
  }
  const g = await src.read(s0 + l0, gap);
  if (g[0] !== 0x3c || g[gap - 1] !== 0x3e) p.push('ByteRange gap is not the /Contents hex string');
  else {
    const hex = fromLatin1(g.subarray(1, gap - 1));
    if (!/^[0-9a-fA-F]*$/.test(hex)) p.push('ByteRange gap contains non-hex bytes');
    else {
      const bytes = Uint8Array.from(hex.match(/../g) ?? [], (x) => parseInt(x, 16));
      if (!bytesEqual(bytes, contents.bytes)) p.push('ByteRange gap is not this signature’s /Contents');
    }
  }
  return p;
}

/** Index of the revision whose `startxref … %%EOF` ends exactly at `end`, if any. */
async function revisionEndingAt(doc: PdfDocument, end: number): Promise<number | undefined> {
  if (doc.repaired || end < 16) return undefined;
  const tail = fromLatin1(await doc.source.read(Math.max(0, end - 64), Math.min(64, end)));
  const m = /startxref\s+(\d+)\s+%%EOF[ \t]*(\r\n|\r|\n)?$/.exec(tail);
  if (!m) return undefined;
  const i = doc.sections.findIndex((s) => s.offset === Number(m[1]));
  return i < 0 ? undefined : i;
}

/** What later revisions changed, compared with revision `rev` (pyHanko's diff policy, simplified). */
async function analyseModifications(doc: PdfDocument, rev: number, end: number, notes: string[]): Promise<Modification> {
  const last = doc.sections.length - 1;
  let level: Modification = 'none';
  if (rev === last) {
    // bytes after the last %%EOF that are not a revision: harmless only when blank
    const size = doc.source.size - end;
    const tail = fromLatin1(await doc.source.read(end, Math.min(size, 4096)));
    if (size <= 4096 && /^\s*$/.test(tail)) return 'none';
    notes.push(`${size} bytes after the last %%EOF are not a revision`);
    return 'other';
  }
  for (let i = rev + 1; i <= last; i++) {
    const sec = doc.sections[i];
    const root = doc.trailerAt(i).get('Root');
    const rootNum = root instanceof PdfRef ? root.num : -1;
    const cat = await doc.catalog(i);
    const acroVal = cat.get('AcroForm');
    const acro = await doc.resolveDict(acroVal, i);
    const acroNum = acroVal instanceof PdfRef ? acroVal.num : -1;
    const fieldsVal = acro?.get('Fields');
    const fieldsNum = fieldsVal instanceof PdfRef ? fieldsVal.num : -1;
    const info = doc.trailerAt(i).get('Info');
    const infoNum = info instanceof PdfRef ? info.num : -1;
    const dss = cat.get('DSS');
    const dssNum = dss instanceof PdfRef ? dss.num : -1;
    // who refers to what in the previous revision: an object rewritten in place must have one use only
    let usage: Promise<Uses> | undefined;
    const uses = (): Promise<Uses> => (usage ??= usesAt(doc, i - 1));
    const pageNums = new Set((await doc.pages(i)).map((p) => p.num));
    const annotsNums = new Set<number>();
    for (const pn of pageNums) {
      const a = (await doc.resolveDict(new PdfRef(pn), i))?.get('Annots');
      if (a instanceof PdfRef) annotsNums.add(a.num);
    }
    // trailer entries beyond the bookkeeping ones may smuggle references to old objects (pyHanko "sneaky trailer")
    const prevT = doc.sections[i - 1].trailer;
    for (const [k, v] of sec.trailer.map) {
      if (TRAILER_BOOKKEEPING.has(k) || deepEqual(v, prevT.get(k))) continue;
      level = worse(level, 'other');
      notes.push(`revision ${i}: trailer /${k} added or changed`);
    }
    for (const [num, e] of sec.entries) {
      if (num === sec.streamNum || num === 0) continue;
      const before = await doc.getObject(num, i - 1);
      if (e.type === 0) {
        if (before !== null) {
          level = worse(level, 'other');
          notes.push(`revision ${i}: object ${num} deleted`);
        }
        continue;
      }
      const after = await doc.getObject(num, i);
      if (before === null) continue; // new objects matter only when something old points to them
      if (deepEqual(before, after)) continue;
      let l: Modification;
      if (num === rootNum) l = dictDiff(before, after, ['AcroForm', 'DSS', 'Extensions', 'Metadata', 'Perms', 'Version']) ? 'form-filling' : 'other';
      else if (num === infoNum || num === dssNum) l = 'form-filling'; // document info (ModDate) and PAdES validation data
      else if (num === acroNum) l = dictDiff(before, after, ['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']) ? 'form-filling' : 'other';
      else if (num === fieldsNum) l = appendedOnly(before, after) ? 'form-filling' : 'other';
      else if (annotsNums.has(num)) l = appendedOnly(before, after) ? await addedAnnots(doc, before as PdfObject[], after as PdfObject[], i) : 'other';
      else if (pageNums.has(num)) {
        if (!dictDiff(before, after, ['Annots'])) l = 'other';
        else {
          const ba = await doc.resolve((before as PdfDict).get('Annots'), i - 1);
          const aa = await doc.resolve((after as PdfDict).get('Annots'), i);
          const b = Array.isArray(ba) ? ba : [];
          l = Array.isArray(aa) && appendedOnly(b, aa) ? await addedAnnots(doc, b, aa, i) : 'other';
        }
      } else if (before instanceof PdfDict && (before.has('FT') || before.has('Parent')) && dictDiff(before, after, ['V', 'AP', 'AS', 'F'])) l = await fieldUpdate(doc, num, before, after as PdfObject, await uses(), notes, i);
      else if (before instanceof PdfStream && before.dict.name('Type') === 'Metadata') l = 'form-filling';
      else if (isExtensionsOf(num, cat) && soleUse(await uses(), num) === `${rootNum}/Extensions`) l = 'form-filling'; // ISO 32000-2 §7.12 developer extensions, rewritten in place
      else if (await appearanceOwner(doc, num, await uses(), i - 1)) l = 'form-filling'; // an unsigned field's appearance redrawn in place
      else l = 'other';
      if (l !== 'none') notes.push(`revision ${i}: object ${num} (${describe(before)}) → ${l}`);
      level = worse(level, l);
    }
  }
  return level;
}

/** Every use of every object reachable from the trailer of revision `rev`: object number → the
 *  places holding a reference to it, as "container/path" (container = object number or "trailer"). */
type Uses = Map<number, string[]>;
async function usesAt(doc: PdfDocument, rev: number): Promise<Uses> {
  const out: Uses = new Map();
  const queue: number[] = [];
  const seen = new Set<number>();
  const walk = (o: PdfObject, container: string, path: string): void => {
    if (o instanceof PdfRef) {
      const at = `${container}${path}`;
      const u = out.get(o.num);
      if (u) u.push(at);
      else out.set(o.num, [at]);
      if (!seen.has(o.num)) {
        seen.add(o.num);
        queue.push(o.num);
      }
    } else if (Array.isArray(o)) o.forEach((x, k) => walk(x, container, `${path}[${k}]`));
    else if (o instanceof PdfDict) for (const [k, v] of o.map) walk(v, container, `${path}/${k}`);
    else if (o instanceof PdfStream) walk(o.dict, container, path);
  };
  walk(doc.trailerAt(rev), 'trailer', '');
  while (queue.length) {
    const num = queue.pop()!;
    walk(await doc.getObject(num, rev), String(num), '');
  }
  return out;
}

/** The one place that refers to `num`, or undefined when there are none or several. */
const soleUse = (uses: Uses, num: number): string | undefined => {
  const u = uses.get(num);
  return u?.length === 1 ? u[0] : undefined;
};

function isExtensionsOf(num: number, catalog: PdfDict): boolean {
  const e = catalog.get('Extensions');
  return e instanceof PdfRef && e.num === num;
}

/**
 * The field whose appearance `num` is, when `num` is used only there — an appearance stream (or an indirect
 * /AP dictionary) of a field that was not signed in revision `rev`. A stream shared with anything else (a
 * second widget, a catalog entry: pyHanko's "sneaky" samples) or a signed field's seal is not the filler's
 * to redraw (pyHanko diff_analysis, _allow_in_place_appearance_update).
 */
async function appearanceOwner(doc: PdfDocument, num: number, uses: Uses, rev: number): Promise<number | undefined> {
  let at = soleUse(uses, num);
  let m = at && /^(\d+)\/(N|R|D)(\/[^/[]+)?$/.exec(at); // held by an indirect /AP dictionary …
  if (m) {
    at = soleUse(uses, Number(m[1]));
    if (at && !/^\d+\/AP$/.test(at)) return undefined; // … that is itself one field's /AP
  } else m = at ? /^(\d+)\/AP\/(N|R|D)(\/[^/[]+)?$/.exec(at) : null;
  const owner = at ? /^(\d+)\/AP/.exec(at) : null;
  if (!m || !owner) return undefined;
  const field = await doc.resolveDict(new PdfRef(Number(owner[1])), rev);
  return field && (await isUnsignedFormItem(doc, field, rev)) ? Number(owner[1]) : undefined;
}

/** A field or widget that carries no signature value yet (its own /V or, for a widget, its parent's). */
async function isUnsignedFormItem(doc: PdfDocument, d: PdfDict, rev: number): Promise<boolean> {
  if (!d.has('FT') && !d.has('Parent') && d.name('Subtype') !== 'Widget') return false;
  const parent = await doc.resolveDict(d.get('Parent'), rev);
  const ft = d.name('FT') ?? parent?.name('FT');
  return ft !== 'Sig' || !(d.has('V') || (!d.has('T') && parent?.has('V')));
}

/** A field's (or widget's) /V, /AP, /AS or /F changed in revision `rev`: form filling, unless it re-signs or
 *  redraws a signed field or drops an /AP dictionary that something else still uses. */
async function fieldUpdate(doc: PdfDocument, num: number, before: PdfDict, after: PdfObject, uses: Uses, notes: string[], rev: number): Promise<Modification> {
  const a = after as PdfDict;
  if (!(deepEqual(before.get('V'), a.get('V')) && deepEqual(before.get('AP'), a.get('AP'))) && !(await isUnsignedFormItem(doc, before, rev - 1))) {
    notes.push(`revision ${rev}: object ${num} changes the value or appearance of a signed field`);
    return 'other';
  }
  const ap = before.get('AP');
  if (ap instanceof PdfRef && !deepEqual(ap, a.get('AP')) && !soleUse(uses, ap.num)) {
    notes.push(`revision ${rev}: object ${num} replaces /AP ${ap.num}, which is also used at ${(uses.get(ap.num) ?? []).join(', ')}`);
    return 'other';
  }
  return 'form-filling';
}

/** True when a and b are dictionaries differing only in the allowed keys. */
function dictDiff(a: PdfObject, b: PdfObject, allowed: string[]): boolean {
  if (!(a instanceof PdfDict) || !(b instanceof PdfDict)) return false;
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  for (const k of keys) if (!allowed.includes(k) && !deepEqual(a.get(k), b.get(k))) return false;
  return true;
}

function appendedOnly(a: PdfObject, b: PdfObject): boolean {
  return Array.isArray(a) && Array.isArray(b) && b.length >= a.length && a.every((x, i) => deepEqual(x, b[i]));
}

async function addedAnnots(doc: PdfDocument, before: PdfObject[], after: PdfObject[], rev: number): Promise<Modification> {
  let l: Modification = 'none';
  for (const a of after.slice(before.length)) {
    const d = await doc.resolveDict(a, rev);
    l = worse(l, d?.name('Subtype') === 'Widget' ? 'form-filling' : 'annotations');
  }
  return l;
}

function describe(o: PdfObject): string {
  const d = o instanceof PdfStream ? o.dict : o;
  if (d instanceof PdfDict) return [d.name('Type'), d.name('Subtype'), d.name('FT')].filter(Boolean).join('/') || 'dictionary';
  return Array.isArray(o) ? 'array' : typeof o;
}

/** A document timestamp (ETSI.RFC3161, ISO 32000-2 §12.8.5): the token's TSTInfo imprint must hash the ByteRange. */
async function verifyTimestamp(der: Uint8Array, hashRanges: (oid: string) => Promise<Uint8Array>): Promise<SignerVerification[]> {
  const sd = parseSignedData(der);
  if (sd.eContentType !== '1.2.840.113549.1.9.16.1.4' || !sd.eContent) throw new BidSealError('E_PDF_SIGNATURE_INVALID', 'timestamp token without TSTInfo');
  const results = await verifySignedData(der);
  const [, , imprint] = children(readTlv(sd.eContent).v);
  const [alg, hashed] = children(imprint.v);
  const oid = oidToString(children(alg.v)[0].v);
  const ok = bytesEqual(hashed.v, await hashRanges(oid));
  for (const r of results) {
    r.digestMatches &&= ok;
    r.intact &&= ok;
  }
  return results;
}
