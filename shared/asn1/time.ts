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

/** The instant of a UTCTime (0x17; years 50-99 are 19xx) or GeneralizedTime (0x18); E_BAD_ENCODING otherwise. */
export function readTime(t: Pick<Tlv, 'tag' | 'v'>, opts: TimeReadOptions = {}): Date {
  const zone = opts.zone ?? 'required';
  const s = new TextDecoder('latin1').decode(t.v);
  const m = t.tag === 0x17 ? UTC[zone].exec(s) : t.tag === 0x18 ? GENERALIZED[zone].exec(s) : null;
  if (!m) return bad(`invalid time "${s}"`);
  let y = Number(m[1]);
  if (t.tag === 0x17) y += y >= 50 ? 1900 : 2000;
  const d = new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  if (Number.isNaN(d.getTime())) bad(`invalid time "${s}"`);
  return d;
}
