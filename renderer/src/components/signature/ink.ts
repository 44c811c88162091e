// Runs in the renderer and in Node tests (pure: no DOM). The geometry of a handwritten signature: strokes of
// pointer samples (CSS pixels of the pad, pressure 0–1), smoothed into quadratic curves through the midpoints
// of the samples, each segment as wide as the pressure at its ends; the ink's bounds; the scale that makes
// the exported picture print well (≥ 600 px wide, about 4× the pad); the trim of a rasterised picture to its
// ink (alpha) with a small margin. The pad (SignaturePad.tsx) draws and exports with these.

export interface InkPoint {
  x: number;
  y: number;
  /** 0–1; 0.5 where the device reports no pressure (mouse, most touch screens) */
  p: number;
}
export type Stroke = InkPoint[];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A segment to draw: a quadratic curve from `from` to `to` bent towards `ctrl`, `width` wide. */
export interface Segment {
  from: { x: number; y: number };
  ctrl: { x: number; y: number };
  to: { x: number; y: number };
  width: number;
}

/** The nib of the pad: 3.4 CSS px at the default pressure (a gel pen's line once the signature is printed ≈ 40 mm wide). */
export const BASE_WIDTH = 3.4;
/** What a print-quality export aims at: at least this many pixels wide, at most MAX_EXPORT_WIDTH. */
export const MIN_EXPORT_WIDTH = 600;
export const MAX_EXPORT_WIDTH = 2400;
export const EXPORT_SCALE = 4;

/**
 * The pressure of a pointer sample. A mouse reports 0.5 while a button is down and 0 otherwise; a device
 * that reports no pressure reports 0 or 0.5 too: those get the default nib. A pen's pressure is kept,
 * with a floor so a light touch still leaves ink.
 */
export function pressureOf(e: { pressure: number; pointerType: string }): number {
  if (e.pointerType === 'mouse' || !(e.pressure > 0) || e.pressure === 0.5) return 0.5;
  return Math.min(1, Math.max(0.08, e.pressure));
}

/** The width of the ink at a pressure: thinner when light, up to 1.6× the nib when pressed hard. */
export function widthAt(p: number, base = BASE_WIDTH): number {
  return base * (0.35 + 1.25 * p);
}

/**
 * The curves of a stroke: through the midpoints of consecutive samples, each sample a control point
 * (the usual smoothing of a polyline without overshoot). A single sample is a dot.
 */
export function segments(stroke: Stroke, base = BASE_WIDTH): Segment[] {
  if (stroke.length === 0) return [];
  if (stroke.length === 1) {
    const a = stroke[0];
    return [{ from: a, ctrl: a, to: a, width: widthAt(a.p, base) }];
  }
  const mid = (a: InkPoint, b: InkPoint) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const out: Segment[] = [];
  let from: { x: number; y: number } = stroke[0];
  for (let i = 1; i < stroke.length - 1; i++) {
    const to = mid(stroke[i], stroke[i + 1]);
    out.push({ from, ctrl: stroke[i], to, width: widthAt((stroke[i - 1].p + stroke[i].p + stroke[i + 1].p) / 3, base) });
    from = to;
  }
  const last = stroke[stroke.length - 1];
  const prev = stroke[stroke.length - 2];
  out.push({ from, ctrl: from, to: last, width: widthAt((prev.p + last.p) / 2, base) });
  return out;
}

/** The box of the ink of all strokes (samples widened by the widest nib), or null when nothing was drawn. */
export function inkBounds(strokes: readonly Stroke[], base = BASE_WIDTH): Box | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const s of strokes)
    for (const q of s) {
      const r = widthAt(q.p, base) / 2 + 1;
      x1 = Math.min(x1, q.x - r);
      y1 = Math.min(y1, q.y - r);
      x2 = Math.max(x2, q.x + r);
      y2 = Math.max(y2, q.y + r);
    }
  return x1 === Infinity ? null : { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** The scale from pad pixels to export pixels: EXPORT_SCALE, raised so the ink is MIN_EXPORT_WIDTH wide, capped at MAX_EXPORT_WIDTH. */
export function exportScale(ink: Box): number {
  const w = Math.max(ink.width, 1);
  let s = EXPORT_SCALE;
  if (w * s < MIN_EXPORT_WIDTH) s = MIN_EXPORT_WIDTH / w;
  if (w * s > MAX_EXPORT_WIDTH) s = MAX_EXPORT_WIDTH / w;
  return s;
}

/**
 * The box of the pixels with ink (alpha above `threshold`) of an RGBA raster, widened by `margin` pixels
 * and kept inside the raster; null for an empty raster.
 */
export function trimBox(rgba: ArrayLike<number>, width: number, height: number, margin = 0, threshold = 8): Box | null {
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    for (let x = 0; x < width; x++) {
      if (rgba[row + x * 4 + 3] <= threshold) continue;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
    }
  }
  if (x2 < 0) return null;
  const l = Math.max(0, x1 - margin);
  const t = Math.max(0, y1 - margin);
  const r = Math.min(width - 1, x2 + margin);
  const b = Math.min(height - 1, y2 + margin);
  return { x: l, y: t, width: r - l + 1, height: b - t + 1 };
}

/** Enough ink to be a signature, not a stray click: at least 2 samples in all and a box at least 12 px wide or high. */
export function hasInk(strokes: readonly Stroke[]): boolean {
  const b = inkBounds(strokes);
  return !!b && strokes.reduce((n, s) => n + s.length, 0) >= 2 && Math.max(b.width, b.height) >= 12;
}

/** Width and height of a PNG from its IHDR (null when the bytes are not a PNG). */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) return null;
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
