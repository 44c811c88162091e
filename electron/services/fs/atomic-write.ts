// Runs in Node. Every output is written to `name.partial`, flushed, and renamed over `name` only
// when complete, so an interrupted or failed write never leaves a file that looks valid and never
// clobbers the user's earlier file. Writing overlaps the caller's work (output-file.ts: write() returns
// once the bytes are queued; `large` outputs go past the page cache where the system allows).
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BidSealError } from '../../../shared/errors';
import { notePartial } from './partials';
import { fileError } from './file-hash';
import { openOutputFile, type OutputFile, type OutputOptions } from './output-file';

export interface AtomicFile {
  readonly path: string;
  readonly partialPath: string;
  /**
   * Queues `chunk` (copied: the caller may reuse its memory once this resolves) and waits only while
   * more than QUEUE bytes are not yet written; a write error surfaces at the next write or at prepare().
   */
  write(chunk: Uint8Array): Promise<void>;
  /** bytes from the start of the partial file whose writes have completed (output-file.ts: OutputFile.written) */
  written(): number;
  /**
   * Flush, fsync and close, keeping the bytes at `partialPath`: the caller checks the complete file there
   * (a test decryption, a signature check) before `commit` gives it the final name.
   */
  prepare(): Promise<void>;
  /** prepare (when not yet) and rename into place */
  commit(): Promise<void>;
  /** remove the partial file; safe to call after a failure or twice */
  abort(): Promise<void>;
}

/** A failed write (or open, rename, sync) of an output as a typed error; a BidSealError passes through. */
export function writeError(e: unknown, path: string): BidSealError {
  if (e instanceof BidSealError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const cause = { cause: e };
  if (code === 'ENOSPC' || code === 'EDQUOT') return new BidSealError('E_DISK_FULL', undefined, { path }, cause);
  if (code === 'ENOENT') return new BidSealError('E_FILE_WRITE', 'folder does not exist', { path }, cause);
  if (code === 'EACCES' || code === 'EPERM') return new BidSealError('E_FILE_WRITE', 'permission denied', { path }, cause);
  return new BidSealError('E_FILE_WRITE', code ? `write failed (${code})` : 'write failed', { path }, cause);
}

/**
 * Opens `path.partial` for writing, announced in the journal of unfinished outputs first (electron/services/
 * partials.ts) so that a crash leaves nothing the next start does not remove. `sensitive`: the file holds
 * plaintext (removed first by that sweep). `large`: see output-file.ts.
 */
export async function openAtomic(path: string, o: { sensitive?: boolean } & OutputOptions = {}): Promise<AtomicFile> {
  const partialPath = `${path}.partial`;
  const noted = await notePartial(partialPath, o).catch((e) => {
    throw writeError(e, path);
  });
  let file: OutputFile;
  try {
    // a stale partial from a crash is ours to replace ('wx' would refuse it)
    file = await openOutputFile(partialPath, o);
  } catch (e) {
    await noted();
    throw writeError(e, path);
  }
  let done = false;
  let prepared = false;
  const abort = async () => {
    if (done) return;
    done = true;
    if (!prepared) await file.destroy();
    await unlink(partialPath).catch(() => {});
    await noted();
  };
  const prepare = async () => {
    if (prepared) return;
    try {
      await file.finish();
      prepared = true;
    } catch (e) {
      await abort();
      throw writeError(e, path);
    }
  };
  return {
    path,
    partialPath,
    write: (chunk) => file.write(chunk).catch((e: unknown) => Promise.reject(writeError(e, path))),
    written: () => file.written,
    prepare,
    commit: async () => {
      await prepare();
      try {
        await rename(partialPath, path);
        done = true;
      } catch (e) {
        await abort();
        throw writeError(e, path);
      }
      await syncDir(dirname(path));
      await noted();
    },
    abort,
  };
}

/** fsync a folder so a rename in it survives a power cut (best effort: not every platform can). */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  await fh.sync().catch(() => {});
  await fh.close().catch(() => {});
}

/** Something written in one go that is only kept when committed (an atomic file, or standard output). */
export interface CommittableSink {
  write(b: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Writes `data` to `sink` and commits it; on any failure the sink is aborted and the error rethrown. */
export async function writeAndCommit(sink: CommittableSink, data: Uint8Array): Promise<void> {
  try {
    await sink.write(data);
    await sink.commit();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

/** Writes bytes atomically. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  await writeAndCommit(await openAtomic(path), data);
}

export { fileError };
