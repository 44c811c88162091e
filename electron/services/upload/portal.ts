// Runs in Node (Electron main, the Node host, the CLI). Handing a sealed bid in through a platform's web
// portal (docs/formats/platform-directory.md §7.5), for platforms whose directory entry names no upload
// API: the hand-in copy under the name the portal expects (refused above the platform's size limit;
// written to a temp name, its SHA-256 checked against the bid record, then renamed), and the portal's own
// receipt (PDF or PNG/JPEG screenshot) kept in the document store and in the bid's history beside the
// sealed file's hashes. BidSeal never claims to have verified such a receipt.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { checkPortalReceipt, checkPortalSize, extensionOf, portalFileName, portalRequirements, MAX_RECEIPT_BYTES, RECEIPT_MEDIA_TYPES, type PortalRequirements } from '../../../shared/platforms/portal';
import { PortalReceipt, type BidRecord, type UploadRecord } from '../../../shared/bid/history';
import { getPlatform } from '../platforms/directory';
import { getRecord, listRecords, updateRecord } from '../bid/history';
import { openFileStore } from '../documents/file-store';
import { openAtomic } from '../fs/atomic-write';
import { readFileChunks, regularFileSize } from '../fs/file-read';
import { checkImportablePdf } from '../pdf/ops';
import { digestFile } from './file-digest';

/** Which sealed bid: its history record, or its file in the store, or its SHA-256 (the CLI's file). */
export type BidRef = { recordId: string } | { fileId: string } | { sha256: string };

async function findRecord(dataDir: string, ref: BidRef): Promise<BidRecord> {
  if ('recordId' in ref) return getRecord(dataDir, ref.recordId);
  const all = await listRecords(dataDir);
  const r = 'fileId' in ref ? all.find((x) => x.sealed.fileId === ref.fileId) : all.find((x) => x.sealed.sha256 === ref.sha256);
  if (!r) throw new BidSealError('E_BID_RECORD_NOT_FOUND', 'no bid generation record for this sealed file (seal it with BidSeal first)', { ...ref });
  return r;
}

/** Where the sealed bid's bytes are: the store copy when the record names one, else the path it was sealed to. */
async function sealedPathOf(dataDir: string, rec: BidRecord): Promise<string> {
  if (rec.sealed.fileId) return openFileStore(dataDir).pathOf(rec.sealed.fileId);
  return rec.sealed.path;
}

export interface PortalPlan {
  requirements: PortalRequirements;
  recordId: string;
  /** the file name the portal expects (from the pattern, or BidSeal's default when the pattern is 待确认) */
  fileName: string;
  sealed: { size: number; sha256: string; sm3: string; fileId?: string };
  /** within the size limit (null: the limit is not published) */
  sizeOk: boolean | null;
  /** the extension is one the portal accepts (null: formats not published) */
  formatOk: boolean | null;
}

/** What handing this bid in through the platform's portal takes, from the directory and the bid record. */
export async function portalPlan(dataDir: string, platformId: string, ref: BidRef): Promise<PortalPlan> {
  const req = portalRequirements(await getPlatform(dataDir, platformId));
  const rec = await findRecord(dataDir, ref);
  const ext = extensionOf(rec.sealed.path) || 'p7m';
  const fileName = portalFileName(req.fileNamePattern, { uscc: rec.bidder.uscc, bidder: rec.bidder.name, project: rec.tender.projectId, ...(rec.tender.lot ? { lot: rec.tender.lot } : {}), ext });
  return {
    requirements: req,
    recordId: rec.id,
    fileName,
    sealed: { size: rec.sealed.size, sha256: rec.sealed.sha256, sm3: rec.sealed.sm3, ...(rec.sealed.fileId ? { fileId: rec.sealed.fileId } : {}) },
    sizeOk: req.maxBytes === null ? null : rec.sealed.size <= req.maxBytes,
    formatOk: req.formats === null ? null : req.formats.includes(extensionOf(fileName)),
  };
}

/**
 * Checks that the sealed bid is still the one recorded (size and SHA-256) and within the platform's
 * limit; returns the plan and the sealed file's path. Used before a copy and before the Node host's download.
 */
export async function checkedSealed(dataDir: string, platformId: string, ref: BidRef): Promise<{ plan: PortalPlan; sealedPath: string }> {
  const plan = await portalPlan(dataDir, platformId, ref);
  checkPortalSize(plan.sealed.size, plan.requirements.maxBytes, platformId);
  const rec = await getRecord(dataDir, plan.recordId);
  const sealedPath = await sealedPathOf(dataDir, rec);
  const d = await digestFile(sealedPath);
  if (d.sha256 !== rec.sealed.sha256 || d.size !== rec.sealed.size) throw new BidSealError('E_PORTAL_COPY_MISMATCH', 'the stored sealed bid no longer matches its record', { path: sealedPath });
  return { plan, sealedPath };
}

/**
 * Writes the hand-in copy into `folder` under the portal's file name: `name.partial` first, its SHA-256
 * compared with the bid record, then renamed (an earlier copy of the same name is replaced only then).
 */
export async function preparePortalCopy(dataDir: string, platformId: string, ref: BidRef, folder: string): Promise<{ path: string; name: string; size: number; sha256: string; plan: PortalPlan }> {
  const { plan, sealedPath } = await checkedSealed(dataDir, platformId, ref);
  const target = path.join(folder, plan.fileName);
  const out = await openAtomic(target);
  try {
    const h = createHash('sha256');
    let size = 0;
    for await (const c of readFileChunks(sealedPath)) {
      h.update(c);
      size += c.length;
      await out.write(c);
    }
    await out.prepare();
    // what landed on the disk, read back: a copy that differs from the sealed bid is never handed in
    const written = await digestFile(out.partialPath);
    if (h.digest('hex') !== plan.sealed.sha256 || written.sha256 !== plan.sealed.sha256 || written.size !== size) {
      throw new BidSealError('E_PORTAL_COPY_MISMATCH', `the copy at ${target} differs from the sealed bid`, { path: target });
    }
    await out.commit();
    return { path: target, name: plan.fileName, size, sha256: written.sha256, plan };
  } catch (e) {
    await out.abort();
    throw e;
  }
}

/** A portal hand-in as the outbox lists it. */
export interface PortalHandIn {
  recordId: string;
  platformId: string;
  bidder: string;
  tender: string;
  sealedName: string;
  at: string;
  receipt: PortalReceipt;
}

/**
 * Attaches the portal's receipt, already in the document store (`receiptFileId`), to the bid's history:
 * refused (and removed from the store) unless it is a sound PDF, PNG or JPEG.
 */
export async function attachPortalReceipt(dataDir: string, opts: { platformId: string; ref: BidRef; receiptFileId: string; now?: Date }): Promise<PortalHandIn> {
  const store = openFileStore(dataDir);
  const rec = await findRecord(dataDir, opts.ref);
  // E_PLATFORM_UNKNOWN; the name the hand-in copy carries on the portal
  const preparedName = (await portalPlan(dataDir, opts.platformId, { recordId: rec.id })).fileName;
  const f = await store.get(opts.receiptFileId);
  const file = await store.pathOf(f.id);
  let kind;
  try {
    if ((await regularFileSize(file)) > MAX_RECEIPT_BYTES) throw new BidSealError('E_PORTAL_RECEIPT_INVALID', `larger than ${MAX_RECEIPT_BYTES} bytes`);
    const bytes = new Uint8Array(await readFile(file));
    kind = checkPortalReceipt(bytes);
    if (kind === 'pdf') {
      await checkImportablePdf(file).catch((e: unknown) => {
        throw new BidSealError('E_PORTAL_RECEIPT_INVALID', `the PDF does not open: ${isBidSealError(e) ? e.code : (e as Error).message}`);
      });
    }
    const receipt = PortalReceipt.parse({
      kind: 'portal',
      fileId: f.id,
      name: f.name,
      mediaType: RECEIPT_MEDIA_TYPES[kind],
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      attachedAt: (opts.now ?? new Date()).toISOString(),
      sealed: { sha256: rec.sealed.sha256, sm3: rec.sealed.sm3, size: rec.sealed.size },
      preparedName,
    });
    await store.updateTags(f.id, { ...f.tags, kind: 'portal-receipt', bidder: f.tags.bidder ?? rec.bidder.uscc });
    const entry: UploadRecord = { at: receipt.attachedAt, platformId: opts.platformId, status: 'portal', receipt };
    const updated = await updateRecord(dataDir, rec.id, (r) => ({ ...r, uploads: [...r.uploads, entry] }));
    return handInOf(updated, entry, receipt);
  } catch (e) {
    // a file that is not a receipt leaves nothing behind in the library
    if (isBidSealError(e) && e.code === 'E_PORTAL_RECEIPT_INVALID') await store.remove(f.id).catch(() => {});
    throw e;
  }
}

function handInOf(r: BidRecord, u: UploadRecord, receipt: PortalReceipt): PortalHandIn {
  return { recordId: r.id, platformId: u.platformId, bidder: r.bidder.name, tender: [r.tender.projectId, r.tender.lot].filter(Boolean).join(' '), sealedName: path.basename(r.sealed.path), at: u.at, receipt };
}

/** Every hand-in through a portal, newest first. */
export async function listPortalHandIns(dataDir: string): Promise<PortalHandIn[]> {
  const out: PortalHandIn[] = [];
  for (const r of await listRecords(dataDir)) {
    for (const u of r.uploads) {
      if (u.status !== 'portal') continue;
      const p = PortalReceipt.safeParse(u.receipt);
      if (p.success) out.push(handInOf(r, u, p.data));
    }
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
