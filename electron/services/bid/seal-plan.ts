// Runs in Node. Who a bid is sealed to and how, for the CLI (`bidseal seal`) and the app (bid.preflight,
// bid.seal) alike: a platform profile from the platform directory (cipher, recipient ids, RSA padding,
// custody, required recipients) or recipient certificates given directly, plus the bidder's own encryption
// certificate, mapped by shared/bid/platform-seal-options.ts; then the pre-flight check list over it.
import { BidSealError } from '../../../shared/errors';
import { parseCertificate, type CertificateSummary } from '../../../shared/pki/certificate';
import { custodyRecipients, platformSealOptions, type CustodyChoice, type PlatformSealOptions, type RoledRecipient, type SealCipher } from '../../../shared/bid/platform-seal-options';
import { preflightChecks, type PreflightCheck, type RevocationFinding, type PreflightInput } from '../../../shared/bid/preflight';
import { validateCertificate } from '../pki/certificates';
import { getPlatform } from '../platforms/directory';
import type { RecipientIdKind } from '../../../shared/envelope/cipher-names';
import type { CmsFlavour } from '../../../shared/cms/oids';

export interface SealPlanInput {
  platformId?: string;
  /** recipient certificates given directly (DER or PEM); with a platform, added to its recipients */
  recipients?: Array<Uint8Array | string>;
  /** the bidder's own ENCRYPTION certificate */
  bidderCert?: Uint8Array | string;
  custody?: CustodyChoice;
  /** overrides (without a platform: the choices; with one: only when given) */
  cipher?: SealCipher;
  recipientId?: RecipientIdKind;
  rsaPadding?: 'oaep' | 'pkcs1';
  /** CMS flavour; overrides the platform profile's (without a platform: absent = chosen from the keys) */
  flavour?: CmsFlavour;
}

export interface SealPlan extends PlatformSealOptions {
  /** 'none' when sealed to certificates directly (the manifest needs a value) */
  platformId: string;
  platformName?: { zh: string; en: string };
  /** cmsFlavour was asked for by the user (refused where impossible); else the profile's preference */
  cmsFlavourStrict: boolean;
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
    ...(i.flavour ? { cmsFlavour: i.flavour } : {}),
    cmsFlavourStrict: i.flavour !== undefined,
    recipients,
    ...(platformName ? { platformName } : {}),
    certs: recipients.map((r) => parseCertificate(r.certificate as Uint8Array | string)),
  };
}

/**
 * Revocation of each recipient and of the signer: their paths validated to the trust store at the opening time
 * (validity), with revocation evidence current now (CRLs and OCSP responses from the offline cache; from the
 * network too when `fetch`). Hard-fail by default: a recipient whose status is unknown cannot be trusted to
 * open the bid.
 */
export async function planRevocation(dataDir: string, certs: readonly CertificateSummary[], o: { openingTime?: Date; policy?: 'hard' | 'soft'; fetch?: boolean; now?: Date } = {}): Promise<{ policy: 'hard' | 'soft'; byCert: Record<string, RevocationFinding> }> {
  const policy = o.policy ?? 'hard';
  const byCert: Record<string, RevocationFinding> = {};
  for (const c of certs) {
    if (byCert[c.fingerprints.sha256]) continue;
    const v = await validateCertificate({ leaf: c.der, ...(o.openingTime ? { at: o.openingTime } : {}), revocationAt: o.now ?? new Date(), revocation: policy, ocsp: true, ...(o.fetch ? { fetch: true } : {}) }, dataDir);
    const revokedAt = v.problems.find((p) => p.code === 'revoked');
    const evidence = v.revocationEvidence[0]?.[0];
    byCert[c.fingerprints.sha256] = {
      outcome: v.status === 'untrusted' ? 'untrusted' : revokedAt ? 'revoked' : v.revocation.slice(0, -1).every((r) => r === 'good') ? 'good' : 'unknown',
      ...(revokedAt?.reason ? { reason: revokedAt.reason } : {}),
      ...(revokedAt?.date ? { date: revokedAt.date.toISOString() } : {}),
      ...(evidence ? { evidence: evidence.kind === 'crl' ? `CRL ${evidence.issuer} ${evidence.thisUpdate.toISOString()}` : `OCSP ${evidence.responder} ${evidence.producedAt.toISOString()}` } : {}),
    };
  }
  return { policy, byCert };
}

/** The check list for a plan (see shared/bid/preflight.ts); with `dataDir`, revocation is checked too. */
export async function planChecks(
  plan: SealPlan,
  o: { signer?: Uint8Array; bidderUscc?: string; openingTime?: Date; totalBytes?: number; now?: Date; sealCoverage?: PreflightInput['sealCoverage']; ofdSignatures?: PreflightInput['ofdSignatures']; dataDir?: string; revocation?: 'hard' | 'soft'; fetch?: boolean },
): Promise<{ ok: boolean; checks: PreflightCheck[] }> {
  const signer = o.signer ? parseCertificate(o.signer) : undefined;
  const revocation = o.dataDir
    ? await planRevocation(o.dataDir, [...plan.certs, ...(signer ? [signer] : [])], { ...(o.openingTime ? { openingTime: o.openingTime } : {}), policy: o.revocation ?? 'hard', ...(o.fetch ? { fetch: true } : {}), ...(o.now ? { now: o.now } : {}) })
    : undefined;
  return preflightChecks({
    ...(revocation ? { revocation } : {}),
    recipients: plan.recipients.map((r, k) => ({ cert: plan.certs[k], role: r.role })),
    ...(signer ? { signer } : {}),
    ...(o.bidderUscc ? { bidderUscc: o.bidderUscc } : {}),
    ...(o.openingTime ? { openingTime: o.openingTime } : {}),
    custody: plan.custody,
    ...(o.totalBytes !== undefined ? { totalBytes: o.totalBytes } : {}),
    ...(plan.maxBytes !== undefined ? { maxBytes: plan.maxBytes } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.sealCoverage ? { sealCoverage: o.sealCoverage } : {}),
    ...(o.ofdSignatures ? { ofdSignatures: o.ofdSignatures } : {}),
  });
}
