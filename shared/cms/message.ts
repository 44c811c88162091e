// Runs anywhere (pure). Whole GM/T 0010 / GB/T 35275 and RFC 5652 messages in memory, in two flavours
// (shared/cms/oids.ts): SignedData (attached or detached, several signers, with or without signed
// attributes, certificates and CRLs carried), SignedAndEnvelopedData (PKCS #7 §11 / GM/T 0010 §9),
// EncryptedData, DigestedData; and `inspectMessage`, which names any of them. Big content streams through
// shared/envelope (EnvelopedData / AuthEnvelopedData); these are the signer's and key-delivery messages.
//
// SignedAndEnvelopedData: we write the SignerInfo signature in clear over the plaintext (GmSSL practice);
// PKCS #7 §11 also encrypts it under the content key — both are read (see docs/artefacts.md).
import { BidSealError, isBidSealError } from '../errors';
import type { SignatureAlgorithm, Signer } from '../pki/carrier';
import { getDigest } from '../crypto/algorithms';
import { concat, explicit, implicitConstructed, integer, octets, oid, seq, setOf, time, tlv, algorithmOf, corrupt, definiteLengths, intValue, octetsOf, oidOf, parseBer, seqOf, type BerNode, toHex } from '../asn1';
import { attribute, buildSignedAttributes, digestAlgId, digestNameOf, digestToSign, OIDS, signatureAlgId, verifySignedData, parseSignedData, type SignerVerification } from './signed-data';
import { certFields } from './cert-fields';
import { CMS_FLAVOURS, GM_ALGS, GM_TYPES, RFC5652_TYPES, cmsTypeOf, contentTypeOid, sm2SignatureOid, type CmsFlavour, type CmsTypeName } from './oids';
import { contentCipherByName, createContentDecryptor, createContentEncryptor, decodeContentAlgorithm, encodeContentAlgorithm, newContentParams, type ContentCipherName } from '../envelope/content-cipher';
import { buildRecipientInfo, parseRecipientInfos, recipientCertificate, ridMatches, unwrapContentKey, type EnvelopeDecrypter, type RecipientSpec, type RecipientSummary } from '../envelope/recipients';
import { parseCertificate } from '../pki/certificate';
import * as sm2 from '../crypto/sm2';

export { CMS_FLAVOURS, type CmsFlavour };

const invalid = (msg: string): never => {
  throw new BidSealError('E_INVALID_ARGUMENT', msg);
};

/** Runs `fn`; anything but a BidSealError (a malformed structure a helper tripped over) becomes E_BAD_ENCODING. */
function typed<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_BAD_ENCODING', `${what} is malformed`, undefined, { cause: e });
  }
}

function pickAlg(s: Signer, flavour: CmsFlavour): SignatureAlgorithm {
  if (s.algorithms.includes('sm2-sm3')) return 'sm2-sm3';
  if (flavour === 'gm') invalid('the gm flavour (GM/T 0010) needs SM2 signers; use rfc5652 for RSA/ECDSA');
  return s.algorithms[0] ?? invalid('signer offers no signature algorithm');
}

function sigAlgId(alg: SignatureAlgorithm, flavour: CmsFlavour): Uint8Array {
  return alg === 'sm2-sm3' ? seq(oid(sm2SignatureOid(flavour))) : signatureAlgId(alg);
}

export interface MessageSigner {
  signer: Signer;
  /** intermediate certificates to carry */
  chain?: Uint8Array[];
}

export interface SignMessageOptions {
  flavour: CmsFlavour;
  signers: MessageSigner[];
  /** leave the content out (detached signature) */
  detached?: boolean;
  /** default true; false signs the content itself (e = SM3(Z‖content) for SM2) */
  signedAttributes?: boolean;
  signingTime?: Date;
  /** CRLs to carry (DER) */
  crls?: Uint8Array[];
  /** the eContentType; default data of the flavour */
  eContentType?: string;
  signal?: AbortSignal;
}

interface SignerInfoParts {
  signerInfo: Uint8Array;
  digestAlg: Uint8Array;
  certs: Uint8Array[];
}

async function signerInfo(m: MessageSigner, content: Uint8Array, eContentType: string, o: SignMessageOptions): Promise<SignerInfoParts> {
  const s = m.signer;
  const alg = pickAlg(s, o.flavour);
  const cert = certFields(s.certificateDer);
  const dname = digestNameOf(alg);
  const dAlg = digestAlgId(dname);
  let signed: Uint8Array;
  let attrs: Uint8Array | undefined;
  if (o.signedAttributes !== false) {
    const md = getDigest(dname).digest(content);
    attrs =
      o.flavour === 'gm'
        ? // GM/T 0010 §7.3: contentType, signingTime, messageDigest (what GM toolkits carry)
          setOf(attribute(OIDS.contentType, oid(eContentType)), attribute(OIDS.signingTime, time(o.signingTime ?? new Date())), attribute(OIDS.messageDigest, octets(md)))
        : buildSignedAttributes({ contentDigest: md, alg, certificateDer: s.certificateDer, signingTime: o.signingTime, contentType: eContentType });
    signed = attrs;
  } else signed = content;
  const signature = await s.signDigest(digestToSign(signed, alg, s.certificateDer), alg, o.signal);
  const si = seq(integer(1), seq(cert.issuer.raw, cert.serial.raw), dAlg, ...(attrs ? [implicitConstructed(0, attrs)] : []), sigAlgId(alg, o.flavour), octets(signature));
  return { signerInfo: si, digestAlg: dAlg, certs: [cert.der, ...(m.chain ?? [])] };
}

const uniq = (list: Uint8Array[]): Uint8Array[] => {
  const seen = new Set<string>();
  return list.filter((c) => {
    const k = toHex(c.subarray(0, 4096)) + c.length;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/** SignedData of either flavour (DER). */
export async function signMessage(content: Uint8Array, o: SignMessageOptions): Promise<Uint8Array> {
  if (!CMS_FLAVOURS.includes(o?.flavour)) invalid(`flavour must be ${CMS_FLAVOURS.join(' or ')}`);
  if (!o.signers?.length) invalid('at least one signer is required');
  if (!(content instanceof Uint8Array)) invalid('content must be bytes');
  const eContentType = o.eContentType ?? contentTypeOid(o.flavour, 'data');
  const parts: SignerInfoParts[] = [];
  for (const m of o.signers) parts.push(await signerInfo(m, content, eContentType, o));
  const certs = uniq(parts.flatMap((p) => p.certs));
  const eci = seq(oid(eContentType), ...(o.detached ? [] : [explicit(0, octets(content))]));
  const sd = seq(
    integer(1),
    setOf(...uniq(parts.map((p) => p.digestAlg))),
    eci,
    tlv(0xa0, concat(certs)),
    ...(o.crls?.length ? [tlv(0xa1, concat(o.crls))] : []),
    setOf(...parts.map((p) => p.signerInfo)),
  );
  return seq(oid(contentTypeOid(o.flavour, 'signedData')), explicit(0, sd));
}

export interface MessageVerification {
  type: 'signedData';
  flavour: CmsFlavour;
  contentType: string;
  eContentType: string;
  detached: boolean;
  certificates: number;
  crls: number;
  signers: SignerVerification[];
  /** every signer intact */
  intact: boolean;
  /** the encapsulated content (attached signatures) */
  content?: Uint8Array;
}

/** Verifies a SignedData of either flavour; `content` for detached ones. Per-signer results say which
 * certificate signed, with which SM2 ID, over the signed attributes or the content. */
export async function verifyMessage(der: Uint8Array, content?: Uint8Array, opts: { sm2LenientId?: boolean } = {}): Promise<MessageVerification> {
  const sd = parseSignedData(der);
  const signers = await verifySignedData(der, sd.eContent ? undefined : content, { sm2LenientId: opts.sm2LenientId });
  return {
    type: 'signedData',
    flavour: sd.contentType === GM_TYPES.signedData ? 'gm' : 'rfc5652',
    contentType: sd.contentType,
    eContentType: sd.eContentType,
    detached: !sd.eContent,
    certificates: sd.certificates.length,
    crls: sd.crls.length,
    signers,
    intact: signers.length > 0 && signers.every((s) => s.intact),
    ...(sd.eContent ? { content: sd.eContent } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// EncryptedData, DigestedData
// ---------------------------------------------------------------------------------------------------

function encryptedContentInfo(flavour: CmsFlavour, cipher: ContentCipherName, key: Uint8Array, content: Uint8Array): Uint8Array {
  const c = contentCipherByName(cipher);
  if (c.mode !== 'cbc') invalid('EncryptedData uses a CBC cipher (GCM content goes in AuthEnvelopedData)');
  const params = newContentParams(c);
  const enc = createContentEncryptor(params, key);
  const body = concat([enc.update(content), enc.final()]);
  return seq(oid(contentTypeOid(flavour, 'data')), encodeContentAlgorithm(params), tlv(0x80, body));
}

function decryptEci(eci: BerNode, key: Uint8Array): Uint8Array {
  const f = seqOf(eci, 'EncryptedContentInfo');
  const alg = algorithmOf(f[1], 'contentEncryptionAlgorithm');
  const params = decodeContentAlgorithm(alg.oid, alg.params);
  if (!f[2]) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'detached encrypted content');
  const body = octetsOf(f[2], 'encryptedContent');
  const d = createContentDecryptor(params, key);
  return concat([d.update(body), d.final()]);
}

/** EncryptedData (RFC 5652 §8 / GM/T 0010 §10): content under a key the parties already share. */
export function encryptData(content: Uint8Array, key: Uint8Array, o: { flavour: CmsFlavour; cipher?: ContentCipherName }): Uint8Array {
  const ed = seq(integer(0), encryptedContentInfo(o.flavour, o.cipher ?? 'sm4-cbc', key, content));
  return seq(oid(contentTypeOid(o.flavour, 'encryptedData')), explicit(0, ed));
}

export function decryptData(der: Uint8Array, key: Uint8Array): Uint8Array {
  const { type, body } = contentInfo(der);
  if (type !== 'encryptedData') throw new BidSealError('E_CMS_TYPE_UNSUPPORTED', `expected EncryptedData, found ${type}`);
  const f = seqOf(body, 'EncryptedData');
  return decryptEci(f[1], key);
}

/** DigestedData (RFC 5652 §7; GB/T 35275-2026): content and its SM3 (or SHA-256) digest. */
export function digestData(content: Uint8Array, o: { flavour: CmsFlavour; digest?: 'SM3' | 'SHA-256' }): Uint8Array {
  const h = getDigest(o.digest ?? 'SM3');
  const dd = seq(integer(0), seq(oid(h.oid)), seq(oid(contentTypeOid(o.flavour, 'data')), explicit(0, octets(content))), octets(h.digest(content)));
  return seq(oid(contentTypeOid(o.flavour, 'digestedData')), explicit(0, dd));
}

export function checkDigestedData(der: Uint8Array): { content: Uint8Array; digestAlgorithm: string; intact: boolean } {
  const { type, body } = contentInfo(der);
  if (type !== 'digestedData') throw new BidSealError('E_CMS_TYPE_UNSUPPORTED', `expected DigestedData, found ${type}`);
  return typed('DigestedData', () => {
    const f = seqOf(body, 'DigestedData');
    const alg = algorithmOf(f[1], 'digestAlgorithm').oid;
    const eci = seqOf(f[2], 'EncapsulatedContentInfo');
    if (!eci[1]) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'DigestedData without content');
    const content = octetsOf(seqOf(eci[1], 'eContent', 0xa0)[0], 'eContent');
    const digest = octetsOf(f[3], 'digest');
    const h = getDigest(alg);
    const actual = h.digest(content);
    return { content, digestAlgorithm: h.name, intact: actual.length === digest.length && actual.every((x, i) => x === digest[i]) };
  });
}

// ---------------------------------------------------------------------------------------------------
// SignedAndEnvelopedData
// ---------------------------------------------------------------------------------------------------

export interface SignEncryptOptions {
  flavour: CmsFlavour;
  signers: MessageSigner[];
  recipients: RecipientSpec[];
  cipher?: 'sm4-cbc' | 'aes-256-cbc';
  signal?: AbortSignal;
}

/** SignedAndEnvelopedData: content encrypted to the recipients and signed (no signed attributes, PKCS #7 §11). */
export async function signAndEncrypt(content: Uint8Array, o: SignEncryptOptions): Promise<Uint8Array> {
  if (!CMS_FLAVOURS.includes(o?.flavour)) invalid(`flavour must be ${CMS_FLAVOURS.join(' or ')}`);
  if (!o.signers?.length || !o.recipients?.length) invalid('signers and recipients are required');
  const cipher = contentCipherByName(o.cipher ?? 'sm4-cbc');
  const certs = o.recipients.map(recipientCertificate);
  if (o.flavour === 'gm' && certs.some((c) => c.publicKey.kind !== 'sm2')) invalid('the gm flavour needs SM2 recipients');
  const cek = globalThis.crypto.getRandomValues(new Uint8Array(cipher.keyLength));
  try {
    const ris: Uint8Array[] = [];
    for (let i = 0; i < certs.length; i++) ris.push(await buildRecipientInfo(o.recipients[i], certs[i], cek, { recipientId: 'issuerAndSerial', gmVersion: true }));
    const parts: SignerInfoParts[] = [];
    for (const m of o.signers) parts.push(await signerInfo(m, content, contentTypeOid(o.flavour, 'data'), { flavour: o.flavour, signers: o.signers, signedAttributes: false, signal: o.signal }));
    const sed = seq(
      integer(1),
      setOf(...ris),
      setOf(...uniq(parts.map((p) => p.digestAlg))),
      encryptedContentInfo(o.flavour, cipher.name, cek, content),
      tlv(0xa0, concat(uniq(parts.flatMap((p) => p.certs)))),
      setOf(...parts.map((p) => p.signerInfo)),
    );
    return seq(oid(contentTypeOid(o.flavour, 'signedAndEnvelopedData')), explicit(0, sed));
  } finally {
    cek.fill(0);
  }
}

export interface OpenedSignedAndEnveloped {
  flavour: CmsFlavour;
  content: Uint8Array;
  openedBy: RecipientSummary;
  signers: Array<{ index: number; signer?: { subject: string; serialNumber: string }; certificate?: Uint8Array; intact: boolean; sm2Id?: 'default' | 'empty'; covers: 'content'; signatureEncrypted: boolean; error?: { code: string; message: string } }>;
  intact: boolean;
}

/** Opens a SignedAndEnvelopedData with one of `decrypters`, then verifies every signer over the plaintext. */
export async function decryptAndVerify(der: Uint8Array, decrypters: EnvelopeDecrypter[], opts: { signal?: AbortSignal; sm2LenientId?: boolean } = {}): Promise<OpenedSignedAndEnveloped> {
  const { type, flavour, body } = contentInfo(der);
  if (type !== 'signedAndEnvelopedData') throw new BidSealError('E_CMS_TYPE_UNSUPPORTED', `expected SignedAndEnvelopedData, found ${type}`);
  const f = seqOf(body, 'SignedAndEnvelopedData');
  const recipients = parseRecipientInfos(f[1]);
  let i = 4;
  const certs: Uint8Array[] = [];
  if (f[i]?.tag === 0xa0) for (const c of f[i++].children ?? []) if (c.tag === 0x30) certs.push(definiteLengths(c.raw));
  if (f[i]?.tag === 0xa1) i++;
  const sis = seqOf(f[i], 'SignerInfos', 0x31);
  let cek: Uint8Array | undefined;
  let openedBy: RecipientSummary | undefined;
  for (const d of decrypters) {
    const summary = parseCertificate(d.certificateDer);
    const r = recipients.find((x) => ridMatches(x.summary.id, summary));
    if (!r) continue;
    cek = await unwrapContentKey(r, d, opts.signal);
    openedBy = r.summary;
    break;
  }
  if (!cek || !openedBy) throw new BidSealError('E_NOT_A_RECIPIENT', 'none of the given keys is a recipient', { recipients: recipients.map((r) => r.summary.description) });
  try {
    const content = decryptEci(f[3], cek);
    const signers: OpenedSignedAndEnveloped['signers'] = [];
    for (const [index, si] of sis.entries()) {
      const r: OpenedSignedAndEnveloped['signers'][number] = { index, intact: false, covers: 'content', signatureEncrypted: false };
      signers.push(r);
      try {
        const sf = seqOf(si, 'SignerInfo');
        const [issuer, serial] = seqOf(sf[1], 'IssuerAndSerialNumber');
        const cert = certs.find((c) => {
          const cf = certFields(c);
          return cf.issuer.raw.length === issuer.raw.length && cf.issuer.raw.every((x, k) => x === issuer.raw[k]) && cf.serial.v.every((x, k) => x === serial.value![k]) && cf.serial.v.length === serial.value!.length;
        });
        if (!cert) throw new BidSealError('E_BAD_SIGNATURE', 'signer certificate not found');
        r.certificate = cert;
        const cs = parseCertificate(cert);
        r.signer = { subject: cs.subject.text, serialNumber: cs.serialNumber };
        const sigIndex = sf[3]?.tag === 0xa0 ? 5 : 4;
        const sig = octetsOf(sf[sigIndex], 'encryptedDigest');
        if (cs.publicKey.kind !== 'sm2') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'SignedAndEnvelopedData with a non-SM2 signer');
        const tryVerify = (s: Uint8Array): 'default' | 'empty' | undefined => {
          if (sm2.verify(s, content, cs.publicKey.publicKey, { format: 'der' })) return 'default';
          if (opts.sm2LenientId && sm2.verify(s, content, cs.publicKey.publicKey, { format: 'der', id: new Uint8Array(0) })) return 'empty';
          return undefined;
        };
        let id = tryVerify(sig);
        if (!id) {
          // PKCS #7 §11: the signature itself encrypted under the content key
          try {
            const synthetic = parseBer(seq(oid(RFC5652_TYPES.data), f[3].children![1].raw, tlv(0x80, sig)));
            const plainSig = decryptEci(synthetic, cek);
            id = tryVerify(plainSig);
            if (id) r.signatureEncrypted = true;
          } catch {
            /* not an encrypted signature */
          }
        }
        if (id) {
          r.intact = true;
          r.sm2Id = id;
        }
      } catch (e) {
        r.error = isBidSealError(e) ? { code: e.code, message: e.message } : { code: 'E_BAD_SIGNATURE', message: String(e) };
      }
    }
    return { flavour, content, openedBy, signers, intact: signers.length > 0 && signers.every((s) => s.intact) };
  } finally {
    cek.fill(0);
  }
}

// ---------------------------------------------------------------------------------------------------
// Naming any message
// ---------------------------------------------------------------------------------------------------

function contentInfo(der: Uint8Array): { type: CmsTypeName; flavour: CmsFlavour; oid: string; body: BerNode } {
  return typed('ContentInfo', () => {
    const ci = parseBer(der);
    const [t, w] = seqOf(ci, 'ContentInfo');
    const o = oidOf(t, 'contentType');
    const known = cmsTypeOf(o);
    if (!known) throw new BidSealError('E_CMS_TYPE_UNSUPPORTED', `content type ${o}`);
    if (!w || w.tag !== 0xa0 || !w.children?.[0]) corrupt('ContentInfo without content');
    return { ...known, oid: o, body: w.children![0] };
  });
}

export interface MessageSummary {
  type: CmsTypeName;
  flavour: CmsFlavour;
  contentType: string;
  version?: number;
  /** SignedData */
  eContentType?: string;
  detached?: boolean;
  signers?: Array<{ sid: string; digestAlgorithm: string; signatureAlgorithm: string; signedAttributes: boolean }>;
  certificates?: Array<{ subject: string; serialNumber: string }>;
  crls?: number;
  /** enveloped kinds */
  recipients?: string[];
  contentEncryption?: string;
  digestAlgorithm?: string;
}

/** What a CMS / GM/T 0010 message is and says about itself, without keys. */
export function inspectMessage(der: Uint8Array): MessageSummary {
  const ci = contentInfo(der);
  return typed(ci.type, () => {
    const out: MessageSummary = { type: ci.type, flavour: ci.flavour, contentType: ci.oid };
    const f = ci.body.children ?? [];
    if (f[0]?.tag === 0x02) out.version = intValue(f[0], 'version');
    if (ci.type === 'signedData') {
      const sd = parseSignedData(der);
      out.eContentType = sd.eContentType;
      out.detached = !sd.eContent;
      out.signers = sd.signers.map((s) => ({
        sid: 'ski' in s.sid ? `SKI ${toHex(s.sid.ski)}` : `serial ${toHex(s.sid.serial.v).replace(/^0+(?=.)/, '').toUpperCase()}`,
        digestAlgorithm: s.digestAlgorithm.oid,
        signatureAlgorithm: s.signatureAlgorithm.oid,
        signedAttributes: !!s.signedAttrs,
      }));
      out.certificates = sd.certificates.map((c) => {
        try {
          const p = parseCertificate(c);
          return { subject: p.subject.text, serialNumber: p.serialNumber };
        } catch {
          return { subject: '(unreadable certificate)', serialNumber: '' };
        }
      });
      out.crls = sd.crls.length;
    } else if (ci.type === 'envelopedData' || ci.type === 'signedAndEnvelopedData' || ci.type === 'authEnvelopedData') {
      const ris = f.find((x) => x.tag === 0x31);
      out.recipients = ris ? parseRecipientInfos(ris).map((r) => r.summary.description) : [];
      const eci = f.find((x, k) => k > 0 && x.tag === 0x30 && x.children?.[0]?.tag === 0x06);
      if (eci) out.contentEncryption = algorithmOf(eci.children![1], 'contentEncryptionAlgorithm').oid;
    } else if (ci.type === 'encryptedData') {
      out.contentEncryption = algorithmOf(seqOf(f[1], 'EncryptedContentInfo')[1], 'contentEncryptionAlgorithm').oid;
    } else if (ci.type === 'digestedData') {
      out.digestAlgorithm = algorithmOf(f[1], 'digestAlgorithm').oid;
    }
    return out;
  });
}

export { GM_ALGS, GM_TYPES, RFC5652_TYPES };
