// Runs in Node. One writer for the large outputs (sealed bids, opened documents, signed PDFs) and the small
// ones: write() queues the bytes and returns, so the caller encrypts or hashes while the disk writes;
// finish() writes what is left, syncs and closes. Two ways to the disk:
//  - direct (`large` outputs, where the OS and file system allow O_DIRECT, direct-io.ts): the bytes are
//    copied into a few 1 MiB slots of aligned memory and written from there, past the page cache; the last
//    partial block is written padded and the file truncated to its length.
//  - buffered (elsewhere, and where the direct probe fails): a write stream.
// Both run a background fdatasync every SYNC_EVERY bytes, so that the final sync of a large output never
// waits for all of it at once. Direct writes need it too: the disk's own cache still holds them, and the
// final fsync of a 1 GiB sealed bid took 0.3-0.5 s without it, ~25 ms with it (measured on this VM's disk).
import { constants, createWriteStream, type WriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DIRECT_ALIGN, alignUp, alignedMemory, directFlag } from './direct-io';

export interface OutputFile {
  /** whether the bytes go past the page cache (O_DIRECT) */
  readonly direct: boolean;
  /**
   * Queues `chunk` (copied: the caller may reuse its memory once this resolves) and waits only while
   * too much is not yet written; a write error surfaces here or at finish().
   */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Bytes from the start of the file whose writes have completed (handed to the disk, or to the page cache
   * when buffered): a read-back check may read them while later ones are still being written.
   */
  readonly written: number;
  /** writes what is queued, syncs the file to the disk and closes it; throws the first write error */
  finish(): Promise<void>;
  /** stops: waits for writes in flight and closes, without syncing (the caller removes the file) */
  destroy(): Promise<void>;
}

export interface OutputOptions {
  /** a GiB-scale output: write it past the page cache where the system allows */
  large?: boolean;
}

/** bytes written between background flushes (buffered) */
const SYNC_EVERY = 32 * 1024 * 1024;
/** bytes queued before write() waits: the caller goes on while the disk writes */
const QUEUE = 8 * 1024 * 1024;
const SLOT = 1024 * 1024;
const SLOTS = QUEUE / SLOT;

/** Opens `path` for writing (created with mode 0600, or truncated). */
export async function openOutputFile(path: string, o: OutputOptions = {}): Promise<OutputFile> {
  const flag = o.large ? directFlag() : undefined;
  if (flag) {
    const direct = await DirectOutput.open(path, flag);
    if (direct) return direct;
  }
  return BufferedOutput.open(path);
}

/** What both ways share: the file, the first write error, the background syncs, and closing. */
abstract class Output {
  protected failed: unknown;
  protected closed = false;
  private unsynced = 0;
  protected syncing: Promise<void> | undefined;
  protected constructor(protected readonly fh: FileHandle) {}

  /** after `n` more bytes are written: an fdatasync in the background every SYNC_EVERY bytes (one at a time) */
  protected flushSome(n: number): void {
    this.unsynced += n;
    if (this.unsynced < SYNC_EVERY || this.syncing || this.closed) return;
    this.unsynced = 0;
    this.syncing = this.fh
      .datasync()
      .catch((e: unknown) => void (this.failed ??= e))
      .finally(() => (this.syncing = undefined));
  }

  /** after the last write: throws the first write error, else syncs the file to the disk and closes it */
  protected async syncAndClose(): Promise<void> {
    await this.syncing;
    if (this.failed) throw this.failed;
    await this.fh.sync();
    this.closed = true;
    await this.fh.close();
  }

  async destroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stop();
    await this.syncing;
    await this.fh.close().catch(() => {});
  }

  /** stops writing and waits for what is in flight (destroy then closes) */
  protected abstract stop(): Promise<void>;
}

class BufferedOutput extends Output implements OutputFile {
  readonly direct = false;
  /** counted as the stream's write callbacks come, which they do in order */
  written = 0;
  private constructor(fh: FileHandle, private readonly stream: WriteStream) {
    super(fh);
    stream.on('error', (e) => (this.failed ??= e));
  }

  static async open(path: string): Promise<BufferedOutput> {
    const fh = await open(path, 'w', 0o600);
    return new BufferedOutput(fh, createWriteStream('', { fd: fh.fd, autoClose: false, highWaterMark: QUEUE }));
  }

  write(chunk: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      const queued = this.stream.write(Buffer.from(chunk), (err) => {
        if (err) return;
        this.written += chunk.length;
        this.flushSome(chunk.length);
      });
      if (queued) return resolve();
      const settle = () => {
        this.stream.off('drain', settle).off('close', settle);
        if (this.failed) reject(this.failed);
        else resolve();
      };
      this.stream.on('drain', settle).on('close', settle);
    });
  }

  async finish(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await this.syncAndClose();
  }

  protected async stop(): Promise<void> {
    this.stream.destroy();
  }
}

class DirectOutput extends Output implements OutputFile {
  readonly direct = true;
  private readonly slots: Uint8Array[];
  private readonly inflight: Array<Promise<void> | undefined>;
  private cur = 0;
  /** bytes in the current slot */
  private fill = 0;
  /** file offset of the current slot */
  private pos = 0;
  /** file offsets of the slot writes not yet completed (a failed one stays) */
  private readonly pending = new Set<number>();

  private constructor(fh: FileHandle, mem: Uint8Array) {
    super(fh);
    this.slots = Array.from({ length: SLOTS }, (_, i) => mem.subarray(i * SLOT, (i + 1) * SLOT));
    this.inflight = new Array<Promise<void> | undefined>(SLOTS).fill(undefined);
  }

  /** Opens with O_DIRECT and writes one aligned block as a probe; undefined where that is refused. */
  static async open(path: string, direct: number): Promise<DirectOutput | undefined> {
    const { O_WRONLY, O_CREAT, O_TRUNC } = constants;
    const fh = await open(path, O_WRONLY | O_CREAT | O_TRUNC | direct, 0o600).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'EINVAL') return undefined; // a file system without O_DIRECT
      throw e;
    });
    if (!fh) return undefined;
    const mem = alignedMemory(SLOTS * SLOT);
    try {
      await fh.write(mem, 0, DIRECT_ALIGN, 0);
      await fh.truncate(0);
    } catch (e) {
      await fh.close().catch(() => {});
      if ((e as NodeJS.ErrnoException).code === 'EINVAL') return undefined; // O_DIRECT with a larger block size
      throw e;
    }
    return new DirectOutput(fh, mem);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    for (let off = 0; off < chunk.length;) {
      await this.slotFree();
      const n = Math.min(SLOT - this.fill, chunk.length - off);
      this.slots[this.cur].set(chunk.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
      if (this.fill === SLOT) this.submit(SLOT);
    }
  }

  /** waits until the current slot's last write is done */
  private async slotFree(): Promise<void> {
    const busy = this.inflight[this.cur];
    if (!busy) return;
    await busy;
    this.inflight[this.cur] = undefined;
    if (this.failed) throw this.failed;
  }

  get written(): number {
    return this.pending.size ? Math.min(...this.pending) : this.pos;
  }

  private submit(len: number): void {
    const at = this.pos;
    this.pos += len;
    this.pending.add(at);
    this.inflight[this.cur] = this.writeAll(this.slots[this.cur], len, at).then(
      () => void this.pending.delete(at),
      (e: unknown) => void (this.failed ??= e),
    );
    this.cur = (this.cur + 1) % SLOTS;
    this.fill = 0;
  }

  private async writeAll(buf: Uint8Array, len: number, at: number): Promise<void> {
    for (let done = 0; done < len;) {
      const { bytesWritten } = await this.fh.write(buf, done, len - done, at + done);
      // a short write is a full disk (or the file size limit): the next one says which
      if (bytesWritten <= 0) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      done += bytesWritten;
    }
    this.flushSome(len);
  }

  async finish(): Promise<void> {
    const size = this.pos + this.fill;
    if (this.fill) {
      // the current slot is never in flight while it holds bytes (write() waited for it before filling)
      const padded = alignUp(this.fill);
      this.slots[this.cur].fill(0, this.fill, padded);
      this.submit(padded);
    }
    await Promise.all(this.inflight);
    if (!this.failed) await this.fh.truncate(size);
    await this.syncAndClose();
  }

  protected async stop(): Promise<void> {
    await Promise.all(this.inflight);
  }
}
