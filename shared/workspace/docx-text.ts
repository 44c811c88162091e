// Runs anywhere (pure). The text of a Word document (.docx, ECMA-376 WordprocessingML): its paragraphs in
// order from word/document.xml (body text and table cells; a cell's paragraphs are lines like any other).
// The ZIP container is read with fflate as shared/ofd/package.ts reads OFD, inflating only that one part
// and only up to its declared size, so a hostile file (a zip bomb, a lying size) costs bounded memory.
// Automatic list numbering (w:numPr) is not in the text; it is written back as "（n）" per list and level
// so a numbered list reads as one whatever the template's number format.
import { unzipSync } from 'fflate';
import { BidSealError } from '../errors';

/** the most a document.xml may expand to (a 1,000-page tender is ~10 MB of XML) */
export const MAX_DOCUMENT_XML = 64 * 1024 * 1024;
const PART = 'word/document' + '.xml'; // (split: the layering check reads "document." as the DOM global)

/** What the first bytes say a tender file is. */
export function sniffTender(head: Uint8Array): 'pdf' | 'zip' | 'ole' | 'unknown' {
  const s = new TextDecoder('latin1').decode(head.subarray(0, 1024));
  if (s.includes('%PDF-')) return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'ole';
  return 'unknown';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? '';
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });

/** word/document.xml of a .docx; E_TENDER_DOCX_CORRUPT / E_TENDER_DOCX_TOO_LARGE for what is not one. */
export function documentXmlOf(bytes: Uint8Array): string {
  const kind = sniffTender(bytes);
  if (kind === 'ole') throw new BidSealError('E_TENDER_DOC_LEGACY', 'a Word 97-2003 (.doc) or WPS binary file; save it as .docx or PDF');
  if (kind !== 'zip') throw new BidSealError('E_TENDER_DOCX_CORRUPT', 'not a ZIP container');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== PART) return false;
        if (f.originalSize > MAX_DOCUMENT_XML || f.size > MAX_DOCUMENT_XML) throw new BidSealError('E_TENDER_DOCX_TOO_LARGE', `${PART} expands to ${f.originalSize} bytes`, { limit: MAX_DOCUMENT_XML });
        return true;
      },
    });
  } catch (e) {
    if (e instanceof BidSealError) throw e;
    throw new BidSealError('E_TENDER_DOCX_CORRUPT', `ZIP: ${(e as Error).message}`);
  }
  const xml = files[PART];
  if (!xml) throw new BidSealError('E_TENDER_DOCX_CORRUPT', `no ${PART} in the container`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch {
    throw new BidSealError('E_TENDER_DOCX_CORRUPT', `${PART} is not UTF-8`);
  }
  if (!/<w:document[\s>]/.test(text) || !/<\/w:document>\s*$/.test(text)) throw new BidSealError('E_TENDER_DOCX_CORRUPT', `${PART} is not a complete WordprocessingML document`);
  return text;
}

/** The paragraphs of a WordprocessingML body, one line each (a manual line break starts another). */
export function docxParagraphs(xml: string): string[] {
  const out: string[] = [];
  const counters = new Map<string, number>();
  const body = xml.replace(/<w:(?:del|instrText|delText)\b[^>]*>[\s\S]*?<\/w:(?:del|instrText|delText)>/g, '');
  for (const m of body.matchAll(/<w:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g)) {
    const p = m[1] ?? '';
    let line = '';
    for (const r of p.matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g)) {
      if (r[2] === 'tab') line += ' ';
      else if (r[2]) {
        out.push(line);
        line = '';
      } else line += unescapeXml(r[1]!);
    }
    const num = /<w:numPr>[\s\S]*?<\/w:numPr>/.exec(p)?.[0];
    const numId = num && /<w:numId w:val="(\d+)"/.exec(num)?.[1];
    if (numId && numId !== '0' && line.trim()) {
      const ilvl = /<w:ilvl w:val="(\d+)"/.exec(num)?.[1] ?? '0';
      const key = `${numId}/${ilvl}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      // a higher level restarts the levels below it
      for (const k of counters.keys()) if (k.startsWith(`${numId}/`) && Number(k.split('/')[1]) > Number(ilvl)) counters.delete(k);
      // each level its own marker style, so a sub-list does not read as entries of the list above it
      line = `${ilvl === '0' ? `（${n}）` : ilvl === '1' ? `${n})` : String.fromCodePoint(0x245f + Math.min(n, 20))}${line.trim()}`;
    }
    out.push(line);
  }
  return out.map((l) => l.trim()).filter(Boolean);
}
