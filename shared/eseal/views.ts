// Runs anywhere (pure). JSON views of seal verdicts, shared by the CLI (`eseal verify`, `pdf verify --json`,
// `ofd verify --json`) and the app's IPC (`pdf.verify`, `ofd.verify`), so both say the same thing.
import { BidSealError } from '../errors';
import type { SignatureReport } from '../pdf/verify';
import { sealFromAttributes } from './pdf';
import { parseSeal, sealHolders, verifySeal, SEAL_INTEGRITY_PROBLEMS, type ParsedSeal, type SealProblemCode, type SealTrust, type SealVerdict } from './seal';
import type { SesVerdict } from './signature';

export interface SealVerdictView {
  status: SealVerdict['status'];
  intact: boolean;
  at: string;
  maker: { subject: string; serial: string; notBefore: string; notAfter: string } | null;
  makerPath: { status: string; chain: string[] } | null;
  signedForm: string | null;
  signerListed: boolean | null;
  problems: Array<{ code: SealProblemCode; message: string }>;
}

export function sealVerdictView(v: SealVerdict): SealVerdictView {
  return {
    status: v.status,
    intact: v.intact,
    at: v.at.toISOString(),
    maker: v.maker ? { subject: v.maker.subject, serial: v.maker.serial, notBefore: v.maker.notBefore.toISOString(), notAfter: v.maker.notAfter.toISOString() } : null,
    makerPath: v.makerPath ? { status: v.makerPath.status, chain: v.makerPath.chain.map((c) => c.subject.text) } : null,
    signedForm: v.tbsForm ?? null,
    signerListed: v.signerListed ?? null,
    problems: v.problems,
  };
}

export interface SesVerdictView {
  intact: boolean;
  trusted: boolean;
  format: number;
  time: string | null;
  signer: { subject: string; serial: string } | null;
  signerPath: { status: string } | null;
  seal: ({ name: string | undefined; esId: string | undefined } & SealVerdictView) | null;
  timestamp: { genTime: string | null; intact: boolean; trusted: boolean } | null;
  problems: Array<{ code: string; message: string }>;
}

export function sesVerdictView(v: SesVerdict): SesVerdictView {
  return {
    intact: v.intact,
    trusted: v.trusted,
    format: v.parsed.format,
    time: v.parsed.time?.toISOString() ?? null,
    signer: v.signer ? { subject: v.signer.subject, serial: v.signer.serial } : null,
    signerPath: v.signerPath ? { status: v.signerPath.status } : null,
    seal: v.seal ? { name: v.parsed.seal?.property.name, esId: v.parsed.seal?.esId, ...sealVerdictView(v.seal) } : null,
    timestamp: v.timestamp ? { genTime: v.timestamp.genTime?.toISOString() ?? null, intact: v.timestamp.intact, trusted: v.timestamp.trusted } : null,
    problems: v.problems,
  };
}

/** The seal a PDF signature binds (signed attribute, docs/ESEAL.md), as checked beside the signature. */
export type BoundSealView =
  | ({ name: string; esId: string; format: ParsedSeal['format']; validStart: string; validEnd: string; holders: string[]; holderDigests: number; ok: boolean } & SealVerdictView)
  | { status: 'unreadable'; error: { code: string; message: string } };

/**
 * Checks the seal a PDF signature binds, if any: at the signing time, with the signer required on its list.
 * null when the signature binds no seal.
 */
export async function checkBoundSeal(r: Pick<SignatureReport, 'cms' | 'signer' | 'signingTime'>, trust: SealTrust): Promise<BoundSealView | null> {
  const der = sealFromAttributes(r.cms?.signedAttributes);
  if (!der) return null;
  try {
    const seal = parseSeal(der);
    const v = await verifySeal(seal, { ...trust, ...(r.signer ? { signerCert: r.signer.certificateDer } : {}), ...(r.signingTime ? { at: r.signingTime } : {}) });
    const holders = sealHolders(seal);
    return {
      name: seal.property.name,
      esId: seal.esId,
      format: seal.format,
      validStart: seal.property.validStart.toISOString(),
      validEnd: seal.property.validEnd.toISOString(),
      holders,
      holderDigests: seal.property.certDigests.length,
      // intact with no integrity problem: the seal keeps its signature acceptable (expired or untrusted is reported, not a failure)
      ok: v.intact && !v.problems.some((p) => SEAL_INTEGRITY_PROBLEMS.has(p.code)),
      ...sealVerdictView(v),
    };
  } catch (e) {
    return { status: 'unreadable', error: e instanceof BidSealError ? { code: e.code, message: e.message } : { code: 'E_ESEAL_CORRUPT', message: String(e) } };
  }
}

/** A bound seal keeps its signature acceptable only when intact with no integrity problem (no seal: nothing to keep). */
export function boundSealIntact(s: BoundSealView | null): boolean {
  return !s || (s.status !== 'unreadable' && s.ok);
}
