// Runs anywhere (pure). The BER reader (X.690 §8): an in-memory parser for small elements (definite and
// indefinite lengths, constructed strings) with typed accessors, and a pull reader over an AsyncIterable
// of chunks. Hand-written: schema decoders (@peculiar/asn1-schema) need the whole message in memory, and a
// sealed bid may be many gigabytes. BER also serves the key-store formats: PKCS#12 files written by
// Windows, Java and old CA tools use indefinite lengths and constructed OCTET STRINGs. Failures carry the
// caller's code (`BerOptions.code`): E_ENVELOPE_CORRUPT by default (sealed envelopes, CMS messages),
// E_BAD_ENCODING for the key store; a stream that ends early is E_TRUNCATED.
import { BidSealError } from '../errors';
import { abytes, asn1Error, type Asn1ErrorCode } from './assert';
import { bytesToBigint, concat } from './bytes';
import { EOC, header } from './der-writer';
import { oidToString } from './oid';

export interface BerOptions {
  /** the code of every failure; E_ENVELOPE_CORRUPT unless the caller says otherwise */
  code?: Asn1ErrorCode;
}

export const corrupt = (msg: string): never => asn1Error('E_ENVELOPE_CORRUPT', msg);
const truncated = (msg: string): never => {
  throw new BidSealError('E_TRUNCATED', msg);
};

// ---------------------------------------------------------------------------------------------------
// In-memory parsing
// ---------------------------------------------------------------------------------------------------

export interface BerNode {
  /** identifier octet (class | constructed | number); only low tag numbers (< 31) */
  tag: number;
  /** bit 6 of the identifier: children rather than a value */
  constructed: boolean;
  /** content of a primitive encoding */
  value?: Uint8Array;
  /** children of a constructed encoding */
  children?: BerNode[];
  /** the whole encoding as found */
  raw: Uint8Array;
}

const MAX_DEPTH = 64;

function parseAt(buf: Uint8Array, off: number, depth: number, code: Asn1ErrorCode): { node: BerNode; end: number } {
  const fail = (msg: string): never => asn1Error(code, msg);
  if (depth > MAX_DEPTH) fail('BER: nesting too deep');
  if (off + 2 > buf.length) fail('BER: truncated header');
  const tag = buf[off];
  if ((tag & 0x1f) === 0x1f) fail('BER: high tag numbers are not used here');
  const constructed = (tag & 0x20) !== 0;
  let p = off + 1;
  const l0 = buf[p++];
  if (l0 === 0x80) {
    if (!constructed) fail('BER: indefinite length on a primitive encoding');
    const children: BerNode[] = [];
    for (;;) {
      if (p + 2 > buf.length) fail('BER: missing end-of-contents');
      if (buf[p] === 0 && buf[p + 1] === 0) {
        p += 2;
        break;
      }
      const r = parseAt(buf, p, depth + 1, code);
      children.push(r.node);
      p = r.end;
    }
    return { node: { tag, constructed, children, raw: buf.subarray(off, p) }, end: p };
  }
  let len = l0;
  if (l0 & 0x80) {
    const n = l0 & 0x7f;
    if (n > 6) fail('BER: length too long');
    if (p + n > buf.length) fail('BER: truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    p += n;
  }
  const end = p + len;
  if (end > buf.length) fail('BER: content runs past its container');
  if (!constructed) return { node: { tag, constructed, value: buf.subarray(p, end), raw: buf.subarray(off, end) }, end };
  const children: BerNode[] = [];
  while (p < end) {
    const r = parseAt(buf.subarray(0, end), p, depth + 1, code);
    children.push(r.node);
    p = r.end;
  }
  return { node: { tag, constructed, children, raw: buf.subarray(off, end) }, end };
}

/** Parses exactly one element filling `buf`. */
export function parseBer(buf: Uint8Array, opts: BerOptions = {}): BerNode {
  const code = opts.code ?? 'E_ENVELOPE_CORRUPT';
  abytes(buf, 'BER', code);
  const { node, end } = parseAt(buf, 0, 0, code);
  if (end !== buf.length) asn1Error(code, 'BER: trailing bytes after the element');
  return node;
}

/** The first element of `buf` (what follows it, e.g. zero padding in a PDF /Contents, is ignored). */
export function parseBerPrefix(buf: Uint8Array, opts: BerOptions = {}): BerNode {
  const code = opts.code ?? 'E_ENVELOPE_CORRUPT';
  abytes(buf, 'BER', code);
  return parseAt(buf, 0, 0, code).node;
}

/** Whether the element or any inside it has an indefinite length (BER, not DER). */
export const hasIndefinite = (n: BerNode): boolean => n.raw[1] === 0x80 || (n.children?.some(hasIndefinite) ?? false);

/**
 * The element with every indefinite length made definite (X.690 §8.1.3), all else byte for byte: elements
 * that were definite already (a certificate, DER signed attributes) keep the exact bytes they were signed as.
 */
export function definiteEncoding(n: BerNode): Uint8Array {
  if (!hasIndefinite(n)) return n.raw;
  const parts = n.children!.map(definiteEncoding);
  let len = 0;
  for (const p of parts) len += p.length;
  return concat([header(n.tag, len), ...parts]);
}

/**
 * `definiteEncoding` of a whole buffer: lets the strict DER reader read BER messages (OpenSSL streaming,
 * some CA SDKs) while definite elements keep their exact signed bytes.
 */
export const definiteLengths = (buf: Uint8Array): Uint8Array => definiteEncoding(parseBer(buf));

/** Typed accessors over parsed nodes; each failure carries `code`. `what` names the field in the message. */
export interface BerAccess {
  parse(buf: Uint8Array): BerNode;
  /** one element at the start of `buf`, ignoring what follows (some tools pad files) */
  parsePrefix(buf: Uint8Array): BerNode;
  /** OCTET STRING content: primitive, or constructed per X.690 §8.7.3 (segments joined); any context tag */
  octets(n: BerNode | undefined, what: string): Uint8Array;
  /** the children of a constructed element of `tag` (SEQUENCE by default), at least `min` of them */
  seq(n: BerNode | undefined, what: string, min?: number, tag?: number): BerNode[];
  oid(n: BerNode | undefined, what: string): string;
  /** a small non-negative INTEGER as a number (versions, iteration counts, key lengths), at most `max` */
  int(n: BerNode | undefined, what: string, max?: number): number;
  /** a non-negative INTEGER as a bigint (RSA components) */
  bigint(n: BerNode | undefined, what: string): bigint;
  /** AlgorithmIdentifier → OID and the parameters node (undefined when absent or NULL) */
  algorithm(n: BerNode | undefined, what: string): { oid: string; params?: BerNode };
  /** throws the accessor's typed error */
  fail(msg: string): never;
}

/** The accessors for one error code (see BerOptions). */
export function berAccess(code: Asn1ErrorCode): BerAccess {
  const fail = (msg: string): never => asn1Error(code, msg);
  const octets = (n: BerNode | undefined, what: string): Uint8Array => {
    if (!n) return fail(`${what}: expected an OCTET STRING`);
    if (n.value) {
      if ((n.tag & 0xc0) === 0 && n.tag !== 0x04) fail(`${what}: expected an OCTET STRING`);
      return n.value;
    }
    if ((n.tag & 0xc0) === 0 && n.tag !== 0x24) fail(`${what}: expected an OCTET STRING`);
    return concat(n.children!.map((c) => octets(c, what)));
  };
  const seq = (n: BerNode | undefined, what: string, min = 0, tag = 0x30): BerNode[] => {
    if (!n || n.tag !== tag || !n.children) return fail(`${what}: expected a constructed element with tag 0x${tag.toString(16)}`);
    if (n.children.length < min) fail(`${what}: too few fields`);
    return n.children;
  };
  const oid = (n: BerNode | undefined, what: string): string => {
    if (!n || n.tag !== 0x06 || !n.value || n.value.length === 0) return fail(`${what}: expected an OBJECT IDENTIFIER`);
    return oidToString(n.value, code);
  };
  const int = (n: BerNode | undefined, what: string, max = 0x7fffffff): number => {
    if (!n || n.tag !== 0x02 || !n.value || n.value.length === 0 || n.value.length > 5 || n.value[0] & 0x80) return fail(`${what}: expected a small non-negative INTEGER`);
    let x = 0;
    for (const b of n.value) x = x * 256 + b;
    if (x > max) fail(`${what}: value out of range`);
    return x;
  };
  const bigint = (n: BerNode | undefined, what: string): bigint => {
    if (!n || n.tag !== 0x02 || !n.value || n.value.length === 0) return fail(`${what}: expected an INTEGER`);
    if (n.value[0] & 0x80) fail(`${what}: negative INTEGER`);
    return bytesToBigint(n.value);
  };
  const algorithm = (n: BerNode | undefined, what: string): { oid: string; params?: BerNode } => {
    const [o, p] = seq(n, what);
    return { oid: oid(o, what), params: p && p.tag !== 0x05 ? p : undefined };
  };
  return { parse: (b) => parseBer(b, { code }), parsePrefix: (b) => parseBerPrefix(b, { code }), octets, seq, oid, int, bigint, algorithm, fail };
}

// The envelope's accessors (E_ENVELOPE_CORRUPT), under the names the CMS and envelope code use.
const envelope = berAccess('E_ENVELOPE_CORRUPT');
export const octetsOf = (n: BerNode, what: string): Uint8Array => envelope.octets(n, what);
export const intValue = (n: BerNode, what: string): number => envelope.int(n, what);
export const oidOf = (n: BerNode | undefined, what: string): string => envelope.oid(n, what);
export const seqOf = (n: BerNode | undefined, what: string, tag = 0x30): BerNode[] => envelope.seq(n, what, 0, tag);
export const algorithmOf = (n: BerNode | undefined, what: string): { oid: string; params?: BerNode } => envelope.algorithm(n, what);

// ---------------------------------------------------------------------------------------------------
// Streaming reader
// ---------------------------------------------------------------------------------------------------

export interface BerHeader {
  tag: number;
  constructed: boolean;
  /** content length, or null for indefinite */
  length: number | null;
  /** the identifier and length octets */
  bytes: Uint8Array;
  /** absolute offset of the first content byte */
  contentStart: number;
}

/** Pulls bytes from an async chunk source; every method throws E_TRUNCATED when the source ends early. */
export class BerReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private done = false;
  /** absolute offset of the next unread byte */
  offset = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private get avail(): number {
    return this.buf.length - this.pos;
  }

  /** Makes at least `n` bytes available (joining chunks); false when the source ends first. */
  private async ensure(n: number): Promise<boolean> {
    while (this.avail < n) {
      if (this.done) return false;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      const c = r.value;
      if (!(c instanceof Uint8Array)) throw new BidSealError('E_INVALID_ARGUMENT', 'input chunks must be Uint8Array');
      if (c.length === 0) continue;
      if (this.avail === 0) {
        this.buf = c;
        this.pos = 0;
      } else {
        const j = new Uint8Array(this.avail + c.length);
        j.set(this.buf.subarray(this.pos));
        j.set(c, this.avail);
        this.buf = j;
        this.pos = 0;
      }
    }
    return true;
  }

  /** True when no bytes remain. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensure(1));
  }

  /** The next `n` bytes without consuming them. */
  async peek(n: number): Promise<Uint8Array> {
    if (!(await this.ensure(n))) truncated(`envelope ends at byte ${this.offset + this.avail}`);
    return this.buf.subarray(this.pos, this.pos + n);
  }

  async read(n: number): Promise<Uint8Array> {
    const b = (await this.peek(n)).slice();
    this.pos += n;
    this.offset += n;
    return b;
  }

  /** Streams the next `n` bytes as views of the source chunks (no joining, bounded memory). */
  async *stream(n: number): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      if (this.avail === 0 && !(await this.ensure(1))) truncated(`envelope ends at byte ${this.offset}, inside encrypted content`);
      const take = Math.min(left, this.avail);
      const v = this.buf.subarray(this.pos, this.pos + take);
      this.pos += take;
      this.offset += take;
      left -= take;
      yield v;
    }
  }

  async readHeader(): Promise<BerHeader> {
    const start = this.offset;
    const h0 = await this.peek(2);
    const tag = h0[0];
    if ((tag & 0x1f) === 0x1f) corrupt(`BER: high tag number at byte ${start}`);
    const constructed = (tag & 0x20) !== 0;
    const l0 = h0[1];
    let length: number | null;
    let hl = 2;
    if (l0 === 0x80) {
      if (!constructed) corrupt(`BER: indefinite length on a primitive encoding at byte ${start}`);
      length = null;
    } else if (l0 & 0x80) {
      const n = l0 & 0x7f;
      if (n > 6) corrupt(`BER: length too long at byte ${start}`);
      const b = await this.peek(2 + n);
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + b[2 + i];
      hl = 2 + n;
    } else length = l0;
    const bytes = await this.read(hl);
    return { tag, constructed, length, bytes, contentStart: this.offset };
  }

  /** True (and consumed) when the next two bytes are an end-of-contents marker. */
  async takeEoc(): Promise<boolean> {
    const b = await this.peek(2);
    if (b[0] !== 0 || b[1] !== 0) return false;
    await this.read(2);
    return true;
  }

  /**
   * Reads one whole element (any lengths) into memory, at most `max` bytes; for the small parts of an
   * envelope (OIDs, algorithm identifiers, RecipientInfos), never for the content.
   */
  async readElement(max: number): Promise<BerNode> {
    const parts: Uint8Array[] = [];
    let size = 0;
    const add = (b: Uint8Array): void => {
      size += b.length;
      if (size > max) corrupt(`BER: element larger than ${max} bytes where a small one is expected`);
      parts.push(b);
    };
    const one = async (depth: number): Promise<void> => {
      if (depth > MAX_DEPTH) corrupt('BER: nesting too deep');
      const h = await this.readHeader();
      add(h.bytes);
      if (h.length !== null) {
        if (size + h.length > max) corrupt(`BER: element larger than ${max} bytes where a small one is expected`);
        add(await this.read(h.length));
        return;
      }
      while (!(await this.takeEoc())) await one(depth + 1);
      add(EOC);
    };
    await one(0);
    const raw = new Uint8Array(size);
    let o = 0;
    for (const p of parts) {
      raw.set(p, o);
      o += p.length;
    }
    return parseBer(raw);
  }

  /** Releases the source (e.g. closes a file) without reading further. */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/**
 * A constructed element being read in place: `more()` says whether another child follows, `close()`
 * consumes its end (EOC, or checks the definite length was used exactly).
 */
export class Frame {
  readonly end: number | null;
  constructor(
    private readonly r: BerReader,
    h: BerHeader,
    private readonly what: string,
  ) {
    this.end = h.length === null ? null : h.contentStart + h.length;
  }
  async more(): Promise<boolean> {
    if (this.end !== null) {
      if (this.r.offset > this.end) corrupt(`${this.what}: children run past its length`);
      return this.r.offset < this.end;
    }
    const b = await this.r.peek(2);
    return !(b[0] === 0 && b[1] === 0);
  }
  async close(): Promise<void> {
    if (this.end !== null) {
      if (this.r.offset !== this.end) corrupt(`${this.what}: length does not match its children`);
      return;
    }
    if (!(await this.r.takeEoc())) corrupt(`${this.what}: expected end-of-contents`);
  }
}
