// Runs anywhere (pure). IPC schemas: the bidder's seal library (electron/services/documents/seal-library.ts). A seal
// file enters through the main process's open dialog (`seals.pick`) or as bytes the renderer already uploaded into
// the store (`seals.adopt`, the Node host's way): the renderer never names a path. Refusals are typed
// (E_ESEAL_CORRUPT, E_ESEAL_UNSUPPORTED_VERSION, E_ESEAL_BAD_SIGNATURE).
import { z } from 'zod';
import { Base64, type OpSpec } from '../schemas';
import { FileId } from './files';
import type { SealsOperation } from '../ops/seals';

/** the bidder a seal belongs to (the USCC the document store tags with); absent: seals kept without a bidder */
const Bidder = z.string().min(1).max(100).optional();
export const Problem = z.object({ code: z.string(), message: z.string() });

/** A seal checked at a moment (shared/eseal/views.ts): what the PDF and OFD signature views carry for it. */
export const SealCheckFields = {
  status: z.string(),
  intact: z.boolean(),
  at: z.string(),
  maker: z.object({ subject: z.string(), serial: z.string(), notBefore: z.string(), notAfter: z.string() }).nullable(),
  makerPath: z.object({ status: z.string(), chain: z.array(z.string()) }).nullable(),
  signedForm: z.string().nullable(),
  signerListed: z.boolean().nullable(),
  problems: z.array(Problem),
};
const CertLine = z.object({ subject: z.string(), serial: z.string(), notAfter: z.string() });

export const SealEntryView = z.object({
  fileId: FileId,
  fileName: z.string(),
  addedAt: z.string(),
  sm3: z.string(),
  format: z.union([z.literal(1), z.literal(4)]),
  esId: z.string(),
  name: z.string(),
  type: z.number().int(),
  holders: z.array(CertLine),
  holderDigests: z.number().int(),
  maker: CertLine.nullable(),
  validStart: z.string(),
  validEnd: z.string(),
  /** the seal's own picture as base64 when it is PNG, JPEG or GIF (shown as an image); size in millimetres */
  picture: z.object({ type: z.string(), widthMm: z.number(), heightMm: z.number(), mediaType: z.string().nullable(), data: Base64.nullable() }),
  status: z.string(),
  problems: z.array(Problem),
  usable: z.boolean(),
});
export type SealEntryView = z.infer<typeof SealEntryView>;

const Imported = z.object({ seal: SealEntryView, alreadyPresent: z.boolean() });

export const sealsSpecs = {
  'seals.list': { request: z.object({ bidder: Bidder }).strict(), response: z.object({ seals: z.array(SealEntryView) }) },
  /** Electron: the main process's open dialog; null when cancelled. Node host: E_DIALOG_UNAVAILABLE */
  'seals.pick': { request: z.object({ bidder: Bidder }).strict(), response: Imported.nullable() },
  /** a seal file the renderer uploaded (files.import*): checked, filed in the library, the upload removed */
  'seals.adopt': { request: z.object({ fileId: FileId, bidder: Bidder }).strict(), response: Imported },
  'seals.remove': { request: z.object({ fileId: FileId }).strict(), response: z.object({ removed: z.boolean() }) },
  /** may this seal sign with this certificate now? (the same check signing makes before it signs) */
  'seals.check': { request: z.object({ fileId: FileId, certificate: Base64 }).strict(), response: z.object({ usable: z.boolean(), error: z.object({ code: z.string(), message: z.string() }).nullable() }) },
} as const satisfies Record<SealsOperation, OpSpec>;
