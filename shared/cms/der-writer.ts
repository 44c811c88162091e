// Runs anywhere (pure). A tiny DER encoder (X.690 §10: definite lengths, SET OF sorted by encoding) for the
// CMS structures we build. Hand-written: the signed attributes must be encoded byte-exactly once and
// reused for hashing and embedding; schema serializers re-encode and are hard to pin down.
export type Der = Uint8Array;

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const b: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) b.unshift(x & 0xff);
  return [0x80 | b.length, ...b];
}

export function tlv(tag: number, content: Uint8Array): Der {
  return concat([Uint8Array.from([tag, ...lengthBytes(content.length)]), content]);
}
export const seq = (...items: Der[]): Der => tlv(0x30, concat(items));
/** SET OF in DER order (elements sorted as octet strings, X.690 §11.6). */
export const setOf = (...items: Der[]): Der => tlv(0x31, concat([...items].sort(compareBytes)));
export const octets = (b: Uint8Array): Der => tlv(0x04, b);
export const nullDer = (): Der => Uint8Array.of(0x05, 0x00);
export const boolean = (v: boolean): Der => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);
/** [n] IMPLICIT over a constructed element: retag its first byte. */
export const implicitConstructed = (n: number, el: Der): Der => {
  const c = Uint8Array.from(el); // a copy even for a Node Buffer (whose slice() is a view)
  c[0] = 0xa0 | n;
  return c;
};

/** BIT STRING with no unused bits (signatures, hashes). */
export const bitString = (b: Uint8Array): Der => tlv(0x03, concat([Uint8Array.of(0), b]));
export const ia5String = (s: string): Der => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) throw new RangeError('IA5String: ASCII only');
  return tlv(0x16, new TextEncoder().encode(s));
};
export const utf8String = (s: string): Der => tlv(0x0c, new TextEncoder().encode(s));
/** GeneralizedTime YYYYMMDDHHMMSSZ (X.690 §11.7: UTC, no fractional zeros) for any year. */
export function generalizedTime(d: Date): Der {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const s = p(d.getUTCFullYear(), 4) + p(d.getUTCMonth() + 1) + p(d.getUTCDate()) + p(d.getUTCHours()) + p(d.getUTCMinutes()) + p(d.getUTCSeconds()) + 'Z';
  return tlv(0x18, new TextEncoder().encode(s));
}
/** UTCTime YYMMDDHHMMSSZ (1950–2049 only). */
export function utcTime(d: Date): Der {
  const y = d.getUTCFullYear();
  if (y < 1950 || y >= 2050) throw new RangeError('UTCTime covers 1950–2049');
  return time(d);
}

export function integer(v: number | bigint): Der {
  let x = BigInt(v);
  const b: number[] = [];
  if (x === 0n) b.push(0);
  while (x > 0n) {
    b.unshift(Number(x & 0xffn));
    x >>= 8n;
  }
  if (b[0] & 0x80) b.unshift(0);
  return tlv(0x02, Uint8Array.from(b));
}

export function oid(s: string): Der {
  const p = s.split('.').map((x) => BigInt(x));
  const out: number[] = [];
  const enc = (v: bigint): void => {
    const tmp = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) tmp.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...tmp);
  };
  enc(p[0] * 40n + p[1]);
  for (const v of p.slice(2)) enc(v);
  return tlv(0x06, Uint8Array.from(out));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3). */
export function time(d: Date): Der {
  const y = d.getUTCFullYear();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const rest = pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()) + pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + pad(d.getUTCSeconds()) + 'Z';
  if (y >= 1950 && y < 2050) return tlv(0x17, new TextEncoder().encode(pad(y % 100) + rest));
  return tlv(0x18, new TextEncoder().encode(String(y) + rest));
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
