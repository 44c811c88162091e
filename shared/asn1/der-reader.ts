// Runs anywhere (pure). The strict DER TLV reader (X.690 §8.1, definite lengths only). Hand-written because
// the PKI, CMS and signature code needs the *exact* bytes of sub-structures (TBSCertificate, Name, signed
// attributes) as they stand in the file, which schema decoders (@peculiar/asn1-schema) re-encode; and
// because signatures must be refused when their encoding is not the one DER allows (`minimal`).
// Every failure is E_BAD_ENCODING.
import { abytes, aoffset, bad } from './assert';
import { bytesToBigint } from './bytes';

export interface Tlv {
  tag: number;
  /** content bytes */
  v: Uint8Array;
  /** the whole element: tag, length and content */
  raw: Uint8Array;
}

export interface DerReadOptions {
  /** refuse lengths not in their shortest form (X.690 §10.1), as signatures must */
  minimal?: boolean;
}

/** Where one element lies in its buffer: its tag, and its content as the offsets [start, end). */
export interface TlvAt {
  tag: number;
  start: number;
  end: number;
}

/**
 * The header of the element at `off`, which must end by `end` (default: the buffer's end): the walk of
 * long lists (a CRL's 10^5 revoked entries) uses it to read elements in place, without the two views per
 * element that readTlv makes. Only single-byte tags (enough for X.509, CMS and the GM/T structures).
 */
export function readHeader(buf: Uint8Array, off: number, end?: number, opts: DerReadOptions = {}): TlvAt {
  abytes(buf, 'DER');
  aoffset(buf, off, 'DER');
  const limit = end ?? buf.length;
  if (!Number.isSafeInteger(limit) || limit > buf.length) bad(`DER: limit ${String(limit)} outside 0..${buf.length}`);
  if (off + 2 > limit) bad('DER: truncated header');
  const tag = buf[off];
  if ((tag & 0x1f) === 0x1f) bad('DER: multi-byte tags are not supported');
  let len = buf[off + 1];
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) bad('DER: indefinite length');
    if (n > 4) bad('DER: length too long');
    if (p + n > limit) bad('DER: truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    if (opts.minimal && (len < 0x80 || buf[p] === 0)) bad('DER: length not in its shortest form');
    p += n;
  }
  if (p + len > limit) bad('DER: truncated content');
  return { tag, start: p, end: p + len };
}

/** Reads one TLV at `off`; only single-byte tags (enough for X.509, CMS and the GM/T structures). */
export function readTlv(buf: Uint8Array, off = 0, opts: DerReadOptions = {}): Tlv {
  const h = readHeader(buf, off, undefined, opts);
  return { tag: h.tag, v: buf.subarray(h.start, h.end), raw: buf.subarray(off, h.end) };
}

/** The children of a constructed element's content. */
export function children(content: Uint8Array, opts: DerReadOptions = {}): Tlv[] {
  abytes(content, 'DER');
  const out: Tlv[] = [];
  for (let off = 0; off < content.length;) {
    const t = readTlv(content, off, opts);
    out.push(t);
    off += t.raw.length;
  }
  return out;
}

/** The one element filling `buf` (trailing bytes are refused); with `tag`, of that tag. */
export function readSingle(buf: Uint8Array, opts: DerReadOptions & { tag?: number } = {}): Tlv {
  const t = readTlv(buf, 0, opts);
  if (t.raw.length !== buf.length) bad('DER: trailing data');
  if (opts.tag !== undefined && t.tag !== opts.tag) bad(`DER: expected tag 0x${opts.tag.toString(16)}, found 0x${t.tag.toString(16)}`);
  return t;
}

/**
 * A non-negative INTEGER's value (RSA components, serials, signature r and s). `minimal` also refuses a
 * redundant leading zero byte, as DER requires (X.690 §8.3.2).
 */
export function uintOf(t: Tlv | undefined, what: string, opts: DerReadOptions = {}): bigint {
  if (!t || t.tag !== 0x02 || t.v.length === 0) return bad(`${what}: expected an INTEGER`);
  if (t.v[0] & 0x80) bad(`${what}: negative INTEGER`);
  if (opts.minimal && t.v.length > 1 && t.v[0] === 0 && !(t.v[1] & 0x80)) bad(`${what}: INTEGER not in its shortest form`);
  return bytesToBigint(t.v);
}

/** BMPString content (UTF-16BE) as text. */
export function bmpText(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i] << 8) | v[i + 1]);
  return s;
}
