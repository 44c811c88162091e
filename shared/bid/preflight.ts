// Runs anywhere (pure). The pre-flight check list of a sealed bid, as verdicts rather than a
// first exception: every check says pass, warn or fail with the certificate it is about, so the UI shows
// the whole list and the bidder fixes everything at once. The causes are those that make a bid fail to
// open at the 开标: an encryption certificate that expires (or is renewed with a new key) before the
// opening, a signing certificate given as recipient, the bidder's own encryption certificate missing
// (no self-check, no remedy), a signing certificate not valid now, a file larger than the platform takes.
import type { CertificateSummary } from '../pki/certificate';
import { BidSealError, type ErrorCode } from '../errors';
import type { RecipientRole, SealCustody } from './platform-seal-options';

export type CheckStatus = 'pass' | 'warn' | 'fail';
export type CheckId =
  | 'openingTime'
  | 'recipientUsage'
  | 'recipientValidNow'
  | 'recipientValidAtOpening'
  | 'bidderRecipient'
  | 'bidderRenewal'
  | 'recipientRevocation'
  | 'signerValid'
  | 'signerUsage'
  | 'signerRevocation'
  | 'signerMatchesBidder'
  | 'custody'
  | 'size'
  | 'sealCoverage'
  | 'ofdSignatures';

export interface PreflightCheck {
  id: CheckId;
  status: CheckStatus;
  /** which certificate (subject CN and serial) or value the check is about */
  subject?: string;
  /** values for the message: dates (ISO), sizes, counts */
  params?: Record<string, string | number>;
}

/** What path validation with revocation said about one certificate (electron/services/bid/seal-plan.ts). */
export interface RevocationFinding {
  /** untrusted: no path to a trusted CA, so revocation could not be checked at all */
  outcome: 'good' | 'revoked' | 'unknown' | 'untrusted';
  reason?: string;
  /** revocation date (ISO) */
  date?: string;
  /** the evidence used: 'CRL by …, thisUpdate …' / 'OCSP by …, producedAt …' */
  evidence?: string;
}

export interface PreflightInput {
  /**
   * revocation of each recipient and of the signer, by SHA-256 fingerprint; absent: not checked. Revoked is a
   * FAIL; unknown a FAIL under the hard policy (default for the opening) and a WARN under the soft one.
   */
  revocation?: { policy: 'hard' | 'soft'; byCert: Record<string, RevocationFinding> };
  recipients: Array<{ cert: CertificateSummary; role?: RecipientRole }>;
  signer?: CertificateSummary;
  /** the bidder's unified social credit code (the manifest's) */
  bidderUscc?: string;
  openingTime?: Date;
  custody: SealCustody;
  /** sum of the documents' sizes */
  totalBytes?: number;
  /** the platform's upload limit */
  maxBytes?: number;
  now?: Date;
  /** the places whose words ask for a seal (（盖单位章）, （签字或盖章）…) in the PDFs, and those without one */
  sealCoverage?: { places: number; missing: Array<{ document: string; page: number; text: string }> };
  /** the OFD documents (GB/T 33190) of the package: those with no signature, those with a signature that does not verify */
  ofdSignatures?: { documents: number; unsigned: string[]; broken: string[] };
  /** a renewal window: an encryption certificate ending this soon after the opening is a warning */
  renewalWarningDays?: number;
}

const name = (c: CertificateSummary) => `${c.commonName || c.subject.text} (${c.serialNumber})`;
const iso = (d: Date) => d.toISOString();
const DAY = 86_400_000;

function canEncrypt(c: CertificateSummary): boolean {
  return c.keyUsage === null || c.keyUsage.some((u) => u === 'keyEncipherment' || u === 'dataEncipherment' || u === 'keyAgreement');
}

/** The check list; `ok` is false when any check failed (warnings do not block). */
export function preflightChecks(i: PreflightInput): { ok: boolean; checks: PreflightCheck[] } {
  const now = i.now ?? new Date();
  const warnDays = i.renewalWarningDays ?? 30;
  const checks: PreflightCheck[] = [];
  const add = (c: PreflightCheck) => checks.push(c);
  const revocationCheck = (id: 'recipientRevocation' | 'signerRevocation', c: CertificateSummary) => {
    const f = i.revocation?.byCert[c.fingerprints.sha256];
    if (!i.revocation || !f) return;
    const status: CheckStatus = f.outcome === 'good' ? 'pass' : f.outcome === 'revoked' ? 'fail' : f.outcome === 'untrusted' ? 'warn' : i.revocation.policy === 'hard' ? 'fail' : 'warn';
    const params: Record<string, string> = { outcome: f.outcome, policy: i.revocation.policy, ...(f.reason ? { reason: f.reason } : {}), ...(f.date ? { date: f.date } : {}), ...(f.evidence ? { evidence: f.evidence } : {}) };
    add({ id, status, subject: name(c), params });
  };

  if (!i.openingTime) add({ id: 'openingTime', status: 'warn' });
  else add({ id: 'openingTime', status: i.openingTime > now ? 'pass' : 'fail', params: { openingTime: iso(i.openingTime) } });

  for (const { cert: c } of i.recipients) {
    add({ id: 'recipientUsage', status: canEncrypt(c) ? 'pass' : 'fail', subject: name(c), params: { keyUsage: (c.keyUsage ?? []).join(', ') } });
    add({ id: 'recipientValidNow', status: now >= c.notBefore && now <= c.notAfter ? 'pass' : 'fail', subject: name(c), params: { notBefore: iso(c.notBefore), notAfter: iso(c.notAfter) } });
    if (i.openingTime) add({ id: 'recipientValidAtOpening', status: c.notAfter >= i.openingTime ? 'pass' : 'fail', subject: name(c), params: { notAfter: iso(c.notAfter), openingTime: iso(i.openingTime) } });
    revocationCheck('recipientRevocation', c);
  }

  const bidder = i.recipients.find((r) => r.role === 'bidder');
  add({ id: 'bidderRecipient', status: bidder ? 'pass' : i.custody.kind === 'single' ? 'warn' : 'fail', ...(bidder ? { subject: name(bidder.cert) } : {}) });
  if (bidder && i.openingTime) {
    const c = bidder.cert;
    const margin = (c.notAfter.getTime() - i.openingTime.getTime()) / DAY;
    add({ id: 'bidderRenewal', status: margin < 0 ? 'fail' : margin < warnDays ? 'warn' : 'pass', subject: name(c), params: { notAfter: iso(c.notAfter), days: Math.floor(margin) } });
  }

  if (i.signer) {
    const s = i.signer;
    add({ id: 'signerValid', status: now >= s.notBefore && now <= s.notAfter ? 'pass' : 'fail', subject: name(s), params: { notBefore: iso(s.notBefore), notAfter: iso(s.notAfter) } });
    const mayUse = s.keyUsage === null || s.keyUsage.includes('digitalSignature') || s.keyUsage.includes('nonRepudiation');
    add({ id: 'signerUsage', status: mayUse ? 'pass' : 'fail', subject: name(s), params: { keyUsage: (s.keyUsage ?? []).join(', ') } });
    revocationCheck('signerRevocation', s);
    if (i.bidderUscc) {
      const code = s.uscc?.code;
      add({ id: 'signerMatchesBidder', status: !code ? 'warn' : code === i.bidderUscc.toUpperCase() ? 'pass' : 'fail', subject: name(s), params: { uscc: code ?? '', bidderUscc: i.bidderUscc } });
    }
  }

  const n = i.recipients.length;
  const custodyOk = n > 0 && (i.custody.kind === 'single' || (i.custody.kind === 'joint' ? n === 2 : i.custody.k >= 1 && i.custody.k <= n));
  add({ id: 'custody', status: custodyOk ? 'pass' : 'fail', params: { parties: n, k: i.custody.kind === 'threshold' ? i.custody.k : i.custody.kind === 'joint' ? 2 : 1 } });

  if (i.totalBytes !== undefined) {
    // the envelope adds a few KiB (recipients) plus at most one block and the ZIP headers
    const estimate = i.totalBytes + 64 * 1024;
    const status: CheckStatus = i.maxBytes === undefined ? 'pass' : estimate > i.maxBytes ? 'fail' : estimate > i.maxBytes * 0.9 ? 'warn' : 'pass';
    add({ id: 'size', status, params: { bytes: i.totalBytes, ...(i.maxBytes !== undefined ? { maxBytes: i.maxBytes } : {}) } });
  }
  if (i.sealCoverage) {
    // a warning, not a refusal: the words may be quoted (a form's instructions) or sealed on paper and scanned
    const { places, missing } = i.sealCoverage;
    const where = missing.slice(0, 8).map((m) => `${m.document} p.${m.page + 1} ${m.text}`).join('; ') + (missing.length > 8 ? ' …' : '');
    add({ id: 'sealCoverage', status: missing.length ? 'warn' : 'pass', params: { places, missing: missing.length, where } });
  }
  if (i.ofdSignatures && i.ofdSignatures.documents > 0) {
    // a broken seal would reach the evaluators as a tampered document: refused; an unsealed OFD may be intended (a draft annex)
    const { documents, unsigned, broken } = i.ofdSignatures;
    add({ id: 'ofdSignatures', status: broken.length ? 'fail' : unsigned.length ? 'warn' : 'pass', params: { documents, unsigned: unsigned.join('、'), broken: broken.join('、') } });
  }
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

const describe = (c: PreflightCheck) => `${c.id}${c.subject ? ` ${c.subject}` : ''}`;

/**
 * The error of a failed check list, for the seal service: the whole list travels in `details.checks`.
 * E_CERT_EXPIRES_BEFORE_OPENING when an encryption certificate ends before the opening (the first cause of
 * a bid that cannot be opened), else E_BID_PREFLIGHT_FAILED.
 */
export function preflightError(checks: readonly PreflightCheck[]): BidSealError {
  const failed = checks.filter((c) => c.status === 'fail');
  const expiring = failed.some((c) => c.id === 'recipientValidAtOpening' || c.id === 'bidderRenewal');
  return new BidSealError(expiring ? 'E_CERT_EXPIRES_BEFORE_OPENING' : 'E_BID_PREFLIGHT_FAILED', failed.map(describe).join('; '), { checks: [...checks] });
}

/**
 * The first failed check as the specific error a caller of the packaging layer gets (sealing without the
 * list, e.g. from a script): a signing certificate given as recipient is E_CERT_NOT_FOR_ENCRYPTION, an
 * expired one E_CERT_EXPIRED, and so on. Undefined when nothing failed.
 */
export function firstFailure(checks: readonly PreflightCheck[], now: Date = new Date()): BidSealError | undefined {
  const f = checks.find((c) => c.status === 'fail');
  if (!f) return undefined;
  const p = f.params ?? {};
  const valid = () => (typeof p.notBefore === 'string' && new Date(p.notBefore) > now ? 'E_CERT_NOT_YET_VALID' : 'E_CERT_EXPIRED');
  const code: ErrorCode =
    f.id === 'recipientUsage'
      ? 'E_CERT_NOT_FOR_ENCRYPTION'
      : f.id === 'recipientValidNow' || f.id === 'signerValid'
        ? valid()
        : f.id === 'recipientValidAtOpening' || f.id === 'bidderRenewal'
          ? 'E_CERT_EXPIRES_BEFORE_OPENING'
          : f.id === 'signerUsage'
            ? 'E_INVALID_KEY'
            : f.id === 'recipientRevocation' || f.id === 'signerRevocation'
              ? 'E_BID_PREFLIGHT_FAILED'
              : 'E_INVALID_ARGUMENT';
  const values = Object.entries(p).map(([k, v]) => `${k} ${v}`).join(', ');
  return new BidSealError(code, `${describe(f)}${values ? `: ${values}` : ''}`, { check: f.id, ...(f.subject ? { subject: f.subject } : {}), ...p });
}
