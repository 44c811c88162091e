// Runs anywhere (pure). PAdES long-term levels (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.4.3, §12.8.5): a
// revision adding the Document Security Store (certificates, CRLs, OCSP responses, and a VRI entry per
// signature keyed by the uppercase hex SHA-1 of its /Contents value) → B-LT; a document timestamp
// (/Type /DocTimeStamp, ETSI.RFC3161) over everything before it → B-LTA. Works on any signed PDF, whoever
// signed it. Revocation material comes in through LtvMaterial (files today; the revocation service later).
import { sha1 } from '@noble/hashes/legacy.js';
import { BidSealError } from '../errors';
import { getDigest } from '../crypto/algorithms';
import { parseBerPrefix, definiteEncoding, toHex, bytesEqual } from '../asn1';
import { OIDS, parseSignedData } from '../cms/signed-data';
import type { Timestamper } from '../pki/tsp';
import { IncrementalUpdate } from './incremental-writer';
import { PdfDict, PdfRaw, PdfRef, PdfStream, PdfString, latin1, name, type PdfObject } from './objects';
import { hashRange, type RandomAccessSource } from './source';
import { PdfDocument } from './xref';
import { findSignatureFields, type HashFactoryLike } from './verify';
import { BR_PLACEHOLDER, finishSignedRevision, patchByteRange } from './sign';

/** Validation material to embed: certificates (DER), CRLs (DER) and OCSP responses (DER OCSPResponse). */
export interface LtvMaterial {
  certificates?: Uint8Array[];
  crls?: Uint8Array[];
  ocsps?: Uint8Array[];
}

/** What the DSS of a document holds (for inspection and for validation from the embedded evidence). */
export interface DssContent {
  certificates: Uint8Array[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
  /** VRI keys (uppercase hex SHA-1 of a signature's /Contents) */
  vri: string[];
}

/** The VRI key of a signature (ETSI EN 319 142-1 §5.4.2.2): uppercase hex SHA-1 of the /Contents bytes. */
export const vriKey = (contents: Uint8Array): string => toHex(sha1(contents)).toUpperCase();

/** The certificates inside a signature's CMS, and inside its signature timestamp token, if any. */
function certificatesOf(contents: Uint8Array): Uint8Array[] {
  try {
    if (contents.every((x) => x === 0)) return [];
    const sd = parseSignedData(definiteEncoding(parseBerPrefix(contents)));
    const out = [...sd.certificates];
    for (const si of sd.signers)
      for (const a of si.unsignedAttributes ?? []) if (a.type === OIDS.signatureTimeStampToken) for (const v of a.values) out.push(...parseSignedData(v.raw).certificates);
    return out;
  } catch {
    return []; // adbe.x509.rsa_sha1 (/Cert carries them) or an unreadable CMS: nothing from here
  }
}

/** Reads the DSS of the newest revision. */
export async function readDss(doc: PdfDocument): Promise<DssContent> {
  const dss = await doc.resolveDict((await doc.catalog()).get('DSS'));
  const list = async (k: string): Promise<Uint8Array[]> => {
    const arr = await doc.resolve(dss?.get(k));
    const out: Uint8Array[] = [];
    for (const x of Array.isArray(arr) ? arr : []) {
      const s = await doc.resolve(x);
      if (s instanceof PdfStream) out.push(await doc.streamData(s));
    }
    return out;
  };
  const vri = await doc.resolveDict(dss?.get('VRI'));
  return { certificates: await list('Certs'), crls: await list('CRLs'), ocsps: await list('OCSPs'), vri: vri ? [...vri.map.keys()] : [] };
}

/**
 * A revision adding (or extending) the DSS for every signature of the document: the certificates of each CMS
 * and its timestamp token, plus `material`. Returns the bytes to append.
 */
export async function buildDssRevision(source: RandomAccessSource, material: LtvMaterial = {}): Promise<Uint8Array> {
  const doc = await PdfDocument.open(source);
  const fields = await findSignatureFields(doc);
  if (!fields.length) throw new BidSealError('E_PDF_SIGNATURE_INVALID', 'the document has no signatures to extend');
  const upd = new IncrementalUpdate(doc);
  const catalog = (await doc.catalog()).clone();
  const oldDssVal = catalog.get('DSS');
  const oldDss = await doc.resolveDict(oldDssVal);
  const dss = new PdfDict([['Type', name('DSS')]]);

  // existing entries are kept as they are (same references); new ones become streams
  const pools = new Map<string, { refs: PdfObject[]; data: Uint8Array[] }>();
  for (const k of ['Certs', 'CRLs', 'OCSPs']) {
    const arr = await doc.resolve(oldDss?.get(k));
    const pool = { refs: [] as PdfObject[], data: [] as Uint8Array[] };
    for (const x of Array.isArray(arr) ? arr : []) {
      const s = await doc.resolve(x);
      if (s instanceof PdfStream) {
        pool.refs.push(x);
        pool.data.push(await doc.streamData(s));
      }
    }
    pools.set(k, pool);
  }
  const add = (k: string, der: Uint8Array): PdfObject => {
    const pool = pools.get(k)!;
    const i = pool.data.findIndex((d) => bytesEqual(d, der));
    if (i >= 0) return pool.refs[i];
    const r = upd.allocate();
    upd.set(r, new PdfStream(new PdfDict(), der));
    pool.refs.push(r);
    pool.data.push(der);
    return r;
  };
  const crlRefs = (material.crls ?? []).map((c) => add('CRLs', c));
  const ocspRefs = (material.ocsps ?? []).map((c) => add('OCSPs', c));
  const extraCerts = (material.certificates ?? []).map((c) => add('Certs', c));

  const vri = (await doc.resolveDict(oldDss?.get('VRI')))?.clone() ?? new PdfDict();
  for (const f of fields) {
    const contents = f.sig.get('Contents');
    if (!(contents instanceof PdfString)) continue;
    const certs = [...certificatesOf(contents.bytes).map((c) => add('Certs', c)), ...extraCerts];
    const entry = new PdfDict();
    if (certs.length) entry.set('Cert', [...new Set(certs)]);
    if (crlRefs.length) entry.set('CRL', crlRefs);
    if (ocspRefs.length) entry.set('OCSP', ocspRefs);
    vri.set(vriKey(contents.bytes), entry);
  }
  for (const [k, pool] of pools) if (pool.refs.length) dss.set(k, pool.refs);
  dss.set('VRI', vri);
  if (oldDssVal instanceof PdfRef) upd.set(oldDssVal, dss);
  else {
    const r = upd.allocate();
    upd.set(r, dss);
    catalog.set('DSS', r);
    upd.set(doc.trailer.get('Root') as PdfRef, catalog);
  }
  return (await upd.build()).bytes;
}

/**
 * A revision with a document timestamp (PAdES B-LTA): an invisible signature field whose /V is a
 * /Type /DocTimeStamp dictionary with the TSA's token over the ByteRange in /Contents. `head` is the document
 * it is appended to. Returns the bytes to append.
 */
export async function buildDocumentTimestamp(head: RandomAccessSource, tsa: Timestamper, o: { createHash?: HashFactoryLike; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const p = await prepareDocumentTimestamp(head, tsa, o);
  const h = o.createHash?.(p.digestName) ?? getDigest(p.digestName).create();
  await hashRange(head, 0, head.size, h, o.signal);
  return finishDocumentTimestamp(p, tsa, p.hashRevision(h).digest(), o.signal);
}

/** A document timestamp revision with its ByteRange set and /Contents still zeros (the first half of
 *  buildDocumentTimestamp, for a writer that hashes the document while copying it). */
export interface PreparedDocumentTimestamp {
  revision: Uint8Array;
  contentsAt: number;
  capacity: number;
  digestName: string;
  /** feeds the revision's signed bytes (all but /Contents) into a hash that has seen the whole head */
  hashRevision<H extends { update(b: Uint8Array): unknown }>(h: H): H;
}

export async function finishDocumentTimestamp(p: PreparedDocumentTimestamp, tsa: Timestamper, imprint: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  const token = await tsa.timestampImprint!(imprint, signal);
  if (token.length > p.capacity) throw new BidSealError('E_PDF_SIGNATURE_SPACE', `timestamp token is ${token.length} bytes, ${p.capacity} reserved`);
  const rev = Uint8Array.from(p.revision);
  rev.set(latin1(toHex(token)), p.contentsAt + 1);
  return rev;
}

export async function prepareDocumentTimestamp(head: RandomAccessSource, tsa: Timestamper, o: { signal?: AbortSignal } = {}): Promise<PreparedDocumentTimestamp> {
  if (!tsa.timestampImprint) throw new BidSealError('E_INVALID_ARGUMENT', 'this timestamper cannot stamp a precomputed imprint');
  const doc = await PdfDocument.open(head);
  const upd = new IncrementalUpdate(doc);
  const rootRef = doc.trailer.get('Root') as PdfRef;
  const catalog = (await doc.catalog()).clone();
  const acroVal = catalog.get('AcroForm');
  const acro = ((await doc.resolveDict(acroVal)) ?? new PdfDict()).clone();
  const fv = acro.get('Fields');
  const fields: PdfObject[] = [...(((await doc.resolve(fv)) as PdfObject[] | null) ?? [])];
  const names = new Set<string>();
  for (const f of fields) {
    const t = (await doc.resolveDict(f))?.get('T');
    if (t instanceof PdfString) names.add(t.toText());
  }
  let fieldName = 'DocTimeStamp1';
  for (let i = 2; names.has(fieldName); i++) fieldName = `DocTimeStamp${i}`;

  const capacity = Math.ceil((await tsa.tokenSize(o.signal)) * 1.1) + 256;
  const placeholder = '<' + '0'.repeat(capacity * 2) + '>';
  const sigRef = upd.allocate();
  const fieldRef = upd.allocate();
  const apRef = upd.allocate();
  upd.set(sigRef, new PdfDict([['Type', name('DocTimeStamp')], ['Filter', name('Adobe.PPKLite')], ['SubFilter', name('ETSI.RFC3161')], ['ByteRange', new PdfRaw(BR_PLACEHOLDER)], ['Contents', new PdfRaw(placeholder)]]));
  upd.set(apRef, new PdfStream(new PdfDict([['Type', name('XObject')], ['Subtype', name('Form')], ['BBox', [0, 0, 0, 0]]]), new Uint8Array(0)));
  const page = (await doc.pages())[0];
  upd.set(fieldRef, new PdfDict([['FT', name('Sig')], ['T', PdfString.text(fieldName)], ['V', sigRef], ['Type', name('Annot')], ['Subtype', name('Widget')], ['F', 132], ['P', page], ['Rect', [0, 0, 0, 0]], ['AP', new PdfDict([['N', apRef]])]]));
  // the widget on page 1 (an indirect /Annots array is rewritten, a direct one with its page)
  const pd = (await doc.resolveDict(page))!.clone();
  const annots = pd.get('Annots');
  if (annots instanceof PdfRef) upd.set(annots, [...(((await doc.resolve(annots)) as PdfObject[] | null) ?? []), fieldRef]);
  else upd.set(page, pd.set('Annots', [...((annots as PdfObject[] | undefined) ?? []), fieldRef]));
  fields.push(fieldRef);
  if (fv instanceof PdfRef) upd.set(fv, fields);
  else acro.set('Fields', fields);
  const built = await finishSignedRevision(upd, { acro, acroRef: acroVal instanceof PdfRef ? acroVal : undefined, catalog, rootRef });
  const rev = built.bytes;
  const { contentsAt } = patchByteRange(rev, built.offsets.get(sigRef.num)!, head.size, placeholder);

  const end = contentsAt + placeholder.length;
  return {
    revision: rev,
    contentsAt,
    capacity,
    digestName: tsa.digest ?? 'SHA-256',
    hashRevision: (h) => (h.update(rev.subarray(0, contentsAt)), h.update(rev.subarray(end)), h),
  };
}
