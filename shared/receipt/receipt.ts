// Runs anywhere (pure). Upload receipts 'bidseal-receipt/1' (docs/formats/receipts.md): the platform's
// signed statement that it received one file. A canonical JSON payload { platformId, uploadId, fileName,
// size, sha256, sm3, receivedAt, … } is the encapsulated content (eContent, id-data) of a CMS SignedData
// (RFC 5652, shared/cms/signed-data.ts; SM2-with-SM3 by default, GM/T 0010), signed by the platform's
// receipt certificate. Encapsulated rather than detached so one file is the whole evidence: a bidder can
// show it to anyone without the bid, and `openssl cms -verify -inform DER` reads it. No national standard
// fixes a receipt format for bid uploads (platforms answer in their own JSON), hence this small one.
import { z } from 'zod';
import { BidSealError, isBidSealError } from '../errors';
import { assembleSignedData, buildSignedAttributes, createContentHash, digestToSign, parseSignedData, verifySignedData } from '../cms/signed-data';
import { parseCertificate, type CertificateSummary } from '../pki/certificate';
import { splitDerOrPem, bytesEqual } from '../asn1';
import { canonicalJson } from '../bid/manifest';
import type { SignatureAlgorithm, Signer } from '../pki/carrier';

export const RECEIPT_FORMAT = 'bidseal-receipt/1';
/** receipts are small (a JSON payload, one signature, one or two certificates) */
export const MAX_RECEIPT_BYTES = 256 * 1024;

const Hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`), `${n / 2}-byte lower-case hex`);

export const ReceiptPayload = z
  .object({
    format: z.literal(RECEIPT_FORMAT),
    platformId: z.string().min(1).max(64),
    uploadId: z.string().min(1).max(128),
    fileName: z.string().max(255),
    size: z.number().int().nonnegative(),
    sha256: Hex(64),
    sm3: Hex(64),
    /** when the last byte arrived, ISO 8601 UTC */
    receivedAt: z.iso.datetime(),
    /** the bidder and the tender, as the uploader declared them (not checked by the platform) */
    bidder: z.string().max(200).optional(),
    tender: z.string().max(200).optional(),
    /** true when the platform already held this file and answers with its first receipt */
    duplicateOf: z.string().max(128).optional(),
  })
  .strict();
export type ReceiptPayload = z.infer<typeof ReceiptPayload>;
export type ReceiptPayloadInput = Omit<ReceiptPayload, 'format'>;

const enc = new TextEncoder();

/** The exact eContent bytes: canonical JSON (sorted keys, no spaces), UTF-8. */
export function receiptPayloadBytes(p: ReceiptPayloadInput): Uint8Array {
  const full = ReceiptPayload.parse({ format: RECEIPT_FORMAT, ...p });
  return enc.encode(canonicalJson(full));
}

/** Signs a receipt: CMS SignedData with the payload encapsulated; signing-time = receivedAt. */
export async function signReceipt(p: ReceiptPayloadInput, signer: Signer, opts: { alg?: SignatureAlgorithm; chain?: Uint8Array[]; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const alg = opts.alg ?? signer.algorithms[0];
  if (!alg || !signer.algorithms.includes(alg)) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `the receipt key cannot sign with ${alg}`);
  const eContent = receiptPayloadBytes(p);
  const h = createContentHash(alg);
  h.update(eContent);
  const signedAttrs = buildSignedAttributes({ contentDigest: h.digest(), alg, certificateDer: signer.certificateDer, signingTime: new Date(p.receivedAt) });
  const signature = await signer.signDigest(digestToSign(signedAttrs, alg, signer.certificateDer), alg, opts.signal);
  return assembleSignedData({ signedAttrs, signature, alg, certificateDer: signer.certificateDer, chain: opts.chain, eContent });
}

export interface VerifiedReceipt {
  payload: ReceiptPayload;
  /** the certificate that signed (equals the platform's receipt certificate) */
  signer: { subject: string; serialNumber: string; fingerprintSha256: string; notAfter: string };
  signatureAlgorithm: string;
  signingTime?: string;
}

const invalid = (msg: string, cause?: unknown): never => {
  throw new BidSealError('E_RECEIPT_INVALID', msg, undefined, cause === undefined ? undefined : { cause });
};

/** DER of a receipt given as DER, PEM (CMS / PKCS7) or bare base64. */
export function receiptDer(input: Uint8Array | string): Uint8Array {
  if (typeof input !== 'string' && input.length > MAX_RECEIPT_BYTES) invalid(`receipt larger than ${MAX_RECEIPT_BYTES} bytes`);
  try {
    const all = splitDerOrPem(input, /^(CMS|PKCS7)$/);
    if (all.length !== 1) invalid('expected exactly one CMS structure');
    return all[0];
  } catch (e) {
    if (isBidSealError(e) && e.code === 'E_RECEIPT_INVALID') throw e;
    return invalid('neither DER nor PEM CMS', e);
  }
}

/** Reads the payload without verifying anything (for listing); throws E_RECEIPT_INVALID when unreadable. */
export function readReceiptPayload(input: Uint8Array | string): ReceiptPayload {
  const der = receiptDer(input);
  let eContent: Uint8Array | undefined;
  try {
    eContent = parseSignedData(der).eContent;
  } catch (e) {
    invalid('not a CMS SignedData', e);
  }
  if (!eContent) return invalid('the receipt carries no payload (detached SignedData)');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(eContent));
  } catch (e) {
    return invalid('payload is not UTF-8 JSON', e);
  }
  const r = ReceiptPayload.safeParse(json);
  if (!r.success) return invalid(`payload: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

/**
 * Verifies a receipt: one signer, intact signature over the encapsulated payload, the signer's certificate
 * byte-equal to the platform's receipt certificate (E_RECEIPT_WRONG_SIGNER otherwise) and valid at the
 * receipt time, and, when `expected` is given, the same SHA-256 / size / platform (E_RECEIPT_MISMATCH).
 */
export async function verifyReceipt(
  input: Uint8Array | string,
  platformCert: Uint8Array | string | CertificateSummary,
  expected?: { sha256?: string; size?: number; platformId?: string; sm3?: string },
): Promise<VerifiedReceipt> {
  const der = receiptDer(input);
  const payload = readReceiptPayload(der);
  const cert = typeof platformCert === 'object' && 'der' in platformCert && 'tbs' in platformCert ? platformCert : parseCertificate(platformCert as Uint8Array | string);
  const sd = parseSignedData(der);
  if (sd.signers.length !== 1) invalid(`expected one signer, found ${sd.signers.length}`);
  const [v] = await verifySignedData(der);
  if (!v.intact) invalid(v.error?.message ?? (v.digestMatches ? 'signature does not verify' : 'payload digest differs from the signed messageDigest'));
  if (!v.certificate || !bytesEqual(v.certificate, cert.der)) {
    const who = v.certificate ? parseCertificate(v.certificate) : undefined;
    throw new BidSealError('E_RECEIPT_WRONG_SIGNER', `signed by ${who ? `${who.subject.text} (serial ${who.serialNumber})` : 'an unknown certificate'}, expected ${cert.subject.text} (serial ${cert.serialNumber})`);
  }
  const at = new Date(payload.receivedAt);
  if (at < cert.notBefore || at > cert.notAfter) invalid(`the receipt certificate was not valid at ${payload.receivedAt} (valid ${cert.notBefore.toISOString()} – ${cert.notAfter.toISOString()})`);
  if (v.signingTime && Math.abs(v.signingTime.getTime() - at.getTime()) > 5 * 60_000) invalid(`signing time ${v.signingTime.toISOString()} differs from receivedAt ${payload.receivedAt}`);
  if (expected) {
    const diffs: string[] = [];
    if (expected.sha256 !== undefined && expected.sha256.toLowerCase() !== payload.sha256) diffs.push(`SHA-256 ${payload.sha256} ≠ ${expected.sha256.toLowerCase()}`);
    if (expected.sm3 !== undefined && expected.sm3.toLowerCase() !== payload.sm3) diffs.push(`SM3 ${payload.sm3} ≠ ${expected.sm3.toLowerCase()}`);
    if (expected.size !== undefined && expected.size !== payload.size) diffs.push(`size ${payload.size} ≠ ${expected.size}`);
    if (expected.platformId !== undefined && expected.platformId !== payload.platformId) diffs.push(`platform ${payload.platformId} ≠ ${expected.platformId}`);
    if (diffs.length) throw new BidSealError('E_RECEIPT_MISMATCH', diffs.join('; '), { diffs });
  }
  return {
    payload,
    signer: { subject: cert.subject.text, serialNumber: cert.serialNumber, fingerprintSha256: cert.fingerprints.sha256, notAfter: cert.notAfter.toISOString() },
    signatureAlgorithm: v.signatureAlgorithm,
    ...(v.signingTime ? { signingTime: v.signingTime.toISOString() } : {}),
  };
}
