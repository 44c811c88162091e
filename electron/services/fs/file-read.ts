// Runs in Node. Reading user files for the streaming operations (hashing, signing, sealing): the
// size of a regular file, and its bytes in 1 MiB chunks with a byte counter and cancellation.
// Read failures become typed errors (E_FILE_NOT_FOUND, E_FILE_READ) naming the file.
import { constants, createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { fileError } from './file-hash';
import { chunksInTurn } from '../../../shared/pdf/source';
import { DIRECT_ALIGN, alignedMemory, directFlag } from './direct-io';

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

/**
 * The file's bytes in chunks of `chunkSize` (1 MiB; tests use small ones to cross chunk boundaries).
 * `direct`: past the page cache where the system allows (reading back a file this process just wrote that
 * way, fs/direct-io.ts); each chunk is then a copy out of aligned memory.
 */
export async function* readFileChunks(file: string, onBytes: (n: number) => void = () => {}, signal?: AbortSignal, chunkSize = CHUNK, o: { direct?: boolean; reuse?: boolean } = {}): AsyncGenerator<Uint8Array> {
  const flag = o.direct && chunkSize % DIRECT_ALIGN === 0 ? directFlag() : undefined;
  const fh = flag ? await open(file, constants.O_RDONLY | flag).catch(() => undefined) : undefined;
  if (fh) {
    const direct = readDirect(fh, chunkSize);
    const first = await direct.next().catch(() => undefined); // EINVAL: a file system without O_DIRECT reads
    if (first) {
      try {
        for (let r = first; !r.done; r = await direct.next()) {
          if (signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
          onBytes(r.value.length);
          yield r.value;
        }
        return;
      } catch (e) {
        if (isBidSealError(e)) throw e;
        throw fileError(e, file);
      } finally {
        await direct.return(undefined);
      }
    }
    await fh.close().catch(() => {});
  }
  if (o.reuse) {
    yield* reusedChunks(file, onBytes, signal, chunkSize);
    return;
  }
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

/** `reuse`: the file's chunks read into two buffers in turn (shared/pdf/source.ts: chunksInTurn), to its end */
async function* reusedChunks(file: string, onBytes: (n: number) => void, signal: AbortSignal | undefined, chunkSize: number): AsyncGenerator<Uint8Array> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw fileError(e, file);
  }
  /** fills `b` from `pos`, short only at the end of the file */
  const readInto = async (pos: number, b: Uint8Array): Promise<number> => {
    let got = 0;
    while (got < b.length) {
      const { bytesRead } = await fh.read(b, got, b.length - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  };
  try {
    for await (const c of chunksInTurn(readInto, 0, Infinity, chunkSize)) {
      if (signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
      onBytes(c.length);
      yield c;
    }
  } catch (e) {
    if (isBidSealError(e)) throw e;
    throw fileError(e, file);
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * The file past the page cache in `chunkSize` chunks, one read in flight ahead of the consumer (two aligned
 * buffers in turn); each chunk handed out is a copy, the caller may keep it.
 */
async function* readDirect(fh: FileHandle, chunkSize: number): AsyncGenerator<Uint8Array> {
  const mem = alignedMemory(2 * chunkSize);
  const bufs = [mem.subarray(0, chunkSize), mem.subarray(chunkSize, 2 * chunkSize)];
  /** fills `buf` from `pos`; short at the end of the file (whose last read is not a whole number of blocks) */
  const fill = async (pos: number, buf: Uint8Array): Promise<number> => {
    let got = 0;
    while (got < chunkSize) {
      const { bytesRead } = await fh.read(buf, got, chunkSize - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got % DIRECT_ALIGN) break;
    }
    return got;
  };
  let pending: Promise<number> | undefined = fill(0, bufs[0]);
  try {
    for (let pos = 0, i = 0; pending; i ^= 1) {
      const got = await pending;
      pending = undefined;
      if (!got) return;
      pos += got;
      if (got === chunkSize) pending = fill(pos, bufs[i ^ 1]);
      yield bufs[i].slice(0, got);
    }
  } finally {
    await pending?.catch(() => undefined);
    await fh.close();
  }
}
