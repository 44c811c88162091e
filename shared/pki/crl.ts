// Runs anywhere (pure). X.509 v1/v2 CRL parsing (RFC 5280 §5): issuer, thisUpdate/nextUpdate, revoked
// serials with dates and reasons, AKI and CRL number, plus the exact TBSCertList bytes for signature checks.
// Structure by our DER reader (exact bytes); extension values decoded with @peculiar/asn1-x509.
import { AsnConvert } from '@peculiar/asn1-schema';
import { AuthorityKeyIdentifier, CertificateList } from '@peculiar/asn1-x509';
import { BidSealError, isBidSealError } from '../errors';
import { bad, children, oidToString, readTlv, splitDerOrPem, toHex, u8, type Tlv } from './der';
import { parseName, type DistinguishedName } from './names';
import { parseAlgorithmIdentifier, parseTime, type SignatureAlgorithmInfo } from './certificate';

export interface RevokedEntry {
  /** uppercase hex, same form as CertificateSummary.serialNumber */
  serialNumber: string;
  revocationDate: Date;
  /** CRLReason name when present ('keyCompromise', 'removeFromCRL', …) */
  reason?: string;
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
}

const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unused', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

const intHex = (v: Uint8Array): string => {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return toHex(v.subarray(i)).toUpperCase();
};

function extensionsOf(t: Tlv | undefined): Array<{ id: string; critical: boolean; value: Uint8Array }> {
  if (!t) return [];
  const seq = readTlv(t.v);
  return children(seq.v).map((e) => {
    const f = children(e.v);
    const critical = f.length === 3 && f[1].tag === 0x01 && f[1].v[0] !== 0;
    const val = f[f.length - 1];
    if (f[0]?.tag !== 0x06 || val?.tag !== 0x04) bad('CRL: malformed extension');
    return { id: oidToString(f[0].v), critical, value: val.v };
  });
}

function parseInner(input: Uint8Array): CrlSummary {
  const top = readTlv(input);
  if (top.tag !== 0x30 || top.raw.length !== input.length) bad('CRL: expected one SEQUENCE');
  const der = top.raw.slice();
  AsnConvert.parse(der, CertificateList); // schema check
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
  if (f[p]?.tag === 0x30) {
    for (const e of children(f[p++].v)) {
      const [sn, date, exts] = children(e.v);
      if (!sn || sn.tag !== 0x02 || !date) bad('CRL: malformed revoked entry');
      const entry: RevokedEntry = { serialNumber: intHex(sn.v), revocationDate: parseTime(date) };
      if (exts) {
        for (const x of children(exts.v)) {
          const xf = children(x.v);
          if (xf[0]?.tag === 0x06 && oidToString(xf[0].v) === '2.5.29.21') {
            // tolerate malformed reason codes (seen in the wild: a bare 0x00 instead of an ENUMERATED)
            const v = xf[xf.length - 1].v;
            const code = v.length === 3 && v[0] === 0x0a && v[1] === 1 ? v[2] : undefined;
            if (code !== undefined) entry.reason = REASONS[code] ?? `reason ${code}`;
          }
        }
      }
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
  for (const x of extensionsOf(f[p]?.tag === 0xa0 ? f[p] : undefined)) {
    if (x.critical) out.criticalExtensions.push(x.id);
    if (x.id === '2.5.29.20') out.crlNumber = intHex(readTlv(x.value).v);
    if (x.id === '2.5.29.35') {
      const aki = AsnConvert.parse(x.value, AuthorityKeyIdentifier);
      if (aki.keyIdentifier) out.authorityKeyId = toHex(u8(aki.keyIdentifier.buffer)).toUpperCase();
    }
  }
  return out;
}

/** Parses one DER CRL; E_BAD_ENCODING for anything else. */
export function parseCrlDer(der: Uint8Array): CrlSummary {
  try {
    return parseInner(der);
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw new BidSealError('E_BAD_ENCODING', `CRL: ${(e as Error)?.message ?? String(e)}`, undefined, { cause: e });
  }
}

/** Parses every CRL in PEM ("X509 CRL") or DER input. */
export function parseCrls(input: Uint8Array | string): CrlSummary[] {
  return splitDerOrPem(input, /^X509 CRL$/).map(parseCrlDer);
}

export function toCrlSummary(c: CrlSummary | Uint8Array | string): CrlSummary {
  return typeof c === 'object' && !(c instanceof Uint8Array) && 'tbs' in c ? c : parseCrls(c)[0];
}
