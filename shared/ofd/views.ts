// Runs anywhere (pure). The JSON report of an OFD's signatures, shared by `bidseal ofd verify --json` and the
// app's `ofd.verify`, so both say the same thing (docs/OFD.md).
import { sesVerdictView, type SesVerdictView } from '../eseal/views';
import type { OfdReferenceCheck, OfdSignatureReport, OfdVerifyReport } from './signatures';

export interface OfdSignatureView {
  id: string;
  type: string;
  path: string;
  intact: boolean;
  trusted: boolean;
  checkMethod: string;
  references: { total: number; failed: OfdReferenceCheck[] };
  stamps: OfdSignatureReport['stamps'];
  ses?: SesVerdictView;
  /** a plain signature (Type="Sign") */
  cms?: { form: 'signed-data' | 'raw'; intact: boolean; trusted: boolean; signer: { subject: string; serial: string } | null; signerPath: { status: string } | null; time: string | null; problems: Array<{ code: string; message: string }> };
  error?: { code: string; message: string };
}

export interface OfdVerifyView {
  /** every signature intact and nothing unprotected (with strict: also trusted); false for an unsigned OFD */
  ok: boolean;
  signatures: OfdSignatureView[];
  /** parts no signature protects (added after the last seal) */
  unprotected: string[];
}

export function ofdSignatureView(s: OfdSignatureReport): OfdSignatureView {
  return {
    id: s.id,
    type: s.type,
    path: s.path,
    intact: s.intact,
    trusted: s.trusted,
    checkMethod: s.checkMethod,
    references: { total: s.references.length, failed: s.references.filter((r) => !r.ok) },
    stamps: s.stamps,
    ...(s.ses ? { ses: sesVerdictView(s.ses) } : {}),
    ...(s.cms ? { cms: { form: s.cms.form, intact: s.cms.intact, trusted: s.cms.trusted, signer: s.cms.signer ?? null, signerPath: s.cms.signerPath ? { status: s.cms.signerPath.status } : null, time: s.cms.time?.toISOString() ?? null, problems: s.cms.problems } } : {}),
    ...(s.error ? { error: s.error } : {}),
  };
}

/** The verdict `ofd verify` gives: intact (and, strict, trusted) signatures, nothing added after them. */
export function ofdVerifyView(r: OfdVerifyReport, strict = false): OfdVerifyView {
  return { ok: r.ok && (!strict || r.signatures.every((s) => s.trusted)), signatures: r.signatures.map(ofdSignatureView), unprotected: r.unprotected };
}
