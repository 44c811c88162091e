// Runs anywhere (pure). IPC schemas: documents generated from the vault — the bid letter 投标函 and
// the legal representative's authorisation letter 法定代表人授权委托书. The renderer sends
// the facts it decrypted from the vault; the Node side lays out the PDF and files it in the document
// store, returning where the seal and the signature go so the signing step can place them. Also the
// vault's optional USB-key unlock: the token decrypts the vault key wrapped to its encryption certificate.
import { z } from 'zod';
import { plainYuan } from '../../docs/rmb-capitals';
import { Base64, CarrierRequest, type OpSpec } from '../schemas';
import type { DocsOperation } from '../ops/docs';
import { FileTags, StoredFileView } from './files';

const s = (max: number) => z.string().trim().max(max);
/** An amount in yuan as bidders type it — "12345678.90", "12,345,678.90", "¥12，345，678.90" — kept as the
 *  plain decimal string (thousands separators only in groups of three, so "1,23" is refused). */
const Yuan = z
  .string()
  .trim()
  .transform(plainYuan)
  .pipe(z.string().regex(/^(0|[1-9]\d{0,13})(\.\d{1,2})?$/, 'amount in yuan'));
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date');

export const LetterBidder = z.object({
  name: s(200).min(1),
  uscc: s(18),
  legalRepresentative: s(60).min(1),
  address: s(300).default(''),
  postcode: s(10).default(''),
  phone: s(40).default(''),
  website: s(200).default(''),
  fax: s(40).default(''),
});

export const BidLetterData = z.object({
  bidder: LetterBidder,
  tenderee: s(200).min(1),
  projectName: s(300).min(1),
  lot: s(100).default(''),
  tenderNo: s(100).default(''),
  price: Yuan,
  durationDays: z.number().int().positive().max(100_000).optional(),
  quality: s(100).default(''),
  validityDays: z.number().int().positive().max(3650),
  bond: Yuan.optional(),
  date: IsoDate,
});
export type BidLetterData = z.input<typeof BidLetterData>;

export const AuthorizationData = z.object({
  bidder: LetterBidder,
  legalRepresentativeId: s(30).default(''),
  agent: z.object({ name: s(60).min(1), idNumber: s(30).default(''), title: s(60).default('') }),
  tenderee: s(200).default(''),
  projectName: s(300).min(1),
  lot: s(100).default(''),
  tenderNo: s(100).default(''),
  /** 委托期限 in words; empty → "自本授权委托书签署之日起至投标有效期届满之日止" */
  term: s(200).default(''),
  date: IsoDate,
});
export type AuthorizationData = z.input<typeof AuthorizationData>;

export const PlacementBox = z.object({ page: z.number().int().nonnegative(), x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const docsSpecs = {
  'docs.generate': {
    request: z.discriminatedUnion('template', [
      z.object({ template: z.literal('bid-letter'), data: z.unknown(), tags: FileTags.default({}), name: z.string().min(1).max(200).optional() }).strict(),
      z.object({ template: z.literal('authorization'), data: z.unknown(), tags: FileTags.default({}), name: z.string().min(1).max(200).optional() }).strict(),
    ]),
    response: z.object({ file: StoredFileView, pages: z.number().int(), sealBox: PlacementBox, signatureBox: PlacementBox }),
  },
  /** the vault's token key slot: a CMS RecipientInfo (≤ 4 KiB) opened by the carrier; answers the 32-byte vault key */
  'docs.unwrapVaultKey': {
    request: z.object({ recipientInfo: Base64.max(5600), carrier: CarrierRequest }).strict(),
    response: z.object({ key: Base64 }),
  },
} as const satisfies Record<DocsOperation, OpSpec>;
