// Runs anywhere (pure). IPC schemas: sealed bids: pre-flight, seal, inspect, open, generation history.
// Documents and outputs are store ids; the signer and the test-decryption identity travel as CarrierRequests
// (PIN / password used for that one call); recipients come from a platform profile and/or certificates.
import { z } from 'zod';
import { Base64, CarrierRequest, JobId, type OpSpec } from '../schemas';
import { FileId, StoredFileView } from './files';
import { BidHistoryFilter, BidRecord } from '../../bid/history';
import type { BidOperation } from '../ops/bid';
import { SealCipher } from '../../envelope/cipher-names';

export const SealCipherName = SealCipher;
/** 'bidder' | 'platform' | 'joint' | 'threshold:K' */
export const CustodyChoiceName = z.string().regex(/^(bidder|platform|joint|threshold:[1-9]\d{0,2})$/, 'custody');

/** Who the bid is sealed to: a platform (its profile) and/or certificates, plus the bidder's own. */
export const SealTarget = z.object({
  platformId: z.string().min(1).max(64).optional(),
  recipientCerts: z.array(Base64).max(16).default([]),
  /** the bidder's own ENCRYPTION certificate (self-check; custody bidder / joint / threshold) */
  bidderCert: Base64.optional(),
  custody: CustodyChoiceName.optional(),
  cipher: SealCipherName.optional(),
  /** CMS flavour of the envelope and manifest.p7s; overrides the platform profile's (docs/formats/bid-package.md) */
  flavour: z.enum(['gm', 'rfc5652']).optional(),
});

export const BidMetaInput = z.object({
  tenderId: z.string().trim().min(1).max(256),
  lot: z.string().trim().min(1).max(256).optional(),
  title: z.string().trim().max(500).optional(),
  bidderName: z.string().trim().min(1).max(512),
  bidderUscc: z.string().trim().min(1).max(40),
  /** the workspace's bid project this seal belongs to (history and document tags); tenderId stays the tender's own number */
  projectId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
});

export const BidCheckView = z.object({
  id: z.string(),
  status: z.enum(['pass', 'warn', 'fail']),
  subject: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type BidCheckView = z.infer<typeof BidCheckView>;

export const SealRecipientView = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notAfter: z.string(),
  role: z.string().optional(),
  keyKind: z.string().optional(),
});

export const PreflightRequest = SealTarget.extend({
  fileIds: z.array(FileId).min(1).max(10000),
  /** the signer: its certificate is read (a token logs in with the PIN) */
  signer: CarrierRequest.optional(),
  /** ISO 8601 */
  openingTime: z.string().min(10).max(40),
  bidderUscc: z.string().max(40).optional(),
}).strict();

export const PreflightView = z.object({
  ok: z.boolean(),
  checks: z.array(BidCheckView),
  recipients: z.array(SealRecipientView),
  platformId: z.string(),
  platformName: z.object({ zh: z.string(), en: z.string() }).optional(),
  cipher: SealCipherName,
  /** the flavour asked for (undefined: chosen from the keys) */
  flavour: z.enum(['gm', 'rfc5652']).optional(),
  custody: z.string(),
  totalBytes: z.number().int().nonnegative(),
  maxBytes: z.number().int().optional(),
});
export type PreflightView = z.infer<typeof PreflightView>;

export const SealResultView = z.object({
  sealed: StoredFileView,
  backup: StoredFileView.optional(),
  bytes: z.number().int(),
  sha256: z.string(),
  sm3: z.string(),
  packageBytes: z.number().int(),
  packageSha256: z.string(),
  packageSm3: z.string(),
  cipher: SealCipherName,
  custody: z.string(),
  /** the CMS flavour written: of the envelope and of manifest.p7s */
  flavour: z.object({ envelope: z.enum(['gm', 'rfc5652']), signature: z.enum(['gm', 'rfc5652']) }).optional(),
  recipients: z.array(SealRecipientView.extend({ listed: z.boolean() })),
  documents: z.array(z.object({ name: z.string(), size: z.number().int(), sm3: z.string(), sha256: z.string() })),
  selfCheck: z.object({ recipientsListed: z.boolean(), sizeConsistent: z.boolean(), opened: z.boolean().optional(), openedBy: z.array(z.string()).optional() }),
  checks: z.array(BidCheckView),
  historyId: z.string().optional(),
  historyError: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type SealResultView = z.infer<typeof SealResultView>;

export const InspectView = z.object({
  /** 'artefact': not a sealed bid — any other CMS / GM/T 0010 message, certificate or key file (shared/cms/identify.ts) */
  kind: z.enum(['envelope', 'custody', 'artefact']),
  artefact: z
    .object({ kind: z.string(), description: z.string(), armour: z.string(), label: z.string().optional(), messageType: z.string().optional(), flavour: z.string().optional(), signers: z.number().int().optional(), certificates: z.array(z.string()).optional() })
    .optional(),
  size: z.number().int(),
  type: z.string().optional(),
  profile: z.string().optional(),
  /** the envelope's CMS flavour: gm (GM/T 0010 OIDs) or rfc5652 */
  flavour: z.string().optional(),
  contentType: z.string().optional(),
  cipher: z.string(),
  custody: z.string(),
  k: z.number().int().optional(),
  n: z.number().int().optional(),
  recipients: z.array(z.object({ kind: z.string(), algorithm: z.string(), idType: z.string().optional(), id: z.string(), party: z.string().optional(), /** the certificate holder (subject) when the platform directory knows the certificate */ holder: z.string().optional() })),
});
export type InspectView = z.infer<typeof InspectView>;

export const OpenResultView = z.object({
  kind: z.enum(['envelope', 'custody']),
  openedBy: z.array(z.string()),
  bottomLine: z.string(),
  manifest: z.object({ tenderId: z.string(), lot: z.string().optional(), platformId: z.string(), bidder: z.object({ name: z.string(), uscc: z.string() }), createdAt: z.string() }).nullable(),
  signature: z.object({ intact: z.boolean(), signer: z.string().nullable(), serialNumber: z.string().nullable(), matchesBidder: z.boolean().nullable(), signingTime: z.string().nullable(), algorithm: z.string().nullable() }).nullable(),
  files: z.array(z.object({ name: z.string(), verdict: z.string(), size: z.number().nullable(), sm3: z.boolean(), sha256: z.boolean(), file: StoredFileView.optional() })),
});
export type OpenResultView = z.infer<typeof OpenResultView>;

export const bidSpecs = {
  'bid.preflight': { request: PreflightRequest, response: PreflightView },
  'bid.seal': {
    request: SealTarget.extend({
      fileIds: z.array(FileId).min(1).max(10000),
      /** names inside the package, parallel to fileIds (default: the stored names) */
      names: z.array(z.string().min(1).max(255)).optional(),
      meta: BidMetaInput,
      signer: CarrierRequest,
      /** the bidder's own encryption identity for the test decryption (recommended) */
      selfCheck: CarrierRequest.optional(),
      openingTime: z.string().min(10).max(40),
      backup: z.boolean().default(true),
      /** the sealed file's name in the store (default tender-lot-bidder.p7m) */
      name: z.string().min(1).max(200).optional(),
      jobId: JobId.optional(),
    }).strict(),
    response: SealResultView,
    progress: true,
  },
  /** `certificates`: the bidder's own (DER, base64) so that a recipient among them is named by its holder */
  'bid.inspect': { request: z.object({ fileId: FileId, certificates: z.array(Base64).max(64).optional() }).strict(), response: InspectView },
  'bid.open': { request: z.object({ fileId: FileId, identity: z.union([CarrierRequest, z.array(CarrierRequest).min(1).max(8)]), jobId: JobId.optional() }).strict(), response: OpenResultView, progress: true },
  'bid.history': { request: z.object({ filter: BidHistoryFilter.default({}) }).strict(), response: z.object({ records: z.array(BidRecord) }) },
} as const satisfies Record<BidOperation, OpSpec>;
