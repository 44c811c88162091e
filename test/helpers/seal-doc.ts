// Runs in Node (tests). A bid document whose pages ask for seals in words, the way tender templates
// print them, set in an embedded Noto Sans SC subset with pdf-lib; and poppler's word boxes
// (pdftotext -bbox) to check positions against, converted to PDF user space.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { padGlyphRecords } from '../../electron/services/documents/letters';

/** Each page: lines of text (drawn at 12 pt from the top, 28 pt apart, x = 72). */
export const SEAL_DOC_PAGES: string[][] = [
  ['投标函', '致：某某市第一中学（招标人名称）', '投标人：北京示例建设集团有限公司 （盖单位章）', '法定代表人或其委托代理人： （签字或盖章）', '2026 年 11 月 24 日'],
  ['法定代表人身份证明', '投标人名称：北京示例建设集团有限公司', '特此证明。', '投标人： （盖单位章）'],
  ['授权委托书', '本授权委托书有效期：90 日历天', '投标人：（盖章）', '法定代表人：张三（签字）'],
];

export async function sealDocPdf(pages: string[][] = SEAL_DOC_PAGES): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fontPath = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  const bytes = await readFile(fontPath);
  padGlyphRecords(bytes); // pdf-lib's fontkit writes odd glyph records that render blank otherwise
  const font = await doc.embedFont(bytes, { subset: true });
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((l, i) => page.drawText(l, { x: 72, y: 760 - 28 * i * 2, size: 12, font }));
  }
  return doc.save({ useObjectStreams: false });
}

export interface PopplerWord {
  page: number;
  text: string;
  /** [x0 y0 x1 y1] in PDF user space (origin bottom-left) */
  box: [number, number, number, number];
}

/** Every word poppler extracts, with its box. */
export function pdftotextWords(file: string): PopplerWord[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const out: PopplerWord[] = [];
  let page = -1;
  let height = 0;
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[1]) {
      page++;
      height = Number(m[2]);
    } else out.push({ page, text: m[7], box: [Number(m[3]), height - Number(m[6]), Number(m[5]), height - Number(m[4])] });
  }
  return out;
}
