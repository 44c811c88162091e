// Runs in the renderer and in Node tests (pure zod). The vault's record kinds: what a bidder keeps
// once and reuses in every bid. These are the *plaintext* shapes; on disk every one is encrypted
// (see db.ts). Dates are ISO `YYYY-MM-DD`; money is a decimal string in yuan (元) so no float
// rounding ever touches a bid price. The USCC check uses GB 32100 (shared/pki/uscc.ts).
import { z } from 'zod';
import { isValidUscc } from '../../../shared/pki/uscc';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'date');
/** yuan with at most two decimals, e.g. "12345678.90" */
export const Yuan = z.string().regex(/^(0|[1-9]\d{0,13})(\.\d{1,2})?$/, 'amount');
const text = (max: number) => z.string().trim().max(max);
const req = (max: number) => z.string().trim().min(1).max(max);
const ids = z.array(z.string().max(64)).max(200).default([]);

export const Uscc = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isValidUscc, { message: 'uscc' });

export const Contact = z.object({ name: text(60), phone: text(40), email: text(120).optional() });

/** 投标人 = the company profile (企业基本信息) */
export const Bidder = z.object({
  name: req(200),
  uscc: Uscc,
  legalRepresentative: text(60).default(''),
  /** 注册资本 in 万元 as typed on the licence */
  registeredCapital: text(60).default(''),
  address: text(300).default(''),
  postcode: text(10).default(''),
  contacts: z.array(Contact).max(20).default([]),
  bankName: text(120).default(''),
  bankAccount: text(60).default(''),
  businessScope: text(4000).default(''),
  establishedOn: IsoDate.optional(),
  licenceAttachmentIds: ids,
});
export type Bidder = z.output<typeof Bidder>;

/** 资质证书 */
export const Qualification = z.object({
  type: req(120),
  number: text(120).default(''),
  grade: text(60).default(''),
  issuer: text(200).default(''),
  validFrom: IsoDate.optional(),
  validTo: IsoDate.optional(),
  attachmentIds: ids,
  notes: text(2000).default(''),
});
export type Qualification = z.output<typeof Qualification>;

export const PersonCertificate = z.object({ name: req(120), number: text(120).default(''), validTo: IsoDate.optional() });

/** 人员 */
export const Person = z.object({
  name: req(60),
  /** 居民身份证号 — shown masked */
  idNumber: text(30).default(''),
  role: text(60).default(''),
  titles: z.array(text(60)).max(20).default([]),
  phone: text(40).default(''),
  certificates: z.array(PersonCertificate).max(30).default([]),
  attachmentIds: ids,
  /** 手写签名: attachments (PNG, tag `handwritten-signature`) of this person's drawn signatures, newest first (vault/signatures.ts) */
  signatureIds: z.array(z.string().max(64)).max(20).default([]),
});
export type Person = z.output<typeof Person>;

/** 业绩 */
export const PastProject = z.object({
  name: req(300),
  client: text(200).default(''),
  amount: Yuan.optional(),
  signedOn: IsoDate.optional(),
  completedOn: IsoDate.optional(),
  description: text(4000).default(''),
  contractAttachmentIds: ids,
  acceptanceAttachmentIds: ids,
});
export type PastProject = z.output<typeof PastProject>;

/** 财务报表 */
export const Financial = z.object({
  year: z.number().int().min(1990).max(2100),
  auditor: text(200).default(''),
  revenue: Yuan.optional(),
  netProfit: z.string().regex(/^-?(0|[1-9]\d{0,13})(\.\d{1,2})?$/).optional(),
  totalAssets: Yuan.optional(),
  attachmentIds: ids,
});
export type Financial = z.output<typeof Financial>;

/** a CA certificate this bidder bids with (the certificate only; keys stay on the token) */
export const CaCertificate = z.object({
  label: req(120),
  role: z.enum(['signing', 'encryption', 'dual', 'unknown']).default('unknown'),
  subject: text(500).default(''),
  issuer: text(500).default(''),
  serialNumber: text(80).default(''),
  notBefore: z.string().max(40).optional(),
  notAfter: z.string().max(40).optional(),
  fingerprintSm3: text(64).default(''),
  /** the store's identity of a certificate (dedup key); empty on rows typed by hand */
  fingerprintSha256: text(64).default(''),
  derBase64: z.string().max(64_000).optional(),
  /** where it came from: a file name, or the USB key's pkcs11: URI */
  fileName: text(255).optional(),
  pkcs11Uri: z.string().max(2000).optional(),
  addedAt: z.string().max(40).optional(),
});
export type CaCertificate = z.output<typeof CaCertificate>;

/** 投标记录: what was sealed and uploaded where */
export const HistoryEntry = z.object({
  at: z.string().max(40),
  project: text(300).default(''),
  platform: text(120).default(''),
  action: z.enum(['generated', 'signed', 'sealed', 'uploaded', 'receipt']),
  files: z.array(z.object({ name: text(255), sm3: z.string().regex(/^[0-9a-f]{64}$/), fileId: z.string().max(64).optional() })).max(200).default([]),
  receipt: text(4000).default(''),
});
export type HistoryEntry = z.output<typeof HistoryEntry>;

/** the description of a scan; its bytes live (encrypted) in the blobs table */
export const Attachment = z.object({
  name: req(255),
  mediaType: text(100).default('application/octet-stream'),
  size: z.number().int().nonnegative(),
  /** SM3 of the plaintext bytes, hex */
  sm3: z.string().regex(/^[0-9a-f]{64}$/),
  addedAt: z.string().max(40),
  tags: z.array(text(60)).max(20).default([]),
});
export type Attachment = z.output<typeof Attachment>;

export const KINDS = {
  qualifications: Qualification,
  personnel: Person,
  projects: PastProject,
  financials: Financial,
  certificates: CaCertificate,
  history: HistoryEntry,
  attachments: Attachment,
} as const;
export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];
export type KindValue<K extends Kind> = z.output<(typeof KINDS)[K]>;
export type KindInput<K extends Kind> = z.input<(typeof KINDS)[K]>;

/** 110101199003071234 → 1101**********1234 (the UI never shows the full number unless asked) */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 8) return s.replace(/./g, '*');
  return s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);
}
