// Runs anywhere (pure, no DOM). One page of an OFD (GB/T 33190-2016) as a draw list, in page millimetres, for
// the renderer to turn into SVG: the page's template and content layers (TextObject with its font and
// DeltaX/DeltaY, PathObject from AbbreviatedData with stroke and fill, ImageObject from MultiMedia, PageBlock),
// each with its CTM and Boundary, then the stamp annotations of the document's signatures with the seal's own
// picture (the SESeal inside SignedValue.dat), and the Appearance of the page's annotations (Annotations.xml). What a reader needs to see the page and place a seal; colour
// spaces other than Gray/RGB/CMYK, shadings, patterns and Clips are not drawn (docs/OFD.md).
import { BidSealError } from '../errors';
import { parseSesSignature } from '../eseal/signature';
import { OfdPackage, readStructure, parseXml, kids, kid, attr, textOf, resolvePath, parseBox, type OfdDoc, type XmlEl } from './package';

export type OfdBox = [number, number, number, number];
/** an affine matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f (OFD CTM order) */
export type OfdMatrix = [number, number, number, number, number, number];

export interface OfdColor {
  /** #rrggbb */
  rgb: string;
  /** 0…1 */
  alpha: number;
}

interface ItemBase {
  /** object space → page millimetres: the Boundary's origin times the CTM */
  m: OfdMatrix;
  /** the object's Boundary on the page (everything outside is clipped) */
  clip: OfdBox;
}

export interface OfdTextRun {
  /** object-space position of the run's first glyph (baseline) */
  x: number;
  y: number;
  text: string;
}

export type OfdDrawItem =
  | (ItemBase & { kind: 'text'; font: string; size: number; bold: boolean; italic: boolean; fill: OfdColor | null; stroke: OfdColor | null; runs: OfdTextRun[] })
  | (ItemBase & { kind: 'path'; d: string; lineWidth: number; stroke: OfdColor | null; fill: OfdColor | null; evenOdd: boolean })
  /** the image fills the unit square of object space (the CTM scales it to the Boundary) */
  | (ItemBase & { kind: 'image'; media: string })
  /** a seal's stamp: the seal picture over the box, clipped to `clip` (page mm); no picture when its format is not drawable */
  | { kind: 'stamp'; box: OfdBox; clip: OfdBox; media: string | null; signatureId: string };

export interface OfdFontFace {
  id: string;
  name: string;
  family: string;
  /** the embedded font program when the document carries one (TrueType/OpenType) */
  data?: Uint8Array;
}

export interface OfdPageDrawing {
  index: number;
  /** the page's PhysicalBox in mm */
  box: OfdBox;
  items: OfdDrawItem[];
  fonts: OfdFontFace[];
  /** pictures by id: image resources and seal pictures */
  media: Record<string, { mediaType: string; data: Uint8Array }>;
  /** objects that were skipped (unknown image format, unreadable seal picture…) */
  skipped: number;
}

const IDENTITY: OfdMatrix = [1, 0, 0, 1, 0, 0];
const DEFAULT_LINE_WIDTH = 0.353;
const BLACK: OfdColor = { rgb: '#000000', alpha: 1 };

/** a·b: first b, then a (a applied to the result of b) */
export function mul(a: OfdMatrix, b: OfdMatrix): OfdMatrix {
  return [a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3], a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5]];
}

const nums = (s: string | undefined): number[] => (s ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);

function parseCtm(s: string | undefined): OfdMatrix {
  const n = nums(s);
  return n.length === 6 && n.every(Number.isFinite) ? (n as OfdMatrix) : IDENTITY;
}

/** DeltaX/DeltaY: numbers, with "g N v" meaning v repeated N times; at most `max` (the glyphs that need them) */
export function parseDeltas(s: string | undefined, max = 100_000): number[] {
  const t = (s ?? '').trim().split(/[\s,]+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < t.length && out.length < max; i++) {
    if (t[i] === 'g') {
      const n = Math.min(Number(t[i + 1]), max - out.length);
      const v = Number(t[i + 2]);
      if (Number.isFinite(n) && Number.isFinite(v)) for (let k = 0; k < n; k++) out.push(v);
      i += 2;
    } else if (Number.isFinite(Number(t[i]))) out.push(Number(t[i]));
  }
  return out;
}

/** AbbreviatedData (GB/T 33190 §9.3.3) → an SVG path in object space; unknown operators end the path. */
export function abbreviatedToSvg(data: string): string {
  const t = data.trim().split(/[\s,]+/).filter(Boolean);
  const ops: Record<string, [string, number]> = { S: ['M', 2], M: ['M', 2], L: ['L', 2], Q: ['Q', 4], B: ['C', 6], A: ['A', 7], C: ['Z', 0] };
  const out: string[] = [];
  let i = 0;
  while (i < t.length) {
    const op = ops[t[i]!];
    if (!op) break;
    const args = t.slice(i + 1, i + 1 + op[1]).map(Number);
    if (args.length < op[1] || !args.every(Number.isFinite)) break;
    out.push(op[0] + (args.length ? ` ${args.join(' ')}` : ''));
    i += 1 + op[1];
  }
  return out.join(' ');
}

const hex2 = (n: number): string => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');

/** A colour element (FillColor/StrokeColor): Value in Gray, RGB or CMYK by count (0–255), or #rrggbb; Alpha 0–255. */
export function parseColor(el: XmlEl | undefined, fallback: OfdColor | null): OfdColor | null {
  if (!el) return fallback;
  const alpha = Math.max(0, Math.min(255, Number(attr(el, 'Alpha') ?? 255))) / 255;
  const v = (attr(el, 'Value') ?? '').trim();
  if (!v) return kid(el, 'AxialShd') || kid(el, 'RadialShd') || kid(el, 'Pattern') ? fallback : { ...(fallback ?? BLACK), alpha };
  if (/^#[0-9a-f]{6}$/i.test(v)) return { rgb: v.toLowerCase(), alpha };
  const n = v.split(/\s+/).map((x) => (x.startsWith('#') ? parseInt(x.slice(1), 16) : Number(x)));
  if (!n.every(Number.isFinite)) return fallback;
  let rgb: number[];
  if (n.length === 1) rgb = [n[0]!, n[0]!, n[0]!];
  else if (n.length === 4) {
    const [c, m, y, k] = n.map((x) => x / 255) as [number, number, number, number];
    rgb = [255 * (1 - c) * (1 - k), 255 * (1 - m) * (1 - k), 255 * (1 - y) * (1 - k)];
  } else if (n.length === 3) rgb = n;
  else return fallback;
  return { rgb: `#${rgb.map(hex2).join('')}`, alpha };
}

/** picture media type by content; null for formats a browser does not draw (JBIG2, TIFF, OFD pictures…) */
export function imageMediaType(b: Uint8Array): string | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'image/gif';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp';
  const head = new TextDecoder().decode(b.subarray(0, 256)).trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return null;
}

interface DrawParam {
  lineWidth?: number;
  fill?: OfdColor | null;
  stroke?: OfdColor | null;
}

interface Resources {
  fonts: Map<string, OfdFontFace>;
  /** MultiMedia id → file path in the package */
  media: Map<string, string>;
  params: Map<string, { el: XmlEl; relative?: string }>;
}

/** A Res file: its Fonts, MultiMedias and DrawParams, files located by the Res BaseLoc. */
function readRes(pkg: OfdPackage, resPath: string, into: Resources): void {
  if (!pkg.has(resPath)) return;
  const res = parseXml(pkg.get(resPath), resPath);
  const base = attr(res, 'BaseLoc');
  const locate = (ref: string): string => {
    const tries = ref.startsWith('/') ? [resolvePath(resPath, ref)] : [resolvePath(resPath, base ? `${base}/${ref}` : ref), resolvePath(resPath, ref), resolvePath('OFD.xml', ref)];
    return tries.find((p) => pkg.has(p)) ?? tries[0]!;
  };
  for (const f of kids(kid(res, 'Fonts'), 'Font')) {
    const id = attr(f, 'ID');
    if (!id) continue;
    const file = textOf(kid(f, 'FontFile'));
    const p = file ? locate(file) : undefined;
    into.fonts.set(id, { id, name: attr(f, 'FontName') ?? '', family: attr(f, 'FamilyName') ?? attr(f, 'FontName') ?? '', ...(p && pkg.has(p) ? { data: pkg.get(p) } : {}) });
  }
  for (const m of kids(kid(res, 'MultiMedias'), 'MultiMedia')) {
    const id = attr(m, 'ID');
    const file = textOf(kid(m, 'MediaFile'));
    if (id && file) into.media.set(id, locate(file));
  }
  for (const d of kids(kid(res, 'DrawParams'), 'DrawParam')) {
    const id = attr(d, 'ID');
    if (id) into.params.set(id, { el: d, ...(attr(d, 'Relative') ? { relative: attr(d, 'Relative')! } : {}) });
  }
}

function drawParam(res: Resources, id: string | undefined, depth = 0): DrawParam {
  const p = id ? res.params.get(id) : undefined;
  if (!p || depth > 8) return {};
  const parent = drawParam(res, p.relative, depth + 1);
  const lw = Number(attr(p.el, 'LineWidth'));
  return {
    ...parent,
    ...(Number.isFinite(lw) && attr(p.el, 'LineWidth') ? { lineWidth: lw } : {}),
    ...(kid(p.el, 'FillColor') ? { fill: parseColor(kid(p.el, 'FillColor'), BLACK) } : {}),
    ...(kid(p.el, 'StrokeColor') ? { stroke: parseColor(kid(p.el, 'StrokeColor'), BLACK) } : {}),
  };
}

const MAX_ITEMS = 200_000;

class PageWalker {
  readonly items: OfdDrawItem[] = [];
  readonly usedFonts = new Set<string>();
  readonly usedMedia = new Set<string>();
  skipped = 0;
  /** where object coordinates start: the page's origin, or an annotation's Appearance Boundary */
  origin: [number, number] = [0, 0];
  constructor(private readonly res: Resources) {}

  /** the objects of a Layer or PageBlock, in order */
  block(el: XmlEl, inherited: DrawParam, depth = 0): void {
    if (depth > 32) return;
    const own = attr(el, 'DrawParam') ? { ...inherited, ...drawParam(this.res, attr(el, 'DrawParam')) } : inherited;
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== 1) continue;
      if (this.items.length >= MAX_ITEMS) throw new BidSealError('E_OFD_CORRUPT', 'the page has too many objects to draw');
      const o = n as XmlEl;
      const name = o.localName || o.nodeName.replace(/^.*:/, '');
      if (attr(o, 'Visible') === 'false') continue;
      if (name === 'PageBlock') this.block(o, own, depth + 1);
      else if (name === 'TextObject') this.text(o, own);
      else if (name === 'PathObject') this.path(o, own);
      else if (name === 'ImageObject') this.image(o);
      else if (name === 'CompositeObject') this.skipped++;
    }
  }

  private place(o: XmlEl): { m: OfdMatrix; clip: OfdBox } | null {
    const p = parseBox(attr(o, 'Boundary'));
    if (!p) return null;
    const b: OfdBox = [p[0] + this.origin[0], p[1] + this.origin[1], p[2], p[3]];
    return { m: mul([1, 0, 0, 1, b[0], b[1]], parseCtm(attr(o, 'CTM'))), clip: b };
  }

  private params(o: XmlEl, inherited: DrawParam): DrawParam {
    return attr(o, 'DrawParam') ? { ...inherited, ...drawParam(this.res, attr(o, 'DrawParam')) } : inherited;
  }

  private alpha(o: XmlEl, c: OfdColor | null): OfdColor | null {
    const a = attr(o, 'Alpha');
    return c && a ? { ...c, alpha: c.alpha * (Math.max(0, Math.min(255, Number(a))) / 255 || 0) } : c;
  }

  private text(o: XmlEl, inherited: DrawParam): void {
    const at = this.place(o);
    if (!at) return void this.skipped++;
    const p = this.params(o, inherited);
    const font = attr(o, 'Font') ?? '';
    this.usedFonts.add(font);
    const runs: OfdTextRun[] = [];
    let x = 0;
    let y = 0;
    for (const tc of kids(o, 'TextCode')) {
      // a TextCode without X/Y continues where the last one started (liberal: writers omit them)
      if (attr(tc, 'X') !== undefined) x = Number(attr(tc, 'X')) || 0;
      if (attr(tc, 'Y') !== undefined) y = Number(attr(tc, 'Y')) || 0;
      const chars = [...(tc.textContent ?? '')];
      const dx = parseDeltas(attr(tc, 'DeltaX'), chars.length);
      const dy = parseDeltas(attr(tc, 'DeltaY'), chars.length);
      if (!dx.length && !dy.length) {
        if (chars.length) runs.push({ x, y, text: chars.join('') });
        continue;
      }
      let cx = x;
      let cy = y;
      chars.forEach((ch, i) => {
        runs.push({ x: cx, y: cy, text: ch });
        cx += dx[i] ?? 0;
        cy += dy[i] ?? 0;
      });
    }
    if (!runs.length) return;
    const fill = attr(o, 'Fill') === 'false' ? null : parseColor(kid(o, 'FillColor'), p.fill ?? BLACK);
    const stroke = attr(o, 'Stroke') === 'true' ? parseColor(kid(o, 'StrokeColor'), p.stroke ?? BLACK) : null;
    this.items.push({
      kind: 'text',
      ...at,
      font,
      size: Number(attr(o, 'Size')) || 3.5,
      bold: attr(o, 'Weight') !== undefined ? Number(attr(o, 'Weight')) >= 600 : false,
      italic: attr(o, 'Italic') === 'true',
      fill: this.alpha(o, fill),
      stroke: this.alpha(o, stroke),
      runs,
    });
  }

  private path(o: XmlEl, inherited: DrawParam): void {
    const at = this.place(o);
    const d = abbreviatedToSvg(textOf(kid(o, 'AbbreviatedData')));
    if (!at || !d) return void this.skipped++;
    const p = this.params(o, inherited);
    const lw = Number(attr(o, 'LineWidth'));
    const stroke = attr(o, 'Stroke') === 'false' ? null : parseColor(kid(o, 'StrokeColor'), p.stroke ?? BLACK);
    const fill = attr(o, 'Fill') === 'true' ? parseColor(kid(o, 'FillColor'), p.fill ?? BLACK) : null;
    this.items.push({ kind: 'path', ...at, d, lineWidth: Number.isFinite(lw) && attr(o, 'LineWidth') ? lw : (p.lineWidth ?? DEFAULT_LINE_WIDTH), stroke: this.alpha(o, stroke), fill: this.alpha(o, fill), evenOdd: attr(o, 'Rule') === 'Even-Odd' });
  }

  private image(o: XmlEl): void {
    const at = this.place(o);
    const id = attr(o, 'ResourceID');
    if (!at || !id || !this.res.media.has(id)) return void this.skipped++;
    this.usedMedia.add(id);
    this.items.push({ kind: 'image', ...at, media: id });
  }
}

/** The layers of a Content element, Background first, then Body, then Foreground (GB/T 33190 §7.7). */
function layersOf(content: XmlEl | undefined): XmlEl[] {
  const rank = (l: XmlEl) => ({ Background: 0, Body: 1, Foreground: 2 })[attr(l, 'Type') ?? 'Body'] ?? 1;
  return kids(content, 'Layer')
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank(a.l) - rank(b.l) || a.i - b.i)
    .map((x) => x.l);
}

function documentResources(pkg: OfdPackage, doc: OfdDoc): { res: Resources; docXml: XmlEl } {
  const docXml = parseXml(pkg.get(doc.root), doc.root);
  const res: Resources = { fonts: new Map(), media: new Map(), params: new Map() };
  const common = kid(docXml, 'CommonData');
  for (const r of [...kids(common, 'PublicRes'), ...kids(common, 'DocumentRes')]) {
    const ref = textOf(r);
    if (ref) readRes(pkg, resolvePath(doc.root, ref), res);
  }
  return { res, docXml };
}

/** The stamps the document's seal signatures place on a page, with the seal pictures. */
function stampsOf(pkg: OfdPackage, doc: OfdDoc, pageId: string, media: OfdPageDrawing['media']): { items: OfdDrawItem[]; skipped: number } {
  const items: OfdDrawItem[] = [];
  let skipped = 0;
  if (!doc.signatures || !pkg.has(doc.signatures)) return { items, skipped };
  const list = parseXml(pkg.get(doc.signatures), doc.signatures);
  for (const s of kids(list, 'Signature')) {
    const id = attr(s, 'ID') ?? '';
    const path = resolvePath(doc.signatures, attr(s, 'BaseLoc') ?? '');
    if (!pkg.has(path)) continue;
    const x = parseXml(pkg.get(path), path);
    const annots = kids(kid(x, 'SignedInfo'), 'StampAnnot').filter((a) => attr(a, 'PageRef') === pageId);
    if (!annots.length) continue;
    let key: string | null = null;
    try {
      const valueRef = textOf(kid(x, 'SignedValue'));
      const pic = parseSesSignature(pkg.get(resolvePath(path, valueRef))).seal?.picture;
      const type = pic ? imageMediaType(pic.data) : null;
      if (pic && type) {
        key = `seal:${id}`;
        media[key] = { mediaType: type, data: pic.data };
      }
    } catch {
      // a signature whose value cannot be read still shows where its stamp is (verification reports why)
    }
    for (const a of annots) {
      const box = parseBox(attr(a, 'Boundary'));
      if (!box) continue;
      const c = parseBox(attr(a, 'Clip'));
      if (!key) skipped++;
      items.push({ kind: 'stamp', box, clip: c ? [box[0] + c[0], box[1] + c[1], c[2], c[3]] : box, media: key, signatureId: id });
    }
  }
  return { items, skipped };
}

/** The visible annotations of a page (Document.xml → Annotations → the page's PageAnnot file). */
function pageAnnotations(pkg: OfdPackage, doc: OfdDoc, docXml: XmlEl, pageId: string): Array<{ type: string; appearance: XmlEl }> {
  const ref = textOf(kid(docXml, 'Annotations'));
  if (!ref) return [];
  const listPath = resolvePath(doc.root, ref);
  if (!pkg.has(listPath)) return [];
  const out: Array<{ type: string; appearance: XmlEl }> = [];
  for (const p of kids(parseXml(pkg.get(listPath), listPath), 'Page')) {
    if (attr(p, 'PageID') !== pageId) continue;
    const loc = textOf(kid(p, 'FileLoc'));
    const path = loc ? resolvePath(listPath, loc) : '';
    if (!path || !pkg.has(path)) continue;
    for (const a of kids(parseXml(pkg.get(path), path), 'Annot')) {
      const app = kid(a, 'Appearance');
      if (!app || attr(a, 'Visible') === 'false' || attr(a, 'NoView') === 'true') continue;
      out.push({ type: attr(a, 'Type') ?? '', appearance: app });
    }
  }
  return out;
}

/** Page `index` (from 0) of the first document as a draw list. */
export function drawOfdPage(pkg: OfdPackage, index: number, docIndex = 0): OfdPageDrawing {
  const doc = readStructure(pkg)[docIndex];
  if (!doc) throw new BidSealError('E_OFD_CORRUPT', 'the OFD has no document');
  const page = doc.pages[index];
  if (!page) throw new BidSealError('E_INVALID_ARGUMENT', `page ${index + 1} does not exist (the document has ${doc.pages.length})`);
  const { res, docXml } = documentResources(pkg, doc);
  const pageXml = pkg.has(page.path) ? parseXml(pkg.get(page.path), page.path) : undefined;
  for (const r of kids(pageXml, 'PageRes')) {
    const ref = textOf(r);
    if (ref) readRes(pkg, resolvePath(page.path, ref), res);
  }
  const walker = new PageWalker(res);
  // templates: Background ones under the page's content, Foreground ones over it
  const templates = new Map(kids(kid(docXml, 'CommonData'), 'TemplatePage').map((t) => [attr(t, 'ID') ?? '', resolvePath(doc.root, attr(t, 'BaseLoc') ?? '')]));
  const tpl = (foreground: boolean) => {
    for (const t of kids(pageXml, 'Template')) {
      if ((attr(t, 'ZOrder') === 'Foreground') !== foreground) continue;
      const p = templates.get(attr(t, 'TemplateID') ?? '');
      if (!p || !pkg.has(p)) continue;
      const tx = parseXml(pkg.get(p), p);
      for (const l of layersOf(kid(tx, 'Content'))) walker.block(l, {});
    }
  };
  tpl(false);
  for (const l of layersOf(kid(pageXml, 'Content'))) walker.block(l, {});
  tpl(true);
  // annotations of Annotations.xml (stamps of other seal systems, watermarks, links): their Appearance objects
  // sit in the Appearance Boundary; Visible="false" ones and those marked NoView are not drawn
  for (const annot of pageAnnotations(pkg, doc, docXml, page.id)) {
    const at = parseBox(attr(annot.appearance, 'Boundary'));
    if (!at) continue;
    walker.origin = [at[0], at[1]];
    walker.block(annot.appearance, {});
  }
  walker.origin = [0, 0];
  const media: OfdPageDrawing['media'] = {};
  let skipped = walker.skipped;
  const items = walker.items.filter((it) => {
    if (it.kind !== 'image') return true;
    const p = res.media.get(it.media)!;
    const data = pkg.has(p) ? pkg.get(p) : undefined;
    const type = data ? imageMediaType(data) : null;
    if (!data || !type) {
      skipped++;
      return false;
    }
    media[it.media] = { mediaType: type, data };
    return true;
  });
  const stamps = stampsOf(pkg, doc, page.id, media);
  const fonts = [...walker.usedFonts].map((id) => res.fonts.get(id) ?? { id, name: '', family: '' });
  return { index, box: page.box, items: [...items, ...stamps.items], fonts, media, skipped: skipped + stamps.skipped };
}
