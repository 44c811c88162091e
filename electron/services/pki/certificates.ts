// Runs in Node. Certificate operations behind the IPC contract and the CLI: inspect (parse, pair a
// holder's signing and encryption certificates) and validate (chain to the user's trust store at a
// chosen instant, e.g. the bid opening time). Views are plain JSON: dates as ISO strings, DER as base64.
import { parseCertificates, type CertificateSummary } from '../../../shared/pki/certificate';
import { pairCertificates } from '../../../shared/pki/pairing';
import { nameValues } from '../../../shared/pki/names';
import { validatePath, type OcspInput, type PathVerdict, type ValidationOptions } from '../../../shared/pki/path-validation';
import { parseCrls, type CrlSummary } from '../../../shared/pki/crl';
import { fetchRevocation, loadRevocationCache, revocationCacheDir } from './revocation-fetch';
import type { CertView, PairView, VerdictView } from '../../../shared/ipc/contract';
import { listTrustEntries } from './trust-store';

export const toB64 = (u: Uint8Array): string => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
export const fromB64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

export function certView(c: CertificateSummary): CertView {
  return {
    subject: c.subject.text,
    issuer: c.issuer.text,
    commonName: c.commonName,
    organization: nameValues(c.subject, 'O')[0] ?? null,
    uscc: c.uscc ? { code: c.uscc.code, valid: c.uscc.valid } : null,
    serialNumber: c.serialNumber,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    publicKey: c.publicKey.name,
    signatureAlgorithm: c.signatureAlgorithm.name,
    keyUsage: c.keyUsage,
    extKeyUsage: c.extKeyUsageNames,
    isCa: Boolean(c.basicConstraints?.cA),
    role: c.role,
    fingerprintSha256: c.fingerprints.sha256,
    fingerprintSm3: c.fingerprints.sm3,
    crlDistributionPoints: c.crlDistributionPoints,
    der: toB64(c.der),
  };
}

/** Parses one or more inputs (files, bundles) and pairs signing/encryption certificates across all of them. */
export function inspectCertificates(...inputs: Array<Uint8Array | string>): { certificates: CertView[]; pairs: PairView[] } {
  const certs = inputs.flatMap((i) => parseCertificates(i));
  const { pairs } = pairCertificates(certs);
  const index = (c: CertificateSummary) => certs.indexOf(c);
  return {
    certificates: certs.map(certView),
    pairs: pairs.map((p) => ({ signing: index(p.signing), encryption: index(p.encryption), confidence: p.confidence, reasons: p.reasons })),
  };
}

export function verdictView(v: PathVerdict): VerdictView {
  return {
    status: v.status,
    at: v.at.toISOString(),
    sm2IdPolicy: v.sm2IdPolicy,
    chain: v.chain.map(certView),
    sm2IdUsed: v.sm2IdUsed,
    problems: v.problems.map((p) => ({ certIndex: p.certIndex, code: p.code, message: p.message })),
    warnings: v.warnings.map((p) => ({ certIndex: p.certIndex, code: p.code, message: p.message })),
    revocationPolicy: v.revocationPolicy,
    revocation: v.revocation,
    evidence: v.revocationEvidence.map((list) =>
      (list ?? []).map((e) =>
        e.kind === 'crl'
          ? { kind: 'crl' as const, by: e.issuer, produced: e.thisUpdate.toISOString(), ...(e.nextUpdate ? { nextUpdate: e.nextUpdate.toISOString() } : {}), ...(e.crlNumber ? { crlNumber: e.crlNumber } : {}), ...(e.delta ? { delta: true } : {}), ...(e.source ? { source: e.source } : {}) }
          : { kind: 'ocsp' as const, by: e.responder, produced: e.producedAt.toISOString(), ...(e.nextUpdate ? { nextUpdate: e.nextUpdate.toISOString() } : {}), ...(e.source ? { source: e.source } : {}) },
      ),
    ),
    policies: v.policies,
  };
}

export interface ValidateRequest {
  leaf: Uint8Array | string;
  intermediates?: Array<Uint8Array | string>;
  /** extra anchors besides the trust store (the CLI's --ca) */
  anchors?: Array<Uint8Array | string>;
  crls?: Array<Uint8Array | string>;
  at?: Date;
  sm2IdPolicy?: 'strict' | 'lenient';
  requiredKeyUsage?: 'digitalSignature' | 'keyEncipherment';
  /** offline OCSP responses (DER) */
  ocspResponses?: Uint8Array[];
  /** RFC 5280 §6.1.1 policy inputs */
  policies?: string[];
  explicitPolicy?: boolean;
  inhibitMapping?: boolean;
  inhibitAnyPolicy?: boolean;
  /** revocation of every certificate of the path: 'hard' fails when unknown, 'soft' warns; absent: CRLs given → leaf only */
  revocation?: 'hard' | 'soft';
  /** use OCSP (cached responses; with `fetch` also ask the responders) */
  ocsp?: boolean;
  /** network allowed: fetch OCSP responses and CRLs from the certificates' AIA / CDP, keep them in the cache */
  fetch?: boolean;
  /** the instant revocation evidence must be current for (default: now when `at` is later, else `at`) */
  revocationAt?: Date;
}

/** Validates against the trust store in `dataDir` (when given) plus explicit anchors. */
export async function validateCertificate(req: ValidateRequest, dataDir?: string, o: { useTrustStore?: boolean } = {}): Promise<PathVerdict> {
  const anchors: Array<Uint8Array | string> = [...(req.anchors ?? [])];
  if (dataDir && o.useTrustStore !== false) for (const e of await listTrustEntries(dataDir)) anchors.push(e.certificate.der);
  const intermediates = (req.intermediates ?? []).flatMap((i) => parseCertificates(i));
  const leafAll = parseCertificates(req.leaf);
  // A bundle given as the leaf: the first certificate is the leaf, the rest help build the chain.
  const [leaf, ...rest] = leafAll;
  const anchorCerts = anchors.flatMap((a) => parseCertificates(a));
  const pool = [...rest, ...intermediates];
  const base: ValidationOptions = {
    at: req.at,
    sm2IdPolicy: req.sm2IdPolicy ?? 'strict',
    ...(req.requiredKeyUsage ? { requiredKeyUsage: req.requiredKeyUsage } : {}),
    ...(req.policies?.length ? { initialPolicySet: req.policies } : {}),
    initialExplicitPolicy: !!req.explicitPolicy,
    initialPolicyMappingInhibit: !!req.inhibitMapping,
    initialAnyPolicyInhibit: !!req.inhibitAnyPolicy,
  };
  const checkAll = req.revocation !== undefined || req.ocsp || req.fetch;
  if (!checkAll) return validatePath(leaf, pool, anchorCerts, { ...base, ...(req.crls?.length ? { crls: req.crls } : {}) });
  // revocation of the whole path: offline CRLs/OCSP given, the cache, and (network allowed) fresh evidence
  const now = new Date();
  const revocationAt = req.revocationAt ?? (req.at && req.at > now ? now : req.at);
  const crls: CrlSummary[] = (req.crls ?? []).flatMap((c) => parseCrls(c));
  const ocsp: OcspInput[] = (req.ocspResponses ?? []).map((r) => ({ response: r, source: 'file' }));
  const sources: Array<(c: CrlSummary) => string | undefined> = [];
  const cacheDir = dataDir ? revocationCacheDir(dataDir) : undefined;
  if (req.fetch) {
    const first = await validatePath(leaf, pool, anchorCerts, base);
    const got = await fetchRevocation(first.chain, { ocsp: !!req.ocsp, crl: true, ...(cacheDir ? { cacheDir } : {}) });
    crls.push(...got.crls);
    ocsp.push(...got.ocsp);
    sources.push(got.crlSource);
  } else if (cacheDir) {
    const cached = await loadRevocationCache(cacheDir);
    crls.push(...cached.crls);
    if (req.ocsp) ocsp.push(...cached.ocsp);
    sources.push(cached.crlSource);
  }
  return validatePath(leaf, pool, anchorCerts, {
    ...base,
    crls,
    crlCheck: 'all',
    ocspResponses: req.ocsp || req.ocspResponses?.length ? ocsp : [],
    revocationPolicy: req.revocation ?? 'hard',
    ...(revocationAt ? { revocationAt } : {}),
    crlSource: (c) => sources.map((f) => f(c)).find(Boolean) ?? 'file',
  });
}
