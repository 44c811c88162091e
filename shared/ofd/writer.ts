// Runs anywhere (pure). A minimal OFD writer (GB/T 33190-2016): pages of text lines in one font, for tests,
// demos and turning a plain text document into OFD for sealing. Layout and fonts are deliberately simple:
// readers substitute 宋体 / SimSun; coordinates are millimetres from the top-left corner of the page.
import { OfdPackage, OFD_NS, xmlEscape } from './package';
import { toHex } from '../asn1';
import { sm3 } from '../crypto/sm3';

export interface OfdTextLine {
  x: number;
  y: number;
  /** font size in mm (≈ 3.5 for 10 pt) */
  size?: number;
  text: string;
}

export interface OfdPageInput {
  widthMm?: number;
  heightMm?: number;
  lines: OfdTextLine[];
}

export interface OfdDocInput {
  title?: string;
  author?: string;
  pages: OfdPageInput[];
  created?: Date;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Builds an OFD package (one document) from text pages. */
export function makeOfd(doc: OfdDocInput): OfdPackage {
  const created = doc.created ?? new Date();
  let id = 1;
  const fontId = id++;
  const files: Record<string, Uint8Array> = {};
  const pageRefs: string[] = [];
  doc.pages.forEach((p, i) => {
    const pageId = id++;
    const layerId = id++;
    const objs = p.lines.map((l) => {
      const size = l.size ?? 3.5;
      const w = Math.max(size, [...l.text].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? size : size * 0.55), 0));
      return `<ofd:TextObject ID="${id++}" Boundary="${l.x} ${l.y} ${w.toFixed(2)} ${(size * 1.4).toFixed(2)}" Font="${fontId}" Size="${size}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="${size}">${xmlEscape(l.text)}</ofd:TextCode></ofd:TextObject>`;
    });
    const box = `0 0 ${p.widthMm ?? 210} ${p.heightMm ?? 297}`;
    files[`Doc_0/Pages/Page_${i}/Content.xml`] = enc(`${HEAD}<ofd:Page xmlns:ofd="${OFD_NS}"><ofd:Area><ofd:PhysicalBox>${box}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="${layerId}">${objs.join('')}</ofd:Layer></ofd:Content></ofd:Page>`);
    pageRefs.push(`<ofd:Page ID="${pageId}" BaseLoc="Pages/Page_${i}/Content.xml"/>`);
  });
  files['Doc_0/PublicRes.xml'] = enc(`${HEAD}<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="${fontId}" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`);
  files['Doc_0/Document.xml'] = enc(
    `${HEAD}<ofd:Document xmlns:ofd="${OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>${id - 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>${pageRefs.join('')}</ofd:Pages></ofd:Document>`,
  );
  const docId = toHex(sm3(enc(`${doc.title ?? ''}|${created.toISOString()}|${doc.pages.length}`))).slice(0, 32);
  const info = `<ofd:DocInfo><ofd:DocID>${docId}</ofd:DocID>${doc.title ? `<ofd:Title>${xmlEscape(doc.title)}</ofd:Title>` : ''}${doc.author ? `<ofd:Author>${xmlEscape(doc.author)}</ofd:Author>` : ''}<ofd:Creator>BidSeal</ofd:Creator><ofd:CreationDate>${created.toISOString().slice(0, 10)}</ofd:CreationDate></ofd:DocInfo>`;
  files['OFD.xml'] = enc(`${HEAD}<ofd:OFD xmlns:ofd="${OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody>${info}<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`);
  const ordered = new Map<string, Uint8Array>();
  for (const k of ['OFD.xml', 'Doc_0/Document.xml', 'Doc_0/PublicRes.xml', ...Object.keys(files).filter((k) => k.includes('/Pages/'))]) ordered.set(k, files[k]);
  return new OfdPackage(ordered);
}

/** Plain text → OFD: A4 pages, lines wrapped by character count, 5 mm line height. */
export function textToOfd(text: string, o: { title?: string; charsPerLine?: number } = {}): OfdPackage {
  const per = o.charsPerLine ?? 40;
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const chars = [...raw];
    if (!chars.length) lines.push('');
    for (let i = 0; i < chars.length; i += per) lines.push(chars.slice(i, i + per).join(''));
  }
  const perPage = 50;
  const pages: OfdPageInput[] = [];
  for (let i = 0; i < Math.max(lines.length, 1); i += perPage) pages.push({ lines: lines.slice(i, i + perPage).map((t, j) => ({ x: 20, y: 20 + j * 5, size: 3.5, text: t })).filter((l) => l.text) });
  return makeOfd({ ...(o.title ? { title: o.title } : {}), pages });
}
