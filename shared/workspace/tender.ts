// Runs anywhere (pure). The tender document (招标文件) drives the checklist: from its text, page by page and
// line by line (any extractor: pdf.js runs joined into lines, a .docx's paragraphs), find the chapter or
// clause that lists what the bid consists of — "第八章 投标文件格式", "3.1 投标文件的组成", "投标文件的编制
// /构成" — and propose one checklist item per entry of its list ("（1）投标函及投标函附录", "一、投标函",
// "1. 法定代表人身份证明", "附件1 …"), each with a checklist kind; and the bid deadline (投标截止时间) and the
// opening (开标时间) where the text states them, read as Beijing time. Headers and footers that repeat on
// every page and page numbers are dropped first. docs/tender-checklist.md describes the rules.
import { parseBeijingTime } from '../bid/beijing-time';
import { CHECKLIST_KINDS, type ChecklistItem } from './project';

export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];

export interface ProposedItem {
  /** the entry as the tender words it, numbering and page references removed */
  title: string;
  kind: ChecklistKind;
  /** false for entries the tender makes conditional (联合体, 如有, 如适用) */
  required: boolean;
  /** 0-based page of the entry (always 0 for a Word document) */
  page: number;
}

export interface ProposedTime {
  /** ISO 8601 with the +08:00 offset */
  iso: string;
  /** the words it was read from, as printed (shortened) */
  source: string;
  page: number;
}

export interface TenderProposal {
  pages: number;
  /** the heading the list was taken from; absent when no such chapter was found */
  chapter?: { heading: string; page: number };
  items: ProposedItem[];
  deadline?: ProposedTime;
  opening?: ProposedTime;
}

/** The tender's text: per page, its lines in reading order. */
export type TenderPages = readonly (readonly string[])[];

// ---------------------------------------------------------------------------------------------------
// Text clean-up
// ---------------------------------------------------------------------------------------------------

/** Full-width digits, letters and punctuation that carry no difference here read as their half-width forms. */
function norm(s: string): string {
  return s
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0\t]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Spaces between CJK characters (pdf.js runs, justified Word text) carry nothing: "投 标 函" is "投标函"; next to a digit they may ("1 投标函 3", a table row). */
const tight = (s: string): string => s.replace(/(?<=[^ -~]) +(?=[^ -~])/g, '');

const PAGE_NUMBER = [/^[-—–_ ]*\d{1,4}[-—–_ ]*$/, /^第\d{1,4}页([,，/ ]*共\d{1,4}页)?$/, /^共\d{1,4}页[,，/ ]*第\d{1,4}页$/, /^\d{1,4} ?\/ ?\d{1,4}$/, /^page ?\d+( ?(of|\/) ?\d+)?$/i];

/**
 * The lines without running headers and footers: a line among the first or last three of a page whose text
 * (digits aside) recurs there on three pages or more is kept only where it first appears (a chapter's name
 * as its header stays once, as the chapter's heading), and bare page numbers are dropped.
 */
export function dropRunningLines(pages: TenderPages): string[][] {
  const clean = pages.map((ls) => ls.map((l) => tight(norm(l))).filter((l) => l !== ''));
  const key = (l: string) => l.replace(/\d+/g, '#').replace(/ /g, '');
  const edge = (ls: string[], i: number) => i < 3 || i >= ls.length - 3;
  const seen = new Map<string, number>();
  for (const ls of clean) for (const k of new Set(ls.filter((_, i) => edge(ls, i)).map(key))) seen.set(k, (seen.get(k) ?? 0) + 1);
  const kept = new Set<string>();
  return clean.map((ls) =>
    ls.filter((l, i) => {
      if (PAGE_NUMBER.some((re) => re.test(l.replace(/ /g, '')))) return false;
      const k = key(l);
      if (!edge(ls, i) || (seen.get(k) ?? 0) < 3) return true;
      if (kept.has(k)) return false;
      kept.add(k);
      return true;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// The chapter and its list
// ---------------------------------------------------------------------------------------------------

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "十一" → 11, "二十" → 20, "三" → 3, "二〇二六" → 2026 (digit by digit when there is no 十/百). */
export function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十百]+$/.test(s)) return undefined;
  if (!/[十百]/.test(s)) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  let total = 0;
  let cur = 0;
  for (const c of s) {
    if (c === '百' || c === '十') {
      total += (cur || 1) * (c === '百' ? 100 : 10);
      cur = 0;
    } else cur = CN_DIGITS[c]!;
  }
  return total + cur;
}

const CN = '[一二三四五六七八九十]{1,3}';
/** The list marker styles tenders use, each with its number. */
const MARKERS: { style: string; re: RegExp }[] = [
  { style: 'paren', re: /^[（(] ?(\d{1,2}) ?[）)] ?/ },
  { style: 'paren-cn', re: new RegExp(`^[（(] ?(${CN}) ?[）)] ?`) },
  { style: 'circled', re: /^([①-⑳⑴-⒇]) ?/ },
  { style: 'cn', re: new RegExp(`^(${CN}) ?[、.．] ?`) },
  { style: 'arabic', re: /^(\d{1,2}) ?(?:[、．]|\.(?!\d)|[)）]) ?/ },
  { style: 'annex', re: new RegExp(`^(?:附件|附表|格式|表) ?(\\d{1,2}|${CN}) ?(?:[-—：:、.．]|(?=[^\\d]))(?!\\d) ?`) },
  // a table's 序号 column: "1 投标函 3" (number, name, page)
  { style: 'seq', re: /^(\d{1,2}) (?=[^\d\s.、．)）:：])/ },
];

function markerOf(line: string): { style: string; n: number; rest: string } | undefined {
  for (const { style, re } of MARKERS) {
    const m = re.exec(line);
    if (!m) continue;
    const c = m[1]!;
    const n = style === 'circled' ? (c >= '⑴' ? c.charCodeAt(0) - 0x2474 : c.charCodeAt(0) - 0x245f) : cnNumber(c);
    if (n === undefined) continue;
    return { style, n, rest: line.slice(m[0].length) };
  }
  return undefined;
}

/** A table-of-contents line: the title, a leader of dots, a page number. */
const TOC = /(?:[.·…．。\-— ]{3,}|…+) ?\d{1,4}$/;
const untoc = (s: string) => s.replace(TOC, '').trim();

const HEADING = /^(?:第[一二三四五六七八九十百\d]{1,4}[章节部分篇卷] ?)?(?:[一二三四五六七八九十\d]{1,3}[、.．] ?)?(?:\d{1,2}(?:\.\d{1,2}){0,3} ?)?(?:投标|响应|应答|磋商响应)文件(?:的)?(?:格式|组成|构成|编制|内容|目录)/;
const CHAPTER = /^第[一二三四五六七八九十百\d]{1,4}[章部分篇卷]/;
const CLAUSE = /^\d{1,2}\.\d{1,2}/;

interface Found {
  heading: string;
  page: number;
  items: ProposedItem[];
  order: number;
}

/** Ends an entry that continues on the next line (a wrapped PDF line): open brackets, a joining word. */
const unfinished = (s: string) => (s.match(/[（(]/g) ?? []).length > (s.match(/[）)]/g) ?? []).length || /[及和与或、，,（(的]$/.test(s);

function cleanTitle(s: string): string {
  return untoc(s)
    .replace(/ \d{1,4}$/, '') // a page number column
    .replace(/^[：:]/, '')
    .replace(/[;；。，,.：:]+$/, '')
    .replace(/[（(](?:格式)?见[^（）()]{0,20}[）)]$/, '')
    .trim()
    .slice(0, 200);
}

const CONDITIONAL = /如有|如适用|若有|如需|如要求|(?:^|[^非])联合体|(?:如|若)(?:采用|提供|涉及)/;

/** The checklist kind an entry's words point to; the first rule that matches wins. */
export function kindOf(title: string): ChecklistKind {
  const rules: [RegExp, ChecklistKind][] = [
    [/授权委托书|授权书|法定代表人(?:\(单位负责人\)|（单位负责人）)?身份证明|法人身份证明|委托代理人/, 'authorization'],
    [/(?:投标|响应|报价|磋商)函/, 'bid-letter'],
    [/报价|工程量清单|价格|开标一览表|分项|费用|造价/, 'price-list'],
    [/^商务|商务(?:部分|文件|偏离|条款|响应)/, 'commercial'],
    [/资格|营业执照|资质|业绩|财务|信誉|信用|社保|纳税|审计|项目经理|人员|证书|许可证|类似项目/, 'qualification'],
    [/技术|施工组织|组织设计|方案|服务承诺|实施|偏离|项目管理机构|进度|质量|售后|设备|图纸/, 'technical'],
    [/商务|保证金|联合体|分包|承诺|声明|诚信|合同|协议/, 'commercial'],
  ];
  return rules.find(([re]) => re.test(title))?.[1] ?? 'other';
}

/** The list right after a heading: the entries of the first marker style met, in rising numbers. */
function listAfter(lines: { page: number; text: string }[], from: number, clause?: string): ProposedItem[] {
  const within = clause ? `${clause}.` : undefined;
  const items: ProposedItem[] = [];
  let style: string | undefined;
  let last = 0;
  let open = false;
  let lastRaw: string | undefined;
  for (let i = from; i < lines.length && i < from + 400; i++) {
    const { page, text } = lines[i]!;
    const t = untoc(text);
    if (!style && i - from > 40) break;
    if (CHAPTER.test(t)) break;
    // before the list: a clause beside the heading's own (3.2 after 3.1 …) ends the search
    if (!style && within && CLAUSE.test(t) && !t.startsWith(within)) break;
    const m = markerOf(t);
    if (m && (!style || m.style === style)) {
      const title = cleanTitle(m.rest);
      const prose = title.length > 60 || /[。]./.test(title);
      if (!style) {
        if (prose || m.n > 2 || !title) continue;
        style = m.style;
      } else if (m.n <= last || prose) break;
      if (!title) continue;
      items.push({ title, kind: 'other', required: true, page });
      last = m.n;
      open = unfinished(m.rest.replace(TOC, ''));
      lastRaw = m.rest;
      continue;
    }
    if (!style) continue;
    if (CLAUSE.test(t) || HEADING.test(t)) break;
    // a wrapped entry: its first line left open, or long and unterminated where the next line ends the entry
    const prev = items[items.length - 1]!.title;
    if (!m && t.length <= 60 && (open || (prev.length >= 15 && lastRaw !== undefined && !/[;；。]$/.test(lastRaw) && /[;；。]$/.test(t)))) {
      const it = items[items.length - 1]!;
      it.title = cleanTitle(it.title + t);
      open = unfinished(t);
      lastRaw = t;
      continue;
    }
    open = false;
  }
  return items.map((it) => ({ ...it, kind: kindOf(it.title), required: !CONDITIONAL.test(it.title) }));
}

/** Lists given inline after the heading: "投标文件由投标函、授权委托书、报价表组成。" / "…包括：A、B、C。" */
function inlineList(lines: { page: number; text: string }[], from: number): ProposedItem[] {
  for (let i = from; i < lines.length && i < from + 4; i++) {
    const { page, text } = lines[i]!;
    const m = /(?:投标|响应)文件(?:应)?(?:由|包括|包含|主要包括)(?:以下|下列)?(?:内容|部分|文件)?[：:]?(.{4,300}?)(?:组成|构成|等)?[。；;]?$/.exec(text);
    if (!m) continue;
    const parts = m[1]!.split(/[、，,；;]|(?<=.)及(?=.)/).map((s) => cleanTitle(s.replace(/^(?:和|以及|及)/, ''))).filter((s) => s.length >= 2 && s.length <= 40);
    if (parts.length >= 2) return parts.map((title) => ({ title, kind: kindOf(title), required: !CONDITIONAL.test(title), page }));
  }
  return [];
}

function findChecklist(lines: { page: number; text: string }[]): Found | undefined {
  const found: Found[] = [];
  lines.forEach(({ page, text }, i) => {
    const t = untoc(text);
    if (t.length > 40 || !HEADING.test(t)) return;
    let items = listAfter(lines, i + 1, /^(\d{1,2}(?:\.\d{1,2}){1,3})/.exec(t)?.[1]);
    if (items.length < 2) items = inlineList(lines, i + 1);
    // the heading line itself may carry the inline list ("3.1 投标文件的组成：投标文件由…组成")
    if (items.length < 2) items = inlineList(lines, i);
    if (items.length >= 2) found.push({ heading: t, page, items, order: i });
  });
  // the longest list; of equal ones the later (the chapter itself rather than its line in the contents)
  return found.sort((a, b) => b.items.length - a.items.length || b.order - a.order)[0];
}

// ---------------------------------------------------------------------------------------------------
// Deadline and opening
// ---------------------------------------------------------------------------------------------------

const DEADLINE_LABEL = /(?:投标|响应|应答)(?:文件)?(?:的)?(?:递交|提交|接收)?(?:的)?截止(?:时间|日期)|(?:递交|提交)(?:投标|响应)文件(?:的)?截止(?:时间|日期)/g;
const OPENING_LABEL = /开标(?:时间|日期)|(?:响应|投标)文件开启时间|开启时间/g;
const YMD = `(\\d{4}|[〇零一二三四五六七八九]{4}) ?[-/.年] ?(\\d{1,2}|${CN}) ?[-/.月] ?(\\d{1,2}|[一二三]?十?[一二三四五六七八九十]?) ?日?`;
const WEEKDAY = '(?: ?[（(]?(?:星期|周|礼拜)[一二三四五六日天][）)]?)?';
const HM = '(上午|下午|中午|晚上|早上)? ?(\\d{1,2}|[一二三四五六七八九十]{1,3}) ?(?:[:：]|时|点) ?(\\d{1,2}|[〇零一二三四五六七八九十]{1,3})? ?(?:分|整)?';
const DATETIME = new RegExp(`${YMD}${WEEKDAY} ?(?:北京时间)? ?${HM}`);

/** A date and time in the words after a label (what lies between them holds no full stop). */
function timeAfter(text: string, at: number): { iso: string; end: number } | undefined {
  const after = text.slice(at, at + 120);
  const m = DATETIME.exec(after);
  // nothing in between ends the sentence or starts another label ("截止时间、开标时间和地点\n提交…截止时间：…")
  const between = after.slice(0, m?.index ?? 0);
  if (!m || /[。；;]/.test(between) || m.index > 40 || new RegExp(`${DEADLINE_LABEL.source}|${OPENING_LABEL.source}`).test(between.replace(/[（(][^（）()]*[）)]/g, ''))) return undefined;
  const [, y, mo, d, half, h, mi] = m;
  const year = cnNumber(y!);
  const month = cnNumber(mo!);
  const day = cnNumber(d!);
  let hour = cnNumber(h!) ?? 99;
  const minute = mi === undefined ? 0 : (cnNumber(mi) ?? 99);
  if ((half === '下午' || half === '晚上') && hour < 12) hour += 12;
  if (year === undefined || month === undefined || day === undefined || hour > 23 || minute > 59) return undefined;
  const p = (n: number) => String(n).padStart(2, '0');
  const local = `${year}-${p(month)}-${p(day)} ${p(hour)}:${p(minute)}`;
  const date = parseBeijingTime(local);
  // a date that does not exist (2 月 30 日) rolls over in Date; refuse it instead
  if (!date || new Date(date.getTime() + 8 * 3_600_000).getUTCDate() !== day) return undefined;
  return { iso: `${local.replace(' ', 'T')}:00+08:00`, end: at + m.index + m[0].length };
}

function findTime(text: string, label: RegExp): { iso: string; at: number; end: number } | undefined {
  label.lastIndex = 0;
  for (let m = label.exec(text); m; m = label.exec(text)) {
    const t = timeAfter(text, m.index + m[0].length);
    if (t) return { ...t, at: m.index };
  }
  return undefined;
}

const pageAt = (starts: number[], at: number) => Math.max(0, starts.findLastIndex((s) => s <= at));
const sourceOf = (text: string, at: number, end: number) => text.slice(at, Math.min(end, at + 80)).replace(/\n/g, ' ').trim();

// ---------------------------------------------------------------------------------------------------

/** The checklist, deadline and opening a tender's text proposes (empty, never a failure, when it names none). */
export function proposeFromTender(pages: TenderPages): TenderProposal {
  const clean = dropRunningLines(pages);
  const lines = clean.flatMap((ls, page) => ls.map((text) => ({ page, text })));
  const chapter = findChecklist(lines);
  const out: TenderProposal = { pages: pages.length, items: [] };
  if (chapter) {
    // "第八章投标文件格式" as printed: a space after the chapter or clause number
    out.chapter = { heading: chapter.heading.replace(/^(第[^章部分篇卷]{1,4}(?:章|部分|篇|卷)|\d{1,2}(?:\.\d{1,2}){0,3}(?![.\d]))(?=[^\s、.．])/, '$1 '), page: chapter.page };
    const seen = new Set<string>();
    out.items = chapter.items.filter((it) => !seen.has(it.title) && !!seen.add(it.title)).slice(0, 100);
  }
  // deadline and opening: over the text as one, so a label and its value on two lines (a table) still meet
  const starts: number[] = [];
  let text = '';
  clean.forEach((ls) => {
    starts.push(text.length);
    text += ls.join('\n') + '\n';
  });
  const dl = findTime(text, DEADLINE_LABEL);
  if (dl) out.deadline = { iso: dl.iso, source: sourceOf(text, dl.at, dl.end), page: pageAt(starts, dl.at) };
  const op = findTime(text, OPENING_LABEL);
  if (op) out.opening = { iso: op.iso, source: sourceOf(text, op.at, op.end), page: pageAt(starts, op.at) };
  else if (dl) {
    // "开标时间：同投标截止时间" / "投标截止时间（开标时间）"
    const same = /开标(?:时间|日期)?[：: ]?(?:为|即)?(?:同|与)?(?:投标)?截止时间(?:相同|同一时间)?|(?:投标)?截止时间[（(]?(?:即|同)?开标时间|截止时间和开标时间/.exec(text);
    if (same) out.opening = { iso: dl.iso, source: sourceOf(text, same.index, same.index + same[0].length), page: pageAt(starts, same.index) };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Applying a proposal
// ---------------------------------------------------------------------------------------------------

/** Names compared loosely: spacing, brackets and punctuation aside. */
const bare = (s: string) => s.replace(/[\s（）()【】《》“”"'、，,。.；;：:]/g, '');
const same = (a: string, b: string) => bare(a) === bare(b);
/** a name the user gave covers an entry it contains or that contains it ("资格审查资料（含营业执照）" covers "资格审查资料") */
const covers = (given: string, entry: string) => {
  const [a, b] = [bare(given), bare(entry)];
  return a === b || (Math.min(a.length, b.length) >= 4 && (a.includes(b) || b.includes(a)));
};

/**
 * The checklist with the accepted proposal merged in: an entry whose name is already there (or within a
 * name the user gave, or containing it) is not added again; an untitled default item of the same kind (from defaultChecklist) takes the entry's name and keeps
 * its documents; every other entry becomes a new item. `titleOf` gives an item's shown name (the UI's default
 * for its kind when it has no title).
 */
export function mergeChecklist(existing: readonly ChecklistItem[], proposed: readonly Pick<ProposedItem, 'title' | 'kind' | 'required'>[], titleOf: (i: ChecklistItem) => string): ChecklistItem[] {
  const out = existing.map((i) => ({ ...i }));
  const renamed = new Set<string>();
  const ids = new Set(out.map((i) => i.id));
  for (const p of proposed) {
    const title = p.title.trim().slice(0, 200);
    if (!title || out.some((i) => (i.title !== undefined ? covers(i.title, title) : same(titleOf(i), title)))) continue;
    const slot = out.find((i) => i.kind === p.kind && p.kind !== 'other' && i.title === undefined && !renamed.has(i.id));
    if (slot) {
      slot.title = title;
      slot.required = p.required;
      renamed.add(slot.id);
      continue;
    }
    let n = 1;
    while (ids.has(`${p.kind}-${n}`)) n++;
    const id = `${p.kind}-${n}`;
    ids.add(id);
    out.push({ id, kind: p.kind, title, required: p.required, fileIds: [] });
  }
  return out.slice(0, 100);
}
