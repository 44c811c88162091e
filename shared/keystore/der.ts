// Runs anywhere (pure). A small BER reader and DER writer (X.690) for the key-store formats. PKCS#12 files
// written by Windows, Java and old CA tools use BER (indefinite lengths, constructed OCTET STRINGs), which
// the DER-only readers elsewhere in shared/ reject; every failure here is E_BAD_ENCODING.
import { BidSealError } from '../errors';

export interface Node {
  tag: number;
  constructed: boolean;
  /** content bytes (primitive) or the concatenation of the segments of a constructed OCTET/BIT STRING */
  v: Uint8Array;
  /** children (constructed only) */
  kids: Node[];
  /** the whole element as in the input (for definite lengths; indefinite elements include their EOC) */
  raw: Uint8Array;
}

export const bad = (msg: string): never => {
  throw new BidSealError('E_BAD_ENCODING', msg);
};

const MAX_DEPTH = 64;

function parseAt(buf: Uint8Array, pos: number, depth: number): { node: Node; next: number } {
  if (depth > MAX_DEPTH) bad('ASN.1: nesting too deep');
  const start = pos;
  if (pos + 2 > buf.length) bad('ASN.1: truncated header');
  const tag = buf[pos++];
  if ((tag & 0x1f) === 0x1f) bad('ASN.1: multi-byte tags are not supported');
  const constructed = (tag & 0x20) !== 0;
  let len = buf[pos++];
  let indefinite = false;
  if (len === 0x80) {
    if (!constructed) bad('ASN.1: indefinite length on a primitive value');
    indefinite = true;
  } else if (len & 0x80) {
    const nb = len & 0x7f;
    if (nb > 4) bad('ASN.1: length too long');
    if (pos + nb > buf.length) bad('ASN.1: truncated length');
    len = 0;
    for (let i = 0; i < nb; i++) len = len * 256 + buf[pos++];
  }
  if (!indefinite && pos + len > buf.length) bad('ASN.1: truncated content');
  if (!constructed) {
    const v = buf.subarray(pos, pos + len);
    return { node: { tag, constructed, v, kids: [], raw: buf.subarray(start, pos + len) }, next: pos + len };
  }
  const kids: Node[] = [];
  const end = indefinite ? buf.length : pos + len;
  let p = pos;
  let closed = !indefinite;
  while (p < end) {
    if (indefinite && buf[p] === 0 && p + 1 < buf.length && buf[p + 1] === 0) {
      p += 2;
      closed = true;
      break;
    }
    const { node, next } = parseAt(buf, p, depth + 1);
    if (next > end) bad('ASN.1: child overruns its parent');
    kids.push(node);
    p = next;
  }
  if (!closed) bad('ASN.1: missing end-of-contents');
  const next = indefinite ? p : pos + len;
  // constructed OCTET STRING / BIT STRING (BER): the value is the concatenation of the segments
  let v = buf.subarray(pos, indefinite ? p - 2 : pos + len);
  if (tag === 0x24 || tag === 0x23) {
    const total = kids.reduce((a, k) => a + k.v.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const k of kids) {
      if ((k.tag & 0x1f) !== (tag & 0x1f)) bad('ASN.1: bad segment in a constructed string');
      out.set(k.v, o);
      o += k.v.length;
    }
    v = out;
  }
  return { node: { tag, constructed, v, kids, raw: buf.subarray(start, next) }, next };
}

/** Parses exactly one element filling `buf` (trailing bytes are rejected). */
export function parse(buf: Uint8Array): Node {
  if (!(buf instanceof Uint8Array)) bad('ASN.1: expected bytes');
  const { node, next } = parseAt(buf, 0, 0);
  if (next !== buf.length) bad('ASN.1: trailing data');
  return node;
}

/** Parses one element at the start of `buf`, ignoring what follows (some tools pad files). */
export function parsePrefix(buf: Uint8Array): Node {
  return parseAt(buf, 0, 0).node;
}

/** An OCTET STRING's bytes whether primitive (0x04) or constructed (0x24). */
export function octets(n: Node | undefined, what: string): Uint8Array {
  if (!n || (n.tag !== 0x04 && n.tag !== 0x24)) bad(`${what}: expected an OCTET STRING`);
  return n!.v;
}

export function seq(n: Node | undefined, what: string, min = 0): Node[] {
  if (!n || n.tag !== 0x30) bad(`${what}: expected a SEQUENCE`);
  if (n!.kids.length < min) bad(`${what}: too few fields`);
  return n!.kids;
}

export function oid(n: Node | undefined, what: string): string {
  if (!n || n.tag !== 0x06 || n.v.length === 0) bad(`${what}: expected an OBJECT IDENTIFIER`);
  const parts: number[] = [];
  let acc = 0;
  for (const b of n!.v) {
    acc = acc * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const a = first < 40 ? 0 : first < 80 ? 1 : 2;
  return [a, first - 40 * a, ...parts].join('.');
}

/** A small non-negative INTEGER as a number (iteration counts, versions, key lengths). */
export function int(n: Node | undefined, what: string, max = 0x7fffffff): number {
  if (!n || n.tag !== 0x02 || n.v.length === 0 || n.v.length > 5) bad(`${what}: expected a small INTEGER`);
  if (n!.v[0] & 0x80) bad(`${what}: negative INTEGER`);
  let x = 0;
  for (const b of n!.v) x = x * 256 + b;
  if (x > max) bad(`${what}: value out of range`);
  return x;
}

/** An INTEGER as an unsigned big-endian bigint (RSA components). */
export function bigint(n: Node | undefined, what: string): bigint {
  if (!n || n.tag !== 0x02 || n.v.length === 0) bad(`${what}: expected an INTEGER`);
  if (n!.v[0] & 0x80) bad(`${what}: negative INTEGER`);
  let h = '';
  for (const b of n!.v) h += b.toString(16).padStart(2, '0');
  return BigInt('0x' + h);
}

// ---------------------------------------------------------------------------------------------------
// DER writer
// ---------------------------------------------------------------------------------------------------

function lenBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const b: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) b.unshift(x & 0xff);
  return [0x80 | b.length, ...b];
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const len = parts.reduce((a, p) => a + p.length, 0);
  const hdr = [tag, ...lenBytes(len)];
  const out = new Uint8Array(hdr.length + len);
  out.set(hdr);
  let o = hdr.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
export const SEQ = (...p: Uint8Array[]): Uint8Array<ArrayBuffer> => tlv(0x30, ...p);
export const SET = (...p: Uint8Array[]): Uint8Array<ArrayBuffer> => tlv(0x31, ...p);
export const OCT = (b: Uint8Array): Uint8Array<ArrayBuffer> => tlv(0x04, b);
export const CTX = (n: number, ...p: Uint8Array[]): Uint8Array<ArrayBuffer> => tlv(0xa0 | n, ...p);
export const NULL = (): Uint8Array<ArrayBuffer> => Uint8Array.of(5, 0);

export function INT(x: number | bigint): Uint8Array<ArrayBuffer> {
  let h = BigInt(x).toString(16);
  if (h.length % 2) h = '0' + h;
  const b = h.match(/../g)!.map((p) => parseInt(p, 16));
  if (b[0] & 0x80) b.unshift(0);
  return tlv(0x02, Uint8Array.from(b));
}

export function OID(s: string): Uint8Array<ArrayBuffer> {
  const n = s.split('.').map(Number);
  const out: number[] = [n[0] * 40 + n[1]];
  for (const x of n.slice(2)) {
    const b: number[] = [x & 0x7f];
    for (let y = Math.floor(x / 128); y > 0; y = Math.floor(y / 128)) b.unshift(0x80 | (y & 0x7f));
    out.push(...b);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export function BMP(s: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) >> 8;
    out[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return tlv(0x1e, out);
}

export function decodeBmp(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i] << 8) | v[i + 1]);
  return s;
}

export const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
