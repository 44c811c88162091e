// Runs anywhere (pure). A staged PDF signing session (ISO 32000-1 §12.8 digital signatures, §12.7.4.5
// signature fields; pyHanko's model): prepare() appends a revision with a signature dictionary whose
// /ByteRange is fixed and /Contents is a zero placeholder and returns the digest; the carrier signs
// elsewhere; embed() streams original bytes + the revision with the CMS patched in. Nothing is rewritten.
import { BidSealError } from '../errors';
import type { SignatureAlgorithm, Signer } from '../pki/carrier';
import { certFields } from '../cms/cert-fields';
import { assembleSignedData, attribute, buildSignedAttributes, OIDS, createContentHash, digestNameOf, digestToSign, estimateSignedDataSize, verifySignedData } from '../cms/signed-data';
import type { HashState } from '../crypto/algorithms';
import { IncrementalUpdate } from './incremental-writer';
import { PdfDict, PdfRaw, PdfRef, PdfStream, PdfString, fromLatin1, latin1, name, type PdfObject } from './objects';
import { readRange, transientChunks, type RandomAccessSource } from './source';
import { PdfDocument } from './xref';
import type { Timestamper } from '../pki/tsp';
import { addImage, buildAppearance, buildStripAppearances, type AppearanceOptions } from './appearance';
import { toHex } from '../asn1';

export type SubFilter = 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached';

export interface SignOptions {
  alg: SignatureAlgorithm;
  /** DER of the signer's certificate (Signer.certificateDer) */
  certificateDer: Uint8Array;
  /** intermediates to embed in the CMS */
  chain?: Uint8Array[];
  /** field name (/T); default the first free "Signature<n>" */
  fieldName?: string;
  /** 0-based page index, negative from the end (-1 = last page); default 0 */
  page?: number;
  /** the same visible seal on several pages (0-based, negative from the end, or 'all'): one signature,
   *  one field with a widget per page (§12.7.3.1 /Kids), all sharing one appearance stream */
  pages?: number[] | 'all';
  /** a cross-page seal (骑缝章): the image cut into one vertical strip per page at the right edge */
  crossPage?: CrossPageSeal;
  /** the same visible seal at several places, each its own page and [x1 y1 x2 y2] (seals placed by the
   *  document's words, seal-places.ts): one signature, a widget per place, one appearance per seal size */
  places?: { page: number; rect: [number, number, number, number] }[];
  /** [x1 y1 x2 y2] in default user space; omitted or zero-sized → invisible signature */
  rect?: [number, number, number, number];
  /** visible appearance (image and/or text) drawn in rect */
  appearance?: AppearanceOptions;
  subFilter?: SubFilter;
  reason?: string;
  location?: string;
  /** /Name: the signer's name as shown by readers */
  name?: string;
  contactInfo?: string;
  signingTime?: Date;
  /** extra bytes reserved in /Contents beyond the dry-run size (e.g. for a later timestamp) */
  reserve?: number;
  /** further signed attributes (DER Attribute), e.g. the electronic seal this signature binds (docs/ESEAL.md) */
  signedAttributes?: Uint8Array[];
  /**
   * PAdES B-T: a TSA timestamps the signature value and the token goes into the SignerInfo's unsigned
   * id-aa-signatureTimeStampToken (RFC 3161 Appendix A). /Contents grows by the size of a dry-run token.
   */
  timestamper?: Timestamper;
  /** cancels hashing (E_CANCELLED); nothing is written before embed() */
  signal?: AbortSignal;
  /** hashing progress in bytes */
  onProgress?: (done: number, total: number) => void;
  /** a faster (native) hash for a digest name ('SHA-256' | 'SHA-384' | 'SM3'); undefined → shared/crypto */
  createHash?: HashFactory;
  /**
   * Sees every byte of the original file, in order, as it is hashed: a file writer copies it to the output in
   * the same pass (electron/services/pdf/file.ts), so a 500 MB bid is read once. Awaited before the next chunk;
   * the chunk's memory is reused after that (a writer copies it).
   */
  onOriginalChunk?: (chunk: Uint8Array) => void | Promise<void>;
}

/** Supplies a native hash where the platform has one (electron/services/pdf/file.ts: node:crypto). */
export type HashFactory = (digestName: string) => HashState | undefined;

export interface CrossPageSeal {
  /** PNG or JPEG of the whole seal */
  image: Uint8Array;
  /** width of the whole seal in points (a 42 mm company seal ≈ 119 pt); its height follows the image */
  width: number;
  /** y of the seal's bottom edge in default user space; default: vertically centred on each page */
  y?: number;
  /** 0-based pages carrying a strip, in order (strip 0, the seal's left edge, on the first); default every page */
  pages?: number[];
}

export interface PreparedSignature {
  readonly source: RandomAccessSource;
  /** the appended revision: ByteRange patched, /Contents still zeros */
  readonly revision: Uint8Array;
  readonly byteRange: [number, number, number, number];
  /** offset of '<' of /Contents within `revision` */
  readonly contentsAt: number;
  /** capacity of /Contents in bytes (hex length / 2) */
  readonly capacity: number;
  readonly alg: SignatureAlgorithm;
  readonly certificateDer: Uint8Array;
  readonly chain?: Uint8Array[];
  readonly fieldName: string;
  /** the TSA to stamp the signature value with (SignOptions.timestamper); its token size is reserved */
  readonly timestamper?: Timestamper;
  /** digest of the ByteRange bytes (SHA-256/384 or SM3 per alg) = the CMS messageDigest */
  readonly documentDigest: Uint8Array;
  readonly digestAlgorithm: string;
  /** DER SET OF signed attributes, to be signed */
  readonly signedAttrs: Uint8Array;
  /** what to pass to Signer.signDigest(…, alg) */
  readonly toBeSigned: Uint8Array;
}

export const BR_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/**
 * The last edits of a signing revision: /SigFlags 3 (signatures exist, append only) on the AcroForm, which
 * becomes an indirect object referenced from a rewritten catalog when it was new or direct; then the
 * revision's bytes and object offsets.
 */
export async function finishSignedRevision(upd: IncrementalUpdate, f: { acro: PdfDict; acroRef: PdfRef | undefined; catalog: PdfDict; rootRef: PdfRef }): Promise<{ bytes: Uint8Array; offsets: Map<number, number> }> {
  f.acro.set('SigFlags', 3);
  if (f.acroRef) upd.set(f.acroRef, f.acro);
  else {
    const r = upd.allocate();
    upd.set(r, f.acro);
    f.catalog.set('AcroForm', r);
    upd.set(f.rootRef, f.catalog);
  }
  return upd.build();
}

/**
 * Finds the /ByteRange and /Contents placeholders of a signature dictionary written at `sigOff` of a new
 * revision that will follow `base` bytes, and writes the final ByteRange over its placeholder (same length,
 * so no offset moves). Returns the three ByteRange offsets and where /Contents starts in the revision.
 */
export function patchByteRange(revision: Uint8Array, sigOff: number, base: number, contentsPlaceholder: string): { a: number; b: number; c: number; contentsAt: number } {
  const text = fromLatin1(revision.subarray(sigOff, sigOff + 300 + contentsPlaceholder.length));
  const brAt = sigOff + text.indexOf(BR_PLACEHOLDER);
  const contentsAt = sigOff + text.indexOf(contentsPlaceholder);
  if (brAt < sigOff || contentsAt < sigOff) throw new BidSealError('E_INTERNAL', 'signature placeholders not found');
  const a = base + contentsAt;
  const b = a + contentsPlaceholder.length;
  const c = base + revision.length - b;
  const br = `[0 ${a} ${b} ${c}`;
  if (br.length + 1 > BR_PLACEHOLDER.length) throw new BidSealError('E_PDF_UNSUPPORTED', 'file too large for the ByteRange placeholder');
  revision.set(latin1(br.padEnd(BR_PLACEHOLDER.length - 1, ' ') + ']'), brAt);
  return { a, b, c, contentsAt };
}
/** unsignedAttrs [1] + Attribute SEQUENCE + OID 1.2.840.113549.1.9.16.2.14 + SET headers around a token */
const TS_ATTRIBUTE_OVERHEAD = 24;

function pdfDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/** The visible area of a page (§7.7.3.3 /CropBox, else /MediaBox, both inheritable), normalised [x0 y0 x1 y1]. */
async function pageBox(doc: PdfDocument, pageRef: PdfRef): Promise<[number, number, number, number]> {
  let media: PdfObject | undefined, crop: PdfObject | undefined;
  let node = await doc.resolveDict(pageRef);
  for (let depth = 0; node && depth < 32; depth++) {
    media ??= await doc.resolve(node.get('MediaBox'));
    crop ??= await doc.resolve(node.get('CropBox'));
    node = await doc.resolveDict(node.get('Parent'));
  }
  const box = (b: PdfObject | undefined): number[] | undefined => (Array.isArray(b) && b.length === 4 && b.every((x) => typeof x === 'number') ? (b as number[]) : undefined);
  const b = box(crop) ?? box(media) ?? [0, 0, 612, 792];
  return [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
}

/** /Rotate of a page (inheritable, §7.7.3.3), normalised to 0, 90, 180 or 270. */
async function pageRotation(doc: PdfDocument, pageRef: PdfRef): Promise<number> {
  let node = await doc.resolveDict(pageRef);
  for (let depth = 0; node && depth < 32; depth++) {
    const r = await doc.resolve(node.get('Rotate'));
    if (typeof r === 'number') return (((Math.round(r / 90) * 90) % 360) + 360) % 360;
    node = await doc.resolveDict(node.get('Parent'));
  }
  return 0;
}

/** Stage 1: builds the new revision and the digest to sign. Reads only what it needs from `source`. */
export async function prepare(source: RandomAccessSource, o: SignOptions): Promise<PreparedSignature> {
  const doc = await PdfDocument.open(source);
  const upd = new IncrementalUpdate(doc);
  const signingTime = o.signingTime ?? new Date();
  certFields(o.certificateDer); // fail early on a bad certificate

  // --- catalog and AcroForm ---------------------------------------------------------------------
  const rootRef = doc.trailer.get('Root');
  if (!(rootRef instanceof PdfRef)) throw new BidSealError('E_PDF_CORRUPT', 'trailer /Root is not a reference');
  const catalog = (await doc.catalog()).clone();
  let acroRef: PdfRef | undefined;
  let acro: PdfDict;
  const acroVal = catalog.get('AcroForm');
  if (acroVal instanceof PdfRef) {
    acroRef = acroVal;
    acro = ((await doc.resolveDict(acroVal)) ?? new PdfDict()).clone();
  } else acro = acroVal instanceof PdfDict ? acroVal.clone() : new PdfDict();

  let fieldsRef: PdfRef | undefined;
  let fields: PdfObject[] = [];
  const fv = acro.get('Fields');
  if (fv instanceof PdfRef) {
    fieldsRef = fv;
    const arr = await doc.resolve(fv);
    fields = Array.isArray(arr) ? [...arr] : [];
  } else if (Array.isArray(fv)) fields = [...fv];

  const taken = new Map<string, { ref: PdfObject; dict: PdfDict }>();
  for (const f of fields) {
    const d = await doc.resolveDict(f);
    const t = d?.get('T');
    if (d && t instanceof PdfString) taken.set(t.toText(), { ref: f, dict: d });
  }
  let fieldName = o.fieldName;
  // an existing empty signature field (a platform's pre-placed "sign here") is filled in place
  let existing: { ref: PdfRef; dict: PdfDict } | undefined;
  if (fieldName === undefined) for (let i = 1; taken.has((fieldName = `Signature${i}`)); i++);
  else if (taken.has(fieldName)) {
    const f = taken.get(fieldName)!;
    if (f.dict.name('FT') !== 'Sig' || f.dict.has('V') || !(f.ref instanceof PdfRef) || f.dict.has('Kids'))
      throw new BidSealError('E_INVALID_ARGUMENT', `a field named "${fieldName}" already exists and is not an empty signature field`);
    existing = { ref: f.ref, dict: f.dict };
  }
  if (!fieldName || fieldName.includes('.')) throw new BidSealError('E_INVALID_ARGUMENT', 'field names must be non-empty and contain no "."');

  // --- page -----------------------------------------------------------------------------------------
  const pages = await doc.pages();
  const pageAt = (i: number): PdfRef => {
    const ref = pages[i < 0 ? pages.length + i : i];
    if (!Number.isInteger(i) || !ref) throw new BidSealError('E_INVALID_ARGUMENT', `page ${i < 0 ? i : i + 1} does not exist (${pages.length} pages)`);
    return ref;
  };
  const multi = o.pages !== undefined || o.crossPage !== undefined || o.places !== undefined;
  if (multi && existing) throw new BidSealError('E_INVALID_ARGUMENT', 'a pre-placed signature field cannot take a seal on several pages');
  if ([o.pages, o.crossPage, o.places].filter((x) => x !== undefined).length > 1) throw new BidSealError('E_INVALID_ARGUMENT', 'choose one of: a seal on several pages, a cross-page seal, seals at places');
  const existingPage = existing?.dict.get('P');
  const pageRef = existing && existingPage instanceof PdfRef ? existingPage : pageAt(o.page ?? 0);

  // pages whose /Annots grow: a direct array → the page is rewritten; an indirect one → that array object
  const pageEdits = new Map<string, { ref: PdfRef; dict: PdfDict }>();
  const arrayEdits = new Map<string, { ref: PdfRef; arr: PdfObject[] }>();
  const addAnnot = async (pRef: PdfRef, annot: PdfRef): Promise<void> => {
    let pe = pageEdits.get(pRef.key);
    const page = pe?.dict ?? (await doc.resolveDict(pRef)) ?? new PdfDict();
    const annots = page.get('Annots');
    if (annots instanceof PdfRef) {
      let ae = arrayEdits.get(annots.key);
      if (!ae) {
        const arr = await doc.resolve(annots);
        arrayEdits.set(annots.key, (ae = { ref: annots, arr: Array.isArray(arr) ? [...arr] : [] }));
      }
      ae.arr.push(annot);
    } else {
      if (!pe) pageEdits.set(pRef.key, (pe = { ref: pRef, dict: page.clone() }));
      pe.dict.set('Annots', [...(Array.isArray(annots) ? annots : []), annot]);
    }
  };

  // --- signature dictionary, field + widget ------------------------------------------------------------
  const sigRef = upd.allocate();
  const fieldRef = existing ? existing.ref : upd.allocate();
  const est = estimateSignedDataSize(o.alg, o.certificateDer, o.chain);
  // a token's size varies by a few bytes (serial, fractional genTime, DER integers): 10% + 64 on top
  const tokenSize = o.timestamper ? await o.timestamper.tokenSize(o.signal) : 0;
  const tsReserve = tokenSize ? Math.ceil(tokenSize * 1.1) + 64 + TS_ATTRIBUTE_OVERHEAD : 0;
  const capacity = est + 64 + tsReserve + (o.reserve ?? 0) + (o.signedAttributes ?? []).reduce((n, a) => n + a.length + 8, 0);
  const contentsPlaceholder = '<' + '0'.repeat(capacity * 2) + '>';
  const sig = new PdfDict([
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name(o.subFilter ?? 'adbe.pkcs7.detached')],
    ['ByteRange', new PdfRaw(BR_PLACEHOLDER)],
    ['Contents', new PdfRaw(contentsPlaceholder)],
    ['M', PdfString.text(pdfDate(signingTime))],
  ]);
  if (o.name) sig.set('Name', PdfString.text(o.name));
  if (o.reason) sig.set('Reason', PdfString.text(o.reason));
  if (o.location) sig.set('Location', PdfString.text(o.location));
  if (o.contactInfo) sig.set('ContactInfo', PdfString.text(o.contactInfo));
  upd.set(sigRef, sig);

  if (multi) {
    // one terminal field, its widgets as /Kids (§12.7.3.1): pdfsig, Acrobat and pyHanko list one signature
    const kids: PdfRef[] = [];
    upd.set(fieldRef, new PdfDict([['FT', name('Sig')], ['T', PdfString.text(fieldName)], ['V', sigRef], ['Kids', kids]]));
    const widget = async (pRef: PdfRef, rect: number[], ap: PdfRef): Promise<void> => {
      const w = upd.allocate();
      // /V repeated on each widget: poppler before 23.x (Debian 12, Okular, pdfsig 22.x) takes a kid with /Parent
      // for a child field and reads /V from it directly, reporting "not signed" otherwise; readers that treat
      // the kid as the pure widget it is (Acrobat, pyHanko, newer poppler, verify.ts) ignore the key
      upd.set(w, new PdfDict([['Type', name('Annot')], ['Subtype', name('Widget')], ['F', 132], ['Parent', fieldRef], ['P', pRef], ['Rect', rect], ['AP', new PdfDict([['N', ap]])], ['V', sigRef]]));
      kids.push(w);
      await addAnnot(pRef, w);
    };
    if (o.crossPage) {
      const cp = o.crossPage;
      const targets = (cp.pages ?? pages.map((_, i) => i)).map(pageAt);
      if (targets.length < 2) throw new BidSealError('E_INVALID_ARGUMENT', 'a cross-page seal needs at least two pages');
      if (!(cp.width > 0)) throw new BidSealError('E_INVALID_ARGUMENT', 'the cross-page seal needs a positive width');
      const img = await addImage(upd, cp.image);
      const height = (cp.width * img.height) / img.width;
      const strips = await buildStripAppearances(upd, img, cp.width, height, targets.length);
      for (let i = 0; i < targets.length; i++) {
        // TODO(rotate): on a /Rotate page the displayed right edge is another side of user space and the strip
        // would need rotating; refused rather than placed where the reader does not expect it
        if ((await pageRotation(doc, targets[i])) !== 0) throw new BidSealError('E_PDF_UNSUPPORTED', `page ${pages.indexOf(targets[i]) + 1} is rotated: cross-page seals on rotated pages are not supported yet`);
        const [, y0, x1, y1] = await pageBox(doc, targets[i]);
        const y = cp.y ?? y0 + (y1 - y0 - height) / 2;
        await widget(targets[i], [x1 - strips.stripWidth, y, x1, y + height], strips.refs[i]);
      }
    } else if (o.places) {
      if (o.places.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'no places given for the seal');
      // widgets of one size share one appearance stream (its /BBox is the seal's size, not its position)
      const aps = new Map<string, PdfRef>();
      for (const pl of o.places) {
        const [x0, y0, x1, y1] = pl.rect;
        if (!(Math.abs(x1 - x0) > 0 && Math.abs(y1 - y0) > 0)) throw new BidSealError('E_INVALID_ARGUMENT', 'a seal place needs a rectangle');
        const size = `${Math.abs(x1 - x0).toFixed(3)}x${Math.abs(y1 - y0).toFixed(3)}`;
        let ap = aps.get(size);
        if (!ap) aps.set(size, (ap = await buildAppearance(upd, pl.rect, o.appearance ?? {}, { signer: o.name, time: signingTime })));
        await widget(pageAt(pl.page), pl.rect, ap);
      }
    } else {
      const rect = o.rect;
      if (!rect || !(Math.abs(rect[2] - rect[0]) > 0 && Math.abs(rect[3] - rect[1]) > 0)) throw new BidSealError('E_INVALID_ARGUMENT', 'a seal on several pages needs a rectangle');
      const targets = o.pages === 'all' ? pages : [...new Set(o.pages!.map((i) => pageAt(i).key))].map((k) => pages.find((p) => p.key === k)!);
      if (targets.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'no pages given for the seal');
      const ap = await buildAppearance(upd, rect, o.appearance ?? {}, { signer: o.name, time: signingTime });
      for (const t of targets) await widget(t, rect, ap);
    }
  } else {
    const oldRect = existing?.dict.get('Rect');
    const rect = o.rect ?? (Array.isArray(oldRect) && oldRect.length === 4 && oldRect.every((x) => typeof x === 'number') ? (oldRect as [number, number, number, number]) : [0, 0, 0, 0]);
    const visible = Math.abs(rect[2] - rect[0]) > 0 && Math.abs(rect[3] - rect[1]) > 0;
    const field = existing ? existing.dict.clone().set('V', sigRef).set('Rect', rect) : new PdfDict([
      ['FT', name('Sig')],
      ['T', PdfString.text(fieldName)],
      ['V', sigRef],
      ['Type', name('Annot')],
      ['Subtype', name('Widget')],
      ['F', 132], // Print + Locked (§12.5.3)
      ['P', pageRef],
      ['Rect', rect],
    ]);
    if (visible && o.appearance) {
      const ap = await buildAppearance(upd, rect, o.appearance, { signer: o.name, time: signingTime });
      field.set('AP', new PdfDict([['N', ap]]));
    } else {
      // an empty appearance stream keeps strict readers (PDF/A, Acrobat preflight) happy for invisible fields
      const apRef = upd.allocate();
      upd.set(apRef, new PdfStream(new PdfDict([['Type', name('XObject')], ['Subtype', name('Form')], ['BBox', [0, 0, Math.abs(rect[2] - rect[0]), Math.abs(rect[3] - rect[1])]]]), new Uint8Array(0)));
      field.set('AP', new PdfDict([['N', apRef]]));
    }
    upd.set(fieldRef, field);
    // a pre-placed widget is already on its page; the field dict (merged with its widget) is rewritten above
    if (!existing) await addAnnot(pageRef, fieldRef);
  }
  for (const { ref, dict } of pageEdits.values()) upd.set(ref, dict);
  for (const { ref, arr } of arrayEdits.values()) upd.set(ref, arr);

  if (!existing) {
    fields.push(fieldRef);
    if (fieldsRef) upd.set(fieldsRef, fields);
    else acro.set('Fields', fields);
  }
  // --- build, locate placeholders, patch ByteRange ------------------------------------------------------
  const built = await finishSignedRevision(upd, { acro, acroRef, catalog, rootRef });
  const revision = built.bytes;
  const { a, b, c, contentsAt } = patchByteRange(revision, built.offsets.get(sigRef.num)!, source.size, contentsPlaceholder);
  const base = source.size;

  // --- digest of the ByteRange (streamed) ----------------------------------------------------------------
  const h = o.createHash?.(digestNameOf(o.alg)) ?? createContentHash(o.alg);
  let done = 0;
  for await (const chunk of transientChunks(source, 0, base)) {
    if (o.signal?.aborted) throw new BidSealError('E_CANCELLED');
    h.update(chunk);
    if (o.onOriginalChunk) await o.onOriginalChunk(chunk);
    done += chunk.length;
    o.onProgress?.(done, base);
  }
  if (done !== base) throw new BidSealError('E_TRUNCATED', `the file ended at ${done} of ${base} bytes while being signed`);
  h.update(revision.subarray(0, contentsAt));
  h.update(revision.subarray(contentsAt + contentsPlaceholder.length));
  const documentDigest = h.digest();

  const signedAttrs = buildSignedAttributes({ contentDigest: documentDigest, alg: o.alg, certificateDer: o.certificateDer, signingTime, includeSigningTime: o.subFilter !== 'ETSI.CAdES.detached', ...(o.signedAttributes?.length ? { extraAttributes: o.signedAttributes } : {}) });
  return {
    source,
    revision,
    byteRange: [0, a, b, c],
    contentsAt,
    capacity,
    alg: o.alg,
    certificateDer: o.certificateDer,
    chain: o.chain,
    fieldName,
    ...(o.timestamper ? { timestamper: o.timestamper } : {}),
    documentDigest,
    digestAlgorithm: digestNameOf(o.alg),
    signedAttrs,
    toBeSigned: digestToSign(signedAttrs, o.alg, o.certificateDer),
  };
}

/** Stage 2b: the CMS SignedData for a signature value returned by the carrier (and its timestamp token, if any). */
export function assemble(prepared: PreparedSignature, signature: Uint8Array, timestampToken?: Uint8Array): Uint8Array {
  const unsignedAttributes = timestampToken ? [attribute(OIDS.signatureTimeStampToken, timestampToken)] : undefined;
  return assembleSignedData({ signedAttrs: prepared.signedAttrs, signature, alg: prepared.alg, certificateDer: prepared.certificateDer, chain: prepared.chain, unsignedAttributes });
}

/** Stage 2b with the prepared TSA: timestamps the signature value (a few hundred bytes, never the document)
 *  and assembles the CMS with the token; without a timestamper, assemble(). */
export async function assembleTimestamped(prepared: PreparedSignature, signature: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  if (!prepared.timestamper) return assemble(prepared, signature);
  return assemble(prepared, signature, await prepared.timestamper.timestamp(signature, signal));
}

/** Stage 3: the signed file as a stream of chunks (original bytes, then the revision with /Contents filled). */
export async function* embed(prepared: PreparedSignature, cmsDer: Uint8Array): AsyncGenerator<Uint8Array> {
  const rev = signedRevision(prepared, cmsDer);
  yield* readRange(prepared.source, 0, prepared.source.size);
  yield rev;
}

/** Stage 3 for a writer that already copied the original bytes (SignOptions.onOriginalChunk): the revision
 *  with the CMS in /Contents, to append. */
export function signedRevision(prepared: PreparedSignature, cmsDer: Uint8Array): Uint8Array {
  if (cmsDer.length > prepared.capacity) throw new BidSealError('E_PDF_SIGNATURE_SPACE', `CMS is ${cmsDer.length} bytes, ${prepared.capacity} reserved`);
  const rev = Uint8Array.from(prepared.revision);
  const hex = toHex(cmsDer);
  rev.set(latin1(hex), prepared.contentsAt + 1);
  return rev;
}

/** All three stages with one carrier: prepare → signDigest → embed. */
export async function signPdf(source: RandomAccessSource, signer: Signer, o: Omit<SignOptions, 'certificateDer'>): Promise<AsyncGenerator<Uint8Array>> {
  return (await signPdfStaged(source, signer, o)).chunks;
}

/** signPdf, also returning the prepared session (field name, ByteRange) for reporting. */
export async function signPdfStaged(source: RandomAccessSource, signer: Signer, o: Omit<SignOptions, 'certificateDer'>): Promise<{ prepared: PreparedSignature; cms: Uint8Array; chunks: AsyncGenerator<Uint8Array> }> {
  if (!signer.algorithms.includes(o.alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `the carrier cannot do ${o.alg}`);
  const p = await prepare(source, { ...o, certificateDer: signer.certificateDer });
  if (o.signal?.aborted) throw new BidSealError('E_CANCELLED');
  const signature = await signer.signDigest(p.toBeSigned, o.alg, o.signal);
  const cms = await assembleTimestamped(p, signature, o.signal);
  await checkSignedData(p, cms);
  return { prepared: p, cms, chunks: embed(p, cms) };
}

/** Verifies a CMS against the prepared digest before anything is written (a token with the wrong key, a
 *  carrier returning raw r‖s where DER was promised, … are caught here, not by the bidding platform). */
export async function checkSignedData(p: PreparedSignature, cmsDer: Uint8Array): Promise<void> {
  const [r] = await verifySignedData(cmsDer, { digest: async () => p.documentDigest }, { requireDetached: true });
  if (!r?.intact) throw new BidSealError('E_BAD_SIGNATURE', `the carrier's signature does not verify with the certificate${r?.error ? `: ${r.error.message}` : ''}`);
}
