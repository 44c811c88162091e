// Runs anywhere (pure). The DER writer (X.690 §10: definite lengths in their shortest form, SET OF sorted
// by encoding) and the header pieces of streamed BER (indefinite lengths, end-of-contents). Hand-written:
// signed attributes and key structures must be encoded byte-exactly once and reused for hashing and
// embedding, and a multi-GiB envelope is written header by header around streamed content; schema
// serializers (@peculiar/asn1-schema) re-encode whole objects in memory.
import { bytesToBigint, concat, compareBytes } from './bytes';
import { oidContent } from './oid';

export type Der = Uint8Array;
type Out = Uint8Array<ArrayBuffer>;

/** Identifier + definite length for `len` content bytes. */
export function header(tag: number, len: number): Out {
  if (!Number.isSafeInteger(len) || len < 0) throw new RangeError(`DER: bad length ${String(len)}`);
  if (len < 0x80) return Uint8Array.of(tag, len);
  const b: number[] = [];
  for (let x = len; x > 0; x = Math.floor(x / 256)) b.unshift(x % 256);
  return Uint8Array.of(tag, 0x80 | b.length, ...b);
}

/** End-of-contents, closing an indefinite-length encoding. */
export const EOC = Uint8Array.of(0, 0);

/** Identifier + indefinite length (BER; constructed encodings only). */
export const indefinite = (tag: number): Out => Uint8Array.of(tag | 0x20, 0x80);

/** One element: tag, length, and the parts as content. */
export function tlv(tag: number, ...parts: Uint8Array[]): Out {
  let len = 0;
  for (const p of parts) len += p.length;
  return concat([header(tag, len), ...parts]);
}

export const seq = (...items: Uint8Array[]): Out => tlv(0x30, ...items);
/** SET OF in DER order (elements sorted as octet strings, X.690 §11.6). */
export const setOf = (...items: Uint8Array[]): Out => tlv(0x31, ...[...items].sort(compareBytes));
/** SET with its elements in the order given (a SET of one, or a structure that fixes the order). */
export const set = (...items: Uint8Array[]): Out => tlv(0x31, ...items);
export const octets = (b: Uint8Array): Out => tlv(0x04, b);
export const nullDer = (): Out => Uint8Array.of(0x05, 0x00);
export const boolean = (v: boolean): Out => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
/** [n] EXPLICIT (constructed context tag around the parts). */
export const explicit = (n: number, ...inner: Uint8Array[]): Out => tlv(0xa0 | n, ...inner);
/** [n] IMPLICIT over a constructed element: retag its first byte. */
export const implicitConstructed = (n: number, el: Uint8Array): Out => {
  const c = Uint8Array.from(el); // a copy even for a Node Buffer (whose slice() is a view)
  c[0] = 0xa0 | n;
  return c;
};

/** BIT STRING with no unused bits (signatures, keys, hashes). */
export const bitString = (b: Uint8Array): Out => tlv(0x03, Uint8Array.of(0), b);
export const ia5String = (s: string): Out => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) throw new RangeError('IA5String: ASCII only');
  return tlv(0x16, new TextEncoder().encode(s));
};
export const utf8String = (s: string): Out => tlv(0x0c, new TextEncoder().encode(s));
/** BMPString (UTF-16BE; PKCS#12 friendly names and passwords). */
export function bmpString(s: string): Out {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) >> 8;
    out[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return tlv(0x1e, out);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const hhmmss = (d: Date): string => pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()) + pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + pad(d.getUTCSeconds()) + 'Z';
/** GeneralizedTime YYYYMMDDHHMMSSZ (X.690 §11.7: UTC, no fractional zeros) for any year. */
export const generalizedTime = (d: Date): Out => tlv(0x18, new TextEncoder().encode(pad(d.getUTCFullYear(), 4) + hhmmss(d)));
/** UTCTime YYMMDDHHMMSSZ (1950–2049 only). */
export function utcTime(d: Date): Out {
  const y = d.getUTCFullYear();
  if (y < 1950 || y >= 2050) throw new RangeError('UTCTime covers 1950–2049');
  return tlv(0x17, new TextEncoder().encode(pad(y % 100) + hhmmss(d)));
}
/** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3, RFC 5280 §4.1.2.5). */
export function time(d: Date): Out {
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050 ? utcTime(d) : tlv(0x18, new TextEncoder().encode(String(y) + hhmmss(d)));
}

/** A non-negative INTEGER (versions, serials, RSA components, signature r and s). */
export function integer(v: number | bigint): Out {
  let x = BigInt(v);
  if (x < 0n) throw new RangeError('DER: negative INTEGERs are not written here');
  const b: number[] = [];
  if (x === 0n) b.push(0);
  while (x > 0n) {
    b.unshift(Number(x & 0xffn));
    x >>= 8n;
  }
  if (b[0] & 0x80) b.unshift(0);
  return tlv(0x02, Uint8Array.from(b));
}

/** A non-negative INTEGER from unsigned big-endian bytes (leading zeros dropped, a sign byte added as needed). */
export const uintFromBytes = (bytes: Uint8Array): Out => integer(bytesToBigint(bytes));

export const oid = (s: string): Out => tlv(0x06, oidContent(s));
