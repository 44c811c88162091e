// Runs in the renderer and in Node tests. The one store of a bidder's own certificates: the vault's
// `certificates` rows (encrypted, per bidder, in backups and expiry reminders). The certificates page
// ("我的证书"), the vault's "CA 证书" tab and the key manager's "保存到资料库" all add and remove here.
// A certificate is identified by the SHA-256 fingerprint of its DER. The page's former localStorage
// list is moved in once, at the first unlock with a bidder chosen (migrateLegacyCertificates).
import { sha256 } from '@noble/hashes/sha2.js';
import type { CertView } from '../../../shared/ipc/contract';
import { base64ToBytes } from '../../../shared/encoding/base64';
import { toHex } from './crypto';
import type { CaCertificate } from './model';
import type { Entry, Vault } from './vault';

/** the key of the list the certificates page kept in localStorage before the vault held it */
export const LEGACY_STORAGE_KEY = 'bidseal.certificates';

export interface CertInput {
  view: CertView;
  fileName?: string;
  pkcs11Uri?: string;
  /** when it first entered a store (kept by the migration) */
  addedAt?: string;
}

export interface StoredCert {
  id: string;
  fingerprintSha256: string;
  value: CaCertificate;
}

export interface AddResult {
  added: number;
  duplicates: number;
}

/** SHA-256 of the row's DER (rows written before the field existed), else its recorded one. */
function fingerprintOf(c: CaCertificate): string {
  if (c.fingerprintSha256) return c.fingerprintSha256.toLowerCase();
  if (!c.derBase64) return '';
  try {
    return toHex(sha256(base64ToBytes(c.derBase64)));
  } catch {
    return '';
  }
}

/** The bidder's certificates that can be read (tampered rows are reported by the vault, not here). */
export async function listCertificates(vault: Vault, bidderId: string): Promise<StoredCert[]> {
  const rows: Entry<CaCertificate>[] = await vault.list('certificates', bidderId);
  const out: StoredCert[] = [];
  for (const r of rows) if (!r.tampered) out.push({ id: r.id, fingerprintSha256: fingerprintOf(r.value), value: r.value });
  return out;
}

const str = (x: unknown, max: number) => (typeof x === 'string' ? x.slice(0, max) : '');
const ROLES = ['signing', 'encryption', 'dual', 'unknown'] as const;

/** The row of a certificate; tolerant of a partial view (an old localStorage list is not trusted to be whole). */
function rowOf(item: CertInput, addedAt: string): CaCertificate {
  const v = item.view;
  const cn = str(v.commonName, 120);
  const org = str(v.organization, 120);
  const role = ROLES.find((r) => r === v.role) ?? 'unknown';
  return {
    label: (org && cn && !cn.includes(org) ? `${cn} · ${org}` : cn || str(v.subject, 120)).slice(0, 120) || '—',
    role,
    subject: str(v.subject, 500),
    issuer: str(v.issuer, 500),
    serialNumber: str(v.serialNumber, 80),
    ...(v.notBefore ? { notBefore: str(v.notBefore, 40) } : {}),
    ...(v.notAfter ? { notAfter: str(v.notAfter, 40) } : {}),
    fingerprintSm3: str(v.fingerprintSm3, 64),
    fingerprintSha256: v.fingerprintSha256.toLowerCase(),
    derBase64: v.der,
    ...(item.fileName ? { fileName: item.fileName.slice(0, 255) } : {}),
    ...(item.pkcs11Uri ? { pkcs11Uri: item.pkcs11Uri } : {}),
    addedAt,
  };
}

/**
 * Adds certificates to the bidder's store, deduplicated by SHA-256 fingerprint (against the store and
 * within `items`); a duplicate read from a USB key gives the stored row its pkcs11: URI.
 */
export async function addCertificates(vault: Vault, bidderId: string, items: CertInput[], now = new Date()): Promise<AddResult> {
  const existing = new Map((await listCertificates(vault, bidderId)).filter((c) => c.fingerprintSha256).map((c) => [c.fingerprintSha256, c]));
  const seen = new Set<string>();
  let added = 0;
  let duplicates = 0;
  for (const [i, item] of items.entries()) {
    const fp = item.view.fingerprintSha256.toLowerCase();
    const old = existing.get(fp);
    if (old || seen.has(fp)) {
      duplicates++;
      if (old && item.pkcs11Uri && !old.value.pkcs11Uri) {
        old.value = { ...old.value, pkcs11Uri: item.pkcs11Uri, fingerprintSha256: fp };
        await vault.put('certificates', bidderId, old.value, old.id);
      }
      continue;
    }
    seen.add(fp);
    // items added together keep their order (one millisecond apart)
    await vault.put('certificates', bidderId, rowOf(item, item.addedAt ?? new Date(now.getTime() + i).toISOString()));
    added++;
  }
  return { added, duplicates };
}

export async function removeCertificate(vault: Vault, id: string): Promise<void> {
  await vault.remove('certificates', id);
}

type LegacyStorage = Pick<Storage, 'getItem' | 'removeItem'>;

function isLegacy(v: unknown): v is CertInput {
  const c = v as CertInput;
  return !!c && typeof c === 'object' && !!c.view && typeof c.view.der === 'string' && typeof c.view.fingerprintSha256 === 'string' && typeof c.view.notAfter === 'string';
}

/**
 * Moves the old localStorage list into the vault for `bidderId`, then removes the list. Needs the
 * vault unlocked (vault.put throws otherwise, and the list stays); returns null when there is none.
 * An unreadable list is left in place, so nothing is thrown away that a later version could read.
 */
export async function migrateLegacyCertificates(vault: Vault, bidderId: string, storage: LegacyStorage): Promise<AddResult | null> {
  const raw = storage.getItem(LEGACY_STORAGE_KEY);
  if (raw === null) return null;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(list)) return null;
  const items: CertInput[] = [];
  for (const { view, fileName, pkcs11Uri, addedAt } of list.filter(isLegacy)) {
    let fingerprintSha256: string;
    try {
      fingerprintSha256 = toHex(sha256(base64ToBytes(view.der))); // the dedup key comes from the DER, not the stored claim
    } catch {
      continue;
    }
    items.push({ view: { ...view, fingerprintSha256 }, fileName: str(fileName, 255) || undefined, pkcs11Uri: str(pkcs11Uri, 2000) || undefined, addedAt: str(addedAt, 40) || undefined });
  }
  const result = await addCertificates(vault, bidderId, items);
  storage.removeItem(LEGACY_STORAGE_KEY);
  return result;
}
