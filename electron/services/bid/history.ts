// Runs in Node (Electron main, the Node host, the CLI). The generation history of sealed bids: one JSON
// file <dataDir>/bids/history.json (shared/bid/history.ts), rewritten atomically (temp file + rename) on
// every change, changes serialized within the process by a per-file queue. A file that does not parse or
// validate is never overwritten: every call throws E_BID_HISTORY_CORRUPT naming it, so the user's records
// are not lost to a fresh empty file. A stale `.partial` from a crash is ignored (the rename never ran).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { z } from 'zod';
import path from 'node:path';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { BidHistoryFile, BidHistoryFilter, BidRecord, HISTORY_FORMAT, custodyName, matchesFilter, type BidRecordInput, type RecipientRef } from '../../../shared/bid/history';
import type { SealBidResult } from './package';
import { writeFileAtomic } from '../fs/atomic-write';
import { hashStream } from '../fs/file-hash';
import { readFileChunks } from '../fs/file-read';

export type { BidRecord, BidRecordInput, BidHistoryFilter } from '../../../shared/bid/history';

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
    flavour: r.flavour,
    custody: custodyName(r.custody),
    signer: r.signer,
    recipients: r.recipients.map((x) => ({ subject: x.subject, issuer: x.issuer, serialNumber: x.serialNumber, notAfter: x.notAfter, ...(x.label && ROLES.has(x.label) ? { role: x.label as RecipientRef['role'] } : {}) })),
    ...(extra.openingTime ? { openingTime: extra.openingTime.toISOString() } : {}),
    uploads: [],
  };
}

// ---------------------------------------------------------------------------------------------------
// Committing a sealed bid (docs/CRASH-CONSISTENCY.md): the bid is checked at its `.partial` names, then a
// commit note <dataDir>/bids/pending/<record id>.json names the partials, their final names and hashes,
// then the files are renamed, then the record is appended and the note removed. A process that dies after
// the note rolls forward at the next start (recoverSealCommits); one that dies before it leaves only
// partials, which the sweep of unfinished outputs removes.
// ---------------------------------------------------------------------------------------------------

export const pendingDir = (dataDir: string) => path.join(dataDir, 'bids', 'pending');

const PendingCommit = z.object({
  record: z.unknown(),
  files: z.array(z.object({ partial: z.string(), final: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});

/** Renames a prepared seal into place and records it; the record as stored. */
export async function commitSeal(
  dataDir: string,
  prepared: { result: SealBidResult; partials: { sealed: string; backup?: string }; commit(): Promise<void>; abort(): Promise<void> },
  extra: Parameters<typeof recordOfSeal>[1] = {},
): Promise<{ record?: BidRecord; historyError?: BidSealError }> {
  const r = prepared.result;
  const rec = validate({ id: randomBytes(16).toString('hex'), createdAt: new Date().toISOString(), ...recordOfSeal(r, extra) });
  const files = [
    { partial: path.resolve(prepared.partials.sealed), final: path.resolve(r.path), sha256: r.sha256 },
    ...(prepared.partials.backup && r.backup ? [{ partial: path.resolve(prepared.partials.backup), final: path.resolve(r.backup.path), sha256: r.backup.sha256 }] : []),
  ];
  const note = path.join(pendingDir(dataDir), `${rec.id}.json`);
  try {
    await mkdir(pendingDir(dataDir), { recursive: true, mode: 0o700 });
    await writeFileAtomic(note, new TextEncoder().encode(JSON.stringify({ record: rec, files })));
  } catch (e) {
    await prepared.abort();
    throw e;
  }
  try {
    await prepared.commit();
  } catch (e) {
    await unlink(note).catch(() => {});
    throw e;
  }
  try {
    const stored = await appendRecord(dataDir, rec);
    await unlink(note).catch(() => {});
    return { record: stored };
  } catch (e) {
    // the sealed bid stands; the note stays so the next start records it (when the history is readable again)
    return { historyError: isBidSealError(e) ? e : new BidSealError('E_INTERNAL', (e as Error).message) };
  }
}

async function sha256File(file: string): Promise<string | undefined> {
  try {
    return await hashStream(readFileChunks(file), 'sha256');
  } catch {
    return undefined;
  }
}

/** The partial paths that pending commit notes still need (the sweep of unfinished outputs spares them). */
export async function pendingPartials(dataDir: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const n of await readdir(pendingDir(dataDir)).catch(() => [] as string[])) {
    if (!n.endsWith('.json')) continue;
    try {
      const p = PendingCommit.parse(JSON.parse(await readFile(path.join(pendingDir(dataDir), n), 'utf8')));
      for (const f of p.files) out.add(f.partial);
    } catch {
      /* a torn note: its commit never started */
    }
  }
  return out;
}

/**
 * Rolls pending seal commits forward: every partial whose bytes are exactly the checked ones is renamed
 * into place, and the record is appended when the sealed file is in place with its hash; a note whose
 * sealed file is neither in place nor complete is dropped (its partials go with the sweep). Returns the
 * record ids it completed.
 */
export async function recoverSealCommits(dataDir: string): Promise<string[]> {
  const done: string[] = [];
  for (const n of await readdir(pendingDir(dataDir)).catch(() => [] as string[])) {
    const note = path.join(pendingDir(dataDir), n);
    if (!n.endsWith('.json')) continue;
    let p: z.infer<typeof PendingCommit>;
    let rec: BidRecord;
    try {
      p = PendingCommit.parse(JSON.parse(await readFile(note, 'utf8')));
      rec = validate(p.record);
    } catch {
      await unlink(note).catch(() => {});
      continue;
    }
    for (const f of p.files) {
      if ((await sha256File(f.final)) === f.sha256) continue;
      if ((await sha256File(f.partial)) === f.sha256) await rename(f.partial, f.final).catch(() => {});
    }
    const sealed = p.files[0];
    if (sealed && (await sha256File(sealed.final)) === sealed.sha256) {
      const file = historyPath(dataDir);
      const recorded = await serialized(file, async () => (await load(file)).records.some((x) => x.id === rec.id)).catch(() => undefined);
      if (recorded === undefined) continue; // history unreadable: keep the note for a later start
      if (!recorded) await appendRecord(dataDir, rec);
      done.push(rec.id);
    }
    await unlink(note).catch(() => {});
  }
  return done;
}
