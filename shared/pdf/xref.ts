// Runs anywhere (pure). Reads a PDF's cross-reference data from its end (ISO 32000-1 §7.5.4 xref tables,
// §7.5.5 trailer, §7.5.6 incremental updates, §7.5.7 object streams, §7.5.8 xref streams and hybrid
// files) over a RandomAccessSource, with a scan-and-rebuild fallback. Hand-written: only the tail and the
// objects asked for are read, and the revision structure is kept for signature coverage analysis.
import { BidSealError } from '../errors';
import { NeedMoreData, Parser, type IndirectHeader } from './lexer';
import { PdfDict, PdfRef, PdfStream, PdfString, fromLatin1, type PdfObject } from './objects';
import { StandardDecryptor } from './crypt';
import { decodeStream } from './filters';
import type { RandomAccessSource } from './source';

export type XrefEntry = { type: 0; gen: number } | { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

export interface XrefSection {
  /** file offset of `xref` or of the xref stream object (the startxref value) */
  offset: number;
  kind: 'table' | 'stream';
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
  /** object number of the xref stream (kind 'stream'), or of a hybrid file's /XRefStm */
  streamNum?: number;
}

const corrupt = (msg: string, details?: Record<string, unknown>): never => {
  throw new BidSealError('E_PDF_CORRUPT', msg, details);
};

const TAIL = 4096;
const MAX_WINDOW = 64 << 20;

export class PdfDocument {
  /** oldest first; the last is the newest revision's section */
  readonly sections: XrefSection[] = [];
  /** true when the xref was rebuilt by scanning (the file's own xref was unusable) */
  repaired = false;
  /** the startxref value at the end of the file */
  startxref = -1;
  private objCache = new Map<string, PdfObject>();
  private objStmCache = new Map<number, Promise<{ offsets: number[]; nums: number[]; data: Uint8Array; first: number }>>();

  private constructor(readonly source: RandomAccessSource) {}

  /**
   * `password`: open an encrypted document (standard security handler) for reading with this user or owner
   * password ('' = the empty user password most encrypted PDFs have); strings and streams are then decrypted
   * as they are read. Without it an encrypted document is refused (E_PDF_ENCRYPTED) unless `allowEncrypted`.
   */
  static async open(source: RandomAccessSource, opts: { allowEncrypted?: boolean; password?: string } = {}): Promise<PdfDocument> {
    const doc = new PdfDocument(source);
    if (source.size < 16) corrupt('file too small to be a PDF');
    const head = fromLatin1(await source.read(0, Math.min(1024, source.size)));
    if (!head.includes('%PDF-')) corrupt('no %PDF- header');
    try {
      await doc.loadXref();
      if (opts.password !== undefined) await doc.setupDecryption(opts.password);
      await doc.pages(); // an xref that points at the wrong objects is as broken as a missing one
    } catch (e) {
      if (!(e instanceof BidSealError) || e.code !== 'E_PDF_CORRUPT') throw e;
      doc.objCache.clear();
      doc.objStmCache.clear();
      doc.decryptor = undefined;
      await doc.reconstruct(e, opts.password);
    }
    if (!opts.allowEncrypted && opts.password === undefined && doc.trailer.has('Encrypt')) throw new BidSealError('E_PDF_ENCRYPTED');
    return doc;
  }

  /** the decryptor of an encrypted document opened with a password */
  private decryptor?: StandardDecryptor;
  private encryptNum = -1;
  private streamOwner = new WeakMap<PdfStream, { num: number; gen: number }>();

  get encrypted(): boolean {
    return this.trailer.has('Encrypt');
  }

  private async setupDecryption(password: string): Promise<void> {
    const enc = this.trailer.get('Encrypt');
    if (enc === undefined || this.decryptor) return;
    if (enc instanceof PdfRef) this.encryptNum = enc.num;
    const d = await this.resolveDict(enc);
    if (!d) corrupt('/Encrypt is not a dictionary');
    const id = this.trailer.get('ID');
    const id0 = Array.isArray(id) && id[0] instanceof PdfString ? id[0].bytes : new Uint8Array(0);
    this.decryptor = StandardDecryptor.open(d!, id0, password);
    this.objCache.clear();
    this.objStmCache.clear();
  }

  get trailer(): PdfDict {
    return this.sections[this.sections.length - 1].trailer;
  }

  /** /Size of the newest trailer (at least one past the highest object number seen). */
  get size(): number {
    let max = 0;
    for (const s of this.sections) for (const n of s.entries.keys()) max = Math.max(max, n + 1);
    const sz = this.trailer.get('Size');
    return Math.max(max, typeof sz === 'number' ? sz : 0);
  }

  // ---------------------------------------------------------------------------------------------
  // windows
  // ---------------------------------------------------------------------------------------------

  /** Runs `f` on a window at `offset`, growing the window while the parser needs more. */
  async withWindow<T>(offset: number, f: (p: Parser) => T | Promise<T>, initial = 8192): Promise<T> {
    if (offset < 0 || offset >= this.source.size) corrupt(`offset ${offset} outside the file`);
    for (let len = initial; ; len *= 4) {
      const n = Math.min(len, this.source.size - offset);
      const buf = await this.source.read(offset, n);
      const atEof = offset + n >= this.source.size;
      try {
        return await f(new Parser(buf, 0, offset, atEof || len >= MAX_WINDOW));
      } catch (e) {
        if (!(e instanceof NeedMoreData) || atEof) throw e;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // xref chain
  // ---------------------------------------------------------------------------------------------

  private async loadXref(): Promise<void> {
    const size = this.source.size;
    const tailStart = Math.max(0, size - TAIL);
    const tail = fromLatin1(await this.source.read(tailStart, size - tailStart));
    const at = tail.lastIndexOf('startxref');
    if (at < 0) corrupt('startxref not found');
    const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) corrupt('startxref offset missing');
    this.startxref = Number(m![1]);
    const visited = new Set<number>();
    const chain: XrefSection[] = [];
    let off: number | undefined = this.startxref;
    while (off !== undefined) {
      if (visited.has(off)) corrupt('/Prev loop in cross-reference chain');
      visited.add(off);
      const sec = await this.readSection(off);
      chain.push(sec);
      const prev = sec.trailer.get('Prev');
      off = typeof prev === 'number' ? prev : undefined;
    }
    this.sections.push(...chain.reverse());
    if (!(this.trailer.get('Root') instanceof PdfRef)) corrupt('trailer has no /Root');
  }

  private async readSection(offset: number): Promise<XrefSection> {
    const isTable = await this.withWindow(offset, (p) => p.keyword('xref'), 64);
    if (isTable) {
      const sec = await this.withWindow(offset, (p) => readTable(p, offset));
      const xs = sec.trailer.get('XRefStm');
      if (typeof xs === 'number') {
        // hybrid file (§7.5.8.4): the stream's entries come after the table's in-use ones, before /Prev
        const st = await this.readXrefStream(xs);
        for (const [n, e] of st.entries) {
          const cur = sec.entries.get(n);
          if (!cur || cur.type === 0) sec.entries.set(n, e);
        }
        sec.streamNum = st.streamNum;
      }
      return sec;
    }
    return this.readXrefStream(offset);
  }

  private async readXrefStream(offset: number): Promise<XrefSection> {
    const h = await this.withWindow(offset, (p) => p.readIndirect(), 1024);
    if (!(h.obj instanceof PdfDict) || h.streamStart === undefined || h.obj.name('Type') !== 'XRef') corrupt(`no xref stream at ${offset}`);
    const d = h.obj as PdfDict;
    const len = d.get('Length');
    if (typeof len !== 'number') corrupt('xref stream /Length must be direct');
    const data = await decodeStream(d, await this.source.read(h.streamStart!, len as number));
    const w = d.get('W');
    if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8)) corrupt('bad xref stream /W');
    const [w0, w1, w2] = w as number[];
    const sz = d.get('Size');
    const idx = d.get('Index');
    const index = Array.isArray(idx) ? (idx as number[]) : [0, typeof sz === 'number' ? sz : 0];
    const entries = new Map<number, XrefEntry>();
    const rec = w0 + w1 + w2;
    let pos = 0;
    const field = (width: number, def: number): number => {
      if (width === 0) return def;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + data[pos++];
      return v;
    };
    for (let i = 0; i + 1 < index.length; i += 2) {
      const start = index[i], count = index[i + 1];
      for (let k = 0; k < count; k++) {
        if (pos + rec > data.length) corrupt('xref stream shorter than /Index says');
        const t = field(w0, 1), f1 = field(w1, 0), f2 = field(w2, 0);
        const n = start + k;
        if (entries.has(n)) continue;
        if (t === 0) entries.set(n, { type: 0, gen: f2 });
        else if (t === 1) entries.set(n, { type: 1, offset: f1, gen: f2 });
        else if (t === 2) entries.set(n, { type: 2, stream: f1, index: f2 });
      }
    }
    return { offset, kind: 'stream', trailer: d, entries, streamNum: h.num };
  }

  /** Rebuilds the xref by scanning for `n g obj` (§7.5.4 recovery, as readers do). */
  private async reconstruct(cause: unknown, password?: string): Promise<void> {
    const entries = new Map<number, XrefEntry>();
    let trailer: PdfDict | undefined;
    const CH = 1 << 20;
    const objRe = /(?:^|[\r\n\s])(\d{1,10})\s+(\d{1,5})\s+obj\b/g;
    const trailerAt: number[] = [];
    const xrefStreams: number[] = [];
    for (let off = 0; off < this.source.size; off += CH) {
      const overlap = 64;
      const start = Math.max(0, off - overlap);
      const s = fromLatin1(await this.source.read(start, Math.min(CH + overlap, this.source.size - start)));
      objRe.lastIndex = 0;
      for (let m; (m = objRe.exec(s));) {
        const at = start + m.index + m[0].indexOf(m[1]);
        if (at < off && off > 0) continue;
        entries.set(Number(m[1]), { type: 1, offset: at, gen: Number(m[2]) });
      }
      for (let i = s.indexOf('trailer'); i >= 0; i = s.indexOf('trailer', i + 1)) if (start + i >= off || off === 0) trailerAt.push(start + i);
      for (let i = s.indexOf('/XRef'); i >= 0; i = s.indexOf('/XRef', i + 1)) xrefStreams.push(start + i);
    }
    for (const t of trailerAt) {
      try {
        const d = await this.withWindow(t, (p) => (p.keyword('trailer') ? p.readObject() : null));
        if (d instanceof PdfDict && d.get('Root') instanceof PdfRef) trailer = mergeTrailer(trailer, d);
      } catch {
        /* skip a broken trailer */
      }
    }
    // objects in object streams
    const sec: XrefSection = { offset: -1, kind: 'table', trailer: trailer ?? new PdfDict(), entries };
    this.sections.length = 0;
    this.sections.push(sec);
    this.repaired = true;
    for (const [n, e] of [...entries]) {
      if (e.type !== 1) continue;
      try {
        const h = await this.readAt(e.offset);
        if (!(h.obj instanceof PdfDict)) continue;
        const type = h.obj.name('Type');
        if (type === 'XRef' && h.obj.get('Root') instanceof PdfRef) sec.trailer = mergeTrailer(sec.trailer, h.obj);
        if (type === 'ObjStm') {
          const os = await this.objStm(n);
          os.nums.forEach((num, index) => {
            if (!entries.has(num)) entries.set(num, { type: 2, stream: n, index });
          });
        }
        if (type === 'Catalog' && !(sec.trailer.get('Root') instanceof PdfRef)) sec.trailer.set('Root', new PdfRef(n, e.gen));
      } catch {
        /* an unreadable object stays unreadable */
      }
    }
    if (!(sec.trailer.get('Root') instanceof PdfRef) || entries.size === 0)
      throw new BidSealError('E_PDF_CORRUPT', 'cross-reference data is broken and the file could not be rebuilt', { reason: (cause as Error)?.message }, { cause });
    sec.trailer.set('Size', Math.max(...entries.keys()) + 1);
    if (password !== undefined) await this.setupDecryption(password);
    // a rebuilt file must at least have a readable page tree, or it is not a usable document
    const pages = await this.pages().then((p) => p.length, () => 0);
    if (pages === 0) throw new BidSealError('E_PDF_CORRUPT', 'cross-reference data is broken and no page tree could be recovered', { reason: (cause as Error)?.message }, { cause });
  }

  // ---------------------------------------------------------------------------------------------
  // objects
  // ---------------------------------------------------------------------------------------------

  /** The xref entry for an object as of revision `rev` (index into sections; default newest). */
  entry(num: number, rev = this.sections.length - 1): XrefEntry | undefined {
    for (let i = rev; i >= 0; i--) {
      const e = this.sections[i].entries.get(num);
      if (e) return e;
    }
    return undefined;
  }

  async readAt(offset: number): Promise<IndirectHeader> {
    return this.withWindow(offset, (p) => p.readIndirect(), 2048);
  }

  /** Object `num` as of revision `rev`; null when free or missing (§7.3.10: a missing object is null). */
  async getObject(num: number, rev = this.sections.length - 1): Promise<PdfObject> {
    const e = this.entry(num, rev);
    if (!e || e.type === 0) return null;
    const key = e.type === 1 ? `o${e.offset}` : `s${e.stream}:${e.index}`;
    const hit = this.objCache.get(key);
    if (hit !== undefined) return hit;
    let obj: PdfObject;
    if (e.type === 1) {
      const h = await this.readAt(e.offset);
      if (h.num !== num) corrupt(`xref points object ${num} at ${e.offset}, found ${h.num}`);
      // strings of a top-level object are encrypted with its own key (objects inside object streams are not)
      const plain = this.decryptor && num !== this.encryptNum ? this.decryptor.decryptObject(h.obj, num, e.gen) : h.obj;
      if (h.streamStart !== undefined) {
        const st = new PdfStream(plain as PdfDict, { offset: h.streamStart, length: await this.streamLength(h.obj as PdfDict, h.streamStart) });
        this.streamOwner.set(st, { num, gen: e.gen });
        obj = st;
      } else obj = plain;
    } else {
      const os = await this.objStm(e.stream);
      if (e.index >= os.nums.length || os.nums[e.index] !== num) {
        const i = os.nums.indexOf(num);
        if (i < 0) corrupt(`object ${num} not in object stream ${e.stream}`);
        obj = this.parseInObjStm(os, i);
      } else obj = this.parseInObjStm(os, e.index);
    }
    this.objCache.set(key, obj);
    return obj;
  }

  private parseInObjStm(os: { offsets: number[]; data: Uint8Array; first: number }, i: number): PdfObject {
    return new Parser(os.data, os.first + os.offsets[i], 0, true).readObject();
  }

  private objStm(num: number): Promise<{ offsets: number[]; nums: number[]; data: Uint8Array; first: number }> {
    let p = this.objStmCache.get(num);
    if (!p) {
      p = (async () => {
        // an object stream must itself be an uncompressed object (§7.5.7); this also stops self-reference loops
        if (this.entry(num)?.type !== 1) corrupt(`object stream ${num} is not a plain object`);
        const s = await this.getObject(num);
        if (!(s instanceof PdfStream) || s.dict.name('Type') !== 'ObjStm') corrupt(`object ${num} is not an object stream`);
        const st = s as PdfStream;
        const data = await this.streamData(st);
        const n = st.dict.get('N'), first = st.dict.get('First');
        if (typeof n !== 'number' || typeof first !== 'number') corrupt('object stream without /N or /First');
        const p = new Parser(data, 0, 0, true);
        const nums: number[] = [], offsets: number[] = [];
        for (let i = 0; i < (n as number); i++) {
          nums.push(p.readInt());
          offsets.push(p.readInt());
        }
        return { nums, offsets, data, first: first as number };
      })();
      this.objStmCache.set(num, p);
    }
    return p;
  }

  private async streamLength(d: PdfDict, start: number): Promise<number> {
    let len = d.get('Length');
    if (len instanceof PdfRef) len = await this.getObject(len.num);
    if (typeof len === 'number' && len >= 0 && start + len <= this.source.size) {
      const after = fromLatin1(await this.source.read(start + len, 32));
      if (/^\s*endstream/.test(after)) return len;
    }
    // wrong or missing /Length: find `endstream` (readers do the same)
    for (let off = start; off < this.source.size; off += 1 << 20) {
      const s = fromLatin1(await this.source.read(off, (1 << 20) + 16));
      const i = s.indexOf('endstream');
      if (i >= 0) {
        let end = off + i;
        const pre = await this.source.read(Math.max(start, end - 2), end - Math.max(start, end - 2));
        for (let k = pre.length - 1; k >= 0 && (pre[k] === 0x0a || pre[k] === 0x0d); k--) end--;
        return end - start;
      }
    }
    return corrupt('stream without endstream');
  }

  async resolve(o: PdfObject | undefined, rev?: number): Promise<PdfObject> {
    if (o instanceof PdfRef) return this.getObject(o.num, rev);
    return o ?? null;
  }

  async resolveDict(o: PdfObject | undefined, rev?: number): Promise<PdfDict | undefined> {
    const r = await this.resolve(o, rev);
    return r instanceof PdfDict ? r : r instanceof PdfStream ? r.dict : undefined;
  }

  async streamRaw(s: PdfStream): Promise<Uint8Array> {
    return s.data instanceof Uint8Array ? s.data : this.source.read(s.data.offset, s.data.length);
  }

  async streamData(s: PdfStream): Promise<Uint8Array> {
    const owner = this.decryptor && this.streamOwner.get(s);
    const raw = await this.streamRaw(s);
    return decodeStream(s.dict, owner ? this.decryptor!.decryptStream(s.dict, owner.num, owner.gen, raw) : raw);
  }

  async catalog(rev?: number): Promise<PdfDict> {
    const root = rev === undefined ? this.trailer.get('Root') : this.trailerAt(rev).get('Root');
    const c = await this.resolveDict(root, rev);
    if (!c) corrupt('document catalog missing');
    return c!;
  }

  trailerAt(rev: number): PdfDict {
    for (let i = rev; i >= 0; i--) if (this.sections[i].trailer.has('Root')) return this.sections[i].trailer;
    return this.trailer;
  }

  /** Page object references in document order (§7.7.3), guarding against cycles. */
  async pages(rev?: number): Promise<PdfRef[]> {
    const out: PdfRef[] = [];
    const seen = new Set<string>();
    const walk = async (ref: PdfObject | undefined, depth: number): Promise<void> => {
      if (!(ref instanceof PdfRef) || seen.has(ref.key) || depth > 64) return;
      seen.add(ref.key);
      const d = await this.resolveDict(ref, rev);
      if (!d) return;
      const kids = await this.resolve(d.get('Kids'), rev);
      if (d.name('Type') === 'Pages' || Array.isArray(kids)) {
        if (Array.isArray(kids)) for (const k of kids) await walk(k, depth + 1);
      } else out.push(ref);
    };
    await walk((await this.catalog(rev)).get('Pages'), 0);
    return out;
  }
}

function mergeTrailer(old: PdfDict | undefined, d: PdfDict): PdfDict {
  const t = new PdfDict();
  for (const k of ['Root', 'Info', 'ID', 'Encrypt']) {
    const v = d.get(k) ?? old?.get(k);
    if (v !== undefined) t.set(k, v);
  }
  return t;
}

/** Parses `xref` subsections and the `trailer` dictionary (§7.5.4, §7.5.5). */
function readTable(p: Parser, offset: number): XrefSection {
  if (!p.keyword('xref')) corrupt(`xref expected at ${offset}`);
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    if (p.keyword('trailer')) break;
    const start = p.readInt();
    const count = p.readInt();
    if (start < 0 || count < 0) corrupt('bad xref subsection header');
    for (let i = 0; i < count; i++) {
      const off = p.word();
      const gen = p.word();
      const t = p.word();
      if (!/^\d+$/.test(off) || !/^\d+$/.test(gen) || (t !== 'n' && t !== 'f')) corrupt(`bad xref entry ${start + i} in section at ${offset}`);
      const n = start + i;
      if (entries.has(n)) continue;
      if (t === 'n') {
        if (Number(off) === 0 && n !== 0) continue; // some writers mark free objects this way
        entries.set(n, { type: 1, offset: Number(off), gen: Number(gen) });
      } else entries.set(n, { type: 0, gen: Number(gen) });
    }
  }
  const trailer = p.readObject();
  if (!(trailer instanceof PdfDict)) corrupt('trailer is not a dictionary');
  return { offset, kind: 'table', trailer: trailer as PdfDict, entries };
}
