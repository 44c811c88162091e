// Runs anywhere (pure). An OFD document (GB/T 33190-2016) as a package: the ZIP container (deflate or stored,
// read whole: OFD files are documents, not multi-GB bid packages — those use shared/bid/zip.ts), its XML parts
// and the document structure (OFD.xml → DocBody → Document.xml → pages; Signatures.xml). Reading is liberal:
// absolute or relative paths, any namespace prefix, Signatures.xml wherever DocBody says. See docs/OFD.md.
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { BidSealError } from '../errors';

export const OFD_NS = 'http://www.ofdspec.org/2016';
/** limits for a hostile file (zip bomb): entries and total expanded size */
const MAX_ENTRIES = 20_000;
const MAX_TOTAL = 1024 * 1024 * 1024;

const corrupt = (msg: string, details?: Record<string, unknown>): never => {
  throw new BidSealError('E_OFD_CORRUPT', msg, details);
};

/** Normalises an OFD location: no leading slash, no "." or ".." segments, forward slashes. */
export function normPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) corrupt(`path escapes the package: ${p}`);
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** Resolves `ref` as written in the part at `from` (absolute "/Doc_0/…" or relative to that part's folder). */
export function resolvePath(from: string, ref: string): string {
  const r = ref.trim();
  if (r.startsWith('/')) return normPath(r);
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  return normPath(`${dir}/${r}`);
}

export class OfdPackage {
  /** entries by normalised path, in container order */
  readonly files: Map<string, Uint8Array>;

  constructor(files: Map<string, Uint8Array>) {
    this.files = files;
  }

  static open(bytes: Uint8Array): OfdPackage {
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new BidSealError('E_OFD_NOT_OFD', 'not a ZIP container');
    let raw: Record<string, Uint8Array>;
    let n = 0;
    let total = 0;
    try {
      raw = unzipSync(bytes, {
        filter: (f) => {
          n++;
          total += f.originalSize;
          if (n > MAX_ENTRIES || total > MAX_TOTAL) throw new BidSealError('E_OFD_CORRUPT', 'the OFD container is too large when expanded');
          return !f.name.endsWith('/');
        },
      });
    } catch (e) {
      if (e instanceof BidSealError) throw e;
      return corrupt(`ZIP: ${(e as Error).message}`);
    }
    const files = new Map<string, Uint8Array>();
    for (const [name, data] of Object.entries(raw)) {
      const p = normPath(name);
      if (files.has(p)) corrupt(`duplicate entry ${p}`);
      files.set(p, data);
    }
    if (!files.has('OFD.xml')) {
      const alt = [...files.keys()].find((k) => k.toLowerCase() === 'ofd.xml');
      if (!alt) throw new BidSealError('E_OFD_NOT_OFD', 'no OFD.xml at the root of the container');
      files.set('OFD.xml', files.get(alt)!);
    }
    return new OfdPackage(files);
  }

  get(p: string): Uint8Array {
    const b = this.files.get(normPath(p)) ?? this.caseInsensitive(p);
    if (!b) return corrupt(`missing part ${p}`, { path: p });
    return b;
  }

  has(p: string): boolean {
    return this.files.has(normPath(p)) || !!this.caseInsensitive(p);
  }

  private caseInsensitive(p: string): Uint8Array | undefined {
    const want = normPath(p).toLowerCase();
    for (const [k, v] of this.files) if (k.toLowerCase() === want) return v;
    return undefined;
  }

  /** a copy with some parts replaced or added (paths normalised) */
  with(changes: Record<string, Uint8Array>): OfdPackage {
    const files = new Map(this.files);
    for (const [k, v] of Object.entries(changes)) files.set(normPath(k), v);
    return new OfdPackage(files);
  }

  /** The container bytes: XML deflated, images and signature values stored. */
  toBytes(): Uint8Array {
    const z: Zippable = {};
    for (const [k, v] of this.files) z[k] = [v, { level: /\.(xml|txt)$/i.test(k) ? 6 : 0 }];
    return zipSync(z, { mtime: new Date('2020-01-01T00:00:00Z') });
  }
}

// ---------------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------------

export type XmlEl = Element;

export function parseXml(bytes: Uint8Array, what: string): XmlEl {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const errors: string[] = [];
  const dom = new DOMParser({
    errorHandler: { warning: () => {}, error: (m: string) => void errors.push(m), fatalError: (m: string) => void errors.push(m) },
  }).parseFromString(text, 'application/xml');
  const root = dom?.documentElement;
  if (!root || errors.length) return corrupt(`${what}: not well-formed XML${errors.length ? ` (${errors[0].split('\n')[0]})` : ''}`, { path: what });
  return root;
}

const local = (n: Node): string => ((n as Element).localName || n.nodeName.replace(/^.*:/, ''));

/** child elements with this local name (any prefix or namespace: writers differ) */
export function kids(el: XmlEl | undefined, name: string): XmlEl[] {
  const out: XmlEl[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && local(n) === name) out.push(n as XmlEl);
  return out;
}
export const kid = (el: XmlEl | undefined, name: string): XmlEl | undefined => kids(el, name)[0];
export const textOf = (el: XmlEl | undefined): string => (el?.textContent ?? '').trim();
export const attr = (el: XmlEl | undefined, name: string): string | undefined => {
  if (!el) return undefined;
  const v = el.getAttribute(name);
  return v === null || v === '' ? undefined : v;
};

export const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ---------------------------------------------------------------------------------------------------
// structure
// ---------------------------------------------------------------------------------------------------

export interface OfdPage {
  id: string;
  /** normalised path of the page's Content.xml */
  path: string;
  /** page box in millimetres [x, y, w, h] */
  box: [number, number, number, number];
}

export interface OfdDoc {
  index: number;
  /** normalised path of Document.xml */
  root: string;
  /** normalised path of Signatures.xml when DocBody names one */
  signatures?: string;
  pages: OfdPage[];
  maxUnitId: number;
}

export function parseBox(s: string | undefined): [number, number, number, number] | undefined {
  if (!s) return undefined;
  const n = s.trim().split(/[\s,]+/).map(Number);
  return n.length === 4 && n.every(Number.isFinite) ? (n as [number, number, number, number]) : undefined;
}

/** The documents of an OFD package with their pages and signature lists. */
export function readStructure(pkg: OfdPackage): OfdDoc[] {
  const ofd = parseXml(pkg.get('OFD.xml'), 'OFD.xml');
  if (local(ofd) !== 'OFD') corrupt('OFD.xml: the root element is not <ofd:OFD>');
  const bodies = kids(ofd, 'DocBody');
  if (!bodies.length) corrupt('OFD.xml: no DocBody');
  return bodies.map((b, index) => {
    const rootRef = textOf(kid(b, 'DocRoot'));
    if (!rootRef) corrupt(`OFD.xml: DocBody ${index + 1} has no DocRoot`);
    const root = resolvePath('OFD.xml', rootRef);
    const sigRef = textOf(kid(b, 'Signatures'));
    const d = parseXml(pkg.get(root), root);
    const common = kid(d, 'CommonData');
    const defaultBox = parseBox(textOf(kid(kid(common, 'PageArea'), 'PhysicalBox'))) ?? [0, 0, 210, 297];
    const pages: OfdPage[] = kids(kid(d, 'Pages'), 'Page').map((p) => {
      const loc = attr(p, 'BaseLoc');
      if (!loc) corrupt(`${root}: a page without BaseLoc`);
      const path = resolvePath(root, loc!);
      let box = defaultBox;
      if (pkg.has(path)) {
        const pageXml = parseXml(pkg.get(path), path);
        box = parseBox(textOf(kid(kid(pageXml, 'Area'), 'PhysicalBox'))) ?? defaultBox;
      }
      return { id: attr(p, 'ID') ?? '', path, box };
    });
    return { index, root, ...(sigRef ? { signatures: resolvePath('OFD.xml', sigRef) } : {}), pages, maxUnitId: Number(textOf(kid(common, 'MaxUnitID'))) || 0 };
  });
}
