// Runs anywhere (pure). Electronic seals (电子印章, SESeal): GM/T 0031-2014 ("v1") and GB/T 38540-2020 ("v4").
// Layouts and the exact bytes each signature covers are in docs/ESEAL.md. Parsing keeps the bytes as carried
// (some seal makers' DER is not strict, e.g. an explicit BOOLEAN FALSE): every signature is checked over the
// raw TLVs of the file, never over a re-encoding.
import { BidSealError } from '../errors';
import { children, readTlv, oidToString, bytesEqual, toHex, type Tlv, seq, tlv, integer, oid, octets, boolean as derBoolean, bitString, ia5String, utf8String, generalizedTime, utcTime } from '../asn1';
import { parseCertificate, parseTime, type CertificateSummary } from '../pki/certificate';
import { verifySignature, type Sm2IdUsed } from '../pki/signature';
import { validatePath, type PathVerdict } from '../pki/path-validation';
import type { Signer, SignatureAlgorithm } from '../pki/carrier';
import { digestToSign } from '../cms/signed-data';
import { getDigest } from '../crypto/algorithms';
import { sm3 } from '../crypto/sm3';

export const OID_SM2_SM3 = '1.2.156.10197.1.501';
export const OID_SM3 = '1.2.156.10197.1.401';
/** signature algorithms a seal maker or signer may use, by carrier algorithm */
export const SIG_OID: Partial<Record<SignatureAlgorithm, string>> = {
  'sm2-sm3': OID_SM2_SM3,
  'rsa-pkcs1-sha256': '1.2.840.113549.1.1.11',
  'rsa-pkcs1-sha384': '1.2.840.113549.1.1.12',
  'ecdsa-sha256': '1.2.840.10045.4.3.2',
  'ecdsa-sha384': '1.2.840.10045.4.3.3',
};
const SIG_NAME: Record<string, string> = {
  [OID_SM2_SM3]: 'SM2-with-SM3',
  '1.2.156.10197.1.301.1': 'SM2-with-SM3',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
};

/** layout generation of a seal: 1 = GM/T 0031-2014, 4 = GB/T 38540-2020 */
export type SealFormat = 1 | 4;
/** GB/T 38540 §7: 1 单位印章, 2 个人印章 (others exist in the field: 法人章, 财务章 … carried as numbers) */
export type SealType = number;
export type PictureType = 'PNG' | 'JPG' | 'GIF' | 'OFD' | 'SVG' | 'BMP';

export interface CertDigest {
  /** digest algorithm as written (e.g. "sm3", "sha1", or an OID) */
  type: string;
  value: Uint8Array;
}

export interface SealExtension {
  id: string;
  critical: boolean;
  value: Uint8Array;
}

export interface SealProperty {
  type: SealType;
  name: string;
  /** 1: certificates; 2: certificate digests (v4 only) */
  certListType: 1 | 2;
  certs: Uint8Array[];
  certDigests: CertDigest[];
  createDate: Date;
  validStart: Date;
  validEnd: Date;
}

export interface SealPicture {
  /** as written: PNG, JPG, GIF, OFD, SVG … */
  type: string;
  data: Uint8Array;
  /** display size in millimetres */
  widthMm: number;
  heightMm: number;
}

export interface SealInfoInput {
  /** header.vid: the maker's vendor id */
  vid: string;
  esId: string;
  property: Omit<SealProperty, 'certListType' | 'certs' | 'certDigests'> & { certs?: Uint8Array[]; certDigests?: CertDigest[] };
  picture: SealPicture;
  extensions?: SealExtension[];
}

export interface ParsedSeal {
  format: SealFormat;
  header: { id: string; version: number; vid: string };
  esId: string;
  property: SealProperty;
  picture: SealPicture;
  extensions: SealExtension[];
  /** the maker's certificate (DER as carried) */
  makerCert: Uint8Array;
  signatureAlgorithm: string;
  signatureAlgorithmName: string;
  /** the signature value (BIT STRING content without the unused-bits byte) */
  signature: Uint8Array;
  /** the whole SESeal TLV as carried */
  raw: Uint8Array;
  /** SES_SealInfo TLV as carried */
  sealInfoRaw: Uint8Array;
  /** raw TLVs of the maker cert OCTET STRING and the algorithm OID, for the v1 TBS */
  certTlv: Uint8Array;
  algTlv: Uint8Array;
}

const corrupt = (msg: string): never => {
  throw new BidSealError('E_ESEAL_CORRUPT', msg);
};

// ---------------------------------------------------------------------------------------------------
// field readers (liberal about string types, strict about structure)
// ---------------------------------------------------------------------------------------------------

const dec = new TextDecoder('utf-8', { fatal: false });
const STRING_TAGS = new Set([0x0c, 0x13, 0x16, 0x14, 0x1a, 0x1e, 0x04]);

export function str(t: Tlv | undefined, what: string): string {
  if (!t || !STRING_TAGS.has(t.tag)) return corrupt(`${what}: expected a string`);
  if (t.tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < t.v.length; i += 2) s += String.fromCharCode((t.v[i] << 8) | t.v[i + 1]);
    return s;
  }
  return dec.decode(t.v);
}

export function int(t: Tlv | undefined, what: string): number {
  if (!t || t.tag !== 0x02 || t.v.length === 0 || t.v.length > 6) return corrupt(`${what}: expected a small INTEGER`);
  let n = 0;
  for (const b of t.v) n = n * 256 + b;
  return t.v[0] & 0x80 ? n - 2 ** (8 * t.v.length) : n;
}

export function bits(t: Tlv | undefined, what: string): Uint8Array {
  if (!t || t.tag !== 0x03 || t.v.length < 1) return corrupt(`${what}: expected a BIT STRING`);
  return t.v.subarray(1);
}

export function octetString(t: Tlv | undefined, what: string): Uint8Array {
  if (!t || t.tag !== 0x04) return corrupt(`${what}: expected an OCTET STRING`);
  return t.v;
}

export function oidOf(t: Tlv | undefined, what: string): string {
  if (!t) return corrupt(`${what}: missing`);
  // some writers put an AlgorithmIdentifier SEQUENCE where the standard has a bare OID
  if (t.tag === 0x30) return oidOf(children(t.v)[0], what);
  if (t.tag !== 0x06) return corrupt(`${what}: expected an OBJECT IDENTIFIER`);
  return oidToString(t.v);
}

export function when(t: Tlv | undefined, what: string): Date {
  if (!t) return corrupt(`${what}: missing`);
  if (t.tag === 0x17 || t.tag === 0x18) {
    try {
      return parseTime(t);
    } catch {
      return corrupt(`${what}: invalid time`);
    }
  }
  return corrupt(`${what}: expected UTCTime or GeneralizedTime`);
}

export function seqKids(t: Tlv | undefined, what: string): Tlv[] {
  if (!t || (t.tag !== 0x30 && t.tag !== 0x31)) return corrupt(`${what}: expected a SEQUENCE`);
  return children(t.v);
}

/** Parses a whole TLV and checks nothing trails it. */
export function top(der: Uint8Array, what: string): Tlv {
  let t: Tlv;
  try {
    t = readTlv(der);
  } catch (e) {
    return corrupt(`${what}: ${(e as Error).message}`);
  }
  if (t.raw.length !== der.length) {
    // trailing zero padding is common in files cut from fixed-size buffers
    if (!der.subarray(t.raw.length).every((b) => b === 0)) corrupt(`${what}: trailing bytes after the structure`);
  }
  return t;
}

function parseExtensions(t: Tlv | undefined): SealExtension[] {
  if (!t) return [];
  return seqKids(t, 'extDatas').map((e) => {
    const [id, a, b] = seqKids(e, 'ExtData');
    const critical = a?.tag === 0x01 ? a.v[0] !== 0 : false;
    return { id: oidOf(id, 'ExtData.extnID'), critical, value: octetString(a?.tag === 0x01 ? b : a, 'ExtData.extnValue') };
  });
}

/** SES_CertList (v4 CHOICE) or SEQUENCE OF cert (v1): certificates as OCTET STRINGs, or digest objects */
function parseCertList(t: Tlv | undefined, listType: 1 | 2): { certs: Uint8Array[]; certDigests: CertDigest[] } {
  const items = seqKids(t, 'certList');
  const certs: Uint8Array[] = [];
  const certDigests: CertDigest[] = [];
  for (const it of items) {
    if (it.tag === 0x04) certs.push(it.v);
    else if (it.tag === 0x30 && listType === 1 && it.v[0] === 0x30) certs.push(it.raw); // a bare Certificate
    else if (it.tag === 0x30) {
      const [ty, val] = children(it.v);
      certDigests.push({ type: ty?.tag === 0x06 ? oidToString(ty.v) : str(ty, 'CertDigestObj.type'), value: octetString(val, 'CertDigestObj.value') });
    } else corrupt('certList: unexpected element');
  }
  return { certs, certDigests };
}

function parseSealInfo(t: Tlv): Omit<ParsedSeal, 'format' | 'makerCert' | 'signatureAlgorithm' | 'signatureAlgorithmName' | 'signature' | 'raw' | 'certTlv' | 'algTlv'> {
  const [h, esId, prop, pic, ext] = seqKids(t, 'SES_SealInfo');
  const [hid, hver, hvid] = seqKids(h, 'SES_Header');
  const header = { id: str(hid, 'header.ID'), version: int(hver, 'header.version'), vid: hvid ? str(hvid, 'header.Vid') : '' };
  if (header.version >= 5) throw new BidSealError('E_ESEAL_UNSUPPORTED_VERSION', `seal version ${header.version}`, { version: header.version });
  const p = seqKids(prop, 'SES_ESPropertyInfo');
  let property: SealProperty;
  // v4 has certListType (INTEGER) after the name; v1 goes straight to the certificate list
  if (p[2]?.tag === 0x02) {
    const lt = int(p[2], 'certListType');
    if (lt !== 1 && lt !== 2) corrupt(`certListType ${lt}`);
    property = { type: int(p[0], 'property.type'), name: str(p[1], 'property.name'), certListType: lt as 1 | 2, ...parseCertList(p[3], lt as 1 | 2), createDate: when(p[4], 'createDate'), validStart: when(p[5], 'validStart'), validEnd: when(p[6], 'validEnd') };
  } else {
    property = { type: int(p[0], 'property.type'), name: str(p[1], 'property.name'), certListType: 1, ...parseCertList(p[2], 1), createDate: when(p[3], 'createDate'), validStart: when(p[4], 'validStart'), validEnd: when(p[5], 'validEnd') };
  }
  const [pty, pdata, pw, ph] = seqKids(pic, 'SES_ESPictrueInfo');
  const picture: SealPicture = { type: str(pty, 'picture.type').toUpperCase(), data: octetString(pdata, 'picture.data'), widthMm: int(pw, 'picture.width'), heightMm: int(ph, 'picture.height') };
  return { header, esId: str(esId, 'esID'), property, picture, extensions: parseExtensions(ext), sealInfoRaw: t.raw };
}

/** Parses an SESeal (v1 or v4) from its DER as carried. E_ESEAL_UNSUPPORTED_VERSION for v5 drafts. */
export function parseSeal(der: Uint8Array): ParsedSeal {
  const t = top(der, 'SESeal');
  let kids: Tlv[];
  try {
    kids = seqKids(t, 'SESeal');
  } catch (e) {
    throw e instanceof BidSealError ? e : new BidSealError('E_ESEAL_CORRUPT', (e as Error).message);
  }
  try {
    // v4: SEQUENCE { eSealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING }
    if (kids.length >= 4 && kids[1].tag === 0x04) {
      const info = parseSealInfo(kids[0]);
      const alg = oidOf(kids[2], 'signAlgID');
      return { format: 4, ...info, makerCert: kids[1].v, signatureAlgorithm: alg, signatureAlgorithmName: SIG_NAME[alg] ?? alg, signature: bits(kids[3], 'signedValue'), raw: t.raw, certTlv: kids[1].raw, algTlv: kids[2].raw };
    }
    // v1: SEQUENCE { esealInfo, signInfo SEQUENCE { cert, signatureAlgorithm, signData } }
    if (kids.length === 2 && kids[1].tag === 0x30) {
      const info = parseSealInfo(kids[0]);
      const [c, a, s] = seqKids(kids[1], 'SES_SignInfo');
      const alg = oidOf(a, 'signInfo.signatureAlgorithm');
      return { format: 1, ...info, makerCert: octetString(c, 'signInfo.cert'), signatureAlgorithm: alg, signatureAlgorithmName: SIG_NAME[alg] ?? alg, signature: bits(s, 'signInfo.signData'), raw: t.raw, certTlv: c.raw, algTlv: a.raw };
    }
  } catch (e) {
    if (e instanceof BidSealError) throw e;
    throw new BidSealError('E_ESEAL_CORRUPT', (e as Error).message);
  }
  // neither layout: a header that announces a later version makes it "unsupported", else corrupt
  const v = (() => {
    try {
      return int(seqKids(seqKids(kids[0], 'info')[0], 'header')[1], 'version');
    } catch {
      return undefined;
    }
  })();
  if (v !== undefined && v >= 5) throw new BidSealError('E_ESEAL_UNSUPPORTED_VERSION', `seal version ${v}`, { version: v });
  return corrupt('neither a GM/T 0031 nor a GB/T 38540 SESeal');
}

// ---------------------------------------------------------------------------------------------------
// writing
// ---------------------------------------------------------------------------------------------------

const extDer = (e: SealExtension): Uint8Array => seq(oid(e.id), ...(e.critical ? [derBoolean(true)] : []), octets(e.value));

/** DER of SES_SealInfo for the given layout. */
export function encodeSealInfo(i: SealInfoInput, format: SealFormat): Uint8Array {
  const p = i.property;
  const certs = p.certs ?? [];
  const digests = p.certDigests ?? [];
  if (format === 1 && digests.length) throw new BidSealError('E_INVALID_ARGUMENT', 'a GM/T 0031 (v1) seal lists certificates, not digests');
  if (certs.length && digests.length) throw new BidSealError('E_INVALID_ARGUMENT', 'a seal lists certificates or their digests, not both');
  if (!certs.length && !digests.length) throw new BidSealError('E_INVALID_ARGUMENT', 'a seal lists at least one signer certificate');
  const t = format === 4 ? generalizedTime : utcTime;
  const list = certs.length ? seq(...certs.map((c) => octets(c))) : seq(...digests.map((d) => seq(tlv(0x13, new TextEncoder().encode(d.type)), octets(d.value))));
  const property = seq(integer(p.type), utf8String(p.name), ...(format === 4 ? [integer(certs.length ? 1 : 2)] : []), list, t(p.createDate), t(p.validStart), t(p.validEnd));
  const pic = i.picture;
  const picture = seq(ia5String(pic.type), octets(pic.data), integer(Math.round(pic.widthMm)), integer(Math.round(pic.heightMm)));
  const header = seq(ia5String('ES'), integer(format), ia5String(i.vid));
  return seq(header, ia5String(i.esId), property, picture, ...(i.extensions?.length ? [seq(...i.extensions.map(extDer))] : []));
}

/** What the maker signs: v4 the DER of SES_SealInfo; v1 SEQUENCE { sealInfo, cert, signatureAlgorithm }. */
export function makerTbs(format: SealFormat, sealInfo: Uint8Array, certTlv: Uint8Array, algTlv: Uint8Array): Uint8Array {
  return format === 4 ? sealInfo : seq(sealInfo, certTlv, algTlv);
}

/** The value a carrier signs for `data` under `alg` with the certificate's key (SM2: e = SM3(Z‖M)). */
export function carrierDigest(data: Uint8Array, alg: SignatureAlgorithm, certificateDer: Uint8Array): Uint8Array {
  return digestToSign(data, alg, certificateDer);
}

export function pickAlgorithm(signer: Signer): SignatureAlgorithm {
  const a = (['sm2-sm3', 'rsa-pkcs1-sha256', 'ecdsa-sha256'] as SignatureAlgorithm[]).find((x) => signer.algorithms.includes(x));
  if (!a) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `the key offers none of sm2-sm3, rsa-pkcs1-sha256, ecdsa-sha256`);
  return a;
}

/**
 * Makes an SESeal signed by the maker's carrier (a testing tool: real seals come from registered seal makers).
 * v4 seals are SM2 only (GB/T 38540 §5); v1 allows RSA makers.
 */
export async function makeSeal(info: SealInfoInput, maker: Signer, format: SealFormat = 4, signal?: AbortSignal): Promise<Uint8Array> {
  const alg = pickAlgorithm(maker);
  if (format === 4 && alg !== 'sm2-sm3') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'a GB/T 38540 seal is signed with SM2');
  const algOid = SIG_OID[alg]!;
  const sealInfo = encodeSealInfo(info, format);
  const certTlv = octets(maker.certificateDer);
  const algTlv = oid(algOid);
  const sig = await maker.signDigest(carrierDigest(makerTbs(format, sealInfo, certTlv, algTlv), alg, maker.certificateDer), alg, signal);
  return format === 4 ? seq(sealInfo, certTlv, algTlv, bitString(sig)) : seq(sealInfo, seq(certTlv, algTlv, bitString(sig)));
}

// ---------------------------------------------------------------------------------------------------
// verification
// ---------------------------------------------------------------------------------------------------

export type SealProblemCode =
  | 'bad-maker-signature'
  | 'unsupported-algorithm'
  | 'maker-cert-invalid'
  | 'maker-untrusted'
  | 'maker-cert-expired'
  | 'maker-cert-not-yet-valid'
  | 'seal-expired'
  | 'seal-not-yet-valid'
  | 'signer-not-listed';

/** Problems that mean the seal was altered or is unusable whatever the policy. */
export const SEAL_INTEGRITY_PROBLEMS: ReadonlySet<SealProblemCode> = new Set(['bad-maker-signature', 'unsupported-algorithm', 'maker-cert-invalid', 'signer-not-listed']);

export interface SealVerdict {
  /** 'valid', or the first problem's code */
  status: 'valid' | SealProblemCode;
  /** the maker's signature verifies over the bytes as carried */
  intact: boolean;
  problems: Array<{ code: SealProblemCode; message: string }>;
  at: Date;
  /** which bytes the maker signature verified over (the standard form, or a variant other makers write) */
  tbsForm?: 'standard' | 'seal-info-only' | 'info-cert-alg';
  sm2Id?: Sm2IdUsed;
  maker?: { subject: string; serial: string; notBefore: Date; notAfter: Date };
  makerPath?: PathVerdict;
  signerListed?: boolean;
}

export interface SealTrust {
  /** trust anchors for the maker's certificate; none given → the maker is reported untrusted */
  anchors?: Array<Uint8Array | CertificateSummary>;
  intermediates?: Array<Uint8Array | CertificateSummary>;
}

export interface VerifySealOptions extends SealTrust {
  /** validity instant: default now */
  at?: Date;
  /** a signer certificate that must be on the seal's list */
  signerCert?: Uint8Array;
}

/** Is `certDer` on the seal's list (the certificate itself, or its digest by the listed algorithm)? */
export function sealListsCertificate(seal: Pick<ParsedSeal, 'property'>, certDer: Uint8Array): boolean {
  if (seal.property.certs.some((c) => bytesEqual(c, certDer))) return true;
  for (const d of seal.property.certDigests) {
    const ty = d.type.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const name = ty === 'sm3' || ty === OID_SM3 ? 'SM3' : ty === 'sha1' || ty === '1.3.14.3.2.26' ? 'SHA-1' : ty === 'sha256' || ty === '2.16.840.1.101.3.4.2.1' ? 'SHA-256' : undefined;
    const h = name === 'SM3' ? sm3(certDer) : name ? tryDigest(name, certDer) : undefined;
    if (h && bytesEqual(h, d.value)) return true;
  }
  return false;
}

function tryDigest(name: string, data: Uint8Array): Uint8Array | undefined {
  try {
    return getDigest(name).digest(data);
  } catch {
    return undefined;
  }
}

/** Verifies a signature value over `data` with a certificate's key (SM2 under the default ID; RSA; ECDSA). */
export async function checkSignature(data: Uint8Array, algOid: string, sig: Uint8Array, cert: CertificateSummary): Promise<{ ok: boolean; unsupported?: boolean; sm2Id?: Sm2IdUsed; detail?: string }> {
  const name = SIG_NAME[algOid] ?? algOid;
  const algInfo = { oid: algOid === '1.2.156.10197.1.301.1' ? OID_SM2_SM3 : algOid, name };
  const r = await verifySignature(data, algInfo, sig, cert.publicKey, 'lenient');
  return { ok: r.ok, ...(r.failure === 'unsupported-algorithm' ? { unsupported: true } : {}), ...(r.sm2Id ? { sm2Id: r.sm2Id } : {}), ...(r.detail ? { detail: r.detail } : {}) };
}

/** Verifies a parsed seal: maker signature, maker certificate path, validity period at `at`, signer listed. Never throws for a bad seal. */
export async function verifySeal(seal: ParsedSeal, o: VerifySealOptions = {}): Promise<SealVerdict> {
  const at = o.at ?? new Date();
  const problems: SealVerdict['problems'] = [];
  const v: SealVerdict = { status: 'valid', intact: false, problems, at };
  let maker: CertificateSummary | undefined;
  try {
    maker = parseCertificate(seal.makerCert);
    v.maker = { subject: maker.subject.text, serial: maker.serialNumber, notBefore: maker.notBefore, notAfter: maker.notAfter };
  } catch (e) {
    problems.push({ code: 'maker-cert-invalid', message: `the maker certificate cannot be parsed: ${(e as Error).message}` });
  }
  if (maker) {
    const forms: Array<[NonNullable<SealVerdict['tbsForm']>, Uint8Array]> = [['standard', makerTbs(seal.format, seal.sealInfoRaw, seal.certTlv, seal.algTlv)]];
    // other makers sign the other generation's form; accept them, and say so
    if (seal.format === 4) forms.push(['info-cert-alg', makerTbs(1, seal.sealInfoRaw, seal.certTlv, seal.algTlv)]);
    else forms.push(['seal-info-only', seal.sealInfoRaw]);
    for (const [form, tbs] of forms) {
      const r = await checkSignature(tbs, seal.signatureAlgorithm, seal.signature, maker);
      if (r.unsupported) {
        problems.push({ code: 'unsupported-algorithm', message: `maker signature algorithm ${seal.signatureAlgorithmName}` });
        break;
      }
      if (r.ok) {
        v.intact = true;
        v.tbsForm = form;
        if (r.sm2Id) v.sm2Id = r.sm2Id;
        break;
      }
    }
    if (!v.intact && !problems.length) problems.push({ code: 'bad-maker-signature', message: "the maker's signature does not verify over the seal as carried" });
    const path = await validatePath(maker, o.intermediates ?? [], o.anchors ?? [], { at, sm2IdPolicy: 'lenient' });
    v.makerPath = path;
    if (path.status === 'expired') problems.push({ code: 'maker-cert-expired', message: `the maker certificate expired ${maker.notAfter.toISOString()}` });
    else if (path.status === 'not-yet-valid') problems.push({ code: 'maker-cert-not-yet-valid', message: `the maker certificate is valid from ${maker.notBefore.toISOString()}` });
    else if (path.status !== 'valid' && path.status !== 'revocation-unknown') problems.push({ code: 'maker-untrusted', message: `maker certificate: ${path.status}${path.problems[0] ? ` (${path.problems[0].message})` : ''}` });
  }
  if (at < seal.property.validStart) problems.push({ code: 'seal-not-yet-valid', message: `the seal is valid from ${seal.property.validStart.toISOString()}` });
  else if (at > seal.property.validEnd) problems.push({ code: 'seal-expired', message: `the seal expired ${seal.property.validEnd.toISOString()}` });
  if (o.signerCert) {
    v.signerListed = sealListsCertificate(seal, o.signerCert);
    if (!v.signerListed) problems.push({ code: 'signer-not-listed', message: "the signer's certificate is not on the seal's list" });
  }
  const order: SealProblemCode[] = ['bad-maker-signature', 'unsupported-algorithm', 'maker-cert-invalid', 'signer-not-listed', 'seal-expired', 'seal-not-yet-valid', 'maker-untrusted', 'maker-cert-expired', 'maker-cert-not-yet-valid'];
  const worst = order.find((c) => problems.some((p) => p.code === c));
  if (worst) v.status = worst;
  return v;
}

/** The typed error for a seal that may not be used to sign (checked before any PIN is asked for). */
export function sealUsabilityError(v: SealVerdict): BidSealError | null {
  const has = (c: SealProblemCode): boolean => v.problems.some((p) => p.code === c);
  const detail = (c: SealProblemCode): string => v.problems.find((p) => p.code === c)!.message;
  if (has('bad-maker-signature') || has('maker-cert-invalid') || has('unsupported-algorithm')) return new BidSealError('E_ESEAL_BAD_SIGNATURE', v.problems[0].message);
  if (has('seal-expired')) return new BidSealError('E_ESEAL_EXPIRED', detail('seal-expired'));
  if (has('seal-not-yet-valid')) return new BidSealError('E_ESEAL_NOT_YET_VALID', detail('seal-not-yet-valid'));
  if (has('signer-not-listed')) return new BidSealError('E_ESEAL_SIGNER_NOT_LISTED', detail('signer-not-listed'));
  return null;
}

/** The subjects of the certificates the seal lists as its holders (an unparsable one is named by its size). */
export function sealHolders(s: ParsedSeal): string[] {
  return s.property.certs.map((c) => {
    try {
      return parseCertificate(c).subject.text;
    } catch {
      return `(unparsable certificate, ${c.length} bytes)`;
    }
  });
}

/** A short JSON-friendly summary of a seal (for `eseal show`, the vault and the signature panel). */
export function describeSeal(s: ParsedSeal): Record<string, unknown> {
  let maker: string | undefined;
  try {
    maker = parseCertificate(s.makerCert).subject.text;
  } catch {
    maker = undefined;
  }
  const holders = sealHolders(s);
  return {
    format: s.format === 4 ? 'GB/T 38540-2020 (v4)' : 'GM/T 0031-2014 (v1)',
    headerVersion: s.header.version,
    vid: s.header.vid,
    esId: s.esId,
    name: s.property.name,
    type: s.property.type,
    createDate: s.property.createDate.toISOString(),
    validStart: s.property.validStart.toISOString(),
    validEnd: s.property.validEnd.toISOString(),
    certListType: s.property.certListType === 1 ? 'certificates' : 'digests',
    holders,
    certDigests: s.property.certDigests.map((d) => ({ type: d.type, value: toHex(d.value) })),
    picture: { type: s.picture.type, bytes: s.picture.data.length, widthMm: s.picture.widthMm, heightMm: s.picture.heightMm },
    extensions: s.extensions.map((e) => ({ id: e.id, critical: e.critical, bytes: e.value.length })),
    maker,
    signatureAlgorithm: s.signatureAlgorithmName,
  };
}

/** The seal picture type by content (PNG, JPG, GIF, SVG, OFD), or null. */
export function pictureTypeOf(b: Uint8Array): PictureType | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'PNG';
  if (b[0] === 0xff && b[1] === 0xd8) return 'JPG';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'GIF';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'BMP';
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'OFD';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 512));
  if (/<svg[\s>]/i.test(head)) return 'SVG';
  return null;
}
