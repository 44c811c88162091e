// Runs anywhere (pure). Certification path building and validation (RFC 5280 §6.1 in full: signatures incl.
// DSA parameter inheritance, validity, name chaining, the valid-policy tree with mappings and constraints,
// name constraints, basic constraints and path length, key usage, unknown critical extensions) with
// revocation of every certificate of the path (§6.3, ./revocation.ts) at a chosen instant (e.g. the bid
// opening), an SM2 user-ID policy and per-certificate reporting of the ID used. Path building tries every
// candidate issuer (cross-certificates, key rollover by AKI/SKI) and reports the path it chose.
// Hand-written: no maintained JS path validator handles SM2 (nor OpenSSL-compatible vocabulary).
import { toSummary, type CertificateSummary, type KeyUsageName } from './certificate';
import { toCrlSummary, type CrlSummary } from './crl';
import { namesEqual } from './names';
import { bytesEqual } from '../asn1';
import { dsaParamsOf, verifySignature, type Sm2IdPolicy, type Sm2IdUsed } from './signature';
import { certExtensions, EXT_ID } from './x509-ext';
import { PolicyProcessor, ANY_POLICY, type PolicyInputs } from './policy-tree';
import { NameConstraintState } from './name-constraints';
import { checkRevocation, type CrlEvidence, type RevocationProblemCode, type RevocationResult } from './revocation';
import { parseOcspResponse, verifyOcspResponse, type OcspEvidence, type OcspProblemCode, type OcspResponse } from './ocsp';
import type { DsaParams } from '../crypto/dsa';

export type RevocationEvidence = CrlEvidence | OcspEvidence;
export type { OcspEvidence } from './ocsp';

/** An OCSP response offered to the validator, with the nonce its request carried and where it came from. */
export interface OcspInput {
  response: OcspResponse | Uint8Array;
  nonce?: Uint8Array;
  source?: string;
}

export type { CrlEvidence, RevocationResult } from './revocation';
export { ANY_POLICY } from './policy-tree';

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
  /** a critical extension this validator does not process */
  | 'unsupported-critical-extension'
  /** no valid certificate policy where one is required (RFC 5280 §6.1.3 (f), §6.1.5 (g)) */
  | 'policy-failed'
  /** a subject or alternative name outside the CA's name constraints */
  | 'name-constraint-violated';

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
  | RevocationProblemCode
  | 'unhandled-critical-extension'
  | 'policy-failed'
  | 'policy-mapping-anypolicy'
  | 'name-not-permitted'
  | 'name-excluded'
  | OcspProblemCode;

export interface PathProblem {
  /** index in `chain` (0 = leaf), like OpenSSL's depth */
  certIndex: number;
  code: ProblemCode;
  message: string;
  /** subject of the certificate concerned */
  subject?: string;
  /** 'revoked': the CRL reason (when given) and the revocation date */
  reason?: string;
  date?: Date;
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
  /** per chain index: the revocation evidence (CRLs / OCSP responses used, signer, dates); null: not checked */
  revocationEvidence: Array<RevocationEvidence[] | null>;
  /** 'hard': revocation-unknown fails the path; 'soft': it is moved to `warnings` and does not */
  revocationPolicy: 'hard' | 'soft';
  /** problems that did not fail the path (soft-fail revocation) */
  warnings: PathProblem[];
  /** the policies the leaf is valid for (user-constrained-policy-set); ['2.5.29.32.0'] = any policy */
  policies: string[];
  /** how many complete candidate paths were built and tried */
  pathsTried: number;
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
  /** user-initial-policy-set (OIDs); default any policy */
  initialPolicySet?: string[];
  /** initial-explicit-policy: the path must be valid for at least one policy of the set */
  initialExplicitPolicy?: boolean;
  initialPolicyMappingInhibit?: boolean;
  initialAnyPolicyInhibit?: boolean;
  /** apply delta CRLs; default true */
  useDeltaCrls?: boolean;
  /** where each CRL came from (evidence); e.g. the URL it was fetched from or the cache file */
  crlSource?: (crl: CrlSummary) => string | undefined;
  /** OCSP responses (RFC 6960): used before CRLs for the certificates they cover */
  ocspResponses?: readonly OcspInput[];
  /** when revocation status cannot be established: 'hard' (default) fails, 'soft' passes with a warning */
  revocationPolicy?: 'hard' | 'soft';
  /**
   * the instant revocation evidence must be current for (default `at`): e.g. now, when `at` is a future bid
   * opening, since no CRL or OCSP response can speak for a time after its nextUpdate
   */
  revocationAt?: Date;
}

type CertInput = CertificateSummary | Uint8Array | string;

/** Certificate extensions processed here (RFC 5280 §4.2); any other critical one refuses the path. */
const HANDLED_EXTENSIONS = new Set<string>([
  '2.5.29.15', // keyUsage
  '2.5.29.37', // extKeyUsage
  '2.5.29.19', // basicConstraints
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.31', // cRLDistributionPoints
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  EXT_ID.policies,
  EXT_ID.policyMappings,
  EXT_ID.policyConstraints,
  EXT_ID.inhibitAnyPolicy,
  EXT_ID.nameConstraints,
  EXT_ID.freshestCrl,
  EXT_ID.ocspNoCheck,
]);

const SEVERITY: PathStatus[] = [
  'untrusted',
  'bad-signature',
  'revoked',
  'not-a-ca',
  'path-length-exceeded',
  'invalid-usage',
  'name-constraint-violated',
  'policy-failed',
  'unsupported-critical-extension',
  'expired',
  'not-yet-valid',
  'revocation-unknown',
];

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
  'crl-signer-invalid': 'revocation-unknown',
  'crl-incomplete': 'revocation-unknown',
  'unhandled-critical-extension': 'unsupported-critical-extension',
  'policy-failed': 'policy-failed',
  'policy-mapping-anypolicy': 'policy-failed',
  'name-not-permitted': 'name-constraint-violated',
  'name-excluded': 'name-constraint-violated',
  'ocsp-error-status': 'revocation-unknown',
  'ocsp-no-matching-response': 'revocation-unknown',
  'ocsp-unauthorised-responder': 'revocation-unknown',
  'ocsp-bad-signature': 'revocation-unknown',
  'ocsp-stale': 'revocation-unknown',
  'ocsp-not-yet-valid': 'revocation-unknown',
  'ocsp-nonce-mismatch': 'revocation-unknown',
  'ocsp-nonce-missing': 'revocation-unknown',
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

/**
 * All complete paths leaf → … → anchor (bounded, at most 16), and the longest partial path when none
 * completes. Every candidate issuer is tried (cross-certificates, old/new keys of a rollover); issuers whose
 * SKI equals the AKI come first.
 */
export function buildChains(
  leaf: CertificateSummary,
  intermediates: readonly CertificateSummary[],
  anchors: readonly CertificateSummary[],
  maxDepth = 8,
): { complete: CertificateSummary[][]; partial: CertificateSummary[] } {
  const complete: CertificateSummary[][] = [];
  let partial: CertificateSummary[] = [leaf];
  const isAnchor = (c: CertificateSummary) => anchors.some((a) => bytesEqual(a.der, c.der));
  const keyRank = (cur: CertificateSummary, c: CertificateSummary) => (cur.authorityKeyId && cur.authorityKeyId === c.subjectKeyId ? 0 : 1);
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
    const anchorHits = anchors.filter((a) => isIssuerCandidate(cur, a) && !seen(a)).sort((a, b) => keyRank(cur, a) - keyRank(cur, b));
    for (const a of anchorHits) walk([...path, a]);
    const inter = intermediates.filter((c) => isIssuerCandidate(cur, c) && !seen(c) && !isAnchor(c)).sort((a, b) => keyRank(cur, a) - keyRank(cur, b));
    for (const c of inter) walk([...path, c]);
  };
  walk([leaf]);
  return { complete, partial };
}

const fmt = (d: Date) => d.toISOString();

interface ChainOptions extends PolicyInputs {
  at: Date;
  sm2IdPolicy: Sm2IdPolicy;
  crlCheck: 'none' | 'leaf' | 'all';
  checkAnchorConstraints: boolean;
  crls: CrlSummary[];
  ku: KeyUsageName[];
  eku?: string[];
  useDeltaCrls: boolean;
  crlSource?: (crl: CrlSummary) => string | undefined;
  /** every certificate offered (intermediates and anchors): CRL signers are looked for here */
  pool: CertificateSummary[];
  anchors: CertificateSummary[];
  maxDepth: number;
  /** CRL signers whose path is being validated (guards against cycles) */
  signerStack: string[];
  ocsp: Array<{ response: OcspResponse; nonce?: Uint8Array; source?: string }>;
  revocationPolicy: 'hard' | 'soft';
  revocationAt: Date;
}

async function validateChain(chain: CertificateSummary[], opts: ChainOptions): Promise<PathVerdict> {
  const n = chain.length - 1; // anchor index; the RFC's certificate i is chain[n - i]
  const problems: PathProblem[] = [];
  const add = (k: number, code: ProblemCode, message: string, extra: Partial<PathProblem> = {}) => problems.push({ certIndex: k, code, message, subject: chain[k]?.subject.text, ...extra });
  const sm2IdUsed: Array<Sm2IdUsed | null> = chain.map(() => null);
  const revocation: PathVerdict['revocation'] = chain.map(() => 'not-checked');
  const crlSm2IdUsed: Array<Sm2IdUsed | null> = chain.map(() => null);
  const revocationEvidence: Array<RevocationEvidence[] | null> = chain.map(() => null);
  const anchor = chain[n];

  // The anchor's validity as OpenSSL checks it; for a chain of one (a leaf trusted directly) that is the
  // leaf's own validity, which must never go unchecked. CA checks only for an anchor that issued something.
  if (opts.checkAnchorConstraints) {
    checkValidity(anchor, n, opts.at, add);
    if (n > 0) checkCa(anchor, n, true, add);
  }
  const policy = new PolicyProcessor(n, opts);
  const names = new NameConstraintState();
  let maxPathLength = opts.checkAnchorConstraints && n > 0 && anchor.basicConstraints?.pathLen !== undefined ? anchor.basicConstraints.pathLen : n;
  // the CA whose pathLenConstraint set the current limit (the error is reported there, as OpenSSL does)
  let limitBy = maxPathLength === n ? -1 : n;
  // DSA domain parameters: the working key's, inherited down the path when a key omits them (§6.1.4 (f))
  const dsaParams: Array<DsaParams | undefined> = chain.map(() => undefined);
  dsaParams[n] = dsaParamsOf(anchor.publicKey);
  let policyOk = true;

  for (let k = n - 1; k >= 0; k--) {
    const i = n - k;
    const c = chain[k];
    const ext = certExtensions(c);
    dsaParams[k] = dsaParamsOf(c.publicKey) ?? (c.publicKey.algorithmOid === chain[k + 1].publicKey.algorithmOid ? dsaParams[k + 1] : undefined);
    // §6.1.3 (a)
    if (c.signatureUnusedBits) add(k, 'bad-signature', `signature BIT STRING declares ${c.signatureUnusedBits} unused bit(s)`);
    else {
      const s = await verifySignature(c.tbs, c.signatureAlgorithm, c.signatureValue, chain[k + 1].publicKey, opts.sm2IdPolicy, dsaParams[k + 1]);
      if (s.ok) sm2IdUsed[k] = s.sm2Id ?? null;
      else add(k, s.emptyIdWouldVerify ? 'sm2-empty-id-only' : s.failure === 'unsupported-algorithm' ? 'unsupported-algorithm' : 'bad-signature', s.detail ?? 'signature does not verify');
    }
    checkValidity(c, k, opts.at, add);
    // (b), (c): name constraints, not for self-issued intermediates
    if (k === 0 || !c.selfIssued) for (const v of names.check(c.subject, ext.subjectAltName)) add(k, v.reason === 'excluded' ? 'name-excluded' : 'name-not-permitted', `${v.name} is ${v.reason === 'excluded' ? 'in an excluded subtree' : 'outside the permitted subtrees'}`);
    // (d)–(f)
    if (policyOk && !policy.processCertificate(i, ext, c.selfIssued)) {
      policyOk = false;
      add(k, 'policy-failed', 'no valid certificate policy remains where an explicit policy is required');
    }
    for (const x of c.criticalExtensions) if (!HANDLED_EXTENSIONS.has(x)) add(k, 'unhandled-critical-extension', `critical extension ${x} is not processed`);
    if (k === 0) break;
    // §6.1.4: preparation for the next certificate
    if (policyOk && !policy.prepareNext(i, ext, c.selfIssued)) {
      policyOk = false;
      add(k, 'policy-mapping-anypolicy', 'policy mappings map to or from anyPolicy');
    }
    if (ext.nameConstraints) names.add(ext.nameConstraints);
    checkCa(c, k, false, add);
    if (!c.selfIssued) {
      if (maxPathLength <= 0) {
        const by = limitBy < 0 ? k : limitBy;
        const pl = chain[by].basicConstraints?.pathLen ?? 0;
        if (!problems.some((p) => p.certIndex === by && p.code === 'path-length-exceeded')) {
          add(by, 'path-length-exceeded', `pathLenConstraint ${pl} allows ${pl} intermediate(s) below, found more (${chain.slice(1, by).filter((x) => !x.selfIssued).length})`);
        }
      } else maxPathLength--;
    }
    const pl = c.basicConstraints?.pathLen;
    if (pl !== undefined && pl < maxPathLength) {
      maxPathLength = pl;
      limitBy = k;
    }
  }
  // §6.1.5
  const outcome = policy.wrapUp(certExtensions(chain[0]));
  if (policyOk && !outcome.ok) add(0, 'policy-failed', `the path is valid for none of the acceptable policies (${(opts.initialPolicySet ?? [ANY_POLICY]).join(', ')})`);

  // leaf usage (RFC 5280 §4.2.1.3, §4.2.1.12)
  const leaf = chain[0];
  const missing = leaf.keyUsage ? opts.ku.filter((u) => !leaf.keyUsage!.includes(u)) : [];
  if (missing.length) add(0, 'leaf-key-usage', `key usage lacks ${missing.join(', ')}`);
  if (opts.eku?.length && leaf.extKeyUsage && !leaf.extKeyUsage.includes('2.5.29.37.0') && !opts.eku.some((e) => leaf.extKeyUsage!.includes(e))) {
    add(0, 'leaf-ext-key-usage', `extended key usage lacks ${opts.eku.join(' or ')}`);
  }

  // revocation (§6.3) of every certificate below the anchor (or only the leaf)
  const upto = opts.crlCheck === 'none' ? 0 : opts.crlCheck === 'leaf' ? Math.min(1, n) : n;
  const ctx = {
    crls: opts.crls,
    at: opts.revocationAt,
    sm2IdPolicy: opts.sm2IdPolicy,
    useDeltas: opts.useDeltaCrls,
    pool: [...opts.pool, ...chain],
    anchors: opts.anchors,
    sourceOf: opts.crlSource,
    validateSigner: async (signer: CertificateSummary): Promise<boolean> => {
      const fp = signer.fingerprints.sha256;
      // a CRL issuer whose own certificate is covered by the CRL it signs (an indirect CRL naming itself in
      // its CRL distribution point, PKITS 4.14.30) is in scope of its own CRL: not a cycle to refuse
      if (opts.signerStack[opts.signerStack.length - 1] === fp && bytesEqual(chain[0].der, signer.der)) return true;
      if (opts.signerStack.includes(fp) || opts.signerStack.length >= 4) return false;
      const v = await validateAll(signer, { ...opts, ku: [], eku: undefined, crlCheck: 'all', initialPolicySet: undefined, initialExplicitPolicy: false, signerStack: [...opts.signerStack, fp] });
      return v.status === 'valid';
    },
  };
  for (let k = 0; k < upto; k++) {
    // OCSP first (a definite good/revoked answer settles it), then CRLs
    const ocspProblems: Array<{ code: ProblemCode; message: string }> = [];
    let r: RevocationResult | undefined;
    for (const o of opts.ocsp) {
      const v = await verifyOcspResponse(o.response, chain[k], chain[k + 1], { at: opts.revocationAt, nonce: o.nonce, sm2IdPolicy: opts.sm2IdPolicy, source: o.source });
      if (!v.ok) {
        if (v.code !== 'ocsp-no-matching-response') ocspProblems.push({ code: v.code, message: v.message });
        continue;
      }
      if (v.status === 'unknown') {
        ocspProblems.push({ code: 'ocsp-no-matching-response', message: `OCSP responder ${v.evidence.responder} does not know this certificate` });
        continue;
      }
      r = { status: v.status, evidence: [v.evidence], problems: [], ...(v.status === 'revoked' ? { revocationDate: v.revocationTime, ...(v.reason ? { reason: v.reason } : {}) } : {}) };
      break;
    }
    if (!r) {
      r = await checkRevocation(chain[k], chain[k + 1], ctx, dsaParams[k + 1]);
      if (r.status === 'unknown') r.problems.unshift(...(ocspProblems as RevocationResult['problems']));
    }
    revocation[k] = r.status;
    revocationEvidence[k] = r.evidence;
    crlSm2IdUsed[k] = r.evidence[0]?.sm2Id ?? null;
    if (r.status === 'revoked') {
      add(k, 'revoked', `revoked on ${fmt(r.revocationDate!)}${r.reason ? ` (${r.reason})` : ''}`, { ...(r.reason ? { reason: r.reason } : {}), date: r.revocationDate });
    }
    for (const p of r.problems) add(k, p.code, p.message);
  }
  problems.sort((a, b) => a.certIndex - b.certIndex);
  const warnings = opts.revocationPolicy === 'soft' ? problems.filter((p) => STATUS_OF[p.code] === 'revocation-unknown') : [];
  const failing = problems.filter((p) => !warnings.includes(p));
  return {
    status: statusOf(failing),
    chain,
    at: opts.at,
    sm2IdPolicy: opts.sm2IdPolicy,
    sm2IdUsed,
    revocation,
    crlSm2IdUsed,
    revocationEvidence,
    revocationPolicy: opts.revocationPolicy,
    warnings,
    policies: outcome.policies,
    pathsTried: 1,
    problems: failing,
  };
}

function checkValidity(c: CertificateSummary, k: number, at: Date, add: (k: number, code: ProblemCode, m: string) => void): void {
  if (at < c.notBefore) add(k, 'not-yet-valid', `not valid before ${fmt(c.notBefore)} (checked at ${fmt(at)})`);
  if (at > c.notAfter) add(k, 'expired', `expired at ${fmt(c.notAfter)} (checked at ${fmt(at)})`);
}

/** §6.1.4 (k), (n): a CA certificate (v3: basicConstraints cA; anchors: as OpenSSL) allowed to sign certificates. */
function checkCa(c: CertificateSummary, k: number, isAnchor: boolean, add: (k: number, code: ProblemCode, m: string) => void): void {
  const bc = c.basicConstraints;
  const notCa = isAnchor ? (bc !== null && !bc.cA) || (c.version >= 3 && bc === null && !c.keyUsage?.includes('keyCertSign')) : !bc?.cA;
  if (notCa) add(k, 'not-a-ca', bc ? 'basicConstraints cA is false' : 'no basicConstraints: not a CA certificate');
  if (c.keyUsage && !c.keyUsage.includes('keyCertSign')) add(k, 'ca-missing-keyCertSign', `key usage (${c.keyUsage.join(', ') || 'none'}) lacks keyCertSign`);
}

function untrusted(partial: CertificateSummary[], at: Date, sm2IdPolicy: Sm2IdPolicy): PathVerdict {
  const last = partial[partial.length - 1];
  return {
    status: 'untrusted',
    chain: partial,
    at,
    sm2IdPolicy,
    sm2IdUsed: partial.map(() => null),
    revocation: partial.map(() => 'not-checked'),
    crlSm2IdUsed: partial.map(() => null),
    revocationEvidence: partial.map(() => null),
    revocationPolicy: 'hard',
    warnings: [],
    policies: [],
    pathsTried: 0,
    problems: [{ certIndex: partial.length - 1, code: 'no-trust-anchor', message: `no trusted issuer found for ${last.issuer.text}`, subject: last.subject.text }],
  };
}

async function validateAll(leaf: CertificateSummary, opts: ChainOptions): Promise<PathVerdict> {
  const { complete, partial } = buildChains(leaf, opts.pool, opts.anchors, opts.maxDepth);
  if (complete.length === 0) return untrusted(partial, opts.at, opts.sm2IdPolicy);
  let best: PathVerdict | undefined;
  for (const chain of complete) {
    const v = await validateChain(chain, opts);
    if (v.status === 'valid') return { ...v, pathsTried: complete.indexOf(chain) + 1 };
    if (!best || SEVERITY.indexOf(v.status) > SEVERITY.indexOf(best.status)) best = v;
  }
  return { ...best!, pathsTried: complete.length };
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
  const at = options.at ?? new Date();
  const ocsp = (options.ocspResponses ?? []).map((o) => ({ ...o, response: o.response instanceof Uint8Array ? parseOcspResponse(o.response) : o.response }));
  return validateAll(leaf, {
    at,
    revocationAt: options.revocationAt ?? at,
    ocsp,
    revocationPolicy: options.revocationPolicy ?? 'hard',
    sm2IdPolicy: options.sm2IdPolicy ?? 'strict',
    crlCheck: options.crlCheck ?? (ocsp.length ? 'all' : crls.length ? 'leaf' : 'none'),
    checkAnchorConstraints: options.checkAnchorConstraints ?? true,
    crls,
    ku: options.requiredKeyUsage === undefined ? [] : Array.isArray(options.requiredKeyUsage) ? options.requiredKeyUsage : [options.requiredKeyUsage],
    eku: options.requiredExtKeyUsage,
    useDeltaCrls: options.useDeltaCrls ?? true,
    crlSource: options.crlSource,
    initialPolicySet: options.initialPolicySet,
    initialExplicitPolicy: options.initialExplicitPolicy,
    initialPolicyMappingInhibit: options.initialPolicyMappingInhibit,
    initialAnyPolicyInhibit: options.initialAnyPolicyInhibit,
    pool: intermediates,
    anchors,
    maxDepth: options.maxDepth ?? 8,
    signerStack: [],
  });
}

/** Checks a self-signed certificate's own signature (e.g. on trust-store import) and reports the SM2 ID. */
export async function checkSelfSignature(certIn: CertInput, policy: Sm2IdPolicy = 'lenient'): Promise<{ ok: boolean; sm2Id?: Sm2IdUsed; detail?: string }> {
  const c = toSummary(certIn);
  const s = await verifySignature(c.tbs, c.signatureAlgorithm, c.signatureValue, c.publicKey, policy);
  return { ok: s.ok, sm2Id: s.sm2Id, detail: s.detail };
}
