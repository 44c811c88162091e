// Runs anywhere (pure). Certification path building and validation (RFC 5280 §6.1, CRLs per §6.3) at a
// chosen instant (e.g. the bid opening), with an SM2 user-ID policy and per-certificate reporting of the ID
// used. Hand-written: no maintained JS path validator handles SM2 (nor OpenSSL-compatible vocabulary).
import { toSummary, type CertificateSummary, type KeyUsageName } from './certificate';
import { toCrlSummary, type CrlSummary } from './crl';
import { namesEqual } from './names';
import { bytesEqual } from './der';
import { verifySignature, type Sm2IdPolicy, type Sm2IdUsed } from './signature';

export type { Sm2IdPolicy, Sm2IdUsed } from './signature';

export type PathStatus =
  | 'valid'
  | 'expired'
  | 'not-yet-valid'
  | 'untrusted'
  | 'revoked'
  | 'bad-signature'
  | 'invalid-usage'
  | 'path-length-exceeded'
  | 'not-a-ca'
  /** CRL checking was asked for but no usable CRL (missing, bad signature, stale) was found */
  | 'revocation-unknown'
  /** a critical extension this validator does not process (e.g. nameConstraints) */
  | 'unsupported-critical-extension';

export type ProblemCode =
  | 'no-trust-anchor'
  | 'bad-signature'
  | 'sm2-empty-id-only'
  | 'unsupported-algorithm'
  | 'expired'
  | 'not-yet-valid'
  | 'not-a-ca'
  | 'ca-missing-keyCertSign'
  | 'leaf-key-usage'
  | 'leaf-ext-key-usage'
  | 'path-length-exceeded'
  | 'revoked'
  | 'crl-missing'
  | 'crl-bad-signature'
  | 'crl-expired'
  | 'crl-issuer-not-authorised'
  | 'crl-unsupported-extension'
  | 'unhandled-critical-extension';

export interface PathProblem {
  /** index in `chain` (0 = leaf), like OpenSSL's depth */
  certIndex: number;
  code: ProblemCode;
  message: string;
}

export interface PathVerdict {
  status: PathStatus;
  /** leaf first, trust anchor last (for 'untrusted': as far as it could be built) */
  chain: CertificateSummary[];
  at: Date;
  sm2IdPolicy: Sm2IdPolicy;
  /** per chain index: the SM2 user ID that verified the signature on that certificate (null: not SM2 / not verified / trust anchor) */
  sm2IdUsed: Array<Sm2IdUsed | null>;
  /** per chain index: revocation outcome */
  revocation: Array<'good' | 'revoked' | 'unknown' | 'not-checked'>;
  /** per chain index: the SM2 user ID that verified the CRL used for that certificate (null: none / not SM2) */
  crlSm2IdUsed: Array<Sm2IdUsed | null>;
  problems: PathProblem[];
}

export interface ValidationOptions {
  /** validity instant; default now */
  at?: Date;
  /** default 'strict' (default ID only) */
  sm2IdPolicy?: Sm2IdPolicy;
  /** the leaf must allow all of these (when it has a keyUsage extension) */
  requiredKeyUsage?: KeyUsageName | KeyUsageName[];
  /** the leaf's EKU (when present) must include one of these OIDs or anyExtendedKeyUsage */
  requiredExtKeyUsage?: string[];
  /**
   * offline CRLs (parsed, DER or PEM). A CRL is usable for `at` until its nextUpdate; one issued after `at`
   * is accepted too (entries carry their revocation date, only those dated ≤ `at` count), where OpenSSL
   * would call it "not yet valid".
   */
  crls?: Array<CrlSummary | Uint8Array | string>;
  /** which certificates need a CRL: default 'leaf' when CRLs are given (OpenSSL -crl_check), else 'none' */
  crlCheck?: 'none' | 'leaf' | 'all';
  /**
   * apply CA checks (cA, keyCertSign, validity, pathLen) to the trust anchor as OpenSSL does; default true.
   * A leaf that is itself a trust anchor (chain of one) is trusted as-is, as in OpenSSL.
   */
  checkAnchorConstraints?: boolean;
  /** longest chain considered; default 8 */
  maxDepth?: number;
}

type CertInput = CertificateSummary | Uint8Array | string;

/** CRL extensions understood here: CRL number, AKI (delta, indirect and partitioned CRLs are not supported). */
const HANDLED_CRL_EXTENSIONS = new Set(['2.5.29.20', '2.5.29.35']);
const HANDLED_EXTENSIONS = new Set(['2.5.29.15', '2.5.29.37', '2.5.29.19', '2.5.29.14', '2.5.29.35', '2.5.29.31', '1.3.6.1.5.5.7.1.1', '2.5.29.32', '2.5.29.17', '2.5.29.18']);

const SEVERITY: PathStatus[] = ['untrusted', 'bad-signature', 'revoked', 'not-a-ca', 'path-length-exceeded', 'invalid-usage', 'unsupported-critical-extension', 'expired', 'not-yet-valid', 'revocation-unknown'];

const STATUS_OF: Record<ProblemCode, PathStatus> = {
  'no-trust-anchor': 'untrusted',
  'bad-signature': 'bad-signature',
  'sm2-empty-id-only': 'bad-signature',
  'unsupported-algorithm': 'bad-signature',
  expired: 'expired',
  'not-yet-valid': 'not-yet-valid',
  'not-a-ca': 'not-a-ca',
  'ca-missing-keyCertSign': 'invalid-usage',
  'leaf-key-usage': 'invalid-usage',
  'leaf-ext-key-usage': 'invalid-usage',
  'path-length-exceeded': 'path-length-exceeded',
  revoked: 'revoked',
  'crl-missing': 'revocation-unknown',
  'crl-bad-signature': 'revocation-unknown',
  'crl-expired': 'revocation-unknown',
  'crl-issuer-not-authorised': 'revocation-unknown',
  'crl-unsupported-extension': 'revocation-unknown',
  'unhandled-critical-extension': 'unsupported-critical-extension',
};

/** The most severe status among the problems ('valid' when none). */
export function statusOf(problems: readonly PathProblem[]): PathStatus {
  let best: PathStatus = 'valid';
  for (const p of problems) {
    const s = STATUS_OF[p.code];
    if (best === 'valid' || SEVERITY.indexOf(s) < SEVERITY.indexOf(best)) best = s;
  }
  return best;
}

/** Could `issuer` have issued `cert`? Name chaining (RFC 5280 §6.1.3 (a)(4)) plus AKI/SKI when both exist. */
export function isIssuerCandidate(cert: CertificateSummary, issuer: CertificateSummary): boolean {
  if (!namesEqual(cert.issuer, issuer.subject)) return false;
  return !cert.authorityKeyId || !issuer.subjectKeyId || cert.authorityKeyId === issuer.subjectKeyId;
}

/** All complete paths leaf → … → anchor (bounded), and the longest partial path when none completes. */
export function buildChains(
  leaf: CertificateSummary,
  intermediates: readonly CertificateSummary[],
  anchors: readonly CertificateSummary[],
  maxDepth = 8,
): { complete: CertificateSummary[][]; partial: CertificateSummary[] } {
  const complete: CertificateSummary[][] = [];
  let partial: CertificateSummary[] = [leaf];
  const isAnchor = (c: CertificateSummary) => anchors.some((a) => bytesEqual(a.der, c.der));
  const walk = (path: CertificateSummary[]): void => {
    if (complete.length >= 16) return;
    const cur = path[path.length - 1];
    if (isAnchor(cur)) {
      complete.push(path);
      return;
    }
    if (path.length > partial.length) partial = path;
    if (path.length >= maxDepth) return;
    const seen = (c: CertificateSummary) => path.some((p) => bytesEqual(p.der, c.der));
    const anchorHits = anchors.filter((a) => isIssuerCandidate(cur, a) && !seen(a));
    for (const a of anchorHits) walk([...path, a]);
    for (const c of intermediates) if (isIssuerCandidate(cur, c) && !seen(c) && !isAnchor(c)) walk([...path, c]);
  };
  walk([leaf]);
  return { complete, partial };
}

const fmt = (d: Date) => d.toISOString();

function checkValidity(c: CertificateSummary, i: number, at: Date, problems: PathProblem[]): void {
  if (at < c.notBefore) problems.push({ certIndex: i, code: 'not-yet-valid', message: `not valid before ${fmt(c.notBefore)} (checked at ${fmt(at)})` });
  if (at > c.notAfter) problems.push({ certIndex: i, code: 'expired', message: `expired at ${fmt(c.notAfter)} (checked at ${fmt(at)})` });
}

function checkCa(c: CertificateSummary, i: number, isAnchor: boolean, problems: PathProblem[]): void {
  const bc = c.basicConstraints;
  const notCa = isAnchor ? (bc !== null && !bc.cA) || (c.version >= 3 && bc === null && !c.keyUsage?.includes('keyCertSign')) : !bc?.cA;
  if (notCa) problems.push({ certIndex: i, code: 'not-a-ca', message: bc ? 'basicConstraints cA is false' : 'no basicConstraints: not a CA certificate' });
  if (c.keyUsage && !c.keyUsage.includes('keyCertSign')) problems.push({ certIndex: i, code: 'ca-missing-keyCertSign', message: `key usage (${c.keyUsage.join(', ') || 'none'}) lacks keyCertSign` });
}

async function checkRevocation(
  chain: CertificateSummary[],
  i: number,
  crls: CrlSummary[],
  at: Date,
  policy: Sm2IdPolicy,
  problems: PathProblem[],
): Promise<{ status: 'good' | 'revoked' | 'unknown'; sm2Id: Sm2IdUsed | null }> {
  const cert = chain[i];
  const issuer = chain[i + 1];
  const candidates = crls.filter((c) => namesEqual(c.issuer, cert.issuer) && (!c.authorityKeyId || !issuer.subjectKeyId || c.authorityKeyId === issuer.subjectKeyId));
  const failures: PathProblem[] = [];
  let usable: CrlSummary | undefined;
  let usableId: Sm2IdUsed | null = null;
  for (const crl of candidates) {
    const unknown = crl.criticalExtensions.filter((x) => !HANDLED_CRL_EXTENSIONS.has(x));
    if (unknown.length) {
      failures.push({ certIndex: i, code: 'crl-unsupported-extension', message: `CRL has unsupported critical extension(s) ${unknown.join(', ')}` });
      continue;
    }
    const sig = await verifySignature(crl.tbs, crl.signatureAlgorithm, crl.signatureValue, issuer.publicKey, policy);
    if (!sig.ok) {
      failures.push({ certIndex: i, code: 'crl-bad-signature', message: `CRL from ${crl.issuer.text}: ${sig.detail ?? 'signature does not verify'}` });
      continue;
    }
    if (issuer.keyUsage && !issuer.keyUsage.includes('cRLSign')) {
      failures.push({ certIndex: i, code: 'crl-issuer-not-authorised', message: 'CRL issuer key usage lacks cRLSign' });
      continue;
    }
    if (crl.nextUpdate && at > crl.nextUpdate) {
      failures.push({ certIndex: i, code: 'crl-expired', message: `CRL nextUpdate ${fmt(crl.nextUpdate)} is before ${fmt(at)}` });
      continue;
    }
    if (!usable || crl.thisUpdate > usable.thisUpdate) {
      usable = crl;
      usableId = sig.sm2Id ?? null;
    }
  }
  if (!usable) {
    problems.push(...(failures.length ? failures : [{ certIndex: i, code: 'crl-missing' as const, message: `no CRL from ${cert.issuer.text}` }]));
    return { status: 'unknown', sm2Id: null };
  }
  const entry = usable.revoked.find((r) => r.serialNumber === cert.serialNumber);
  if (entry && entry.reason !== 'removeFromCRL' && entry.revocationDate <= at) {
    problems.push({ certIndex: i, code: 'revoked', message: `revoked on ${fmt(entry.revocationDate)}${entry.reason ? ` (${entry.reason})` : ''}` });
    return { status: 'revoked', sm2Id: usableId };
  }
  return { status: 'good', sm2Id: usableId };
}

async function validateChain(chain: CertificateSummary[], opts: Required<Pick<ValidationOptions, 'sm2IdPolicy' | 'crlCheck' | 'checkAnchorConstraints'>> & { at: Date; crls: CrlSummary[]; ku: KeyUsageName[]; eku?: string[] }): Promise<PathVerdict> {
  const n = chain.length - 1; // anchor index
  const problems: PathProblem[] = [];
  const sm2IdUsed: Array<Sm2IdUsed | null> = chain.map(() => null);
  const revocation: PathVerdict['revocation'] = chain.map(() => 'not-checked');
  const crlSm2IdUsed: Array<Sm2IdUsed | null> = chain.map(() => null);
  for (let i = 0; i <= n; i++) {
    const c = chain[i];
    const isAnchor = i === n;
    if (!isAnchor || opts.checkAnchorConstraints) checkValidity(c, i, opts.at, problems);
    if (!isAnchor) {
      const s = await verifySignature(c.tbs, c.signatureAlgorithm, c.signatureValue, chain[i + 1].publicKey, opts.sm2IdPolicy);
      if (s.ok) sm2IdUsed[i] = s.sm2Id ?? null;
      else
        problems.push({
          certIndex: i,
          code: s.emptyIdWouldVerify ? 'sm2-empty-id-only' : s.failure === 'unsupported-algorithm' ? 'unsupported-algorithm' : 'bad-signature',
          message: s.detail ?? 'signature does not verify',
        });
      for (const x of c.criticalExtensions) if (!HANDLED_EXTENSIONS.has(x)) problems.push({ certIndex: i, code: 'unhandled-critical-extension', message: `critical extension ${x} is not processed` });
    }
    if (i > 0 && (!isAnchor || opts.checkAnchorConstraints)) {
      checkCa(c, i, isAnchor, problems);
      const pathLen = c.basicConstraints?.pathLen;
      if (pathLen !== undefined) {
        // non-self-issued intermediates between this CA and the leaf (RFC 5280 §6.1.4 (l), (m))
        const below = chain.slice(1, i).filter((x) => !x.selfIssued).length;
        if (below > pathLen) problems.push({ certIndex: i, code: 'path-length-exceeded', message: `pathLenConstraint ${pathLen} allows ${pathLen} intermediate(s) below, found ${below}` });
      }
    }
  }
  // leaf usage (RFC 5280 §4.2.1.3, §4.2.1.12)
  const leaf = chain[0];
  const missing = leaf.keyUsage ? opts.ku.filter((u) => !leaf.keyUsage!.includes(u)) : [];
  if (missing.length) problems.push({ certIndex: 0, code: 'leaf-key-usage', message: `key usage lacks ${missing.join(', ')}` });
  if (opts.eku?.length && leaf.extKeyUsage && !leaf.extKeyUsage.includes('2.5.29.37.0') && !opts.eku.some((e) => leaf.extKeyUsage!.includes(e))) {
    problems.push({ certIndex: 0, code: 'leaf-ext-key-usage', message: `extended key usage lacks ${opts.eku.join(' or ')}` });
  }
  // revocation (RFC 5280 §6.3), offline CRLs only
  const upto = opts.crlCheck === 'none' ? 0 : opts.crlCheck === 'leaf' ? Math.min(1, n) : n;
  for (let i = 0; i < upto; i++) ({ status: revocation[i], sm2Id: crlSm2IdUsed[i] } = await checkRevocation(chain, i, opts.crls, opts.at, opts.sm2IdPolicy, problems));
  return { status: statusOf(problems), chain, at: opts.at, sm2IdPolicy: opts.sm2IdPolicy, sm2IdUsed, revocation, crlSm2IdUsed, problems };
}

/**
 * Builds and validates the path(s) from `leaf` to one of `anchors`. Returns the first valid path, otherwise
 * the least severe failing one. Throws only on malformed input (E_BAD_ENCODING).
 */
export async function validatePath(leafIn: CertInput, intermediatesIn: readonly CertInput[], anchorsIn: readonly CertInput[], options: ValidationOptions = {}): Promise<PathVerdict> {
  const leaf = toSummary(leafIn);
  const intermediates = intermediatesIn.map(toSummary);
  const anchors = anchorsIn.map(toSummary);
  const crls = (options.crls ?? []).map(toCrlSummary);
  const opts = {
    at: options.at ?? new Date(),
    sm2IdPolicy: options.sm2IdPolicy ?? 'strict',
    crlCheck: options.crlCheck ?? (crls.length ? 'leaf' : 'none'),
    checkAnchorConstraints: options.checkAnchorConstraints ?? true,
    crls,
    ku: options.requiredKeyUsage === undefined ? [] : Array.isArray(options.requiredKeyUsage) ? options.requiredKeyUsage : [options.requiredKeyUsage],
    eku: options.requiredExtKeyUsage,
  } as const;
  const { complete, partial } = buildChains(leaf, intermediates, anchors, options.maxDepth ?? 8);
  if (complete.length === 0) {
    const last = partial[partial.length - 1];
    return {
      status: 'untrusted',
      chain: partial,
      at: opts.at,
      sm2IdPolicy: opts.sm2IdPolicy,
      sm2IdUsed: partial.map(() => null),
      revocation: partial.map(() => 'not-checked'),
      crlSm2IdUsed: partial.map(() => null),
      problems: [{ certIndex: partial.length - 1, code: 'no-trust-anchor', message: `no trusted issuer found for ${last.issuer.text}` }],
    };
  }
  let best: PathVerdict | undefined;
  for (const chain of complete) {
    const v = await validateChain(chain, opts);
    if (v.status === 'valid') return v;
    if (!best || SEVERITY.indexOf(v.status) > SEVERITY.indexOf(best.status)) best = v;
  }
  return best!;
}

/** Checks a self-signed certificate's own signature (e.g. on trust-store import) and reports the SM2 ID. */
export async function checkSelfSignature(certIn: CertInput, policy: Sm2IdPolicy = 'lenient'): Promise<{ ok: boolean; sm2Id?: Sm2IdUsed; detail?: string }> {
  const c = toSummary(certIn);
  const s = await verifySignature(c.tbs, c.signatureAlgorithm, c.signatureValue, c.publicKey, policy);
  return { ok: s.ok, sm2Id: s.sm2Id, detail: s.detail };
}
