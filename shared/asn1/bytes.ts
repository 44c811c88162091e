// Runs anywhere (pure). The byte helpers of the ASN.1 layer (and of everything that handles encodings):
// hex in both directions, concatenation, comparison. One copy each; nothing else in the tree defines them.
import { BidSealError } from '../errors';

/** Lower-case hex, two digits a byte. */
export const toHex = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
};
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Hex text (either case, even length, no separators) to bytes; E_INVALID_ARGUMENT otherwise. */
export function fromHex(h: string): Uint8Array<ArrayBuffer> {
  if (typeof h !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(h)) throw new BidSealError('E_INVALID_ARGUMENT', 'bad hex');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The parts joined into one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
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

export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Byte-wise order (shorter first on a common prefix): the DER order of SET OF elements (X.690 §11.6). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** A Uint8Array view of any buffer or view (no copy). */
export const u8 = (b: ArrayBuffer | ArrayBufferView): Uint8Array =>
  b instanceof Uint8Array ? b : b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Unsigned big-endian bytes as a bigint (0n for none). */
export const bytesToBigint = (b: Uint8Array): bigint => (b.length ? BigInt('0x' + toHex(b)) : 0n);

/** An unsigned INTEGER's content as upper-case hex without leading zero bytes (serial numbers as shown). */
export function uintHex(v: Uint8Array): string {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return hexUpper(v, i);
}

/** the character codes of each byte's two uppercase hex digits */
const HEX_UPPER_CODES = Uint16Array.from(HEX.flatMap((h) => [...h.toUpperCase()].map((c) => c.charCodeAt(0))));
const hexScratch: number[] = [];
/**
 * Uppercase hex of `b[start..end)`, read in place. One flat string made from character codes: the walk
 * over a CRL's entries calls it for each serial, and strings joined pair by pair cost ~3× as much, most of
 * it in garbage.
 */
export function hexUpper(b: Uint8Array, start = 0, end = b.length): string {
  if (end - start > 1024) return hexUpper(b, start, start + 1024) + hexUpper(b, start + 1024, end);
  hexScratch.length = 2 * Math.max(0, end - start);
  for (let i = start, j = 0; i < end; i++, j += 2) {
    hexScratch[j] = HEX_UPPER_CODES[2 * b[i]];
    hexScratch[j + 1] = HEX_UPPER_CODES[2 * b[i] + 1];
  }
  return String.fromCharCode.apply(null, hexScratch);
}
