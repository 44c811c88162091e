// Runs anywhere (pure). OBJECT IDENTIFIER content octets (X.690 §8.19) in both directions. Arcs are
// bigints: UUID-based OIDs (2.25.<128-bit>, X.667) exceed Number precision.
import { asn1Error, type Asn1ErrorCode } from './assert';

/** Dotted text of an OID's content octets. */
export function oidToString(v: Uint8Array, code: Asn1ErrorCode = 'E_BAD_ENCODING'): string {
  if (v.length === 0) asn1Error(code, 'DER: empty OID');
  if (v[v.length - 1] & 0x80) asn1Error(code, 'DER: truncated OID');
  const parts: bigint[] = [];
  let n = 0n;
  for (const b of v) {
    n = (n << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(n);
      n = 0n;
    }
  }
  const first = parts.shift() ?? 0n;
  const a = first < 40n ? 0n : first < 80n ? 1n : 2n;
  return [a, first - 40n * a, ...parts].join('.');
}

/** Content octets of a dotted OID; RangeError on text that is not one (a programming error, not input). */
export function oidContent(s: string): Uint8Array<ArrayBuffer> {
  if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(s)) throw new RangeError(`not an OID: ${s}`);
  const p = s.split('.').map((x) => BigInt(x));
  if (p[0] < 2n && p[1] >= 40n) throw new RangeError(`not an OID: ${s}`);
  const out: number[] = [];
  const enc = (v: bigint): void => {
    const tmp = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) tmp.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...tmp);
  };
  enc(p[0] * 40n + p[1]);
  for (const v of p.slice(2)) enc(v);
  return Uint8Array.from(out);
}
