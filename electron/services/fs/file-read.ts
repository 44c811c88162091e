// Runs in Node. Reading user files for the streaming operations (hashing, signing, sealing): the
// size of a regular file, and its bytes in 1 MiB chunks with a byte counter and cancellation.
// Read failures become typed errors (E_FILE_NOT_FOUND, E_FILE_READ) naming the file.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { fileError } from './file-hash';

const CHUNK = 1 << 20;

export async function regularFileSize(file: string): Promise<number> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new BidSealError('E_FILE_READ', 'not a regular file', { path: file });
    return st.size;
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw fileError(e, file);
  }
}

/** The file's bytes in chunks of `chunkSize` (1 MiB; tests use small ones to cross chunk boundaries). */
export async function* readFileChunks(file: string, onBytes: (n: number) => void = () => {}, signal?: AbortSignal, chunkSize = CHUNK): AsyncGenerator<Uint8Array> {
  const s = createReadStream(file, { highWaterMark: chunkSize });
  try {
    for await (const chunk of s) {
      if (signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
      const u = chunk as Buffer;
      onBytes(u.length);
      yield new Uint8Array(u.buffer, u.byteOffset, u.byteLength);
    }
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw fileError(e, file);
  } finally {
    s.destroy();
  }
}
