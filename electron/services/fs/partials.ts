// Runs in Node (Electron main, the Node host, the CLI). The journal of unfinished outputs (docs/CRASH-CONSISTENCY.md).
// Every `name.partial` an output is written to is announced first in <dataDir>/partials/<pid>-<rand>.json
// (its path, the owning process, whether it holds plaintext), and the note goes once the partial was
// renamed or removed. A process killed in between (kill -9, power cut, crash) leaves the note behind; the
// next start — and every new job — removes the partials of notes whose process is gone, the plaintext ones
// (the unencrypted backup copy of a bid) first, wherever the user wrote them. A partial of a live process
// (another CLI run, the app) is never touched.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface Note {
  pid: number;
  path: string;
  /** holds plaintext that must not outlive the job (removed first) */
  sensitive: boolean;
  createdAt: string;
}

let journalDir: string | undefined;
/** notes of this process that are still open (their partials are live) */
const live = new Set<string>();

/** Where this process keeps its notes: <dataDir>/partials. Set once at start-up (CLI, host, app). */
export function usePartialJournal(dataDir: string | undefined): void {
  journalDir = dataDir ? path.join(dataDir, 'partials') : undefined;
}

export const partialJournalDir = (): string | undefined => journalDir;

/**
 * Announces a partial before it is created. Returns `done`, to call once the partial was renamed into place
 * or removed. Without a journal (library use, tests) it is a no-op.
 */
export async function notePartial(partialPath: string, o: { sensitive?: boolean } = {}): Promise<() => Promise<void>> {
  const dir = journalDir;
  if (!dir) return async () => {};
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${process.pid}-${randomBytes(8).toString('hex')}.json`);
  const note: Note = { pid: process.pid, path: path.resolve(partialPath), sensitive: Boolean(o.sensitive), createdAt: new Date().toISOString() };
  await writeFile(file, JSON.stringify(note), { mode: 0o600 });
  live.add(file);
  let closed = false;
  return async () => {
    if (closed) return;
    closed = true;
    live.delete(file);
    await unlink(file).catch(() => {});
  };
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export interface SweepResult {
  /** partials removed, in the order removed */
  removed: string[];
  /** notes of live processes left alone */
  kept: number;
}

/**
 * Removes the partials of jobs that are gone: notes of dead processes, and notes of this process that no
 * job holds any more and that are older than `jobStartMs`. Plaintext partials first. `also` lists folders
 * (inside the data folder) whose `*.partial` files older than `jobStartMs` and not announced by a live job
 * are leftovers of versions before the journal.
 */
export async function sweepStalePartials(o: { jobStartMs?: number; also?: string[]; spare?: Set<string> } = {}): Promise<SweepResult> {
  const dir = journalDir;
  const jobStart = o.jobStartMs ?? Date.now();
  const out: SweepResult = { removed: [], kept: 0 };
  const stale: Array<{ file: string; note?: Note }> = [];
  const livePaths = new Set<string>();
  if (dir) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.endsWith('.json')) continue;
      const file = path.join(dir, name);
      const pid = Number(name.split('-')[0]);
      let note: Note | undefined;
      try {
        note = JSON.parse(await readFile(file, 'utf8')) as Note;
      } catch {
        note = undefined; // torn by a kill while it was written: its partial was not created yet
      }
      const own = pid === process.pid;
      const isStale = own ? !live.has(file) && (await stat(file).then((s) => s.mtimeMs < jobStart, () => false)) : !alive(pid);
      if (isStale) stale.push({ file, ...(note ? { note } : {}) });
      else {
        out.kept++;
        if (note) livePaths.add(note.path);
      }
    }
  }
  stale.sort((a, b) => Number(Boolean(b.note?.sensitive)) - Number(Boolean(a.note?.sensitive)));
  for (const s of stale) {
    if (s.note && o.spare?.has(s.note.path)) continue; // a commit note still needs it (rolled forward first)
    if (s.note && typeof s.note.path === 'string' && s.note.path.endsWith('.partial')) {
      const gone = await unlink(s.note.path).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT' ? false : null);
      if (gone) out.removed.push(s.note.path);
      if (gone === false) continue; // could not remove it: keep the note for the next start
    }
    await unlink(s.file).catch(() => {});
  }
  for (const d of o.also ?? []) {
    for (const name of await readdir(d).catch(() => [] as string[])) {
      if (!name.endsWith('.partial')) continue;
      const p = path.resolve(d, name);
      if (livePaths.has(p) || o.spare?.has(p)) continue;
      const old = await stat(p).then((s) => s.isFile() && s.mtimeMs < jobStart, () => false);
      if (old && (await unlink(p).then(() => true, () => false))) out.removed.push(p);
    }
  }
  return out;
}
