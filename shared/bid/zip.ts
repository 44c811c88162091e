// Runs anywhere (pure). A streaming STORE-only ZIP writer and reader (PKWARE APPNOTE 6.3.10: §4.3 layout,
// §4.4 fields, §4.5.3 ZIP64 extra field, §4.3.9 data descriptor, §4.3.14–16 ZIP64 end records), CRC-32 per
// ISO 3309. Hand-written: bid packages hold multi-GB files that must stream in bounded memory in one pass
// (the hashes are computed while the bytes go by), and need no compression (PDFs are already compressed).
//
// Writer profile (documented in docs/formats/bid-package.md): every entry is method 0 (stored) with general-purpose bits
// 3 (data descriptor) and 11 (UTF-8 names). The size is declared by the caller before the data is streamed,
// so the local header carries the real sizes (CRC 0) and the data descriptor repeats them with the CRC; the
// reader below streams through the local headers and then cross-checks everything against the central
// directory. ZIP64 (extra field 0x0001, 8-byte descriptor sizes, ZIP64 end records) is used per entry when
// its size or offset does not fit 32 bits, and for the archive when the directory does not.
import { BidSealError } from '../errors';

// ---------------------------------------------------------------------------------------------------
// CRC-32 (slice-by-8)
// ---------------------------------------------------------------------------------------------------

const CRC_TABLES: Uint32Array[] = (() => {
  const t: Uint32Array[] = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[0][n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k][n] = (t[0][t[k - 1][n] & 0xff] ^ (t[k - 1][n] >>> 8)) >>> 0;
  return t;
})();

/** A host's CRC-32 of `b` continuing from the CRC `value` of the bytes before (zlib's crc32 signature). */
export type NativeCrc32 = (b: Uint8Array, value: number) => number;
let nativeCrc: NativeCrc32 | undefined;
/**
 * Lets the host's CRC-32 (Node's zlib, about 8× the table code below) compute the same function; the
 * table code stays the fallback. A host registers it once (electron/services/bid/package.ts), checked
 * against the table code on a test vector before it is used.
 */
export function useNativeCrc32(f: NativeCrc32 | undefined): boolean {
  const probe = new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]); // "123456789" → cbf43926
  const prev = nativeCrc;
  nativeCrc = undefined;
  const ok = !!f && f(probe, 0) >>> 0 === 0xcbf43926 && f(probe.subarray(4), f(probe.subarray(0, 4), 0)) >>> 0 === 0xcbf43926;
  nativeCrc = ok ? f : prev;
  return ok;
}

/** Incremental CRC-32 (ISO 3309 / ITU-T V.42, the ZIP CRC). */
export class Crc32 {
  private c = 0xffffffff;
  update(b: Uint8Array): this {
    if (nativeCrc && b.length >= 64) {
      this.c = ~nativeCrc(b, ~this.c >>> 0) >>> 0;
      return this;
    }
    const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES;
    let c = this.c;
    let i = 0;
    const n8 = b.length - (b.length & 7);
    for (; i < n8; i += 8) {
      const lo = c ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
      c =
        t7[lo & 0xff] ^ t6[(lo >>> 8) & 0xff] ^ t5[(lo >>> 16) & 0xff] ^ t4[lo >>> 24] ^
        t3[b[i + 4]] ^ t2[b[i + 5]] ^ t1[b[i + 6]] ^ t0[b[i + 7]];
    }
    for (; i < b.length; i++) c = t0[(c ^ b[i]) & 0xff] ^ (c >>> 8);
    this.c = c;
    return this;
  }
  digest(): number {
    return (this.c ^ 0xffffffff) >>> 0;
  }
}

export function crc32(b: Uint8Array): number {
  return new Crc32().update(b).digest();
}

// ---------------------------------------------------------------------------------------------------
// Little-endian field helpers
// ---------------------------------------------------------------------------------------------------

const SIG = { local: 0x04034b50, central: 0x02014b50, descriptor: 0x08074b50, eocd: 0x06054b50, eocd64: 0x06064b50, locator64: 0x07064b50 } as const;
const U32 = 0xffffffff;
const U16 = 0xffff;
const FLAGS = 0x0808; // bit 3 data descriptor, bit 11 UTF-8
/** Stored entries only: no member may exceed what a JS number counts exactly. */
const MAX_SIZE = Number.MAX_SAFE_INTEGER;
const utf8 = new TextEncoder();

class Out {
  private b: Uint8Array;
  private v: DataView;
  o = 0;
  constructor(n: number) {
    this.b = new Uint8Array(n);
    this.v = new DataView(this.b.buffer);
  }
  u16(x: number): this {
    this.v.setUint16(this.o, x, true);
    this.o += 2;
    return this;
  }
  u32(x: number): this {
    this.v.setUint32(this.o, x >>> 0, true);
    this.o += 4;
    return this;
  }
  u64(x: number): this {
    this.v.setUint32(this.o, x % 0x100000000, true);
    this.v.setUint32(this.o + 4, Math.floor(x / 0x100000000), true);
    this.o += 8;
    return this;
  }
  bytes(x: Uint8Array): this {
    this.b.set(x, this.o);
    this.o += x.length;
    return this;
  }
  done(): Uint8Array {
    if (this.o !== this.b.length) throw new BidSealError('E_INTERNAL', `zip record length ${this.o} ≠ ${this.b.length}`);
    return this.b;
  }
}

const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32le = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const u64le = (b: Uint8Array, o: number) => u32le(b, o) + u32le(b, o + 4) * 0x100000000;

/** MS-DOS date and time (APPNOTE §4.4.6), local fields taken as UTC so output does not depend on the machine. */
function dosDateTime(d: Date): { time: number; date: number } {
  const y = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((y - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function zipError(msg: string, details?: Record<string, unknown>): never {
  throw new BidSealError('E_ZIP_CORRUPT', msg, details);
}

/**
 * Entry names we write and accept: a relative path of '/'-separated segments, none empty, '.', '..', or
 * with '\\', ':', control characters, and at most 255 UTF-8 bytes per segment (zip-slip guard).
 */
export function checkEntryName(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new BidSealError('E_INVALID_ARGUMENT', 'empty ZIP entry name');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:]/.test(name) || name.startsWith('/') || name.split('/').some((s) => s === '' || s === '.' || s === '..' || utf8.encode(s).length > 255)) {
    throw new BidSealError('E_INVALID_ARGUMENT', `unsafe ZIP entry name ${JSON.stringify(name)}`, { name });
  }
  return name;
}

// ---------------------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------------------

export interface ZipEntryInput {
  name: string;
  /** declared size in bytes; the data must have exactly this many (E_FILE_READ "changed while reading") */
  size: number;
  data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  modified?: Date;
  /** write the ZIP64 forms even when the sizes fit (APPNOTE §4.3.9.1 allows it; used by tests) */
  zip64?: boolean;
}

export interface ZipEntryRecord {
  name: string;
  size: number;
  crc32: number;
  offset: number;
  zip64: boolean;
}

/**
 * Writes a STORE-only ZIP of `entries`, yielding its bytes. The entries iterable is pulled lazily, one at
 * a time after the previous one's data ended, so a later entry (a manifest) may depend on earlier data.
 * `onEntry` is told about each entry after its data descriptor.
 */
export async function* zipStream(
  entries: AsyncIterable<ZipEntryInput> | Iterable<ZipEntryInput>,
  opts: { onEntry?: (r: ZipEntryRecord) => void; signal?: AbortSignal; comment?: string } = {},
): AsyncGenerator<Uint8Array> {
  const records: Array<ZipEntryRecord & { nameBytes: Uint8Array; time: number; date: number }> = [];
  const seen = new Set<string>();
  let offset = 0;
  for await (const e of entries as AsyncIterable<ZipEntryInput>) {
    const name = checkEntryName(e.name);
    if (seen.has(name)) throw new BidSealError('E_INVALID_ARGUMENT', `duplicate ZIP entry ${name}`, { name });
    seen.add(name);
    if (!Number.isSafeInteger(e.size) || e.size < 0 || e.size > MAX_SIZE) throw new BidSealError('E_INVALID_ARGUMENT', `bad size for ${name}`);
    const nameBytes = utf8.encode(name);
    const zip64 = e.zip64 === true || e.size >= U32 || offset >= U32;
    const { time, date } = dosDateTime(e.modified ?? new Date());
    const local = new Out(30 + nameBytes.length + (zip64 ? 20 : 0))
      .u32(SIG.local)
      .u16(zip64 ? 45 : 20)
      .u16(FLAGS)
      .u16(0) // stored
      .u16(time)
      .u16(date)
      .u32(0) // CRC in the data descriptor
      .u32(zip64 ? U32 : e.size)
      .u32(zip64 ? U32 : e.size)
      .u16(nameBytes.length)
      .u16(zip64 ? 20 : 0)
      .bytes(nameBytes);
    if (zip64) local.u16(0x0001).u16(16).u64(e.size).u64(e.size);
    yield local.done();
    const crc = new Crc32();
    let n = 0;
    for await (const c of e.data as AsyncIterable<Uint8Array>) {
      if (opts.signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
      n += c.length;
      if (n > e.size) throw new BidSealError('E_FILE_READ', `${name} grew while it was read (declared ${e.size} bytes)`, { name });
      crc.update(c);
      if (c.length) yield c;
    }
    if (n !== e.size) throw new BidSealError('E_FILE_READ', `${name} changed while it was read (${n} of ${e.size} bytes)`, { name });
    const rec = { name, size: n, crc32: crc.digest(), offset, zip64, nameBytes, time, date };
    const dd = new Out(zip64 ? 24 : 16).u32(SIG.descriptor).u32(rec.crc32);
    if (zip64) dd.u64(n).u64(n);
    else dd.u32(n).u32(n);
    yield dd.done();
    offset += 30 + nameBytes.length + (zip64 ? 20 : 0) + n + (zip64 ? 24 : 16);
    records.push(rec);
    opts.onEntry?.({ name, size: n, crc32: rec.crc32, offset: rec.offset, zip64 });
  }
  // central directory
  const cdStart = offset;
  let cdSize = 0;
  for (const r of records) {
    const bigSize = r.size >= U32 || r.zip64;
    const bigOff = r.offset >= U32;
    const extraLen = bigSize || bigOff ? 4 + (bigSize ? 16 : 0) + (bigOff ? 8 : 0) : 0;
    const needs64 = r.zip64 || extraLen > 0;
    const c = new Out(46 + r.nameBytes.length + extraLen)
      .u32(SIG.central)
      .u16((3 << 8) | 45) // made by: UNIX, 4.5
      .u16(needs64 ? 45 : 20)
      .u16(FLAGS)
      .u16(0)
      .u16(r.time)
      .u16(r.date)
      .u32(r.crc32)
      .u32(bigSize ? U32 : r.size)
      .u32(bigSize ? U32 : r.size)
      .u16(r.nameBytes.length)
      .u16(extraLen)
      .u16(0) // comment
      .u16(0) // disk
      .u16(0) // internal attributes
      .u32((0o100644 << 16) >>> 0) // external: regular file rw-r--r--
      .u32(bigOff ? U32 : r.offset)
      .bytes(r.nameBytes);
    if (extraLen) {
      c.u16(0x0001).u16(extraLen - 4);
      if (bigSize) c.u64(r.size).u64(r.size);
      if (bigOff) c.u64(r.offset);
    }
    const b = c.done();
    cdSize += b.length;
    yield b;
  }
  const end: Uint8Array[] = [];
  const comment = utf8.encode(opts.comment ?? '');
  if (comment.length > U16) throw new BidSealError('E_INVALID_ARGUMENT', 'ZIP comment too long');
  const z64 = records.length >= U16 || cdStart >= U32 || cdSize >= U32;
  if (z64) {
    const eocd64At = cdStart + cdSize;
    end.push(new Out(56).u32(SIG.eocd64).u64(44).u16((3 << 8) | 45).u16(45).u32(0).u32(0).u64(records.length).u64(records.length).u64(cdSize).u64(cdStart).done());
    end.push(new Out(20).u32(SIG.locator64).u32(0).u64(eocd64At).u32(1).done());
  }
  end.push(
    new Out(22 + comment.length)
      .u32(SIG.eocd)
      .u16(0)
      .u16(0)
      .u16(z64 ? U16 : records.length)
      .u16(z64 ? U16 : records.length)
      .u32(z64 ? U32 : cdSize)
      .u32(z64 ? U32 : cdStart)
      .u16(comment.length)
      .bytes(comment)
      .done(),
  );
  for (const b of end) yield b;
}

// ---------------------------------------------------------------------------------------------------
// Streaming reader
// ---------------------------------------------------------------------------------------------------

/** Pulls exact byte counts out of an async chunk stream. */
export class ByteReader {
  private it: AsyncIterator<Uint8Array>;
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  /** bytes consumed so far */
  offset = 0;
  private ended = false;
  constructor(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    if (Symbol.asyncIterator in (input as object)) this.it = (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    else {
      const src = input as Iterable<Uint8Array>;
      this.it = (async function* () {
        yield* src;
      })();
    }
  }
  private async fill(): Promise<boolean> {
    while (this.pos >= this.buf.length) {
      if (this.ended) return false;
      const r = await this.it.next();
      if (r.done) {
        this.ended = true;
        return false;
      }
      this.buf = r.value;
      this.pos = 0;
    }
    return true;
  }
  /** exactly n bytes (copied), or E_TRUNCATED */
  async read(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      if (!(await this.fill())) throw new BidSealError('E_TRUNCATED', `ZIP ends early at byte ${this.offset}`);
      const k = Math.min(n - o, this.buf.length - this.pos);
      out.set(this.buf.subarray(this.pos, this.pos + k), o);
      this.pos += k;
      o += k;
      this.offset += k;
    }
    return out;
  }
  /** n bytes as chunks (views, valid until the next call) */
  async *stream(n: number): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill())) throw new BidSealError('E_TRUNCATED', `ZIP ends early at byte ${this.offset}`);
      const k = Math.min(left, this.buf.length - this.pos);
      const c = this.buf.subarray(this.pos, this.pos + k);
      this.pos += k;
      left -= k;
      this.offset += k;
      yield c;
    }
  }
  /** whatever is buffered or arrives next (a view), or undefined at the end */
  async next(): Promise<Uint8Array | undefined> {
    if (!(await this.fill())) return undefined;
    const c = this.buf.subarray(this.pos);
    this.offset += c.length;
    this.pos = this.buf.length;
    return c;
  }
  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

export interface ZipEntryHeader {
  name: string;
  size: number;
  offset: number;
  zip64: boolean;
  modified: Date;
}

export interface ZipReadEntry extends ZipEntryHeader {
  /** the stored bytes; must be consumed (or skipped by not iterating) before the next entry is asked for */
  data: AsyncIterable<Uint8Array>;
}

export interface ZipSummary {
  entries: Array<ZipEntryHeader & { crc32: number }>;
  /** the central directory names exactly the entries streamed, with the same sizes, CRCs and offsets */
  centralDirectoryConsistent: true;
  comment: string;
  bytes: number;
}

function dosToDate(time: number, date: number): Date {
  return new Date(Date.UTC(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2));
}

function zip64Extra(extra: Uint8Array, want: { size: boolean; csize: boolean; offset: boolean }): { size?: number; csize?: number; offset?: number } {
  for (let o = 0; o + 4 <= extra.length;) {
    const id = u16le(extra, o);
    const len = u16le(extra, o + 2);
    if (o + 4 + len > extra.length) zipError('extra field overruns its header');
    if (id === 0x0001) {
      let p = o + 4;
      const out: { size?: number; csize?: number; offset?: number } = {};
      const take = (): number => {
        if (p + 8 > o + 4 + len) zipError('ZIP64 extra field too short');
        const v = u64le(extra, p);
        p += 8;
        if (v > MAX_SIZE) zipError('ZIP64 value too large');
        return v;
      };
      if (want.size) out.size = take();
      if (want.csize) out.csize = take();
      if (want.offset) out.offset = take();
      return out;
    }
    o += 4 + len;
  }
  return zipError('ZIP64 extra field missing');
}

/**
 * Reads a STORE-only ZIP as a stream: yields each entry with its data (CRC-checked as it is consumed;
 * E_ZIP_CORRUPT at its end on mismatch), then reads the central directory and end records and checks them
 * against what was streamed. The generator's return value is the summary. Entries whose local header has
 * no size (another writer's data-descriptor entries) are E_UNSUPPORTED_ALGORITHM for this streaming reader.
 */
export async function* unzipStream(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: { maxEntries?: number } = {}): AsyncGenerator<ZipReadEntry, ZipSummary> {
  const r = new ByteReader(input);
  const maxEntries = opts.maxEntries ?? 10000;
  const streamed: Array<ZipEntryHeader & { crc32: number }> = [];
  const names = new Set<string>();
  try {
    let sig: number;
    for (;;) {
      const at = r.offset;
      sig = u32le(await r.read(4), 0);
      if (sig !== SIG.local) break;
      const h = await r.read(26);
      const version = u16le(h, 0);
      const flags = u16le(h, 2);
      const method = u16le(h, 4);
      if (version > 45) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `ZIP feature version ${version / 10}`);
      if (flags & 0x0001) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', 'encrypted ZIP entries');
      if (method !== 0) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `ZIP compression method ${method} (bid packages are stored, method 0)`);
      const time = u16le(h, 6);
      const date = u16le(h, 8);
      const crcLocal = u32le(h, 10);
      let csize = u32le(h, 14);
      let size = u32le(h, 18);
      const nameLen = u16le(h, 22);
      const extraLen = u16le(h, 24);
      const nameBytes = await r.read(nameLen);
      const extra = await r.read(extraLen);
      let name: string;
      try {
        name = new TextDecoder('utf-8', { fatal: true }).decode(nameBytes);
      } catch {
        return zipError('entry name is not UTF-8');
      }
      try {
        checkEntryName(name);
      } catch {
        zipError(`unsafe entry name ${JSON.stringify(name)}`, { name });
      }
      if (names.has(name)) zipError(`duplicate entry ${name}`, { name });
      names.add(name);
      if (streamed.length >= maxEntries) zipError(`more than ${maxEntries} entries`);
      const zip64 = size === U32 || csize === U32;
      if (zip64) {
        const z = zip64Extra(extra, { size: size === U32, csize: csize === U32, offset: false });
        size = z.size ?? size;
        csize = z.csize ?? csize;
      }
      if (csize !== size) zipError(`${name}: stored entry with compressed size ≠ size`);
      const hasDd = (flags & 0x0008) !== 0;
      const crc = new Crc32();
      const entry: ZipReadEntry = { name, size, offset: at, zip64, modified: dosToDate(time, date), data: (async function* () {})() };
      let consumed = false;
      entry.data = (async function* () {
        consumed = true;
        for await (const c of r.stream(size)) {
          crc.update(c);
          yield c;
        }
      })();
      yield entry;
      if (!consumed) for await (const c of r.stream(size)) crc.update(c);
      const got = crc.digest();
      let crcDeclared = crcLocal;
      if (hasDd) {
        const d = await r.read(4);
        let p = 0;
        let dd: Uint8Array;
        if (u32le(d, 0) === SIG.descriptor) dd = await r.read(zip64 ? 20 : 12);
        else {
          dd = new Uint8Array(zip64 ? 20 : 12);
          dd.set(d);
          dd.set(await r.read(dd.length - 4), 4);
        }
        crcDeclared = u32le(dd, p);
        p += 4;
        const ds = zip64 ? u64le(dd, p + 8) : u32le(dd, p + 4);
        const dcs = zip64 ? u64le(dd, p) : u32le(dd, p);
        if (ds !== size || dcs !== size) {
          if (size === 0 && crcLocal === 0 && ds > 0) throw new BidSealError('E_UNSUPPORTED_ALGORITHM', `${name}: entry size only in the data descriptor (not streamable)`);
          zipError(`${name}: data descriptor says ${ds} bytes, the local header ${size}`, { name });
        }
      }
      if (got !== crcDeclared) zipError(`${name}: CRC-32 mismatch`, { name });
      streamed.push({ name, size, offset: at, zip64, modified: entry.modified, crc32: got });
    }
    // central directory
    const cdStart = r.offset - 4;
    let i = 0;
    while (sig === SIG.central) {
      const h = await r.read(42);
      const flags = u16le(h, 4);
      const method = u16le(h, 6);
      const crc = u32le(h, 12);
      let csize = u32le(h, 16);
      let size = u32le(h, 20);
      const nameLen = u16le(h, 24);
      const extraLen = u16le(h, 26);
      const commentLen = u16le(h, 28);
      let off = u32le(h, 38);
      const name = new TextDecoder().decode(await r.read(nameLen));
      const extra = await r.read(extraLen);
      await r.read(commentLen);
      if (size === U32 || csize === U32 || off === U32) {
        const z = zip64Extra(extra, { size: size === U32, csize: csize === U32, offset: off === U32 });
        size = z.size ?? size;
        csize = z.csize ?? csize;
        off = z.offset ?? off;
      }
      const s = streamed[i++];
      if (!s || s.name !== name || s.size !== size || csize !== size || s.crc32 !== crc || s.offset !== off || method !== 0 || (flags & 1)) {
        zipError(`central directory entry ${i} (${name}) differs from the streamed entry ${s ? s.name : '(none)'}`, { name });
      }
      sig = u32le(await r.read(4), 0);
    }
    if (i !== streamed.length) zipError(`central directory lists ${i} entries, ${streamed.length} were streamed`);
    const cdSize = r.offset - 4 - cdStart;
    let total = streamed.length;
    let cdSizeDeclared = cdSize;
    let cdStartDeclared = cdStart;
    if (sig === SIG.eocd64) {
      const eocd64At = r.offset - 4;
      const h = await r.read(8);
      const recLen = u64le(h, 0);
      if (recLen < 44 || recLen > 1 << 16) zipError('ZIP64 end record length');
      const rec = await r.read(recLen);
      total = u64le(rec, 20);
      cdSizeDeclared = u64le(rec, 28);
      cdStartDeclared = u64le(rec, 36);
      if (u32le(await r.read(4), 0) !== SIG.locator64) zipError('ZIP64 end locator missing');
      const loc = await r.read(16);
      if (u64le(loc, 4) !== eocd64At) zipError('ZIP64 end locator points elsewhere');
      if (total !== streamed.length || cdSizeDeclared !== cdSize || cdStartDeclared !== cdStart) zipError('ZIP64 end record disagrees with the central directory');
      sig = u32le(await r.read(4), 0);
    }
    if (sig !== SIG.eocd) zipError(`unexpected record 0x${sig.toString(16)} at byte ${r.offset - 4}`);
    const e = await r.read(18);
    const n16 = u16le(e, 6);
    const size32 = u32le(e, 8);
    const start32 = u32le(e, 12);
    const commentLen = u16le(e, 16);
    const comment = new TextDecoder().decode(await r.read(commentLen));
    if ((n16 !== U16 && n16 !== streamed.length % 0x10000) || (size32 !== U32 && size32 !== cdSize) || (start32 !== U32 && start32 !== cdStart)) zipError('end of central directory record disagrees with the central directory');
    if (!(await r.atEnd())) zipError(`trailing bytes after the ZIP at byte ${r.offset}`);
    return { entries: streamed, centralDirectoryConsistent: true, comment, bytes: r.offset };
  } finally {
    await r.close().catch(() => {});
  }
}
