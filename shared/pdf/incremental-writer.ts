// Runs anywhere (pure). Appends one revision to a PDF (ISO 32000-1 §7.5.6 incremental updates): new and
// updated objects, a cross-reference section of the same kind as the file's last one (§7.5.4 table or
// §7.5.8 stream), a trailer with /Prev, startxref and %%EOF. Earlier bytes are never rewritten — that is
// what keeps earlier signatures valid, and why a general PDF writer (which re-saves) is no use here.
import { BidSealError } from '../errors';
import { PdfDict, PdfName, PdfRaw, PdfRef, PdfStream, PdfString, latin1, serialize, serializeIndirect, type PdfObject } from './objects';
import type { PdfDocument, XrefEntry } from './xref';

export interface BuiltRevision {
  /** the bytes to append after the original file */
  bytes: Uint8Array;
  /** object number → offset of `n g obj` within `bytes` */
  offsets: Map<number, number>;
}

export class IncrementalUpdate {
  private readonly objects = new Map<number, { gen: number; obj: PdfObject }>();
  private next: number;

  constructor(readonly doc: PdfDocument) {
    this.next = doc.size;
  }

  /** A fresh object number for a new object. */
  allocate(): PdfRef {
    return new PdfRef(this.next++, 0);
  }

  /** Adds a new object or replaces an existing one in the new revision. */
  set(ref: PdfRef, obj: PdfObject): void {
    this.objects.set(ref.num, { gen: ref.gen, obj });
  }

  has(num: number): boolean {
    return this.objects.has(num);
  }

  async build(): Promise<BuiltRevision> {
    const doc = this.doc;
    const base = doc.source.size;
    const last = base > 0 ? (await doc.source.read(base - 1, 1))[0] : 0x0a;
    const parts: Uint8Array[] = [];
    let len = 0;
    const push = (b: Uint8Array): void => {
      parts.push(b);
      len += b.length;
    };
    if (last !== 0x0a && last !== 0x0d) push(latin1('\n'));
    const offsets = new Map<number, number>();
    const nums = [...this.objects.keys()].sort((a, b) => a - b);
    for (const n of nums) {
      const { gen, obj } = this.objects.get(n)!;
      offsets.set(n, len);
      push(serializeIndirect(n, gen, obj));
    }
    const useStream = doc.repaired ? [...doc.sections[0].entries.values()].some((e) => e.type === 2) : doc.sections[doc.sections.length - 1].kind === 'stream';
    const trailer = new PdfDict();
    const old = doc.trailer;
    trailer.set('Root', old.get('Root')!);
    if (old.has('Info')) trailer.set('Info', old.get('Info')!);
    trailer.set('ID', newId(old.get('ID')));
    if (!doc.repaired) trailer.set('Prev', doc.startxref);

    // entries of this section: ours, plus (after a repair) every object the rebuilt xref knows
    const entries = new Map<number, XrefEntry>();
    if (doc.repaired) for (const [n, e] of doc.sections[0].entries) entries.set(n, e);
    for (const n of nums) entries.set(n, { type: 1, offset: base + offsets.get(n)!, gen: this.objects.get(n)!.gen });

    const xrefOffset = base + len;
    if (useStream) {
      const self = this.next++;
      entries.set(self, { type: 1, offset: xrefOffset, gen: 0 });
      const size = Math.max(doc.size, self + 1);
      const maxOff = Math.max(...[...entries.values()].map((e) => (e.type === 1 ? e.offset : e.type === 2 ? e.stream : 0)));
      const w1 = Math.max(1, Math.ceil(Math.log2(maxOff + 1) / 8));
      const sorted = [...entries.keys()].sort((a, b) => a - b);
      const index: number[] = [];
      const rows: number[] = [];
      for (const n of sorted) {
        if (index.length && index[index.length - 2] + index[index.length - 1] === n) index[index.length - 1]++;
        else index.push(n, 1);
        const e = entries.get(n)!;
        const [t, f1, f2] = e.type === 1 ? [1, e.offset, e.gen] : e.type === 2 ? [2, e.stream, e.index] : [0, 0, e.gen];
        rows.push(t);
        for (let i = w1 - 1; i >= 0; i--) rows.push(Math.floor(f1 / 256 ** i) & 0xff);
        rows.push((f2 >> 8) & 0xff, f2 & 0xff);
      }
      const d = new PdfDict([
        ['Type', new PdfName('XRef')],
        ['Size', size],
        ['Index', index],
        ['W', [1, w1, 2]],
      ]);
      for (const [k, v] of trailer.map) d.set(k, v);
      push(serializeIndirect(self, 0, new PdfStream(d, Uint8Array.from(rows))));
    } else {
      const size = Math.max(doc.size, this.next);
      trailer.set('Size', size);
      let s = 'xref\n';
      const sorted = [...entries.keys()].filter((n) => n !== 0).sort((a, b) => a - b);
      s += '0 1\n0000000000 65535 f\r\n';
      for (let i = 0; i < sorted.length;) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
        s += `${sorted[i]} ${j - i + 1}\n`;
        for (let k = i; k <= j; k++) {
          const e = entries.get(sorted[k])!;
          if (e.type === 1) s += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
          else if (e.type === 0) s += `0000000000 ${String(Math.min(65535, e.gen)).padStart(5, '0')} f\r\n`;
          else throw new BidSealError('E_PDF_UNSUPPORTED', 'compressed objects need an xref stream');
        }
        i = j + 1;
      }
      // /Size first for readability
      const t = new PdfDict([['Size', size]]);
      for (const [k, v] of trailer.map) t.set(k, v);
      s += `trailer\n${serialize(t)}\n`;
      push(latin1(s));
    }
    push(latin1(`startxref\n${xrefOffset}\n%%EOF\n`));
    const bytes = new Uint8Array(len);
    let o = 0;
    for (const p of parts) {
      bytes.set(p, o);
      o += p.length;
    }
    return { bytes, offsets };
  }
}

/** Keeps the first /ID element (the document's permanent identifier, §14.4) and renews the second. */
function newId(old: PdfObject | undefined): PdfObject {
  const fresh = new PdfString(globalThis.crypto.getRandomValues(new Uint8Array(16)), true);
  if (Array.isArray(old) && old[0] instanceof PdfString) return [new PdfString(old[0].bytes, true), fresh];
  return [fresh, new PdfString(fresh.bytes, true)];
}

export { PdfRaw };
