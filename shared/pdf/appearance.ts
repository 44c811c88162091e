// Runs anywhere (pure). Visible signature appearances (ISO 32000-1 §12.5.5 appearance streams, §8.10 form
// XObjects, §8.9.5 image XObjects with /SMask soft masks): the seal image (JPEG passed through as
// /DCTDecode; PNG decoded and re-deflated, alpha → /SMask) and optional text lines: in Helvetica for
// Latin-1, or in an embedded subset of a TrueType font (cid-font.ts) for Chinese.
// Hand-written: the objects go straight into our incremental update; no image library is needed.
import { BidSealError } from '../errors';
import type { IncrementalUpdate } from './incremental-writer';
import { PdfDict, PdfStream, PdfString, latin1, name, serialize, serializeNumber, type PdfObject, type PdfRef } from './objects';
import { deflate, inflate, unpredict } from './filters';
import { CidFont, type EncodedText } from './cid-font';

export interface AppearanceOptions {
  /** PNG (alpha kept as a soft mask) or JPEG bytes of the seal / handwritten signature */
  image?: Uint8Array;
  /** text lines (signer, time, reason…); beyond Latin-1 they need `font` */
  text?: string[];
  /** largest font size in points; default from the height of the rectangle. Lines drawn with `font` shrink to fit its width */
  fontSize?: number;
  /**
   * TrueType font bytes (e.g. Noto Sans SC from electron/services/app/font-assets.ts): when given, every line is
   * drawn with an embedded subset of it, centred; without it, Latin-1 lines use Helvetica and anything
   * else is refused with E_FONT_UNAVAILABLE rather than drawn with missing glyphs.
   */
  font?: Uint8Array;
  /** 'below' (default): the text under the image; 'over': the image fills the box, the text on its lower part */
  textPosition?: 'below' | 'over';
}

const unsupported = (m: string): never => {
  throw new BidSealError('E_PDF_UNSUPPORTED', m);
};

export interface ImageXObject {
  width: number;
  height: number;
  ref: PdfRef;
}

/** Image XObject from JPEG or PNG bytes. */
export async function addImage(upd: IncrementalUpdate, bytes: Uint8Array): Promise<ImageXObject> {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return addJpeg(upd, bytes);
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return addPng(upd, bytes);
  return unsupported('seal image must be PNG or JPEG');
}

/** A JPEG's frame header (SOFn): size and number of components. */
function jpegFrame(b: Uint8Array): { width: number; height: number; comps: number } | undefined {
  let p = 2;
  while (p + 9 < b.length) {
    if (b[p] !== 0xff) {
      p++;
      continue;
    }
    const m = b[p + 1];
    const len = (b[p + 2] << 8) | b[p + 3];
    if ((m >= 0xc0 && m <= 0xc3) || (m >= 0xc5 && m <= 0xc7) || (m >= 0xc9 && m <= 0xcb) || (m >= 0xcd && m <= 0xcf))
      return { height: (b[p + 5] << 8) | b[p + 6], width: (b[p + 7] << 8) | b[p + 8], comps: b[p + 9] };
    p += 2 + len;
  }
  return undefined;
}

/** Pixel size of a PNG or JPEG seal image (to keep its aspect ratio when only a width is given). */
export function imageSize(b: Uint8Array): { width: number; height: number } {
  if (b[0] === 0xff && b[1] === 0xd8) return jpegFrame(b) ?? unsupported('JPEG without a frame header');
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const width = dv.getUint32(16), height = dv.getUint32(20);
    if (width && height) return { width, height };
  }
  return unsupported('seal image must be PNG or JPEG');
}

function addJpeg(upd: IncrementalUpdate, b: Uint8Array): ImageXObject {
  const f = jpegFrame(b);
  if (!f) return unsupported('JPEG without a frame header');
  const { width, height, comps } = f;
  const cs = comps === 1 ? 'DeviceGray' : comps === 3 ? 'DeviceRGB' : comps === 4 ? 'DeviceCMYK' : unsupported(`JPEG with ${comps} components`);
  const d = new PdfDict([
    ['Type', name('XObject')],
    ['Subtype', name('Image')],
    ['Width', width],
    ['Height', height],
    ['ColorSpace', name(cs)],
    ['BitsPerComponent', 8],
    ['Filter', name('DCTDecode')],
  ]);
  if (comps === 4) d.set('Decode', [1, 0, 1, 0, 1, 0, 1, 0]); // Adobe CMYK JPEGs are stored inverted
  const ref = upd.allocate();
  upd.set(ref, new PdfStream(d, b));
  return { width, height, ref };
}

async function addPng(upd: IncrementalUpdate, b: Uint8Array): Promise<ImageXObject> {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 8;
  let width = 0, height = 0, depth = 0, ctype = 0, interlace = 0;
  let palette: Uint8Array | undefined, trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (p + 8 <= b.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(...b.subarray(p + 4, p + 8));
    const data = b.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(p + 8);
      height = dv.getUint32(p + 12);
      depth = b[p + 16];
      ctype = b[p + 17];
      interlace = b[p + 20];
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    p += 12 + len;
  }
  if (!width || !height || idat.length === 0) return unsupported('PNG without image data');
  if (interlace) return unsupported('interlaced PNG');
  if (depth !== 8) return unsupported(`PNG with ${depth}-bit samples (8-bit only)`);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[ctype] ?? unsupported(`PNG colour type ${ctype}`);
  const z = new Uint8Array(idat.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of idat) {
    z.set(x, o);
    o += x.length;
  }
  const raw = unpredict(await inflate(z), new PdfDict([['Predictor', 15], ['Colors', channels], ['BitsPerComponent', 8], ['Columns', width]]));
  const n = width * height;
  if (raw.length < n * channels) return unsupported('PNG data shorter than its size');
  const colorN = ctype === 0 || ctype === 4 ? 1 : 3;
  const color = new Uint8Array(n * colorN);
  let alpha: Uint8Array | undefined = ctype === 4 || ctype === 6 || (ctype === 3 && trns) ? new Uint8Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    if (ctype === 3) {
      const idx = raw[i];
      if (!palette || idx * 3 + 2 >= palette.length) return unsupported('PNG palette index out of range');
      color.set(palette.subarray(idx * 3, idx * 3 + 3), i * 3);
      if (alpha) alpha[i] = idx < trns!.length ? trns![idx] : 255;
    } else {
      for (let c = 0; c < colorN; c++) color[i * colorN + c] = raw[i * channels + c];
      if (alpha) alpha[i] = raw[i * channels + colorN];
    }
  }
  if (alpha && alpha.every((a) => a === 255)) alpha = undefined;
  const img = new PdfDict([
    ['Type', name('XObject')],
    ['Subtype', name('Image')],
    ['Width', width],
    ['Height', height],
    ['ColorSpace', name(colorN === 1 ? 'DeviceGray' : 'DeviceRGB')],
    ['BitsPerComponent', 8],
    ['Filter', name('FlateDecode')],
  ]);
  if (alpha) {
    const sref = upd.allocate();
    upd.set(
      sref,
      new PdfStream(
        new PdfDict([
          ['Type', name('XObject')],
          ['Subtype', name('Image')],
          ['Width', width],
          ['Height', height],
          ['ColorSpace', name('DeviceGray')],
          ['BitsPerComponent', 8],
          ['Filter', name('FlateDecode')],
        ]),
        await deflate(alpha),
      ),
    );
    img.set('SMask', sref);
  }
  const ref = upd.allocate();
  upd.set(ref, new PdfStream(img, await deflate(color)));
  return { width, height, ref };
}

function latin1Text(s: string): PdfString {
  if (!/^[\x20-\x7e\xa0-\xff]*$/.test(s)) throw new BidSealError('E_FONT_UNAVAILABLE', 'text outside Latin-1 needs a font to embed (AppearanceOptions.font)');
  return new PdfString(latin1(s));
}

/** The default text under a seal: the signer and the signing time (UTC). */
export function defaultSealText(signer: string | undefined, time: Date): string[] {
  const t = time.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  return [...(signer ? [`Signed by ${signer}`] : []), t];
}

/** Builds the /AP /N form XObject for a widget of size rect and returns its reference. */
export async function buildAppearance(upd: IncrementalUpdate, rect: number[], o: AppearanceOptions, _ctx: { signer?: string; time: Date }): Promise<PdfRef> {
  const w = Math.abs(rect[2] - rect[0]);
  const h = Math.abs(rect[3] - rect[1]);
  const lines = o.text ?? [];
  const fontSize = o.fontSize ?? Math.max(4, Math.min(10, h / 8));
  const over = o.textPosition === 'over';
  const textH = lines.length ? lines.length * fontSize * 1.2 + 2 : 0;
  const imageBase = over ? 0 : textH;
  const f = serializeNumber;
  // encode every line before the font is written: the subset holds exactly the glyphs drawn
  const cid = o.font && lines.length ? new CidFont(o.font) : undefined;
  const encoded: EncodedText[] | undefined = cid && lines.map((l) => cid.encode(l));
  let content = '';
  const xobjects = new PdfDict();
  const resources = new PdfDict();
  if (o.image) {
    const img = await addImage(upd, o.image);
    const availH = Math.max(1, h - imageBase);
    const scale = Math.min(w / img.width, availH / img.height);
    const iw = img.width * scale, ih = img.height * scale;
    content += `q ${f(iw)} 0 0 ${f(ih)} ${f((w - iw) / 2)} ${f(imageBase + (availH - ih) / 2)} cm /Im1 Do Q\n`;
    xobjects.set('Im1', img.ref);
    resources.set('XObject', xobjects);
  }
  if (cid && encoded) {
    resources.set('Font', new PdfDict([['F1', await cid.embed(upd)]]));
    content += 'BT 0 g\n';
    encoded.forEach((e, i) => {
      const size = Math.min(fontSize, e.width > 0 ? ((w - 4) * 1000) / e.width : fontSize);
      const y = textH - (i + 1) * fontSize * 1.2 + 2 + (fontSize - size) / 2;
      content += `/F1 ${f(size)} Tf 1 0 0 1 ${f((w - (e.width * size) / 1000) / 2)} ${f(y)} Tm ${e.operand} Tj\n`;
    });
    content += 'ET\n';
  } else if (lines.length) {
    resources.set('Font', new PdfDict([['F1', new PdfDict([['Type', name('Font')], ['Subtype', name('Type1')], ['BaseFont', name('Helvetica')], ['Encoding', name('WinAnsiEncoding')]])]]));
    content += `BT /F1 ${f(fontSize)} Tf 0 g\n`;
    lines.forEach((line, i) => {
      const y = textH - (i + 1) * fontSize * 1.2 + 2;
      content += `1 0 0 1 2 ${f(y)} Tm ${serialize(latin1Text(line))} Tj\n`;
    });
    content += 'ET\n';
  }
  const form = new PdfDict([
    ['Type', name('XObject')],
    ['Subtype', name('Form')],
    ['BBox', [0, 0, w, h]],
    ['Resources', resources as PdfObject],
  ]);
  const ref = upd.allocate();
  upd.set(ref, new PdfStream(form, latin1(content)));
  return ref;
}

/**
 * Appearances for a cross-page seal (骑缝章): `n` form XObjects of width `width / n`, the i-th drawing the
 * whole image (width × height) shifted left by i strips, so that its /BBox clips it to strip i (§8.10.1:
 * a form is clipped to its BBox). All strips share the one image XObject.
 */
export async function buildStripAppearances(upd: IncrementalUpdate, img: ImageXObject, width: number, height: number, n: number): Promise<{ stripWidth: number; refs: PdfRef[] }> {
  if (!Number.isInteger(n) || n < 1) throw new BidSealError('E_INVALID_ARGUMENT', `strip count ${n}`);
  const f = serializeNumber;
  const stripWidth = width / n;
  const refs: PdfRef[] = [];
  for (let i = 0; i < n; i++) {
    const form = new PdfDict([
      ['Type', name('XObject')],
      ['Subtype', name('Form')],
      ['BBox', [0, 0, stripWidth, height]],
      ['Resources', new PdfDict([['XObject', new PdfDict([['Im1', img.ref]])]])],
    ]);
    const ref = upd.allocate();
    upd.set(ref, new PdfStream(form, latin1(`q 0 0 ${f(stripWidth)} ${f(height)} re W n ${f(width)} 0 0 ${f(height)} ${f(-i * stripWidth)} 0 cm /Im1 Do Q\n`)));
    refs.push(ref);
  }
  return { stripWidth, refs };
}
