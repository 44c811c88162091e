// Runs in Node. Certificate operations behind the IPC contract and the CLI: inspect (parse, pair a
// holder's signing and encryption certificates) and validate (chain to the user's trust store at a
// chosen instant, e.g. the bid opening time). Views are plain JSON: dates as ISO strings, DER as base64.
import { parseCertificates, type CertificateSummary } from '../../shared/pki/certificate';
import { pairCertificates } from '../../shared/pki/pairing';
import { nameValues } from '../../shared/pki/names';
import { validatePath, type PathVerdict } from '../../shared/pki/path-validation';
import type { CertView, PairView, VerdictView } from '../../shared/ipc/contract';
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
}

/** Validates against the trust store in `dataDir` (when given) plus explicit anchors. */
export async function validateCertificate(req: ValidateRequest, dataDir?: string): Promise<PathVerdict> {
  const anchors: Array<Uint8Array | string> = [...(req.anchors ?? [])];
  if (dataDir) for (const e of await listTrustEntries(dataDir)) anchors.push(e.certificate.der);
  const intermediates = (req.intermediates ?? []).flatMap((i) => parseCertificates(i));
  const leafAll = parseCertificates(req.leaf);
  // A bundle given as the leaf: the first certificate is the leaf, the rest help build the chain.
  const [leaf, ...rest] = leafAll;
  const anchorCerts = anchors.flatMap((a) => parseCertificates(a));
  return validatePath(leaf, [...rest, ...intermediates], anchorCerts, {
    at: req.at,
    sm2IdPolicy: req.sm2IdPolicy ?? 'strict',
    ...(req.requiredKeyUsage ? { requiredKeyUsage: req.requiredKeyUsage } : {}),
    ...(req.crls?.length ? { crls: req.crls } : {}),
  });
}
