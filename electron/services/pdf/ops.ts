// Runs in Node (Electron main or the Node host). The document side of PDF signing for the UI: documents
// named by store id, several seals per document (company seal, legal representative's seal, cross-page
// seal, invisible), each its own signature appended as a successive incremental revision (ISO 32000-1
// §7.5.6, so earlier ones stay valid), all made with one opened carrier (one PIN). Intermediate revisions
// and the output live in the store's incoming folder and only a complete, re-verified file is committed.
// The signing and verification themselves are shared/pdf's (through pdf-file.ts); this only plans,
// chains and reports.
import { readFile, unlink } from 'node:fs/promises';
import { parseSeal, verifySeal, sealUsabilityError } from '../../../shared/eseal/seal';
import { sealAttribute, sealOfAttribute } from '../../../shared/eseal/pdf';
import { checkBoundSeal, type BoundSealView } from '../../../shared/eseal/views';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { base64ToBytes } from '../../../shared/encoding/base64';
import { parseCertificate } from '../../../shared/pki/certificate';
import type { Signer } from '../../../shared/pki/carrier';
import type { SignOptions } from '../../../shared/pdf/sign';
import type { SignatureReport } from '../../../shared/pdf/verify';
import { PdfString, type PdfObject } from '../../../shared/pdf/objects';
import { PdfDocument } from '../../../shared/pdf/xref';
import type { PageAnchor, PdfInspectView, PdfRect, PlacementKind, SealPlaceView, SealPlacement, SignatureView } from '../../../shared/ipc/specs/pdf';
import { FileSource, signPdfFile, verifyPdfFile } from './file';
import { sealPlacesOf, sealPlacesToSign } from './text';
import { DEFAULT_SEAL_PHRASES, phrasesFromText } from '../../../shared/pdf/seal-places';
import { defaultAlgorithm } from '../keys/signing';
import { certView } from '../pki/certificates';
import { listTrustEntries } from '../pki/trust-store';
import { createTsaClient } from '../pki/tsa-client';
import type { FileStore, StoredFile } from '../documents/file-store';

/** A 42 mm company seal is ≈ 119 pt wide: the default width of a cross-page seal. */
export const DEFAULT_CROSS_PAGE_WIDTH = 119;
/** Seals placed by the words: the company seal 42 mm, the legal representative's seal ≈ 28 mm, a handwritten signature ≈ 40 mm wide. */
const DEFAULT_SIZE_OF = { company: 119, personal: 80, handwritten: 113 } as const;
const MAX_SEAL_IMAGE = 8 * 1024 * 1024;

/** Field names BidSeal gives each kind (/T must not contain '.'); the number makes them unique. */
const FIELD_BASE: Record<PlacementKind, string> = { company: 'CompanySeal', personal: 'PersonalSeal', handwritten: 'HandSignature', 'cross-page': 'CrossPageSeal', invisible: 'Signature' };

/** The picture of a placement: a stored seal file, or a handwritten signature sent inline (keyed by its base64). */
const imageOf = (p: SealPlacement, images: Map<string, Uint8Array>): Uint8Array | undefined => (p.imagePng ? images.get(p.imagePng) : p.sealImageFileId ? images.get(p.sealImageFileId) : undefined);

const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

export interface SignPlanOptions {
  reason?: string;
  location?: string;
  subfilter?: 'pades' | 'pkcs7';
  tsaUrl?: string;
}

interface PlannedSignature {
  fieldName: string;
  kind: PlacementKind;
  options: Omit<SignOptions, 'certificateDer' | 'alg'>;
}

export interface DocumentPlan {
  input: StoredFile;
  inputPath: string;
  size: number;
  signatures: PlannedSignature[];
  /** placements left out (lenient plans only) */
  notes: { code: string; placement: number }[];
}

export interface SignProgress {
  phase: 'signing' | 'verifying';
  bytesDone: number;
  bytesTotal: number;
  item: string;
}

// --- reading a document: pages, signature widgets, field names ------------------------------------------

interface Described {
  pages: PdfInspectView['pages'];
  fieldNames: Set<string>;
}

const numbers = (o: PdfObject | undefined): number[] | undefined => (Array.isArray(o) && o.length === 4 && o.every((x) => typeof x === 'number') ? (o as number[]) : undefined);

async function describe(doc: PdfDocument): Promise<Described> {
  const pageRefs = await doc.pages();
  const pages: Described['pages'] = [];
  for (const ref of pageRefs) {
    let box: number[] | undefined, media: number[] | undefined, rotate: number | undefined;
    let node = await doc.resolveDict(ref);
    // CropBox, MediaBox and Rotate are inheritable (§7.7.3.4)
    for (let depth = 0; node && depth < 32; depth++) {
      box ??= numbers(await doc.resolve(node.get('CropBox')));
      media ??= numbers(await doc.resolve(node.get('MediaBox')));
      const r = await doc.resolve(node.get('Rotate'));
      if (rotate === undefined && typeof r === 'number') rotate = (((Math.round(r / 90) * 90) % 360) + 360) % 360;
      node = await doc.resolveDict(node.get('Parent'));
    }
    const b = box ?? media ?? [0, 0, 612, 792];
    pages.push({ box: [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])], rotate: rotate ?? 0 });
  }

  // names taken at the top of the form: a new field must not clash with one of them (§12.7.3.2)
  const fieldNames = new Set<string>();
  const acro = await doc.resolveDict((await doc.catalog()).get('AcroForm'));
  const fields = acro ? await doc.resolve(acro.get('Fields')) : null;
  if (Array.isArray(fields))
    for (const f of fields) {
      const t = (await doc.resolveDict(f))?.get('T');
      if (t instanceof PdfString) fieldNames.add(t.toText());
    }
  return { pages, fieldNames };
}

async function describeFile(file: string): Promise<Described> {
  const src = await FileSource.open(file);
  try {
    return await describe(await PdfDocument.open(src));
  } finally {
    await src.close();
  }
}

/**
 * Refuses a file that claims to be a PDF but cannot be opened (a truncated download, an HTML error page
 * saved as .pdf): a library entry that fails at signing time is worse than a refusal at import.
 */
export async function checkImportablePdf(file: string): Promise<{ pageCount: number }> {
  const src = await FileSource.open(file);
  try {
    const head = new TextDecoder('latin1').decode(await src.read(0, Math.min(1024, src.size)));
    if (!head.includes('%PDF-')) throw new BidSealError('E_PDF_IMPORT_NOT_PDF', 'no %PDF- header in the first 1024 bytes');
    let pageCount: number;
    try {
      pageCount = (await describe(await PdfDocument.open(src))).pages.length;
    } catch (e) {
      if (isBidSealError(e) && e.code === 'E_PDF_PASSWORD') return { pageCount: 0 }; // opens with its password later
      throw new BidSealError('E_PDF_IMPORT_DAMAGED', (e as Error).message, isBidSealError(e) ? { cause: e.code } : undefined, { cause: e });
    }
    if (pageCount === 0) throw new BidSealError('E_PDF_IMPORT_DAMAGED', 'no pages');
    return { pageCount };
  } finally {
    await src.close();
  }
}

const KIND_OF_BASE = new Map(Object.entries(FIELD_BASE).filter(([k]) => k !== 'invisible').map(([k, v]) => [v, k as PlacementKind]));

function kindOf(fieldName: string, widgets: SignatureView['widgets']): PlacementKind | null {
  const m = /^([A-Za-z]+)\d+$/.exec(fieldName);
  const k = m && KIND_OF_BASE.get(m[1]);
  if (k) return k;
  return widgets.length === 0 ? 'invisible' : null;
}

function signatureView(r: SignatureReport, eseal: BoundSealView | null): SignatureView {
  const widgets = r.widgets.map(({ page, rect: [x1, y1, x2, y2] }) => ({ page, rect: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } }));
  let certificate: NonNullable<SignatureView['signer']>['certificate'] = null;
  if (r.signer) {
    try {
      certificate = certView(parseCertificate(r.signer.certificateDer));
    } catch {
      certificate = null; // an unparsable certificate is reported by the verifier itself
    }
  }
  return {
    fieldName: r.fieldName,
    kind: kindOf(r.fieldName, widgets),
    subFilter: r.subFilter ?? null,
    signer: r.signer ? { commonName: r.signer.commonName ?? null, subject: r.signer.subject, certificate } : null,
    signingTime: r.signingTime?.toISOString() ?? null,
    intact: r.intact,
    valid: r.valid,
    trusted: r.trusted,
    coverage: r.coverage,
    modifications: r.modifications,
    changes: r.changes,
    bottomLine: r.bottomLine,
    indication: r.indication,
    subIndication: r.subIndication ?? null,
    verdict: r.verdict,
    visualChanges: r.visualChanges.map((v) => ({ revision: v.revision, page: v.page ?? null, what: v.what })),
    revision: r.revision ?? null,
    digestAlgorithm: r.cms?.digestAlgorithm ?? null,
    signatureAlgorithm: r.cms?.signatureAlgorithm ?? null,
    byteRangeProblems: r.byteRangeProblems,
    path: r.path ? { status: r.path.status, at: r.path.at.toISOString(), chain: r.path.chain, problems: r.path.problems, issues: r.path.issues } : null,
    timestamp: r.timestamp ? { genTime: r.timestamp.genTime?.toISOString() ?? null, tsa: r.timestamp.tsa ?? null, intact: r.timestamp.intact, trusted: r.timestamp.trusted } : null,
    widgets,
    ...(eseal ? { eseal } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/** The trust anchors of the user's trust store (the Certificates page): signers chaining to them are "trusted". */
async function trustAnchors(dataDir: string): Promise<Uint8Array[]> {
  return (await listTrustEntries(dataDir)).map((e) => e.certificate.der);
}

async function verifyPath(file: string, dataDir: string, sm2IdPolicy?: 'strict' | 'lenient'): Promise<SignatureView[]> {
  const anchors = await trustAnchors(dataDir);
  const reports = await verifyPdfFile(file, { trusted: anchors, ...(sm2IdPolicy ? { sm2IdPolicy } : {}) });
  // a bound seal is checked as `pdf verify` checks it: the maker against the same trust store
  return Promise.all(reports.map(async (r) => signatureView(r, await checkBoundSeal(r, { anchors }))));
}

async function pdfPath(store: FileStore, fileId: string): Promise<{ file: StoredFile; path: string }> {
  const file = await store.get(fileId);
  if (file.mediaType !== 'application/pdf' && !/\.pdf$/i.test(file.name)) throw new BidSealError('E_PDF_NOT_PDF', undefined, { id: fileId });
  return { file, path: await store.pathOf(fileId) };
}

/** `sm2IdPolicy` 'lenient' also accepts SM2 certificate signatures made with the empty user ID (some CAs' practice). */
export async function inspectDocument(store: FileStore, dataDir: string, fileId: string, sm2IdPolicy?: 'strict' | 'lenient'): Promise<PdfInspectView> {
  const { path: p } = await pdfPath(store, fileId);
  const d = await describeFile(p);
  return { pageCount: d.pages.length, pages: d.pages, signatures: await verifyPath(p, dataDir, sm2IdPolicy) };
}

export async function verifyDocument(store: FileStore, dataDir: string, fileId: string): Promise<SignatureView[]> {
  return verifyPath((await pdfPath(store, fileId)).path, dataDir);
}

// --- planning: everything checked before a PIN is asked -------------------------------------------------

/** Reads the seal images of the placements from the store (PNG or JPEG, ≤ 8 MiB), once per id; an inline
 *  handwritten signature (PNG only, a handwritten signature's picture and nothing else) is decoded here. */
export async function loadSealImages(store: FileStore, placements: readonly SealPlacement[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const [i, p] of placements.entries()) {
    if (p.imagePng !== undefined) {
      if (p.kind !== 'handwritten' || p.sealImageFileId) badPlacement(i, 'an inline picture is a handwritten signature, without a stored seal');
      const png = base64ToBytes(p.imagePng);
      if (!isPng(png)) throw new BidSealError('E_PDF_SEAL_IMAGE', `placement ${i + 1}: the handwritten signature is not a PNG`);
      out.set(p.imagePng, png);
      continue;
    }
    const id = p.sealImageFileId;
    if (!id || out.has(id)) continue;
    const f = await store.get(id);
    if (f.size > MAX_SEAL_IMAGE) throw new BidSealError('E_PDF_SEAL_IMAGE', `seal image ${f.name} is larger than 8 MiB`);
    const bytes = new Uint8Array(await readFile(await store.pathOf(id)));
    // an electronic seal (.esl, GB/T 38540 / GM/T 0031) stands in for a picture: kept as the SESeal, placed with its own picture
    if (bytes[0] === 0x30) {
      const seal = parseSeal(bytes);
      if (seal.picture.type !== 'PNG' && seal.picture.type !== 'JPG' && seal.picture.type !== 'JPEG') throw new BidSealError('E_PDF_SEAL_IMAGE', `the picture of seal ${seal.property.name} is ${seal.picture.type}, not PNG or JPEG`);
      out.set(id, bytes);
      continue;
    }
    const png = isPng(bytes);
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
    if (!png && !jpeg) throw new BidSealError('E_PDF_SEAL_IMAGE', `${f.name} is neither PNG nor JPEG`);
    out.set(id, bytes);
  }
  return out;
}

const badPlacement = (i: number, why: string): never => {
  throw new BidSealError('E_PDF_PLACEMENT_INVALID', `placement ${i + 1}: ${why}`);
};

type PageInfo = PdfInspectView['pages'][number];

/**
 * The rectangle (default user space) of a seal anchored to a corner of the page as displayed. On a page
 * with /Rotate the seal keeps its size in user space (the image is not distorted) and its displayed
 * footprint — width and height swapped at 90° and 270° — is put at the displayed corner. Undefined when it
 * does not fit on the page.
 */
export function anchoredRect(page: PageInfo, a: PageAnchor): PdfRect | undefined {
  const [x1, y1, x2, y2] = page.box;
  const r = page.rotate;
  const quarter = r === 90 || r === 270;
  const [W, H] = quarter ? [y2 - y1, x2 - x1] : [x2 - x1, y2 - y1]; // the displayed page
  const [fw, fh] = quarter ? [a.height, a.width] : [a.width, a.height]; // the displayed seal
  if (a.dx + fw > W || a.dy + fh > H) return undefined;
  // the footprint's bottom-left corner in displayed coordinates (origin bottom-left of the displayed page)
  const vx = a.corner.endsWith('left') ? a.dx : W - a.dx - fw;
  const vy = a.corner.startsWith('bottom') ? a.dy : H - a.dy - fh;
  // back to user space (displayed = user space turned clockwise by r)
  const at = (x: number, y: number): PdfRect => ({ x, y, width: a.width, height: a.height });
  if (r === 90) return at(x2 - vy - fh, y1 + vx);
  if (r === 180) return at(x2 - vx - fw, y2 - vy - fh);
  if (r === 270) return at(x1 + vy, y2 - vx - fw);
  return at(x1 + vx, y1 + vy);
}

function placementOptions(p: SealPlacement, i: number, pages: readonly PageInfo[], images: Map<string, Uint8Array>): Omit<SignOptions, 'certificateDer' | 'alg'> {
  const o = placementBase(p, i, pages, images);
  const stored = imageOf(p, images);
  // an electronic seal: the signature binds it (signed attribute, docs/ESEAL.md)
  return stored?.[0] === 0x30 ? { ...o, signedAttributes: [sealAttribute(parseSeal(stored).raw)] } : o;
}

function placementBase(p: SealPlacement, i: number, pages: readonly PageInfo[], images: Map<string, Uint8Array>): Omit<SignOptions, 'certificateDer' | 'alg'> {
  const pageCount = pages.length;
  const stored = imageOf(p, images);
  const image = stored?.[0] === 0x30 ? parseSeal(stored).picture.data : stored;
  if (p.kind === 'invisible') {
    if (p.rect || p.anchor || p.sealImageFileId || p.imagePng || p.width !== undefined || p.y !== undefined) badPlacement(i, 'an invisible signature has no image or position');
    const page = p.page ?? 0;
    if (page >= pageCount || page < -pageCount) badPlacement(i, `page ${page + 1} does not exist (${pageCount} pages)`);
    return { page };
  }
  if (!image) return badPlacement(i, 'a visible seal needs a seal image');
  if (p.kind === 'cross-page') {
    if (p.rect || p.anchor || p.page !== undefined) badPlacement(i, 'a cross-page seal spans every page at the right edge: no page or rectangle');
    if (pageCount < 2) throw new BidSealError('E_PDF_CROSS_PAGE_ONE_PAGE', `placement ${i + 1}: ${pageCount} page`);
    return { crossPage: { image, width: p.width ?? DEFAULT_CROSS_PAGE_WIDTH, ...(p.y !== undefined ? { y: p.y } : {}) } };
  }
  if (p.places) {
    if (p.rect || p.anchor || p.page !== undefined || p.width !== undefined || p.y !== undefined || p.atText) badPlacement(i, 'a seal at places has no other position');
    for (const pl of p.places) if (pl.page >= pageCount) badPlacement(i, `page ${pl.page + 1} does not exist (${pageCount} pages)`);
    return { places: p.places.map((pl) => ({ page: pl.page, rect: [pl.rect.x, pl.rect.y, pl.rect.x + pl.rect.width, pl.rect.y + pl.rect.height] as [number, number, number, number] })), appearance: { image } };
  }
  if (p.width !== undefined || p.y !== undefined) badPlacement(i, 'width and y belong to a cross-page seal');
  if (p.page === undefined || !(p.rect || p.anchor)) return badPlacement(i, 'a seal needs a page and a rectangle or an anchor');
  if (p.rect && p.anchor) badPlacement(i, 'a seal has a rectangle or an anchor, not both');
  if (p.page >= pageCount || p.page < -pageCount) badPlacement(i, `page ${p.page < 0 ? p.page : p.page + 1} does not exist (${pageCount} pages)`);
  const index = p.page < 0 ? pageCount + p.page : p.page;
  let r: PdfRect;
  if (p.anchor) {
    const fitted = anchoredRect(pages[index], p.anchor);
    if (!fitted) {
      const [x1, y1, x2, y2] = pages[index].box;
      return badPlacement(i, `the seal does not fit on page ${index + 1} (${Math.round(x2 - x1)} × ${Math.round(y2 - y1)} pt)`);
    }
    r = fitted;
  } else r = p.rect!;
  return { page: p.page, rect: [r.x, r.y, r.x + r.width, r.y + r.height], appearance: { image } };
}

/** Codes of placements a batch leaves out on a document where they do not apply, instead of failing it. */
const NOT_APPLICABLE = new Set(['E_PDF_CROSS_PAGE_ONE_PAGE', 'E_PDF_TEXT_NOT_FOUND', 'E_PDF_PLACES_ALL_SEALED']);

/**
 * Parses the document and checks every placement against it; names the new signature fields. Seals placed
 * by the words (atText) are found in the document now. `lenient` (batches): a placement that does not apply
 * to this document — a cross-page seal on one page, no place of its kind in the text — is left out with a
 * note; the document fails only when nothing is left.
 */
export async function planDocument(store: FileStore, fileId: string, placements: readonly SealPlacement[], images: Map<string, Uint8Array>, o: SignPlanOptions & { lenient?: boolean }): Promise<DocumentPlan> {
  if (placements.length === 0) throw new BidSealError('E_PDF_NO_PLACEMENTS');
  const { file, path: inputPath } = await pdfPath(store, fileId);
  const d = await describeFile(inputPath);
  const taken = new Set(d.fieldNames);
  const signatures: PlannedSignature[] = [];
  const notes: { code: string; placement: number }[] = [];
  let firstSkipped: BidSealError | undefined;
  for (const [i, p0] of placements.entries()) {
    let options: Omit<SignOptions, 'certificateDer' | 'alg'>;
    try {
      let p = p0;
      if (p.atText) {
        const kind = p.kind;
        if (kind !== 'company' && kind !== 'personal' && kind !== 'handwritten') return badPlacement(i, 'only a company seal, a personal seal or a handwritten signature goes by the words');
        const image = imageOf(p, images);
        if (!image) badPlacement(i, 'a visible seal needs a seal image');
        const phrases = p.atText.phrases ? phrasesFromText(p.atText.phrases) : DEFAULT_SEAL_PHRASES;
        // a handwritten signature goes where the words ask the legal representative or the agent to sign or seal
        const at = await sealPlacesToSign(inputPath, phrases, image!, p.width ?? DEFAULT_SIZE_OF[kind], kind === 'handwritten' ? 'personal' : kind);
        const { atText: _a, width: _w, ...rest } = p;
        p = { ...rest, places: at.map((x) => ({ page: x.page, rect: { x: x.rect[0], y: x.rect[1], width: x.rect[2] - x.rect[0], height: x.rect[3] - x.rect[1] } })) };
      }
      options = placementOptions(p, i, d.pages, images);
    } catch (e) {
      if (o.lenient && isBidSealError(e) && NOT_APPLICABLE.has(e.code)) {
        notes.push({ code: e.code, placement: i });
        firstSkipped ??= e;
        continue;
      }
      throw e;
    }
    let n = 1;
    while (taken.has(`${FIELD_BASE[p0.kind]}${n}`)) n++;
    const fieldName = `${FIELD_BASE[p0.kind]}${n}`;
    taken.add(fieldName);
    signatures.push({
      fieldName,
      kind: p0.kind,
      options: {
        ...options,
        fieldName,
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.location ? { location: o.location } : {}),
        ...(o.subfilter === 'pades' ? { subFilter: 'ETSI.CAdES.detached' as const } : {}),
      },
    });
  }
  if (signatures.length === 0) throw firstSkipped ?? new BidSealError('E_PDF_NO_PLACEMENTS');
  return { input: file, inputPath, size: file.size, signatures, notes };
}

/** "投标函.pdf" → "投标函-已签章.pdf", "报价.ofd" → "报价-已签章.ofd" (signing a signed file again keeps one suffix). */
export function signedName(name: string): string {
  const ext = /\.ofd$/i.test(name) ? '.ofd' : '.pdf';
  const base = name.replace(/\.(pdf|ofd)$/i, '');
  return `${base.endsWith('-已签章') ? base : `${base}-已签章`}${ext}`;
}

// --- signing ---------------------------------------------------------------------------------------------

const signerName = (der: Uint8Array): string => {
  const c = parseCertificate(der);
  return c.commonName || c.subject.text;
};

/**
 * Signs a planned document: one pass over the file per signature, each revision appended to the previous
 * one (input → step 1 → … → the output), then the result is verified and committed to the store. Any
 * failure or a cancel removes every intermediate file and the output; the input is never touched.
 */
export async function signPlanned(
  store: FileStore,
  dataDir: string,
  plan: DocumentPlan,
  signer: Signer,
  o: SignPlanOptions & { signal?: AbortSignal; onProgress?: (p: SignProgress) => void },
): Promise<{ file: StoredFile; fields: string[]; signatures: SignatureView[] }> {
  // a seal that is expired, not yet valid, altered or does not list this certificate is refused before anything is signed
  for (const s of plan.signatures) {
    for (const a of s.options.signedAttributes ?? []) {
      const seal = sealOfAttribute(a);
      const err = seal ? sealUsabilityError(await verifySeal(parseSeal(seal), { signerCert: signer.certificateDer })) : null;
      if (err) throw err;
    }
  }
  const alg = defaultAlgorithm(signer.certificateDer);
  const name = signerName(signer.certificateDer);
  const timestamper = o.tsaUrl ? createTsaClient(o.tsaUrl) : undefined;
  const out = await store.output({ name: signedName(plan.input.name), derivedFrom: plan.input.id, mediaType: 'application/pdf', tags: { ...plan.input.tags, kind: 'signed-pdf' } });
  const steps: string[] = [];
  const n = plan.signatures.length;
  const total = plan.size * n;
  try {
    let src = plan.inputPath;
    for (const [i, s] of plan.signatures.entries()) {
      o.signal?.throwIfAborted();
      const dst = i === n - 1 ? out.tempPath : `${out.tempPath}.step${i + 1}`;
      if (dst !== out.tempPath) steps.push(dst);
      await signPdfFile(src, dst, signer, {
        ...s.options,
        alg,
        name,
        ...(timestamper ? { timestamper } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        onProgress: (done) => o.onProgress?.({ phase: 'signing', bytesDone: Math.min(total, i * plan.size + done), bytesTotal: total, item: s.kind }),
      });
      if (src !== plan.inputPath) await unlink(src).catch(() => {});
      src = dst;
    }
    o.onProgress?.({ phase: 'verifying', bytesDone: total, bytesTotal: total, item: plan.input.name });
    const signatures = await verifyPath(out.tempPath, dataDir);
    // what we just wrote must verify: never commit a file whose new signatures are broken
    const fields = plan.signatures.map((s) => s.fieldName);
    const broken = signatures.filter((v) => fields.includes(v.fieldName) && !v.valid);
    if (broken.length || signatures.filter((v) => fields.includes(v.fieldName)).length !== n)
      throw new BidSealError('E_PDF_SIGNATURE_INVALID', `the signed file did not verify (${broken.map((b) => b.fieldName).join(', ') || 'missing signature'})`);
    o.signal?.throwIfAborted();
    const file = await out.commit();
    return { file, fields, signatures };
  } catch (e) {
    await out.abort();
    throw e;
  } finally {
    for (const s of steps) await unlink(s).catch(() => {});
  }
}

// --- batches -----------------------------------------------------------------------------------------------

/** Carrier failures that would fail every following document too: the batch stops on them. */
const CARRIER_FATAL = new Set(['E_PIN_INCORRECT', 'E_PIN_LOCKED', 'E_TOKEN_NOT_PRESENT', 'E_TOKEN_REMOVED', 'E_TOKEN_LOGIN_REQUIRED', 'E_WRONG_PASSWORD', 'E_PASSWORD_REQUIRED', 'E_INVALID_KEY', 'E_MODULE_NOT_FOUND']);

export interface BatchItemResult {
  fileId: string;
  status: 'signed' | 'failed' | 'skipped';
  output?: StoredFile;
  error?: { code: string; message: string };
  notes?: { code: string; placement: number }[];
}

/**
 * Signs many documents with one opened carrier. A document that fails is reported and the batch goes on;
 * a carrier failure (wrong PIN, token removed) before any document is signed fails the whole call, later
 * it stops the batch. A cancel aborts the document being signed (nothing of it is kept) and skips the rest;
 * documents already signed stay in the store and are listed.
 */
export async function signBatch(
  store: FileStore,
  dataDir: string,
  fileIds: readonly string[],
  placements: readonly SealPlacement[],
  signer: Signer,
  o: SignPlanOptions & { signal: AbortSignal; onProgress?: (p: SignProgress & { index: number }) => void },
): Promise<{ results: BatchItemResult[]; cancelled: boolean }> {
  const images = await loadSealImages(store, placements);
  const results: BatchItemResult[] = [];
  let stop: { code: string; message: string } | undefined;
  for (const [index, fileId] of fileIds.entries()) {
    if (o.signal.aborted || stop) {
      results.push({ fileId, status: 'skipped', ...(stop ? { error: stop } : {}) });
      continue;
    }
    try {
      const plan = await planDocument(store, fileId, placements, images, { ...o, lenient: true });
      const r = await signPlanned(store, dataDir, plan, signer, { ...o, onProgress: (p) => o.onProgress?.({ ...p, index, item: plan.input.name }) });
      results.push({ fileId, status: 'signed', output: r.file, ...(plan.notes.length ? { notes: plan.notes } : {}) });
    } catch (e) {
      const err = isBidSealError(e) ? e : new BidSealError('E_INTERNAL', e instanceof Error ? e.message : String(e));
      if (o.signal.aborted) {
        results.push({ fileId, status: 'skipped' });
        continue;
      }
      if (CARRIER_FATAL.has(err.code)) {
        if (!results.some((r) => r.status === 'signed')) throw err;
        stop = { code: err.code, message: err.message };
      }
      results.push({ fileId, status: 'failed', error: { code: err.code, message: err.message } });
    }
  }
  return { results, cancelled: o.signal.aborted };
}

/** The places of a stored document whose words ask for a seal, and whether a signature's seal covers each. */
export async function documentSealPlaces(store: FileStore, fileId: string, phrases?: readonly string[]): Promise<{ pageCount: number; places: SealPlaceView[] }> {
  const { path } = await pdfPath(store, fileId);
  const r = await sealPlacesOf(path, phrases ? phrasesFromText(phrases) : undefined, await verifyPdfFile(path));
  return { pageCount: r.pageCount, places: r.places.map((p) => ({ page: p.page, phrase: p.phrase, text: p.text, kind: p.kind, covered: p.covered, box: { x: p.box[0], y: p.box[1], width: p.box[2] - p.box[0], height: p.box[3] - p.box[1] } })) };
}
