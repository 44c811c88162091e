// Runs in Node. File ↔ envelope file, streaming in bounded memory over shared/envelope (RFC 5652 §6 /
// RFC 5083 / GB/T 35275). Output goes to `name.partial` and is renamed into place only after the whole
// stream succeeded — for opening, after the last block decrypted and unpadded (CBC) or the tag verified
// (GCM); on any failure or cancel the partial file is deleted, so no plaintext of a bad envelope survives.
import path from 'node:path';
import { BidSealError } from '../../../shared/errors';
import { inspect, openStream, sealStream, type EnvelopeIdentity, type EnvelopeInfo, type SealOptions } from '../../../shared/envelope';
import type { EnvelopeDecrypter, RecipientSummary } from '../../../shared/envelope/recipients';
import { openAtomic } from '../fs/atomic-write';
import { readFileChunks, regularFileSize } from '../fs/file-read';
import { dearmorStream } from '../../../shared/asn1';

export type EnvelopePhase = 'preparing' | 'encrypting' | 'decrypting' | 'finishing';
export type EnvelopeProgress = (phase: EnvelopePhase, bytesDone: number, bytesTotal: number) => void;

export interface FileJobOptions {
  onProgress?: EnvelopeProgress;
  signal?: AbortSignal;
}

function distinct(input: string, output: string): void {
  if (path.resolve(input) === path.resolve(output)) throw new BidSealError('E_INVALID_ARGUMENT', 'input and output must be different files');
}

async function pump(chunks: AsyncIterable<Uint8Array>, output: string, signal?: AbortSignal): Promise<number> {
  const out = await openAtomic(output, { large: true });
  let n = 0;
  try {
    for await (const c of chunks) {
      if (signal?.aborted) throw new BidSealError('E_CANCELLED', 'operation cancelled');
      await out.write(c);
      n += c.length;
    }
    await out.commit();
    return n;
  } catch (e) {
    await out.abort();
    throw e;
  }
}

/** The input's chunks with progress counted in `phase`; refuses an output that is the input. */
async function source(input: string, output: string, phase: 'encrypting' | 'decrypting', opts: FileJobOptions): Promise<{ src: AsyncGenerator<Uint8Array>; total: number; read(): number }> {
  distinct(input, output);
  const total = await regularFileSize(input);
  opts.onProgress?.('preparing', 0, total);
  let done = 0;
  const src = readFileChunks(input, (n) => {
    done += n;
    opts.onProgress?.(phase, done, total);
  }, opts.signal);
  return { src, total, read: () => done };
}

/** Seals `input` into the envelope file `output`. Progress counts plaintext bytes read. */
export async function sealFile(input: string, output: string, opts: SealOptions & FileJobOptions): Promise<{ bytesIn: number; bytesOut: number }> {
  const { src, total, read } = await source(input, output, 'encrypting', opts);
  const bytesOut = await pump(sealStream(src, { ...opts, signal: opts.signal }), output, opts.signal);
  opts.onProgress?.('finishing', read(), total);
  return { bytesIn: read(), bytesOut };
}

/**
 * Opens the envelope file `input` into `output`. Progress counts envelope bytes read. The output appears
 * only when everything verified; E_NOT_A_RECIPIENT (details.recipients), E_BAD_PADDING,
 * E_AUTH_TAG_MISMATCH, E_TRUNCATED, E_ENVELOPE_CORRUPT, E_CANCELLED leave no file behind.
 */
export async function openFile(
  input: string,
  output: string,
  identity: EnvelopeIdentity | EnvelopeDecrypter,
  opts: FileJobOptions = {},
): Promise<{ bytes: number; openedBy: RecipientSummary; info: EnvelopeInfo }> {
  const { src, total, read } = await source(input, output, 'decrypting', opts);
  const { onProgress, signal } = opts;
  const id: EnvelopeIdentity = typeof (identity as EnvelopeDecrypter).unwrapKey === 'function' ? { decrypter: identity as EnvelopeDecrypter, signal } : { ...(identity as EnvelopeIdentity), signal };
  const opened = await openStream(dearmorStream(src), id);
  const bytes = await pump(opened.content, output, signal);
  onProgress?.('finishing', read(), total);
  const { content: _content, openedBy, ...info } = opened;
  return { bytes, openedBy, info };
}

/** Recipients and algorithms of an envelope file, reading only its header part. */
export async function inspectFile(file: string): Promise<EnvelopeInfo> {
  await regularFileSize(file);
  return inspect(dearmorStream(readFileChunks(file, () => {})));
}
