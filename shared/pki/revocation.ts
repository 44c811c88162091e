// Runs anywhere (pure). Certificate revocation status from CRLs (RFC 5280 §6.3): distribution points and the
// issuing-distribution-point scope (user/CA/attribute certificates, reason partitions, indirect CRLs with
// certificateIssuer entries), complete and delta CRLs, CRL issuers other than the certificate's issuer or
// with a key other than the certificate-signing key (found by name + AKI, cRLSign required, their own path
// validated to the same trust anchor through a callback), reason codes including certificateHold and
// removeFromCRL. Serial numbers compare as exact INTEGER bytes. Parsed CRLs are scanned on the first
// lookup and indexed from the second (WeakMap).
import { namesEqual, type DistinguishedName } from './names';
import { bytesEqual } from '../asn1';
import { verifySignature, type Sm2IdPolicy, type Sm2IdUsed } from './signature';
import { HANDLED_CRL_EXTENSIONS, type CrlSummary, type RevokedEntry } from './crl';
import { absoluteName, ALL_REASONS, certExtensions, type DistributionPoint, type GeneralName } from './x509-ext';
import type { CertificateSummary } from './certificate';
import type { DsaParams } from '../crypto/dsa';
import type { OcspEvidence } from './ocsp';

export type RevocationProblemCode =
  | 'crl-missing'
  | 'crl-bad-signature'
  | 'crl-expired'
  | 'crl-issuer-not-authorised'
  | 'crl-unsupported-extension'
  | 'crl-signer-invalid'
  | 'crl-incomplete';

export interface CrlEvidence {
  kind: 'crl';
  /** the CRL issuer's name */
  issuer: string;
  crlNumber?: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** subject of the certificate whose key signed the CRL, and its SHA-256 fingerprint */
  signer: string;
  signerSha256: string;
  sm2Id: Sm2IdUsed | null;
  /** the delta CRL applied on top of the complete one */
  delta?: { crlNumber?: string; thisUpdate: Date; nextUpdate?: Date };
  /** where it came from (URL or 'offline'), when known */
  source?: string;
}

export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  reason?: string;
  revocationDate?: Date;
  evidence: Array<CrlEvidence | OcspEvidence>;
  problems: Array<{ code: RevocationProblemCode; message: string }>;
}

export interface RevocationContext {
  crls: readonly CrlSummary[];
  at: Date;
  sm2IdPolicy: Sm2IdPolicy;
  /** apply delta CRLs (RFC 5280 §5.2.4); default true */
  useDeltas: boolean;
  /** certificates that may have signed a CRL (intermediates given, path certificates) */
  pool: readonly CertificateSummary[];
  anchors: readonly CertificateSummary[];
  /** validates the path of a CRL signer that is neither the certificate's issuer nor a trust anchor */
  validateSigner(signer: CertificateSummary): Promise<boolean>;
  /** where each CRL came from, for the evidence */
  sourceOf?: (crl: CrlSummary) => string | undefined;
}

const fmt = (d: Date) => d.toISOString();

// Per parsed CRL: its serial index, or 1 once it has been looked up. A CRL consulted once (a new CRL checked for
// one certificate, the common case) is scanned without allocating anything; the index (one Map over 10^4–10^5
// entries, most of a first validation's time and garbage when built up front) pays from the second lookup on.
// A serial listed more than once (indirect CRLs: one per certificate issuer) keeps its entries in an array,
// appended to in place, so a hostile CRL repeating one serial costs linear time, not quadratic.
const index = new WeakMap<CrlSummary, Map<string, RevokedEntry | RevokedEntry[]> | 1>();
function entriesFor(crl: CrlSummary, serialBytes: string): RevokedEntry[] {
  let m = index.get(crl);
  if (m === undefined) {
    index.set(crl, 1);
    return crl.revoked.filter((e) => e.serialBytes === serialBytes);
  }
  if (m === 1) {
    const built = new Map<string, RevokedEntry | RevokedEntry[]>();
    for (const e of crl.revoked) {
      const l = built.get(e.serialBytes);
      if (l === undefined) built.set(e.serialBytes, e);
      else if (Array.isArray(l)) l.push(e);
      else built.set(e.serialBytes, [l, e]);
    }
    index.set(crl, (m = built));
  }
  const hit = m.get(serialBytes);
  return hit === undefined ? [] : Array.isArray(hit) ? hit : [hit];
}

type SigResult = { ok: boolean; sm2Id: Sm2IdUsed | null; detail?: string };
/** CRL signature checks are cached per CRL, signer and SM2 ID policy: a 10,000-entry CRL is hashed once. */
const sigCache = new WeakMap<CrlSummary, Map<CertificateSummary, Partial<Record<Sm2IdPolicy, SigResult>>>>();
async function crlSignedBy(crl: CrlSummary, signer: CertificateSummary, policy: Sm2IdPolicy, dsa?: DsaParams): Promise<SigResult> {
  let m = sigCache.get(crl);
  if (!m) sigCache.set(crl, (m = new Map()));
  const perSigner = m.get(signer) ?? {};
  const hit = perSigner[policy];
  if (hit) return hit;
  const s = await verifySignature(crl.tbs, crl.signatureAlgorithm, crl.signatureValue, signer.publicKey, policy, dsa);
  const r = { ok: s.ok, sm2Id: s.sm2Id ?? null, detail: s.detail };
  perSigner[policy] = r;
  m.set(signer, perSigner);
  return r;
}

function generalNamesEqual(a: GeneralName, b: GeneralName): boolean {
  if (a.type === 'dn' && b.type === 'dn') return namesEqual(a.dn, b.dn);
  if (a.type === 'ip' && b.type === 'ip') return bytesEqual(a.bytes, b.bytes);
  if (a.type === 'dns' && b.type === 'dns') return a.value.toLowerCase() === b.value.toLowerCase();
  if ((a.type === 'uri' && b.type === 'uri') || (a.type === 'rfc822' && b.type === 'rfc822')) return a.value === b.value;
  return a.type === 'other' && b.type === 'other' && bytesEqual(a.raw, b.raw);
}

const dnsOf = (names: GeneralName[] | undefined): DistinguishedName[] => (names ?? []).flatMap((g) => (g.type === 'dn' ? [g.dn] : []));

/** The names of a distribution point, nameRelativeToCRLIssuer made absolute against `base`. */
function dpNames(names: GeneralName[] | undefined, relative: Uint8Array | undefined, base: DistinguishedName): GeneralName[] | undefined {
  if (names) return names;
  if (relative) return [absoluteName(base, relative)];
  return undefined;
}

/**
 * Is `crl` (complete or delta) in scope for `cert` through distribution point `dp` (RFC 5280 §6.3.3 (b))?
 * Returns the reasons it covers, or 0 when out of scope.
 */
function scope(crl: CrlSummary, cert: CertificateSummary, dp: DistributionPoint): number {
  const crlIssuers = dp.crlIssuer ? dnsOf(dp.crlIssuer) : [cert.issuer];
  if (!crlIssuers.some((n) => namesEqual(n, crl.issuer))) return 0;
  const idp = crl.issuingDistributionPoint;
  if (dp.crlIssuer && !idp?.indirect) return 0;
  if (idp) {
    const idpNames = dpNames(idp.names, idp.relative, crl.issuer);
    if (idpNames) {
      const certNames = dpNames(dp.names, dp.relative, crlIssuers[0] ?? cert.issuer) ?? dp.crlIssuer;
      if (!certNames || !idpNames.some((a) => certNames.some((b) => generalNamesEqual(a, b)))) return 0;
    }
    const isCa = !!cert.basicConstraints?.cA;
    if ((idp.onlyUser && isCa) || (idp.onlyCa && !isCa) || idp.onlyAttribute) return 0;
  }
  return (idp?.onlySomeReasons ?? ALL_REASONS) & (dp.reasons ?? ALL_REASONS) & ALL_REASONS;
}

/** The entry for `cert` in `crl`, honouring certificateIssuer in indirect CRLs. */
function findEntry(crl: CrlSummary, cert: CertificateSummary, serialBytes: string): RevokedEntry | undefined {
  const indirect = !!crl.issuingDistributionPoint?.indirect;
  return entriesFor(crl, serialBytes).find((e) => {
    const issuers = indirect && e.certificateIssuer ? dnsOf(e.certificateIssuer) : [crl.issuer];
    return issuers.some((n) => namesEqual(n, cert.issuer));
  });
}

const akiMatches = (crl: CrlSummary, signer: CertificateSummary) => !crl.authorityKeyId || !signer.subjectKeyId || crl.authorityKeyId === signer.subjectKeyId;

/**
 * Revocation status of `cert`, issued by `issuer` in the path being validated. `issuerDsa`: inherited DSA
 * parameters of the issuer's key, if any.
 */
export async function checkRevocation(cert: CertificateSummary, issuer: CertificateSummary, ctx: RevocationContext, issuerDsa?: DsaParams): Promise<RevocationResult> {
  const ext = certExtensions(cert);
  const dps: DistributionPoint[] = ext.crlDistributionPoints?.length ? ext.crlDistributionPoints : [{}];
  const problems: RevocationResult['problems'] = [];
  const evidence: RevocationResult['evidence'] = [];
  const signerOk = new Map<CertificateSummary, boolean>();
  let mask = 0;

  /** A signer of `crl` whose signature verifies and who may sign CRLs for this certificate. */
  const findSigner = async (crl: CrlSummary): Promise<{ signer: CertificateSummary; sm2Id: Sm2IdUsed | null } | null> => {
    const cands: CertificateSummary[] = [];
    if (namesEqual(crl.issuer, issuer.subject) && akiMatches(crl, issuer)) cands.push(issuer);
    for (const c of [...ctx.anchors, ...ctx.pool]) {
      if (!cands.some((x) => bytesEqual(x.der, c.der)) && namesEqual(c.subject, crl.issuer) && akiMatches(crl, c)) cands.push(c);
    }
    if (!cands.length) problems.push({ code: 'crl-signer-invalid', message: `no certificate found for the CRL issuer ${crl.issuer.text}` });
    for (const s of cands) {
      const sig = await crlSignedBy(crl, s, ctx.sm2IdPolicy, s === issuer ? issuerDsa : undefined);
      if (!sig.ok) {
        problems.push({ code: 'crl-bad-signature', message: `CRL from ${crl.issuer.text}: ${sig.detail ?? 'signature does not verify'}` });
        continue;
      }
      if (s.keyUsage && !s.keyUsage.includes('cRLSign')) {
        problems.push({ code: 'crl-issuer-not-authorised', message: `CRL signer ${s.subject.text}: key usage lacks cRLSign` });
        continue;
      }
      if (s !== issuer && !ctx.anchors.some((a) => bytesEqual(a.der, s.der))) {
        let ok = signerOk.get(s);
        if (ok === undefined) signerOk.set(s, (ok = await ctx.validateSigner(s)));
        if (!ok) {
          problems.push({ code: 'crl-signer-invalid', message: `the path of CRL signer ${s.subject.text} does not validate` });
          continue;
        }
      }
      return { signer: s, sm2Id: sig.sm2Id };
    }
    return null;
  };

  const usable = (crl: CrlSummary): boolean => {
    const unknown = [...crl.criticalExtensions.filter((x) => !HANDLED_CRL_EXTENSIONS.has(x)), ...crl.entryUnknownCritical];
    if (unknown.length) {
      problems.push({ code: 'crl-unsupported-extension', message: `CRL from ${crl.issuer.text} has unsupported critical extension(s) ${unknown.join(', ')}` });
      return false;
    }
    if (crl.nextUpdate && ctx.at > crl.nextUpdate) {
      problems.push({ code: 'crl-expired', message: `CRL from ${crl.issuer.text}: nextUpdate ${fmt(crl.nextUpdate)} is before ${fmt(ctx.at)}` });
      return false;
    }
    return true;
  };

  const counts = (e: RevokedEntry | undefined) => e && e.revocationDate <= ctx.at;

  for (const dp of dps) {
    if (mask === ALL_REASONS) break;
    const completes = ctx.crls.filter((c) => c.deltaBase === undefined && scope(c, cert, dp)).sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
    for (const crl of completes) {
      if (mask === ALL_REASONS) break;
      const reasons = scope(crl, cert, dp);
      if ((reasons & ~mask) === 0 || !usable(crl)) continue;
      const s = await findSigner(crl);
      if (!s) continue;
      // delta CRLs for this complete CRL (same issuer, scope and signer; base number ≤ this CRL's number)
      let delta: CrlSummary | undefined;
      if (ctx.useDeltas && crl.crlNumberValue !== undefined) {
        for (const d of ctx.crls) {
          if (d.deltaBase === undefined || d.deltaBase > crl.crlNumberValue || !scope(d, cert, dp) || !namesEqual(d.issuer, crl.issuer)) continue;
          if (d.crlNumberValue !== undefined && d.crlNumberValue <= crl.crlNumberValue) continue;
          if (!usable(d)) continue;
          const sig = await crlSignedBy(d, s.signer, ctx.sm2IdPolicy, s.signer === issuer ? issuerDsa : undefined);
          if (!sig.ok) {
            problems.push({ code: 'crl-bad-signature', message: `delta CRL from ${d.issuer.text}: ${sig.detail ?? 'signature does not verify'}` });
            continue;
          }
          if (!delta || (d.crlNumberValue ?? 0n) > (delta.crlNumberValue ?? 0n)) delta = d;
        }
      }
      const ev: CrlEvidence = {
        kind: 'crl',
        issuer: crl.issuer.text,
        crlNumber: crl.crlNumber,
        thisUpdate: crl.thisUpdate,
        nextUpdate: crl.nextUpdate,
        signer: s.signer.subject.text,
        signerSha256: s.signer.fingerprints.sha256,
        sm2Id: s.sm2Id,
        ...(delta ? { delta: { crlNumber: delta.crlNumber, thisUpdate: delta.thisUpdate, nextUpdate: delta.nextUpdate } } : {}),
      };
      const src = ctx.sourceOf?.(crl);
      if (src) ev.source = src;
      evidence.push(ev);
      mask |= reasons;
      const dEntry = delta ? findEntry(delta, cert, ext.serialBytes) : undefined;
      const entry = counts(dEntry) ? dEntry : findEntry(crl, cert, ext.serialBytes);
      if (counts(entry) && entry!.reason !== 'removeFromCRL') {
        return { status: 'revoked', reason: entry!.reason, revocationDate: entry!.revocationDate, evidence, problems: [] };
      }
    }
  }
  if (mask === ALL_REASONS) return { status: 'good', evidence, problems: [] };
  if (!problems.length) problems.push({ code: mask ? 'crl-incomplete' : 'crl-missing', message: mask ? 'the CRLs found do not cover every revocation reason' : `no CRL in scope from ${cert.issuer.text}` });
  return { status: 'unknown', evidence, problems };
}
