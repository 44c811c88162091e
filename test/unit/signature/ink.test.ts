// The handwritten signature's geometry (renderer/src/components/signature/ink.ts): pressure, smoothing,
// bounds, the print scale and the trim of a raster to its ink.
import { describe, expect, it } from 'vitest';
import { BASE_WIDTH, EXPORT_SCALE, MAX_EXPORT_WIDTH, MIN_EXPORT_WIDTH, exportScale, hasInk, inkBounds, pngSize, pressureOf, segments, trimBox, widthAt } from '../../../renderer/src/components/signature/ink';

describe('signature ink', () => {
  it('keeps a pen pressure, gives a mouse and a device without pressure the default nib', () => {
    expect(pressureOf({ pointerType: 'mouse', pressure: 0.5 })).toBe(0.5);
    expect(pressureOf({ pointerType: 'touch', pressure: 0 })).toBe(0.5);
    expect(pressureOf({ pointerType: 'pen', pressure: 0.9 })).toBe(0.9);
    expect(pressureOf({ pointerType: 'pen', pressure: 0.01 })).toBe(0.08);
    expect(widthAt(1)).toBeGreaterThan(widthAt(0.5));
    expect(widthAt(0.5)).toBeGreaterThan(widthAt(0.1));
  });

  it('smooths a stroke through the midpoints, continuous from the first sample to the last', () => {
    const s = [{ x: 0, y: 0, p: 0.5 }, { x: 10, y: 0, p: 0.5 }, { x: 10, y: 10, p: 0.5 }, { x: 20, y: 10, p: 0.5 }];
    const seg = segments(s);
    expect(seg).toHaveLength(3);
    expect(seg[0].from).toEqual({ x: 0, y: 0, p: 0.5 });
    expect(seg[0].ctrl).toEqual(s[1]);
    expect(seg[0].to).toEqual({ x: 10, y: 5 });
    for (let i = 1; i < seg.length; i++) expect(seg[i].from).toEqual(seg[i - 1].to);
    expect(seg.at(-1)!.to).toEqual(s[3]);
    expect(segments([{ x: 3, y: 4, p: 0.5 }])).toHaveLength(1); // a dot
    expect(segments([])).toEqual([]);
  });

  it('bounds the ink with the nib, and tells a signature from a stray click', () => {
    expect(inkBounds([])).toBeNull();
    const b = inkBounds([[{ x: 10, y: 20, p: 0.5 }, { x: 110, y: 50, p: 0.5 }]])!;
    const r = widthAt(0.5) / 2 + 1;
    expect(b).toEqual({ x: 10 - r, y: 20 - r, width: 100 + 2 * r, height: 30 + 2 * r });
    expect(hasInk([[{ x: 1, y: 1, p: 0.5 }]])).toBe(false);
    expect(hasInk([[{ x: 1, y: 1, p: 0.5 }, { x: 2, y: 2, p: 0.5 }]])).toBe(false);
    expect(hasInk([[{ x: 1, y: 1, p: 0.5 }, { x: 60, y: 2, p: 0.5 }]])).toBe(true);
  });

  it('scales the export to print: at least 600 px wide, at most 2400', () => {
    expect(exportScale({ x: 0, y: 0, width: 300, height: 80 })).toBe(EXPORT_SCALE);
    expect(exportScale({ x: 0, y: 0, width: 40, height: 40 }) * 40).toBeCloseTo(MIN_EXPORT_WIDTH);
    expect(exportScale({ x: 0, y: 0, width: 1000, height: 200 }) * 1000).toBeCloseTo(MAX_EXPORT_WIDTH);
    expect(BASE_WIDTH).toBeGreaterThan(0);
  });

  it('trims a raster to the pixels with ink, with a margin kept inside the raster', () => {
    const w = 20;
    const h = 10;
    const px = new Uint8ClampedArray(w * h * 4);
    const ink = (x: number, y: number, a = 255) => (px[(y * w + x) * 4 + 3] = a);
    expect(trimBox(px, w, h)).toBeNull();
    ink(5, 3);
    ink(12, 6);
    ink(1, 1, 4); // below the threshold: antialiasing dust, not ink
    expect(trimBox(px, w, h)).toEqual({ x: 5, y: 3, width: 8, height: 4 });
    expect(trimBox(px, w, h, 2)).toEqual({ x: 3, y: 1, width: 12, height: 8 });
    expect(trimBox(px, w, h, 50)).toEqual({ x: 0, y: 0, width: 20, height: 10 });
  });

  it('reads a PNG size from its header', () => {
    const png = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d49484452000002800000009c08060000001f15c489', 'hex'));
    expect(pngSize(png)).toEqual({ width: 640, height: 156 });
    expect(pngSize(new Uint8Array(30))).toBeNull();
  });
});
