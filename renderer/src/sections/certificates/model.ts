// Runs in the renderer. "My certificates": the public certificate data the user imported (files or
// USB key), kept in localStorage; plus small pure helpers shared by the certificate components.
import { useCallback, useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import type { CertView, PairView } from '../../../../shared/ipc/contract';

export const STORAGE_KEY = 'bidseal.certificates';

export interface MyCert {
  view: CertView;
  /** where it came from: a file name, or the token's pkcs11: URI */
  fileName?: string;
  pkcs11Uri?: string;
  addedAt: string;
}

export type Usage = 'digitalSignature' | 'keyEncipherment';

function isMyCert(v: unknown): v is MyCert {
  const c = v as MyCert;
  return !!c && typeof c === 'object' && !!c.view && typeof c.view.der === 'string' && typeof c.view.fingerprintSha256 === 'string' && typeof c.view.notAfter === 'string';
}

function load(): MyCert[] {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter(isMyCert) : [];
  } catch {
    return [];
  }
}

function save(list: MyCert[]): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    /* storage unavailable or full: the list lasts for this session only */
  }
}

/** The list plus add (deduplicated by SHA-256 fingerprint; a token URI is merged in) and remove. */
export function useMyCertificates() {
  const [list, setList] = useState<MyCert[]>(load);
  useEffect(() => save(list), [list]);
  const add = useCallback((items: Array<Omit<MyCert, 'addedAt'>>): { added: number; duplicates: number } => {
    let added = 0;
    let duplicates = 0;
    const now = new Date().toISOString();
    const next = [...list];
    for (const item of items) {
      const i = next.findIndex((c) => c.view.fingerprintSha256 === item.view.fingerprintSha256);
      if (i < 0) {
        next.push({ ...item, addedAt: now });
        added++;
      } else {
        duplicates++;
        if (item.pkcs11Uri && !next[i].pkcs11Uri) next[i] = { ...next[i], pkcs11Uri: item.pkcs11Uri };
      }
    }
    setList(next);
    return { added, duplicates };
  }, [list]);
  const remove = useCallback((fingerprint: string) => setList((l) => l.filter((c) => c.view.fingerprintSha256 !== fingerprint)), []);
  return { list, add, remove };
}

/** Pairs keyed by fingerprint (so they survive reordering). */
export interface FpPair {
  signing: string;
  encryption: string;
  confidence: PairView['confidence'];
  reasons: string[];
}

export { bytesToBase64 } from '../../../../shared/encoding/base64';

/** A PEM bundle of DER certificates (base64), itself base64-encoded for certs.inspect. */
export function pemBundleBase64(ders: string[]): string {
  const pem = ders.map((d) => `-----BEGIN CERTIFICATE-----\n${d.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`).join('');
  return btoa(pem);
}

export const usageOf = (v: CertView): Usage | undefined => (v.role === 'encryption' ? 'keyEncipherment' : v.role === 'signing' || v.role === 'dual' ? 'digitalSignature' : undefined);
export const isEncryption = (v: CertView) => v.role === 'encryption' || v.role === 'dual';
export const isSigning = (v: CertView) => v.role === 'signing' || v.role === 'dual';
export const isCaCert = (v: CertView) => v.isCa || v.role === 'ca';

export const fmtDateTime = (iso: string | Dayjs) => dayjs(iso).format('YYYY-MM-DD HH:mm');
export const fmtDate = (iso: string | Dayjs) => dayjs(iso).format('YYYY-MM-DD');

/** Days left until `iso`, rounded up (a part day counts as a day). */
export const daysUntil = (iso: string, now = Date.now()) => Math.ceil((new Date(iso).getTime() - now) / 86_400_000);
/** Whole days since `iso`. */
export const daysSince = (iso: string, now = Date.now()) => Math.floor((now - new Date(iso).getTime()) / 86_400_000);

/** Default opening time: a week from now, 09:30 local time. */
export const defaultOpening = (): Dayjs => dayjs().add(7, 'day').hour(9).minute(30).second(0).millisecond(0);

/** CN, or the subject when there is no CN. */
export const displayName = (v: CertView) => v.commonName || v.subject;

/** The CN (else O, else the whole DN) of a DN string such as "C=CN, O=CFCA, CN=CFCA SM2 OCA1". */
export function issuerName(dn: string): string {
  const cn = /(?:^|,\s*)CN=([^,]+)/.exec(dn)?.[1];
  const o = /(?:^|,\s*)O=([^,]+)/.exec(dn)?.[1];
  return cn && o && !cn.includes(o) ? `${cn} · ${o}` : cn ?? o ?? dn;
}

/** A pkcs11: URI with its percent-escapes decoded, for reading (copy the raw URI). */
export function readableUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** Colon-separated hex pairs for fingerprints. */
export const groupHex = (hex: string) => hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');

export const PAIR_REASON_KEYS: Record<string, string> = {
  'same issuer': 'sameIssuer',
  'same USCC': 'sameUscc',
  'same subject': 'sameSubject',
  'same CN': 'sameCn',
  'same organisation': 'sameOrganisation',
  'same notBefore': 'sameNotBefore',
  'notBefore within a day': 'notBeforeWithinDay',
  'adjacent serials': 'adjacentSerials',
  'complementary key usages': 'complementaryKeyUsages',
};

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export const STATUS_KEYS = ['valid', 'expired', 'notYetValid', 'untrusted', 'revoked', 'badSignature', 'invalidUsage', 'pathLengthExceeded', 'notACa', 'revocationUnknown', 'unsupportedCriticalExtension', 'policyFailed', 'nameConstraintViolated'] as const;
export type StatusKey = (typeof STATUS_KEYS)[number];
export const statusKey = (status: string): StatusKey | undefined => {
  const k = camel(status);
  return (STATUS_KEYS as readonly string[]).includes(k) ? (k as StatusKey) : undefined;
};
export const STATUS_COLOR: Record<StatusKey, string> = {
  valid: 'success',
  expired: 'error',
  notYetValid: 'warning',
  untrusted: 'error',
  revoked: 'error',
  badSignature: 'error',
  invalidUsage: 'error',
  pathLengthExceeded: 'error',
  notACa: 'error',
  revocationUnknown: 'warning',
  unsupportedCriticalExtension: 'warning',
  policyFailed: 'error',
  nameConstraintViolated: 'error',
};

export const PROBLEM_KEYS = ['noTrustAnchor', 'badSignature', 'sm2EmptyIdOnly', 'unsupportedAlgorithm', 'expired', 'notYetValid', 'notACa', 'caMissingKeyCertSign', 'leafKeyUsage', 'leafExtKeyUsage', 'pathLengthExceeded', 'revoked', 'unhandledCriticalExtension',
  'crlMissing', 'crlBadSignature', 'crlExpired', 'crlIssuerNotAuthorised', 'crlUnsupportedExtension', 'crlSignerInvalid', 'crlIncomplete',
  'policyFailed', 'policyMappingAnypolicy', 'nameNotPermitted', 'nameExcluded',
  'ocspErrorStatus', 'ocspNoMatchingResponse', 'ocspUnauthorisedResponder', 'ocspBadSignature', 'ocspStale', 'ocspNotYetValid', 'ocspNonceMismatch', 'ocspNonceMissing'] as const;
export type ProblemKey = (typeof PROBLEM_KEYS)[number];
export const problemKey = (code: string): ProblemKey | undefined => {
  const k = camel(code);
  return (PROBLEM_KEYS as readonly string[]).includes(k) ? (k as ProblemKey) : undefined;
};
