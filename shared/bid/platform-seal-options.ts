// Runs anywhere (pure). From a platform profile (shared/platforms/profile.ts) and the bidder's own
// encryption certificate to the sealing options: content cipher, how RecipientInfos name recipients, RSA
// padding, custody and the recipient list with roles. Nothing about a platform is hard-coded here: every
// choice is the profile's data; the user may only override custody (bidder | platform | joint | threshold:K).
import { BidSealError } from '../errors';
import type { RecipientSpec } from '../envelope/recipients';
import type { PlatformProfile } from '../platforms/profile';
import type { CmsFlavour } from '../cms/oids';

import type { RecipientIdKind, SealCipher } from '../envelope/cipher-names';
export type { SealCipher };
export type SealCustody = { kind: 'single' } | { kind: 'joint' } | { kind: 'threshold'; k: number };
/** Who must be able to open, as the user says it (CLI --custody, the UI). */
export type CustodyChoice = 'bidder' | 'platform' | 'joint' | { threshold: number };
export type RecipientRole = 'platform' | 'escrow' | 'tenderer' | 'bidder' | 'other';

export interface RoledRecipient extends RecipientSpec {
  role: RecipientRole;
}

export interface PlatformSealOptions {
  platformId: string;
  contentCipher: SealCipher;
  recipientId: RecipientIdKind;
  rsaPadding: 'oaep' | 'pkcs1';
  /** CMS flavour of the envelope and manifest.p7s (the profile's; undefined: chosen from the keys) */
  cmsFlavour?: CmsFlavour;
  custody: SealCustody;
  recipients: RoledRecipient[];
  /** the platform's upload limit, when known */
  maxBytes?: number;
}

export const CUSTODY_CHOICE_HELP = 'bidder | platform | joint | threshold:K';

/** 'bidder' | 'platform' | 'joint' | 'threshold:K' → CustodyChoice (E_INVALID_ARGUMENT otherwise). */
export function parseCustodyChoice(v: string): CustodyChoice {
  if (v === 'bidder' || v === 'platform' || v === 'joint') return v;
  const m = /^threshold:([1-9]\d{0,2})$/.exec(v);
  if (m) return { threshold: Number(m[1]) };
  throw new BidSealError('E_INVALID_ARGUMENT', `custody must be ${CUSTODY_CHOICE_HELP}, not ${JSON.stringify(v)}`);
}

/** The profile's custody as the user's words (single → platform). */
export function profileCustodyChoice(p: PlatformProfile): CustodyChoice {
  const c = p.envelope.custody;
  if (c.kind === 'threshold') return { threshold: c.k };
  return c.kind === 'joint' ? 'joint' : 'platform';
}

/**
 * Recipients and custody from a choice:
 * - bidder: the bidder's own encryption certificate only (the bidder decrypts at the opening);
 * - platform: the platform's recipients (any one opens), plus the bidder's own when the profile asks for it
 *   (includeBidderRecipient: self-check and remedy);
 * - joint: every party needed — the bidder and each platform recipient (2 parties: XOR split; more: n-of-n);
 * - threshold:K: any K of the bidder and the platform's recipients.
 */
export function custodyRecipients(choice: CustodyChoice, platform: RoledRecipient[], bidder: RoledRecipient | undefined, includeBidder: boolean): { recipients: RoledRecipient[]; custody: SealCustody } {
  const needBidder = (what: string) => {
    if (!bidder) throw new BidSealError('E_BID_NO_BIDDER_RECIPIENT', `custody ${what} needs the bidder's own encryption certificate`);
    return bidder;
  };
  if (choice === 'bidder') return { recipients: [needBidder('bidder')], custody: { kind: 'single' } };
  if (choice === 'platform') {
    if (platform.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'custody platform needs at least one platform recipient certificate');
    return { recipients: [...platform, ...(includeBidder && bidder ? [bidder] : [])], custody: { kind: 'single' } };
  }
  if (platform.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'joint or threshold custody needs the platform\'s (or tenderer\'s) recipient certificates');
  const all = [needBidder(choice === 'joint' ? 'joint' : `threshold:${choice.threshold}`), ...platform];
  if (choice === 'joint') return { recipients: all, custody: all.length === 2 ? { kind: 'joint' } : { kind: 'threshold', k: all.length } };
  if (choice.threshold > all.length) throw new BidSealError('E_INVALID_ARGUMENT', `custody threshold:${choice.threshold} needs at least ${choice.threshold} parties; there are ${all.length}`);
  return { recipients: all, custody: { kind: 'threshold', k: choice.threshold } };
}

/**
 * Sealing options for a platform. `bidderEncryptionCert` is the bidder's own ENCRYPTION certificate (DER
 * or PEM); `extra` are further certificates the user added (role 'other'); `custody` overrides the profile.
 */
export function platformSealOptions(
  profile: PlatformProfile,
  opts: { bidderEncryptionCert?: Uint8Array | string; extra?: Array<Uint8Array | string>; custody?: CustodyChoice } = {},
): PlatformSealOptions {
  const e = profile.envelope;
  const spec = (certificate: Uint8Array | string, role: RecipientRole, label?: string): RoledRecipient => ({
    certificate,
    role,
    rsaPadding: e.rsaPadding,
    recipientId: e.recipientId,
    ...(label ? { label } : {}),
  });
  const platform = [...profile.recipients.map((r) => spec(r.certificatePem, r.role, r.label)), ...(opts.extra ?? []).map((c) => spec(c, 'other'))];
  const bidder = opts.bidderEncryptionCert ? spec(opts.bidderEncryptionCert, 'bidder', 'bidder') : undefined;
  const { recipients, custody } = custodyRecipients(opts.custody ?? profileCustodyChoice(profile), platform, bidder, e.includeBidderRecipient);
  return {
    platformId: profile.id,
    contentCipher: e.cipher,
    recipientId: e.recipientId,
    rsaPadding: e.rsaPadding,
    cmsFlavour: e.cmsFlavour,
    custody,
    recipients,
    ...(profile.upload.maxBytes ? { maxBytes: profile.upload.maxBytes } : {}),
  };
}
