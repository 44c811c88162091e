// Runs anywhere (pure). CMS SignedData (RFC 5652 §5) for detached signatures: building with signed
// attributes (contentType, signingTime, messageDigest, ESS signingCertificateV2 RFC 5035, CMSAlgorithm-
// Protection RFC 6211) signed through a carrier's signDigest, and parsing + verifying. Hand-written so the
// signed attributes are encoded once, exactly, and so SM2/SM3 (GM/T 0010 practice) sits beside RSA/ECDSA.
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { rsaPkcs1Recover } from '../pki/signature';
import { BidSealError } from '../errors';
import { children, oidToString, readTlv, bytesEqual, type Tlv, definiteLengths, concat, explicit, implicitConstructed, integer, nullDer, octets, oid, seq, setOf, time, tlv, readTime } from '../asn1';
import type { SignatureAlgorithm, Signer } from '../pki/carrier';
import { getDigest, getSignatureAlgorithm, type HashState } from '../crypto/algorithms';
import * as sm2 from '../crypto/sm2';
import { certFields, type CertFields } from './cert-fields';
import { GM_TYPES, contentTypeOid, type CmsFlavour } from './oids';
import { parseCertificate } from '../pki/certificate';

export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  cmsAlgorithmProtection: '1.2.840.113549.1.9.52',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sm3: '1.2.156.10197.1.401',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  sm2sm3: '1.2.156.10197.1.501',
  sm2Curve: '1.2.156.10197.1.301',
  /** RFC 3161 §2.4.2 eContentType of a timestamp token */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** RFC 3161 Appendix A: unsigned attribute carrying a timestamp over the SignerInfo's signature value */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

const fail = (msg: string, code: 'E_BAD_ENCODING' | 'E_UNSUPPORTED_ALGORITHM' | 'E_BAD_SIGNATURE' | 'E_INVALID_ARGUMENT' | 'E_CMS_FLAVOUR_UNSUITABLE' = 'E_BAD_ENCODING'): never => {
  throw new BidSealError(code, msg);
};

// ---------------------------------------------------------------------------------------------------
// Algorithms
// ---------------------------------------------------------------------------------------------------

/** The digest a carrier algorithm hashes with: 'SHA-256' | 'SHA-384' | 'SM3'. */
export function digestNameOf(alg: SignatureAlgorithm): 'SHA-256' | 'SHA-384' | 'SM3' {
  return alg === 'sm2-sm3' ? 'SM3' : alg.endsWith('384') ? 'SHA-384' : 'SHA-256';
}
export function createContentHash(alg: SignatureAlgorithm): HashState {
  return getDigest(digestNameOf(alg)).create();
}

export const digestAlgId = (name: string): Uint8Array => seq(oid(getDigest(name).oid));

export function signatureAlgId(alg: SignatureAlgorithm): Uint8Array {
  switch (alg) {
    case 'rsa-pkcs1-sha256':
    case 'rsa-pkcs1-sha384':
      return seq(oid(OIDS.rsaEncryption), nullDer());
    case 'rsa-pss-sha256':
    case 'rsa-pss-sha384': {
      const h = digestNameOf(alg);
      const hid = digestAlgId(h);
      return seq(oid(OIDS.rsaPss), seq(explicit(0, hid), explicit(1, seq(oid(OIDS.mgf1), hid)), explicit(2, integer(getDigest(h).outputLength))));
    }
    case 'ecdsa-sha256':
      return seq(oid(OIDS.ecdsaSha256));
    case 'ecdsa-sha384':
      return seq(oid(OIDS.ecdsaSha384));
    case 'sm2-sm3':
      return seq(oid(OIDS.sm2sm3));
  }
  return fail(`signature algorithm ${alg as string}`, 'E_UNSUPPORTED_ALGORITHM');
}

/** Largest signature the algorithm produces with this certificate's key (for sizing placeholders). */
export function maxSignatureLength(alg: SignatureAlgorithm, cert: CertFields): number {
  if (alg.startsWith('rsa')) return cert.rsaModulusBytes ?? 512;
  if (alg === 'sm2-sm3') return 72;
  const curve = cert.keyParams;
  return curve === '1.3.132.0.35' ? 139 : curve === '1.3.132.0.34' ? 104 : 72;
}

// ---------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------

export interface SignedAttributesInput {
  /** digest of the detached content with digestNameOf(alg) */
  contentDigest: Uint8Array;
  alg: SignatureAlgorithm;
  certificateDer: Uint8Array;
  signingTime?: Date;
  /**
   * false for PAdES (ETSI.CAdES.detached): ETSI EN 319 142-1 §6.3 forbids the signing-time attribute there,
   * the claimed time is the signature dictionary's /M. Default true.
   */
  includeSigningTime?: boolean;
  /** eContentType named by the contentType attribute; default id-data (a TSA signs id-ct-TSTInfo) */
  contentType?: string;
  /** further DER Attributes to sign (e.g. the electronic seal a PDF signature binds, docs/ESEAL.md) */
  extraAttributes?: Uint8Array[];
}

/** DER `Attribute ::= SEQUENCE { attrType OID, attrValues SET OF }` (RFC 5652 §5.3). */
export const attribute = (type: string, ...values: Uint8Array[]): Uint8Array => seq(oid(type), setOf(...values));

/** The DER `SET OF Attribute` (tag 0x31) — the exact bytes that are hashed and signed (RFC 5652 §5.4). */
export function buildSignedAttributes(i: SignedAttributesInput): Uint8Array {
  const cert = certFields(i.certificateDer);
  const dname = digestNameOf(i.alg);
  if (i.contentDigest.length !== getDigest(dname).outputLength) fail('contentDigest has the wrong length', 'E_INVALID_ARGUMENT');
  const certHash = getDigest('SHA-256').digest(cert.der);
  // ESSCertIDv2 { hashAlgorithm DEFAULT sha256 (omitted), certHash, issuerSerial { GeneralNames [4] Name, serial } }
  const essCertId = seq(octets(certHash), seq(seq(explicit(4, cert.issuer.raw)), cert.serial.raw));
  const attrs = [
    attribute(OIDS.contentType, oid(i.contentType ?? OIDS.data)),
    ...(i.includeSigningTime === false ? [] : [attribute(OIDS.signingTime, time(i.signingTime ?? new Date()))]),
    attribute(OIDS.messageDigest, octets(i.contentDigest)),
    attribute(OIDS.signingCertificateV2, seq(seq(essCertId))),
    attribute(OIDS.cmsAlgorithmProtection, seq(digestAlgId(dname), implicitConstructed(1, signatureAlgId(i.alg)))),
    ...(i.extraAttributes ?? []),
  ];
  return setOf(...attrs);
}

/**
 * The value handed to Signer.signDigest: hash(signedAttrs) for RSA/ECDSA; for SM2, e = SM3(Z‖signedAttrs)
 * with Z from the certificate's public key and the default ID (GB/T 32918.2 §6.1, GM/T 0009).
 */
export function digestToSign(signedAttrs: Uint8Array, alg: SignatureAlgorithm, certificateDer: Uint8Array): Uint8Array {
  if (alg === 'sm2-sm3') return sm2.computeDigest(signedAttrs, certFields(certificateDer).publicKey);
  return getDigest(digestNameOf(alg)).digest(signedAttrs);
}

export interface AssembleInput {
  signedAttrs: Uint8Array;
  signature: Uint8Array;
  alg: SignatureAlgorithm;
  certificateDer: Uint8Array;
  /** further certificates (intermediates) to include */
  chain?: Uint8Array[];
  /** unsigned attributes (DER Attribute each), e.g. a signature timestamp token */
  unsignedAttributes?: Uint8Array[];
  /** encapsulated content and its type (a timestamp token's TSTInfo); default detached id-data */
  eContentType?: string;
  eContent?: Uint8Array;
  /** the ContentInfo contentType: 'rfc5652' (default) id-signedData, 'gm' GM/T 0010 1.2.156.10197.6.1.4.2.2 */
  flavour?: CmsFlavour;
}

/** ContentInfo { signedData }: detached (absent eContent) unless eContent is given. */
export function assembleSignedData(a: AssembleInput): Uint8Array {
  if (a.signedAttrs[0] !== 0x31) fail('signedAttrs must be the DER SET', 'E_INVALID_ARGUMENT');
  const cert = certFields(a.certificateDer);
  const dAlg = digestAlgId(digestNameOf(a.alg));
  const signerInfo = seq(
    integer(1),
    seq(cert.issuer.raw, cert.serial.raw),
    dAlg,
    implicitConstructed(0, a.signedAttrs),
    signatureAlgId(a.alg),
    octets(a.signature),
    ...(a.unsignedAttributes?.length ? [implicitConstructed(1, setOf(...a.unsignedAttributes))] : []),
  );
  const certs = tlv(0xa0, concat([cert.der, ...(a.chain ?? [])]));
  const eci = seq(oid(a.eContentType ?? OIDS.data), ...(a.eContent ? [explicit(0, octets(a.eContent))] : []));
  // RFC 5652 §5.1: version 3 when eContentType is not id-data (GM/T 0010 §7.1 writes 1 for its data type)
  const plainData = !a.eContentType || a.eContentType === OIDS.data || a.eContentType === GM_TYPES.data;
  const sd = seq(integer(plainData ? 1 : 3), setOf(dAlg), eci, certs, setOf(signerInfo));
  return seq(oid(contentTypeOid(a.flavour ?? 'rfc5652', 'signedData')), explicit(0, sd));
}

/** Upper bound of the DER size for this signer (dry run with a dummy signature of maximal length). */
export function estimateSignedDataSize(alg: SignatureAlgorithm, certificateDer: Uint8Array, chain?: Uint8Array[]): number {
  const cert = certFields(certificateDer);
  const dig = new Uint8Array(getDigest(digestNameOf(alg)).outputLength);
  const attrs = buildSignedAttributes({ contentDigest: dig, alg, certificateDer, signingTime: new Date(Date.UTC(2100, 0, 1)) });
  return assembleSignedData({ signedAttrs: attrs, signature: new Uint8Array(maxSignatureLength(alg, cert)), alg, certificateDer, chain }).length;
}

/**
 * Builds and signs a detached SignedData over content whose digest is given (one call to the carrier).
 * `flavour` 'gm' writes the GM/T 0010 SignedData and data OIDs (ContentInfo, eContentType and the contentType
 * attribute), 'rfc5652' (default) the RFC 5652 ones; SM2 signers only under 'gm'.
 */
export async function signDetached(signer: Signer, contentDigest: Uint8Array, opts: { alg: SignatureAlgorithm; signingTime?: Date; chain?: Uint8Array[]; signal?: AbortSignal; flavour?: CmsFlavour }): Promise<Uint8Array> {
  const flavour = opts.flavour ?? 'rfc5652';
  if (flavour === 'gm' && opts.alg !== 'sm2-sm3') fail(`the gm flavour (GM/T 0010) needs an SM2 signer, not ${opts.alg}`, 'E_CMS_FLAVOUR_UNSUITABLE');
  const contentType = contentTypeOid(flavour, 'data');
  const signedAttrs = buildSignedAttributes({ contentDigest, alg: opts.alg, certificateDer: signer.certificateDer, signingTime: opts.signingTime, contentType });
  const signature = await signer.signDigest(digestToSign(signedAttrs, opts.alg, signer.certificateDer), opts.alg, opts.signal);
  return assembleSignedData({ signedAttrs, signature, alg: opts.alg, certificateDer: signer.certificateDer, chain: opts.chain, eContentType: contentType, flavour });
}

// ---------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------

export interface AlgorithmId {
  oid: string;
  params?: Tlv;
}
export interface ParsedAttribute {
  type: string;
  values: Tlv[];
}
export interface ParsedSignerInfo {
  version: number;
  sid: { issuer: Tlv; serial: Tlv } | { ski: Uint8Array };
  digestAlgorithm: AlgorithmId;
  /** DER SET OF (tag 0x31) as hashed, or undefined without signed attributes */
  signedAttrs?: Uint8Array;
  attributes?: ParsedAttribute[];
  signatureAlgorithm: AlgorithmId;
  signature: Uint8Array;
  /** unsigned attributes (RFC 5652 §5.3), e.g. id-aa-signatureTimeStampToken */
  unsignedAttributes?: ParsedAttribute[];
}
export interface ParsedSignedData {
  /** the ContentInfo type: RFC 5652 id-signedData or GM/T 0010 signedData */
  contentType: string;
  version: number;
  digestAlgorithms: AlgorithmId[];
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Uint8Array[];
  /** CRLs carried ([1] crls), DER each */
  crls: Uint8Array[];
  signers: ParsedSignerInfo[];
}

const algId = (t: Tlv): AlgorithmId => {
  const c = children(t.v);
  if (!c[0] || c[0].tag !== 0x06) fail('AlgorithmIdentifier without OID');
  return { oid: oidToString(c[0].v), params: c[1] };
};
const intValue = (t: Tlv): number => {
  if (t.tag !== 0x02) fail('INTEGER expected');
  return t.v.reduce((a, b) => a * 256 + b, 0);
};

export function parseSignedData(input: Uint8Array): ParsedSignedData {
  let der = input;
  try {
    // BER (indefinite lengths, as OpenSSL streaming and some CA SDKs write) is read via definite re-encoding;
    // elements that were definite (signed attributes, certificates) keep their exact bytes
    if (der.length > 1 && der[1] === 0x80) der = definiteLengths(der);
    const ci = readTlv(der);
    if (ci.tag !== 0x30) fail('ContentInfo is not a SEQUENCE');
    const [ctype, wrapped] = children(ci.v);
    const contentType = oidToString(ctype.v);
    // RFC 5652 id-signedData or GM/T 0010 1.2.156.10197.6.1.4.2.2 (shared/cms/oids.ts)
    if (contentType !== OIDS.signedData && contentType !== GM_TYPES.signedData) fail('not a SignedData ContentInfo');
    if (!wrapped || wrapped.tag !== 0xa0) fail('SignedData content missing');
    const sd = readTlv(wrapped.v);
    const f = children(sd.v);
    let i = 0;
    const version = intValue(f[i++]);
    const digestAlgorithms = children(f[i++].v).map(algId);
    const eci = children(f[i++].v);
    const eContentType = oidToString(eci[0].v);
    let eContent: Uint8Array | undefined;
    if (eci[1]) {
      const inner = readTlv(eci[1].v);
      eContent = inner.tag === 0x04 ? inner.v : inner.tag === 0x24 ? concat(children(inner.v).map((x) => x.v)) : inner.v;
    }
    const certificates: Uint8Array[] = [];
    if (f[i]?.tag === 0xa0) for (const c of children(f[i++].v)) if (c.tag === 0x30) certificates.push(c.raw);
    const crls: Uint8Array[] = [];
    if (f[i]?.tag === 0xa1) for (const c of children(f[i++].v)) if (c.tag === 0x30) crls.push(c.raw);
    if (!f[i] || f[i].tag !== 0x31) fail('SignerInfos missing');
    const signers = children(f[i].v).map(parseSignerInfo);
    return { contentType, version, digestAlgorithms, eContentType, eContent, certificates, crls, signers };
  } catch (e) {
    if (e instanceof BidSealError) throw e;
    throw new BidSealError('E_BAD_ENCODING', 'CMS SignedData is malformed', undefined, { cause: e });
  }
}

function parseAttribute(a: Tlv): ParsedAttribute {
  const [type, vals] = children(a.v);
  if (type?.tag !== 0x06 || vals?.tag !== 0x31) fail('malformed Attribute');
  return { type: oidToString(type.v), values: children(vals.v) };
}

function parseSignerInfo(t: Tlv): ParsedSignerInfo {
  const f = children(t.v);
  let i = 0;
  const version = intValue(f[i++]);
  const s = f[i++];
  let sid: ParsedSignerInfo['sid'];
  if (s.tag === 0x30) {
    const [issuer, serial] = children(s.v);
    sid = { issuer, serial };
  } else if (s.tag === 0x80) sid = { ski: s.v };
  else return fail('unknown SignerIdentifier');
  const digestAlgorithm = algId(f[i++]);
  let signedAttrs: Uint8Array | undefined;
  let attributes: ParsedAttribute[] | undefined;
  if (f[i].tag === 0xa0) {
    signedAttrs = Uint8Array.from(f[i].raw); // a copy: Buffer.slice() would alias the input
    signedAttrs[0] = 0x31; // hashed with the SET OF tag (RFC 5652 §5.4)
    attributes = children(f[i].v).map(parseAttribute);
    i++;
  }
  const signatureAlgorithm = algId(f[i++]);
  const sig = f[i++];
  if (sig.tag !== 0x04) fail('signature is not an OCTET STRING');
  const unsignedAttributes = f[i]?.tag === 0xa1 ? children(f[i].v).map(parseAttribute) : undefined;
  return { version, sid, digestAlgorithm, signedAttrs, attributes, signatureAlgorithm, signature: sig.v, ...(unsignedAttributes ? { unsignedAttributes } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------------

/** Detached content: its bytes, or a function giving its digest for a digest OID (streamed by the caller). */
export type DetachedContent = Uint8Array | { digest(digestOid: string): Promise<Uint8Array>; bytes?(): Promise<Uint8Array> };

export interface SignerVerification {
  index: number;
  /** DER of the signer's certificate, when found among the certificates */
  certificate?: Uint8Array;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signingTime?: Date;
  /** messageDigest equals the content digest (true without signed attributes when the signature covers the content) */
  digestMatches: boolean;
  signatureValid: boolean;
  /** both of the above */
  intact: boolean;
  /** SM2 only: the user ID the signature verified with */
  sm2Id?: 'default' | 'empty';
  /** the signed attributes as parsed (e.g. the electronic seal a PDF signature binds, docs/ESEAL.md) */
  signedAttributes?: ParsedAttribute[];
  /** what the signature value covers: the DER signed attributes, or the content itself (no signed attributes) */
  covers: 'signedAttributes' | 'content';
  /** the certificate that signed (subject, issuer, serial as hex) when found */
  signer?: { subject: string; issuer: string; serialNumber: string };
  error?: { code: string; message: string };
}

export interface VerifyOptions {
  /** reject SignedData that carries eContent (a detached PDF signature must not, ISO 32000-1 §12.8.3.3) */
  requireDetached?: boolean;
  /** SM2: also accept an empty user ID (lenient); strict default-ID only by default */
  sm2LenientId?: boolean;
}

const SINGLE = [OIDS.contentType, OIDS.messageDigest, OIDS.signingTime];

// signingTime as old SDKs write it: offsets, fractions or no Z after the seconds are tolerated
const parseTime = (t: Tlv): Date => readTime(t, { zone: 'ignored' });

function findCertificate(sd: ParsedSignedData, si: ParsedSignerInfo): Uint8Array | undefined {
  for (const c of sd.certificates) {
    let f: CertFields;
    try {
      f = certFields(c);
    } catch {
      continue;
    }
    if ('ski' in si.sid) {
      if (f.ski && bytesEqual(f.ski, si.sid.ski)) return c;
    } else if (bytesEqual(f.issuer.raw, si.sid.issuer.raw) && bytesEqual(f.serial.v, si.sid.serial.v)) return c;
  }
  return undefined;
}

/** Verifies every SignerInfo of a SignedData against detached (or, when allowed, encapsulated) content. */
export async function verifySignedData(der: Uint8Array, content?: DetachedContent, opts: VerifyOptions = {}): Promise<SignerVerification[]> {
  const sd = parseSignedData(der);
  if (sd.eContent && opts.requireDetached) fail('detached signature expected, but the SignedData encapsulates content', 'E_BAD_SIGNATURE');
  if (sd.eContent && content) fail('both encapsulated and detached content given', 'E_INVALID_ARGUMENT');
  const c: DetachedContent | undefined = content ?? sd.eContent;
  if (!c) fail('no content to verify against', 'E_INVALID_ARGUMENT');
  const digestCache = new Map<string, Promise<Uint8Array>>();
  const contentDigest = (oidStr: string): Promise<Uint8Array> => {
    let p = digestCache.get(oidStr);
    if (!p) {
      p = c instanceof Uint8Array ? Promise.resolve(getDigest(oidStr).digest(c)) : c!.digest(oidStr);
      digestCache.set(oidStr, p);
    }
    return p;
  };
  const out: SignerVerification[] = [];
  for (const [index, si] of sd.signers.entries()) {
    const r: SignerVerification = { index, digestAlgorithm: si.digestAlgorithm.oid, signatureAlgorithm: si.signatureAlgorithm.oid, digestMatches: false, signatureValid: false, intact: false, covers: si.signedAttrs ? 'signedAttributes' : 'content' };
    if (si.attributes) r.signedAttributes = si.attributes;
    out.push(r);
    try {
      const dig = getDigest(si.digestAlgorithm.oid);
      r.digestAlgorithm = dig.name;
      r.certificate = findCertificate(sd, si);
      if (!r.certificate) fail('signer certificate not found in the SignedData', 'E_BAD_SIGNATURE');
      try {
        const c = parseCertificate(r.certificate!);
        r.signer = { subject: c.subject.text, issuer: c.issuer.text, serialNumber: c.serialNumber };
      } catch {
        /* certFields below reports an unusable certificate */
      }
      let signedBytes: Uint8Array;
      if (si.signedAttrs) {
        const attrs = si.attributes!;
        for (const t of SINGLE) {
          const found = attrs.filter((a) => a.type === t);
          if (found.length > 1 || found.some((a) => a.values.length !== 1)) fail(`attribute ${t} must occur once with one value`, 'E_BAD_SIGNATURE');
        }
        const ct = attrs.find((a) => a.type === OIDS.contentType);
        const md = attrs.find((a) => a.type === OIDS.messageDigest);
        if (!ct || !md) fail('signed attributes lack contentType or messageDigest', 'E_BAD_SIGNATURE');
        if (oidToString(ct!.values[0].v) !== sd.eContentType) fail('contentType attribute differs from eContentType', 'E_BAD_SIGNATURE');
        const st = attrs.find((a) => a.type === OIDS.signingTime);
        if (st) r.signingTime = parseTime(st.values[0]);
        r.digestMatches = bytesEqual(md!.values[0].v, await contentDigest(si.digestAlgorithm.oid));
        signedBytes = si.signedAttrs;
      } else {
        if (!(c instanceof Uint8Array) && !c!.bytes) fail('a signature without signed attributes needs the content bytes', 'E_UNSUPPORTED_ALGORITHM');
        signedBytes = c instanceof Uint8Array ? c : await c!.bytes!();
        r.digestMatches = true;
      }
      const v = await verifyRaw(si, certFields(r.certificate!), signedBytes, opts);
      r.signatureValid = v.ok;
      if (v.sm2Id) r.sm2Id = v.sm2Id;
      r.signatureAlgorithm = v.name;
      r.intact = r.digestMatches && r.signatureValid;
    } catch (e) {
      r.error = e instanceof BidSealError ? { code: e.code, message: e.message } : { code: 'E_BAD_SIGNATURE', message: String((e as Error)?.message ?? e) };
    }
  }
  return out;
}

const RSA_PKCS1_BY_HASH: Record<string, string> = { 'SHA-256': 'RSA-PKCS1-SHA256', 'SHA-384': 'RSA-PKCS1-SHA384', 'SHA-512': 'RSA-PKCS1-SHA512' };
const RSA_PKCS1_OIDS: Record<string, string> = { '1.2.840.113549.1.1.5': 'SHA-1', '1.2.840.113549.1.1.11': 'SHA-256', '1.2.840.113549.1.1.12': 'SHA-384', '1.2.840.113549.1.1.13': 'SHA-512' };
const ECDSA_OIDS: Record<string, string> = { '1.2.840.10045.4.1': 'SHA-1', '1.2.840.10045.4.3.2': 'SHA-256', '1.2.840.10045.4.3.3': 'SHA-384', '1.2.840.10045.4.3.4': 'SHA-512' };
const CURVES: Record<string, typeof p256> = { '1.2.840.10045.3.1.7': p256, '1.3.132.0.34': p384, '1.3.132.0.35': p521 };

async function verifyRaw(si: ParsedSignerInfo, cert: CertFields, data: Uint8Array, opts: VerifyOptions): Promise<{ ok: boolean; name: string; sm2Id?: 'default' | 'empty' }> {
  const sa = si.signatureAlgorithm.oid;
  const dname = getDigest(si.digestAlgorithm.oid).name;
  const isSm2Key = cert.keyAlgorithm === OIDS.ecPublicKey && cert.keyParams === OIDS.sm2Curve;
  if (sa === OIDS.sm2sm3 || sa === '1.2.156.10197.1.301.1' || (isSm2Key && (sa === OIDS.ecPublicKey || sa === OIDS.sm2Curve))) {
    if (!isSm2Key) fail('SM2 signature with a non-SM2 key', 'E_BAD_SIGNATURE');
    if (sm2.verify(si.signature, data, cert.publicKey, { format: 'der' })) return { ok: true, name: 'SM2-SM3', sm2Id: 'default' };
    if (opts.sm2LenientId && sm2.verify(si.signature, data, cert.publicKey, { format: 'der', id: new Uint8Array(0) })) return { ok: true, name: 'SM2-SM3', sm2Id: 'empty' };
    return { ok: false, name: 'SM2-SM3' };
  }
  if (sa === OIDS.rsaEncryption || sa in RSA_PKCS1_OIDS) {
    const h = sa === OIDS.rsaEncryption ? dname : RSA_PKCS1_OIDS[sa];
    if (!RSA_PKCS1_BY_HASH[h]) {
      // SHA-1 and other hashes WebCrypto will not verify with: recover the DigestInfo and compare (old signers)
      const rec = rsaPkcs1Recover(cert.publicKey, si.signature);
      const ok = !!rec && getDigest(rec.hashOid).name === h && bytesEqual(rec.digest, getDigest(h).digest(data));
      return { ok, name: `RSA-PKCS1-${h.replace('-', '')}` };
    }
    const name = RSA_PKCS1_BY_HASH[h] ?? fail(`RSA with ${h}`, 'E_UNSUPPORTED_ALGORITHM');
    return { ok: await getSignatureAlgorithm(name).verify(cert.spki.raw, data, si.signature), name };
  }
  if (sa === OIDS.rsaPss) {
    let hash = 'SHA-1';
    let saltLength = 20;
    if (si.signatureAlgorithm.params?.tag === 0x30) {
      for (const p of children(si.signatureAlgorithm.params.v)) {
        if (p.tag === 0xa0) hash = getDigest(algId(readTlv(p.v)).oid).name;
        if (p.tag === 0xa2) saltLength = intValue(readTlv(p.v));
      }
    }
    return { ok: await getSignatureAlgorithm('RSASSA-PSS').verify(cert.spki.raw, data, si.signature, { hash, saltLength }), name: `RSASSA-PSS-${hash}` };
  }
  if (sa === OIDS.ecPublicKey || sa in ECDSA_OIDS) {
    const h = sa === OIDS.ecPublicKey ? dname : ECDSA_OIDS[sa];
    const curve = CURVES[cert.keyParams ?? ''] ?? fail(`EC curve ${cert.keyParams}`, 'E_UNSUPPORTED_ALGORITHM');
    const digest = getDigest(h).digest(data);
    let ok: boolean;
    try {
      ok = curve.verify(si.signature, digest, cert.publicKey, { prehash: false, format: 'der', lowS: false });
    } catch {
      ok = false;
    }
    return { ok, name: `ECDSA-${h}` };
  }
  // EdDSA in CMS (RFC 8419 §3): PureEdDSA over the signed attributes (or the content)
  if (sa === '1.3.101.112' || sa === '1.3.101.113') {
    const ed = sa === '1.3.101.112' ? ed25519 : ed448;
    let ok: boolean;
    try {
      ok = cert.keyAlgorithm === sa && ed.verify(si.signature, data, cert.publicKey);
    } catch {
      ok = false;
    }
    return { ok, name: sa === '1.3.101.112' ? 'Ed25519' : 'Ed448' };
  }
  return fail(`signature algorithm ${sa}`, 'E_UNSUPPORTED_ALGORITHM');
}
