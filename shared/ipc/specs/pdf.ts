// Runs anywhere (pure). IPC schemas: PDF signing, seals and verification. Documents are named
// by store id; each placement becomes its own signature (its own incremental revision), all made with one
// opened carrier, so the PIN is entered once. Verification speaks pyHanko's vocabulary.
import { z } from 'zod';
import { CarrierRequest, CertView, JobId, type OpSpec } from '../schemas';
import { FileId, StoredFileView } from './files';
import { SealCheckFields } from './seals';
import type { PdfOperation } from '../ops/pdf';

const Pt = z.number().finite().min(-14_400).max(14_400);

/** A rectangle in the page's default user space (PDF points, origin bottom-left of the MediaBox). */
export const PdfRect = z.object({ x: Pt, y: Pt, width: Pt.positive(), height: Pt.positive() }).strict();
export type PdfRect = z.infer<typeof PdfRect>;

export const ANCHOR_CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
export type AnchorCorner = (typeof ANCHOR_CORNERS)[number];

/**
 * A seal placed relative to a corner of the page as it is displayed (its CropBox, else MediaBox, after
 * /Rotate), so one placement fits every page of a batch whatever its size: the seal's `width` × `height`
 * points with its edges `dx` from the corner's left/right edge and `dy` from its top/bottom edge.
 */
export const PageAnchor = z
  .object({
    corner: z.enum(ANCHOR_CORNERS),
    dx: Pt.min(0),
    dy: Pt.min(0),
    width: Pt.positive(),
    height: Pt.positive(),
  })
  .strict();
export type PageAnchor = z.infer<typeof PageAnchor>;

export const PLACEMENT_KINDS = ['company', 'personal', 'handwritten', 'cross-page', 'invisible'] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

/** an inline signature picture: 2 MiB of PNG at most */
export const MAX_INLINE_PNG_BASE64 = Math.ceil((2 * 1024 * 1024) / 3) * 4;

/** The words that ask for a seal, as the user configured them (default: shared/pdf/seal-places.ts). */
const Phrases = z.array(z.string().trim().min(1).max(80)).max(50);

/**
 * One signature: 'company' (公章) and 'personal' (法定代表人签章) are a seal image on `page`, either at
 * `rect` (a position on one document) or at `anchor` (a page-relative position, for batches);
 * 'handwritten' (手写签名) is placed the same way with a person's handwritten signature, a picture kept
 * encrypted in the renderer's vault and sent inline (`imagePng`), so it never lies in the file store;
 * 'cross-page' (骑缝章) is the image cut into one strip per page at the right edge (`width` of the whole
 * seal, `y` of its bottom edge, default centred); 'invisible' has no appearance.
 */
export const SealPlacement = z
  .object({
    kind: z.enum(PLACEMENT_KINDS),
    /** 0-based page index; negative counts from the end (-1 = last page) */
    page: z.number().int().min(-100_000).max(100_000).optional(),
    rect: PdfRect.optional(),
    anchor: PageAnchor.optional(),
    sealImageFileId: FileId.optional(),
    /** handwritten: the handwritten signature as a base64 PNG (transparent background; starts with the PNG signature), instead of a stored file */
    imagePng: z.string().max(MAX_INLINE_PNG_BASE64).regex(/^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/).optional(),
    width: Pt.positive().optional(),
    y: Pt.optional(),
    /** company / personal: the seal at several places, one signature (seals placed by the words, reviewed) */
    places: z.array(z.object({ page: z.number().int().min(0).max(100_000), rect: PdfRect }).strict()).min(1).max(500).optional(),
    /** company / personal: the seal `width` points wide over every place of this kind whose words ask for a
     *  seal and have none yet, found in each document when it is signed (batches) */
    atText: z.object({ phrases: Phrases.optional() }).strict().optional(),
  })
  .strict();
export type SealPlacement = z.infer<typeof SealPlacement>;

const SignCommon = {
  carrier: CarrierRequest,
  placements: z.array(SealPlacement).min(1).max(20),
  reason: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
  /** 'pades' = ETSI.CAdES.detached (PAdES baseline), 'pkcs7' = adbe.pkcs7.detached (default) */
  subfilter: z.enum(['pades', 'pkcs7']).optional(),
  jobId: JobId,
};

export const Coverage = z.enum(['entire-file', 'entire-revision', 'partial', 'unclear']);
export const Modification = z.enum(['none', 'ltv', 'form-filling', 'annotations', 'other']);
export const BottomLine = z.enum(['valid', 'changed', 'unknown-signer', 'invalid']);

/** The electronic seal (GB/T 38540) a signature binds, checked at the signing time (shared/eseal/views.ts BoundSealView). */
export const BoundSealView = z.union([
  z.object({
    name: z.string(),
    esId: z.string(),
    format: z.union([z.literal(1), z.literal(4)]),
    validStart: z.string(),
    validEnd: z.string(),
    /** subjects of the certificates the seal lists (its holders); holderDigests: how many it lists by digest */
    holders: z.array(z.string()),
    holderDigests: z.number().int(),
    /** intact with no integrity problem (expired or untrusted is reported, not a failure, as in `pdf verify`) */
    ok: z.boolean(),
    /** 'valid', or the first problem's code */
    ...SealCheckFields,
  }),
  z.object({ status: z.literal('unreadable'), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type BoundSealView = z.infer<typeof BoundSealView>;

/** One signature of a PDF as the verifier sees it (shared/pdf/verify.ts SignatureReport). */
export const SignatureView = z.object({
  fieldName: z.string(),
  /** the placement kind when BidSeal made it (from the field name), else null */
  kind: z.enum(PLACEMENT_KINDS).nullable(),
  subFilter: z.string().nullable(),
  signer: z.object({ commonName: z.string().nullable(), subject: z.string(), certificate: CertView.nullable() }).nullable(),
  signingTime: z.string().nullable(),
  intact: z.boolean(),
  valid: z.boolean(),
  trusted: z.boolean(),
  coverage: Coverage,
  modifications: Modification,
  changes: z.array(z.string()),
  bottomLine: BottomLine,
  /** ETSI EN 319 102-1 indication and sub-indication, and the panel's verdict (shared/pdf/verify.ts) */
  indication: z.enum(['TOTAL-PASSED', 'INDETERMINATE', 'TOTAL-FAILED']),
  subIndication: z.string().nullable(),
  verdict: z.enum(['valid', 'valid-with-changes', 'indeterminate', 'invalid']),
  visualChanges: z.array(z.object({ revision: z.number().int(), page: z.number().int().nullable(), what: z.string() })),
  revision: z.number().int().nullable(),
  digestAlgorithm: z.string().nullable(),
  signatureAlgorithm: z.string().nullable(),
  byteRangeProblems: z.array(z.string()),
  path: z.object({ status: z.string(), at: z.string(), chain: z.array(z.string()), problems: z.array(z.string()), issues: z.array(z.object({ code: z.string(), subject: z.string().nullable() })) }).nullable(),
  timestamp: z.object({ genTime: z.string().nullable(), tsa: z.string().nullable(), intact: z.boolean(), trusted: z.boolean() }).nullable(),
  /** where the seal shows: one entry per widget with a non-empty rectangle (none for an invisible signature) */
  widgets: z.array(z.object({ page: z.number().int(), rect: PdfRect })),
  /** the electronic seal the signature binds, if any */
  eseal: BoundSealView.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type SignatureView = z.infer<typeof SignatureView>;

export const PageView = z.object({
  /** the visible area (CropBox, else MediaBox) in default user space */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  rotate: z.number().int(),
});

export const PdfInspectView = z.object({ pageCount: z.number().int(), pages: z.array(PageView), signatures: z.array(SignatureView) });
export type PdfInspectView = z.infer<typeof PdfInspectView>;

export const BatchItem = z.object({
  fileId: FileId,
  status: z.enum(['signed', 'failed', 'skipped']),
  output: StoredFileView.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** placements left out on this document (a cross-page seal on a one-page document, no place for a seal by
   *  the words), each as an error code the UI says as a note */
  notes: z.array(z.object({ code: z.string(), placement: z.number().int() })).optional(),
});

/** A place whose words ask for a seal (shared/pdf/seal-places.ts SealPlace), with whether a seal covers it. */
export const SealPlaceView = z.object({
  page: z.number().int(),
  phrase: z.string(),
  text: z.string(),
  kind: z.enum(['company', 'personal']),
  /** the mark ("（盖单位章）") in default user space */
  box: PdfRect,
  covered: z.boolean(),
});
export type SealPlaceView = z.infer<typeof SealPlaceView>;

export const pdfSpecs = {
  'pdf.inspect': { request: z.object({ fileId: FileId, /** 'lenient': SM2 certificate signatures made with the empty user ID are accepted too */ sm2IdPolicy: z.enum(['strict', 'lenient']).optional() }).strict(), response: PdfInspectView },
  'pdf.verify': { request: z.object({ fileId: FileId }).strict(), response: z.object({ signatures: z.array(SignatureView) }) },
  'pdf.sealPlaces': {
    request: z.object({ fileId: FileId, phrases: Phrases.optional() }).strict(),
    response: z.object({ pageCount: z.number().int(), places: z.array(SealPlaceView), defaults: z.array(z.object({ text: z.string(), kind: z.enum(['company', 'personal']) })) }),
  },
  'pdf.sign': {
    request: z.object({ fileId: FileId, ...SignCommon }).strict(),
    response: z.object({ file: StoredFileView, fields: z.array(z.string()), signatures: z.array(SignatureView) }),
    progress: true,
  },
  'pdf.signBatch': {
    request: z.object({ fileIds: z.array(FileId).min(1).max(1000), ...SignCommon }).strict(),
    response: z.object({ results: z.array(BatchItem), cancelled: z.boolean() }),
    progress: true,
  },
} as const satisfies Record<PdfOperation, OpSpec>;
