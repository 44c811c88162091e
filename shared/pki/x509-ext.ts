// Runs anywhere (pure). The certificate and CRL extensions that path validation (RFC 5280 §6) needs beyond the
// summary of ./certificate.ts: general names, certificate policies, policy mappings and constraints,
// inhibitAnyPolicy, name constraints, CRL distribution points, issuing distribution point, plus the exact
// serial-number bytes. Read from the exact TBS bytes with our DER reader; cached per parsed object.
import { seq, tlv, bad, children, oidToString, readTlv, toHex, type Tlv } from '../asn1';
import { parseName, type DistinguishedName } from './names';
import type { CertificateSummary } from './certificate';

export interface RawExtension {
  id: string;
  critical: boolean;
  value: Uint8Array;
}

export type GeneralName =
  | { type: 'rfc822' | 'dns' | 'uri'; value: string }
  | { type: 'ip'; bytes: Uint8Array }
  | { type: 'dn'; dn: DistinguishedName }
  | { type: 'other'; tag: number; raw: Uint8Array };

export interface PolicyInfo {
  oid: string;
  /** DER of the policyQualifiers, when present */
  qualifiers?: Uint8Array;
}

export interface GeneralSubtree {
  base: GeneralName;
}

export interface NameConstraints {
  permitted?: GeneralSubtree[];
  excluded?: GeneralSubtree[];
}

/** Reason flags as a bit mask of RFC 5280 §5.3.1 CRLReason codes 1…8 (bit i = ReasonFlags bit i). */
export type ReasonMask = number;
export const ALL_REASONS: ReasonMask = 0x1fe; // keyCompromise … aACompromise (bits 1-8); bit 0 'unused'

export interface DistributionPoint {
  /** fullName, or the name relative to the CRL issuer made absolute */
  names?: GeneralName[];
  /** the nameRelativeToCRLIssuer RDN before it is made absolute (certificates: issuer known only later) */
  relative?: Uint8Array;
  reasons?: ReasonMask;
  crlIssuer?: GeneralName[];
}

export interface IssuingDistributionPoint {
  names?: GeneralName[];
  relative?: Uint8Array;
  onlyUser: boolean;
  onlyCa: boolean;
  onlySomeReasons?: ReasonMask;
  indirect: boolean;
  onlyAttribute: boolean;
}

export interface CertExtensions {
  all: RawExtension[];
  /** INTEGER content bytes exactly as encoded (two's complement): 00 FF and FF are different serials */
  serialBytes: string;
  policies: PolicyInfo[] | null;
  policyMappings: Array<{ issuer: string; subject: string }> | null;
  policyConstraints: { requireExplicit?: number; inhibitMapping?: number } | null;
  inhibitAnyPolicy: number | null;
  nameConstraints: NameConstraints | null;
  subjectAltName: GeneralName[] | null;
  crlDistributionPoints: DistributionPoint[] | null;
  freshestCrl: DistributionPoint[] | null;
}

export const EXT_ID = {
  subjectAltName: '2.5.29.17',
  policies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  freshestCrl: '2.5.29.46',
  issuingDistributionPoint: '2.5.29.28',
  deltaCrlIndicator: '2.5.29.27',
  certificateIssuer: '2.5.29.29',
  crlNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  authorityKeyId: '2.5.29.35',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

/** Extensions of a certificate or CRL: the content of the [3] / [0] wrapper (a SEQUENCE OF Extension). */
export function readExtensions(wrapper: Tlv | undefined): RawExtension[] {
  if (!wrapper) return [];
  const list = readTlv(wrapper.v);
  if (list.tag !== 0x30) bad('extensions: expected a SEQUENCE');
  return children(list.v).map((e) => {
    const f = children(e.v);
    if (e.tag !== 0x30 || f[0]?.tag !== 0x06) bad('extension: malformed');
    const critical = f.length === 3 && f[1].tag === 0x01 && f[1].v[0] !== 0;
    const val = f[f.length - 1];
    if (val?.tag !== 0x04 || f.length > 3) bad('extension: malformed');
    return { id: oidToString(f[0].v), critical, value: val.v };
  });
}

const ascii = (v: Uint8Array): string => String.fromCharCode(...v);

export function parseGeneralName(t: Tlv): GeneralName {
  switch (t.tag) {
    case 0x81:
      return { type: 'rfc822', value: ascii(t.v) };
    case 0x82:
      return { type: 'dns', value: ascii(t.v) };
    case 0x86:
      return { type: 'uri', value: ascii(t.v) };
    case 0x87:
      return { type: 'ip', bytes: t.v.slice() };
    case 0xa4:
      return { type: 'dn', dn: parseName(readTlv(t.v)) };
    default:
      return { type: 'other', tag: t.tag, raw: t.raw.slice() };
  }
}

export const parseGeneralNames = (content: Uint8Array): GeneralName[] => children(content).map(parseGeneralName);

function reasonBits(t: Tlv): ReasonMask {
  let out = 0;
  for (let i = 0; i < 16; i++) {
    const byte = t.v[1 + (i >> 3)];
    if (byte !== undefined && (byte >> (7 - (i & 7))) & 1) out |= 1 << i;
  }
  return out;
}

/** The absolute Name of a nameRelativeToCRLIssuer: the CRL issuer's RDNs followed by the relative RDN. */
export function absoluteName(issuer: DistinguishedName, rdnImplicit: Uint8Array): GeneralName {
  const rdns = children(readTlv(issuer.der).v).map((r) => r.raw);
  const set = tlv(0x31, readTlv(rdnImplicit).v);
  return { type: 'dn', dn: parseName(readTlv(seq(...rdns, set))) };
}

function parseDpName(t: Tlv): { names?: GeneralName[]; relative?: Uint8Array } {
  const inner = readTlv(t.v);
  if (inner.tag === 0xa0) return { names: parseGeneralNames(inner.v) };
  if (inner.tag === 0xa1) return { relative: inner.raw.slice() };
  return bad('DistributionPointName: unknown choice');
}

export function parseDistributionPoints(value: Uint8Array): DistributionPoint[] {
  return children(readTlv(value).v).map((dp) => {
    const out: DistributionPoint = {};
    for (const f of children(dp.v)) {
      if (f.tag === 0xa0) Object.assign(out, parseDpName(f));
      else if (f.tag === 0x81) out.reasons = reasonBits(f);
      else if (f.tag === 0xa2) out.crlIssuer = parseGeneralNames(f.v);
    }
    return out;
  });
}

export function parseIssuingDistributionPoint(value: Uint8Array): IssuingDistributionPoint {
  const out: IssuingDistributionPoint = { onlyUser: false, onlyCa: false, indirect: false, onlyAttribute: false };
  for (const f of children(readTlv(value).v)) {
    const on = f.v[0] !== 0;
    if (f.tag === 0xa0) Object.assign(out, parseDpName(f));
    else if (f.tag === 0x81) out.onlyUser = on;
    else if (f.tag === 0x82) out.onlyCa = on;
    else if (f.tag === 0x83) out.onlySomeReasons = reasonBits(f);
    else if (f.tag === 0x84) out.indirect = on;
    else if (f.tag === 0x85) out.onlyAttribute = on;
  }
  return out;
}

function smallInt(v: Uint8Array): number {
  if (v.length > 4 || (v[0] ?? 0) & 0x80) bad('INTEGER out of range');
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

function parseSubtrees(content: Uint8Array): GeneralSubtree[] {
  return children(content).map((st) => {
    const f = children(st.v);
    if (!f[0]) bad('GeneralSubtree: empty');
    return { base: parseGeneralName(f[0]) };
  });
}

const cache = new WeakMap<object, CertExtensions>();

/** The path-validation view of a certificate's extensions (E_BAD_ENCODING when one is malformed). */
export function certExtensions(c: CertificateSummary): CertExtensions {
  let out = cache.get(c);
  if (out) return out;
  const tf = children(readTlv(c.tbs).v);
  const k = tf[0]?.tag === 0xa0 ? 1 : 0;
  const all = readExtensions(tf.find((t, i) => i > k + 5 && t.tag === 0xa3));
  out = {
    all,
    serialBytes: toHex(tf[k].v).toUpperCase(),
    policies: null,
    policyMappings: null,
    policyConstraints: null,
    inhibitAnyPolicy: null,
    nameConstraints: null,
    subjectAltName: null,
    crlDistributionPoints: null,
    freshestCrl: null,
  };
  for (const x of all) {
    const top = readTlv(x.value);
    switch (x.id) {
      case EXT_ID.policies:
        out.policies = children(top.v).map((pi) => {
          const [o, q] = children(pi.v);
          if (o?.tag !== 0x06) bad('PolicyInformation: missing OID');
          return q ? { oid: oidToString(o.v), qualifiers: q.raw.slice() } : { oid: oidToString(o.v) };
        });
        break;
      case EXT_ID.policyMappings:
        out.policyMappings = children(top.v).map((m) => {
          const [a, b] = children(m.v);
          if (a?.tag !== 0x06 || b?.tag !== 0x06) bad('PolicyMappings: malformed');
          return { issuer: oidToString(a.v), subject: oidToString(b.v) };
        });
        break;
      case EXT_ID.policyConstraints: {
        const pc: { requireExplicit?: number; inhibitMapping?: number } = {};
        for (const f of children(top.v)) {
          if (f.tag === 0x80) pc.requireExplicit = smallInt(f.v);
          else if (f.tag === 0x81) pc.inhibitMapping = smallInt(f.v);
        }
        out.policyConstraints = pc;
        break;
      }
      case EXT_ID.inhibitAnyPolicy:
        if (top.tag !== 0x02) bad('InhibitAnyPolicy: expected an INTEGER');
        out.inhibitAnyPolicy = smallInt(top.v);
        break;
      case EXT_ID.nameConstraints: {
        const nc: NameConstraints = {};
        for (const f of children(top.v)) {
          if (f.tag === 0xa0) nc.permitted = parseSubtrees(f.v);
          else if (f.tag === 0xa1) nc.excluded = parseSubtrees(f.v);
        }
        out.nameConstraints = nc;
        break;
      }
      case EXT_ID.subjectAltName:
        out.subjectAltName = parseGeneralNames(top.v);
        break;
      case EXT_ID.crlDistributionPoints:
        out.crlDistributionPoints = parseDistributionPoints(x.value);
        break;
      case EXT_ID.freshestCrl:
        out.freshestCrl = parseDistributionPoints(x.value);
        break;
    }
  }
  cache.set(c, out);
  return out;
}

/** INTEGER content → unsigned-safe bigint (CRL numbers). */
export function bigIntOf(v: Uint8Array): bigint {
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  if (v.length && v[0] & 0x80) n -= 1n << BigInt(8 * v.length);
  return n;
}
