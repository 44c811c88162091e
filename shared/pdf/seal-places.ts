// Runs anywhere (pure). Places in a document that ask for a seal or a signature, found by their words:
// "投标人：（盖单位章）", "法定代表人或其委托代理人：（签字或盖章）" and the like, as tender templates
// (《标准施工招标文件》 and the model bid formats derived from it) print them. The text runs come from
// any extractor (electron/services/pdf/text.ts uses pdf.js); this module matches phrases, gives each
// occurrence a box in default user space, centres a seal on it and checks which places are covered by
// a signature widget. docs/seal-places.md describes the matching.

export type SealPlaceKind = 'company' | 'personal';

export interface SealPhrase {
  /** as printed; "label：（mark）" also matches with a filled-in name between the colon and the mark */
  text: string;
  /** which seal goes there: the company seal (公章) or the legal representative's seal / signature */
  kind: SealPlaceKind;
}

/**
 * The phrases BidSeal looks for by default, most specific first: where two phrases match the same mark
 * the first wins (so "法定代表人：（盖章）" is a personal place, a bare "（盖章）" a company one).
 */
export const DEFAULT_SEAL_PHRASES: readonly SealPhrase[] = [
  { text: '法定代表人或其委托代理人：（签字或盖章）', kind: 'personal' },
  { text: '法定代表人或其委托代理人：（签字）', kind: 'personal' },
  { text: '法定代表人或其委托代理人：（盖章）', kind: 'personal' },
  { text: '法定代表人：（签字或盖章）', kind: 'personal' },
  { text: '法定代表人：（签字）', kind: 'personal' },
  { text: '法定代表人：（盖章）', kind: 'personal' },
  { text: '委托代理人：（签字）', kind: 'personal' },
  { text: '投标人：（盖单位章）', kind: 'company' },
  { text: '投标人：（盖章）', kind: 'company' },
  { text: '（盖单位章）', kind: 'company' },
  { text: '（盖公章）', kind: 'company' },
  { text: '（单位盖章）', kind: 'company' },
  { text: '（签字或盖章）', kind: 'personal' },
  { text: '（签字）', kind: 'personal' },
  { text: '（签名）', kind: 'personal' },
  { text: '（盖章）', kind: 'company' },
];

/** A horizontal run of text on a page, in default user space (any extractor). */
export interface TextRun {
  /** 0-based page index */
  page: number;
  str: string;
  /** start of the baseline */
  x: number;
  y: number;
  /** advance width of the whole run */
  width: number;
  /** font size (the text matrix's vertical scale) */
  size: number;
}

export type Box = [number, number, number, number];

export interface SealPlace {
  page: number;
  /** the configured phrase that matched */
  phrase: string;
  /** the text as printed (a filled-in name included) */
  text: string;
  kind: SealPlaceKind;
  /** the mark ("（盖单位章）", or the whole phrase when it has none): [x0 y0 x1 y1], default user space */
  box: Box;
}

/** full-width and half-width forms read alike: "投标人:(盖章)" is "投标人：（盖章）" */
const normalise = (s: string): string => s.replace(/\(/g, '（').replace(/\)/g, '）').replace(/:/g, '：');

/** Relative advance of a character: CJK and full-width forms one em, others about half (proportional fonts). */
const weight = (ch: string): number => {
  const c = ch.codePointAt(0)!;
  if (/\s/.test(ch)) return 0.28;
  return c >= 0x2e80 || (c >= 0x1100 && c <= 0x11ff) ? 1 : 0.55;
};

interface Line {
  page: number;
  /** the line's text without whitespace, normalised */
  text: string;
  /** the line as printed: whitespace kept (collapsed), a space where runs stand apart */
  spaced: string;
  /** per character of `text`: its left and right edge */
  xs: [number, number][];
  baseline: number;
  size: number;
}

/** Joins runs that share a baseline into lines, left to right, whitespace removed. */
function lines(runs: readonly TextRun[]): Line[] {
  const sorted = [...runs].filter((r) => r.str && r.size > 0).sort((a, b) => a.page - b.page || b.y - a.y || a.x - b.x);
  const out: Line[] = [];
  let cur: (Line & { runs: TextRun[] }) | undefined;
  for (const r of sorted) {
    if (!cur || cur.page !== r.page || Math.abs(cur.baseline - r.y) > 0.3 * Math.min(cur.size, r.size)) {
      cur = { page: r.page, text: '', spaced: '', xs: [], baseline: r.y, size: r.size, runs: [] };
      out.push(cur);
    }
    cur.runs.push(r);
    cur.size = Math.max(cur.size, r.size);
  }
  for (const l of out as (Line & { runs: TextRun[] })[]) {
    l.runs.sort((a, b) => a.x - b.x);
    let end = -Infinity;
    for (const r of l.runs) {
      l.spaced += (l.spaced && r.x - end > 0.2 * l.size ? ' ' : '') + r.str;
      end = r.x + r.width;
      const chars = [...normalise(r.str)];
      const total = chars.reduce((s, c) => s + weight(c), 0) || 1;
      let x = r.x;
      for (const c of chars) {
        const w = (weight(c) / total) * r.width;
        if (!/\s/.test(c)) {
          l.text += c;
          l.xs.push([x, x + w]);
        }
        x += w;
      }
    }
    delete (l as { runs?: TextRun[] }).runs;
    l.spaced = l.spaced.replace(/\s+/g, ' ').trim();
  }
  return out;
}

/** The text of each page (of `pageCount`) as lines in reading order, top to bottom (for reading a document's words). */
export function pageLines(runs: readonly TextRun[], pageCount: number): string[][] {
  const out: string[][] = Array.from({ length: pageCount }, () => []);
  for (const l of lines(runs)) if (l.spaced && out[l.page]) out[l.page]!.push(l.spaced);
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "投标人：（盖章）" → /投标人：[^：]{0,60}?（盖章）/g; the mark is the last "（…）" of the phrase. */
function phrasePattern(phrase: string): { re: RegExp; mark: string } {
  const p = normalise(phrase).replace(/\s+/g, '');
  const colon = p.indexOf('：');
  const body = colon >= 0 && colon < p.length - 1 ? `${escape(p.slice(0, colon + 1))}[^：]{0,60}?${escape(p.slice(colon + 1))}` : escape(p);
  const m = /（[^（）]*）$/.exec(p);
  return { re: new RegExp(body, 'gu'), mark: m ? m[0] : p };
}

/**
 * Every occurrence of the phrases in the text runs, in page and reading order. An occurrence's box is its
 * mark's glyph box; where phrases overlap on the same mark the one listed first wins.
 */
export function findSealPlaces(runs: readonly TextRun[], phrases: readonly SealPhrase[] = DEFAULT_SEAL_PHRASES): SealPlace[] {
  const found: (SealPlace & { at: number; line: number })[] = [];
  const patterns = phrases.filter((p) => p.text.trim()).map((p) => ({ p, ...phrasePattern(p.text) }));
  lines(runs).forEach((l, li) => {
    const taken: [number, number][] = [];
    for (const { p, re, mark } of patterns) {
      re.lastIndex = 0;
      for (let m = re.exec(l.text); m; m = re.exec(l.text)) {
        const text = [...m[0]];
        // code-point offsets (xs is per code point)
        const start = [...l.text.slice(0, m.index)].length;
        const markLen = [...mark].length;
        const markAt = start + (text.join('').endsWith(mark) ? text.length - markLen : 0);
        const markEnd = markAt + (text.join('').endsWith(mark) ? markLen : text.length);
        if (taken.some(([a, b]) => markAt < b && a < markEnd)) continue;
        taken.push([markAt, markEnd]);
        const x0 = l.xs[markAt][0];
        const x1 = l.xs[markEnd - 1][1];
        // a CJK glyph's em box: about 0.12 em below the baseline to 0.88 em above it
        found.push({ page: l.page, phrase: p.text, text: m[0], kind: p.kind, box: [x0, l.baseline - 0.12 * l.size, x1, l.baseline + 0.88 * l.size], at: markAt, line: li });
        if (m[0].length === 0) re.lastIndex++;
      }
    }
  });
  return found.sort((a, b) => a.line - b.line || a.at - b.at).map(({ at: _a, line: _l, ...p }) => p);
}

/** The rectangle of a seal `width` × `height` centred on a place (default user space, [x0 y0 x1 y1]). */
export function sealRectOver(place: Pick<SealPlace, 'box'>, width: number, height: number): Box {
  const cx = (place.box[0] + place.box[2]) / 2;
  const cy = (place.box[1] + place.box[3]) / 2;
  return [cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2];
}

const centre = (b: Box): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];

/**
 * Which places the seals cover. A seal covers the centre of the mark it is centred on; a 42 mm company
 * seal also spreads over the line below (the legal representative's place), so each seal counts only for
 * the covered place nearest its own centre — a company seal does not stand in for the signature under it.
 */
export function coveredPlaces(places: readonly SealPlace[], seals: readonly { page: number; rect: Box }[]): boolean[] {
  const covered = places.map(() => false);
  for (const s of seals) {
    const [sx, sy] = centre(s.rect);
    let best = -1;
    let bestD = Infinity;
    places.forEach((p, i) => {
      const [cx, cy] = centre(p.box);
      if (p.page !== s.page || cx < s.rect[0] || cx > s.rect[2] || cy < s.rect[1] || cy > s.rect[3]) return;
      const d = Math.hypot(cx - sx, cy - sy);
      if (d < bestD) [best, bestD] = [i, d];
    });
    if (best >= 0) covered[best] = true;
  }
  return covered;
}

/** Phrases given by the user (CLI --at-text, settings): the kind from the words, personal for 签字/签名/法定代表人. */
export function phrasesFromText(texts: readonly string[]): SealPhrase[] {
  return texts.map((t) => t.trim()).filter(Boolean).map((text) => ({ text, kind: /签字|签名|法定代表人|代理人|法人章/.test(text) ? 'personal' : 'company' }));
}
