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

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** a sealed bid for a portal: the platform, and the bid's history record or its stored file */
const PortalBidFields = z.object({ platformId: PlatformId, recordId: z.string().regex(/^[0-9a-f]{32}$/).optional(), fileId: FileId.optional() }).strict();
const namesBid = (r: { recordId?: string; fileId?: string }) => r.recordId !== undefined || r.fileId !== undefined;
const PortalBidRequest = PortalBidFields.refine(namesBid, 'recordId or fileId');
export const PortalPlanView = z.object({
  requirements: z.object({ platformId: z.string(), portalOnly: z.boolean(), portal: z.string().nullable(), fileNamePattern: z.string().nullable(), maxBytes: z.number().nullable(), formats: z.array(z.string()).nullable() }),
  recordId: z.string(),
  fileName: z.string(),
  sealed: z.object({ size: z.number(), sha256: Hex64, sm3: Hex64, fileId: z.string().optional() }),
  sizeOk: z.boolean().nullable(),
  formatOk: z.boolean().nullable(),
});
export type PortalPlanView = z.infer<typeof PortalPlanView>;
export const PortalHandInView = z.object({
  recordId: z.string(),
  platformId: z.string(),
  bidder: z.string(),
  tender: z.string(),
  sealedName: z.string(),
  at: z.string(),
  receipt: z.object({
    kind: z.literal('portal'),
    fileId: z.string(),
    name: z.string(),
    mediaType: z.string(),
    size: z.number(),
    sha256: Hex64,
    attachedAt: z.string(),
    sealed: z.object({ sha256: Hex64, sm3: Hex64, size: z.number() }),
    preparedName: z.string().optional(),
  }),
});
export type PortalHandInView = z.infer<typeof PortalHandInView>;

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
  // Hand-in through a platform's web portal (electron/services/upload/portal.ts). The renderer names the
  // platform and the sealed bid; the portal address and any folder come from the directory and the main
  // process's own dialog (docs/ipc-security.md).
  'upload.portalPlan': { request: PortalBidRequest, response: PortalPlanView },
  'upload.portalPrepare': {
    request: PortalBidRequest,
    /** Electron: written into the folder the user chose (null: cancelled); Node host: a download of the checked copy */
    response: z.union([
      z.object({ kind: z.literal('saved'), path: z.string().nullable(), name: z.string(), sha256: z.string().optional() }),
      z.object({ kind: z.literal('download'), url: z.string(), name: z.string(), sha256: z.string() }),
    ]),
  },
  'upload.portalOpen': {
    request: z.object({ platformId: PlatformId }).strict(),
    /** opened: the main process opened it in the default browser; else the renderer offers the link (Node host) */
    response: z.object({ opened: z.boolean(), url: z.string() }),
  },
  'upload.portalAttach': {
    request: PortalBidFields.extend({ receiptFileId: FileId }).strict().refine(namesBid, 'recordId or fileId'),
    response: PortalHandInView,
  },
  'upload.portalList': { request: z.object({}).strict(), response: z.object({ items: z.array(PortalHandInView) }) },
} as const satisfies Record<UploadOperation, OpSpec>;
