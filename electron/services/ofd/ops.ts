// Runs in Node (Electron main, the Node host, tests; never imports `electron`). OFD documents (GB/T 33190) of the
// document store: inspect (pages and every signature's verdict, as `bidseal ofd verify` gives it) and seal with an
// electronic seal from the bidder's library (shared/ofd sealOfd: Signatures.xml, Signature.xml with SM3 references,
// SignedValue.dat holding the SES_Signature, stamp annotations). Everything that can be checked without the key is
// checked before the carrier is opened; the output is written to the store's temp file, verified, then committed.
import { open, readFile, writeFile } from 'node:fs/promises';
import { BidSealError } from '../../../shared/errors';
import { OfdPackage, readStructure } from '../../../shared/ofd/package';
import { sealOfd, verifyOfd, type StampPlacement } from '../../../shared/ofd/signatures';
import { ofdVerifyView, type OfdVerifyView } from '../../../shared/ofd/views';
import { drawOfdPage } from '../../../shared/ofd/render';
import { bytesToBase64 } from '../../../shared/asn1';
import type { OfdPageDrawing } from '../../../shared/ipc/specs/ofd';
import { parseSeal, sealUsabilityError, verifySeal } from '../../../shared/eseal/seal';
import type { Signer } from '../../../shared/pki/carrier';
import type { FileStore, StoredFile } from '../documents/file-store';
import { listTrustEntries } from '../pki/trust-store';
import { signedName } from '../pdf/ops';
import { sealDerOf } from '../documents/seal-library';

export const OFD_MEDIA_TYPE = 'application/ofd';
export const isOfd = (f: Pick<StoredFile, 'mediaType' | 'name'>): boolean => f.mediaType === OFD_MEDIA_TYPE || /\.ofd$/i.test(f.name);

export interface OfdInspectView {
  pages: Array<{ index: number; widthMm: number; heightMm: number }>;
  verify: OfdVerifyView;
}

export interface OfdSealRequest {
  fileId: string;
  sealFileId: string;
  /** top-left corner of the seal in mm from the page's top-left corner */
  placements?: StampPlacement[];
  crossPage?: { y?: number };
}

async function openOfd(store: FileStore, fileId: string): Promise<{ file: StoredFile; pkg: OfdPackage }> {
  const file = await store.get(fileId);
  if (!isOfd(file)) throw new BidSealError('E_OFD_NOT_OFD', undefined, { id: fileId });
  return { file, pkg: OfdPackage.open(new Uint8Array(await readFile(await store.pathOf(fileId)))) };
}

const anchorsOf = async (dataDir: string) => (await listTrustEntries(dataDir)).map((e) => e.certificate.der);

export async function verifyOfdDocument(store: FileStore, dataDir: string, fileId: string): Promise<OfdVerifyView> {
  const { pkg } = await openOfd(store, fileId);
  const anchors = await anchorsOf(dataDir);
  return ofdVerifyView(await verifyOfd(pkg, { anchors, tsaAnchors: anchors }));
}

export async function inspectOfdDocument(store: FileStore, dataDir: string, fileId: string): Promise<OfdInspectView> {
  const { pkg } = await openOfd(store, fileId);
  const doc = readStructure(pkg)[0];
  const anchors = await anchorsOf(dataDir);
  return {
    pages: (doc?.pages ?? []).map((p, index) => ({ index, widthMm: p.box[2], heightMm: p.box[3] })),
    verify: ofdVerifyView(await verifyOfd(pkg, { anchors, tsaAnchors: anchors })),
  };
}

/** One page as a draw list for the document view; pictures and embedded fonts as base64. */
export async function drawOfdDocumentPage(store: FileStore, fileId: string, page: number): Promise<OfdPageDrawing> {
  const { pkg } = await openOfd(store, fileId);
  const d = drawOfdPage(pkg, page);
  return {
    ...d,
    fonts: d.fonts.map((f) => ({ id: f.id, name: f.name, family: f.family, ...(f.data ? { data: bytesToBase64(f.data) } : {}) })),
    media: Object.fromEntries(Object.entries(d.media).map(([k, v]) => [k, { mediaType: v.mediaType, data: bytesToBase64(v.data) }])),
  };
}

/**
 * The OFD documents among a package's files (by content: a ZIP with OFD.xml) and how their signatures stand, for
 * the seal pre-flight: unsigned ones, and ones with a signature that does not verify or a part added after it.
 */
export async function ofdSignaturesOf(docs: readonly { path: string; name: string }[]): Promise<{ documents: number; unsigned: string[]; broken: string[] }> {
  const r = { documents: 0, unsigned: [] as string[], broken: [] as string[] };
  for (const d of docs) {
    const head = await readHead(d.path);
    if (!(head[0] === 0x50 && head[1] === 0x4b) && !/\.ofd$/i.test(d.name)) continue;
    let pkg: OfdPackage;
    try {
      pkg = OfdPackage.open(new Uint8Array(await readFile(d.path)));
    } catch {
      if (/\.ofd$/i.test(d.name)) r.broken.push(d.name); // named OFD but unreadable
      continue; // another ZIP (e.g. an archive of scans)
    }
    r.documents++;
    const v = await verifyOfd(pkg).catch(() => undefined);
    if (!v) r.broken.push(d.name);
    else if (!v.signatures.length) r.unsigned.push(d.name);
    else if (!v.ok) r.broken.push(d.name);
  }
  return r;
}

async function readHead(p: string): Promise<Uint8Array> {
  const fh = await open(p, 'r');
  try {
    const b = new Uint8Array(4);
    await fh.read(b, 0, 4, 0);
    return b;
  } finally {
    await fh.close();
  }
}

/** What sealing needs, checked before any PIN: the OFD opens, the seal parses, every page exists. */
export async function planOfdSeal(store: FileStore, req: OfdSealRequest): Promise<{ file: StoredFile; pkg: OfdPackage; seal: Uint8Array }> {
  const { file, pkg } = await openOfd(store, req.fileId);
  const sealFile = await store.get(req.sealFileId);
  const seal = sealDerOf(new Uint8Array(await readFile(await store.pathOf(sealFile.id))));
  parseSeal(seal);
  const pages = readStructure(pkg)[0]?.pages.length ?? 0;
  if (!req.placements?.length && !req.crossPage) throw new BidSealError('E_INVALID_ARGUMENT', 'place the seal on a page or across pages');
  for (const p of req.placements ?? []) if (p.page >= pages) throw new BidSealError('E_INVALID_ARGUMENT', `page ${p.page + 1} does not exist (the document has ${pages})`);
  if (req.crossPage && pages < 2) throw new BidSealError('E_INVALID_ARGUMENT', 'a cross-page seal needs at least two pages');
  return { file, pkg, seal };
}

/** Seals the OFD with the signer; the result is a new document in the store (the input is never touched). */
export async function sealOfdDocument(store: FileStore, dataDir: string, plan: Awaited<ReturnType<typeof planOfdSeal>>, req: OfdSealRequest, signer: Signer, signal?: AbortSignal): Promise<{ file: StoredFile; verify: OfdVerifyView }> {
  // refused before anything is signed: an altered, expired or not-yet-valid seal, or one that does not list this certificate
  const err = sealUsabilityError(await verifySeal(parseSeal(plan.seal), { signerCert: signer.certificateDer }));
  if (err) throw err;
  const sealed = await sealOfd(plan.pkg, signer, { seal: plan.seal, ...(req.placements?.length ? { placements: req.placements } : {}), ...(req.crossPage ? { crossPage: req.crossPage } : {}), ...(signal ? { signal } : {}) });
  const bytes = sealed.toBytes();
  // checked as written: the new signature and every earlier one must verify before the file enters the store
  const anchors = await anchorsOf(dataDir);
  const report = await verifyOfd(OfdPackage.open(bytes), { anchors, tsaAnchors: anchors });
  const bad = report.signatures.find((s) => !s.intact);
  if (bad) throw new BidSealError('E_OFD_SIGNATURE_INVALID', `the sealed OFD does not verify: signature ${bad.id}${bad.error ? ` (${bad.error.message})` : ''}`);
  const out = await store.output({ name: signedName(plan.file.name), derivedFrom: plan.file.id, mediaType: OFD_MEDIA_TYPE, tags: { ...plan.file.tags, kind: 'signed-ofd' } });
  try {
    await writeFile(out.tempPath, bytes, { mode: 0o600 });
    const file = await out.commit();
    return { file, verify: ofdVerifyView(report) };
  } catch (e) {
    await out.abort();
    throw e;
  }
}
