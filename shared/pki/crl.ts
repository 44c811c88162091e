// Runs anywhere (pure). X.509 v1/v2 CRL parsing (RFC 5280 §5): issuer, thisUpdate/nextUpdate, revoked
// serials with dates and reasons, AKI and CRL number, plus the exact TBSCertList bytes for signature checks.
// Structure by our DER reader (exact bytes); extension values decoded with @peculiar/asn1-x509.
import { AsnConvert } from '@peculiar/asn1-schema';
import { AuthorityKeyIdentifier } from '@peculiar/asn1-x509';
import { bad, children, hexUpper, parseAs, readHeader, readTimeIn, readTlv, splitDerOrPem, toHex, u8, uintHex } from '../asn1';
import { EXT_ID, bigIntOf, parseDistributionPoints, parseGeneralNames, parseIssuingDistributionPoint, readExtensions, type DistributionPoint, type GeneralName, type IssuingDistributionPoint } from './x509-ext';
import { parseName, type DistinguishedName } from './names';
import { parseAlgorithmIdentifier, parseTime, type SignatureAlgorithmInfo } from './certificate';

export interface RevokedEntry {
  /** uppercase hex, same form as CertificateSummary.serialNumber */
  serialNumber: string;
  revocationDate: Date;
  /** CRLReason name when present ('keyCompromise', 'removeFromCRL', …) */
  reason?: string;
  /** the INTEGER content bytes exactly as encoded (uppercase hex): serials compare as exact byte strings */
  serialBytes: string;
  /** indirect CRLs: the certificate issuer this entry belongs to (certificateIssuer, carried over to the next entries) */
  certificateIssuer?: GeneralName[];
  /** invalidityDate when present */
  invalidityDate?: Date;
  /** critical entry extensions not understood here (the CRL must then not be used) */
  unknownCritical?: string[];
}

export interface CrlSummary {
  der: Uint8Array;
  version: number;
  issuer: DistinguishedName;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: RevokedEntry[];
  crlNumber?: string;
  authorityKeyId?: string;
  signatureAlgorithm: SignatureAlgorithmInfo;
  signatureValue: Uint8Array;
  /** exact DER of TBSCertList */
  tbs: Uint8Array;
  criticalExtensions: string[];
  /** critical entry extensions that path validation does not process, over all entries (found at parse) */
  entryUnknownCritical: string[];
  /** cRLNumber as an integer */
  crlNumberValue?: bigint;
  /** delta CRLs: the BaseCRLNumber of the deltaCRLIndicator extension */
  deltaBase?: bigint;
  issuingDistributionPoint?: IssuingDistributionPoint;
  /** freshestCRL: where the delta CRLs are */
  freshest?: DistributionPoint[];
}

/** CRL extensions processed by path validation (RFC 5280 §5.2) and entry extensions (§5.3). */
export const HANDLED_CRL_EXTENSIONS = new Set<string>([EXT_ID.crlNumber, EXT_ID.authorityKeyId, EXT_ID.deltaCrlIndicator, EXT_ID.issuingDistributionPoint, EXT_ID.freshestCrl]);
const HANDLED_ENTRY_EXTENSIONS = new Set<string>([EXT_ID.reasonCode, EXT_ID.invalidityDate, EXT_ID.certificateIssuer, '2.5.29.23']);

const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unused', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

/** The content of a crlEntryExtensions that holds only a non-critical reasonCode (the common case), less its last byte, the code. */
const REASON_ONLY = Uint8Array.of(0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01);

/**
 * revokedCertificates, walked in place with readHeader: national CAs publish CRLs of 10^5 entries and more,
 * and the general reader's two views and child array per element cost more than the entry itself (GC).
 * An entry must be a SEQUENCE of a non-empty INTEGER, a time and, if present, a SEQUENCE of extensions;
 * elements after those are skipped but must be well-formed, as RFC 5280 leaves room for none.
 */
function readRevoked(b: Uint8Array, unknownCritical: Set<string>): RevokedEntry[] {
  const revoked: RevokedEntry[] = [];
  let entryIssuer: GeneralName[] | undefined;
  for (let off = 0; off < b.length;) {
    const e = readHeader(b, off);
    if (e.tag !== 0x30 || e.start === e.end) bad('CRL: malformed revoked entry');
    const sn = readHeader(b, e.start, e.end);
    if (sn.tag !== 0x02 || sn.start === sn.end || sn.end === e.end) bad('CRL: malformed revoked entry');
    const date = readHeader(b, sn.end, e.end);
    let lead = sn.start;
    while (lead < sn.end - 1 && b[lead] === 0) lead++;
    const serialBytes = hexUpper(b, sn.start, sn.end);
    const serialNumber = lead === sn.start ? serialBytes : serialBytes.slice(2 * (lead - sn.start));
    const entry: RevokedEntry = { serialNumber, serialBytes, revocationDate: readTimeIn(b, date.tag, date.start, date.end) };
    let q = date.end;
    if (q < e.end) {
      const x = readHeader(b, q, e.end);
      if (x.tag !== 0x30) bad('extensions: expected a SEQUENCE');
      if (x.end - x.start === REASON_ONLY.length + 1 && REASON_ONLY.every((v, i) => b[x.start + i] === v)) {
        const code = b[x.end - 1];
        entry.reason = REASONS[code] ?? `reason ${code}`;
      } else {
        // entry extensions are a bare SEQUENCE OF Extension: wrap to reuse the reader
        const raw = b.subarray(q, x.end);
        for (const ext of readExtensions({ tag: 0xa0, v: raw, raw })) {
          if (ext.id === EXT_ID.reasonCode) {
            // tolerate malformed reason codes (seen in the wild: a bare 0x00 instead of an ENUMERATED)
            const v = ext.value;
            const code = v.length === 3 && v[0] === 0x0a && v[1] === 1 ? v[2] : undefined;
            if (code !== undefined) entry.reason = REASONS[code] ?? `reason ${code}`;
          } else if (ext.id === EXT_ID.certificateIssuer) entryIssuer = parseGeneralNames(readTlv(ext.value).v);
          else if (ext.id === EXT_ID.invalidityDate) entry.invalidityDate = parseTime(readTlv(ext.value));
          if (ext.critical && !HANDLED_ENTRY_EXTENSIONS.has(ext.id)) {
            (entry.unknownCritical ??= []).push(ext.id);
            unknownCritical.add(ext.id);
          }
        }
      }
      q = x.end;
      while (q < e.end) q = readHeader(b, q, e.end).end;
    }
    if (entryIssuer) entry.certificateIssuer = entryIssuer;
    revoked.push(entry);
    off = e.end;
  }
  return revoked;
}

function parseInner(input: Uint8Array): CrlSummary {
  const top = readTlv(input);
  if (top.tag !== 0x30 || top.raw.length !== input.length) bad('CRL: expected one SEQUENCE');
  const der = top.raw.slice();
  // no schema pass over the whole list: national CAs publish CRLs of 10^5+ entries (beyond @peculiar's node limit);
  // every element is walked and checked by our DER reader below
  const [tbsT, algT, sigT] = children(top.v);
  if (!tbsT || tbsT.tag !== 0x30 || !algT || !sigT || sigT.tag !== 0x03) bad('CRL: malformed outer structure');
  const f = children(tbsT.v);
  let k = 0;
  let version = 1;
  if (f[0]?.tag === 0x02) {
    version = (f[0].v[0] ?? 0) + 1;
    k = 1;
  }
  const issuer = parseName(f[k + 1]);
  const thisUpdate = parseTime(f[k + 2]);
  let p = k + 3;
  let nextUpdate: Date | undefined;
  if (f[p] && (f[p].tag === 0x17 || f[p].tag === 0x18)) nextUpdate = parseTime(f[p++]);
  const entryUnknown = new Set<string>();
  const revoked = f[p]?.tag === 0x30 ? readRevoked(f[p++].v, entryUnknown) : [];
  const out: CrlSummary = {
    der,
    version,
    issuer,
    thisUpdate,
    nextUpdate,
    revoked,
    signatureAlgorithm: parseAlgorithmIdentifier(algT),
    signatureValue: sigT.v.slice(1),
    tbs: tbsT.raw.slice(),
    criticalExtensions: [],
    entryUnknownCritical: [...entryUnknown],
  };
  for (const x of readExtensions(f[p]?.tag === 0xa0 ? f[p] : undefined)) {
    if (x.critical) out.criticalExtensions.push(x.id);
    if (x.id === EXT_ID.crlNumber) {
      out.crlNumber = uintHex(readTlv(x.value).v);
      out.crlNumberValue = bigIntOf(readTlv(x.value).v);
    }
    if (x.id === EXT_ID.deltaCrlIndicator) out.deltaBase = bigIntOf(readTlv(x.value).v);
    if (x.id === EXT_ID.issuingDistributionPoint) out.issuingDistributionPoint = parseIssuingDistributionPoint(x.value);
    if (x.id === EXT_ID.freshestCrl) out.freshest = parseDistributionPoints(x.value);
    if (x.id === '2.5.29.35') {
      const aki = AsnConvert.parse(x.value, AuthorityKeyIdentifier);
      if (aki.keyIdentifier) out.authorityKeyId = toHex(u8(aki.keyIdentifier.buffer)).toUpperCase();
    }
  }
  return out;
}

/** Parses one DER CRL; E_BAD_ENCODING for anything else. */
export function parseCrlDer(der: Uint8Array): CrlSummary {
  return parseAs('CRL', () => parseInner(der));
}

/** Parses every CRL in PEM ("X509 CRL") or DER input. */
export function parseCrls(input: Uint8Array | string): CrlSummary[] {
  return splitDerOrPem(input, /^X509 CRL$/).map(parseCrlDer);
}

export function toCrlSummary(c: CrlSummary | Uint8Array | string): CrlSummary {
  return typeof c === 'object' && !(c instanceof Uint8Array) && 'tbs' in c ? c : parseCrls(c)[0];
}
