// Runs anywhere (pure). RFC 3161 Time-Stamp Protocol: TimeStampReq (§2.4.1) with a nonce and certReq,
// TimeStampResp / TSTInfo (§2.4.2) parsing, the client-side checks of §2.4.2 (status, imprint, nonce, the
// token's CMS signature with our own verifier, the TSA certificate's critical timeStamping EKU, §2.3), and a
// transport-agnostic Timestamper (the Node HTTP client is electron/services/pki/tsa-client.ts). Hand-written
// beside shared/cms so SM3 imprints and SM2 TSAs are handled by the same code as SHA-2/RSA.
import { BidSealError, type ErrorCode } from '../errors';
import { getDigest } from '../crypto/algorithms';
import { OIDS, parseSignedData, verifySignedData } from '../cms/signed-data';
import { boolean as derBoolean, concat, integer, octets, oid, seq, tlv, bytesEqual, children, oidToString, readTlv, toHex, type Tlv } from '../asn1';
import { parseName } from './names';
import { parseCertificate } from './certificate';
import { validatePath, type PathStatus } from './path-validation';

export const TIME_STAMPING_EKU = '1.3.6.1.5.5.7.3.8';

/** Digests a request may use for its imprint (the TSA must support the one chosen). */
export type ImprintDigest = 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SM3';

const fail = (code: ErrorCode, msg: string): never => {
  throw new BidSealError(code, msg);
};

// ---------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------

export interface TimeStampRequest {
  der: Uint8Array;
  digest: ImprintDigest;
  imprint: Uint8Array;
  /** positive INTEGER content bytes, as the TSA must echo them */
  nonce: Uint8Array;
  policy?: string;
}

/** TimeStampReq v1 over `imprint` (already hashed with `digest`), certReq TRUE so the token names its signer. */
export function buildTimeStampReq(o: { imprint: Uint8Array; digest?: ImprintDigest; nonce?: Uint8Array; policy?: string; certReq?: boolean }): TimeStampRequest {
  const digest = o.digest ?? 'SHA-256';
  const d = getDigest(digest);
  if (o.imprint.length !== d.outputLength) fail('E_INVALID_ARGUMENT', `imprint must be ${d.outputLength} bytes for ${digest}`);
  const nonce = positive(o.nonce ?? globalThis.crypto.getRandomValues(new Uint8Array(8)));
  const der = seq(
    integer(1),
    seq(seq(oid(d.oid)), octets(o.imprint)), // hashAlgorithm without NULL parameters (RFC 5754 §2)
    ...(o.policy ? [oid(o.policy)] : []),
    tlv(0x02, nonce),
    ...(o.certReq === false ? [] : [derBoolean(true)]),
  );
  return { der, digest, imprint: o.imprint, nonce, ...(o.policy ? { policy: o.policy } : {}) };
}

/** Minimal two's-complement content of a positive INTEGER with these magnitude bytes. */
function positive(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const m = b.subarray(i);
  return m[0] & 0x80 ? concat([Uint8Array.of(0), m]) : Uint8Array.from(m);
}

// ---------------------------------------------------------------------------------------------------
// Response and TSTInfo
// ---------------------------------------------------------------------------------------------------

const STATUS = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'] as const;
const FAIL_INFO: Record<number, string> = { 0: 'badAlg', 2: 'badRequest', 5: 'badDataFormat', 14: 'timeNotAvailable', 15: 'unacceptedPolicy', 16: 'unacceptedExtension', 17: 'addInfoNotAvailable', 25: 'systemFailure' };

export interface TimeStampResponse {
  status: number;
  statusName: string;
  statusText: string[];
  failInfo: string[];
  /** ContentInfo DER of the token (status granted / grantedWithMods) */
  token?: Uint8Array;
}

export function parseTimeStampResp(der: Uint8Array): TimeStampResponse {
  return decoding('TimeStampResp', () => {
    const top = readTlv(der);
    if (top.tag !== 0x30 || top.raw.length !== der.length) fail('E_TSA_BAD_RESPONSE', 'TimeStampResp is not one DER SEQUENCE');
    const [si, token] = children(top.v);
    const [st, ...rest] = children(si.v);
    if (st?.tag !== 0x02) fail('E_TSA_BAD_RESPONSE', 'PKIStatusInfo without status');
    const status = intOf(st);
    const statusText: string[] = [];
    const failInfo: string[] = [];
    for (const r of rest) {
      if (r.tag === 0x30) for (const t of children(r.v)) statusText.push(new TextDecoder().decode(t.v));
      if (r.tag === 0x03) for (let bit = 0; bit < (r.v.length - 1) * 8; bit++) if (r.v[1 + (bit >> 3)] & (0x80 >> (bit & 7))) failInfo.push(FAIL_INFO[bit] ?? `bit${bit}`);
    }
    return { status, statusName: STATUS[status] ?? `status ${status}`, statusText, failInfo, ...(token ? { token: token.raw } : {}) };
  });
}

export interface TstInfo {
  policy: string;
  digestOid: string;
  imprint: Uint8Array;
  /** serial number, uppercase hex */
  serial: string;
  genTime: Date;
  /** accuracy in milliseconds, when given */
  accuracyMs?: number;
  nonce?: Uint8Array;
  /** the tsa GeneralName, as text, when the TSA names itself */
  tsaName?: string;
}

export function parseTstInfo(der: Uint8Array): TstInfo {
  return decoding('TSTInfo', () => {
    const f = children(readTlv(der).v);
    let i = 0;
    if (intOf(f[i++]) !== 1) fail('E_TSA_BAD_RESPONSE', 'TSTInfo version is not 1');
    const policy = oidToString(f[i++].v);
    const [alg, hashed] = children(f[i++].v);
    const digestOid = oidToString(children(alg.v)[0].v);
    const serial = toHex(f[i++].v).toUpperCase();
    const genTime = generalizedTime(f[i++]);
    const out: TstInfo = { policy, digestOid, imprint: hashed.v, serial, genTime };
    for (; i < f.length; i++) {
      const t = f[i];
      if (t.tag === 0x30) out.accuracyMs = accuracy(t);
      else if (t.tag === 0x02) out.nonce = t.v;
      else if (t.tag === 0xa0) out.tsaName = generalName(readTlv(t.v));
    }
    return out;
  });
}

function accuracy(t: Tlv): number {
  let ms = 0;
  for (const c of children(t.v)) ms += c.tag === 0x02 ? intOf(c) * 1000 : c.tag === 0x80 ? intOf(c) : c.tag === 0x81 ? intOf(c) / 1000 : 0;
  return ms;
}

function generalName(t: Tlv): string {
  if (t.tag === 0xa4) return parseName(readTlv(t.v)).text; // directoryName
  if (t.tag === 0x86 || t.tag === 0x81 || t.tag === 0x82) return new TextDecoder().decode(t.v); // URI, rfc822, dNSName
  return `[${t.tag & 0x1f}]`;
}

/** GeneralizedTime "YYYYMMDDhhmmss[.f…]Z" (RFC 3161 §2.4.2: UTC, fractions allowed). */
function generalizedTime(t: Tlv): Date {
  const m = t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(new TextDecoder().decode(t.v)) : null;
  if (!m) return fail('E_TSA_BAD_RESPONSE', 'genTime is not a UTC GeneralizedTime');
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
}

const intOf = (t: Tlv): number => {
  if (t?.tag !== 0x02 && t?.tag !== 0x80 && t?.tag !== 0x81) fail('E_TSA_BAD_RESPONSE', 'INTEGER expected');
  return t.v.reduce((a, b) => a * 256 + b, 0);
};

function decoding<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BidSealError && e.code.startsWith('E_TSA_')) throw e;
    throw new BidSealError('E_TSA_BAD_RESPONSE', `${what} is malformed`, undefined, { cause: e });
  }
}

// ---------------------------------------------------------------------------------------------------
// Token verification
// ---------------------------------------------------------------------------------------------------

export interface TimestampVerification {
  /** TSTInfo fields (absent when the token could not be parsed) */
  info?: TstInfo;
  genTime?: Date;
  /** subject of the certificate that signed the token */
  tsa?: string;
  /** DER of that certificate */
  certificate?: Uint8Array;
  policy?: string;
  /** the imprint is the hash of the timestamped data */
  imprintValid: boolean;
  /** the token's CMS signature verifies with the TSA certificate (and its messageDigest matches TSTInfo) */
  signatureValid: boolean;
  /** imprintValid and signatureValid */
  intact: boolean;
  /** the TSA certificate chains to a trust anchor at genTime and carries the critical timeStamping EKU */
  trusted: boolean;
  path?: { status: PathStatus; chain: string[]; problems: string[] };
  error?: { code: string; message: string };
}

export interface TimestampTrustOptions {
  /** trust anchors (DER) for the TSA certificate */
  trusted?: Uint8Array[];
  crls?: Uint8Array[];
}

/**
 * Verifies a timestamp token (ContentInfo DER) over data whose digest `hashOf` computes for the imprint's
 * digest OID. Never throws for a bad token: the verdict says what failed.
 */
export async function verifyTimeStampToken(token: Uint8Array, hashOf: (digestOid: string) => Promise<Uint8Array>, opts: TimestampTrustOptions = {}): Promise<TimestampVerification> {
  const r: TimestampVerification = { imprintValid: false, signatureValid: false, intact: false, trusted: false };
  try {
    const sd = parseSignedData(token);
    if (sd.eContentType !== OIDS.tstInfo || !sd.eContent) fail('E_TSA_BAD_RESPONSE', 'the token does not encapsulate a TSTInfo');
    const info = parseTstInfo(sd.eContent!);
    Object.assign(r, { info, genTime: info.genTime, policy: info.policy });
    r.imprintValid = bytesEqual(info.imprint, await hashOf(info.digestOid));
    const [s] = await verifySignedData(token);
    if (s?.certificate) {
      r.certificate = s.certificate;
      r.tsa = parseCertificate(s.certificate).subject.text;
    }
    r.signatureValid = !!s?.intact && sd.signers.length === 1;
    if (s?.error) r.error = s.error;
    r.intact = r.imprintValid && r.signatureValid;
    if (s?.certificate) {
      const cert = parseCertificate(s.certificate);
      const problems: string[] = [];
      // RFC 3161 §2.3: the TSA certificate has exactly one EKU, timeStamping, and marks it critical
      if (!(cert.extKeyUsage?.length === 1 && cert.extKeyUsage[0] === TIME_STAMPING_EKU && cert.criticalExtensions.includes('2.5.29.37'))) problems.push('tsa-eku: the TSA certificate lacks a critical timeStamping-only extended key usage');
      const v = await validatePath(s.certificate, sd.certificates.filter((c) => !bytesEqual(c, s.certificate!)), opts.trusted ?? [], { at: info.genTime, ...(opts.crls?.length ? { crls: opts.crls } : {}) });
      problems.push(...v.problems.map((p) => `${p.code}: ${p.message}`));
      r.path = { status: v.status, chain: v.chain.map((c) => c.subject.text), problems };
      r.trusted = r.intact && v.status === 'valid' && problems.length === 0;
    }
  } catch (e) {
    if (!(e instanceof BidSealError)) throw e;
    r.error = { code: e.code, message: e.message };
  }
  return r;
}

/**
 * The client-side checks of a TimeStampResp against its request (RFC 3161 §2.4.2): granted, the token's
 * imprint and nonce are the request's, and its signature verifies. Returns the token (ContentInfo DER).
 */
export async function acceptTimeStampResp(respDer: Uint8Array, req: TimeStampRequest): Promise<{ token: Uint8Array; info: TstInfo }> {
  const resp = parseTimeStampResp(respDer);
  if (resp.status > 1) fail('E_TSA_REJECTED', [resp.statusName, ...resp.failInfo, ...resp.statusText].join(': '));
  if (!resp.token) return fail('E_TSA_BAD_RESPONSE', 'granted without a token');
  const v = await verifyTimeStampToken(resp.token, async (o) => (o === getDigest(req.digest).oid ? req.imprint : new Uint8Array(0)));
  if (!v.info) return fail('E_TSA_BAD_RESPONSE', v.error?.message ?? 'unreadable token');
  if (v.info.digestOid !== getDigest(req.digest).oid) fail('E_TSA_BAD_RESPONSE', `the token's imprint uses ${v.info.digestOid}, ${req.digest} was requested`);
  if (!v.imprintValid) fail('E_TSA_BAD_RESPONSE', 'the token timestamps other data (messageImprint differs)');
  if (!v.info.nonce || !bytesEqual(v.info.nonce, req.nonce)) fail('E_TSA_BAD_RESPONSE', 'the token does not echo the request nonce');
  if (req.policy && v.info.policy !== req.policy) fail('E_TSA_BAD_RESPONSE', `the token has policy ${v.info.policy}, ${req.policy} was requested`);
  if (!v.signatureValid) fail('E_TSA_BAD_RESPONSE', `the token's signature does not verify${v.error ? `: ${v.error.message}` : ''}`);
  return { token: resp.token, info: v.info };
}

// ---------------------------------------------------------------------------------------------------
// Timestamper: what the signer needs from a TSA
// ---------------------------------------------------------------------------------------------------

/** Sends a DER TimeStampReq, returns the DER TimeStampResp (HTTP in electron/services/pki/tsa-client.ts). */
export type TsaTransport = (request: Uint8Array, signal?: AbortSignal) => Promise<Uint8Array>;

export interface Timestamper {
  /** size of a token from this TSA (a dry run, once), for reserving /Contents space before signing */
  tokenSize(signal?: AbortSignal): Promise<number>;
  /** a checked token over `data` (a SignerInfo's signature value, RFC 3161 Appendix A) */
  timestamp(data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
  /** the imprint digest this timestamper asks for ('SHA-256' by default) */
  readonly digest?: ImprintDigest;
  /** a checked token over an imprint computed by the caller (a document timestamp hashes a streamed ByteRange) */
  timestampImprint?(imprint: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
}

export function createTimestamper(transport: TsaTransport, opts: { digest?: ImprintDigest; policy?: string } = {}): Timestamper {
  const digest = opts.digest ?? 'SHA-256';
  let size: Promise<number> | undefined;
  const stampImprint = async (imprint: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> => {
    const req = buildTimeStampReq({ imprint, digest, ...(opts.policy ? { policy: opts.policy } : {}) });
    return (await acceptTimeStampResp(await transport(req.der, signal), req)).token;
  };
  const stamp = (data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> => stampImprint(getDigest(digest).digest(data), signal);
  return {
    tokenSize: (signal) => (size ??= stamp(new Uint8Array(0), signal).then((t) => t.length, (e: unknown) => ((size = undefined), Promise.reject(e)))),
    timestamp: stamp,
    digest,
    timestampImprint: stampImprint,
  };
}
