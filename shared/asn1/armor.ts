// Runs anywhere (pure). The one armour detector: whatever wrapping a CA portal, signing server, web API or
// toolkit put around an ASN.1 object — raw DER, BER with indefinite lengths, PEM under any label (PKCS7,
// CMS, "PKCS #7 SIGNED DATA", CERTIFICATE, CFCA KEY, …), bare base64 with or without line breaks (standard
// or URL-safe), a data: URL, a JSON string with escaped \n or \/, hex text — it returns the ASN.1 bytes and
// says what it found. When nothing fits, E_ARMOUR_UNKNOWN names what the input looks like instead (a PDF,
// a ZIP, XML, …) so the user learns they picked the wrong file. See docs/artefacts.md.
import { BidSealError } from '../errors';
import { hasIndefinite, parseBer } from './ber-reader';
import { pemDecodeAll } from './pem';
import { concat, fromHex, toHex } from './bytes';
import { base64ToBytes } from '../encoding/base64';

export type ArmourKind = 'binary' | 'pem' | 'base64' | 'base64url' | 'hex' | 'data-url' | 'json-string';

export interface Dearmoured {
  /** the ASN.1 element (DER or BER), exactly as carried */
  der: Uint8Array;
  /** 'der' when every length is definite, 'ber' when indefinite lengths occur */
  encoding: 'der' | 'ber';
  armour: ArmourKind;
  /** PEM label, when armour is 'pem' */
  label?: string;
  /** every element found (several PEM blocks, or several concatenated DER elements) */
  all: Array<{ der: Uint8Array; label?: string }>;
}

export interface DearmourOptions {
  /** PEM: keep only blocks whose label matches (others are ignored); default every block */
  label?: RegExp;
}

/** Largest text we decode in memory (a PEM envelope); bigger inputs must be binary. */
export const MAX_TEXT_ARMOUR = 512 * 1024 * 1024;

const unknown = (found: string): never => {
  throw new BidSealError('E_ARMOUR_UNKNOWN', `found ${found}`, { found });
};

/** What the input's first bytes look like, for the error message (never its content beyond a short prefix). */
export function describeBytes(b: Uint8Array): string {
  if (b.length === 0) return 'an empty file';
  const ascii = (s: string) => s.split('').every((c, i) => b[i] === c.charCodeAt(0));
  if (ascii('%PDF')) return 'a PDF document';
  if (ascii('PK\x03\x04')) return 'a ZIP archive (OFD, DOCX or a bid package)';
  if (ascii('BIDSEAL-CUSTODY')) return 'a BidSeal joint-custody container';
  if (b[0] === 0x89 && ascii('\x89PNG')) return 'a PNG image';
  if (b[0] === 0xff && b[1] === 0xd8) return 'a JPEG image';
  if (ascii('GIF8')) return 'a GIF image';
  if (ascii('Rar!')) return 'a RAR archive';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'a gzip file';
  if (ascii('\xd0\xcf\x11\xe0')) return 'an old Office document (OLE2)';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 64)).trimStart();
  if (text.startsWith('<')) return 'XML or HTML text';
  if (text.startsWith('{') || text.startsWith('[')) return 'a JSON document';
  if (text.startsWith('-----BEGIN')) return `a PEM block that does not decode (${text.split('\n')[0].slice(0, 48)})`;
  const printable = b.subarray(0, 64).every((x) => x === 9 || x === 10 || x === 13 || (x >= 0x20 && x < 0x7f) || x >= 0x80);
  if (printable) return `text starting "${text.replace(/\s+/g, ' ').slice(0, 24)}"`;
  const hex = toHex(b.subarray(0, 8)).replace(/(..)(?!$)/g, '$1 ');
  return `binary data starting ${hex} that is not ASN.1`;
}

/** One or more complete ASN.1 elements filling `b`, or undefined. Trailing NULs / line breaks (padding some
 * tools add) are tolerated when the elements do not fill the input otherwise. */
export function splitAsn1(b: Uint8Array): Uint8Array[] | undefined {
  const exact = splitUpTo(b, b.length);
  if (exact) return exact;
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0 || b[end - 1] === 0x0a || b[end - 1] === 0x0d || b[end - 1] === 0x20)) end--;
  return end < b.length ? splitUpTo(b, end) : undefined;
}

function splitUpTo(b: Uint8Array, end: number): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  let off = 0;
  try {
    while (off < end) {
      // only a universal SEQUENCE or SET starts a CMS / X.509 / key object
      if (b[off] !== 0x30 && b[off] !== 0x31) return undefined;
      const len = elementLength(b, off, end);
      if (len === undefined) return undefined;
      out.push(b.subarray(off, off + len));
      off += len;
    }
  } catch {
    return undefined;
  }
  return out.length ? out : undefined;
}

/** End offset of the BER element at off (definite or indefinite length), undefined when it does not fit. */
function elementEnd(b: Uint8Array, off: number, end: number, depth = 0): number | undefined {
  if (depth > 64 || off + 2 > end || (b[off] & 0x1f) === 0x1f) return undefined;
  const l0 = b[off + 1];
  let p = off + 2;
  if (l0 === 0x80) {
    if (!(b[off] & 0x20)) return undefined;
    for (;;) {
      if (p + 2 > end) return undefined;
      if (b[p] === 0 && b[p + 1] === 0) return p + 2;
      const e = elementEnd(b, p, end, depth + 1);
      if (e === undefined) return undefined;
      p = e;
    }
  }
  let len = l0;
  if (l0 & 0x80) {
    const n = l0 & 0x7f;
    if (n === 0 || n > 6 || p + n > end) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i];
    p += n;
  }
  return p + len > end ? undefined : p + len;
}

/** Length of the element at off, checked by a full BER parse; undefined when it does not fit. */
function elementLength(b: Uint8Array, off: number, end: number): number | undefined {
  const e = elementEnd(b, off, end);
  if (e === undefined) return undefined;
  parseBer(b.subarray(off, e));
  return e - off;
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function decodeB64(s: string, url: boolean): Uint8Array | undefined {
  let t = url ? s.replace(/-/g, '+').replace(/_/g, '/') : s;
  if (t.length % 4 === 1) return undefined;
  while (t.length % 4) t += '=';
  try {
    return base64ToBytes(t);
  } catch {
    return undefined;
  }
}

function result(all: Array<{ der: Uint8Array; label?: string }>, armour: ArmourKind): Dearmoured {
  const first = all[0];
  let encoding: 'der' | 'ber' = 'der';
  try {
    if (hasIndefinite(parseBer(first.der))) encoding = 'ber';
  } catch {
    /* PEM content that is not ASN.1: the caller's parser reports it */
  }
  return { der: first.der, encoding, armour, ...(first.label !== undefined ? { label: first.label } : {}), all };
}

function fromText(text: string, opts: DearmourOptions): Dearmoured | undefined {
  let t = text.replace(/^\uFEFF/, '').trim();
  // JSON string ("MII…" with \n, \r, \/ escapes), as web APIs return PEM or base64 inside JSON
  let json = false;
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    t = t.slice(1, -1);
    json = true;
  }
  if (/\\[nr/]/.test(t)) {
    t = t.replace(/\\r/g, '\r').replace(/\\n/g, '\n').replace(/\\\//g, '/');
    json = true;
  }
  if (t.includes('-----BEGIN ')) {
    const found = pemDecodeAll(t);
    const blocks = found.filter((b) => !opts.label || opts.label.test(b.label));
    if (blocks.length === 0 && found.length) unknown(`PEM labelled ${[...new Set(found.map((b) => b.label))].join(', ')}, not what is expected here`);
    if (blocks.length === 0) return undefined;
    return result(blocks.map((b) => ({ der: b.der, label: b.label })), json ? 'json-string' : 'pem');
  }
  const dataUrl = /^data:([^;,]*)(;[^,]*)?,(.*)$/s.exec(t);
  if (dataUrl) {
    if (!(dataUrl[2] ?? '').includes('base64')) return undefined;
    const bytes = decodeB64(decodeURIComponent(dataUrl[3]).replace(/\s+/g, ''), false);
    const all = bytes && splitAsn1(bytes);
    return all ? result(all.map((der) => ({ der })), 'data-url') : undefined;
  }
  const compact = t.replace(/\s+/g, '');
  if (compact.length >= 4 && /^[0-9A-Fa-f]+$/.test(compact) && compact.length % 2 === 0 && /^30/.test(compact)) {
    const bytes = fromHex(compact);
    const all = splitAsn1(bytes);
    if (all) return result(all.map((der) => ({ der })), 'hex');
  }
  for (const url of [false, true]) {
    if (!(url ? B64URL : B64).test(compact)) continue;
    const bytes = decodeB64(compact, url);
    const all = bytes && splitAsn1(bytes);
    if (all) return result(all.map((der) => ({ der })), json ? 'json-string' : url ? 'base64url' : 'base64');
  }
  return undefined;
}

/**
 * Finds the ASN.1 object in `input` whatever its armour. E_ARMOUR_UNKNOWN (details.found says what the input
 * looks like) when nothing fits; E_BAD_ENCODING when PEM armour is there but its base64 is broken.
 */
export function dearmor(input: Uint8Array | string, opts: DearmourOptions = {}): Dearmoured {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'input must be bytes or text');
  if (typeof input !== 'string') {
    const all = splitAsn1(input);
    if (all) return result(all.map((der) => ({ der })), 'binary');
    if (input.length > MAX_TEXT_ARMOUR) unknown(describeBytes(input));
  }
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input[0] === 0xff && input[1] === 0xfe) text = new TextDecoder('utf-16le').decode(input.subarray(2));
  else if (input[0] === 0xfe && input[1] === 0xff) text = new TextDecoder('utf-16be').decode(input.subarray(2));
  else text = new TextDecoder('utf-8', { fatal: false }).decode(input);
  const r = fromText(text, opts);
  if (r) return r;
  return unknown(typeof input === 'string' ? describeBytes(new TextEncoder().encode(input.slice(0, 64))) : describeBytes(input));
}

/** Is this the start of a binary ASN.1 object (for streamed files whose head alone is read)? */
export function startsLikeAsn1(head: Uint8Array): boolean {
  if (head.length < 2 || (head[0] !== 0x30 && head[0] !== 0x31)) return false;
  const l0 = head[1];
  return l0 === 0x80 || l0 < 0x80 || (l0 & 0x7f) <= 6;
}

/**
 * Streams a file's bytes as ASN.1: binary DER/BER passes through untouched (any size, bounded memory);
 * text armour (PEM, base64, …) is gathered — up to MAX_TEXT_ARMOUR — and decoded with dearmor().
 */
export async function* dearmorStream(src: AsyncIterable<Uint8Array>, opts: DearmourOptions = {}): AsyncGenerator<Uint8Array> {
  const it = src[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let n = 0;
  let done = false;
  while (n < 16) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    n += r.value.length;
  }
  const first = head.length === 1 ? head[0] : concat(head);
  if (startsLikeAsn1(first)) {
    if (first.length) yield first;
    if (!done) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    return;
  }
  const parts = [first];
  let total = first.length;
  if (!done) {
    for (let r = await it.next(); !r.done; r = await it.next()) {
      total += r.value.length;
      if (total > MAX_TEXT_ARMOUR) unknown(`${describeBytes(first)} larger than ${MAX_TEXT_ARMOUR} bytes`);
      parts.push(r.value);
    }
  }
  yield dearmor(concat(parts), opts).der;
}

/**
 * Splits input into DER blobs: PEM text (one or many blocks whose label matches `label`), a single DER
 * element, several DER elements concatenated (as some CA bundles ship), or any other armour dearmor()
 * knows (bare base64, data: URL, JSON string). E_BAD_ENCODING (the PKI layer's contract) otherwise, its
 * message saying what was found.
 */
export function splitDerOrPem(input: Uint8Array | string, label: RegExp): Uint8Array[] {
  if (typeof input !== 'string' && input.length === 0) throw new BidSealError('E_BAD_ENCODING', 'empty input');
  try {
    return dearmor(input, { label }).all.map((x) => x.der);
  } catch (e) {
    if (e instanceof BidSealError && e.code === 'E_ARMOUR_UNKNOWN') throw new BidSealError('E_BAD_ENCODING', e.message, e.details);
    throw e;
  }
}
