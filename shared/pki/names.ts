// Runs anywhere (pure). X.501 Distinguished Names as ordered RDNs with readable attribute names and
// properly decoded strings (UTF8String, PrintableString, BMPString for Chinese names, …), plus name
// comparison per RFC 5280 §7.1 (simplified: case-folded, whitespace-collapsed string values).
import { bad, children, oidToString, readTlv, toHex, type Tlv } from '../asn1';

export interface NameAttribute {
  /** short name when known ('CN', 'O', 'organizationIdentifier', …), otherwise the OID */
  type: string;
  oid: string;
  value: string;
  /** ASN.1 string type as written: 'UTF8String', 'PrintableString', 'BMPString', … */
  encoding: string;
}

export interface DistinguishedName {
  /** RDNs in encoded order (most significant first, usually C … CN) */
  rdns: NameAttribute[][];
  /** OpenSSL-like one-line form, e.g. "C=CN, O=某某公司, CN=张三" */
  text: string;
  /** exact DER of the Name, for byte comparison */
  der: Uint8Array;
}

const ATTR: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.45': 'x500UniqueIdentifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

export const attributeName = (oid: string): string => ATTR[oid] ?? oid;

const STRING_TYPES: Record<number, string> = {
  0x0c: 'UTF8String',
  0x13: 'PrintableString',
  0x14: 'TeletexString',
  0x16: 'IA5String',
  0x1a: 'VisibleString',
  0x1c: 'UniversalString',
  0x1e: 'BMPString',
  0x12: 'NumericString',
};

/** Decodes an ASN.1 string element to text; non-string values come back as '#' + hex (RFC 4514 §2.4). */
export function decodeString(t: Tlv): { value: string; encoding: string } {
  const encoding = STRING_TYPES[t.tag];
  if (!encoding) return { value: '#' + toHex(t.raw), encoding: `tag 0x${t.tag.toString(16)}` };
  const v = t.v;
  switch (t.tag) {
    case 0x0c:
      return { value: new TextDecoder('utf-8').decode(v), encoding };
    case 0x1e: {
      if (v.length % 2) bad('BMPString: odd length');
      let s = '';
      for (let i = 0; i < v.length; i += 2) s += String.fromCharCode((v[i] << 8) | v[i + 1]);
      return { value: s, encoding };
    }
    case 0x1c: {
      if (v.length % 4) bad('UniversalString: length not a multiple of 4');
      let s = '';
      for (let i = 0; i < v.length; i += 4) s += String.fromCodePoint(((v[i] << 24) | (v[i + 1] << 16) | (v[i + 2] << 8) | v[i + 3]) >>> 0);
      return { value: s, encoding };
    }
    case 0x14: {
      // T.61 in theory; in practice writers put Latin-1 or (Chinese stacks) UTF-8 here
      try {
        return { value: new TextDecoder('utf-8', { fatal: true }).decode(v), encoding };
      } catch {
        return { value: String.fromCharCode(...v), encoding };
      }
    }
    default:
      return { value: String.fromCharCode(...v), encoding };
  }
}

const escapeRdn = (s: string): string => s.replace(/([,+"\\<>;])/g, '\\$1');

/** Parses a Name (the full TLV: SEQUENCE OF SET OF AttributeTypeAndValue). */
export function parseName(t: Tlv): DistinguishedName {
  if (t.tag !== 0x30) bad('Name: expected a SEQUENCE');
  const rdns: NameAttribute[][] = [];
  for (const set of children(t.v)) {
    if (set.tag !== 0x31) bad('Name: expected a SET');
    const rdn: NameAttribute[] = [];
    for (const atv of children(set.v)) {
      if (atv.tag !== 0x30) bad('Name: expected AttributeTypeAndValue');
      const [type, value] = children(atv.v);
      if (!type || type.tag !== 0x06 || !value) bad('Name: malformed AttributeTypeAndValue');
      const oid = oidToString(type.v);
      rdn.push({ type: attributeName(oid), oid, ...decodeString(value) });
    }
    rdns.push(rdn);
  }
  const text = rdns.map((r) => r.map((a) => `${a.type}=${escapeRdn(a.value)}`).join(' + ')).join(', ');
  return { rdns, text, der: t.raw.slice() };
}

export function parseNameDer(der: Uint8Array): DistinguishedName {
  return parseName(readTlv(der));
}

/** All values of one attribute (by short name or OID), in order. */
export function nameValues(dn: DistinguishedName, type: string): string[] {
  return dn.rdns.flat().filter((a) => a.type === type || a.oid === type).map((a) => a.value);
}

const fold = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** One RDN equals another: same attribute types, values equal after case/space folding (any order). */
export function rdnEqual(rdn: NameAttribute[], other: NameAttribute[]): boolean {
  if (rdn.length !== other.length) return false;
  const key = (x: NameAttribute) => `${x.oid}=${fold(x.value)}`;
  const bs = new Set(other.map(key));
  return rdn.every((x) => bs.has(key(x)));
}

/** Name equality (RFC 5280 §7.1): same RDN structure, same types, values equal after case/space folding. */
export function namesEqual(a: DistinguishedName, b: DistinguishedName): boolean {
  if (a.der.length === b.der.length && a.der.every((x, i) => x === b.der[i])) return true;
  if (a.rdns.length !== b.rdns.length) return false;
  return a.rdns.every((rdn, i) => rdnEqual(rdn, b.rdns[i]));
}
