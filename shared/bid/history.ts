// Runs anywhere (pure). The generation history of sealed bids: one BidRecord per successful
// seal, written by the CLI and the app, read by the upload engineer (uploads[]) and the projects view.
// The record is what a bidder needs months later to prove what was sealed, to whom, and where the
// backup lies: hashes of the sealed file, the package and the backup, the signer and every recipient.
import { z } from 'zod';
import { SealCipher } from '../envelope/cipher-names';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
const IsoTime = z.string().min(10).max(40);

export const CertRef = z.object({
  subject: z.string().max(2000),
  issuer: z.string().max(2000),
  serialNumber: z.string().max(200),
  notAfter: IsoTime,
});
export type CertRef = z.infer<typeof CertRef>;

export const RecipientRef = CertRef.extend({
  role: z.enum(['platform', 'escrow', 'tenderer', 'bidder', 'other']).optional(),
});
export type RecipientRef = z.infer<typeof RecipientRef>;

/** 'portal': handed in by the bidder through the platform's web portal (receipt attached, not verified by BidSeal) */
export const UploadStatus = z.enum(['queued', 'uploading', 'uploaded', 'failed', 'refused', 'portal']);
export type UploadStatus = z.infer<typeof UploadStatus>;

/**
 * The receipt of a hand-in through a platform's web portal (shared/platforms/portal.ts): the portal's own
 * 回执 (PDF or screenshot) as the bidder attached it, kept in the document store, beside the hashes of
 * the sealed file it is for. BidSeal did not verify it (the portal's receipts are not signed data).
 */
export const PortalReceipt = z.object({
  kind: z.literal('portal'),
  fileId: z.string().regex(/^[0-9a-f]{32}$/),
  name: z.string().max(255),
  mediaType: z.enum(['application/pdf', 'image/png', 'image/jpeg']),
  size: z.number().int().nonnegative(),
  sha256: Hex64,
  attachedAt: IsoTime,
  /** the sealed bid the receipt is for, as recorded when it was sealed */
  sealed: z.object({ sha256: Hex64, sm3: Hex64, size: z.number().int().nonnegative() }),
  /** the file name the hand-in copy was written under (when BidSeal prepared it) */
  preparedName: z.string().max(255).optional(),
});
export type PortalReceipt = z.infer<typeof PortalReceipt>;

export const UploadRecord = z.object({
  at: IsoTime,
  platformId: z.string().max(64),
  url: z.string().max(2000).optional(),
  uploadId: z.string().max(200).optional(),
  status: UploadStatus,
  /** filled by the upload service (the platform's signed receipt, its verification) */
  receipt: z.unknown().optional(),
});
export type UploadRecord = z.infer<typeof UploadRecord>;

export const BidCustodyName = z.union([z.enum(['single', 'joint']), z.string().regex(/^threshold:[1-9]\d*$/)]);

export const BidRecord = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: IsoTime,
  bidder: z.object({ name: z.string().max(200), uscc: z.string().max(40) }),
  tender: z.object({ projectId: z.string().max(200), lot: z.string().max(200).optional(), title: z.string().max(500).optional() }),
  platformId: z.string().max(64).optional(),
  sealed: z.object({ fileId: z.string().optional(), path: z.string().max(4096), size: z.number().int().nonnegative(), sha256: Hex64, sm3: Hex64 }),
  backup: z.object({ fileId: z.string().optional(), path: z.string().max(4096), sha256: Hex64 }).optional(),
  /** SM3 of the signed package (the ZIP inside the envelope) */
  packageSm3: Hex64,
  cipher: SealCipher,
  /** CMS flavour of the envelope and of manifest.p7s (absent in records written before it was recorded) */
  flavour: z.object({ envelope: z.enum(['gm', 'rfc5652']), signature: z.enum(['gm', 'rfc5652']) }).optional(),
  /** 'single' | 'joint' | 'threshold:K' */
  custody: BidCustodyName,
  signer: CertRef,
  recipients: z.array(RecipientRef),
  openingTime: IsoTime.optional(),
  uploads: z.array(UploadRecord).default([]),
});
export type BidRecord = z.infer<typeof BidRecord>;
/** What appendRecord takes: id and createdAt are filled when absent; uploads default to []. */
export type BidRecordInput = Omit<z.input<typeof BidRecord>, 'id' | 'createdAt'> & { id?: string; createdAt?: string };

export const BidHistoryFilter = z.object({
  bidderUscc: z.string().max(40).optional(),
  platformId: z.string().max(64).optional(),
  projectId: z.string().max(200).optional(),
});
export type BidHistoryFilter = z.infer<typeof BidHistoryFilter>;

export const HISTORY_FORMAT = 'bidseal-bid-history/1';
export const BidHistoryFile = z.object({ format: z.literal(HISTORY_FORMAT), records: z.array(BidRecord) });
export type BidHistoryFile = z.infer<typeof BidHistoryFile>;

export function matchesFilter(r: BidRecord, f: BidHistoryFilter = {}): boolean {
  return (!f.bidderUscc || r.bidder.uscc === f.bidderUscc) && (!f.platformId || r.platformId === f.platformId) && (!f.projectId || r.tender.projectId === f.projectId);
}

/** 'single' | 'joint' | 'threshold:K' from the sealing option. */
export function custodyName(c: { kind: 'single' } | { kind: 'joint' } | { kind: 'threshold'; k: number }): string {
  return c.kind === 'threshold' ? `threshold:${c.k}` : c.kind;
}
