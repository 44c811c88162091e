// Runs in Node (Electron main, the Node host, the CLI). The generation history of sealed bids: one JSON
// file <dataDir>/bids/history.json (shared/bid/history.ts), rewritten atomically (temp file + rename) on
// every change, changes serialized within the process by a per-file queue. A file that does not parse or
// validate is never overwritten: every call throws E_BID_HISTORY_CORRUPT naming it, so the user's records
// are not lost to a fresh empty file. A stale `.partial` from a crash is ignored (the rename never ran).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BidSealError } from '../../shared/errors';
import { BidHistoryFile, BidHistoryFilter, BidRecord, HISTORY_FORMAT, custodyName, matchesFilter, type BidRecordInput, type RecipientRef } from '../../shared/bid/history';
import type { SealBidResult } from './bid-package';
import { writeFileAtomic } from './atomic-write';

export type { BidRecord, BidRecordInput, BidHistoryFilter } from '../../shared/bid/history';

export const historyPath = (dataDir: string) => path.join(dataDir, 'bids', 'history.json');

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier change to the same history file finished (ok or not). */
function serialized<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(file) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => {});
  queues.set(file, tail);
  void tail.then(() => {
    if (queues.get(file) === tail) queues.delete(file);
  });
  return next;
}

async function load(file: string): Promise<BidHistoryFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { format: HISTORY_FORMAT, records: [] };
    throw new BidSealError('E_FILE_READ', `cannot read ${file} (${code ?? 'error'})`, { path: file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BidSealError('E_BID_HISTORY_CORRUPT', `${file} is not valid JSON (${text.length} characters; truncated or edited?)`, { path: file });
  }
  const r = BidHistoryFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BidSealError('E_BID_HISTORY_CORRUPT', `${file}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`, { path: file });
  }
  return r.data;
}

async function save(file: string, h: BidHistoryFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(h, null, 1) + '\n'));
}

function validate(rec: unknown): BidRecord {
  const r = BidRecord.safeParse(rec);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BidSealError('E_INVALID_ARGUMENT', `bid record ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return r.data;
}

/** Adds a record (id and createdAt filled when absent); returns it as stored. */
export async function appendRecord(dataDir: string, rec: BidRecordInput): Promise<BidRecord> {
  const file = historyPath(dataDir);
  const full = validate({ id: randomBytes(16).toString('hex'), createdAt: new Date().toISOString(), ...rec });
  return serialized(file, async () => {
    const h = await load(file);
    if (h.records.some((r) => r.id === full.id)) throw new BidSealError('E_INVALID_ARGUMENT', `a bid record with id ${full.id} exists`);
    h.records.push(full);
    await save(file, h);
    return full;
  });
}

/** Records, newest first, optionally filtered by bidder, platform or project. */
export async function listRecords(dataDir: string, filter: BidHistoryFilter = {}): Promise<BidRecord[]> {
  const file = historyPath(dataDir);
  const f = BidHistoryFilter.parse(filter);
  return serialized(file, async () => {
    const h = await load(file);
    return h.records.filter((r) => matchesFilter(r, f)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  });
}

/** One record; E_BID_RECORD_NOT_FOUND when absent. */
export function getRecord(dataDir: string, id: string): Promise<BidRecord> {
  const file = historyPath(dataDir);
  return serialized(file, async () => {
    const r = (await load(file)).records.find((x) => x.id === id);
    if (!r) throw new BidSealError('E_BID_RECORD_NOT_FOUND', `bid record ${id}`, { id });
    return r;
  });
}

/**
 * Changes one record: a shallow patch (top-level fields replaced) or a function of the current record.
 * The id and createdAt cannot change. The result is validated before anything is written.
 */
export function updateRecord(dataDir: string, id: string, patch: Partial<BidRecord> | ((rec: BidRecord) => BidRecord)): Promise<BidRecord> {
  const file = historyPath(dataDir);
  return serialized(file, async () => {
    const h = await load(file);
    const i = h.records.findIndex((x) => x.id === id);
    if (i < 0) throw new BidSealError('E_BID_RECORD_NOT_FOUND', `bid record ${id}`, { id });
    const cur = structuredClone(h.records[i]);
    const next = typeof patch === 'function' ? patch(cur) : { ...cur, ...patch };
    const rec = validate({ ...next, id: h.records[i].id, createdAt: h.records[i].createdAt });
    h.records[i] = rec;
    await save(file, h);
    return rec;
  });
}

const ROLES = new Set(['platform', 'escrow', 'tenderer', 'bidder', 'other']);

/** The history record of a seal (sealBid's result plus what the caller knows: title, store ids, platform). */
export function recordOfSeal(
  r: SealBidResult,
  extra: { title?: string; projectId?: string; platformId?: string; openingTime?: Date; sealedFileId?: string; backupFileId?: string; sealedPath?: string; backupPath?: string } = {},
): BidRecordInput {
  const m = r.manifest;
  return {
    bidder: { name: m.bidder.name, uscc: m.bidder.uscc },
    tender: { projectId: extra.projectId ?? m.tenderId, ...(m.lot ? { lot: m.lot } : {}), ...(extra.title ? { title: extra.title } : {}) },
    ...(extra.platformId ? { platformId: extra.platformId } : {}),
    sealed: { ...(extra.sealedFileId ? { fileId: extra.sealedFileId } : {}), path: extra.sealedPath ?? path.resolve(r.path), size: r.bytes, sha256: r.sha256, sm3: r.sm3 },
    ...(r.backup ? { backup: { ...(extra.backupFileId ? { fileId: extra.backupFileId } : {}), path: extra.backupPath ?? path.resolve(r.backup.path), sha256: r.backup.sha256 } } : {}),
    packageSm3: r.packageSm3,
    cipher: r.cipher,
    custody: custodyName(r.custody),
    signer: r.signer,
    recipients: r.recipients.map((x) => ({ subject: x.subject, issuer: x.issuer, serialNumber: x.serialNumber, notAfter: x.notAfter, ...(x.label && ROLES.has(x.label) ? { role: x.label as RecipientRef['role'] } : {}) })),
    ...(extra.openingTime ? { openingTime: extra.openingTime.toISOString() } : {}),
    uploads: [],
  };
}
