// Runs anywhere (pure). A minimal strict DER TLV reader (X.690 §8.1, definite lengths only) and the
// byte helpers the PKI modules share. Hand-written because the PKI layer needs the *exact* bytes of
// sub-structures (TBSCertificate, Name) as they appear in the file, which schema decoders re-encode.
import { BidSealError } from '../errors';
import { dearmor } from '../asn1/armor';

export interface Tlv {
  tag: number;
  /** content bytes */
  v: Uint8Array;
  /** the whole element: tag, length and content */
  raw: Uint8Array;
}

export const bad = (msg: string): never => {
  throw new BidSealError('E_BAD_ENCODING', msg);
};

/** Reads one TLV at `off`; only single-byte tags (enough for X.509) and definite lengths. */
export function readTlv(buf: Uint8Array, off = 0): Tlv {
  if (off + 2 > buf.length) bad('DER: truncated header');
  const tag = buf[off];
  if ((tag & 0x1f) === 0x1f) bad('DER: multi-byte tags are not supported');
  let len = buf[off + 1];
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) bad('DER: indefinite length');
    if (n > 4) bad('DER: length too long');
    if (p + n > buf.length) bad('DER: truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    p += n;
  }
  if (p + len > buf.length) bad('DER: truncated content');
  return { tag, v: buf.subarray(p, p + len), raw: buf.subarray(off, p + len) };
}

/** The children of a constructed element's content. */
export function children(content: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  for (let off = 0; off < content.length; ) {
    const t = readTlv(content, off);
    out.push(t);
    off += t.raw.length;
  }
  return out;
}

export function oidToString(v: Uint8Array): string {
  if (v.length === 0) bad('DER: empty OID');
  // BigInt arcs: UUID-based OIDs (2.25.<128-bit>, X.667) exceed Number precision
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

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
export const u8 = (b: ArrayBuffer | ArrayBufferView): Uint8Array =>
  b instanceof Uint8Array ? b : b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * Splits input into DER blobs: PEM text (one or many blocks whose label matches `label`), a single DER
 * element, several DER elements concatenated (as some CA bundles ship), or any other armour the one
 * detector knows (bare base64, data: URL, JSON string; shared/asn1/armor.ts). E_ARMOUR_UNKNOWN otherwise.
 */
export function splitDerOrPem(input: Uint8Array | string, label: RegExp): Uint8Array[] {
  if (typeof input !== 'string' && input.length === 0) bad('empty input');
  try {
    return dearmor(input, { label }).all.map((x) => x.der);
  } catch (e) {
    // the PKI layer's contract is E_BAD_ENCODING; the message still says what was found
    if (e instanceof BidSealError && e.code === 'E_ARMOUR_UNKNOWN') throw new BidSealError('E_BAD_ENCODING', e.message, e.details);
    throw e;
  }
}
