// Runs in the renderer and in Node tests (WebCrypto + @noble/hashes only, no DOM). The vault's key
// hierarchy: passphrase → scrypt (RFC 7914, N=2^17 r=8 p=1 by default, ≈0.5 s) → key-encryption key
// → AES-256-GCM-wrapped random vault key → AES-256-GCM per record and per blob, with the record's
// table, id and bidder bound as associated data so a ciphertext moved to another row fails to open.
// Changing the passphrase re-wraps the vault key only. The vault key lives in memory as a
// non-extractable CryptoKey; raw bytes exist only briefly while wrapping and are zeroed after.
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { BidSealError } from '../../../shared/errors';

export interface KdfParams {
  alg: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** 16 random bytes */
  salt: Uint8Array;
}

/** OWASP's scrypt minimum; measured ≈0.3–0.6 s in V8 on a 2020s laptop (memory 128 MiB). */
export const DEFAULT_KDF: Omit<KdfParams, 'salt'> = { alg: 'scrypt', N: 2 ** 17, r: 8, p: 1 };
/** fast parameters for tests only (never used by the app) */
export const TEST_KDF: Omit<KdfParams, 'salt'> = { alg: 'scrypt', N: 2 ** 10, r: 8, p: 1 };

export interface Sealed {
  iv: Uint8Array;
  ct: Uint8Array;
}

export { MIN_PASSPHRASE } from './passphrase-strength';
const KEY_WRAP_AAD = 'bidseal/vault-key/v1';
const enc = new TextEncoder();

/** A fresh Uint8Array over its own ArrayBuffer (what WebCrypto's BufferSource typing wants). */
export const own = (u: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(u);

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return b;
}

export function newKdfParams(base: Omit<KdfParams, 'salt'> = DEFAULT_KDF): KdfParams {
  return { ...base, salt: randomBytes(16) };
}

/**
 * KDF parameters are read from storage and from backup files, i.e. from whoever wrote them: they are held
 * to what BidSeal itself writes (scrypt, r = 8, p = 1, 2^10 ≤ N ≤ DEFAULT_KDF.N, a 16+ byte salt), so a
 * crafted header cannot make the app spend minutes and gigabytes before the passphrase is even checked.
 */
export function checkKdf(p: KdfParams): void {
  const pow2 = Number.isInteger(p.N) && p.N > 1 && (p.N & (p.N - 1)) === 0;
  if (p.alg !== 'scrypt' || !pow2 || p.N < TEST_KDF.N || p.N > DEFAULT_KDF.N || p.r !== DEFAULT_KDF.r || p.p !== DEFAULT_KDF.p || !(p.salt instanceof Uint8Array) || p.salt.length < 16 || p.salt.length > 64) {
    throw new BidSealError('E_VAULT_KDF_OUT_OF_BOUNDS', `scrypt N=${p.N} r=${p.r} p=${p.p}`);
  }
}

/** passphrase (NFC-normalised, so the same text typed on another keyboard layout matches) → 32-byte KEK */
export async function deriveKek(passphrase: string, params: KdfParams): Promise<Uint8Array<ArrayBuffer>> {
  checkKdf(params);
  const pw = enc.encode(passphrase.normalize('NFC'));
  const out = await scryptAsync(pw, params.salt, { N: params.N, r: params.r, p: params.p, dkLen: 32, asyncTick: 20 });
  pw.fill(0);
  return own(out);
}

export function importAesKey(raw: Uint8Array, extractable = false): Promise<CryptoKey> {
  if (raw.length !== 32) throw new BidSealError('E_INVALID_KEY', 'AES-256 key must be 32 bytes');
  return crypto.subtle.importKey('raw', own(raw), { name: 'AES-GCM' }, extractable, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, aad: string | Uint8Array, plaintext: Uint8Array): Promise<Sealed> {
  const iv = randomBytes(12);
  const additionalData = typeof aad === 'string' ? enc.encode(aad) : own(aad);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, own(plaintext)));
  return { iv, ct };
}

/** Opens a sealed value; any flipped bit, wrong key or wrong AAD throws `failCode`. */
export async function open(key: CryptoKey, aad: string | Uint8Array, s: Sealed, failCode: 'E_VAULT_RECORD_TAMPERED' | 'E_VAULT_WRONG_PASSPHRASE' | 'E_VAULT_BACKUP_WRONG_PASSPHRASE' | 'E_VAULT_BACKUP_CORRUPT' = 'E_VAULT_RECORD_TAMPERED', detail?: string): Promise<Uint8Array> {
  const additionalData = typeof aad === 'string' ? enc.encode(aad) : own(aad);
  if (!(s.iv instanceof Uint8Array) || s.iv.length !== 12 || !(s.ct instanceof Uint8Array) || s.ct.length < 16) throw new BidSealError(failCode, detail ?? 'malformed ciphertext');
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: own(s.iv), additionalData }, key, own(s.ct)));
  } catch {
    throw new BidSealError(failCode, detail);
  }
}

/** Wraps raw key bytes under a KEK (AES-256-GCM with a fixed label as AAD). */
export async function wrapKey(kek: Uint8Array, raw: Uint8Array, label = KEY_WRAP_AAD): Promise<Sealed> {
  const k = await importAesKey(kek);
  return seal(k, label, raw);
}

/** Unwraps; a failed tag means the passphrase was wrong (or the key slot was damaged). */
export async function unwrapKey(kek: Uint8Array, wrapped: Sealed, failCode: 'E_VAULT_WRONG_PASSPHRASE' | 'E_VAULT_BACKUP_WRONG_PASSPHRASE' = 'E_VAULT_WRONG_PASSPHRASE', label = KEY_WRAP_AAD): Promise<Uint8Array> {
  const k = await importAesKey(kek);
  const raw = await open(k, label, wrapped, failCode);
  if (raw.length !== 32) throw new BidSealError(failCode, 'unexpected key length');
  return raw;
}

/** Associated data of a vault row: binds table, id and bidder so rows cannot be swapped or moved. */
export const recordAad = (table: string, id: string, bidderId: string): string => `bidseal/vault/v1\u0000${table}\u0000${id}\u0000${bidderId}`;

import { toHex } from '../../../shared/asn1';
export { toHex };

/**
 * Associated data of a vault row since schema 3: table, id, bidder and updatedAt, so neither the row's place
 * nor its timestamp can change without the tag failing. (recordAad above is the format of schema ≤ 2, read
 * once by the migration.)
 */
export const rowAad = (table: string, id: string, bidderId: string, updatedAt: string): string => `bidseal/vault/v2\u0000${table}\u0000${id}\u0000${bidderId}\u0000${updatedAt}`;

/** The key of the vault's authenticated index (HKDF-SHA256 of the vault key; never stored). */
export function deriveMacKey(rawVaultKey: Uint8Array): Uint8Array {
  return hkdf(sha256, rawVaultKey, enc.encode('bidseal/vault'), enc.encode('bidseal/vault-index/v1'), 32);
}

/** HMAC-SHA256 over length-prefixed parts (no two part lists give the same input), as hex. */
export function macHex(key: Uint8Array, ...parts: Array<string | Uint8Array>): string {
  const h = hmac.create(sha256, key);
  for (const p of parts) {
    const b = typeof p === 'string' ? enc.encode(p) : p;
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, b.length);
    h.update(len);
    h.update(b);
  }
  return toHex(h.digest());
}

/** Constant-time comparison of two hex MACs. */
export function macEqual(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}
