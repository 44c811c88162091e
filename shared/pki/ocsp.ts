// Runs anywhere (pure). OCSP (RFC 6960): requests with a nonce (RFC 8954), parsing and verification of basic
// responses: responder authorisation (the CA itself, or a delegated responder certificate issued by the CA
// with id-kp-OCSPSigning, ocsp-nocheck noted), signature, CertID match, thisUpdate/nextUpdate freshness at the
// chosen instant, nonce match. Malformed input gives E_BAD_ENCODING; a well-formed but unacceptable response
// gives a typed problem (never an exception).
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sm3 } from '../crypto/sm3';
import { explicit, octets, oid, seq, tlv, bad, bytesEqual, children, oidToString, readTlv, toHex, fromHex } from '../asn1';
import { BidSealError, isBidSealError } from '../errors';
import { parseAlgorithmIdentifier, parseCertificateDer, parseTime, type CertificateSummary, type SignatureAlgorithmInfo } from './certificate';
import { parseName, namesEqual, type DistinguishedName } from './names';
import { verifySignature, type Sm2IdPolicy, type Sm2IdUsed } from './signature';
import { certExtensions, EXT_ID, readExtensions } from './x509-ext';

const OID_NONCE = '1.3.6.1.5.5.7.48.1.2';
const OID_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OID_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unused', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

export type OcspHash = 'SHA-1' | 'SHA-256' | 'SM3';
const HASH: Record<OcspHash, { oid: string; fn: (b: Uint8Array) => Uint8Array }> = {
  'SHA-1': { oid: '1.3.14.3.2.26', fn: sha1 },
  'SHA-256': { oid: '2.16.840.1.101.3.4.2.1', fn: sha256 },
  SM3: { oid: '1.2.156.10197.1.401', fn: sm3 },
};
const hashByOid = (o: string) => Object.values(HASH).find((h) => h.oid === o);

export interface CertId {
  hashOid: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  /** INTEGER content bytes, uppercase hex (exact, like CertExtensions.serialBytes) */
  serial: string;
}

/** CertID of `cert` issued by `issuer` (RFC 6960 §4.1.1); SHA-1 by default as responders expect. */
export function certIdOf(cert: CertificateSummary, issuer: CertificateSummary, hash: OcspHash = 'SHA-1'): CertId {
  const h = HASH[hash];
  return { hashOid: h.oid, issuerNameHash: h.fn(issuer.subject.der), issuerKeyHash: h.fn(issuer.publicKey.publicKey), serial: certExtensions(cert).serialBytes };
}

const encodeCertId = (id: CertId) => seq(seq(oid(id.hashOid), Uint8Array.of(0x05, 0x00)), octets(id.issuerNameHash), octets(id.issuerKeyHash), tlv(0x02, fromHex(id.serial)));

export interface OcspRequest {
  der: Uint8Array;
  certId: CertId;
  /** the nonce sent (absent when built without one) */
  nonce?: Uint8Array;
}

/** An OCSPRequest for one certificate, with a random 32-byte nonce unless `nonce: false`. */
export function buildOcspRequest(cert: CertificateSummary, issuer: CertificateSummary, o: { hash?: OcspHash; nonce?: Uint8Array | false } = {}): OcspRequest {
  const certId = certIdOf(cert, issuer, o.hash);
  const nonce = o.nonce === false ? undefined : (o.nonce ?? globalThis.crypto.getRandomValues(new Uint8Array(32)));
  const exts = nonce ? [explicit(2, seq(seq(oid(OID_NONCE), octets(octets(nonce)))))] : [];
  const der = seq(seq(seq(seq(encodeCertId(certId))), ...exts));
  return { der, certId, nonce };
}

export interface SingleResponse {
  certId: CertId;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  reason?: string;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface OcspResponse {
  der: Uint8Array;
  /** 0 successful, 1 malformedRequest, 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized */
  responseStatus: number;
  responder?: { byName?: DistinguishedName; byKeyHash?: Uint8Array };
  producedAt?: Date;
  responses: SingleResponse[];
  /** the nonce extension's value (the inner OCTET STRING's content), when present */
  nonce?: Uint8Array;
  tbs?: Uint8Array;
  signatureAlgorithm?: SignatureAlgorithmInfo;
  signature?: Uint8Array;
  certs: CertificateSummary[];
}

function parseCertId(t: { v: Uint8Array }): CertId {
  const [alg, nameHash, keyHash, serial] = children(t.v);
  if (!alg || nameHash?.tag !== 0x04 || keyHash?.tag !== 0x04 || serial?.tag !== 0x02) bad('OCSP: malformed CertID');
  return { hashOid: oidToString(children(alg.v)[0].v), issuerNameHash: nameHash.v.slice(), issuerKeyHash: keyHash.v.slice(), serial: toHex(serial.v).toUpperCase() };
}

function nonceOf(extValue: Uint8Array): Uint8Array {
  // RFC 8954: the value is an OCTET STRING; some responders put the raw bytes
  try {
    const t = readTlv(extValue);
    if (t.tag === 0x04 && t.raw.length === extValue.length) return t.v.slice();
  } catch {
    /* raw nonce */
  }
  return extValue.slice();
}

function parseInner(input: Uint8Array): OcspResponse {
  const top = readTlv(input);
  if (top.tag !== 0x30 || top.raw.length !== input.length) bad('OCSP: expected one SEQUENCE');
  const [st, rb] = children(top.v);
  if (st?.tag !== 0x0a || st.v.length !== 1) bad('OCSP: missing responseStatus');
  const out: OcspResponse = { der: top.raw.slice(), responseStatus: st.v[0], responses: [], certs: [] };
  if (out.responseStatus !== 0) return out;
  if (rb?.tag !== 0xa0) bad('OCSP: successful response without responseBytes');
  const [type, body] = children(readTlv(rb.v).v);
  if (type?.tag !== 0x06 || body?.tag !== 0x04) bad('OCSP: malformed responseBytes');
  if (oidToString(type.v) !== OID_BASIC) bad(`OCSP: unsupported response type ${oidToString(type.v)}`);
  const basic = readTlv(body.v);
  const [tbsT, algT, sigT, certsT] = children(basic.v);
  if (tbsT?.tag !== 0x30 || !algT || sigT?.tag !== 0x03) bad('OCSP: malformed BasicOCSPResponse');
  out.tbs = tbsT.raw.slice();
  out.signatureAlgorithm = parseAlgorithmIdentifier(algT);
  out.signature = sigT.v.slice(1);
  if (certsT?.tag === 0xa0) out.certs = children(readTlv(certsT.v).v).map((c) => parseCertificateDer(c.raw.slice()));
  const f = children(tbsT.v);
  let k = f[0]?.tag === 0xa0 ? 1 : 0;
  const rid = f[k++];
  if (rid?.tag === 0xa1) out.responder = { byName: parseName(readTlv(rid.v)) };
  else if (rid?.tag === 0xa2) out.responder = { byKeyHash: readTlv(rid.v).v.slice() };
  else bad('OCSP: malformed ResponderID');
  out.producedAt = parseTime(f[k++]);
  const list = f[k++];
  if (list?.tag !== 0x30) bad('OCSP: missing responses');
  for (const sr of children(list.v)) {
    const [idT, stT, tuT, ...rest] = children(sr.v);
    if (!idT || !stT || !tuT) bad('OCSP: malformed SingleResponse');
    const r: SingleResponse = { certId: parseCertId(idT), status: 'unknown', thisUpdate: parseTime(tuT) };
    if (stT.tag === 0x80) r.status = 'good';
    else if (stT.tag === 0xa1) {
      r.status = 'revoked';
      const [rt, reason] = children(stT.v);
      r.revocationTime = parseTime(rt);
      if (reason?.tag === 0xa0) {
        const e = readTlv(reason.v);
        r.reason = REASONS[e.v[0]] ?? `reason ${e.v[0]}`;
      }
    } else if (stT.tag !== 0x82) bad('OCSP: unknown CertStatus');
    for (const x of rest) if (x.tag === 0xa0) r.nextUpdate = parseTime(readTlv(x.v));
    out.responses.push(r);
  }
  const extT = f.slice(k).find((t) => t.tag === 0xa1);
  for (const x of readExtensions(extT)) if (x.id === OID_NONCE) out.nonce = nonceOf(x.value);
  return out;
}

/** Parses an OCSPResponse (DER); E_BAD_ENCODING for anything else. */
export function parseOcspResponse(der: Uint8Array): OcspResponse {
  try {
    return parseInner(der);
  } catch (e) {
    if (isBidSealError(e)) throw e.code === 'E_BAD_ENCODING' ? e : new BidSealError('E_BAD_ENCODING', e.message);
    throw new BidSealError('E_BAD_ENCODING', `OCSP: ${(e as Error)?.message ?? String(e)}`, undefined, { cause: e });
  }
}

export type OcspProblemCode =
  | 'ocsp-error-status'
  | 'ocsp-no-matching-response'
  | 'ocsp-unauthorised-responder'
  | 'ocsp-bad-signature'
  | 'ocsp-stale'
  | 'ocsp-not-yet-valid'
  | 'ocsp-nonce-mismatch'
  | 'ocsp-nonce-missing';

export interface OcspEvidence {
  kind: 'ocsp';
  /** the responder: the CA itself or the delegated responder certificate's subject */
  responder: string;
  delegated: boolean;
  /** delegated responder carries id-pkix-ocsp-nocheck (its own revocation is not checked) */
  noCheck: boolean;
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
  nonceChecked: boolean;
  sm2Id: Sm2IdUsed | null;
  source?: string;
}

export type OcspVerdict =
  | { ok: true; status: 'good' | 'revoked' | 'unknown'; revocationTime?: Date; reason?: string; evidence: OcspEvidence }
  | { ok: false; code: OcspProblemCode; message: string };

export interface OcspVerifyOptions {
  /** instant the status must hold for (thisUpdate ≤ at ≤ nextUpdate); default now */
  at?: Date;
  /** the nonce sent; a different one in the response is refused, a missing one refused when `requireNonce` */
  nonce?: Uint8Array;
  requireNonce?: boolean;
  /** without nextUpdate, how old thisUpdate may be (ms); default 1 day */
  maxAgeMs?: number;
  /** allowed clock skew (ms); default 5 minutes */
  skewMs?: number;
  sm2IdPolicy?: Sm2IdPolicy;
  source?: string;
}

const fmt = (d: Date) => d.toISOString();

/** Verifies `resp` for `cert` issued by `issuer`. Never throws for a well-formed response. */
export async function verifyOcspResponse(resp: OcspResponse, cert: CertificateSummary, issuer: CertificateSummary, o: OcspVerifyOptions = {}): Promise<OcspVerdict> {
  const at = o.at ?? new Date();
  const skew = o.skewMs ?? 300_000;
  const policy = o.sm2IdPolicy ?? 'strict';
  if (resp.responseStatus !== 0) return { ok: false, code: 'ocsp-error-status', message: `OCSP responder answered status ${resp.responseStatus}` };
  // the SingleResponse for this certificate (any hash the responder chose)
  const serial = certExtensions(cert).serialBytes;
  const single = resp.responses.find((r) => {
    const h = hashByOid(r.certId.hashOid);
    return h && r.certId.serial === serial && bytesEqual(r.certId.issuerNameHash, h.fn(issuer.subject.der)) && bytesEqual(r.certId.issuerKeyHash, h.fn(issuer.publicKey.publicKey));
  });
  if (!single) return { ok: false, code: 'ocsp-no-matching-response', message: 'the response does not cover this certificate' };
  // the responder: the CA itself, or a certificate in the response issued by the CA for OCSP signing
  const matchesId = (c: CertificateSummary) =>
    resp.responder?.byName ? namesEqual(resp.responder.byName, c.subject) : resp.responder?.byKeyHash ? bytesEqual(resp.responder.byKeyHash, sha1(c.publicKey.publicKey)) : false;
  let signer: CertificateSummary | undefined;
  let delegated = false;
  let noCheck = false;
  if (matchesId(issuer)) signer = issuer;
  else {
    for (const c of resp.certs.filter(matchesId)) {
      if (!namesEqual(c.issuer, issuer.subject)) continue;
      if (!(await verifySignature(c.tbs, c.signatureAlgorithm, c.signatureValue, issuer.publicKey, policy)).ok) continue;
      if (!c.extKeyUsage?.includes(OID_OCSP_SIGNING)) continue;
      if (at < c.notBefore || at > c.notAfter) continue;
      signer = c;
      delegated = true;
      noCheck = c.extensions.includes(EXT_ID.ocspNoCheck);
      break;
    }
  }
  if (!signer) return { ok: false, code: 'ocsp-unauthorised-responder', message: 'the responder is neither the CA nor a responder certificate the CA issued for OCSP signing' };
  const sig = await verifySignature(resp.tbs!, resp.signatureAlgorithm!, resp.signature!, signer.publicKey, policy);
  if (!sig.ok) return { ok: false, code: 'ocsp-bad-signature', message: `OCSP response signature: ${sig.detail ?? 'does not verify'}` };
  if (o.nonce) {
    if (resp.nonce && !bytesEqual(resp.nonce, o.nonce)) return { ok: false, code: 'ocsp-nonce-mismatch', message: 'the response nonce differs from the request nonce (replayed response?)' };
    if (!resp.nonce && o.requireNonce) return { ok: false, code: 'ocsp-nonce-missing', message: 'the response carries no nonce' };
  }
  if (single.thisUpdate.getTime() > at.getTime() + skew && single.status !== 'revoked') return { ok: false, code: 'ocsp-not-yet-valid', message: `thisUpdate ${fmt(single.thisUpdate)} is after ${fmt(at)}` };
  const limit = single.nextUpdate ?? new Date(single.thisUpdate.getTime() + (o.maxAgeMs ?? 86_400_000));
  if (at.getTime() > limit.getTime() + skew) return { ok: false, code: 'ocsp-stale', message: `the response is stale at ${fmt(at)} (${single.nextUpdate ? 'nextUpdate' : 'thisUpdate + max age'} ${fmt(limit)})` };
  return {
    ok: true,
    status: single.status === 'revoked' && single.revocationTime && single.revocationTime > at ? 'good' : single.status,
    ...(single.revocationTime ? { revocationTime: single.revocationTime } : {}),
    ...(single.reason ? { reason: single.reason } : {}),
    evidence: {
      kind: 'ocsp',
      responder: signer.subject.text,
      delegated,
      noCheck,
      producedAt: resp.producedAt!,
      thisUpdate: single.thisUpdate,
      ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
      nonceChecked: !!(o.nonce && resp.nonce),
      sm2Id: sig.sm2Id ?? null,
      ...(o.source ? { source: o.source } : {}),
    },
  };
}
