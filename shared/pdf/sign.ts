// Runs anywhere (pure). A staged PDF signing session (ISO 32000-1 §12.8 digital signatures, §12.7.4.5
// signature fields; pyHanko's model): prepare() appends a revision with a signature dictionary whose
// /ByteRange is fixed and /Contents is a zero placeholder and returns the digest; the carrier signs
// elsewhere; embed() streams original bytes + the revision with the CMS patched in. Nothing is rewritten.
import { BidSealError } from '../errors';
import type { SignatureAlgorithm, Signer } from '../pki/carrier';
import { certFields } from '../cms/cert-fields';
import { assembleSignedData, buildSignedAttributes, createContentHash, digestNameOf, digestToSign, estimateSignedDataSize, verifySignedData } from '../cms/signed-data';
import { IncrementalUpdate } from './incremental-writer';
import { PdfDict, PdfRaw, PdfRef, PdfStream, PdfString, fromLatin1, latin1, name, type PdfObject } from './objects';
import { readRange, type RandomAccessSource } from './source';
import { PdfDocument } from './xref';
import { buildAppearance, type AppearanceOptions } from './appearance';

export type SubFilter = 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached';

export interface SignOptions {
  alg: SignatureAlgorithm;
  /** DER of the signer's certificate (Signer.certificateDer) */
  certificateDer: Uint8Array;
  /** intermediates to embed in the CMS */
  chain?: Uint8Array[];
  /** field name (/T); default the first free "Signature<n>" */
  fieldName?: string;
  /** 0-based page index; default 0 */
  page?: number;
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
  /** cancels hashing (E_CANCELLED); nothing is written before embed() */
  signal?: AbortSignal;
  /** hashing progress in bytes */
  onProgress?: (done: number, total: number) => void;
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
  /** digest of the ByteRange bytes (SHA-256/384 or SM3 per alg) = the CMS messageDigest */
  readonly documentDigest: Uint8Array;
  readonly digestAlgorithm: string;
  /** DER SET OF signed attributes, to be signed */
  readonly signedAttrs: Uint8Array;
  /** what to pass to Signer.signDigest(…, alg) */
  readonly toBeSigned: Uint8Array;
}

const BR_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

function pdfDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
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
  const pageIndex = o.page ?? 0;
  const existingPage = existing?.dict.get('P');
  const pageRef = existing && existingPage instanceof PdfRef ? existingPage : pages[pageIndex];
  if (!pageRef) throw new BidSealError('E_INVALID_ARGUMENT', `page ${pageIndex} does not exist (${pages.length} pages)`);
  const page = ((await doc.resolveDict(pageRef)) ?? new PdfDict()).clone();

  // --- signature dictionary, field + widget ------------------------------------------------------------
  const sigRef = upd.allocate();
  const fieldRef = existing ? existing.ref : upd.allocate();
  const est = estimateSignedDataSize(o.alg, o.certificateDer, o.chain);
  const capacity = est + 64 + (o.reserve ?? 0);
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

  // /Annots: direct array → rewrite the page; indirect array → rewrite that array object
  const annots = page.get('Annots');
  if (existing) {
    // the widget is already on its page; the field dict (merged with its widget) is rewritten above
  } else if (annots instanceof PdfRef) {
    const arr = await doc.resolve(annots);
    upd.set(annots, [...(Array.isArray(arr) ? arr : []), fieldRef]);
  } else {
    page.set('Annots', [...(Array.isArray(annots) ? annots : []), fieldRef]);
    upd.set(pageRef, page);
  }

  if (!existing) {
    fields.push(fieldRef);
    if (fieldsRef) upd.set(fieldsRef, fields);
    else acro.set('Fields', fields);
  }
  acro.set('SigFlags', 3);
  if (acroRef) upd.set(acroRef, acro);
  else {
    // a new or direct AcroForm becomes an indirect object referenced from a rewritten catalog
    const r = upd.allocate();
    upd.set(r, acro);
    catalog.set('AcroForm', r);
    upd.set(rootRef, catalog);
  }

  // --- build, locate placeholders, patch ByteRange ------------------------------------------------------
  const built = await upd.build();
  const revision = built.bytes;
  const sigOff = built.offsets.get(sigRef.num)!;
  const text = fromLatin1(revision.subarray(sigOff, sigOff + 200 + contentsPlaceholder.length));
  const brAt = sigOff + text.indexOf(BR_PLACEHOLDER);
  const contentsAt = sigOff + text.indexOf(contentsPlaceholder);
  if (brAt < sigOff || contentsAt < sigOff) throw new BidSealError('E_INTERNAL', 'signature placeholders not found');
  const base = source.size;
  const a = base + contentsAt;
  const b = a + contentsPlaceholder.length;
  const c = base + revision.length - b;
  const br = `[0 ${a} ${b} ${c}`;
  if (br.length + 1 > BR_PLACEHOLDER.length) throw new BidSealError('E_PDF_UNSUPPORTED', 'file too large for the ByteRange placeholder');
  revision.set(latin1(br.padEnd(BR_PLACEHOLDER.length - 1, ' ') + ']'), brAt);

  // --- digest of the ByteRange (streamed) ----------------------------------------------------------------
  const h = createContentHash(o.alg);
  let done = 0;
  for await (const chunk of readRange(source, 0, base)) {
    if (o.signal?.aborted) throw new BidSealError('E_CANCELLED');
    h.update(chunk);
    o.onProgress?.((done += chunk.length), base);
  }
  h.update(revision.subarray(0, contentsAt));
  h.update(revision.subarray(contentsAt + contentsPlaceholder.length));
  const documentDigest = h.digest();

  const signedAttrs = buildSignedAttributes({ contentDigest: documentDigest, alg: o.alg, certificateDer: o.certificateDer, signingTime, includeSigningTime: o.subFilter !== 'ETSI.CAdES.detached' });
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
    documentDigest,
    digestAlgorithm: digestNameOf(o.alg),
    signedAttrs,
    toBeSigned: digestToSign(signedAttrs, o.alg, o.certificateDer),
  };
}

/** Stage 2b: the CMS SignedData for a signature value returned by the carrier. */
export function assemble(prepared: PreparedSignature, signature: Uint8Array): Uint8Array {
  return assembleSignedData({ signedAttrs: prepared.signedAttrs, signature, alg: prepared.alg, certificateDer: prepared.certificateDer, chain: prepared.chain });
}

/** Stage 3: the signed file as a stream of chunks (original bytes, then the revision with /Contents filled). */
export async function* embed(prepared: PreparedSignature, cmsDer: Uint8Array): AsyncGenerator<Uint8Array> {
  if (cmsDer.length > prepared.capacity) throw new BidSealError('E_PDF_SIGNATURE_SPACE', `CMS is ${cmsDer.length} bytes, ${prepared.capacity} reserved`);
  const rev = Uint8Array.from(prepared.revision);
  const hex = Array.from(cmsDer, (x) => x.toString(16).padStart(2, '0')).join('');
  rev.set(latin1(hex), prepared.contentsAt + 1);
  yield* readRange(prepared.source, 0, prepared.source.size);
  yield rev;
}

/** All three stages with one carrier: prepare → signDigest → embed. */
export async function signPdf(source: RandomAccessSource, signer: Signer, o: Omit<SignOptions, 'certificateDer'>): Promise<AsyncGenerator<Uint8Array>> {
  if (!signer.algorithms.includes(o.alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `the carrier cannot do ${o.alg}`);
  const p = await prepare(source, { ...o, certificateDer: signer.certificateDer });
  const signature = await signer.signDigest(p.toBeSigned, o.alg, o.signal);
  const cms = assemble(p, signature);
  await checkSignedData(p, cms);
  return embed(p, cms);
}

/** Verifies a CMS against the prepared digest before anything is written (a token with the wrong key, a
 *  carrier returning raw r‖s where DER was promised, … are caught here, not by the bidding platform). */
export async function checkSignedData(p: PreparedSignature, cmsDer: Uint8Array): Promise<void> {
  const [r] = await verifySignedData(cmsDer, { digest: async () => p.documentDigest }, { requireDetached: true });
  if (!r?.intact) throw new BidSealError('E_BAD_SIGNATURE', `the carrier's signature does not verify with the certificate${r?.error ? `: ${r.error.message}` : ''}`);
}

