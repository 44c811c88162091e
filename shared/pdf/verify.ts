// Runs anywhere (pure). Lists and validates a PDF's signatures (ISO 32000-1 §12.8.1 ByteRange and /Contents,
// §12.8.3 sub-filters incl. the legacy adbe.pkcs7.sha1 / adbe.x509.rsa_sha1, §7.5.6 revisions, §7.6 encrypted
// files) the way pyHanko and DSS report them: integrity of the CMS (BER or DER), coverage of the ByteRange,
// the level of modifications in later revisions against the signature's DocMDP/FieldMDP permissions, changes
// to what the pages show (shadow attacks), trust at the best proof of existence, and an ETSI EN 319 102-1
// indication (docs/pdf-validation.md). Hand-written: no JS library analyses incremental updates.
import { BidSealError } from '../errors';
import { OIDS, parseSignedData, verifySignedData, type SignerVerification } from '../cms/signed-data';
import { definiteEncoding, octetsOf, parseBerPrefix, bytesEqual, children, oidToString, readTlv, fromHex } from '../asn1';
import { rsaPkcs1Recover } from '../pki/signature';
import { verifyTimeStampToken, type TimestampVerification } from '../pki/tsp';
import { certFields } from '../cms/cert-fields';
import { getDigest } from '../crypto/algorithms';
import { nameValues, parseName } from '../pki/names';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, deepEqual, fromLatin1, type PdfObject } from './objects';
import { hashRange, readRange, type RandomAccessSource } from './source';
import { PdfDocument } from './xref';
import { validatePath, type PathStatus, type Sm2IdPolicy } from '../pki/path-validation';
import type { HashFactory } from './sign';
import { parseTstInfo } from '../pki/tsp';
import { readDss } from './ltv';

export type HashFactoryLike = HashFactory;

export type Coverage = 'entire-file' | 'entire-revision' | 'partial' | 'unclear';
/** What later revisions changed, in pyHanko's order (ModificationLevel): 'ltv' = validation data only (DSS,
 *  VRI, document timestamps, document info / XMP bookkeeping); 'form-filling' includes signing other fields. */
export type Modification = 'none' | 'ltv' | 'form-filling' | 'annotations' | 'other';
export type BottomLine = 'valid' | 'changed' | 'unknown-signer' | 'invalid';
/** ETSI EN 319 102-1 §5.1.3 main indications */
export type Indication = 'TOTAL-PASSED' | 'INDETERMINATE' | 'TOTAL-FAILED';
/**
 * ETSI EN 319 102-1 §5.1.3 sub-indications used here, plus two of BidSeal's own for what the standard leaves to
 * the PDF layer (docs/pdf-validation.md): DISALLOWED_MODIFICATIONS (a change after signing that the signature's
 * permissions forbid) and VISUAL_CHANGE (what a page shows changed beyond filling in fields).
 */
export type SubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'REVOKED_NO_POE'
  | 'TRY_LATER'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'DISALLOWED_MODIFICATIONS'
  | 'VISUAL_CHANGE';
/** the signature panel's vocabulary (有效 / 有效，但签名后有允许的修改 / 无法确定 / 无效) */
export type Verdict = 'valid' | 'valid-with-changes' | 'indeterminate' | 'invalid';

/** a change after signing that alters what a page shows (shadow attacks: hide, replace, overlay) */
/** A path problem by its stable code (shared/pki/path-validation.ts ProblemCode, or an E_ error code) and the
 *  subject of the certificate it concerns: what a UI translates; `problems` keeps the English text for the CLI. */
export interface PathIssue {
  code: string;
  subject: string | null;
}

export interface VisualChange {
  revision: number;
  /** 0-based page index, when the change belongs to a page */
  page?: number;
  /** object numbers involved */
  objects: number[];
  what: string;
}

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
  path?: { status: PathStatus; at: Date; chain: string[]; problems: string[]; issues: PathIssue[] };
  coverage: Coverage;
  modifications: Modification;
  /** why modifications is above 'none': one line per changed object */
  changes: string[];
  bottomLine: BottomLine;
  /** ETSI EN 319 102-1 bottom line of this signature (with the PDF checks: coverage, permissions, visual changes) */
  indication: Indication;
  subIndication?: SubIndication;
  verdict: Verdict;
  /** why the indication is not TOTAL-PASSED, one line each */
  indicationReasons: string[];
  /** the most the signature's permissions allow after it: DocMDP P=1 → 'ltv', P=2 → 'form-filling',
   *  P=3 or an approval signature → 'annotations' (ISO 32000-1 §12.8.2.2, §12.8.4) */
  allowed: Modification;
  /** P of the certification signature that governs this one, when the document is certified */
  docMdp?: 1 | 2 | 3;
  /** fields this signature locks (FieldMDP / the field's /Lock); '*' = all */
  lockedFields?: string[];
  /** changes to what the pages show after this signature */
  visualChanges: VisualChange[];
  /** weak or unsupported algorithms (SHA-1, short RSA keys …): the cause of CRYPTO_CONSTRAINTS_FAILURE */
  weakAlgorithms: string[];
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
  /** the validator's clock (default now): set it years ahead to check that long-term material still suffices */
  now?: Date;
  /** password of an encrypted PDF (user or owner); default the empty user password */
  password?: string;
  /** further certificates for path building (e.g. from the document's DSS or given files) */
  extraCertificates?: Uint8Array[];
  /** verify and report only the signature fields of these names (a signer's read-back check of its new one) */
  fieldNames?: string[];
  /**
   * The digest of a signature's ByteRange where the caller already has it from these very bytes (a signer
   * that read its output back while writing it: electron/services/pdf/read-back.ts); undefined: hash them.
   */
  rangeDigest?: (byteRange: readonly number[], digestName: string) => Uint8Array | undefined;
}

const TRAILER_BOOKKEEPING = new Set(['Size', 'Prev', 'Root', 'Info', 'ID', 'XRefStm', 'Type', 'Index', 'W', 'Length', 'Filter', 'DecodeParms']);
const LEVEL: Record<Modification, number> = { none: 0, ltv: 1, 'form-filling': 2, annotations: 3, other: 4 };
const worse = (a: Modification, b: Modification): Modification => (LEVEL[b] > LEVEL[a] ? b : a);

export interface SigField {
  name: string;
  sig: PdfDict;
  widgets: SignatureWidget[];
  /** the field dictionary and its reference (for /Lock and the modification analysis) */
  field: PdfDict;
  ref?: PdfRef;
}

const rectOf = (o: PdfObject | undefined): SignatureWidget['rect'] | undefined => {
  if (!Array.isArray(o) || o.length !== 4 || !o.every((x) => typeof x === 'number')) return undefined;
  const r = o as number[];
  const n: SignatureWidget['rect'] = [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
  return n[2] > n[0] && n[3] > n[1] ? n : undefined;
};

export async function findSignatureFields(doc: PdfDocument): Promise<SigField[]> {
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
        out.push({ name, sig: v, widgets, field: d, ...(o instanceof PdfRef ? { ref: o } : {}) });
      }
    }
    if (Array.isArray(kids)) for (const k of kids) await walk(k, name, myFt, depth + 1);
  };
  if (Array.isArray(fields)) for (const f of fields) await walk(f, '', undefined, 0);
  return out;
}

/** Lists and validates every signature of a PDF. */
export async function verifyPdf(source: RandomAccessSource, opts: VerifyPdfOptions = {}): Promise<SignatureReport[]> {
  const doc = await PdfDocument.open(source, { password: opts.password ?? '' });
  const all = await findSignatureFields(doc);
  const perms = await Permissions.of(doc, all);
  const fields = opts.fieldNames ? all.filter((f) => opts.fieldNames!.includes(f.name)) : all;
  // validation data the document carries (PAdES B-LT DSS): certificates for path building, CRLs for revocation
  const dss = await readDss(doc).catch(() => ({ certificates: [], crls: [], ocsps: [], vri: [] }));
  const o: VerifyPdfOptions = {
    ...opts,
    extraCertificates: [...(opts.extraCertificates ?? []), ...dss.certificates],
    ...(opts.crls?.length || dss.crls.length ? { crls: [...(opts.crls ?? []), ...dss.crls] } : {}),
  };
  // document timestamps first: a trusted one is proof of existence (POE) for every revision before it
  const isDocTs = (f: SigField): boolean => f.sig.name('SubFilter') === 'ETSI.RFC3161';
  const byField = new Map<SigField, SignatureReport>();
  const poes: { revision: number; at: Date }[] = [];
  for (const f of fields.filter(isDocTs)) {
    const r = await verifyOne(doc, f, o, perms);
    byField.set(f, r);
    if (r.intact && r.trusted && r.signingTime && r.revision !== undefined) poes.push({ revision: r.revision, at: r.signingTime });
  }
  const poe = (rev: number | undefined): Date | undefined =>
    rev === undefined ? undefined : poes.filter((p) => p.revision > rev).map((p) => p.at).sort((a, b) => a.getTime() - b.getTime())[0];
  for (const f of fields.filter((x) => !isDocTs(x))) byField.set(f, await verifyOne(doc, f, o, perms, poe));
  return fields.map((f) => byField.get(f)!);
}

/** DocMDP and FieldMDP permissions of a document's signatures (ISO 32000-1 §12.8.2.2–3, §12.7.4.5 /Lock). */
class Permissions {
  private constructor(private readonly docMdp: 1 | 2 | 3 | undefined, private readonly locks: Map<PdfDict, string[]>) {}

  static async of(doc: PdfDocument, fields: SigField[]): Promise<Permissions> {
    let docMdp: 1 | 2 | 3 | undefined;
    const locks = new Map<PdfDict, string[]>();
    const perms = await doc.resolveDict((await doc.catalog()).get('Perms'));
    const certifying = await doc.resolveDict(perms?.get('DocMDP'));
    for (const f of fields) {
      const locked: string[] = [];
      const refs = await doc.resolve(f.sig.get('Reference'));
      for (const x of Array.isArray(refs) ? refs : []) {
        const ref = await doc.resolveDict(x);
        const params = await doc.resolveDict(ref?.get('TransformParams'));
        const method = ref?.name('TransformMethod');
        if (method === 'DocMDP' && (!certifying || certifying === f.sig || sameSig(certifying, f.sig))) {
          const p = params?.get('P');
          const v = p === 1 || p === 3 ? p : 2;
          docMdp = docMdp ? (Math.min(docMdp, v) as 1 | 2 | 3) : v;
        } else if (method === 'FieldMDP' && params) locked.push(...(await lockList(doc, params)));
      }
      const lock = await doc.resolveDict(f.field.get('Lock'));
      if (lock) locked.push(...(await lockList(doc, lock)));
      locks.set(f.sig, locked);
    }
    // a /Perms /DocMDP entry whose signature lacks the /Reference: P defaults to 2
    if (certifying && !docMdp) docMdp = 2;
    return new Permissions(docMdp, locks);
  }

  forSignature(f: SigField): { allowed: Modification; docMdp?: 1 | 2 | 3; locked: string[] } {
    const allowed: Modification = this.docMdp === 1 ? 'ltv' : this.docMdp === 2 ? 'form-filling' : 'annotations';
    return { allowed, ...(this.docMdp ? { docMdp: this.docMdp } : {}), locked: this.locks.get(f.sig) ?? [] };
  }
}

const sameSig = (a: PdfDict, b: PdfDict): boolean => deepEqual(a.get('Contents'), b.get('Contents'));

/** FieldMDP /Action and /Fields as a lock list: '*' for all, '-name' for an excluded field. */
async function lockList(doc: PdfDocument, d: PdfDict): Promise<string[]> {
  const fields = await doc.resolve(d.get('Fields'));
  const names: string[] = [];
  for (const x of Array.isArray(fields) ? fields : []) {
    const s = await doc.resolve(x);
    if (s instanceof PdfString) names.push(s.toText());
  }
  const action = d.name('Action');
  return action === 'All' ? ['*'] : action === 'Exclude' ? ['*', ...names.map((n) => `-${n}`)] : action === 'Include' ? names : [];
}

async function verifyOne(doc: PdfDocument, f: SigField, opts: VerifyPdfOptions, perms: Permissions, poeAfter?: (rev: number | undefined) => Date | undefined): Promise<SignatureReport> {
  const src = doc.source;
  const brRaw = f.sig.get('ByteRange');
  const br = Array.isArray(brRaw) && brRaw.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0) ? (brRaw as number[]) : [];
  const contents = f.sig.get('Contents');
  const subFilter = f.sig.name('SubFilter');
  const r: SignatureReport = {
    fieldName: f.name,
    subFilter,
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
    indication: 'TOTAL-FAILED',
    verdict: 'invalid',
    indicationReasons: [],
    allowed: 'annotations',
    visualChanges: [],
    weakAlgorithms: [],
  };
  try {
    if (!(contents instanceof PdfString)) throw new BidSealError('E_PDF_SIGNATURE_INVALID', 'signature has no /Contents string');
    r.byteRangeProblems = await checkByteRange(src, br, contents);
    const ranges: [number, number][] = [];
    for (let i = 0; i + 1 < br.length; i += 2) if (br[i] + br[i + 1] <= src.size) ranges.push([br[i], br[i + 1]]);
    if (ranges.length === 0) throw new BidSealError('E_PDF_SIGNATURE_INVALID', 'signature has no usable /ByteRange');

    const total = ranges.reduce((n, [, l]) => n + l, 0);
    const hashRanges = async (oid: string): Promise<Uint8Array> => {
      const d = getDigest(oid);
      const known = opts.rangeDigest?.(br, d.name);
      if (known) return known;
      const h = opts.createHash?.(d.name) ?? d.create();
      for (const [o, l] of ranges) await hashRange(src, o, l, h);
      return h.digest();
    };
    const rangeBytes = async (): Promise<Uint8Array> => {
      if (total > (opts.maxInMemory ?? 64 << 20)) throw new BidSealError('E_PDF_UNSUPPORTED', 'signature without signed attributes over a very large range');
      const out = new Uint8Array(total);
      let p = 0;
      for (const [o, l] of ranges)
        for await (const c of readRange(src, o, l)) {
          out.set(c, p);
          p += c.length;
        }
      return out;
    };
    let cmsDer: Uint8Array | undefined;
    let results: SignerVerification[];
    if (subFilter === 'adbe.x509.rsa_sha1') results = [await verifyX509RsaSha1(doc, f.sig, contents.bytes, hashRanges)];
    else {
      cmsDer = contentsDer(contents.bytes);
      if (subFilter === 'ETSI.RFC3161') results = await verifyTimestamp(cmsDer, hashRanges);
      else if (subFilter === 'adbe.pkcs7.sha1') results = await verifyPkcs7Sha1(cmsDer, hashRanges);
      else results = await verifySignedData(cmsDer, { digest: hashRanges, bytes: rangeBytes }, { requireDetached: true });
    }
    const cms = results[0];
    r.cms = cms;
    if (cms?.error) r.error = cms.error;
    r.intact = !!cms?.intact;
    r.signingTime = cms?.signingTime;
    const sd = cmsDer ? parseSignedData(cmsDer) : undefined;
    if (subFilter === 'ETSI.RFC3161' && sd?.eContent) r.signingTime = parseTstInfo(sd.eContent).genTime;
    const si = sd?.signers[0];
    if (cms) r.weakAlgorithms.push(...weakness(cms));
    const token = si?.unsignedAttributes?.find((a) => a.type === OIDS.signatureTimeStampToken)?.values[0];
    if (token && si) {
      r.timestamp = await verifyTimeStampToken(token.raw, async (oid) => getDigest(oid).digest(si.signature), { trusted: opts.trustedTsa ?? opts.trusted }); // `crls` are the signer's: a TSA without one there would turn 'revocation-unknown'
      const tsAlg = r.timestamp.info ? getDigestName(r.timestamp.info.digestOid) : undefined;
      if (tsAlg === 'SHA-1' || tsAlg === 'MD5') r.weakAlgorithms.push(`signature timestamp imprint ${tsAlg}`);
      try {
        const tsa = parseSignedData(token.raw).signers[0];
        const d = tsa ? getDigestName(tsa.digestAlgorithm.oid) : undefined;
        if (d === 'SHA-1') r.weakAlgorithms.push('signature timestamp signed with SHA-1');
      } catch {
        /* a malformed token is reported by its verification */
      }
    }
    // the instant the signer's path must be valid at: given, else the best proof that the signature existed
    // (its own timestamp, a later document timestamp), else the validator's clock (ETSI EN 319 102-1 §5.6.2.4)
    const sigRev = await coveredRevision(doc, br, r.byteRangeProblems);
    const at =
      opts.validationTime ??
      (subFilter === 'ETSI.RFC3161' ? r.signingTime : undefined) ??
      earliest(r.timestamp?.trusted ? r.timestamp.genTime : undefined, poeAfter?.(sigRev)) ??
      opts.now;
    if (cms?.certificate) {
      const cf = certFields(cms.certificate);
      const dn = parseName(cf.subject);
      r.signer = { commonName: nameValues(dn, 'CN')[0], subject: dn.text, certificateDer: cms.certificate };
      const anchors = opts.trusted ?? [];
      const intermediates = [...(sd?.certificates ?? []), ...(await x509Certs(doc, f.sig)), ...(opts.extraCertificates ?? [])].filter((c) => !bytesEqual(c, cms.certificate!));
      try {
        const v = await validatePath(cms.certificate, intermediates, anchors, { ...(at ? { at } : {}), ...(opts.crls?.length ? { crls: opts.crls } : {}), ...(opts.sm2IdPolicy ? { sm2IdPolicy: opts.sm2IdPolicy } : {}) });
        r.path = { status: v.status, at: v.at, chain: v.chain.map((c) => c.subject.text), problems: v.problems.map((p) => `${p.code}: ${p.message}`), issues: v.problems.map((p) => ({ code: p.code, subject: p.subject ?? null })) };
        r.trusted = v.status === 'valid';
      } catch (e) {
        if (!(e instanceof BidSealError)) throw e;
        r.path = { status: 'untrusted', at: at ?? opts.now ?? new Date(), chain: [], problems: [`${e.code}: ${e.message}`], issues: [{ code: e.code, subject: null }] };
      }
    }

    // coverage and later modifications
    const p = perms.forSignature(f);
    r.allowed = p.allowed;
    if (p.docMdp) r.docMdp = p.docMdp;
    if (p.locked.length) r.lockedFields = p.locked;
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
          r.modifications = await analyseModifications(doc, rev, end, r.changes, { locked: p.locked, visual: r.visualChanges });
        }
      }
    }
  } catch (e) {
    if (!(e instanceof BidSealError)) throw e;
    r.error = { code: e.code, message: e.message };
  }
  r.valid = r.intact && r.byteRangeProblems.length === 0;
  conclude(r);
  return r;
}

const UNSUPPORTED = new Set(['E_UNSUPPORTED_ALGORITHM']);

const earliest = (...ds: (Date | undefined)[]): Date | undefined => ds.filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];

/** The revision a ByteRange ends, when it is sane. */
async function coveredRevision(doc: PdfDocument, br: number[], problems: string[]): Promise<number | undefined> {
  if (problems.length || br.length !== 4) return undefined;
  const end = br[2] + br[3];
  return end === doc.source.size ? (doc.repaired ? undefined : doc.sections.length - 1) : revisionEndingAt(doc, end);
}

/** The ETSI indication, the panel's verdict and the legacy bottom line from the checks made. */
function conclude(r: SignatureReport): void {
  const reasons = r.indicationReasons;
  const fail = (sub: SubIndication, why: string): void => {
    if (r.indication !== 'TOTAL-FAILED') {
      r.indication = 'TOTAL-FAILED';
      r.subIndication = sub;
    }
    reasons.push(why);
  };
  const indeterminate = (sub: SubIndication, why: string): void => {
    if (r.indication === 'TOTAL-PASSED') {
      r.indication = 'INDETERMINATE';
      r.subIndication = sub;
    }
    reasons.push(why);
  };
  r.indication = 'TOTAL-PASSED';
  const unsupported = !r.intact && !!r.error && UNSUPPORTED.has(r.error.code) && !r.byteRangeProblems.length;
  if (unsupported) indeterminate('CRYPTO_CONSTRAINTS_FAILURE', `${r.error!.code}: ${r.error!.message}`);
  else if (!r.intact) {
    if (r.cms && !r.cms.certificate && r.cms.error) fail('FORMAT_FAILURE', `${r.cms.error.code}: ${r.cms.error.message}`);
    else if (r.cms && !r.cms.digestMatches && !r.error) fail('HASH_FAILURE', 'the signed bytes do not match the signature’s digest');
    else if (r.cms && !r.cms.signatureValid && !r.error) fail('SIG_CRYPTO_FAILURE', 'the signature value does not verify');
    else fail('FORMAT_FAILURE', r.error ? `${r.error.code}: ${r.error.message}` : 'the signature could not be checked');
  }
  if (r.byteRangeProblems.length) fail('FORMAT_FAILURE', r.byteRangeProblems.join('; '));
  if (r.timestamp && !r.timestamp.intact) fail('HASH_FAILURE', 'the signature timestamp does not verify');
  if (r.coverage === 'partial' || r.coverage === 'unclear') fail('FORMAT_FAILURE', `coverage ${r.coverage}: the signature does not cover a whole revision`);
  if (LEVEL[r.modifications] > LEVEL[r.allowed]) fail('DISALLOWED_MODIFICATIONS', `changes after signing (${r.modifications}) beyond what the signature allows (${r.allowed})`);
  if (r.visualChanges.length) fail('VISUAL_CHANGE', `what the pages show changed after signing: ${r.visualChanges.map((v) => v.what).join('; ')}`);
  if (r.weakAlgorithms.length && !unsupported) indeterminate('CRYPTO_CONSTRAINTS_FAILURE', `weak algorithm: ${r.weakAlgorithms.join(', ')}`);
  if (!r.signer && r.intact) indeterminate('NO_SIGNING_CERTIFICATE_FOUND', 'no signer certificate');
  else if (r.path && !r.trusted) {
    const s = r.path.status;
    if (s === 'revoked') indeterminate('REVOKED_NO_POE', 'the signer certificate is revoked');
    else if (s === 'revocation-unknown') indeterminate('TRY_LATER', 'no usable revocation information for the signer certificate');
    else if (s === 'expired' || s === 'not-yet-valid') indeterminate('OUT_OF_BOUNDS_NO_POE', `the signer certificate is ${s} at ${r.path.at.toISOString()} and nothing proves the signature existed earlier`);
    else if (s === 'untrusted') indeterminate('NO_CERTIFICATE_CHAIN_FOUND', 'the signer certificate does not chain to a trusted root');
    else if (s === 'bad-signature') indeterminate('CERTIFICATE_CHAIN_GENERAL_FAILURE', 'a certificate signature in the chain does not verify');
    else indeterminate('CHAIN_CONSTRAINTS_FAILURE', `the certificate chain is ${s}`);
  }
  const ind = r.indication as Indication;
  r.verdict = ind === 'TOTAL-FAILED' ? 'invalid' : ind === 'INDETERMINATE' ? 'indeterminate' : LEVEL[r.modifications] > LEVEL.ltv ? 'valid-with-changes' : 'valid';
  // the older four-way bottom line kept for the panel and callers that read it
  const disallowed = r.coverage === 'unclear' || r.coverage === 'partial' || LEVEL[r.modifications] > LEVEL[r.allowed] || r.visualChanges.length > 0;
  r.bottomLine = !r.valid || (r.timestamp && !r.timestamp.intact) ? (unsupported ? 'unknown-signer' : 'invalid') : disallowed ? 'changed' : r.indication !== 'TOTAL-PASSED' ? 'unknown-signer' : 'valid';
}

const getDigestName = (oid: string): string | undefined => {
  try {
    return getDigest(oid).name;
  } catch {
    return undefined;
  }
};

/** Algorithms below the policy (ETSI TS 119 312 as DSS applies it): SHA-1 and MD5 digests, RSA under 1900 bits,
 *  Ed448 with another digest than SHAKE256 (RFC 8419 §3). */
function weakness(cms: SignerVerification): string[] {
  const out: string[] = [];
  if (/SHA-?1\b|MD5/i.test(cms.digestAlgorithm)) out.push(`digest ${cms.digestAlgorithm}`);
  else if (/SHA-?1\b|MD5/i.test(cms.signatureAlgorithm)) out.push(`signature ${cms.signatureAlgorithm}`);
  if (cms.signatureAlgorithm === 'Ed448' && cms.digestAlgorithm !== 'SHAKE256-512') out.push(`Ed448 with ${cms.digestAlgorithm}`);
  if (cms.certificate) {
    try {
      const bits = (certFields(cms.certificate).rsaModulusBytes ?? 0) * 8;
      if (bits && bits < 1900) out.push(`RSA ${bits}-bit key`);
    } catch {
      /* an unparsable certificate is reported elsewhere */
    }
  }
  return out;
}

/** The CMS inside /Contents: BER or DER, indefinite lengths made definite, the zero padding after it dropped. */
function contentsDer(b: Uint8Array): Uint8Array {
  if (b.every((x) => x === 0)) throw new BidSealError('E_PDF_SIGNATURE_INVALID', '/Contents is empty (zeros): the signature was never completed');
  if (b.length < 2 || b[0] !== 0x30) throw new BidSealError('E_PDF_SIGNATURE_INVALID', '/Contents is not a CMS SEQUENCE');
  try {
    return definiteEncoding(parseBerPrefix(b));
  } catch (e) {
    throw new BidSealError('E_PDF_SIGNATURE_INVALID', `/Contents is not a readable CMS: ${(e as Error).message}`, undefined, { cause: e });
  }
}

/** adbe.x509.rsa_sha1 (ISO 32000-1 §12.8.3.2): an RSA PKCS#1 signature (DER OCTET STRING) in /Contents over the
 *  ByteRange digest, the signer's certificate first in /Cert. */
async function verifyX509RsaSha1(doc: PdfDocument, sig: PdfDict, contents: Uint8Array, hashRanges: (oid: string) => Promise<Uint8Array>): Promise<SignerVerification> {
  const r: SignerVerification = { index: 0, digestAlgorithm: 'SHA-1', signatureAlgorithm: 'RSA-PKCS1-SHA1', digestMatches: false, signatureValid: false, intact: false, covers: 'content' };
  try {
    const certs = await x509Certs(doc, sig);
    if (!certs.length) throw new BidSealError('E_BAD_SIGNATURE', 'adbe.x509.rsa_sha1 signature without /Cert');
    r.certificate = certs[0];
    const os = parseBerPrefix(contents);
    const value = octetsOf(os, 'adbe.x509.rsa_sha1 /Contents');
    const cf = certFields(certs[0]);
    if (cf.keyAlgorithm !== OIDS.rsaEncryption) throw new BidSealError('E_BAD_SIGNATURE', 'adbe.x509.rsa_sha1 with a non-RSA certificate');
    const rec = rsaPkcs1Recover(cf.publicKey, value);
    r.signatureValid = !!rec;
    if (rec) {
      r.digestAlgorithm = getDigest(rec.hashOid).name;
      r.signatureAlgorithm = `RSA-PKCS1-${r.digestAlgorithm.replace('-', '')}`;
      r.digestMatches = bytesEqual(rec.digest, await hashRanges(rec.hashOid));
    }
    r.intact = r.signatureValid && r.digestMatches;
  } catch (e) {
    if (!(e instanceof BidSealError)) throw e;
    r.error = { code: e.code, message: e.message };
  }
  return r;
}

/** Certificates in the signature dictionary's /Cert (a string or an array of strings; adbe.x509.rsa_sha1). */
async function x509Certs(doc: PdfDocument, sig: PdfDict): Promise<Uint8Array[]> {
  const c = await doc.resolve(sig.get('Cert'));
  const list = Array.isArray(c) ? c : [c];
  const out: Uint8Array[] = [];
  for (const x of list) {
    const s = await doc.resolve(x);
    if (s instanceof PdfString) out.push(s.bytes);
  }
  return out;
}

/** adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1): the SignedData encapsulates the SHA-1 digest of the ByteRange. */
async function verifyPkcs7Sha1(der: Uint8Array, hashRanges: (oid: string) => Promise<Uint8Array>): Promise<SignerVerification[]> {
  const sd = parseSignedData(der);
  if (!sd.eContent) throw new BidSealError('E_PDF_SIGNATURE_INVALID', 'adbe.pkcs7.sha1 without the encapsulated digest');
  const results = await verifySignedData(der);
  const ok = bytesEqual(sd.eContent, await hashRanges('SHA-1'));
  for (const r of results) {
    r.digestMatches &&= ok;
    r.intact &&= ok;
    r.digestAlgorithm = r.digestAlgorithm === 'SHA-1' ? r.digestAlgorithm : `SHA-1 (document), ${r.digestAlgorithm}`;
  }
  return results;
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
      const bytes = fromHex(hex.length % 2 ? hex.slice(0, -1) : hex);
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

interface AnalysisContext {
  /** fields the signature locks (FieldMDP) */
  locked: string[];
  /** collects changes to what the pages show */
  visual: VisualChange[];
  /** the revision the signature covers (set by analyseModifications) */
  signedRevision?: number;
}

/** Trailer keys a writer may set in any revision: bookkeeping, Acrobat's /DocChecksum. */
const TRAILER_HARMLESS = new Set([...TRAILER_BOOKKEEPING, 'DocChecksum']);
/** catalog entries whose change is only validation data or version bookkeeping */
const CATALOG_LTV = new Set(['DSS', 'Extensions', 'Version', 'Metadata']);
/** catalog entries that form filling, signing and commenting legitimately touch */
const CATALOG_FORM = new Set(['AcroForm', 'StructTreeRoot', 'MarkInfo']);
/** annotations that are comments (readers list them apart and draw them as notes or marks on text),
 *  not free drawings over the page (ISO 32000-1 §12.5.6) */
const COMMENT_ANNOTS = new Set(['Text', 'Popup', 'Highlight', 'Underline', 'Squiggly', 'StrikeOut', 'Caret', 'Link', 'FileAttachment', 'Sound']);

/** What later revisions changed, compared with revision `rev` (pyHanko's DiffPolicy: each changed object is
 *  classified, new objects matter only through what refers to them). */
async function analyseModifications(doc: PdfDocument, rev: number, end: number, notes: string[], ctx: AnalysisContext): Promise<Modification> {
  const last = doc.sections.length - 1;
  let level: Modification = 'none';
  ctx.signedRevision = rev;
  if (rev === last) {
    // bytes after the last %%EOF that are not a revision: harmless only when blank
    const size = doc.source.size - end;
    const tail = fromLatin1(await doc.source.read(end, Math.min(size, 4096)));
    if (size <= 4096 && /^\s*$/.test(tail)) return 'none';
    notes.push(`${size} bytes after the last %%EOF are not a revision`);
    return 'other';
  }
  // values of fields when the document was signed: filling an empty field is allowed, replacing what a
  // filled one shows is not (what the signer saw is what the reader must see)
  const signedPages = await doc.pages(rev);
  for (let i = rev + 1; i <= last; i++) {
    const sec = doc.sections[i];
    const note = (l: Modification, msg: string): void => {
      level = worse(level, l);
      notes.push(`revision ${i}: ${msg}${l === 'none' ? '' : ` → ${l}`}`);
    };
    const root = doc.trailerAt(i).get('Root');
    const rootNum = root instanceof PdfRef ? root.num : -1;
    const cat = await doc.catalog(i);
    const prevCat = await doc.catalog(i - 1);
    const acroVal = cat.get('AcroForm');
    const acro = await doc.resolveDict(acroVal, i);
    const acroNum = acroVal instanceof PdfRef ? acroVal.num : -1;
    const fieldsVal = acro?.get('Fields');
    const fieldsNum = fieldsVal instanceof PdfRef ? fieldsVal.num : -1;
    const info = doc.trailerAt(i).get('Info');
    const infoNum = info instanceof PdfRef ? info.num : -1;
    // who refers to what in the previous revision: an object rewritten in place must have one use only
    let usage: Promise<Uses> | undefined;
    const uses = (): Promise<Uses> => (usage ??= usesAt(doc, i - 1));
    const dssPrev = await reachable(doc, prevCat.get('DSS'), i - 1);
    const structPrev = await reachable(doc, prevCat.get('StructTreeRoot'), i - 1, new Set(['Pg', 'Obj', 'Stm', 'StmOwn']));
    const pages = await doc.pages(i);
    const pageNums = new Map(pages.map((p, k) => [p.num, k]));
    const annotsNums = new Set<number>();
    for (const pn of pageNums.keys()) {
      const a = (await doc.resolveDict(new PdfRef(pn), i))?.get('Annots');
      if (a instanceof PdfRef) annotsNums.add(a.num);
    }
    if (pages.length !== signedPages.length) note('other', `the page count changed from ${signedPages.length} to ${pages.length}`);
    const usedOnlyFrom = async (num: number, containers: Set<number>, extra: string[] = []): Promise<boolean> => {
      const u = (await uses()).get(num) ?? [];
      return u.every((at) => extra.includes(at) || containers.has(Number(/^\d+/.exec(at)?.[0] ?? -1)));
    };
    // trailer entries beyond the bookkeeping ones may smuggle references to old objects (pyHanko "sneaky trailer")
    const prevT = doc.sections[i - 1].trailer;
    for (const [k, v] of sec.trailer.map) {
      if (TRAILER_HARMLESS.has(k) || deepEqual(v, prevT.get(k))) continue;
      if (k === 'AdditionalStreams' && (await refersToNewOnly(doc, v, i))) note('ltv', 'trailer /AdditionalStreams names new streams');
      else note('other', `trailer /${k} added or changed`);
    }
    for (const [num, e] of sec.entries) {
      if (num === sec.streamNum || num === 0) continue;
      const before = await doc.getObject(num, i - 1);
      if (e.type === 0) {
        if (before !== null) note('other', `object ${num} deleted`);
        continue;
      }
      const after = await doc.getObject(num, i);
      if (before === null) continue; // new objects matter only when something old points to them
      if (deepEqual(before, after)) continue;
      const what = `object ${num} (${describe(before)})`;
      if (num === rootNum) {
        const l = await catalogChange(doc, before, after, i);
        if (l) note(l, `${what} catalog entries changed`);
        else note('other', `${what} catalog entries changed beyond forms, validation data and structure`);
      } else if (num === infoNum) note('ltv', `${what} document information`);
      else if (dssPrev.has(num) && (await usedOnlyFrom(num, dssPrev, [`${rootNum}/DSS`]))) note('ltv', `${what} validation data (DSS)`);
      else if (num === acroNum) {
        if (!dictDiff(before, after, ['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances'])) note('other', `${what} form dictionary changed`);
        else {
          const bf = await doc.resolve((before as PdfDict).get('Fields'), i - 1);
          const af = await doc.resolve((after as PdfDict).get('Fields'), i);
          let l: Modification = deepEqual(bf, af) ? 'ltv' : Array.isArray(bf) && Array.isArray(af) && appendedOnly(bf, af) ? await addedFields(doc, af.slice(bf.length), i) : 'other';
          if (!dictDiff(before, after, ['Fields', 'SigFlags'])) l = worse(l, 'form-filling');
          note(l, `${what} form fields`);
        }
      } else if (num === fieldsNum) note(Array.isArray(before) && Array.isArray(after) && appendedOnly(before, after) ? await addedFields(doc, after.slice(before.length), i) : 'other', `${what} form field list`);
      else if (annotsNums.has(num)) {
        if (Array.isArray(before) && Array.isArray(after) && appendedOnly(before, after)) note(await addedAnnots(doc, before.length, after, i, await pageOfAnnots(doc, num, i), ctx), `${what} annotations added`);
        else note('other', `${what} annotations removed or reordered`);
      } else if (pageNums.has(num)) {
        const page = pageNums.get(num)!;
        if (!dictDiff(before, after, ['Annots', 'StructParents', 'Tabs'])) {
          note('other', `${what} page ${page + 1} content, resources or geometry changed`);
          ctx.visual.push({ revision: i, page, objects: [num], what: `page ${page + 1} (object ${num}) rewritten` });
        } else {
          const ba = await doc.resolve((before as PdfDict).get('Annots'), i - 1);
          const aa = await doc.resolve((after as PdfDict).get('Annots'), i);
          const b = Array.isArray(ba) ? ba : [];
          if (Array.isArray(aa) && appendedOnly(b, aa)) note(b.length === aa.length ? 'form-filling' : await addedAnnots(doc, b.length, aa, i, page, ctx), `${what} page ${page + 1} annotations`);
          else note('other', `${what} page ${page + 1} annotations removed or reordered`);
        }
      } else if (before instanceof PdfDict && (before.has('FT') || before.has('Parent')) && dictDiff(before, after, ['V', 'AP', 'AS', 'F', 'MK'])) note(await fieldUpdate(doc, num, before, after as PdfObject, await uses(), notes, i, ctx), `${what} form field`);
      else if (before instanceof PdfStream && before.dict.name('Type') === 'Metadata') note('ltv', `${what} XMP metadata`);
      else if (isExtensionsOf(num, cat) && soleUse(await uses(), num) === `${rootNum}/Extensions`) note('ltv', `${what} developer extensions`); // ISO 32000-2 §7.12, rewritten in place
      else if (structPrev.has(num) && (await usedOnlyFrom(num, structPrev, [`${rootNum}/StructTreeRoot`]))) note('form-filling', `${what} logical structure (tags) updated`);
      else {
        const owner = await appearanceOwner(doc, num, await uses(), i - 1);
        if (owner !== undefined) {
          // an unsigned field's appearance redrawn in place: filling, unless the field showed a value when signed
          const fd = await doc.resolveDict(new PdfRef(owner), rev);
          if (fd && (await isFilled(doc, fd, rev))) await visualField(doc, ctx, i, owner, fd, `the appearance of the filled field ${await fieldName(doc, fd, rev)} redrawn (object ${num})`, rev);
          else if (fd && !(await doc.resolveDict(fd.get('MK'), rev))?.has('BG') && before instanceof PdfStream && after instanceof PdfStream && (await paintsAreas(doc, after)) && !(await paintsAreas(doc, before)))
            await visualField(doc, ctx, i, owner, fd, `field ${await fieldName(doc, fd, rev)} redrawn with an opaque appearance that covers the page below it (object ${num}, replace via overlay)`, rev);
          note('form-filling', `${what} appearance of field object ${owner} redrawn`);
        } else {
          note('other', `${what} rewritten in place`);
          const pg = await pagesUsing(num, await uses(), new Map((await doc.pages(i - 1)).map((p, k) => [p.num, k])));
          if (pg.length) for (const page of pg) ctx.visual.push({ revision: i, page, objects: [num], what: `object ${num} used by page ${page + 1} replaced (shadowed)` });
        }
      }
    }
  }
  return level;
}

/** Records a visual change of a field, naming the page its widget is on. */
async function visualField(doc: PdfDocument, ctx: AnalysisContext, rev: number, num: number, d: PdfDict, what: string, at: number): Promise<void> {
  const page = await widgetPage(doc, num, d, at);
  ctx.visual.push({ revision: rev, ...(page !== undefined ? { page } : {}), objects: [num], what: page !== undefined ? `${what} on page ${page + 1}` : what });
}

async function widgetPage(doc: PdfDocument, num: number, d: PdfDict, rev: number): Promise<number | undefined> {
  const pages = await doc.pages(rev);
  const p = d.get('P');
  if (p instanceof PdfRef) {
    const k = pages.findIndex((x) => x.num === p.num);
    if (k >= 0) return k;
  }
  const targets = new Set([num]);
  const kids = await doc.resolve(d.get('Kids'), rev);
  if (Array.isArray(kids)) for (const k of kids) if (k instanceof PdfRef) targets.add(k.num);
  for (const [k, pg] of pages.entries()) {
    const annots = await doc.resolve((await doc.resolveDict(pg, rev))?.get('Annots'), rev);
    if (Array.isArray(annots) && annots.some((a) => a instanceof PdfRef && targets.has(a.num))) return k;
  }
  return undefined;
}

/** The page whose /Annots is the (indirect) array `num`. */
async function pageOfAnnots(doc: PdfDocument, num: number, rev: number): Promise<number | undefined> {
  for (const [k, pg] of (await doc.pages(rev)).entries()) {
    const a = (await doc.resolveDict(pg, rev))?.get('Annots');
    if (a instanceof PdfRef && a.num === num) return k;
  }
  return undefined;
}

/** Pages from which object `num` is reachable in the previous revision (through content, resources, annotations). */
async function pagesUsing(num: number, uses: Uses, pageNums: Map<number, number>): Promise<number[]> {
  const out = new Set<number>();
  const seen = new Set<number>();
  const stack = [num];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (pageNums.has(n)) {
      out.add(pageNums.get(n)!);
      continue;
    }
    for (const at of uses.get(n) ?? []) {
      const c = /^(\d+)(.*)$/.exec(at);
      // up the tree, but not through a page's /Parent (every page would "use" its parent's kids)
      if (c && !/\/Parent$|\/P$|\/Kids\[/.test(c[2])) stack.push(Number(c[1]));
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Object numbers reachable from `o` (indirectly) in revision `rev`, not following the keys in `stop`. */
async function reachable(doc: PdfDocument, o: PdfObject | undefined, rev: number, stop: Set<string> = new Set()): Promise<Set<number>> {
  const out = new Set<number>();
  const walk = async (x: PdfObject | undefined, depth: number): Promise<void> => {
    if (depth > 256 || x === undefined) return;
    if (x instanceof PdfRef) {
      if (out.has(x.num)) return;
      out.add(x.num);
      return walk(await doc.getObject(x.num, rev), depth + 1);
    }
    if (Array.isArray(x)) for (const y of x) await walk(y, depth + 1);
    else if (x instanceof PdfDict || x instanceof PdfStream) for (const [k, v] of (x instanceof PdfStream ? x.dict : x).map) if (!stop.has(k) && k !== 'Parent' && k !== 'P') await walk(v, depth + 1);
  };
  if (o !== undefined) await walk(o, 0);
  return out;
}

/** True when every reference inside `o` names an object that did not exist before revision `rev`. */
async function refersToNewOnly(doc: PdfDocument, o: PdfObject, rev: number): Promise<boolean> {
  const refs: PdfRef[] = [];
  const walk = (x: PdfObject): void => {
    if (x instanceof PdfRef) refs.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x instanceof PdfDict) for (const v of x.map.values()) walk(v);
  };
  walk(o);
  for (const r of refs) if ((await doc.getObject(r.num, rev - 1)) !== null) return false;
  return true;
}

/** The level of a catalog rewrite, or undefined when it changed something no allowed update touches. */
async function catalogChange(doc: PdfDocument, before: PdfObject, after: PdfObject, rev: number): Promise<Modification | undefined> {
  if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) return undefined;
  let l: Modification = 'none';
  for (const k of new Set([...before.map.keys(), ...after.map.keys()])) {
    if (deepEqual(before.get(k), after.get(k))) continue;
    if (CATALOG_LTV.has(k)) l = worse(l, 'ltv');
    else if (CATALOG_FORM.has(k)) l = worse(l, 'form-filling');
    else if (k === 'Perms') {
      // usage rights (UR3) may come and go; the certification (DocMDP) must stay what it was
      const b = await doc.resolveDict(before.get('Perms'), rev - 1);
      const a = await doc.resolveDict(after.get('Perms'), rev);
      if (!deepEqual(b?.get('DocMDP'), a?.get('DocMDP'))) return undefined;
      l = worse(l, 'form-filling');
    } else return undefined;
  }
  return l;
}

/** New entries of /Fields: document timestamps are validation data, other (signature) fields form filling. */
async function addedFields(doc: PdfDocument, added: PdfObject[], rev: number): Promise<Modification> {
  let l: Modification = 'none';
  for (const f of added) l = worse(l, (await isDocTimestampField(doc, f, rev)) ? 'ltv' : 'form-filling');
  return l;
}

async function isDocTimestampField(doc: PdfDocument, f: PdfObject, rev: number): Promise<boolean> {
  const d = await doc.resolveDict(f, rev);
  const parent = await doc.resolveDict(d?.get('Parent'), rev);
  const v = await doc.resolveDict(d?.get('V') ?? parent?.get('V'), rev);
  return !!v && (v.name('Type') === 'DocTimeStamp' || v.name('SubFilter') === 'ETSI.RFC3161');
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

/** A field's (or widget's) /V, /AP, /AS, /F or /MK changed in revision `rev`: form filling, unless it re-signs
 *  or redraws a signed field, changes a field the signature locks, or drops an /AP dictionary that something
 *  else still uses. Replacing what a field showed when the document was signed is a visual change. */
async function fieldUpdate(doc: PdfDocument, num: number, before: PdfDict, after: PdfObject, uses: Uses, notes: string[], rev: number, ctx: AnalysisContext): Promise<Modification> {
  const a = after as PdfDict;
  const valueOrLook = !(deepEqual(before.get('V'), a.get('V')) && deepEqual(before.get('AP'), a.get('AP')) && deepEqual(before.get('AS'), a.get('AS')));
  if (valueOrLook && !(await isUnsignedFormItem(doc, before, rev - 1))) {
    notes.push(`revision ${rev}: object ${num} changes the value or appearance of a signed field`);
    return 'other';
  }
  const ap = before.get('AP');
  if (ap instanceof PdfRef && !deepEqual(ap, a.get('AP')) && !soleUse(uses, ap.num)) {
    notes.push(`revision ${rev}: object ${num} replaces /AP ${ap.num}, which is also used at ${(uses.get(ap.num) ?? []).join(', ')}`);
    return 'other';
  }
  const name = await fieldName(doc, before, rev - 1);
  if (valueOrLook && isLocked(name, ctx.locked)) {
    notes.push(`revision ${rev}: field ${name} is locked by the signature (FieldMDP)`);
    return 'other';
  }
  // the field as the signer saw it: filled (a value, a checked box), or shown hidden-to-visible
  const signedRev = ctx.signedRevision ?? rev - 1;
  const asSigned = (await doc.resolveDict(new PdfRef(num), signedRev)) ?? before;
  const hidden = (d: PdfDict): boolean => typeof d.get('F') === 'number' && ((d.get('F') as number) & 0x22) !== 0;
  if (valueOrLook && (await isFilled(doc, asSigned, signedRev))) await visualField(doc, ctx, rev, num, before, `field ${name} showed a value when signed and its value or appearance was replaced`, rev - 1);
  else if (valueOrLook && !(await isSignatureField(doc, a, rev)) && (await coversPage(doc, a, asSigned, rev))) await visualField(doc, ctx, rev, num, before, `field ${name} was filled with an opaque appearance that covers the page below it (replace via overlay)`, rev - 1);
  else if (!deepEqual(before.get('F'), a.get('F')) && hidden(before) !== hidden(a)) await visualField(doc, ctx, rev, num, before, `field ${name} ${hidden(a) ? 'hidden' : 'made visible'}`, rev - 1);
  else if (!deepEqual(before.get('MK'), a.get('MK')) && (await isFilled(doc, asSigned, signedRev))) await visualField(doc, ctx, rev, num, before, `field ${name} restyled`, rev - 1);
  return 'form-filling';
}

/**
 * Filling an empty field normally adds text; an appearance that now paints areas or images (fill, shading,
 * XObject) where the field showed nothing and declared no background (/MK /BG) hides the page below it — the
 * shadow attack "replace via overlay". Text alone is not flagged: it overlays without hiding.
 */
async function coversPage(doc: PdfDocument, now: PdfDict, asSigned: PdfDict, rev: number): Promise<boolean> {
  const mk = await doc.resolveDict(asSigned.get('MK'), rev - 1);
  if (mk?.get('BG') !== undefined) return false; // the signer saw a field with a background
  const paints = async (d: PdfDict, at: number): Promise<boolean> => {
    const ap = await doc.resolveDict(d.get('AP'), at);
    let n = await doc.resolve(ap?.get('N'), at);
    if (n instanceof PdfDict) n = d.name('AS') ? await doc.resolve(n.get(d.name('AS')!), at) : null;
    return n instanceof PdfStream && paintsAreas(doc, n);
  };
  return (await paints(now, rev)) && !(await paints(asSigned, rev - 1));
}

/** A signature field (or its widget): signing it draws the seal, which is signing, not filling. */
async function isSignatureField(doc: PdfDocument, d: PdfDict, rev: number): Promise<boolean> {
  const parent = await doc.resolveDict(d.get('Parent'), rev);
  return (d.name('FT') ?? parent?.name('FT')) === 'Sig';
}

/** An appearance stream that fills areas or draws images/shadings (not only text and strokes). */
async function paintsAreas(doc: PdfDocument, n: PdfStream): Promise<boolean> {
  try {
    const ops = fromLatin1(await doc.streamData(n)).replace(/\((?:\\.|[^\\)])*\)/g, '()');
    return /(^|\s)(f\*?|F|B\*?|b\*?|sh|Do|BI)(?=\s|$)/.test(ops);
  } catch {
    return true; // an undecodable appearance is not proof of a harmless one
  }
}

/** A field (or a widget of one) that carried a value the reader saw: a non-empty text or choice, a box on. */
async function isFilled(doc: PdfDocument, d: PdfDict, rev: number): Promise<boolean> {
  const parent = !d.has('T') ? await doc.resolveDict(d.get('Parent'), rev) : undefined;
  const v = await doc.resolve(d.get('V') ?? parent?.get('V'), rev);
  if (v === null || v === undefined) return false;
  if (v instanceof PdfString) return v.bytes.length > 0 && !(v.bytes.length === 2 && v.bytes[0] === 0xfe && v.bytes[1] === 0xff);
  if (v instanceof PdfName) return v.name !== 'Off' && v.name !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Fully qualified field name (§12.7.3.2): the /T of the field and its ancestors joined by '.'. */
async function fieldName(doc: PdfDocument, d: PdfDict, rev: number): Promise<string> {
  const parts: string[] = [];
  let cur: PdfDict | undefined = d;
  for (let depth = 0; cur && depth < 32; depth++) {
    const t = cur.get('T');
    if (t instanceof PdfString) parts.unshift(t.toText());
    cur = await doc.resolveDict(cur.get('Parent'), rev);
  }
  return parts.join('.');
}

const isLocked = (name: string, locked: string[]): boolean => {
  if (!locked.length || !name) return false;
  const hit = (n: string): boolean => name === n || name.startsWith(`${n}.`);
  if (locked.includes('*')) return !locked.some((l) => l.startsWith('-') && hit(l.slice(1)));
  return locked.some((l) => !l.startsWith('-') && hit(l));
};

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

/** Annotations appended to a page's /Annots (from index `from`): document-timestamp widgets are validation data,
 *  signature widgets signing, comments 'annotations'; a new field or a drawing annotation with a visible
 *  appearance is also an overlay on what the page shows (shadow attack "replace via overlay"). */
async function addedAnnots(doc: PdfDocument, from: number, after: PdfObject[], rev: number, page: number | undefined, ctx: AnalysisContext): Promise<Modification> {
  let l: Modification = 'none';
  for (const a of after.slice(from)) {
    const d = await doc.resolveDict(a, rev);
    if (!d) continue;
    const num = a instanceof PdfRef ? a.num : -1;
    const sub = d.name('Subtype');
    const where = page !== undefined ? ` on page ${page + 1}` : '';
    if (sub === 'Widget') {
      if (await isDocTimestampField(doc, a, rev)) {
        l = worse(l, 'ltv');
        continue;
      }
      l = worse(l, 'form-filling');
      const parent = !d.has('T') ? ((await doc.resolveDict(d.get('Parent'), rev)) ?? (await fieldOwningWidget(doc, num, rev))) : undefined;
      const ft = d.name('FT') ?? parent?.name('FT');
      const signed = ft === 'Sig' && !!(d.get('V') ?? parent?.get('V'));
      if (!signed && (await visibleAppearance(doc, d, rev))) ctx.visual.push({ revision: rev, ...(page !== undefined ? { page } : {}), objects: [num], what: `a new ${ft ?? 'form'} field widget (object ${num}) drawn over the page${where}` });
    } else {
      l = worse(l, 'annotations');
      if (!COMMENT_ANNOTS.has(sub ?? '') && (await visibleAppearance(doc, d, rev))) ctx.visual.push({ revision: rev, ...(page !== undefined ? { page } : {}), objects: [num], what: `a ${sub ?? 'untyped'} annotation (object ${num}) drawn over the page${where}` });
    }
  }
  return l;
}

/** The field whose /Kids list widget `num` (for widgets without /Parent, which some writers omit). */
async function fieldOwningWidget(doc: PdfDocument, num: number, rev: number): Promise<PdfDict | undefined> {
  const acro = await doc.resolveDict((await doc.catalog(rev)).get('AcroForm'), rev);
  const seen = new Set<number>();
  const walk = async (o: PdfObject, depth: number): Promise<PdfDict | undefined> => {
    if (depth > 32 || (o instanceof PdfRef && (seen.has(o.num) || !seen.add(o.num)))) return undefined;
    const d = await doc.resolveDict(o, rev);
    const kids = await doc.resolve(d?.get('Kids'), rev);
    if (!d || !Array.isArray(kids)) return undefined;
    if (kids.some((k) => k instanceof PdfRef && k.num === num)) return d;
    for (const k of kids) {
      const f = await walk(k, depth + 1);
      if (f) return f;
    }
    return undefined;
  };
  const fields = await doc.resolve(acro?.get('Fields'), rev);
  for (const f of Array.isArray(fields) ? fields : []) {
    const hit = await walk(f, 0);
    if (hit) return hit;
  }
  return undefined;
}

/** An annotation that paints something: not hidden, a non-empty rectangle, a normal appearance with content. */
async function visibleAppearance(doc: PdfDocument, d: PdfDict, rev: number): Promise<boolean> {
  const f = d.get('F');
  if (typeof f === 'number' && (f & 0x22) !== 0) return false; // Hidden or NoView
  if (!rectOf(await doc.resolve(d.get('Rect'), rev))) return false;
  const ap = await doc.resolveDict(d.get('AP'), rev);
  let n = await doc.resolve(ap?.get('N'), rev);
  if (n instanceof PdfDict) {
    const as = d.name('AS');
    n = as ? await doc.resolve(n.get(as), rev) : null;
  }
  if (!(n instanceof PdfStream)) return d.name('Subtype') === 'FreeText' && d.get('Contents') instanceof PdfString; // readers draw FreeText without /AP
  try {
    return /\S/.test(fromLatin1(await doc.streamData(n)));
  } catch {
    return true; // an undecodable appearance is not proof of an empty one
  }
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
