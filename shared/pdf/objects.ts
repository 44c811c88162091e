// Runs anywhere (pure). PDF object model and serializer for the objects we write (ISO 32000-1 §7.3:
// boolean, numeric, string, name, array, dictionary, stream, null, indirect reference). Hand-written:
// we never re-save a document, only append new objects, so a full PDF library's writer is of no use.
import { toHex } from '../asn1';

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfString {
  constructor(readonly bytes: Uint8Array, readonly hex = false) {}
  static text(s: string): PdfString {
    // PDFDocEncoding covers ASCII; anything else as UTF-16BE with BOM (§7.9.2.2)
    if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(new TextEncoder().encode(s));
    const out = [0xfe, 0xff];
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) >> 8, s.charCodeAt(i) & 0xff);
    return new PdfString(Uint8Array.from(out));
  }
  toText(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
      return s;
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
    // some writers (poppler, Chinese tools) put bare UTF-8 where PDFDocEncoding belongs: take it when it decodes
    if (b.some((x) => x >= 0x80)) {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        /* not UTF-8: PDFDocEncoding's Latin-1 range */
      }
    }
    return String.fromCharCode(...b);
  }
}
export class PdfRef {
  constructor(readonly num: number, readonly gen = 0) {}
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}
export class PdfDict {
  readonly map: Map<string, PdfObject>;
  constructor(entries?: Iterable<[string, PdfObject]>) {
    this.map = new Map(entries);
  }
  get(k: string): PdfObject | undefined {
    return this.map.get(k);
  }
  set(k: string, v: PdfObject): this {
    this.map.set(k, v);
    return this;
  }
  has(k: string): boolean {
    return this.map.has(k);
  }
  clone(): PdfDict {
    return new PdfDict(this.map);
  }
  /** the value of a /Name entry, or undefined */
  name(k: string): string | undefined {
    const v = this.map.get(k);
    return v instanceof PdfName ? v.name : undefined;
  }
}
/** A stream: its dictionary and where its (encoded) data lies, or the data itself for new streams. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array | { offset: number; length: number },
  ) {}
}
/** A placeholder written verbatim (fixed-width /ByteRange and /Contents slots). */
export class PdfRaw {
  constructor(readonly text: string) {}
}
export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfObject[] | PdfDict | PdfStream | PdfRaw;

export const name = (n: string): PdfName => new PdfName(n);
export const dict = (o: Record<string, PdfObject>): PdfDict => new PdfDict(Object.entries(o));

// ---------------------------------------------------------------------------------------------------
// Serializer
// ---------------------------------------------------------------------------------------------------

const REGULAR_NAME = /^[!-~]$/;
const DELIMS = new Set('()<>[]{}/%#'.split(''));

export function serializeName(n: string): string {
  let out = '/';
  for (const b of new TextEncoder().encode(n)) {
    const c = String.fromCharCode(b);
    out += REGULAR_NAME.test(c) && !DELIMS.has(c) ? c : '#' + toHex(Uint8Array.of(b)).toUpperCase();
  }
  return out;
}

export function serializeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error('non-finite number');
  if (Number.isInteger(n)) return String(n);
  let s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return s;
}

function serializeString(s: PdfString): string {
  if (s.hex) return '<' + toHex(s.bytes) + '>';
  let out = '(';
  for (const b of s.bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b > 0x7e) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + ')';
}

/** Serializes a direct object to PDF syntax (latin1 text; streams are written by serializeIndirect). */
export function serialize(o: PdfObject): string {
  if (o === null) return 'null';
  if (typeof o === 'boolean') return o ? 'true' : 'false';
  if (typeof o === 'number') return serializeNumber(o);
  if (o instanceof PdfName) return serializeName(o.name);
  if (o instanceof PdfString) return serializeString(o);
  if (o instanceof PdfRef) return `${o.num} ${o.gen} R`;
  if (o instanceof PdfRaw) return o.text;
  if (Array.isArray(o)) return '[' + o.map(serialize).join(' ') + ']';
  if (o instanceof PdfDict) {
    let s = '<<';
    for (const [k, v] of o.map) s += serializeName(k) + ' ' + serialize(v) + ' ';
    return s.trimEnd() + '>>';
  }
  throw new Error('streams must be indirect objects');
}

export const latin1 = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
};
export const fromLatin1 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};

/** `n g obj … endobj\n` for a new object; stream data must be in memory. */
export function serializeIndirect(num: number, gen: number, o: PdfObject): Uint8Array {
  if (o instanceof PdfStream) {
    if (!(o.data instanceof Uint8Array)) throw new Error('cannot re-serialize a stream read from the file');
    const d = o.dict.clone().set('Length', o.data.length);
    const head = latin1(`${num} ${gen} obj\n${serialize(d)}\nstream\n`);
    const tail = latin1('\nendstream\nendobj\n');
    const out = new Uint8Array(head.length + o.data.length + tail.length);
    out.set(head, 0);
    out.set(o.data, head.length);
    out.set(tail, head.length + o.data.length);
    return out;
  }
  return latin1(`${num} ${gen} obj\n${serialize(o)}\nendobj\n`);
}

/** Structural equality (used by the modification analysis). Streams compare by dictionary and data location. */
export function deepEqual(a: PdfObject | undefined, b: PdfObject | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!b.map.has(k) || !deepEqual(v, b.map.get(k))) return false;
    return true;
  }
  if (a instanceof PdfStream) {
    if (!(b instanceof PdfStream) || !deepEqual(a.dict, b.dict)) return false;
    const da = a.data, db = b.data;
    if (da instanceof Uint8Array || db instanceof Uint8Array) return false;
    return da.offset === db.offset && da.length === db.length;
  }
  return false;
}
