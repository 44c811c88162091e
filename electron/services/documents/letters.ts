// Runs in Node (reads the font file). Standard bid documents generated from the vault, as A4 PDFs with
// an embedded, subset Chinese font (Noto Sans SC, SIL OFL 1.1, from @expo-google-fonts/noto-sans-sc):
//   bid-letter     投标函 — wording of the 《标准施工招标文件》(2007) 第八章 投标文件格式 / 一、投标函
//   authorization  法定代表人授权委托书 — same source, 二、授权委托书
// Values taken from the vault are underlined as if written into the form's blanks; the price appears
// in figures and in Chinese capitals (rmb-capitals.ts). The space next to "投标人：（盖单位章）" is left
// empty and returned as `sealBox` (PDF user space) so the signing step can put the e-seal exactly there.
// @pdf-lib/fontkit 1.1 writes a short-format `loca` without padding odd-length glyph records, which
// shifts every later glyph by a byte (CJK text then renders with blanks while pdftotext still reads it;
// fixed upstream in fontkit 1.8, foliojs/fontkit#191). padGlyphRecords() below applies that fix.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { z } from 'zod';
import { BidSealError } from '../../../shared/errors';
import { BOLD_FONT_MODULE, SEAL_FONT, fontAssetPath } from '../app/font-assets';
import { formatYuan, rmbCapitals } from '../../../shared/docs/rmb-capitals';
import { AuthorizationData, BidLetterData } from '../../../shared/ipc/specs/docs';

export { AuthorizationData, BidLetterData };

// A module-level `require` would clash with the one electron-vite's ESM shim declares in the main bundle.
const FONT_REGULAR = () => fontAssetPath(SEAL_FONT.module);
const FONT_BOLD = () => fontAssetPath(BOLD_FONT_MODULE);

export type LetterTemplate = 'bid-letter' | 'authorization';

export interface GeneratedLetter {
  bytes: Uint8Array;
  pages: number;
  /** where the company seal goes (page index, PDF points from the bottom-left) */
  sealBox: { page: number; x: number; y: number; width: number; height: number };
  /** where the legal representative (or agent) signs */
  signatureBox: { page: number; x: number; y: number; width: number; height: number };
}

// ---- layout ---------------------------------------------------------------------------------------

const A4 = { w: 595.28, h: 841.89 };
const MARGIN = { left: 79, right: 79, top: 74, bottom: 64 }; // ≈ 2.8 cm sides, 2.6 / 2.3 cm top and bottom
const BODY = 12; // 小四
const LEADING = 1.75;
const INK = rgb(0.08, 0.08, 0.1);

/** a run of text; `fill` marks a value written into a blank (underlined) */
type Run = { text: string; fill?: boolean; bold?: boolean };

// no line may start with these (GB/T 15834 line-breaking convention)
const NO_START = new Set('，。、；：？！）》」』”’…%,.;:?!)');
// …and none may end with these (an opening bracket or the currency sign belongs to what follows)
const NO_END = new Set('（《「『“‘¥￥(');

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

class Writer {
  page!: PDFPage;
  y = 0;
  pageIndex = -1;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage() {
    this.page = this.doc.addPage([A4.w, A4.h]);
    this.pageIndex++;
    this.y = A4.h - MARGIN.top;
  }

  get width() {
    return A4.w - MARGIN.left - MARGIN.right;
  }

  ensure(h: number) {
    if (this.y - h < MARGIN.bottom) this.newPage();
  }

  title(text: string) {
    const size = 22; // 二号
    const spaced = Array.from(text).join(' ');
    const w = this.fonts.bold.widthOfTextAtSize(spaced, size);
    this.page.drawText(spaced, { x: (A4.w - w) / 2, y: this.y - size, size, font: this.fonts.bold, color: INK });
    this.y -= size * 2.2;
  }

  /**
   * A paragraph of runs, wrapped to the text width character by character (CJK breaks anywhere;
   * Latin words and numbers are kept whole; no line starts with closing punctuation).
   */
  para(runs: Run[], opts: { indent?: number; firstIndent?: number; size?: number; after?: number; align?: 'left' | 'right' } = {}) {
    const size = opts.size ?? BODY;
    const indent = (opts.indent ?? 0) * size;
    const firstIndent = (opts.firstIndent ?? 0) * size;
    // tokens: CJK char, a Latin word/number, or a space; each keeps its run's style
    type Tok = { text: string; run: Run; w: number };
    const toks: Tok[] = [];
    for (const run of runs) {
      const font = run.bold ? this.fonts.bold : this.fonts.regular;
      for (const m of run.text.matchAll(/[A-Za-z0-9¥￥.,:/()\-+@_#%&]+|\s|./gsu)) {
        toks.push({ text: m[0], run, w: font.widthOfTextAtSize(m[0], size) });
      }
    }
    const lines: Tok[][] = [];
    let line: Tok[] = [];
    let lw = 0;
    let avail = this.width - indent - firstIndent;
    for (const t of toks) {
      if (lw + t.w > avail && line.length) {
        // keep closing punctuation on the line it closes (it may hang slightly into the margin)
        if (NO_START.has(t.text[0]) && t.text.length === 1) {
          line.push(t);
          lines.push(line);
          line = [];
          lw = 0;
          avail = this.width - indent;
          continue;
        }
        lines.push(line);
        line = [];
        lw = 0;
        avail = this.width - indent;
        if (t.text === ' ') continue;
      }
      line.push(t);
      lw += t.w;
    }
    if (line.length) lines.push(line);
    for (let i = 0; i + 1 < lines.length; i++) {
      const ln = lines[i];
      for (;;) {
        let j = ln.length - 1;
        while (j > 0 && !ln[j].text.trim()) j--;
        if (j === 0 || !NO_END.has(ln[j].text)) break;
        lines[i + 1].unshift(...ln.splice(j));
      }
    }
    const lh = size * LEADING;
    lines.forEach((ln, i) => {
      this.ensure(lh);
      const lineW = ln.reduce((n, t) => n + t.w, 0);
      let x = MARGIN.left + indent + (i === 0 ? firstIndent : 0);
      if (opts.align === 'right') x = A4.w - MARGIN.right - lineW;
      const baseline = this.y - size * 1.25;
      ln.forEach((t, k) => {
        const font = t.run.bold ? this.fonts.bold : this.fonts.regular;
        const blank = !t.text.trim();
        if (!blank) this.page.drawText(t.text, { x, y: baseline, size, font, color: INK });
        // a blank's padding is underlined, except where it dangles at a line's start or end
        if (t.run.fill && !(blank && t.text === ' ' && (k === 0 || k === ln.length - 1))) this.page.drawLine({ start: { x, y: baseline - 2.5 }, end: { x: x + t.w, y: baseline - 2.5 }, thickness: 0.6, color: INK });
        x += t.w;
      });
      this.y -= lh;
    });
    this.y -= (opts.after ?? 0.35) * size;
  }

  gap(lines: number) {
    this.y -= lines * BODY * LEADING;
  }
}

const fill = (text: string, min = 6): Run => ({ text: text ? ` ${text} ` : '\u3000'.repeat(min), fill: true });
const t = (text: string): Run => ({ text });

function dateZh(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日`;
}

let padded = false;
/** Pads every subset glyph record to an even length so short `loca` offsets (stored ÷2) stay exact. */
export function padGlyphRecords(fontBytes: Uint8Array) {
  if (padded) return;
  type SubsetProto = { _addGlyph(this: { glyf: Uint8Array[]; offset: number }, gid: number): number };
  const proto = Object.getPrototypeOf(fontkit.create(fontBytes).createSubset()) as SubsetProto;
  const original = proto._addGlyph;
  proto._addGlyph = function (gid) {
    const index = original.call(this, gid);
    const rec = this.glyf[index];
    if (rec.length % 2) {
      // fontkit bundles its own Buffer polyfill; the record must stay an instance of it
      const B = rec.constructor as unknown as { alloc(n: number): Uint8Array };
      const out = B.alloc(rec.length + 1);
      out.set(rec);
      this.glyf[index] = out;
      this.offset += 1;
    }
    return index;
  };
  padded = true;
}

async function loadFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  let regular: Uint8Array;
  let bold: Uint8Array;
  try {
    [regular, bold] = await Promise.all([readFile(FONT_REGULAR()), readFile(FONT_BOLD())]);
  } catch (e) {
    throw new BidSealError('E_FONT_UNAVAILABLE', 'Noto Sans SC not found (@expo-google-fonts/noto-sans-sc)', undefined, { cause: e });
  }
  padGlyphRecords(regular);
  // ISO 32000-1 §9.6.4: a subset font's name carries a six-capital-letter tag ("ABCDEF+Name")
  const tag = () => Array.from(randomBytes(6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  return {
    regular: await doc.embedFont(regular, { subset: true, customName: `${tag()}+NotoSansSC-Regular` }),
    bold: await doc.embedFont(bold, { subset: true, customName: `${tag()}+NotoSansSC-Bold` }),
  };
}

function checkGlyphs(fonts: Fonts, texts: string[]) {
  // Noto Sans SC covers GB 18030's common set; a rare character (生僻字 in a name) would silently print
  // as an empty box, so refuse instead. pdf-lib keeps the fontkit font on its embedder.
  const font = (fonts.regular as unknown as { embedder?: { font?: { hasGlyphForCodePoint?(cp: number): boolean } } }).embedder?.font;
  if (typeof font?.hasGlyphForCodePoint !== 'function') return;
  for (const text of texts) {
    for (const ch of new Set(Array.from(text))) {
      if (/\s/.test(ch)) continue;
      const cp = ch.codePointAt(0)!;
      if (!font.hasGlyphForCodePoint(cp)) throw new BidSealError('E_FONT_UNAVAILABLE', `no glyph for U+${cp.toString(16).toUpperCase()} (${ch})`);
    }
  }
}

function parse<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const r = schema.safeParse(data);
  if (!r.success) {
    const fields = r.error.issues.map((i) => i.path.join('.'));
    throw new BidSealError('E_DOC_TEMPLATE_FIELDS', fields.join(', '), { fields });
  }
  return r.data;
}

function signatureBlock(w: Writer, fonts: Fonts, lines: { label: string; value?: string; seal?: boolean; sign?: boolean }[]) {
  // the block sits at the right half; reserve room for a 42 mm seal that overlaps the bidder's name
  const need = (lines.length + 2) * BODY * LEADING;
  w.ensure(need);
  const x0 = MARGIN.left + w.width * 0.36;
  let sealBox: GeneratedLetter['sealBox'] | undefined;
  let signatureBox: GeneratedLetter['signatureBox'] | undefined;
  for (const l of lines) {
    const baseline = w.y - BODY * 1.25;
    w.page.drawText(l.label, { x: x0, y: baseline, size: BODY, font: fonts.regular, color: INK });
    const lx = x0 + fonts.regular.widthOfTextAtSize(l.label, BODY);
    if (l.value) w.page.drawText(l.value, { x: lx, y: baseline, size: BODY, font: fonts.regular, color: INK });
    if (l.seal) {
      const size = 119; // 42 mm company seal
      sealBox = { page: w.pageIndex, x: Math.min(lx + 10, A4.w - MARGIN.right - size), y: baseline - size / 2 + BODY / 2, width: size, height: size };
    }
    if (l.sign) signatureBox = { page: w.pageIndex, x: lx, y: baseline - 6, width: 120, height: 30 };
    w.y -= BODY * LEADING;
  }
  return { sealBox: sealBox!, signatureBox: signatureBox! };
}

function finish(doc: PDFDocument, title: string, subject: string, date: Date) {
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setSubject(subject);
  doc.setLanguage('zh-CN');
  doc.setCreator('BidSeal');
  doc.setProducer('BidSeal (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
}

export async function bidLetterPdf(input: BidLetterData, now = new Date()): Promise<GeneratedLetter> {
  const d = parse(BidLetterData, input);
  const doc = await PDFDocument.create();
  const fonts = await loadFonts(doc);
  checkGlyphs(fonts, [d.bidder.name, d.bidder.address, d.tenderee, d.projectName, d.lot, d.quality, d.bidder.legalRepresentative]);
  const w = new Writer(doc, fonts);
  w.title('投标函');
  w.para([t('致：'), fill(d.tenderee, 12), t('（招标人名称）')], { after: 0.8 });
  const lot = d.lot ? [fill(d.lot, 4), t('标段')] : [];
  w.para(
    [
      t('1. 我方已仔细研究了'),
      fill(d.projectName),
      ...lot,
      ...(d.tenderNo ? [t('（招标编号：'), fill(d.tenderNo), t('）')] : []),
      t('招标文件的全部内容，愿意以人民币（大写）'),
      fill(rmbCapitals(d.price)),
      t('（¥'),
      fill(formatYuan(d.price)),
      t('元）的投标总报价'),
      ...(d.durationDays ? [t('，工期'), fill(String(d.durationDays)), t('日历天')] : []),
      t('，按合同约定实施和完成承包工程，修补工程中的任何缺陷'),
      ...(d.quality ? [t('，工程质量达到'), fill(d.quality)] : []),
      t('。'),
    ],
    { firstIndent: 2 },
  );
  w.para([t('2. 我方承诺在招标文件规定的投标有效期（'), fill(String(d.validityDays)), t('日历天）内不修改、撤销投标文件。')], { firstIndent: 2 });
  let n = 3;
  if (d.bond) {
    w.para([t(`${n}. 随同本投标函提交投标保证金一份，金额为人民币（大写）`), fill(rmbCapitals(d.bond)), t('（¥'), fill(formatYuan(d.bond)), t('元）。')], { firstIndent: 2 });
    n++;
  }
  w.para([t(`${n}. 如我方中标：`)], { firstIndent: 2, after: 0 });
  for (const [i, line] of [
    '我方承诺在收到中标通知书后，在中标通知书规定的期限内与你方签订合同。',
    '随同本投标函递交的投标函附录属于合同文件的组成部分。',
    '我方承诺按照招标文件规定向你方递交履约担保。',
    '我方承诺在合同约定的期限内完成并移交全部合同工程。',
  ].entries()) {
    w.para([t(`（${i + 1}）${line}`)], { indent: 2, firstIndent: 2, after: 0 });
  }
  w.y -= BODY * 0.35;
  n++;
  w.para([t(`${n}. 我方在此声明，所递交的投标文件及有关资料内容完整、真实和准确，且不存在招标文件“投标人须知”规定的任何一种不得投标的情形。`)], { firstIndent: 2 });
  w.gap(1.2);
  const boxes = signatureBlock(w, fonts, [
    { label: '投标人：', value: `${d.bidder.name}（盖单位章）`, seal: true },
    { label: '统一社会信用代码：', value: d.bidder.uscc },
    { label: '法定代表人或其委托代理人：', value: '（签字）', sign: true },
    { label: '地址：', value: d.bidder.address },
    ...(d.bidder.website ? [{ label: '网址：', value: d.bidder.website }] : []),
    { label: '电话：', value: d.bidder.phone },
    ...(d.bidder.fax ? [{ label: '传真：', value: d.bidder.fax }] : []),
    { label: '邮政编码：', value: d.bidder.postcode },
  ]);
  w.gap(0.6);
  w.para([t(dateZh(d.date))], { align: 'right' });
  finish(doc, `投标函 — ${d.projectName}`, `${d.bidder.name} 致 ${d.tenderee}`, now);
  const bytes = await doc.save({ useObjectStreams: false });
  return { bytes, pages: doc.getPageCount(), ...boxes };
}

export async function authorizationPdf(input: AuthorizationData, now = new Date()): Promise<GeneratedLetter> {
  const d = parse(AuthorizationData, input);
  const doc = await PDFDocument.create();
  const fonts = await loadFonts(doc);
  checkGlyphs(fonts, [d.bidder.name, d.projectName, d.lot, d.agent.name, d.bidder.legalRepresentative, d.tenderee]);
  const w = new Writer(doc, fonts);
  w.title('法定代表人授权委托书');
  if (d.tenderee) w.para([t('致：'), fill(d.tenderee, 12), t('（招标人名称）')], { after: 0.8 });
  w.para(
    [
      t('本人'),
      fill(d.bidder.legalRepresentative),
      t('（姓名）系'),
      fill(d.bidder.name),
      t('（投标人名称）的法定代表人，现委托'),
      fill(d.agent.name),
      t('（姓名）为我方代理人。代理人根据授权，以我方名义签署、澄清、说明、补正、递交、撤回、修改'),
      fill(d.projectName),
      ...(d.lot ? [fill(d.lot, 4), t('标段')] : []),
      ...(d.tenderNo ? [t('（招标编号：'), fill(d.tenderNo), t('）')] : []),
      t('投标文件、签订合同和处理有关事宜，其法律后果由我方承担。'),
    ],
    { firstIndent: 2 },
  );
  w.para([t('委托期限：'), fill(d.term || '自本授权委托书签署之日起至投标有效期届满之日止'), t('。')], { firstIndent: 2 });
  w.para([t('代理人无转委托权。')], { firstIndent: 2 });
  w.para([t('附：法定代表人身份证明及委托代理人身份证复印件')], { firstIndent: 2 });
  w.gap(1.2);
  const boxes = signatureBlock(w, fonts, [
    { label: '投标人：', value: `${d.bidder.name}（盖单位章）`, seal: true },
    { label: '统一社会信用代码：', value: d.bidder.uscc },
    { label: '法定代表人：', value: `${d.bidder.legalRepresentative}（签字）`, sign: true },
    { label: '身份证号码：', value: d.legalRepresentativeId },
    { label: '委托代理人：', value: `${d.agent.name}（签字）` },
    { label: '身份证号码：', value: d.agent.idNumber },
    ...(d.agent.title ? [{ label: '职务：', value: d.agent.title }] : []),
  ]);
  w.gap(0.6);
  w.para([t(dateZh(d.date))], { align: 'right' });
  finish(doc, `法定代表人授权委托书 — ${d.projectName}`, `${d.bidder.name} 授权 ${d.agent.name}`, now);
  const bytes = await doc.save({ useObjectStreams: false });
  return { bytes, pages: doc.getPageCount(), ...boxes };
}

export function generateLetter(template: LetterTemplate, data: unknown, now?: Date): Promise<GeneratedLetter> {
  return template === 'bid-letter' ? bidLetterPdf(data as BidLetterData, now) : authorizationPdf(data as AuthorizationData, now);
}
