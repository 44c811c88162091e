// Runs anywhere (pure). IPC schemas: uploads, outbox and receipts. The outbox is polled
// (upload.list carries each running item's live bytes, speed and time left), which survives renderer
// reloads and needs no subscription; items are named by their outbox id, documents by store id.
import { z } from 'zod';
import { Base64, type OpSpec } from '../schemas';
import type { UploadOperation } from '../ops/upload';

const Id = z.string().regex(/^[0-9a-f]{32}$/, 'outbox id');
const FileId = z.string().regex(/^[0-9a-f]{32}$/, 'document id');
const PlatformId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'platform id');
const IsoTime = z.iso.datetime({ offset: true });

/** An outbox item's life: queued → uploading → done, or paused / waiting-network / failed / refused / cancelled. */
export const OutboxState = z.enum(['queued', 'uploading', 'paused', 'waiting-network', 'done', 'failed', 'refused', 'cancelled']);
export type OutboxState = z.infer<typeof OutboxState>;

/** What a platform's receipt says, as kept with the outbox item (electron/services/upload/outbox.ts). */
export const ReceiptSummaryView = z.object({
  uploadId: z.string(),
  platformId: z.string(),
  fileName: z.string(),
  receivedAt: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  sm3: z.string(),
  duplicate: z.boolean(),
  /** verified against the platform's receipt certificate (false: no certificate known to check with) */
  verified: z.boolean(),
  signer: z.string().optional(),
  signatureAlgorithm: z.string().optional(),
  /** the receipt in the document store */
  fileId: z.string().optional(),
});
export type ReceiptSummaryView = z.infer<typeof ReceiptSummaryView>;

/**
 * An outbox item as the UI sees it. The stored item (OutboxItem in electron/services/upload/outbox.ts) is
 * derived from this one: it drops receiptCheck and progress and adds what stays in the host (the file's
 * path, the upload URL, the receipt certificate, the bidder and tender sent as upload metadata).
 */
export const OutboxItemView = z.object({
  id: Id,
  createdAt: z.string(),
  updatedAt: z.string(),
  fileId: z.string().optional(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  sm3: z.string(),
  platformId: z.string(),
  endpoint: z.string(),
  /** the platform's receipt certificate is known: receipts are verified */
  receiptCheck: z.boolean(),
  deadline: z.string().optional(),
  recordId: z.string().optional(),
  state: OutboxState,
  bytesSent: z.number().int().nonnegative(),
  /** the offset the last transfer started from (> 0: resumed) */
  resumedFrom: z.number().int().nonnegative().optional(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  receipt: ReceiptSummaryView.optional(),
  /** the running transfer: bytes per second over the last seconds, seconds left at that speed (null: unknown) */
  progress: z.object({ bytesDone: z.number(), bytesTotal: z.number(), speed: z.number(), eta: z.number().nullable() }).optional(),
});
export type OutboxItemView = z.infer<typeof OutboxItemView>;

export const VerifiedReceiptView = z.object({
  payload: z.object({
    format: z.string(),
    platformId: z.string(),
    uploadId: z.string(),
    fileName: z.string(),
    size: z.number(),
    sha256: z.string(),
    sm3: z.string(),
    receivedAt: z.string(),
    bidder: z.string().optional(),
    tender: z.string().optional(),
    duplicateOf: z.string().optional(),
  }),
  signer: z.object({ subject: z.string(), serialNumber: z.string(), fingerprintSha256: z.string(), notAfter: z.string() }),
  signatureAlgorithm: z.string(),
  signingTime: z.string().optional(),
  /** compared with this stored file (fileId given) */
  matchedFile: z.boolean(),
});
export type VerifiedReceiptView = z.infer<typeof VerifiedReceiptView>;

const ById = z.object({ id: Id }).strict();

export const uploadSpecs = {
  'upload.enqueue': {
    request: z
      .object({
        fileId: FileId,
        platformId: PlatformId,
        // No URL: uploads go only to the endpoint of the named platform (docs/ipc-security.md).
        /** the bid deadline (投标截止时间); default: the bid record's opening time */
        deadline: IsoTime.optional(),
        /** the bid history record (default: the record whose sealed file is fileId) */
        recordId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
      })
      .strict(),
    response: OutboxItemView,
  },
  'upload.list': { request: z.object({}).strict(), response: z.object({ items: z.array(OutboxItemView) }) },
  'upload.start': { request: ById, response: OutboxItemView },
  'upload.pause': { request: ById, response: OutboxItemView },
  'upload.resume': { request: ById, response: OutboxItemView },
  'upload.cancel': { request: ById, response: OutboxItemView },
  'upload.remove': { request: ById, response: z.object({ removed: z.boolean() }) },
  'upload.receipt': { request: ById, response: z.object({ data: Base64, fileId: z.string().optional(), receipt: ReceiptSummaryView }) },
  'receipt.verify': {
    request: z
      .object({
        data: Base64,
        /** the platform whose receipt certificate to check against … */
        platformId: PlatformId.optional(),
        /** … or that certificate itself (PEM) */
        certificatePem: z.string().max(20_000).optional(),
        /** also check the receipt names this stored file (SHA-256 and size) */
        fileId: FileId.optional(),
      })
      .strict()
      .refine((r) => r.platformId !== undefined || r.certificatePem !== undefined, 'platformId or certificatePem'),
    response: VerifiedReceiptView,
  },
} as const satisfies Record<UploadOperation, OpSpec>;
