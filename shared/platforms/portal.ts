// Runs anywhere (pure). Handing a sealed bid in through a platform's own web portal, where the platform
// directory names no upload API (docs/formats/platform-directory.md §7.5): what the portal expects (file
// name, size limit, formats, its address — null where the platform has not published it, shown as
// 待确认), the file name built from the pattern, and the checks on the receipt the bidder brings back
// from the portal (a PDF or a PNG/JPEG screenshot). BidSeal cannot verify such a receipt: it keeps it with
// the sealed file's hashes, and says so.
import { BidSealError } from '../errors';
import { safeFileName } from '../text/file-name';
import { crc32 } from '../bid/zip';
import type { PlatformProfile } from './profile';

export interface PortalRequirements {
  platformId: string;
  /** the platform has no upload API in the directory: the bid goes in through its web portal */
  portalOnly: boolean;
  /** https page of the portal; null: not published (待确认) */
  portal: string | null;
  fileNamePattern: string | null;
  maxBytes: number | null;
  formats: string[] | null;
}

export function portalRequirements(p: PlatformProfile): PortalRequirements {
  const u = p.upload;
  return {
    platformId: p.id,
    portalOnly: !u.endpoint,
    // only what the signed directory says is offered as a link; a user-added platform's address is the user's own note
    portal: p.source === 'directory' && u.portal?.startsWith('https://') ? u.portal : null,
    fileNamePattern: u.fileNamePattern ?? null,
    maxBytes: u.maxBytes ?? null,
    formats: u.formats?.length ? [...u.formats] : null,
  };
}

export interface NameFields {
  uscc: string;
  bidder: string;
  project: string;
  lot?: string;
  /** extension of the sealed file, without the dot */
  ext: string;
}

const PLACEHOLDER = /\{(uscc|bidder|project|lot|ext)\}/g;

/**
 * The file name the portal expects: the pattern's placeholders filled and every part made safe for
 * Windows, macOS and Linux (Chinese kept). Without a pattern: `{bidder}_{project}[_{lot}].{ext}`. The
 * extension is the pattern's own when it names one, else the sealed file's.
 */
export function portalFileName(pattern: string | null, f: NameFields): string {
  const part = (s: string) => safeFileName(s, { max: 80, fallback: '_' });
  const values: Record<string, string> = { uscc: part(f.uscc), bidder: part(f.bidder), project: part(f.project), lot: f.lot ? part(f.lot) : '', ext: part(f.ext.replace(/^\./, '')) };
  const pat = pattern ?? (f.lot ? '{bidder}_{project}_{lot}.{ext}' : '{bidder}_{project}.{ext}');
  const filled = pat
    .replace(PLACEHOLDER, (_m, k: string) => values[k] ?? '')
    .replace(/_{2,}/g, '_')
    .replace(/_+\./g, '.');
  const name = safeFileName(filled, { max: 180, fallback: `bid.${values.ext}` });
  return /\.[A-Za-z0-9]{1,10}$/.test(name) ? name : `${name}.${values.ext}`;
}

/** The extension of a file name, lower case, without the dot ('' when none). */
export const extensionOf = (name: string): string => /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** Refuses a sealed file above the platform's published size limit (the numbers travel in details). */
export function checkPortalSize(size: number, maxBytes: number | null, platformId: string): void {
  if (maxBytes !== null && size > maxBytes) {
    throw new BidSealError('E_PORTAL_TOO_LARGE', `${size} B > ${maxBytes} B`, { size, maxBytes, platformId });
  }
}

export type PortalReceiptKind = 'pdf' | 'png' | 'jpeg';
export const RECEIPT_MEDIA_TYPES: Record<PortalReceiptKind, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };
/** A receipt larger than this is not a receipt (a scan of a few pages stays well below it). */
export const MAX_RECEIPT_BYTES = 50 * 1024 * 1024;

const invalid = (why: string): never => {
  throw new BidSealError('E_PORTAL_RECEIPT_INVALID', why);
};

/** PNG: signature, IHDR first with a sane size, every chunk's CRC, IDAT present, IEND last. */
function checkPng(b: Uint8Array): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let o = 8;
  let first = true;
  let idat = false;
  for (;;) {
    if (o + 12 > b.length) invalid('PNG ends inside a chunk (truncated)');
    const len = dv.getUint32(o);
    const type = String.fromCharCode(b[o + 4]!, b[o + 5]!, b[o + 6]!, b[o + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type) || o + 12 + len > b.length) invalid(`PNG chunk at ${o} is damaged or truncated`);
    if (crc32(b.subarray(o + 4, o + 8 + len)) !== dv.getUint32(o + 8 + len)) invalid(`PNG chunk ${type} fails its CRC`);
    if (first) {
      if (type !== 'IHDR' || len !== 13) invalid('PNG does not start with IHDR');
      const w = dv.getUint32(o + 8);
      const h = dv.getUint32(o + 12);
      if (!w || !h || w > 30000 || h > 30000) invalid(`PNG size ${w}×${h} is not an image`);
      first = false;
    }
    if (type === 'IDAT') idat = true;
    o += 12 + len;
    if (type === 'IEND') break;
  }
  if (!idat) invalid('PNG has no image data');
}

/** JPEG: SOI, well-formed marker segments up to a frame header and the scan, EOI at the end. */
function checkJpeg(b: Uint8Array): void {
  let end = b.length;
  while (end > 2 && b[end - 1] !== 0xd9) end--; // trailing padding some tools append
  if (end < 4 || b[end - 2] !== 0xff || b[end - 1] !== 0xd9) invalid('JPEG has no end marker (truncated)');
  let o = 2;
  let frame = false;
  while (o + 4 <= end) {
    if (b[o] !== 0xff) invalid(`JPEG marker expected at ${o}`);
    const m = b[o + 1]!;
    if (m === 0xff) {
      o++;
      continue;
    }
    const len = (b[o + 2]! << 8) | b[o + 3]!;
    if (len < 2 || o + 2 + len > end) invalid(`JPEG segment at ${o} is damaged or truncated`);
    if ((m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7) {
      const h = (b[o + 5]! << 8) | b[o + 6]!;
      const w = (b[o + 7]! << 8) | b[o + 8]!;
      if (!w || !h) invalid('JPEG frame has no size');
      frame = true;
    }
    if (m === 0xda) {
      if (!frame) invalid('JPEG scan before any frame header');
      return; // entropy-coded data follows up to EOI (checked above)
    }
    o += 2 + len;
  }
  invalid('JPEG has no image data');
}

/** PDF: header, an end-of-file marker near the end and a cross-reference (table or stream). */
function checkPdf(b: Uint8Array): void {
  const tail = new TextDecoder('latin1').decode(b.subarray(Math.max(0, b.length - 2048)));
  if (!/%%EOF\s*$/.test(tail)) invalid('PDF has no %%EOF at its end (truncated)');
  if (!/startxref\s+\d+/.test(tail)) invalid('PDF has no startxref');
}

/**
 * What kind of receipt the bytes are (by content, never by the name), after the structural checks of
 * that kind; E_PORTAL_RECEIPT_INVALID for anything else, or a damaged or truncated file.
 */
export function checkPortalReceipt(b: Uint8Array): PortalReceiptKind {
  if (b.length === 0) return invalid('the file is empty');
  if (b.length > MAX_RECEIPT_BYTES) return invalid(`the file is ${b.length} bytes; a receipt is at most ${MAX_RECEIPT_BYTES}`);
  const head = new TextDecoder('latin1').decode(b.subarray(0, 1024));
  if (b[0] === 0x89 && head.startsWith('\x89PNG\r\n\x1a\n')) return (checkPng(b), 'png');
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return (checkJpeg(b), 'jpeg');
  if (/^%PDF-[12]\.\d/.test(head)) return (checkPdf(b), 'pdf');
  return invalid('not a PDF, PNG or JPEG file');
}
