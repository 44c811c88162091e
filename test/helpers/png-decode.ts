// A small PNG reader for tests that check drawn pixels (Playwright screenshots): 8-bit greyscale, RGB or RGBA,
// not interlaced, every row filter. Enough for screenshots; not a general decoder.
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA */
  data: Uint8Array;
}

export function decodePng(png: Uint8Array): Pixels {
  const b = Buffer.from(png);
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < b.length) {
    const len = b.readUInt32BE(off);
    const type = b.toString('latin1', off + 4, off + 8);
    const body = b.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      channels = ({ 0: 1, 2: 3, 6: 4, 4: 2 } as Record<number, number>)[body[9]!] ?? 0;
      if (!channels) throw new Error(`PNG colour type ${body[9]}`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const up = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v = row[i]!;
      if (f === 1) v += a;
      else if (f === 2) v += up;
      else if (f === 3) v += (a + up) >> 1;
      else if (f === 4) {
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      }
      cur[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const s = x * channels;
      const d = (y * width + x) * 4;
      if (channels <= 2) data.set([cur[s]!, cur[s]!, cur[s]!, channels === 2 ? cur[s + 1]! : 255], d);
      else data.set([cur[s]!, cur[s + 1]!, cur[s + 2]!, channels === 4 ? cur[s + 3]! : 255], d);
    }
    prev.set(cur);
  }
  return { width, height, data };
}

/** Pixels of a page screenshot addressed in page millimetres (the page is `wMm`×`hMm`, the image covers it). */
export function mmPixels(png: Uint8Array, wMm: number, hMm: number) {
  const p = decodePng(png);
  const at = (xMm: number, yMm: number): [number, number, number] => {
    const x = Math.min(p.width - 1, Math.max(0, Math.floor((xMm / wMm) * p.width)));
    const y = Math.min(p.height - 1, Math.max(0, Math.floor((yMm / hMm) * p.height)));
    const i = (y * p.width + x) * 4;
    return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
  };
  /** how many pixels of the box (mm) are within `tol` of the colour on every channel */
  const count = (box: readonly [number, number, number, number], rgb: readonly [number, number, number], tol = 60): number => {
    let n = 0;
    for (let y = Math.floor((box[1] / hMm) * p.height); y < Math.ceil(((box[1] + box[3]) / hMm) * p.height); y++)
      for (let x = Math.floor((box[0] / wMm) * p.width); x < Math.ceil(((box[0] + box[2]) / wMm) * p.width); x++) {
        const i = (y * p.width + x) * 4;
        if (Math.abs(p.data[i]! - rgb[0]) <= tol && Math.abs(p.data[i + 1]! - rgb[1]) <= tol && Math.abs(p.data[i + 2]! - rgb[2]) <= tol) n++;
      }
    return n;
  };
  return { ...p, at, count };
}
