// Runs anywhere (pure). Seal signatures in OFD (GB/T 33190-2016 §18, GB/T 38540-2020 §9): Signatures.xml lists
// each signature; Signs/Sign_N/Signature.xml carries the References (every protected part with its SM3
// CheckValue, base64), the stamp annotations and the path of SignedValue.dat, the SES_Signature whose dataHash
// is the SM3 of Signature.xml exactly as stored. A later seal protects the earlier signatures' files, and never
// changes a protected part (only Signatures.xml, which no signature covers), so earlier seals stay valid.
import { BidSealError, isBidSealError } from '../errors';
import { bytesToBase64, base64ToBytes } from '../encoding/base64';
import { bytesEqual } from '../asn1';
import { sm3 } from '../crypto/sm3';
import * as sm2 from '../crypto/sm2';
import { getDigest } from '../crypto/algorithms';
import { certFields } from '../cms/cert-fields';
import type { Signer } from '../pki/carrier';
import type { Timestamper } from '../pki/tsp';
import { parseSeal, pickAlgorithm, SIG_OID } from '../eseal/seal';
import { digestNameOf, parseSignedData, signDetached, verifySignedData, type SignerVerification } from '../cms/signed-data';
import { parseCertificate } from '../pki/certificate';
import { validatePath, type PathVerdict } from '../pki/path-validation';
import { signSes, verifySes, parseSesSignature, type SesVerdict } from '../eseal/signature';
import { OfdPackage, OFD_NS, readStructure, parseXml, kids, kid, attr, textOf, resolvePath, parseBox, xmlEscape, type OfdDoc } from './package';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const OID_SM3 = '1.2.156.10197.1.401';
/** SM3 over Z‖file with the signer's key, as some writers do (docs/OFD.md) */
export const OID_SM3_WITH_Z = '1.2.156.10197.1.401.2';

export interface StampPlacement {
  /** page index from 0 */
  page: number;
  /** top-left corner of the seal in mm from the page's top-left corner (OFD coordinates) */
  x: number;
  y: number;
}

export interface OfdSealOptions {
  /** the SESeal (.esl) as carried */
  seal: Uint8Array;
  /** where the picture goes; several for the same seal on several pages */
  placements?: StampPlacement[];
  /** 骑缝章: the seal cut into one slice per page at the right edge of every page (y in mm from the top, default centred) */
  crossPage?: { y?: number };
  /** document within the package (default 0) */
  doc?: number;
  time?: Date;
  timestamper?: Timestamper;
  signal?: AbortSignal;
  provider?: { name: string; version: string; company?: string };
}

const fmtTime = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '');
const num = (n: number): string => String(Math.round(n * 1000) / 1000);

function nextSignDir(pkg: OfdPackage, base: string): { dir: string } {
  for (let i = 0; ; i++) {
    const dir = `${base}/Sign_${i}`;
    if (![...pkg.files.keys()].some((k) => k.startsWith(`${dir}/`))) return { dir };
  }
}

/** Adds a seal signature to document `doc` of the package; returns the new package (the input is unchanged). */
export async function sealOfd(pkgIn: OfdPackage, signer: Signer, o: OfdSealOptions): Promise<OfdPackage> {
  const seal = parseSeal(o.seal);
  // the seal's own size in mm
  const w = seal.picture.widthMm || 40;
  const h = seal.picture.heightMm || 40;
  const stamps = (doc: OfdDoc): string[] => {
    const annots: string[] = [];
    let annotId = 1;
    for (const pl of o.placements ?? []) {
      const page = doc.pages[pl.page];
      if (!page) throw new BidSealError('E_INVALID_ARGUMENT', `page ${pl.page + 1} does not exist (the document has ${doc.pages.length})`);
      annots.push(`<ofd:StampAnnot ID="${annotId++}" PageRef="${xmlEscape(page.id)}" Boundary="${num(pl.x)} ${num(pl.y)} ${num(w)} ${num(h)}"/>`);
    }
    if (o.crossPage) {
      const n = doc.pages.length;
      const slice = w / n;
      doc.pages.forEach((page, i) => {
        const [, , pw, ph] = page.box;
        const y = o.crossPage!.y ?? (ph - h) / 2;
        // the seal sits so that slice i lies against the right edge; Clip (in Boundary coordinates) keeps that slice only
        const x = pw - (i + 1) * slice;
        annots.push(`<ofd:StampAnnot ID="${annotId++}" PageRef="${xmlEscape(page.id)}" Boundary="${num(x)} ${num(y)} ${num(w)} ${num(h)}" Clip="${num(i * slice)} 0 ${num(slice)} ${num(h)}"/>`);
      });
    }
    if (!annots.length) throw new BidSealError('E_INVALID_ARGUMENT', 'place the seal on a page or across pages');
    return annots;
  };
  // the SES_Signature over SM3(Signature.xml as stored) — refused before signing when the seal may not be used
  return appendSignature(pkgIn, o, 'Seal', '1.2.156.10197.1.501', stamps, (sigXml, sigXmlPath, time) =>
    signSes({ seal: o.seal, dataHash: sm3(sigXml), propertyInfo: `/${sigXmlPath}`, time, ...(o.timestamper ? { timestamper: o.timestamper } : {}), ...(o.signal ? { signal: o.signal } : {}) }, signer),
  );
}

export interface OfdSignOptions {
  /** document within the package (default 0) */
  doc?: number;
  time?: Date;
  signal?: AbortSignal;
  provider?: { name: string; version: string; company?: string };
}

/**
 * Adds a plain digital signature (Type="Sign", no seal): SignedValue.dat holds a detached GB/T 35275 SignedData
 * (GM/T 0010 OIDs for SM2 signers, RFC 5652 for others) over Signature.xml as stored (docs/OFD.md).
 */
export async function signOfd(pkgIn: OfdPackage, signer: Signer, o: OfdSignOptions = {}): Promise<OfdPackage> {
  const alg = pickAlgorithm(signer);
  const method = SIG_OID[alg];
  if (!method) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `no OFD signature method for ${alg}`);
  return appendSignature(pkgIn, o, 'Sign', method, () => [], (sigXml, _path, time) =>
    signDetached(signer, getDigest(digestNameOf(alg)).digest(sigXml), { alg, signingTime: time, flavour: alg === 'sm2-sm3' ? 'gm' : 'rfc5652', ...(o.signal ? { signal: o.signal } : {}) }),
  );
}

/** Writes Signature.xml (references to every protected part, the annotations), its value, and the list entry. */
async function appendSignature(
  pkgIn: OfdPackage,
  o: { doc?: number; time?: Date; provider?: { name: string; version: string; company?: string } },
  type: 'Seal' | 'Sign',
  signatureMethod: string,
  annotations: (doc: OfdDoc) => string[],
  value: (sigXml: Uint8Array, sigXmlPath: string, time: Date) => Promise<Uint8Array>,
): Promise<OfdPackage> {
  const docs = readStructure(pkgIn);
  const doc = docs[o.doc ?? 0];
  if (!doc) throw new BidSealError('E_INVALID_ARGUMENT', `no document ${o.doc ?? 0} in this OFD`);
  if (!doc.pages.length) throw new BidSealError('E_OFD_CORRUPT', 'the document has no pages');
  let pkg = pkgIn;
  const docDir = doc.root.includes('/') ? doc.root.slice(0, doc.root.lastIndexOf('/')) : '';
  // 1. the signature list: the one DocBody names, or a new Doc_N/Signs/Signatures.xml named in OFD.xml
  let sigListPath = doc.signatures;
  if (!sigListPath) {
    sigListPath = `${docDir ? `${docDir}/` : ''}Signs/Signatures.xml`;
    const ofdXml = new TextDecoder().decode(pkg.get('OFD.xml'));
    const bodies = [...ofdXml.matchAll(/<((?:[\w.-]+:)?)DocRoot\b[^>]*>[\s\S]*?<\/\1DocRoot>/g)];
    const m = bodies[doc.index];
    if (!m) throw new BidSealError('E_OFD_CORRUPT', 'OFD.xml: cannot find the DocRoot to add Signatures after');
    const at = m.index! + m[0].length;
    pkg = pkg.with({ 'OFD.xml': enc(`${ofdXml.slice(0, at)}<${m[1]}Signatures>/${sigListPath}</${m[1]}Signatures>${ofdXml.slice(at)}`) });
  }
  const existing = pkg.has(sigListPath) ? new TextDecoder().decode(pkg.get(sigListPath)) : undefined;
  const listEl = existing ? parseXml(enc(existing), sigListPath) : undefined;
  const ids = kids(listEl, 'Signature').map((s) => Number(attr(s, 'ID')) || 0);
  const maxId = Math.max(Number(textOf(kid(listEl, 'MaxSignId'))) || 0, ...ids, 0);
  const signId = maxId + 1;
  const signsDir = sigListPath.includes('/') ? sigListPath.slice(0, sigListPath.lastIndexOf('/')) : 'Signs';
  const { dir } = nextSignDir(pkg, signsDir);
  const sigXmlPath = `${dir}/Signature.xml`;
  const valuePath = `${dir}/SignedValue.dat`;
  // 2. annotations (the seal's stamps; none for a plain signature)
  const annots = annotations(doc);
  // 3. references: every part except the signature list (which each later seal rewrites) and this signature's own files
  const refs = [...pkg.files.entries()]
    .filter(([k]) => k !== sigListPath && !k.startsWith(`${dir}/`))
    .map(([k, v]) => `<ofd:Reference FileRef="/${xmlEscape(k)}"><ofd:CheckValue>${bytesToBase64(sm3(v))}</ofd:CheckValue></ofd:Reference>`);
  const time = o.time ?? new Date();
  const prov = o.provider ?? { name: 'BidSeal', version: '1', company: 'BidSeal' };
  const sigXml = enc(
    `${HEAD}<ofd:Signature xmlns:ofd="${OFD_NS}"><ofd:SignedInfo><ofd:Provider ProviderName="${xmlEscape(prov.name)}" Version="${xmlEscape(prov.version)}"${prov.company ? ` Company="${xmlEscape(prov.company)}"` : ''}/>` +
      `<ofd:SignatureMethod>${signatureMethod}</ofd:SignatureMethod><ofd:SignatureDateTime>${fmtTime(time)}</ofd:SignatureDateTime>` +
      `<ofd:References CheckMethod="${OID_SM3}">${refs.join('')}</ofd:References>${annots.join('')}</ofd:SignedInfo>` +
      `<ofd:SignedValue>/${valuePath}</ofd:SignedValue></ofd:Signature>`,
  );
  // 4. the signed value over Signature.xml as stored
  const signed = await value(sigXml, sigXmlPath, time);
  // 5. the list
  const entry = `<ofd:Signature ID="${signId}" Type="${type}" BaseLoc="/${sigXmlPath}"/>`;
  let list: string;
  if (!existing) list = `${HEAD}<ofd:Signatures xmlns:ofd="${OFD_NS}"><ofd:MaxSignId>${signId}</ofd:MaxSignId>${entry}</ofd:Signatures>`;
  else {
    const prefix = /<([\w.-]+:)?Signatures\b/.exec(existing)?.[1] ?? '';
    const withMax = /<([\w.-]+:)?MaxSignId>[^<]*<\/\1?MaxSignId>/.test(existing) ? existing.replace(/<([\w.-]+:)?MaxSignId>[^<]*<\/([\w.-]+:)?MaxSignId>/, `<$1MaxSignId>${signId}</$2MaxSignId>`) : existing.replace(/(<([\w.-]+:)?Signatures\b[^>]*>)/, `$1<${prefix}MaxSignId>${signId}</${prefix}MaxSignId>`);
    const close = withMax.lastIndexOf(`</${prefix}Signatures>`);
    if (close < 0) throw new BidSealError('E_OFD_CORRUPT', `${sigListPath}: no closing Signatures tag`);
    list = `${withMax.slice(0, close)}${entry.replace(/ofd:/g, prefix)}${withMax.slice(close)}`;
  }
  const out = pkg.with({ [sigXmlPath]: sigXml, [valuePath]: signed, [sigListPath]: enc(list) });
  readStructure(out); // self-check: the package still reads
  return out;
}

// ---------------------------------------------------------------------------------------------------
// verification
// ---------------------------------------------------------------------------------------------------

export interface OfdReferenceCheck {
  path: string;
  ok: boolean;
  problem?: 'missing' | 'digest-mismatch' | 'unsupported-check-method';
}

export interface OfdSignatureReport {
  id: string;
  type: string;
  /** Signature.xml path */
  path: string;
  signedValuePath?: string;
  references: OfdReferenceCheck[];
  checkMethod: string;
  stamps: Array<{ page: number | null; boundary: [number, number, number, number] | null }>;
  ses?: SesVerdict;
  /** a plain signature (Type="Sign"): the SignedData (or a bare signature value) over Signature.xml */
  cms?: OfdPlainVerdict;
  /** references, digests, the SES_Signature (and the seal inside it) or the plain signature all verify */
  intact: boolean;
  /** intact, and the seal, the signer and the maker are valid and trusted */
  trusted: boolean;
  error?: { code: string; message: string };
}

export interface OfdPlainVerdict {
  /** 'signed-data': GB/T 35275 / RFC 5652 SignedData; 'raw': a bare SM2 signature value (some writers) */
  form: 'signed-data' | 'raw';
  intact: boolean;
  trusted: boolean;
  signer?: { subject: string; serial: string };
  signerPath?: PathVerdict;
  time?: Date;
  problems: Array<{ code: string; message: string }>;
}

export interface OfdVerifyReport {
  signatures: OfdSignatureReport[];
  /** parts no signature protects (added after the last seal), other than signature lists */
  unprotected: string[];
  /** every signature intact and nothing unprotected; false for an OFD with no signature */
  ok: boolean;
}

export interface OfdVerifyOptions {
  anchors?: Uint8Array[];
  intermediates?: Uint8Array[];
  /** signer certificates for signatures that carry none */
  signerCerts?: Uint8Array[];
  tsaAnchors?: Uint8Array[];
}

function digestFor(method: string): ((data: Uint8Array, signerKey?: Uint8Array) => Uint8Array | null) | null {
  const m = method.trim().toLowerCase();
  if (m === '' || m === OID_SM3 || m === 'sm3') return (d) => sm3(d);
  if (m === OID_SM3_WITH_Z) return (d, key) => (key ? sm2.computeDigest(d, key) : null);
  const name = m === '2.16.840.1.101.3.4.2.1' || m === 'sha256' || m === 'sha-256' ? 'SHA-256' : m === '1.3.14.3.2.26' || m === 'sha1' ? 'SHA-1' : undefined;
  return name ? (d) => getDigest(name).digest(d) : null;
}

async function verifyOne(pkg: OfdPackage, doc: OfdDoc, listPath: string, el: Element, o: OfdVerifyOptions): Promise<OfdSignatureReport> {
  const base = attr(el, 'BaseLoc') ?? '';
  const path = resolvePath(listPath, base);
  const r: OfdSignatureReport = { id: attr(el, 'ID') ?? '', type: attr(el, 'Type') ?? 'Seal', path, references: [], checkMethod: OID_SM3, stamps: [], intact: false, trusted: false };
  try {
    const sigXmlBytes = pkg.get(path);
    const x = parseXml(sigXmlBytes, path);
    const info = kid(x, 'SignedInfo');
    const refsEl = kid(info, 'References');
    r.checkMethod = attr(refsEl, 'CheckMethod') ?? OID_SM3;
    const valueRef = textOf(kid(x, 'SignedValue'));
    if (!valueRef) throw new BidSealError('E_OFD_CORRUPT', `${path}: no SignedValue`);
    r.signedValuePath = resolvePath(path, valueRef);
    const value = pkg.get(r.signedValuePath);
    for (const s of kids(info, 'StampAnnot')) {
      const idx = doc.pages.findIndex((p) => p.id === attr(s, 'PageRef'));
      r.stamps.push({ page: idx >= 0 ? idx : null, boundary: parseBox(attr(s, 'Boundary')) ?? null });
    }
    const plain = r.type.toLowerCase() === 'sign';
    if (!plain && r.type.toLowerCase() !== 'seal') throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `signature type ${r.type}`);
    const parsed = plain ? undefined : parseSesSignature(value);
    const cmsCert = plain ? signerOfSignedData(value) : undefined;
    const signerCert = parsed ? (parsed.signerCert.length ? parsed.signerCert : o.signerCerts?.find((c) => parsed.seal?.property.certs.some((k) => bytesEqual(k, c))) ?? o.signerCerts?.[0]) : (cmsCert ?? o.signerCerts?.[0]);
    const digest = digestFor(r.checkMethod);
    const signerKey = signerCert ? certFields(signerCert).publicKey : undefined;
    for (const ref of kids(refsEl, 'Reference')) {
      const fileRef = attr(ref, 'FileRef') ?? '';
      // relative to Signature.xml as the standard reads; some writers mean the package root
      let p = resolvePath(path, fileRef);
      if (!pkg.has(p) && !fileRef.startsWith('/') && pkg.has(resolvePath('OFD.xml', fileRef))) p = resolvePath('OFD.xml', fileRef);
      if (!digest) {
        r.references.push({ path: p, ok: false, problem: 'unsupported-check-method' });
        continue;
      }
      if (!pkg.has(p)) {
        r.references.push({ path: p, ok: false, problem: 'missing' });
        continue;
      }
      const want = base64ToBytes(textOf(kid(ref, 'CheckValue')).replace(/\s+/g, ''));
      const got = digest(pkg.get(p), signerKey);
      r.references.push(got && bytesEqual(got, want) ? { path: p, ok: true } : { path: p, ok: false, problem: got ? 'digest-mismatch' : 'unsupported-check-method' });
    }
    if (!parsed) {
      r.cms = await verifyPlain(value, sigXmlBytes, signerCert, o);
      r.intact = r.references.length > 0 && r.references.every((q) => q.ok) && r.cms.intact;
      r.trusted = r.intact && r.cms.trusted;
      return r;
    }
    r.ses = await verifySes(parsed, {
      dataHash: (name) => getDigest(name).digest(sigXmlBytes),
      ...(signerCert ? { signerCert } : {}),
      ...(o.anchors ? { anchors: o.anchors } : {}),
      ...(o.intermediates ? { intermediates: o.intermediates } : {}),
      ...(o.tsaAnchors ? { tsaAnchors: o.tsaAnchors } : {}),
    });
    r.intact = r.references.length > 0 && r.references.every((q) => q.ok) && r.ses.intact;
    r.trusted = r.intact && r.ses.trusted;
  } catch (e) {
    const err = isBidSealError(e) ? e : new BidSealError('E_OFD_CORRUPT', (e as Error).message);
    r.error = { code: err.code, message: err.message };
  }
  return r;
}

/** The certificate a SignedData carries for its first signer, if the value is a SignedData at all. */
function signerOfSignedData(value: Uint8Array): Uint8Array | undefined {
  try {
    return parseSignedData(value).certificates[0];
  } catch {
    return undefined;
  }
}

/** A plain signature over Signature.xml: a SignedData (detached, or with Signature.xml inside), else a bare SM2 value. */
async function verifyPlain(value: Uint8Array, sigXml: Uint8Array, signerCert: Uint8Array | undefined, o: OfdVerifyOptions): Promise<OfdPlainVerdict> {
  const problems: OfdPlainVerdict['problems'] = [];
  let v: OfdPlainVerdict;
  let sd: SignerVerification | undefined;
  let isSignedData = true;
  try {
    parseSignedData(value);
  } catch {
    isSignedData = false;
  }
  if (isSignedData) {
    const embedded = !!parseSignedData(value).eContent;
    sd = (await verifySignedData(value, embedded ? undefined : sigXml, { sm2LenientId: true }))[0];
    if (embedded && sd && !bytesEqual(parseSignedData(value).eContent!, sigXml)) problems.push({ code: 'content-mismatch', message: 'the SignedData encapsulates other content than Signature.xml' });
    if (!sd) problems.push({ code: 'no-signer', message: 'the SignedData has no signer' });
    else if (!sd.intact) problems.push({ code: sd.error?.code ?? 'bad-signature', message: sd.error?.message ?? (sd.digestMatches ? 'the signature does not verify' : 'the digest of Signature.xml does not match') });
    v = { form: 'signed-data', intact: false, trusted: false, problems, ...(sd?.signingTime ? { time: sd.signingTime } : {}) };
    signerCert = sd?.certificate ?? signerCert;
  } else {
    v = { form: 'raw', intact: false, trusted: false, problems };
    if (!signerCert) problems.push({ code: 'no-signer-cert', message: 'a bare signature value needs the signer certificate (ofd verify --cert)' });
    else {
      let ok: boolean;
      try {
        ok = sm2.verify(value, sigXml, certFields(signerCert).publicKey);
      } catch {
        ok = false; // not an SM2 key, or not a signature value
      }
      if (!ok) problems.push({ code: 'bad-signature', message: 'the signature value does not verify over Signature.xml' });
    }
  }
  v.intact = problems.length === 0;
  if (signerCert) {
    const c = parseCertificate(signerCert);
    v.signer = { subject: c.subject.text, serial: c.serialNumber };
    v.signerPath = await validatePath(c, [...(o.intermediates ?? [])], [...(o.anchors ?? [])], { at: v.time ?? new Date(), sm2IdPolicy: 'lenient' });
    v.trusted = v.intact && (v.signerPath.status === 'valid' || v.signerPath.status === 'revocation-unknown');
  }
  return v;
}

/** Verifies every signature of every document. Never throws for a bad signature; a corrupt container throws. */
export async function verifyOfd(pkg: OfdPackage, o: OfdVerifyOptions = {}): Promise<OfdVerifyReport> {
  const docs = readStructure(pkg);
  const signatures: OfdSignatureReport[] = [];
  const lists = new Set<string>();
  const sigFiles = new Set<string>();
  for (const doc of docs) {
    if (!doc.signatures || !pkg.has(doc.signatures)) continue;
    lists.add(doc.signatures);
    const list = parseXml(pkg.get(doc.signatures), doc.signatures);
    for (const el of kids(list, 'Signature')) {
      const rep = await verifyOne(pkg, doc, doc.signatures, el, o);
      signatures.push(rep);
      sigFiles.add(rep.path);
      if (rep.signedValuePath) sigFiles.add(rep.signedValuePath);
    }
  }
  const covered = new Set(signatures.flatMap((s) => s.references.map((r) => r.path)));
  // the last signature's own files are protected by its SES_Signature; every other part must be referenced
  const unprotected = signatures.length ? [...pkg.files.keys()].filter((k) => !lists.has(k) && !covered.has(k) && !sigFiles.has(k)) : [];
  return { signatures, unprotected, ok: signatures.length > 0 && signatures.every((s) => s.intact) && unprotected.length === 0 };
}
