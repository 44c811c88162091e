// Runs in Node. Who a bid is sealed to and how, for the CLI (`bidseal seal`) and the app (bid.preflight,
// bid.seal) alike: a platform profile from the platform directory (cipher, recipient ids, RSA padding,
// custody, required recipients) or recipient certificates given directly, plus the bidder's own encryption
// certificate, mapped by shared/bid/platform-seal-options.ts; then the pre-flight check list over it.
import { BidSealError } from '../../shared/errors';
import { parseCertificate, type CertificateSummary } from '../../shared/pki/certificate';
import { custodyRecipients, platformSealOptions, type CustodyChoice, type PlatformSealOptions, type RoledRecipient, type SealCipher } from '../../shared/bid/platform-seal-options';
import { preflightChecks, type PreflightCheck, type PreflightInput } from '../../shared/bid/preflight';
import { getPlatform } from './platform-directory';

export interface SealPlanInput {
  platformId?: string;
  /** recipient certificates given directly (DER or PEM); with a platform, added to its recipients */
  recipients?: Array<Uint8Array | string>;
  /** the bidder's own ENCRYPTION certificate */
  bidderCert?: Uint8Array | string;
  custody?: CustodyChoice;
  /** overrides (without a platform: the choices; with one: only when given) */
  cipher?: SealCipher;
  recipientId?: 'issuerAndSerial' | 'ski';
  rsaPadding?: 'oaep' | 'pkcs1';
}

export interface SealPlan extends PlatformSealOptions {
  /** 'none' when sealed to certificates directly (the manifest needs a value) */
  platformId: string;
  platformName?: { zh: string; en: string };
  certs: CertificateSummary[];
}

export async function sealPlan(dataDir: string, i: SealPlanInput): Promise<SealPlan> {
  let base: PlatformSealOptions;
  let platformName: SealPlan['platformName'];
  if (i.platformId) {
    const profile = await getPlatform(dataDir, i.platformId); // E_PLATFORM_UNKNOWN
    platformName = profile.name;
    base = platformSealOptions(profile, { ...(i.bidderCert ? { bidderEncryptionCert: i.bidderCert } : {}), extra: i.recipients ?? [], ...(i.custody ? { custody: i.custody } : {}) });
  } else {
    if (!i.recipients?.length && !i.bidderCert) throw new BidSealError('E_INVALID_ARGUMENT', 'give recipient certificates or a platform');
    const rid = i.recipientId ?? 'issuerAndSerial';
    const pad = i.rsaPadding ?? 'oaep';
    const spec = (certificate: Uint8Array | string, role: RoledRecipient['role']): RoledRecipient => ({ certificate, role, label: role, recipientId: rid, rsaPadding: pad });
    const platform = (i.recipients ?? []).map((c) => spec(c, 'platform'));
    const bidder = i.bidderCert ? spec(i.bidderCert, 'bidder') : undefined;
    const choice = i.custody ?? (platform.length ? 'platform' : 'bidder');
    const r = custodyRecipients(choice, platform, bidder, true);
    base = { platformId: 'none', contentCipher: i.cipher ?? 'sm4-cbc', recipientId: rid, rsaPadding: pad, custody: r.custody, recipients: r.recipients };
  }
  const recipients = base.recipients.map((r) => ({
    ...r,
    label: r.role,
    ...(i.platformId && i.recipientId ? { recipientId: i.recipientId } : {}),
    ...(i.platformId && i.rsaPadding ? { rsaPadding: i.rsaPadding } : {}),
  }));
  return {
    ...base,
    ...(i.platformId && i.cipher ? { contentCipher: i.cipher } : {}),
    recipients,
    ...(platformName ? { platformName } : {}),
    certs: recipients.map((r) => parseCertificate(r.certificate as Uint8Array | string)),
  };
}

/** The check list for a plan (see shared/bid/preflight.ts). */
export function planChecks(plan: SealPlan, o: { signer?: Uint8Array; bidderUscc?: string; openingTime?: Date; totalBytes?: number; now?: Date; sealCoverage?: PreflightInput['sealCoverage'] }): { ok: boolean; checks: PreflightCheck[] } {
  return preflightChecks({
    recipients: plan.recipients.map((r, k) => ({ cert: plan.certs[k], role: r.role })),
    ...(o.signer ? { signer: parseCertificate(o.signer) } : {}),
    ...(o.bidderUscc ? { bidderUscc: o.bidderUscc } : {}),
    ...(o.openingTime ? { openingTime: o.openingTime } : {}),
    custody: plan.custody,
    ...(o.totalBytes !== undefined ? { totalBytes: o.totalBytes } : {}),
    ...(plan.maxBytes !== undefined ? { maxBytes: plan.maxBytes } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.sealCoverage ? { sealCoverage: o.sealCoverage } : {}),
  });
}
