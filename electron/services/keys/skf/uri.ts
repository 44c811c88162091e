// Runs anywhere (pure). `skf:` URIs naming a key on an SKF USB key, in the manner of RFC 7512 (pkcs11: URIs):
//   skf:module=/usr/lib/libgm3000.1.0.so;device=USBKey0;application=BIDSEAL;container=C1
// attributes separated by ';', values percent-encoded (UTF-8). Every attribute may be left out when there is
// only one choice (e.g. `skf:container=C1`, or `skf:` for the only container of the only key).
import { BidSealError } from '../../../../shared/errors';

export interface SkfUri {
  module?: string;
  device?: string;
  application?: string;
  container?: string;
}

const ATTRS = ['module', 'device', 'application', 'container'] as const;

export function isSkfUri(s: string): boolean {
  return /^skf:/i.test(s);
}

export function parseSkfUri(s: string): SkfUri {
  if (!isSkfUri(s)) throw new BidSealError('E_INVALID_ARGUMENT', 'an SKF URI starts with skf:');
  const out: SkfUri = {};
  const body = s.slice(4);
  if (body === '') return out;
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const k = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    if (!(ATTRS as readonly string[]).includes(k) || eq < 0) throw new BidSealError('E_INVALID_ARGUMENT', `unknown or empty skf: URI attribute "${k}"`);
    let v: string;
    try {
      v = decodeURIComponent(part.slice(eq + 1));
    } catch {
      throw new BidSealError('E_INVALID_ARGUMENT', `bad percent-encoding in skf: URI attribute "${k}"`);
    }
    const key = k as (typeof ATTRS)[number];
    if (out[key] !== undefined) throw new BidSealError('E_INVALID_ARGUMENT', `skf: URI attribute "${k}" given twice`);
    out[key] = v;
  }
  return out;
}

/** Percent-encodes what RFC 7512 §2.3 would (reserved characters, non-ASCII); '/' stays readable in paths. */
const enc = (v: string) => encodeURIComponent(v).replace(/%2F/gi, '/').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function formatSkfUri(u: SkfUri): string {
  return `skf:${ATTRS.filter((k) => u[k] !== undefined).map((k) => `${k}=${enc(u[k]!)}`).join(';')}`;
}
