// Runs anywhere (pure). IPC schemas: OFD documents (GB/T 33190), named by store id. `ofd.verify` gives the report
// `bidseal ofd verify --json` gives (shared/ofd/views.ts), checked against the user's trust store.
import { z } from 'zod';
import { Base64, CarrierRequest, JobId, type OpSpec } from '../schemas';
import { FileId, StoredFileView } from './files';
import { Problem, SealCheckFields } from './seals';
import type { OfdOperation } from '../ops/ofd';

const SealCheckView = z.object({
  name: z.string().optional(),
  esId: z.string().optional(),
  ...SealCheckFields,
});

/** The SES_Signature in SignedValue.dat (GB/T 38540), with the seal inside it. */
export const SesView = z.object({
  intact: z.boolean(),
  trusted: z.boolean(),
  format: z.number().int(),
  time: z.string().nullable(),
  signer: z.object({ subject: z.string(), serial: z.string() }).nullable(),
  signerPath: z.object({ status: z.string() }).nullable(),
  seal: SealCheckView.nullable(),
  timestamp: z.object({ genTime: z.string().nullable(), intact: z.boolean(), trusted: z.boolean() }).nullable(),
  problems: z.array(Problem),
});

export const OfdSignatureView = z.object({
  id: z.string(),
  type: z.string(),
  /** Signature.xml inside the container */
  path: z.string(),
  intact: z.boolean(),
  trusted: z.boolean(),
  checkMethod: z.string(),
  references: z.object({ total: z.number().int(), failed: z.array(z.object({ path: z.string(), ok: z.boolean(), problem: z.string().optional() })) }),
  stamps: z.array(z.object({ page: z.number().int().nullable(), boundary: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable() })),
  ses: SesView.optional(),
  /** a plain signature (Type="Sign"): GB/T 35275 SignedData or a bare signature value over Signature.xml */
  cms: z.object({ form: z.enum(['signed-data', 'raw']), intact: z.boolean(), trusted: z.boolean(), signer: z.object({ subject: z.string(), serial: z.string() }).nullable(), signerPath: z.object({ status: z.string() }).nullable(), time: z.string().nullable(), problems: z.array(Problem) }).optional(),
  error: Problem.optional(),
});
export type OfdSignatureView = z.infer<typeof OfdSignatureView>;

export const OfdVerifyView = z.object({
  /** every signature intact and no part added after them; false for an OFD without signatures */
  ok: z.boolean(),
  signatures: z.array(OfdSignatureView),
  /** parts of the container no signature protects */
  unprotected: z.array(z.string()),
});
export type OfdVerifyView = z.infer<typeof OfdVerifyView>;

/** top-left corner of the seal in millimetres from the page's top-left corner (OFD coordinates); page from 0 */
export const OfdStamp = z.object({ page: z.number().int().nonnegative().max(100_000), x: z.number().min(-1000).max(10_000), y: z.number().min(-1000).max(10_000) }).strict();

const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const Matrix = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]);
const Color = z.object({ rgb: z.string().regex(/^#[0-9a-f]{6}$/), alpha: z.number().min(0).max(1) }).nullable();
const Placed = { m: Matrix, clip: Box };
/** one page as a draw list in page millimetres (shared/ofd/render.ts); pictures and embedded fonts as base64 */
export const OfdPageDrawing = z.object({
  index: z.number().int(),
  box: Box,
  items: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('text'), ...Placed, font: z.string(), size: z.number(), bold: z.boolean(), italic: z.boolean(), fill: Color, stroke: Color, runs: z.array(z.object({ x: z.number(), y: z.number(), text: z.string() })) }),
      z.object({ kind: z.literal('path'), ...Placed, d: z.string(), lineWidth: z.number(), stroke: Color, fill: Color, evenOdd: z.boolean() }),
      z.object({ kind: z.literal('image'), ...Placed, media: z.string() }),
      z.object({ kind: z.literal('stamp'), box: Box, clip: Box, media: z.string().nullable(), signatureId: z.string() }),
    ]),
  ),
  fonts: z.array(z.object({ id: z.string(), name: z.string(), family: z.string(), data: Base64.optional() })),
  media: z.record(z.string(), z.object({ mediaType: z.string(), data: Base64 })),
  skipped: z.number().int(),
});
export type OfdPageDrawing = z.infer<typeof OfdPageDrawing>;

export const ofdSpecs = {
  'ofd.verify': { request: z.object({ fileId: FileId }).strict(), response: OfdVerifyView },
  'ofd.inspect': {
    request: z.object({ fileId: FileId }).strict(),
    response: z.object({ pages: z.array(z.object({ index: z.number().int(), widthMm: z.number(), heightMm: z.number() })), verify: OfdVerifyView }),
  },
  /** one page drawn (text, paths, images, the seals' stamps) for the document view */
  'ofd.page': { request: z.object({ fileId: FileId, page: z.number().int().nonnegative().max(100_000) }).strict(), response: OfdPageDrawing },
  /** seals with an electronic seal of the store (the seal library) as `bidseal ofd sign` does; a new document */
  'ofd.sign': {
    request: z.object({ fileId: FileId, sealFileId: FileId, carrier: CarrierRequest, placements: z.array(OfdStamp).max(1000).default([]), crossPage: z.object({ y: z.number().min(0).max(10_000).optional() }).strict().optional(), jobId: JobId.optional() }).strict(),
    response: z.object({ file: StoredFileView, verify: OfdVerifyView }),
    progress: true,
  },
} as const satisfies Record<OfdOperation, OpSpec>;
