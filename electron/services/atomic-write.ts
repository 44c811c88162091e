// Runs in Node. Every output is written to `name.partial`, flushed, and renamed over `name` only
// when complete, so an interrupted or failed write never leaves a file that looks valid and never
// clobbers the user's earlier file.
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { BidSealError } from '../../shared/errors';
import { fileError } from './file-hash';

export interface AtomicFile {
  readonly path: string;
  readonly partialPath: string;
  write(chunk: Uint8Array): Promise<void>;
  /** flush, fsync and rename into place */
  commit(): Promise<void>;
  /** remove the partial file; safe to call after a failure or twice */
  abort(): Promise<void>;
}

function writeError(e: unknown, path: string): BidSealError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new BidSealError('E_DISK_FULL', undefined, { path });
  if (code === 'ENOENT') return new BidSealError('E_FILE_WRITE', 'folder does not exist', { path });
  if (code === 'EACCES' || code === 'EPERM') return new BidSealError('E_FILE_WRITE', 'permission denied', { path });
  return e instanceof BidSealError ? e : new BidSealError('E_FILE_WRITE', code ? `write failed (${code})` : 'write failed', { path });
}

export async function openAtomic(path: string): Promise<AtomicFile> {
  const partialPath = `${path}.partial`;
  let stream: WriteStream;
  try {
    // 'wx' would refuse a stale partial from a crash; a stale partial is ours to replace.
    const fh = await open(partialPath, 'w', 0o600);
    stream = createWriteStream('', { fd: fh.fd, autoClose: false });
    let failed: unknown;
    stream.on('error', (e) => (failed = e));
    let done = false;
    const abort = async () => {
      if (done) return;
      done = true;
      stream.destroy();
      await fh.close().catch(() => {});
      await unlink(partialPath).catch(() => {});
    };
    return {
      path,
      partialPath,
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          if (failed) return reject(writeError(failed, path));
          stream.write(chunk, (err) => (err ? reject(writeError(err, path)) : resolve()));
        }),
      commit: async () => {
        try {
          await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
          if (failed) throw failed;
          await fh.sync();
          await fh.close();
          done = true;
          await rename(partialPath, path);
        } catch (e) {
          await abort();
          throw writeError(e, path);
        }
      },
      abort,
    };
  } catch (e) {
    throw writeError(e, path);
  }
}

/** Writes bytes atomically. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const f = await openAtomic(path);
  try {
    await f.write(data);
    await f.commit();
  } catch (e) {
    await f.abort();
    throw e;
  }
}

export { fileError };
