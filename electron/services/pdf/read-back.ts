// Runs in Node. Reading a signed PDF back while it is being written, for the check that its new signature
// verifies before the file gets its name (file.ts). Signing hashes the original bytes once on the main thread
// as it copies them; checking hashed them all again from the disk afterwards, on the same thread, so a large
// PDF was hashed twice in a row. Here the copy already written is read back behind the writer (from the disk,
// past the page cache where the system allows) and hashed with SM3 on a worker thread (bid/parallel-hash.ts) while
// signing goes on; the rest of the ByteRange, the new revision, is read once the file is complete. The check
// then verifies the signature with that digest (verifyPdf's rangeDigest): the same bytes from the same disk,
// only read earlier. A direct write has reached the disk when it returns, and a direct read after the final
// fsync would read the disk's same cache. Anything that goes wrong here (a worker that does not start, a read
// error) only means the check hashes the file itself afterwards, as before.
import { BidSealError } from '../../../shared/errors';
import { CHUNK } from '../../../shared/pdf/source';
import { hashPool, PARALLEL_MIN_BYTES, type HashPool, type ParallelHasher } from '../bid/parallel-hash';
import type { AtomicFile } from '../fs/atomic-write';

/** the file being read back (file.ts: a FileSource, opened past the page cache) */
export interface ReadBackSource {
  readonly size: number;
  readInto(offset: number, target: Uint8Array): Promise<number>;
  /** stats the file again: it grows while it is read */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/**
 * bytes read back at a time: the reads share the main thread with signing, which hashes a chunk between two
 * of their steps, so 1 MiB reads fell behind (~40% of a 500 MB original read back when signing had hashed it all)
 */
const STEP = 8 * CHUNK;

export class ReadBack {
  /** bytes of the file hashed so far, from its start */
  private done = 0;
  private running: Promise<void> | undefined;
  private failed = false;
  private source: ReadBackSource | undefined;
  private buf: Uint8Array | undefined;

  private constructor(
    private readonly file: AtomicFile,
    private readonly open: (path: string) => Promise<ReadBackSource>,
    /** the original's size: during signing, only those bytes are read (the new revision is not final yet) */
    private readonly original: number,
    private readonly pool: HashPool,
    private readonly hasher: ParallelHasher,
  ) {}

  /**
   * A read-back of `file` for a signature with digest `digestName` over an original of `original` bytes;
   * undefined where it does not pay, and the check hashes the file itself: a small file (a thread costs more
   * than it saves), or a digest other than SM3 (SHA-2 is native and several times faster: through the worker
   * a 500 MB ECDSA signature was no faster, median 1.59 s against 1.52 s in six pairs of runs).
   */
  static start(file: AtomicFile, open: (path: string) => Promise<ReadBackSource>, original: number, digestName: string): ReadBack | undefined {
    if (digestName !== 'SM3' || original < PARALLEL_MIN_BYTES) return undefined;
    let pool: HashPool;
    try {
      pool = hashPool(1);
    } catch {
      return undefined;
    }
    return new ReadBack(file, open, original, pool, pool.hasher({ sm3: true, sha256: false }));
  }

  /** after a write: reads back and hashes the whole chunks of the original written since (one pass at a time) */
  poke(): void {
    if (this.running || this.failed || Math.min(this.file.written(), this.original) - this.done < STEP) return;
    this.running = this.catchUp()
      .catch(() => void (this.failed = true))
      .finally(() => (this.running = undefined));
  }

  private async catchUp(): Promise<void> {
    for (let upTo = Math.min(this.file.written(), this.original); upTo - this.done >= STEP; upTo = Math.min(this.file.written(), this.original)) {
      await this.hash(this.done, STEP);
    }
  }

  /** hashes [at, at + length) of the file, in chunks */
  private async hash(at: number, length: number): Promise<void> {
    this.source ??= await this.open(this.file.partialPath);
    if (this.source.size < at + length) await this.source.refresh();
    const buf = (this.buf ??= new Uint8Array(STEP)).subarray(0, Math.min(STEP, length));
    for (let p = at; p < at + length;) {
      const n = await this.source.readInto(p, buf.subarray(0, Math.min(buf.length, at + length - p)));
      if (n === 0) throw new BidSealError('E_TRUNCATED', `the signed file ends at ${p}`);
      await this.hasher.update(buf.subarray(0, n));
      p += n;
      this.done = p;
    }
  }

  /**
   * Once the file is complete (prepared): the rest of `byteRange` ([0, a, b, c], the original lying within
   * [0, a)) read back and hashed. A function for verifyPdf's rangeDigest that gives the SM3 digest for
   * exactly this ByteRange; undefined if the read-back failed (the check then hashes the file itself).
   */
  async finish(byteRange: readonly number[]): Promise<((br: readonly number[], digestName: string) => Uint8Array | undefined) | undefined> {
    try {
      await this.running;
      if (this.failed || byteRange.length !== 4 || byteRange[0] !== 0 || this.done > byteRange[1]) return undefined;
      const source = (this.source ??= await this.open(this.file.partialPath));
      await source.refresh();
      const [, a, b, c] = byteRange;
      if (b + c !== source.size) return undefined;
      await this.hash(this.done, a - this.done);
      await this.hash(b, c);
      const digest = new Uint8Array(Buffer.from((await this.hasher.digest()).sm3, 'hex'));
      const want = [...byteRange];
      return (br, name) => (name === 'SM3' && br.length === 4 && br.every((x, i) => x === want[i]) ? digest : undefined);
    } catch {
      return undefined;
    }
  }

  /** stops the worker and closes the file (after finish, or when signing failed) */
  async close(): Promise<void> {
    this.failed = true;
    await this.running?.catch(() => undefined);
    this.pool.close();
    await this.source?.close().catch(() => undefined);
    this.source = undefined;
  }
}
