// Runs in Node. A RandomAccessSource (shared/pdf/source.ts) over a FileHandle: the PDF parser and the
// signer read only the tail, the objects they need and the ByteRange in chunks — never the whole file —
// and a signed output is written to name.partial, flushed, then renamed (STYLE §8).
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { RandomAccessSource } from '../../shared/pdf/source';
import { BidSealError } from '../../shared/errors';
import { signPdf, type SignOptions } from '../../shared/pdf/sign';
import type { Signer } from '../../shared/pki/carrier';

export class FileSource implements RandomAccessSource {
  private constructor(private readonly fh: FileHandle, readonly size: number) {}

  static async open(path: string): Promise<FileSource> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      throw new BidSealError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ', undefined, undefined, { cause: e });
    }
    const st = await fh.stat();
    return new FileSource(fh, st.size);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const buf = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.fh.read(buf, got, n - got, offset + got);
      if (bytesRead === 0) throw new BidSealError('E_TRUNCATED', `file shrank while reading at ${offset + got}`);
      got += bytesRead;
    }
    return buf;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

/** Writes chunks to `path`.partial, fsyncs, renames to `path`; on any failure removes the partial file. */
export async function writeChunksAtomically(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  const partial = `${path}.partial`;
  const fh = await open(partial, 'w');
  try {
    for await (const c of chunks) await fh.write(c);
    await fh.sync();
    await fh.close();
    await rename(partial, path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(partial).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof BidSealError) throw e;
    throw new BidSealError(code === 'ENOSPC' ? 'E_DISK_FULL' : 'E_FILE_WRITE', undefined, undefined, { cause: e });
  }
}

/** Signs `input` into `output` (may be the same path): streamed in, streamed out via output.partial. */
export async function signPdfFile(input: string, output: string, signer: Signer, opts: Omit<SignOptions, 'certificateDer'>): Promise<void> {
  const src = await FileSource.open(input);
  try {
    const chunks = await signPdf(src, signer, opts);
    await writeChunksAtomically(output, chunks);
  } finally {
    await src.close();
  }
}
