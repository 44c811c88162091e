// Runs in Node. Streams files from disk through SM3 or SHA-256 (pure-TS hashes from shared/) in
// bounded memory, reporting bytes as it goes; a bidder compares the result with a platform receipt.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { sha256 } from '@noble/hashes/sha2.js';
import { sm3 } from '../../../shared/crypto/sm3';
import { BidSealError } from '../../../shared/errors';
import { toHex } from '../../../shared/asn1';

export type HashAlg = 'sm3' | 'sha256';
export const createHash = (alg: HashAlg) => (alg === 'sm3' ? sm3.create() : sha256.create());

export interface HashProgress {
  (bytesDone: number, bytesTotal: number): void;
}

/** Hashes a readable byte source (a file stream or stdin). */
export async function hashStream(source: AsyncIterable<Uint8Array>, alg: HashAlg, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<string> {
  const h = createHash(alg);
  for await (const chunk of source) {
    if (signal?.aborted) throw new BidSealError('E_CANCELLED');
    h.update(chunk);
    onBytes?.(chunk.length);
  }
  return toHex(h.digest());
}

export async function hashFile(path: string, alg: HashAlg, onProgress?: HashProgress, signal?: AbortSignal): Promise<{ size: number; hex: string }> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new BidSealError('E_FILE_READ', 'not a regular file', { path });
    size = st.size;
  } catch (e) {
    if (e instanceof BidSealError) throw e;
    throw fileError(e, path);
  }
  let done = 0;
  try {
    const hex = await hashStream(createReadStream(path, { highWaterMark: 1 << 20 }), alg, (n) => {
      done += n;
      onProgress?.(done, size);
    }, signal);
    return { size: done, hex };
  } catch (e) {
    if (e instanceof BidSealError) throw e;
    throw fileError(e, path);
  }
}

export function fileError(e: unknown, path: string): BidSealError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new BidSealError('E_FILE_NOT_FOUND', undefined, { path });
  if (code === 'ENOSPC') return new BidSealError('E_DISK_FULL', undefined, { path });
  return new BidSealError('E_FILE_READ', code ? `read failed (${code})` : 'read failed', { path });
}
