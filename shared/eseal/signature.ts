// Runs anywhere (pure). Seal signatures (电子签章, SES_Signature) of GM/T 0031-2014 ("v1") and GB/T 38540-2020
// ("v4"): layouts in docs/ESEAL.md. The signer's key stays in its carrier (software key, PKCS#11, SKF) behind
// the Signer interface; verification works on the bytes as carried (toSign is checked as it appears in the file).
import { BidSealError, isBidSealError } from '../errors';
import { children, bytesEqual, type Tlv, seq, integer, octets, oid, bitString, ia5String, generalizedTime, explicit, boolean as derBoolean, tlv, readTime } from '../asn1';
import { parseCertificate, type CertificateSummary } from '../pki/certificate';
import { validatePath, type PathVerdict } from '../pki/path-validation';
import { verifyTimeStampToken, type Timestamper, type TimestampVerification } from '../pki/tsp';
import { getDigest } from '../crypto/algorithms';
import type { Signer } from '../pki/carrier';
import {
  parseSeal, verifySeal, sealUsabilityError, carrierDigest, pickAlgorithm, checkSignature, SIG_OID, OID_SM2_SM3,
  str, int, bits, octetString, oidOf, seqKids, top, type ParsedSeal, type SealVerdict, type SealExtension, type SealTrust,
} from './seal';

export interface ParsedSesSignature {
  format: 1 | 4;
  version: number;
  /** the seal inside, parsed; null when it could not be (sealError says why) */
  seal: ParsedSeal | null;
  sealError?: BidSealError;
  /** signing time (v4 GeneralizedTime; v1 a time in a BIT STRING, read in its known forms) */
  time?: Date;
  /** v1: the time field as carried, when it is not a recognisable time */
  timeText?: string;
  dataHash: Uint8Array;
  propertyInfo: string;
  extensions: SealExtension[];
  /** the signer's certificate as carried (may be empty: some writers leave it out) */
  signerCert: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** v4: RFC 3161 TimeStampToken over the signature value */
  timeStamp?: Uint8Array;
  /** TBS_Sign as carried: what the signature covers */
  toSignRaw: Uint8Array;
  raw: Uint8Array;
}

const corrupt = (msg: string): never => {
  throw new BidSealError('E_ESEAL_CORRUPT', msg);
};

function parseSealInside(t: Tlv): { seal: ParsedSeal | null; sealError?: BidSealError } {
  try {
    return { seal: parseSeal(t.raw) };
  } catch (e) {
    if (isBidSealError(e) && e.code === 'E_ESEAL_UNSUPPORTED_VERSION') throw e;
    return { seal: null, sealError: isBidSealError(e) ? e : new BidSealError('E_ESEAL_CORRUPT', (e as Error).message) };
  }
}

/** v1 timeInfo: a DER UTCTime/GeneralizedTime, or text ("yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss[Z]") as some writers put it. */
function v1Time(b: Uint8Array): { time?: Date; timeText?: string } {
  if ((b[0] === 0x17 || b[0] === 0x18) && b.length > 2) {
    try {
      const t = top(b, 'timeInfo');
      return { time: parseTimeTlv(t) };
    } catch {
      /* fall through to text */
    }
  }
  const s = new TextDecoder('utf-8', { fatal: false }).decode(b).trim();
  const m = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})(Z)?$/.exec(s) ?? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z)$/.exec(s);
  if (m) {
    const y = m[1].length === 2 ? (Number(m[1]) < 50 ? 2000 + Number(m[1]) : 1900 + Number(m[1])) : Number(m[1]);
    const parts = [y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])] as const;
    // text without a zone is the writer's local (China Standard) time
    const ms = m[7] ? Date.UTC(...parts) : Date.UTC(...parts) - 8 * 3600_000;
    return { time: new Date(ms) };
  }
  return { timeText: s };
}

function parseTimeTlv(t: Tlv): Date {
  try {
    return readTime(t, { zone: 'optional' });
  } catch {
    return corrupt(`time "${new TextDecoder().decode(t.v)}"`);
  }
}

function parseExtList(t: Tlv | undefined): SealExtension[] {
  if (!t) return [];
  // [0] EXPLICIT SEQUENCE OF ExtData, or [0] IMPLICIT (the ExtData directly inside)
  const inner = children(t.v);
  const list = inner.length === 1 && inner[0].tag === 0x30 && inner[0].v[0] === 0x30 ? children(inner[0].v) : inner;
  return list.map((e) => {
    const [id, a, b] = seqKids(e, 'ExtData');
    const critical = a?.tag === 0x01 ? a.v[0] !== 0 : false;
    return { id: oidOf(id, 'ExtData.extnID'), critical, value: octetString(a?.tag === 0x01 ? b : a, 'ExtData.extnValue') };
  });
}

/** Parses an SES_Signature (v1 or v4) as carried. E_ESEAL_UNSUPPORTED_VERSION for later versions. */
export function parseSesSignature(der: Uint8Array): ParsedSesSignature {
  const t = top(der, 'SES_Signature');
  try {
    const kids = seqKids(t, 'SES_Signature');
    const tbs = seqKids(kids[0], 'TBS_Sign');
    const version = int(tbs[0], 'TBS_Sign.version');
    if (version >= 5) throw new BidSealError('E_ESEAL_UNSUPPORTED_VERSION', `seal signature version ${version}`, { version });
    // v4: { toSign, cert, signatureAlgID, signature, [0] timeStamp OPTIONAL }
    if (kids.length >= 4 && tbs[2]?.tag === 0x18) {
      const { seal, sealError } = parseSealInside(tbs[1]);
      let timeStamp: Uint8Array | undefined;
      const ts = kids[4];
      if (ts) timeStamp = ts.tag === 0xa0 ? (ts.v[0] === 0x03 ? bits(children(ts.v)[0], 'timeStamp') : ts.v) : ts.tag === 0x03 ? bits(ts, 'timeStamp') : ts.tag === 0x80 ? ts.v.subarray(1) : ts.v;
      return {
        format: 4, version, seal, ...(sealError ? { sealError } : {}), time: parseTimeTlv(tbs[2]), dataHash: bits(tbs[3], 'dataHash'), propertyInfo: str(tbs[4], 'propertyInfo'),
        extensions: parseExtList(tbs[5]), signerCert: octetString(kids[1], 'cert'), signatureAlgorithm: oidOf(kids[2], 'signatureAlgID'), signature: bits(kids[3], 'signature'),
        ...(timeStamp ? { timeStamp } : {}), toSignRaw: kids[0].raw, raw: t.raw,
      };
    }
    // v1: { toSign { version, eseal, timeInfo BIT STRING, dataHash, propertyInfo, cert, signatureAlgorithm }, signature }
    if (kids.length === 2 && tbs.length >= 7) {
      const { seal, sealError } = parseSealInside(tbs[1]);
      return {
        format: 1, version, seal, ...(sealError ? { sealError } : {}), ...v1Time(bits(tbs[2], 'timeInfo')), dataHash: bits(tbs[3], 'dataHash'), propertyInfo: str(tbs[4], 'propertyInfo'),
        extensions: [], signerCert: octetString(tbs[5], 'cert'), signatureAlgorithm: oidOf(tbs[6], 'signatureAlgorithm'), signature: bits(kids[1], 'signature'), toSignRaw: kids[0].raw, raw: t.raw,
      };
    }
  } catch (e) {
    if (isBidSealError(e)) throw e.code === 'E_BAD_ENCODING' ? new BidSealError('E_ESEAL_CORRUPT', e.message) : e;
    throw new BidSealError('E_ESEAL_CORRUPT', (e as Error).message);
  }
  return corrupt('neither a GM/T 0031 nor a GB/T 38540 SES_Signature');
}

// ---------------------------------------------------------------------------------------------------
// signing
// ---------------------------------------------------------------------------------------------------

/** The digest name a seal signature's data hash uses with this signature algorithm (SM2 → SM3). */
export function dataHashName(sigAlgOid: string): 'SM3' | 'SHA-256' | 'SHA-384' {
  return sigAlgOid === OID_SM2_SM3 || sigAlgOid === '1.2.156.10197.1.301.1' ? 'SM3' : sigAlgOid.endsWith('.12') || sigAlgOid.endsWith('4.3.3') ? 'SHA-384' : 'SHA-256';
}

export interface SesSignInput {
  /** the SESeal as carried (its bytes go into TBS_Sign unchanged) */
  seal: Uint8Array;
  /** hash of the protected data (OFD: of Signature.xml as stored) under dataHashName(signature algorithm) */
  dataHash: Uint8Array;
  /** GB/T 38540 §8: what was signed (OFD: the path of Signature.xml) */
  propertyInfo: string;
  time?: Date;
  extensions?: SealExtension[];
  /** v4 only: an RFC 3161 timestamp over the signature value */
  timestamper?: Timestamper;
  /** check the seal before signing (default true): expired, not yet valid, not listing the signer, altered → typed error */
  checkSeal?: boolean;
  signal?: AbortSignal;
}

/**
 * Signs with a seal: builds TBS_Sign in the seal's own generation (a v4 seal gives a v4 signature), signs it
 * with the carrier and returns the SES_Signature DER. The seal is checked first (no PIN is asked for a seal that
 * may not be used).
 */
export async function signSes(i: SesSignInput, signer: Signer): Promise<Uint8Array> {
  const seal = parseSeal(i.seal);
  const time = i.time ?? new Date();
  if (i.checkSeal !== false) {
    const err = sealUsabilityError(await verifySeal(seal, { at: time, signerCert: signer.certificateDer }));
    if (err) throw err;
  }
  const alg = pickAlgorithm(signer);
  if (seal.format === 4 && alg !== 'sm2-sm3') throw new BidSealError('E_ESEAL_SIGNER_NOT_SM2', `a GB/T 38540 seal signature is made with SM2; this key offers ${alg}`);
  const algOid = SIG_OID[alg]!;
  const want = getDigest(dataHashName(algOid)).outputLength;
  if (i.dataHash.length !== want) throw new BidSealError('E_INVALID_ARGUMENT', `the data hash must be ${want} bytes`);
  const ver = integer(seal.header.version);
  let toSign: Uint8Array;
  if (seal.format === 4) {
    const ext = i.extensions?.length ? [explicit(0, seq(...i.extensions.map((e) => seq(oid(e.id), ...(e.critical ? [derBoolean(true)] : []), octets(e.value)))))] : [];
    toSign = seq(ver, seal.raw, generalizedTime(time), bitString(i.dataHash), ia5String(i.propertyInfo), ...ext);
  } else {
    const utc = tlv(0x17, new TextEncoder().encode(generalizedTimeText(time).slice(2)));
    toSign = seq(ver, seal.raw, bitString(utc), bitString(i.dataHash), ia5String(i.propertyInfo), octets(signer.certificateDer), oid(algOid));
  }
  const sig = await signer.signDigest(carrierDigest(toSign, alg, signer.certificateDer), alg, i.signal);
  if (seal.format === 1) return seq(toSign, bitString(sig));
  const ts = i.timestamper ? [explicit(0, bitString(await i.timestamper.timestamp(sig, i.signal)))] : [];
  return seq(toSign, octets(signer.certificateDer), oid(algOid), bitString(sig), ...ts);
}

const generalizedTimeText = (d: Date): string => new TextDecoder().decode(generalizedTime(d).subarray(2));

// ---------------------------------------------------------------------------------------------------
// verification
// ---------------------------------------------------------------------------------------------------

export type SesProblemCode = 'bad-signature' | 'unsupported-algorithm' | 'no-signer-cert' | 'signer-cert-invalid' | 'data-hash-mismatch' | 'seal-corrupt' | 'seal-invalid' | 'signer-untrusted' | 'signer-cert-expired' | 'timestamp-invalid' | 'version-mismatch';

export interface SesVerdict {
  /** the signature and the seal inside are intact, the hash matches and the seal lists the signer */
  intact: boolean;
  /** intact, and the seal was within its period at signing time, the signer and maker chain to an anchor */
  trusted: boolean;
  problems: Array<{ code: SesProblemCode; message: string }>;
  parsed: ParsedSesSignature;
  signer?: { subject: string; serial: string; notBefore: Date; notAfter: Date; certificate: Uint8Array };
  signerPath?: PathVerdict;
  seal?: SealVerdict;
  timestamp?: TimestampVerification;
}

export interface VerifySesOptions extends SealTrust {
  /** expected data hash (OFD: hash of Signature.xml); or a function of the digest name */
  dataHash?: Uint8Array | ((digestName: 'SM3' | 'SHA-256' | 'SHA-384') => Uint8Array | Promise<Uint8Array>);
  /** used when the signature carries no signer certificate */
  signerCert?: Uint8Array;
  /** TSA anchors for the v4 timestamp */
  tsaAnchors?: Uint8Array[];
}

/** Verifies an SES_Signature; never throws for a bad signature (only for a corrupt or unsupported structure). */
export async function verifySes(input: Uint8Array | ParsedSesSignature, o: VerifySesOptions = {}): Promise<SesVerdict> {
  const p = input instanceof Uint8Array ? parseSesSignature(input) : input;
  const problems: SesVerdict['problems'] = [];
  const v: SesVerdict = { intact: false, trusted: false, problems, parsed: p };
  const certDer = p.signerCert.length ? p.signerCert : o.signerCert;
  let cert: CertificateSummary | undefined;
  if (!certDer) problems.push({ code: 'no-signer-cert', message: 'the signature carries no signer certificate and none was given' });
  else {
    try {
      cert = parseCertificate(certDer);
      v.signer = { subject: cert.subject.text, serial: cert.serialNumber, notBefore: cert.notBefore, notAfter: cert.notAfter, certificate: cert.der };
    } catch (e) {
      problems.push({ code: 'signer-cert-invalid', message: `the signer certificate cannot be parsed: ${(e as Error).message}` });
    }
  }
  if (cert) {
    const r = await checkSignature(p.toSignRaw, p.signatureAlgorithm, p.signature, cert);
    if (r.unsupported) problems.push({ code: 'unsupported-algorithm', message: `signature algorithm ${p.signatureAlgorithm}` });
    else if (!r.ok) problems.push({ code: 'bad-signature', message: 'the signature does not verify over TBS_Sign as carried' });
  }
  if (o.dataHash !== undefined) {
    const want = typeof o.dataHash === 'function' ? await o.dataHash(dataHashName(p.signatureAlgorithm)) : o.dataHash;
    if (!bytesEqual(want, p.dataHash)) problems.push({ code: 'data-hash-mismatch', message: 'the signed data hash differs from the hash of the content' });
  }
  const at = p.time ?? new Date();
  if (!p.seal) problems.push({ code: 'seal-corrupt', message: p.sealError?.message ?? 'the seal cannot be parsed' });
  else {
    if (p.seal.header.version !== p.version) problems.push({ code: 'version-mismatch', message: `signature version ${p.version}, seal version ${p.seal.header.version}` });
    v.seal = await verifySeal(p.seal, { at, ...(certDer ? { signerCert: certDer } : {}), ...(o.anchors ? { anchors: o.anchors } : {}), ...(o.intermediates ? { intermediates: o.intermediates } : {}) });
    for (const q of v.seal.problems) if (q.code === 'bad-maker-signature' || q.code === 'unsupported-algorithm' || q.code === 'maker-cert-invalid' || q.code === 'signer-not-listed') problems.push({ code: 'seal-invalid', message: q.message });
  }
  if (p.timeStamp) {
    const sig = p.signature;
    v.timestamp = await verifyTimeStampToken(p.timeStamp, async (d) => getDigest(d).digest(sig), { trusted: o.tsaAnchors ?? [] });
    if (!v.timestamp.intact) problems.push({ code: 'timestamp-invalid', message: v.timestamp.error?.message ?? 'the timestamp does not match the signature value' });
  }
  v.intact = problems.length === 0;
  if (cert) {
    v.signerPath = await validatePath(cert, [...(o.intermediates ?? [])], [...(o.anchors ?? [])], { at, sm2IdPolicy: 'lenient' });
    if (v.signerPath.status === 'expired' || v.signerPath.status === 'not-yet-valid') problems.push({ code: 'signer-cert-expired', message: `the signer certificate was not valid at ${at.toISOString()}` });
    else if (v.signerPath.status !== 'valid' && v.signerPath.status !== 'revocation-unknown') problems.push({ code: 'signer-untrusted', message: `signer certificate: ${v.signerPath.status}` });
  }
  v.trusted = v.intact && problems.length === 0 && v.seal?.status === 'valid';
  return v;
}
