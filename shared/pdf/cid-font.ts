// Runs anywhere (pure). An embedded TrueType subset as a composite font (ISO 32000-1 §9.7: Type0 with
// /Encoding /Identity-H over a CIDFontType2, §9.7.4.2 /CIDToGIDMap /Identity, §9.7.4.3 /W widths, §9.9
// FontFile2, §9.10.3 /ToUnicode CMap) so Chinese seal text renders everywhere and extracts as text. Shaping
// and subsetting are @pdf-lib/fontkit's; the PDF objects are written here into our incremental update.
import * as fontkitNs from '@pdf-lib/fontkit';
import type { Font, Glyph, Subset } from '@pdf-lib/fontkit';
import { BidSealError } from '../errors';
import { concat as join } from '../asn1';
import { getDigest } from '../crypto/algorithms';
import { deflate } from './filters';
import type { IncrementalUpdate } from './incremental-writer';
import { PdfDict, PdfStream, PdfString, latin1, name, type PdfObject, type PdfRef } from './objects';

// the d.ts declares named exports, but both builds (UMD for Node, ES for bundlers) export one default object
const fontkit = (fontkitNs as unknown as { default?: typeof fontkitNs }).default ?? fontkitNs;

const unavailable = (m: string): never => {
  throw new BidSealError('E_FONT_UNAVAILABLE', m);
};

export interface EncodedText {
  /** the string operand for Tj: 2-byte CIDs (= subset glyph ids) as a hex string */
  operand: string;
  /** advance width in text space units (1/1000 of the font size) */
  width: number;
}

/**
 * A font to draw text with: encode() every string first (glyphs join the subset as they are used), then
 * embed() once to write the font objects; the text shows the same in every reader and copies as Unicode.
 */
export class CidFont {
  private readonly font: Font;
  private readonly subset: Subset;
  private readonly scale: number;
  /** subset glyph id → advance width (1/1000 em) and the text it stands for */
  private readonly glyphs = new Map<number, { width: number; text: string }>();

  /** `bytes`: a TrueType (glyf) font, TTF or a collection's first face; OpenType CFF fonts are refused. */
  constructor(bytes: Uint8Array) {
    let f: Font;
    try {
      f = fontkit.create(bytes);
    } catch (e) {
      throw new BidSealError('E_FONT_UNAVAILABLE', 'not a font file', undefined, { cause: e });
    }
    if (f.cff) unavailable('CFF-flavoured OpenType fonts cannot be embedded as CIDFontType2; use a TrueType font');
    // OS/2 fsType (OpenType spec): bit 1 restricted licence, bit 8 no subsetting. The OFL Noto fonts set neither.
    const fsType = (f['OS/2'] as unknown as { fsType?: { noEmbedding?: boolean; noSubsetting?: boolean } }).fsType;
    if (fsType?.noEmbedding || fsType?.noSubsetting) unavailable(`the licence of ${f.postscriptName ?? 'this font'} forbids embedding a subset`);
    this.font = f;
    this.subset = longLoca(f.createSubset());
    this.scale = 1000 / f.unitsPerEm;
  }

  /** Shapes `text` (GSUB: ligatures, locl forms) and adds its glyphs to the subset; refuses characters the font lacks. */
  encode(text: string): EncodedText {
    const run = this.font.layout(text);
    const missing = run.glyphs.filter((g: Glyph) => g.id === 0).flatMap((g: Glyph) => g.codePoints);
    if (missing.length) unavailable(`${this.font.postscriptName ?? 'the font'} has no glyph for ${[...new Set(missing)].map((c) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}`);
    let operand = '<';
    let width = 0;
    // widths as readers will apply them: each glyph's /W entry (Tj ignores GPOS kerning; CJK has none)
    for (const g of run.glyphs) {
      const id = this.subset.includeGlyph(g);
      let e = this.glyphs.get(id);
      if (!e) this.glyphs.set(id, (e = { width: Math.round(g.advanceWidth * this.scale), text: String.fromCodePoint(...g.codePoints) }));
      operand += id.toString(16).padStart(4, '0');
      width += e.width;
    }
    return { operand: operand + '>', width };
  }

  /** Writes FontFile2, FontDescriptor, CIDFontType2, ToUnicode and the Type0 font; returns the Type0's reference. */
  async embed(upd: IncrementalUpdate): Promise<PdfRef> {
    const file = await new Promise<Uint8Array>((resolve, reject) => {
      const parts: Uint8Array[] = [];
      const s = this.subset.encodeStream() as unknown as { on(ev: string, cb: (x: never) => void): unknown };
      s.on('data', (d: Uint8Array) => parts.push(d));
      s.on('end', () => resolve(join(parts)));
      s.on('error', (e: unknown) => reject(new BidSealError('E_FONT_UNAVAILABLE', 'font subsetting failed', undefined, { cause: e })));
    });
    const ids = [...this.glyphs.keys()].sort((a, b) => a - b);
    // §9.6.4: a subset's name starts with six capital letters unique to the glyph set
    const tag = Array.from(getDigest('SHA-256').digest(latin1(ids.join(','))).subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
    const base = name(`${tag}+${(this.font.postscriptName ?? 'Font').replace(/[^!-~]|[()<>[\]{}/%#]/g, '')}`);
    const f = this.font;
    const s = (v: number): number => Math.round(v * this.scale);

    const fileRef = upd.allocate();
    upd.set(fileRef, new PdfStream(new PdfDict([['Length1', file.length], ['Filter', name('FlateDecode')]]), await deflate(file)));
    const descRef = upd.allocate();
    upd.set(
      descRef,
      new PdfDict([
        ['Type', name('FontDescriptor')],
        ['FontName', base],
        ['Flags', 4], // symbolic: glyphs are addressed by CID, not by a standard encoding (§9.8.2)
        ['FontBBox', [s(f.bbox.minX), s(f.bbox.minY), s(f.bbox.maxX), s(f.bbox.maxY)]],
        ['ItalicAngle', f.italicAngle],
        ['Ascent', s(f.ascent)],
        ['Descent', s(f.descent)],
        ['CapHeight', s(f.capHeight || f.ascent)],
        ['StemV', 80], // not in TrueType; the usual value for a regular weight
        ['FontFile2', fileRef],
      ]),
    );
    const w: PdfObject[] = [];
    for (const id of ids) w.push(id, [this.glyphs.get(id)!.width]);
    const cidRef = upd.allocate();
    upd.set(
      cidRef,
      new PdfDict([
        ['Type', name('Font')],
        ['Subtype', name('CIDFontType2')],
        ['BaseFont', base],
        ['CIDSystemInfo', new PdfDict([['Registry', PdfString.text('Adobe')], ['Ordering', PdfString.text('Identity')], ['Supplement', 0]])],
        ['FontDescriptor', descRef],
        ['DW', 1000],
        ['W', w],
        ['CIDToGIDMap', name('Identity')], // CIDs are the subset's glyph ids
      ]),
    );
    const toUnicodeRef = upd.allocate();
    upd.set(toUnicodeRef, new PdfStream(new PdfDict([['Filter', name('FlateDecode')]]), await deflate(latin1(toUnicodeCMap(ids.map((id) => [id, this.glyphs.get(id)!.text]))))));
    const ref = upd.allocate();
    upd.set(ref, new PdfDict([['Type', name('Font')], ['Subtype', name('Type0')], ['BaseFont', base], ['Encoding', name('Identity-H')], ['DescendantFonts', [cidRef]], ['ToUnicode', toUnicodeRef]]));
    return ref;
  }
}

/**
 * fontkit's TTFSubset writes a short 'loca' (offsets / 2) whenever the glyf table is under 128 KiB, but copies
 * glyphs of odd length unpadded: every offset after one is rounded down and later glyphs draw as garbage or
 * nothing (pdf-lib's "missing CJK glyphs when subsetting"). Presetting version 1 (its preEncode keeps a set
 * version) makes it write exact 32-bit offsets, which head.indexToLocFormat then follows.
 */
function longLoca(subset: Subset): Subset {
  let loca: { version?: number } | undefined;
  Object.defineProperty(subset, 'loca', {
    get: () => loca,
    set: (v: { version?: number }) => {
      loca = v;
      v.version = 1;
    },
  });
  return subset;
}

/** A ToUnicode CMap (Adobe TN #5411) mapping 2-byte CIDs to UTF-16BE text, at most 100 entries per block. */
function toUnicodeCMap(entries: [number, string][]): string {
  const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
  const utf16 = (t: string): string => Array.from({ length: t.length }, (_, i) => hex4(t.charCodeAt(i))).join('');
  let body = '';
  const mapped = entries.filter(([, t]) => t.length > 0);
  for (let i = 0; i < mapped.length; i += 100) {
    const block = mapped.slice(i, i + 100);
    body += `${block.length} beginbfchar\n${block.map(([id, t]) => `<${hex4(id)}> <${utf16(t)}>`).join('\n')}\nendbfchar\n`;
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    body + 'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
    '',
  ].join('\n');
}
