// Runs anywhere (pure). What BidSeal knows about one trading platform: who it is, what the shared
// certificate covers there, and how a bid must be sealed and delivered to it. Real values are not
// published in one place, so every field is data (shipped in the signed platform directory bundle,
// shared/platforms/directory.ts) and a user may add a platform of their own; nothing about a
// platform is hard-coded in the sealing or upload code.
import { z } from 'zod';
import { RecipientIdKind, SealCipher } from '../envelope/cipher-names';

export const PlatformId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'platform id');

/** Business types the mutually recognised certificate covers (发改办法规〔2023〕54号). */
export const BusinessType = z.enum(['construction-tendering', 'government-procurement', 'land-mining-rights', 'state-property', 'enterprise-procurement']);

export const EnvelopeProfile = z.object({
  /** content encryption; GB/T 35275 SM4-CBC unless the platform says otherwise */
  cipher: SealCipher.default('sm4-cbc'),
  /** how RecipientInfos name the recipient certificate */
  recipientId: RecipientIdKind.default('issuerAndSerial'),
  /** RSA key transport padding, for platforms with RSA encryption certificates */
  rsaPadding: z.enum(['oaep', 'pkcs1']).default('oaep'),
  /** who must be able to open: the platform alone, the bidder alone, both together, or k of the listed */
  custody: z.union([z.object({ kind: z.enum(['single', 'joint']) }), z.object({ kind: z.literal('threshold'), k: z.number().int().min(1) })]).default({ kind: 'single' }),
  /** also encrypt to the bidder's own encryption certificate (self-check and remedy at the opening) */
  includeBidderRecipient: z.boolean().default(true),
  /**
   * CMS flavour of the messages written for this platform (shared/cms/oids.ts): 'gm' = GM/T 0010 / GB/T 35275
   * content types (1.2.156.10197.6.1.4.2.x), 'rfc5652' = RFC 5652 types with SM2/SM3/SM4 as OpenSSL writes.
   * Reading always accepts both.
   */
  cmsFlavour: z.enum(['gm', 'rfc5652']).default('gm'),
});
export type EnvelopeProfile = z.infer<typeof EnvelopeProfile>;

/** A recipient the platform requires (its own key, an escrow key), as a PEM certificate. */
export const PlatformRecipient = z.object({
  role: z.enum(['platform', 'escrow', 'tenderer']),
  label: z.string().max(200),
  certificatePem: z.string().max(20_000),
});

export const PlatformProfile = z.object({
  id: PlatformId,
  name: z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) }),
  /** 行政区划 or owning group, e.g. 北京市 / 中国华能 */
  region: z.object({ zh: z.string().max(100), en: z.string().max(100) }),
  /** the two kinds the notice names; 'reference' = the local demo platform (npm run platform); 'other' = added by the user */
  kind: z.enum(['public-resource-trading', 'enterprise-procurement', 'reference', 'other']),
  website: z.url().optional(),
  businessTypes: z.array(BusinessType),
  envelope: EnvelopeProfile,
  recipients: z.array(PlatformRecipient).default([]),
  upload: z.object({
    /** tus endpoint; absent when the platform has no known API (upload through its own web page) */
    endpoint: z.url().optional(),
    /** the largest bid file the platform takes; null/absent: not published (待确认) */
    maxBytes: z.number().int().positive().nullish(),
    /**
     * Hand-in through the platform's own web portal (docs/formats/platform-directory.md §7.1): the page
     * where bidders upload (https only; null/absent: not published), the file name the portal expects
     * with {uscc} {bidder} {project} {lot} {ext} placeholders, and the file extensions it accepts.
     */
    portal: z.url().refine((u) => u.startsWith('https://'), 'portal must be https').nullish(),
    fileNamePattern: z.string().min(1).max(200).nullish(),
    formats: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(20).nullish(),
    /** PEM certificate the platform's receipts are signed with */
    receiptCertificatePem: z.string().max(20_000).optional(),
  }),
  /** CA providers (互认 CA) and sharing apps (共享应用) the platform lists */
  caProviders: z.array(z.string().max(200)).default([]),
  sharingApps: z.array(z.string().max(200)).default([]),
  notes: z.object({ zh: z.string().max(4000), en: z.string().max(4000) }).optional(),
  /** what a bidder does there, step by step */
  procedure: z.array(z.object({ zh: z.string().max(500), en: z.string().max(500) })).default([]),
  /**
   * Fields whose values are not public and are shipped as placeholders (defaults), to be confirmed
   * with the platform: the UI marks them "待与平台确认" and the sealing/upload code may warn.
   */
  unconfirmed: z.array(z.enum(['businessTypes', 'envelope', 'recipients', 'upload', 'caProviders', 'sharingApps', 'procedure'])).default([]),
  /** where the data came from: the signed directory, or the user */
  source: z.enum(['directory', 'user']).default('directory'),
});
export type PlatformProfile = z.infer<typeof PlatformProfile>;
export type PlatformProfileInput = z.input<typeof PlatformProfile>;
