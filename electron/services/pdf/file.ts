// Runs in Node. A RandomAccessSource (shared/pdf/source.ts) over a FileHandle: the PDF parser and the
// signer read only the tail, the objects they need and the ByteRange in chunks — never the whole file —
// and a signed output is written to name.partial (fs/atomic-write.ts), checked, then renamed.
import { createHash, getHashes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CHUNK, ConcatSource, transientChunks, type RandomAccessSource } from '../../../shared/pdf/source';
import { PdfDocument } from '../../../shared/pdf/xref';
import { buildDssRevision, finishDocumentTimestamp, prepareDocumentTimestamp, readDss, type LtvMaterial } from '../../../shared/pdf/ltv';
import { getDigest } from '../../../shared/crypto/algorithms';
import type { Timestamper } from '../../../shared/pki/tsp';
import { BidSealError } from '../../../shared/errors';
import { signPdfStaged, signedRevision, type HashFactory, type SignOptions } from '../../../shared/pdf/sign';
import { verifyPdf, type SignatureReport, type VerifyPdfOptions } from '../../../shared/pdf/verify';
import type { Signer } from '../../../shared/pki/carrier';
import { withSealFont } from '../app/font-assets';
import { digestNameOf } from '../../../shared/cms/signed-data';
import { ReadBack } from './read-back';
import { openAtomic, writeError, type AtomicFile } from '../fs/atomic-write';
import { DIRECT_ALIGN, alignDown, alignUp, alignedMemory, directFlag } from '../fs/direct-io';

// SHA-2 only: every host has it natively (Node's OpenSSL and Electron's BoringSSL alike). SM3 is
// always BidSeal's own (shared/crypto/sm3.ts): the app's GM crypto must not depend on OpenSSL,
// which Electron does not ship, so the CLI, the Node host and the desktop app hash alike.
const NODE_DIGESTS: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const nodeDigests = new Set(getHashes());

/**
 * node:crypto's SHA-2 for a digest name (several times faster than JS on a 500 MB bid; same bytes,
 * cross-checked in the tests); undefined for SM3 and anything else, which shared/ then computes.
 */
export const nodeHash: HashFactory = (digestName) => {
  const n = NODE_DIGESTS[digestName.toUpperCase()];
  if (!n || !nodeDigests.has(n)) return undefined;
  const h = createHash(n);
  const state = {
    update(d: Uint8Array) {
      h.update(d);
      return state;
    },
    digest: () => new Uint8Array(h.digest()),
  };
  return state;
};

export class FileSource implements RandomAccessSource {
  /** aligned scratch memory for direct reads (undefined: reads go through the page cache) */
  private scratch: Uint8Array | undefined;
  /** the direct read in progress (they share the scratch memory, so they run one at a time) */
  private directQueue: Promise<void> = Promise.resolve();
  /** reads go past the page cache (O_DIRECT) */
  get direct(): boolean {
    return this.scratch !== undefined;
  }
  private constructor(private readonly fh: FileHandle, private length: number, direct: boolean) {
    if (direct) this.scratch = alignedMemory(CHUNK + 2 * DIRECT_ALIGN);
  }
  get size(): number {
    return this.length;
  }
  /** the file's size again (one still being written: read-back.ts) */
  async refresh(): Promise<void> {
    this.length = (await this.fh.stat()).size;
  }

  /**
   * `direct`: read past the page cache where the system allows (a file this process just wrote that way,
   * read back once to check it: fs/direct-io.ts).
   */
  static async open(path: string, o: { direct?: boolean } = {}): Promise<FileSource> {
    const flag = o.direct ? directFlag() : undefined;
    if (flag) {
      const fh = await open(path, constants.O_RDONLY | flag).catch(() => undefined);
      if (fh) {
        const src = new FileSource(fh, (await fh.stat()).size, true);
        // the probe: a file system that refuses O_DIRECT reads says EINVAL here
        if (await src.read(0, 1).then(() => true, () => false)) return src;
        await fh.close();
      }
    }
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      throw new BidSealError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ', undefined, undefined, { cause: e });
    }
    const st = await fh.stat();
    return new FileSource(fh, st.size, false);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    if (this.scratch) return this.readDirect(offset, n, (v) => v.slice());
    const buf = new Uint8Array(n);
    await this.fill(buf, offset);
    return buf;
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const n = Math.max(0, Math.min(target.length, this.size - offset));
    if (this.scratch) {
      await this.readDirect(offset, n, (v) => target.set(v));
      return n;
    }
    await this.fill(target.subarray(0, n), offset);
    return n;
  }

  private async fill(buf: Uint8Array, offset: number): Promise<void> {
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await this.fh.read(buf, got, buf.length - got, offset + got);
      if (bytesRead === 0) throw new BidSealError('E_TRUNCATED', `file shrank while reading at ${offset + got}`);
      got += bytesRead;
    }
  }

  /**
   * Reads the aligned blocks that hold [offset, offset + n) into the scratch memory and hands `take` a view
   * of the bytes asked for, which it must copy before returning. Direct reads run one at a time (they
   * share the scratch memory), and nothing is allocated per read: a read-back check reads a whole
   * signed PDF in 1 MiB chunks, and a fresh buffer for each one (a slice) made reading it back take
   * ~2.5x as long as hashing it on the VM of docs/formats/bid-package.md ("Past the page cache").
   */
  private readDirect<T>(offset: number, n: number, take: (view: Uint8Array) => T): Promise<T> {
    const run = this.directQueue.then(async () => {
      const start = alignDown(offset);
      const span = alignUp(offset + n) - start;
      if (this.scratch!.length < span) this.scratch = alignedMemory(span);
      const want = offset + n - start;
      let got = 0;
      while (got < want) {
        const { bytesRead } = await this.fh.read(this.scratch!, got, span - got, start + got);
        if (bytesRead === 0) throw new BidSealError('E_TRUNCATED', `file shrank while reading at ${start + got}`);
        got += bytesRead;
      }
      return take(this.scratch!.subarray(offset - start, offset - start + n));
    });
    this.directQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

/** Writes chunks to `path`.partial, fsyncs, renames to `path`; on any failure removes the partial file. */
export async function writeChunksAtomically(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  const out = await openAtomic(path, { large: true });
  try {
    for await (const c of chunks) await out.write(c);
    await out.commit();
  } catch (e) {
    await out.abort();
    throw writeError(e, path);
  }
}

/**
 * Signs `input` into `output` (may be the same path) in one pass over the input: each chunk is hashed and
 * copied to output.partial as it is read; after the carrier signs, the revision with the CMS is appended,
 * the file fsynced and renamed. Any failure or cancel (also while the PIN is asked) removes the partial file.
 */
export async function signPdfFile(input: string, output: string, signer: Signer, optsIn: Omit<SignOptions, 'certificateDer'>): Promise<{ fieldName: string }> {
  // Chinese seal text gets the bundled Noto Sans SC unless the caller brought a font
  const appearance = await withSealFont(optsIn.appearance);
  const opts = appearance === optsIn.appearance ? optsIn : { ...optsIn, appearance };
  const src = await FileSource.open(input);
  let out: AtomicFile | undefined;
  let readBack: ReadBack | undefined;
  try {
    out = await openAtomic(output, { large: true });
    const file = out;
    // a large PDF is read back while it is written, on another core (read-back.ts)
    readBack = ReadBack.start(file, (p) => FileSource.open(p, { direct: true }), src.size, digestNameOf(opts.alg));
    const rb = readBack;
    const { prepared, cms } = await signPdfStaged(src, signer, {
      createHash: nodeHash,
      ...opts,
      onOriginalChunk: async (c) => {
        await file.write(c);
        rb?.poke();
      },
    });
    await file.write(signedRevision(prepared, cms));
    await file.prepare();
    // the new signature is read back from the complete file while it is still .partial: only a PDF whose
    // signature verifies over its ByteRange gets the final name (docs/CRASH-CONSISTENCY.md)
    const rangeDigest = await rb?.finish(prepared.byteRange);
    await rb?.close(); // (the worker and the partial file's handle: before the file is checked and renamed)
    await checkSignedPartial(file.partialPath, prepared.fieldName, rangeDigest);
    await file.commit();
    return { fieldName: prepared.fieldName };
  } catch (e) {
    await readBack?.close();
    await out?.abort();
    throw e;
  } finally {
    await src.close();
  }
}

async function checkSignedPartial(file: string, fieldName: string, rangeDigest?: VerifyPdfOptions['rangeDigest']): Promise<void> {
  let reports: SignatureReport[];
  try {
    // the new signature alone: its ByteRange covers every earlier byte, so it verifies only if they all read back
    reports = await verifyPdfFile(file, { fieldNames: [fieldName], ...(rangeDigest ? { rangeDigest } : {}) }, { direct: true });
  } catch (e) {
    throw new BidSealError('E_PDF_SELF_CHECK_FAILED', `the signed PDF does not read back: ${(e as Error).message}`, { fieldName });
  }
  const mine = reports.find((r) => r.fieldName === fieldName);
  if (!mine || !mine.intact || mine.byteRangeProblems.length) {
    throw new BidSealError('E_PDF_SELF_CHECK_FAILED', mine ? `signature ${fieldName}: ${mine.intact ? mine.byteRangeProblems.join('; ') : 'not intact'}` : `signature ${fieldName} not found`, { fieldName });
  }
}

/** Lists and validates the signatures of a PDF on disk (read in chunks, hashed natively where possible). */
export async function verifyPdfFile(input: string, opts: VerifyPdfOptions = {}, read: { direct?: boolean } = {}): Promise<SignatureReport[]> {
  const src = await FileSource.open(input, read);
  try {
    return await verifyPdf(src, { createHash: nodeHash, ...opts });
  } finally {
    await src.close();
  }
}

/**
 * Augments a signed PDF to PAdES B-LT (a DSS revision with the signatures' certificates and the given CRLs /
 * OCSP responses) and, for B-LTA, a document timestamp over it. The input is read once, streamed, hashed as
 * it is copied; the output goes through output.partial. Works on other tools' signatures too.
 */
export async function extendPdfFile(input: string, output: string, o: { to: 'b-lt' | 'b-lta'; material?: LtvMaterial; timestamper?: Timestamper; signal?: AbortSignal }): Promise<{ vri: string[]; documentTimestamp: boolean }> {
  if (o.to === 'b-lta' && !o.timestamper) throw new BidSealError('E_INVALID_ARGUMENT', 'B-LTA needs a timestamp authority');
  const src = await FileSource.open(input);
  try {
    const dssRev = await buildDssRevision(src, o.material);
    const withDss = new ConcatSource(src, dssRev);
    const ts = o.to === 'b-lta' ? await prepareDocumentTimestamp(withDss, o.timestamper!, o.signal ? { signal: o.signal } : {}) : undefined;
    let tsRev: Uint8Array = new Uint8Array(0);
    // one pass over the input: each chunk is hashed for the document timestamp as it is copied to the output
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const h = ts ? (nodeHash(ts.digestName) ?? getDigest(ts.digestName).create()) : undefined;
      for await (const c of transientChunks(withDss, 0, withDss.size)) {
        if (o.signal?.aborted) throw new BidSealError('E_CANCELLED');
        h?.update(c);
        yield c;
      }
      if (ts && h) yield (tsRev = await finishDocumentTimestamp(ts, o.timestamper!, ts.hashRevision(h).digest(), o.signal));
    }
    await writeChunksAtomically(output, chunks());
    const doc = await PdfDocument.open(new ConcatSource(withDss, tsRev));
    return { vri: (await readDss(doc)).vri, documentTimestamp: tsRev.length > 0 };
  } finally {
    await src.close();
  }
}
