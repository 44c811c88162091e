// Runs anywhere (pure). Name constraints of RFC 5280 §4.2.1.10 / §6.1.3 (b)(c) / §6.1.4 (g): directory names,
// rfc822 (subjectAltName and emailAddress in the subject DN), DNS, URI host and IP ranges; permitted subtrees
// accumulate as an intersection (every set must be satisfied), excluded ones as a union.
import { rdnEqual, type DistinguishedName } from './names';
import type { GeneralName, NameConstraints } from './x509-ext';

type Kind = 'dn' | 'rfc822' | 'dns' | 'uri' | 'ip';
const OID_EMAIL = '1.2.840.113549.1.9.1';

export interface NameViolation {
  name: string;
  reason: 'not-permitted' | 'excluded';
}

const kindOf = (g: GeneralName): Kind | null => (g.type === 'other' ? null : g.type);

function rdnPrefix(name: DistinguishedName, base: DistinguishedName): boolean {
  if (base.rdns.length > name.rdns.length) return false;
  return base.rdns.every((rdn, i) => rdnEqual(rdn, name.rdns[i]));
}

const lc = (s: string) => s.toLowerCase();

function hostMatches(host: string, c: string): boolean {
  host = lc(host);
  c = lc(c);
  if (c === '') return true;
  if (c.startsWith('.')) return host.endsWith(c);
  return host === c;
}

function dnsMatches(name: string, c: string): boolean {
  name = lc(name).replace(/\.$/, '');
  c = lc(c).replace(/\.$/, '');
  if (c === '') return true;
  if (c.startsWith('.')) return name.endsWith(c);
  return name === c || name.endsWith('.' + c);
}

function emailMatches(addr: string, c: string): boolean {
  const at = addr.lastIndexOf('@');
  if (at < 0) return false;
  if (c.includes('@')) return addr.slice(0, at) === c.slice(0, c.lastIndexOf('@')) && lc(addr.slice(at + 1)) === lc(c.slice(c.lastIndexOf('@') + 1));
  return hostMatches(addr.slice(at + 1), c);
}

function uriHost(uri: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  return m && m[1] ? m[1] : null;
}

function ipMatches(addr: Uint8Array, c: Uint8Array): boolean {
  if (c.length !== addr.length * 2) return false;
  for (let i = 0; i < addr.length; i++) if ((addr[i] & c[addr.length + i]) !== (c[i] & c[addr.length + i])) return false;
  return true;
}

function matches(kind: Kind, value: GeneralName | { type: 'rfc822'; value: string }, base: GeneralName): boolean {
  if (kindOf(base) !== kind) return false;
  switch (kind) {
    case 'dn':
      return value.type === 'dn' && base.type === 'dn' && rdnPrefix(value.dn, base.dn);
    case 'rfc822':
      return value.type === 'rfc822' && base.type === 'rfc822' && emailMatches(value.value, base.value);
    case 'dns':
      return value.type === 'dns' && base.type === 'dns' && dnsMatches(value.value, base.value);
    case 'uri': {
      if (value.type !== 'uri' || base.type !== 'uri') return false;
      const h = uriHost(value.value);
      return h !== null && hostMatches(h, base.value);
    }
    case 'ip':
      return value.type === 'ip' && base.type === 'ip' && ipMatches(value.bytes, base.bytes);
  }
}

const show = (g: GeneralName): string =>
  g.type === 'dn' ? g.dn.text : g.type === 'ip' ? Array.from(g.bytes).join(g.bytes.length === 4 ? '.' : ':') : g.type === 'other' ? `[${g.tag}]` : g.value;

export class NameConstraintState {
  /** each entry: one permittedSubtrees extension's subtrees of one kind (all entries must be satisfied) */
  private permitted: Array<{ kind: Kind; bases: GeneralName[] }> = [];
  private excluded: GeneralName[] = [];

  /** §6.1.4 (g) */
  add(nc: NameConstraints): void {
    const byKind = new Map<Kind, GeneralName[]>();
    for (const s of nc.permitted ?? []) {
      const k = kindOf(s.base);
      if (k) byKind.set(k, [...(byKind.get(k) ?? []), s.base]);
    }
    for (const [kind, bases] of byKind) this.permitted.push({ kind, bases });
    for (const s of nc.excluded ?? []) this.excluded.push(s.base);
  }

  /** §6.1.3 (b), (c): the subject DN, its emailAddress attributes and every subjectAltName. */
  check(subject: DistinguishedName, altNames: GeneralName[] | null): NameViolation[] {
    const names: Array<{ kind: Kind; value: GeneralName }> = [];
    if (subject.rdns.length) names.push({ kind: 'dn', value: { type: 'dn', dn: subject } });
    if (!altNames?.length) {
      for (const a of subject.rdns.flat()) if (a.oid === OID_EMAIL) names.push({ kind: 'rfc822', value: { type: 'rfc822', value: a.value } });
    }
    for (const g of altNames ?? []) {
      const k = kindOf(g);
      if (k) names.push({ kind: k, value: g });
    }
    const out: NameViolation[] = [];
    for (const { kind, value } of names) {
      for (const set of this.permitted) {
        if (set.kind === kind && !set.bases.some((b) => matches(kind, value, b))) {
          out.push({ name: show(value), reason: 'not-permitted' });
          break;
        }
      }
      if (this.excluded.some((b) => matches(kind, value, b))) out.push({ name: show(value), reason: 'excluded' });
    }
    return out;
  }
}
