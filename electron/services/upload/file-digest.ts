// Runs in Node. One pass over a file for the two digests uploads and receipts name it by: SHA-256 (native)
// and SM3 (BidSeal's own shared/crypto/sm3.ts, as everywhere else, so every host agrees), plus its size.
import { createHash } from 'node:crypto';
import { sm3 } from '../../../shared/crypto/sm3';
import { readFileChunks } from '../fs/file-read';
import { toHex } from '../../../shared/asn1';

export interface FileDigests {
  size: number;
  sha256: string;
  sm3: string;
}

export async function digestFile(file: string, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<FileDigests> {
  const a = createHash('sha256');
  const b = sm3.create();
  let size = 0;
  for await (const c of readFileChunks(file, onBytes, signal)) {
    a.update(c);
    b.update(c);
    size += c.length;
  }
  return { size, sha256: a.digest('hex'), sm3: toHex(b.digest()) };
}
