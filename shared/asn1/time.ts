// Runs anywhere (pure). Reading UTCTime and GeneralizedTime (X.690 §11.7-11.8, RFC 5280 §4.1.2.5);
// writing them is in der-writer.ts. One reader, with the zone rule as an option: certificates and CRLs
// want the DER form (Z required), signatures found in the wild (GM/T seals, CMS signingTime from old
// SDKs) omit the Z or add an offset, which readers of those tolerate.
import { bad } from './assert';
import type { Tlv } from './der-reader';

export interface TimeReadOptions {
  /** 'required' (DER, the default), 'optional' (a GeneralizedTime without Z, as some GM/T seals carry),
   * 'ignored' (anything after the seconds: offsets, fractions, missing Z) */
  zone?: 'required' | 'optional' | 'ignored';
}

const UTC: Record<NonNullable<TimeReadOptions['zone']>, RegExp> = {
  required: /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/,
  optional: /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/,
  ignored: /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?/,
};
const GENERALIZED: Record<NonNullable<TimeReadOptions['zone']>, RegExp> = {
  required: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/,
  optional: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z?$/,
  ignored: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?/,
};

const latin1 = new TextDecoder('latin1');
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const invalid = (b: Uint8Array, start: number, end: number): never => bad(`invalid time "${latin1.decode(b.subarray(start, end))}"`);

/** The two ASCII digits at b[i] as a number, or -1. */
function digits2(b: Uint8Array, i: number): number {
  const hi = b[i] - 0x30;
  const lo = b[i + 1] - 0x30;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : -1;
}

/** The instant of a UTCTime (0x17; years 50-99 are 19xx) or GeneralizedTime (0x18); E_BAD_ENCODING otherwise. */
export function readTime(t: Pick<Tlv, 'tag' | 'v'>, opts: TimeReadOptions = {}): Date {
  return readTimeIn(t.v, t.tag, 0, t.v.length, opts);
}

/** readTime of the content `b[start..end)` of an element tagged `tag`, read in place. */
export function readTimeIn(b: Uint8Array, tag: number, start: number, end: number, opts: TimeReadOptions = {}): Date {
  let y: number, mo: number, d: number, h: number, mi: number, sec: number;
  const n = end - start;
  // the DER forms every CA writes (YYMMDDHHMMSSZ, YYYYMMDDHHMMSSZ), read from the bytes: a CRL has one an entry
  if (((tag === 0x17 && n === 13) || (tag === 0x18 && n === 15)) && b[end - 1] === 0x5a) {
    const c = tag === 0x17 ? start : start + 2;
    const yy = digits2(b, c);
    y = tag === 0x17 ? yy + (yy >= 50 ? 1900 : 2000) : digits2(b, start) * 100 + yy;
    mo = digits2(b, c + 2);
    d = digits2(b, c + 4);
    h = digits2(b, c + 6);
    mi = digits2(b, c + 8);
    sec = digits2(b, c + 10);
    if (yy < 0 || y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return invalid(b, start, end);
  } else {
    const zone = opts.zone ?? 'required';
    const s = latin1.decode(b.subarray(start, end));
    const m = tag === 0x17 ? UTC[zone].exec(s) : tag === 0x18 ? GENERALIZED[zone].exec(s) : null;
    if (!m) return invalid(b, start, end);
    y = Number(m[1]);
    if (tag === 0x17) y += y >= 50 ? 1900 : 2000;
    mo = Number(m[2]);
    d = Number(m[3]);
    h = Number(m[4]);
    mi = Number(m[5]);
    sec = Number(m[6] ?? 0);
  }
  // Date.UTC carries over (month 13, 31 April, 24:00); a time that does not name itself is refused
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]) || h > 23 || mi > 59 || sec > 59) return invalid(b, start, end);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  if (y < 100) date.setUTCFullYear(y); // Date.UTC reads years 0–99 as 1900–1999
  return date;
}
