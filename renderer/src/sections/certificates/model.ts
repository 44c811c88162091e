// Runs in the renderer. "My certificates": the current bidder's certificates, kept in the vault (one
// store with the vault's "CA 证书" tab); plus small pure helpers shared by the certificate components.
import { useCallback, useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import type { CertView, PairView } from '../../../../shared/ipc/contract';
import { BidSealError } from '../../../../shared/errors';
import { client } from '../../ipc/client';
import { useVaultSession } from '../../vault/current-bidder';
import { addCertificates, listCertificates, removeCertificate, type AddResult, type CertInput, type StoredCert } from '../../vault/certificates';

export interface MyCert {
  view: CertView;
  /** the vault row holding it */
  id: string;
  /** where it came from: a file name, or the token's pkcs11: URI */
  fileName?: string;
  pkcs11Uri?: string;
  addedAt: string;
}

export type Usage = 'digitalSignature' | 'keyEncipherment';

/** parsed views by SHA-256 fingerprint: a certificate's DER never changes, so it is parsed once per window */
const views = new Map<string, CertView>();

async function viewOf(c: StoredCert): Promise<CertView | undefined> {
  const hit = views.get(c.fingerprintSha256);
  if (hit || !c.value.derBase64) return hit;
  const r = await client['certs.inspect']({ data: c.value.derBase64 });
  const v = r.ok ? r.value.certificates[0] : undefined;
  if (v) views.set(c.fingerprintSha256, v);
  return v;
}

export type MyCertsStatus = 'loading' | 'absent' | 'locked' | 'noBidder' | 'ready' | 'error';

/**
 * The current bidder's certificates from the vault (the one store, renderer/src/vault/certificates.ts),
 * with add (deduplicated by SHA-256 fingerprint; a token URI is merged in) and remove. `manual` counts
 * rows typed by hand in the vault (no certificate file), which only the vault's tab can show.
 */
export function useMyCertificates() {
  const { vault, state, current, revision, refresh } = useVaultSession();
  const [list, setList] = useState<MyCert[]>([]);
  const [manual, setManual] = useState(0);
  const [loadError, setLoadError] = useState<unknown>(null);
  const bidderId = state === 'unlocked' ? current?.id : undefined;
  useEffect(() => {
    let live = true;
    if (!bidderId) {
      setList([]);
      setManual(0);
      return;
    }
    void (async () => {
      const rows = await listCertificates(vault, bidderId);
      const out: MyCert[] = [];
      for (const c of rows) {
        const view = await viewOf(c);
        if (view) out.push({ view, id: c.id, fileName: c.value.fileName, pkcs11Uri: c.value.pkcs11Uri, addedAt: c.value.addedAt ?? '' });
      }
      out.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
      if (!live) return;
      setList(out);
      setManual(rows.length - out.length);
      setLoadError(null);
    })().catch((e: unknown) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [vault, bidderId, revision]);
  const status: MyCertsStatus =
    state === 'loading' ? 'loading' : state === 'absent' ? 'absent' : state === 'locked' ? 'locked' : !bidderId ? 'noBidder' : loadError ? 'error' : 'ready';
  const add = useCallback(
    async (items: CertInput[]): Promise<AddResult> => {
      if (!bidderId) throw new BidSealError(state === 'unlocked' ? 'E_VAULT_BIDDER_REQUIRED' : 'E_VAULT_LOCKED');
      const r = await addCertificates(vault, bidderId, items);
      await refresh();
      return r;
    },
    [vault, bidderId, state, refresh],
  );
  const remove = useCallback(
    async (id: string) => {
      await removeCertificate(vault, id);
      await refresh();
    },
    [vault, refresh],
  );
  return { status, list, manual, error: loadError, bidder: current, add, remove };
}
export type MyCertificates = ReturnType<typeof useMyCertificates>;

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
