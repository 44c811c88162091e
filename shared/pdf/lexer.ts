// Runs anywhere (pure). PDF lexical conventions and object syntax (ISO 32000-1 §7.2, §7.3): numbers,
// literal/hex strings with escapes, names with #xx, arrays, dictionaries, references, indirect objects
// and stream headers. Hand-written: it works on windows of a file read on demand (see xref.ts).
import { BidSealError } from '../errors';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfObject } from './objects';

/** The window ended before the object did: read more and retry (not an error at end of file). */
export class NeedMoreData extends Error {
  constructor() {
    super('need more data');
  }
}

const corrupt = (msg: string): never => {
  throw new BidSealError('E_PDF_CORRUPT', msg);
};

export const isWhite = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
export const isDelim = (c: number): boolean => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
const isRegular = (c: number): boolean => !isWhite(c) && !isDelim(c);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const hexVal = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1);

const MAX_DEPTH = 256;

export interface IndirectHeader {
  num: number;
  gen: number;
  obj: PdfObject;
  /** file offset of the first stream data byte when the object is a stream */
  streamStart?: number;
  /** file offset just after `endobj` (or after the object when `endobj` is missing) */
  end: number;
}

export class Parser {
  /**
   * @param buf   bytes of a window of the file
   * @param base  the file offset of buf[0]
   * @param atEof true when the window reaches the end of the file (running out is then corruption)
   */
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
    readonly base = 0,
    readonly atEof = true,
  ) {}

  private more(): never {
    if (this.atEof) corrupt(`unexpected end of data at ${this.base + this.pos}`);
    throw new NeedMoreData();
  }

  skipWs(): void {
    const b = this.buf;
    for (;;) {
      while (this.pos < b.length && isWhite(b[this.pos])) this.pos++;
      if (this.pos < b.length && b[this.pos] === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
        continue;
      }
      break;
    }
  }

  /** Reads a run of regular characters (a keyword or number) without interpretation. */
  word(): string {
    this.skipWs();
    const b = this.buf;
    const s = this.pos;
    while (this.pos < b.length && isRegular(b[this.pos])) this.pos++;
    if (this.pos === b.length && !this.atEof) this.more();
    return String.fromCharCode(...b.subarray(s, this.pos));
  }

  /** Consumes `kw` if it is the next token; false otherwise (position unchanged). */
  keyword(kw: string): boolean {
    const save = this.pos;
    if (this.word() === kw) return true;
    this.pos = save;
    return false;
  }

  readInt(): number {
    const w = this.word();
    if (!/^[+-]?\d+$/.test(w)) corrupt(`expected an integer at ${this.base + this.pos}, got "${w.slice(0, 20)}"`);
    return Number(w);
  }

  readObject(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) corrupt('objects nested too deeply');
    this.skipWs();
    const b = this.buf;
    if (this.pos >= b.length) this.more();
    const c = b[this.pos];
    if (c === 0x2f) return this.readName();
    if (c === 0x28) return this.readLiteralString();
    if (c === 0x3c) {
      if (this.pos + 1 >= b.length) this.more();
      if (b[this.pos + 1] === 0x3c) return this.readDict(depth);
      return this.readHexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfObject[] = [];
      for (;;) {
        this.skipWs();
        if (this.pos >= b.length) this.more();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        arr.push(this.readObject(depth + 1));
      }
    }
    const start = this.pos;
    const w = this.word();
    if (w === '') corrupt(`unexpected character 0x${c.toString(16)} at ${this.base + start}`);
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      if (/^\d+$/.test(w)) {
        // maybe "num gen R"
        const save = this.pos;
        try {
          const g = this.word();
          if (/^\d+$/.test(g) && this.word() === 'R') return new PdfRef(Number(w), Number(g));
        } catch (e) {
          if (e instanceof NeedMoreData) throw e;
        }
        this.pos = save;
      }
      return Number(w);
    }
    // lenient: some writers emit "-.5" style or stray keywords; anything else is corruption
    if (/^[+-]?[\d.]+$/.test(w)) return Number(w.replace(/^([+-]?)\.?/, '$1') || 0);
    return corrupt(`unexpected token "${w.slice(0, 20)}" at ${this.base + start}`);
  }

  private readName(): PdfName {
    const b = this.buf;
    this.pos++;
    const bytes: number[] = [];
    while (this.pos < b.length && isRegular(b[this.pos])) {
      const c = b[this.pos];
      if (c === 0x23 && this.pos + 2 < b.length && hexVal(b[this.pos + 1]) >= 0 && hexVal(b[this.pos + 2]) >= 0) {
        bytes.push(hexVal(b[this.pos + 1]) * 16 + hexVal(b[this.pos + 2]));
        this.pos += 3;
      } else {
        bytes.push(c);
        this.pos++;
      }
    }
    if (this.pos === b.length && !this.atEof) this.more();
    return new PdfName(new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes)));
  }

  private readLiteralString(): PdfString {
    const b = this.buf;
    this.pos++;
    const out: number[] = [];
    let nest = 1;
    for (;;) {
      if (this.pos >= b.length) this.more();
      const c = b[this.pos++];
      if (c === 0x28) nest++;
      else if (c === 0x29 && --nest === 0) break;
      if (c === 0x5c) {
        if (this.pos >= b.length) this.more();
        const e = b[this.pos++];
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (e in simple) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && this.pos < b.length && b[this.pos] >= 0x30 && b[this.pos] <= 0x37; i++) v = v * 8 + (b[this.pos++] - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x0d) {
        // an unescaped end-of-line is read as \n (§7.3.4.2)
        if (this.pos < b.length && b[this.pos] === 0x0a) this.pos++;
        out.push(0x0a);
        continue;
      }
      out.push(c);
    }
    return new PdfString(Uint8Array.from(out), false);
  }

  private readHexString(): PdfString {
    const b = this.buf;
    this.pos++;
    const out: number[] = [];
    let hi = -1;
    for (;;) {
      if (this.pos >= b.length) this.more();
      const c = b[this.pos++];
      if (c === 0x3e) break;
      if (isWhite(c)) continue;
      const v = hexVal(c);
      if (v < 0) corrupt(`bad hex digit at ${this.base + this.pos - 1}`);
      if (hi < 0) hi = v;
      else {
        out.push(hi * 16 + v);
        hi = -1;
      }
    }
    if (hi >= 0) out.push(hi * 16);
    return new PdfString(Uint8Array.from(out), true);
  }

  private readDict(depth: number): PdfDict {
    const b = this.buf;
    this.pos += 2;
    const d = new PdfDict();
    for (;;) {
      this.skipWs();
      if (this.pos + 1 >= b.length) this.more();
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return d;
      }
      if (b[this.pos] !== 0x2f) corrupt(`dictionary key expected at ${this.base + this.pos}`);
      const k = this.readName().name;
      const v = this.readObject(depth + 1);
      if (v !== null) d.set(k, v); // a null value is the same as an absent entry (§7.3.7)
    }
  }

  /** Parses `num gen obj <object> [stream … | endobj]` at the current position. */
  readIndirect(): IndirectHeader {
    const num = this.readInt();
    const gen = this.readInt();
    if (!this.keyword('obj')) corrupt(`"obj" expected at ${this.base + this.pos}`);
    const obj = this.readObject();
    this.skipWs();
    const save = this.pos;
    const w = this.word();
    if (w === 'stream') {
      if (!(obj instanceof PdfDict)) corrupt('stream without a dictionary');
      const b = this.buf;
      if (this.pos + 2 > b.length) this.more();
      if (b[this.pos] === 0x0d) this.pos++;
      if (b[this.pos] === 0x0a) this.pos++;
      return { num, gen, obj, streamStart: this.base + this.pos, end: this.base + this.pos };
    }
    if (w !== 'endobj') this.pos = save; // tolerate a missing endobj
    return { num, gen, obj, end: this.base + this.pos };
  }
}

/** Parses one object from bytes (tests and small in-memory data). */
export function parseObject(bytes: Uint8Array): PdfObject {
  return new Parser(bytes).readObject();
}
export { isDigit };
