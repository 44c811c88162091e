// Runs anywhere (pure). RFC 7512 `pkcs11:` URIs: parse, format, and match against a slot/token.
// BidSeal stores key locations as these URIs (settings, logs); the PIN is never put in one
// (pin-value is parsed for completeness but the token carrier ignores it).
import { BidSealError } from '../../../../shared/errors';
import type { ModuleInfo, SlotDescription } from './protocol';
import { toHex } from '../../../../shared/asn1';

export type ObjectType = 'public' | 'private' | 'cert' | 'secret-key' | 'data';

export interface Pkcs11Uri {
  // path: token
  token?: string;
  manufacturer?: string;
  serial?: string;
  model?: string;
  // path: library and slot
  libraryManufacturer?: string;
  libraryDescription?: string;
  libraryVersion?: string;
  slotManufacturer?: string;
  slotDescription?: string;
  slotId?: string; // decimal CK_SLOT_ID
  // path: object
  object?: string;
  type?: ObjectType;
  id?: Uint8Array;
  /** vendor-specific path attributes, in order */
  vendorPath?: Array<[string, string]>;
  // query
  pinSource?: string;
  pinValue?: string;
  moduleName?: string;
  modulePath?: string;
  vendorQuery?: Array<[string, string]>;
}

const PATH_ATTRS: Array<[keyof Pkcs11Uri, string]> = [
  ['token', 'token'], ['manufacturer', 'manufacturer'], ['serial', 'serial'], ['model', 'model'],
  ['libraryManufacturer', 'library-manufacturer'], ['libraryDescription', 'library-description'], ['libraryVersion', 'library-version'],
  ['slotManufacturer', 'slot-manufacturer'], ['slotDescription', 'slot-description'], ['slotId', 'slot-id'],
  ['object', 'object'], ['type', 'type'], ['id', 'id'],
];
const QUERY_ATTRS: Array<[keyof Pkcs11Uri, string]> = [['pinSource', 'pin-source'], ['pinValue', 'pin-value'], ['moduleName', 'module-name'], ['modulePath', 'module-path']];
const TYPES = new Set(['public', 'private', 'cert', 'secret-key', 'data']);

// RFC 7512 §2.3: characters allowed literally (everything else is percent-encoded)
const UNRESERVED = 'A-Za-z0-9\\-._~';
const RES = ":\\[\\]@!$'()*+,=";
const PATH_CHARS = new RegExp(`^(?:[${UNRESERVED}${RES}&]|%[0-9A-Fa-f]{2})*$`);
const QUERY_CHARS = new RegExp(`^(?:[${UNRESERVED}${RES}/?|]|%[0-9A-Fa-f]{2})*$`);
const NAME = /^[a-z0-9][a-z0-9\-_]*$/i;

const bad = (msg: string): never => {
  throw new BidSealError('E_INVALID_ARGUMENT', `pkcs11 URI: ${msg}`);
};

function pctBytes(v: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '%') {
      out.push(parseInt(v.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(v.charCodeAt(i));
  }
  return Uint8Array.from(out);
}
function pctText(v: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(pctBytes(v));
  } catch {
    return bad('attribute value is not UTF-8');
  }
}

function encode(v: string, query: boolean): string {
  const keep = query ? /[A-Za-z0-9\-._~:[\]@!$'()*+,=/?|]/ : /[A-Za-z0-9\-._~:[\]@!$'()*+,=&]/;
  let out = '';
  for (const b of new TextEncoder().encode(v)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && keep.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
const encodeId = (id: Uint8Array) => toHex(id).toUpperCase().replace(/../g, '%$&');

/** One `name=value` attribute of the path or the query: the lower-cased name and the value as written. */
function splitAttribute(attr: string, part: 'path' | 'query', chars: RegExp): [string, string] {
  const eq = attr.indexOf('=');
  if (eq <= 0) bad(`${part} attribute without "=": ${JSON.stringify(attr)}`);
  const name = attr.slice(0, eq).toLowerCase();
  const raw = attr.slice(eq + 1);
  if (!NAME.test(name)) bad(`bad attribute name ${JSON.stringify(name)}`);
  if (!chars.test(raw)) bad(`character not allowed in the value of ${name}`);
  return [name, raw];
}

export function parsePkcs11Uri(uri: string): Pkcs11Uri {
  if (!/^pkcs11:/i.test(uri)) bad('must start with "pkcs11:"');
  const rest = uri.slice(7);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  const u: Pkcs11Uri = {};
  const seen = new Set<string>();
  const setField = (field: keyof Pkcs11Uri, v: unknown) => ((u as Record<string, unknown>)[field] = v);

  for (const attr of path ? path.split(';') : []) {
    const [name, raw] = splitAttribute(attr, 'path', PATH_CHARS);
    if (seen.has(name)) bad(`duplicate path attribute ${name}`);
    seen.add(name);
    const known = PATH_ATTRS.find(([, n]) => n === name);
    if (!known) (u.vendorPath ??= []).push([name, pctText(raw)]);
    else if (name === 'id') u.id = pctBytes(raw);
    else {
      const v = pctText(raw);
      if (name === 'type' && !TYPES.has(v)) bad(`unknown object type ${JSON.stringify(v)}`);
      if (name === 'slot-id' && !/^\d+$/.test(v)) bad('slot-id must be a decimal number');
      if (name === 'library-version' && !/^\d+(\.\d+)?$/.test(v)) bad('library-version must be M or M.m');
      setField(known[0], v);
    }
  }
  for (const attr of query ? query.split('&') : []) {
    const [name, raw] = splitAttribute(attr, 'query', QUERY_CHARS);
    const known = QUERY_ATTRS.find(([, n]) => n === name);
    if (!known) (u.vendorQuery ??= []).push([name, pctText(raw)]);
    else {
      if (seen.has('?' + name)) bad(`duplicate query attribute ${name}`);
      seen.add('?' + name);
      setField(known[0], pctText(raw));
    }
  }
  return u;
}

export function formatPkcs11Uri(u: Pkcs11Uri): string {
  const path: string[] = [];
  for (const [field, name] of PATH_ATTRS) {
    const v = u[field];
    if (v === undefined) continue;
    path.push(`${name}=${v instanceof Uint8Array ? encodeId(v) : encode(String(v), false)}`);
  }
  for (const [k, v] of u.vendorPath ?? []) path.push(`${k}=${encode(v, false)}`);
  const query: string[] = [];
  for (const [field, name] of QUERY_ATTRS) if (u[field] !== undefined) query.push(`${name}=${encode(String(u[field]), true)}`);
  for (const [k, v] of u.vendorQuery ?? []) query.push(`${k}=${encode(v, true)}`);
  return `pkcs11:${path.join(';')}${query.length ? '?' + query.join('&') : ''}`;
}

/** True when every token/slot/library attribute present in `u` matches (RFC 7512 §3: absent = any). */
export function uriMatchesSlot(u: Pkcs11Uri, slot: SlotDescription, lib?: ModuleInfo): boolean {
  const t = slot.token;
  const eq = (want: string | undefined, have: string | undefined) => want === undefined || want === have;
  if (!eq(u.slotId, slot.slotId) || !eq(u.slotDescription, slot.description) || !eq(u.slotManufacturer, slot.manufacturer)) return false;
  if (lib && (!eq(u.libraryManufacturer, lib.manufacturer) || !eq(u.libraryDescription, lib.description))) return false;
  if (lib && u.libraryVersion !== undefined) {
    const [wM, wm] = u.libraryVersion.split('.');
    const [hM, hm] = lib.libraryVersion.split('.');
    if (wM !== hM || (wm !== undefined && Number(wm) !== Number(hm))) return false;
  }
  if (u.token === undefined && u.manufacturer === undefined && u.serial === undefined && u.model === undefined) return true;
  return !!t && eq(u.token, t.label) && eq(u.manufacturer, t.manufacturer) && eq(u.serial, t.serial) && eq(u.model, t.model);
}
