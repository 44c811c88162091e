// Runs in the renderer and in Node tests. Encrypted vault backups (format in docs/formats/vault-backup.md, "Vault
// backup"): a bidder or the whole vault, re-encrypted under a key wrapped by the backup passphrase,
// in AES-256-GCM frames with a counter nonce and a final-frame flag in the AAD (the STREAM
// construction of Hoang–Reyhanitabar–Rogaway–Vizár), so a truncated, reordered or edited file is
// refused as a whole. Import is two steps: read + plan (everything decrypted, validated and SM3-checked
// in memory; conflicts listed for the user) and apply (all rows sealed first, then written in ONE
// Dexie transaction: a failure anywhere leaves the vault exactly as it was).
import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { sm3 } from '../../../shared/crypto/sm3';
import { RECORD_TABLES, type BlobRow, type RecordTable, type SealedRow } from './db';
import { deriveKek, importAesKey, newKdfParams, own, randomBytes, toHex, unwrapKey, wrapKey } from './crypto';
import { base64ToBytes, bytesToBase64 } from '../../../shared/encoding/base64';
import type { Vault } from './vault';

export const BACKUP_MAGIC = 'BSVAULT1';
export const BACKUP_MEDIA_TYPE = 'application/vnd.bidseal.vault-backup';
export const BACKUP_EXTENSION = '.bsvault';
const FRAME_MAX = 1 << 20;
const WRAP_LABEL = 'bidseal/vault-backup/v1';
const enc = new TextEncoder();
const dec = new TextDecoder();

const Header = z
  .object({
    format: z.literal('bidseal-vault-backup'),
    version: z.literal(1),
    createdAt: z.string(),
    scope: z.enum(['vault', 'bidder']),
    /** names of the bidders inside, for the import dialog (inside the encrypted body too) — left empty: names are sensitive */
    kdf: z.object({ alg: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string() }),
    wrappedKey: z.object({ iv: z.string(), ct: z.string() }),
    noncePrefix: z.string(),
    frameMax: z.number().int().positive().max(16 << 20),
  })
  .strict();
type Header = z.infer<typeof Header>;

const RowEntry = z.object({ t: z.literal('row'), table: z.enum(RECORD_TABLES), id: z.string().min(1).max(64), bidderId: z.string().min(1).max(64), updatedAt: z.string().max(40), value: z.unknown() });
const BlobEntry = z.object({ t: z.literal('blob'), id: z.string().min(1).max(64), bidderId: z.string().min(1).max(64), size: z.number().int().nonnegative(), sm3: z.string().regex(/^[0-9a-f]{64}$/) });
const EndEntry = z.object({ t: z.literal('end'), rows: z.number().int(), blobs: z.number().int() });
const Entry = z.discriminatedUnion('t', [RowEntry, BlobEntry, EndEntry]);

export interface BackupRow {
  table: RecordTable;
  id: string;
  bidderId: string;
  updatedAt: string;
  value: unknown;
}

export interface BackupContents {
  createdAt: string;
  scope: 'vault' | 'bidder';
  rows: BackupRow[];
  blobs: Map<string, { bidderId: string; bytes: Uint8Array }>;
}

export interface ExportResult {
  bytes: Uint8Array;
  rows: number;
  blobs: number;
  /** rows that failed their integrity check and were left out */
  skipped: { table: RecordTable; id: string }[];
}

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};

function frameNonce(prefix: Uint8Array, counter: number): Uint8Array<ArrayBuffer> {
  const n = new Uint8Array(12);
  n.set(prefix, 0);
  new DataView(n.buffer).setUint32(8, counter);
  return n;
}

function frameAad(headerHash: Uint8Array, final: boolean): Uint8Array<ArrayBuffer> {
  const a = new Uint8Array(headerHash.length + 1);
  a.set(headerHash);
  a[headerHash.length] = final ? 1 : 0;
  return a;
}

/** Writes an encrypted backup of one bidder (`bidderId`) or of the whole vault. */
export async function exportBackup(vault: Vault, opts: { passphrase: string; bidderId?: string; now?: Date }): Promise<ExportResult> {
  if (!vault.isUnlocked) throw new BidSealError('E_VAULT_LOCKED');
  if (opts.passphrase.length < 8) throw new BidSealError('E_VAULT_WEAK_PASSPHRASE');
  const kdf = newKdfParams(vault.kdf);
  const fileKeyRaw = randomBytes(32);
  const kek = await deriveKek(opts.passphrase, kdf);
  const wrapped = await wrapKey(kek, fileKeyRaw, WRAP_LABEL);
  kek.fill(0);
  const fileKey = await importAesKey(fileKeyRaw);
  fileKeyRaw.fill(0);
  const noncePrefix = randomBytes(8);
  const header: Header = {
    format: 'bidseal-vault-backup',
    version: 1,
    createdAt: (opts.now ?? new Date()).toISOString(),
    scope: opts.bidderId ? 'bidder' : 'vault',
    kdf: { alg: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: bytesToBase64(kdf.salt) },
    wrappedKey: { iv: bytesToBase64(wrapped.iv), ct: bytesToBase64(wrapped.ct) },
    noncePrefix: bytesToBase64(noncePrefix),
    frameMax: FRAME_MAX,
  };
  const headerBytes = enc.encode(JSON.stringify(header));
  const headerHash = sha256(headerBytes);

  // plaintext frames: 0x01 + JSON entry, or 0x02 + a slice of a blob's bytes
  const plain: Uint8Array[] = [];
  const json = (e: z.input<typeof Entry>) => {
    const j = enc.encode(JSON.stringify(e));
    const f = new Uint8Array(1 + j.length);
    f[0] = 1;
    f.set(j, 1);
    plain.push(f);
  };
  const skipped: ExportResult['skipped'] = [];
  let rows = 0;
  let blobs = 0;
  const wanted = (r: SealedRow) => !opts.bidderId || r.bidderId === opts.bidderId;
  for (const table of RECORD_TABLES) {
    const sealed = (await vault.db.recordTable(table).toArray()).filter(wanted).sort((a, b) => a.id.localeCompare(b.id));
    for (const r of sealed) {
      const e = await vault.openRow(table, r);
      if (e.tampered) {
        skipped.push({ table, id: r.id });
        continue;
      }
      json({ t: 'row', table, id: r.id, bidderId: r.bidderId, updatedAt: r.updatedAt, value: e.value });
      rows++;
      if (table === 'attachments') {
        const blob = await vault.db.blobs.get(r.id);
        if (!blob) continue;
        let bytes: Uint8Array;
        try {
          bytes = await vault.openBlob(blob);
        } catch {
          skipped.push({ table: 'attachments', id: r.id });
          continue;
        }
        json({ t: 'blob', id: r.id, bidderId: r.bidderId, size: bytes.length, sm3: toHex(sm3(bytes)) });
        for (let off = 0; off < bytes.length || off === 0; off += FRAME_MAX - 1) {
          const slice = bytes.subarray(off, off + FRAME_MAX - 1);
          const f = new Uint8Array(1 + slice.length);
          f[0] = 2;
          f.set(slice, 1);
          plain.push(f);
          if (bytes.length === 0) break;
        }
        blobs++;
      }
    }
  }
  json({ t: 'end', rows, blobs });

  const parts: Uint8Array[] = [enc.encode(BACKUP_MAGIC), u32(headerBytes.length), headerBytes];
  for (let i = 0; i < plain.length; i++) {
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: frameNonce(noncePrefix, i), additionalData: frameAad(headerHash, i === plain.length - 1) }, fileKey, own(plain[i])));
    parts.push(u32(ct.length), ct);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return { bytes: out, rows, blobs, skipped };
}

/** Decrypts and checks a whole backup in memory. Nothing is written. */
export async function readBackup(file: Uint8Array, passphrase: string): Promise<BackupContents> {
  const corrupt = (d: string) => new BidSealError('E_VAULT_BACKUP_CORRUPT', d);
  if (file.length < 12 || dec.decode(file.subarray(0, 8)) !== BACKUP_MAGIC) throw corrupt('not a vault backup');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const hlen = view.getUint32(8);
  if (hlen > 64 * 1024 || 12 + hlen > file.length) throw corrupt('header length');
  const headerBytes = file.subarray(12, 12 + hlen);
  let header: Header;
  try {
    const raw = JSON.parse(dec.decode(headerBytes)) as { version?: unknown };
    if (raw.version !== 1) throw new BidSealError('E_VAULT_BACKUP_UNSUPPORTED', `version ${String(raw.version)}`);
    header = Header.parse(raw);
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw corrupt('header');
  }
  const kdf = { alg: 'scrypt' as const, N: header.kdf.N, r: header.kdf.r, p: header.kdf.p, salt: base64ToBytes(header.kdf.salt) };
  const kek = await deriveKek(passphrase, kdf);
  const raw = await unwrapKey(kek, { iv: base64ToBytes(header.wrappedKey.iv), ct: base64ToBytes(header.wrappedKey.ct) }, 'E_VAULT_BACKUP_WRONG_PASSPHRASE', WRAP_LABEL);
  kek.fill(0);
  const key = await importAesKey(raw);
  raw.fill(0);
  const headerHash = sha256(headerBytes);
  const prefix = base64ToBytes(header.noncePrefix);
  if (prefix.length !== 8) throw corrupt('nonce prefix');

  const rows: BackupRow[] = [];
  const blobs = new Map<string, { bidderId: string; bytes: Uint8Array }>();
  let pendingBlob: { id: string; bidderId: string; size: number; sm3: string; parts: Uint8Array[]; got: number } | null = null;
  let off = 12 + hlen;
  let counter = 0;
  let ended = false;
  const finishBlob = () => {
    if (!pendingBlob) return;
    if (pendingBlob.got !== pendingBlob.size) throw corrupt('blob length');
    const bytes = new Uint8Array(pendingBlob.size);
    let o = 0;
    for (const p of pendingBlob.parts) {
      bytes.set(p, o);
      o += p.length;
    }
    if (toHex(sm3(bytes)) !== pendingBlob.sm3) throw corrupt('blob hash');
    blobs.set(pendingBlob.id, { bidderId: pendingBlob.bidderId, bytes });
    pendingBlob = null;
  };
  while (off < file.length) {
    if (ended) throw corrupt('data after the final frame');
    if (off + 4 > file.length) throw corrupt('truncated frame length');
    const len = view.getUint32(off);
    off += 4;
    if (len < 17 || len > header.frameMax + 16 || off + len > file.length) throw corrupt('frame length');
    const ct = file.subarray(off, off + len);
    off += len;
    const final = off === file.length;
    let pt: Uint8Array;
    try {
      pt = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: frameNonce(prefix, counter), additionalData: frameAad(headerHash, final) }, key, own(ct)));
    } catch {
      throw corrupt(`frame ${counter} failed authentication`);
    }
    counter++;
    if (pt[0] === 2) {
      if (!pendingBlob) throw corrupt('blob data without a blob entry');
      pendingBlob.parts.push(pt.slice(1));
      pendingBlob.got += pt.length - 1;
      continue;
    }
    if (pt[0] !== 1) throw corrupt('frame type');
    finishBlob();
    let entry: z.infer<typeof Entry>;
    try {
      entry = Entry.parse(JSON.parse(dec.decode(pt.subarray(1))));
    } catch {
      throw corrupt(`entry ${counter - 1}`);
    }
    if (entry.t === 'row') rows.push({ table: entry.table, id: entry.id, bidderId: entry.bidderId, updatedAt: entry.updatedAt, value: entry.value });
    else if (entry.t === 'blob') pendingBlob = { id: entry.id, bidderId: entry.bidderId, size: entry.size, sm3: entry.sm3, parts: [], got: 0 };
    else {
      if (!final || entry.rows !== rows.length || entry.blobs !== blobs.size) throw corrupt('end entry');
      ended = true;
    }
  }
  if (!ended) throw corrupt('truncated: no final frame');
  // every attachment's bytes must be present and match the hash its row records
  for (const r of rows) {
    if (r.table !== 'attachments') continue;
    const b = blobs.get(r.id);
    const meta = r.value as { sm3?: string };
    if (!b || toHex(sm3(b.bytes)) !== meta.sm3) throw corrupt(`attachment ${r.id} bytes`);
  }
  return { createdAt: header.createdAt, scope: header.scope, rows, blobs };
}

export type PlanStatus = 'new' | 'same' | 'conflict';
export interface PlanItem {
  table: RecordTable;
  id: string;
  bidderId: string;
  status: PlanStatus;
  /** a short human label (bidder name, qualification type, file name …) */
  label: string;
  mine?: unknown;
  mineTampered?: boolean;
  theirs: unknown;
  mineUpdatedAt?: string;
  theirsUpdatedAt: string;
}

export interface ImportPlan {
  contents: BackupContents;
  items: PlanItem[];
  counts: Record<PlanStatus, number>;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export function labelOf(table: RecordTable, v: unknown): string {
  const o = (v ?? {}) as Record<string, unknown>;
  const pick = (...ks: string[]) => ks.map((k) => o[k]).find((x) => typeof x === 'string' || typeof x === 'number');
  return String(pick('name', 'type', 'label', 'project', 'year') ?? table);
}

/** Compares a backup with the vault: new rows, identical rows, and conflicts (same id, other content). */
export async function planImport(vault: Vault, contents: BackupContents): Promise<ImportPlan> {
  if (!vault.isUnlocked) throw new BidSealError('E_VAULT_LOCKED');
  const items: PlanItem[] = [];
  for (const r of contents.rows) {
    const existing = await vault.db.recordTable(r.table).get(r.id);
    const base = { table: r.table, id: r.id, bidderId: r.bidderId, label: labelOf(r.table, r.value), theirs: r.value, theirsUpdatedAt: r.updatedAt };
    if (!existing) {
      items.push({ ...base, status: 'new' });
      continue;
    }
    const mine = await vault.openRow(r.table, existing);
    if (mine.tampered) {
      items.push({ ...base, status: 'conflict', mineTampered: true, mineUpdatedAt: existing.updatedAt });
      continue;
    }
    const same = canonical(mine.value) === canonical(r.value) && existing.bidderId === r.bidderId;
    items.push({ ...base, status: same ? 'same' : 'conflict', mine: mine.value, mineUpdatedAt: existing.updatedAt });
  }
  const counts = { new: 0, same: 0, conflict: 0 };
  for (const i of items) counts[i.status]++;
  return { contents, items, counts };
}

export type Resolution = 'mine' | 'theirs';
export const planKey = (i: { table: RecordTable; id: string }) => `${i.table}/${i.id}`;

export interface ApplyOptions {
  /** per conflict (planKey); default 'mine' — nothing of the user's is overwritten unless chosen */
  resolutions?: Record<string, Resolution>;
  /** tests only: throw inside the transaction after this many writes (simulates a crash) */
  failAfterWrites?: number;
}

/** Writes the plan in one transaction; all or nothing. Returns how many rows were written. */
export async function applyImport(vault: Vault, plan: ImportPlan, opts: ApplyOptions = {}): Promise<{ written: number; kept: number }> {
  if (!vault.isUnlocked) throw new BidSealError('E_VAULT_LOCKED');
  const rowsByKey = new Map(plan.contents.rows.map((r) => [planKey(r), r]));
  const toWrite: { table: RecordTable; row: SealedRow }[] = [];
  const blobRows: BlobRow[] = [];
  let kept = 0;
  try {
    for (const item of plan.items) {
      if (item.status === 'same') continue;
      if (item.status === 'conflict' && (opts.resolutions?.[planKey(item)] ?? 'mine') === 'mine') {
        kept++;
        continue;
      }
      const r = rowsByKey.get(planKey(item))!;
      // re-validate through the model (a backup from an older version is migrated here)
      const row = await vault.sealRow(r.table, r.id, r.bidderId, r.value, r.updatedAt);
      const check = await vault.openRow(r.table, row, false); // not written yet: not in the index
      if (check.tampered) throw new BidSealError('E_VAULT_RECORD_INVALID', `${r.table}/${r.id}`);
      toWrite.push({ table: r.table, row: await vault.sealRow(r.table, r.id, r.bidderId, check.value, r.updatedAt) });
      if (r.table === 'attachments') {
        const b = plan.contents.blobs.get(r.id)!;
        blobRows.push(await vault.sealBlob(r.id, r.bidderId, b.bytes));
      }
    }
  } catch (e) {
    throw new BidSealError('E_VAULT_IMPORT_FAILED', e instanceof Error ? e.message : String(e), undefined, { cause: e });
  }
  let writes = 0;
  const step = () => {
    writes++;
    if (opts.failAfterWrites !== undefined && writes > opts.failAfterWrites) throw new Error('simulated failure during import');
  };
  try {
    // rows, scans and the authenticated index in one IndexedDB transaction (Vault.writeRows): all or nothing
    await vault.writeRows(toWrite, blobRows, { step });
  } catch (e) {
    throw new BidSealError('E_VAULT_IMPORT_FAILED', e instanceof Error ? e.message : String(e), undefined, { cause: e });
  }
  return { written: toWrite.length, kept };
}
