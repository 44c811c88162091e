// Runs anywhere (pure). X.509 v1/v2 CRL parsing (RFC 5280 §5): issuer, thisUpdate/nextUpdate, revoked
// serials with dates and reasons, AKI and CRL number, plus the exact TBSCertList bytes for signature checks.
// Structure by our DER reader (exact bytes); extension values decoded with @peculiar/asn1-x509.
import { AsnConvert } from '@peculiar/asn1-schema';
import { AuthorityKeyIdentifier } from '@peculiar/asn1-x509';
import { bad, children, parseAs, readTlv, splitDerOrPem, toHex, u8, uintHex } from '../asn1';
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
  const revoked: RevokedEntry[] = [];
  let entryIssuer: GeneralName[] | undefined;
  if (f[p]?.tag === 0x30) {
    for (const e of children(f[p++].v)) {
      const [sn, date, exts] = children(e.v);
      if (!sn || sn.tag !== 0x02 || !date) bad('CRL: malformed revoked entry');
      const entry: RevokedEntry = { serialNumber: uintHex(sn.v), serialBytes: toHex(sn.v).toUpperCase(), revocationDate: parseTime(date) };
      // entry extensions are a bare SEQUENCE OF Extension: wrap to reuse the reader
      for (const x of exts ? readExtensions({ tag: 0xa0, v: exts.raw, raw: exts.raw }) : []) {
        if (x.id === EXT_ID.reasonCode) {
          // tolerate malformed reason codes (seen in the wild: a bare 0x00 instead of an ENUMERATED)
          const v = x.value;
          const code = v.length === 3 && v[0] === 0x0a && v[1] === 1 ? v[2] : undefined;
          if (code !== undefined) entry.reason = REASONS[code] ?? `reason ${code}`;
        } else if (x.id === EXT_ID.certificateIssuer) entryIssuer = parseGeneralNames(readTlv(x.value).v);
        else if (x.id === EXT_ID.invalidityDate) entry.invalidityDate = parseTime(readTlv(x.value));
        if (x.critical && !HANDLED_ENTRY_EXTENSIONS.has(x.id)) (entry.unknownCritical ??= []).push(x.id);
      }
      if (entryIssuer) entry.certificateIssuer = entryIssuer;
      revoked.push(entry);
    }
  }
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
