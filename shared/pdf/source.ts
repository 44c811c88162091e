// Runs anywhere (pure). Random access to a PDF's bytes (ISO 32000-1 §7.5: a PDF is read from its end,
// by offsets), so a 500 MB bid is never loaded whole: the parser reads the tail and the objects it
// needs; hashing streams the ByteRange. Node's FileHandle implementation is electron/services/pdf/file.ts.
import { BidSealError } from '../errors';

export interface RandomAccessSource {
  readonly size: number;
  /** Reads `length` bytes at `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Reads into `target` at `offset` (fewer bytes only at the end of the source); the count read. For
   * hashing, which needs no bytes of its own: two buffers serve a whole range (hashRange). */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
}

export class MemorySource implements RandomAccessSource {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array) {
    this.size = bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) throw new BidSealError('E_INVALID_ARGUMENT', `bad read ${offset}+${length}`);
    return this.bytes.subarray(Math.min(offset, this.size), Math.min(offset + length, this.size));
  }
}

export const CHUNK = 1 << 20;

/**
 * Streams [offset, offset+length) in chunks of at most `chunk` bytes. One read is kept in flight ahead of the
 * consumer, so a file source's I/O overlaps the hashing of the previous chunk (two chunks in memory at most).
 */
export async function* readRange(src: RandomAccessSource, offset: number, length: number, chunk = CHUNK): AsyncGenerator<Uint8Array> {
  const end = offset + length;
  if (offset < 0 || end > src.size) throw new BidSealError('E_PDF_CORRUPT', `range ${offset}+${length} outside the file (${src.size} bytes)`);
  const next = (p: number): Promise<Uint8Array> | undefined => (p < end ? src.read(p, Math.min(chunk, end - p)) : undefined);
  let p = offset;
  let pending = next(p);
  try {
    while (pending) {
      const b = await pending;
      pending = undefined;
      if (b.length === 0) throw new BidSealError('E_TRUNCATED', `read returned no data at ${p}`);
      p += b.length;
      pending = next(p);
      yield b;
    }
  } finally {
    // a consumer that stops early (cancel, error) must not leave a read racing a closed handle unobserved
    await pending?.catch(() => undefined);
  }
}

/**
 * The bytes from `offset` up to `end` (or up to a short read: the end of the source), read by `readInto`
 * into two buffers of `chunk` bytes in turn, one read in flight while the caller works on the other. Each
 * chunk is valid only until the next is asked for, so this is for callers that consume or copy a chunk at
 * once (hashing; sealing, fs/file-read.ts): a fresh buffer per read cost page faults and zeroing on every MiB.
 */
export async function* chunksInTurn(readInto: (offset: number, target: Uint8Array) => Promise<number>, offset: number, end: number, chunk = CHUNK): AsyncGenerator<Uint8Array> {
  const size = Math.max(0, Math.min(chunk, end - offset));
  const bufs = [new Uint8Array(size), new Uint8Array(size)];
  const next = (p: number, b: Uint8Array): Promise<number> | undefined => (p < end ? readInto(p, b.subarray(0, Math.min(b.length, end - p))) : undefined);
  let p = offset;
  let i = 0;
  let pending = next(p, bufs[0]);
  try {
    while (pending) {
      const want = Math.min(size, end - p);
      const n = await pending;
      pending = undefined;
      if (n === 0) return;
      const b = bufs[i];
      p += n;
      i ^= 1;
      if (n === want) pending = next(p, bufs[i]);
      yield b.subarray(0, n);
    }
  } finally {
    // a consumer that stops early (cancel, error) must not leave a read racing a closed handle unobserved
    await pending?.catch(() => undefined);
  }
}

/**
 * [offset, offset+length) for a caller done with each chunk before asking for the next (it hashes or copies
 * it): in two reused buffers where the source can (readInto), else fresh ones through readRange.
 */
export function transientChunks(src: RandomAccessSource, offset: number, length: number): AsyncGenerator<Uint8Array> {
  const end = offset + length;
  if (offset < 0 || end > src.size) throw new BidSealError('E_PDF_CORRUPT', `range ${offset}+${length} outside the file (${src.size} bytes)`);
  return src.readInto ? chunksInTurn(src.readInto.bind(src), offset, end) : readRange(src, offset, length);
}

/** Feeds [offset, offset+length) to `h` (transientChunks). */
export async function hashRange(src: RandomAccessSource, offset: number, length: number, h: { update(b: Uint8Array): unknown }, signal?: AbortSignal): Promise<void> {
  const end = offset + length;
  let p = offset;
  for await (const c of transientChunks(src, offset, length)) {
    if (signal?.aborted) throw new BidSealError('E_CANCELLED');
    h.update(c);
    p += c.length;
  }
  if (p !== end) throw new BidSealError('E_TRUNCATED', `read returned no data at ${p}`);
}

/** A source followed by in-memory bytes (the original file plus a new revision), for hashing and verifying. */
export class ConcatSource implements RandomAccessSource {
  readonly size: number;
  constructor(private readonly head: RandomAccessSource, private readonly tail: Uint8Array) {
    this.size = head.size + tail.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.size);
    if (end <= offset) return new Uint8Array(0);
    const h = this.head.size;
    if (end <= h) return this.head.read(offset, end - offset);
    if (offset >= h) return this.tail.subarray(offset - h, end - h);
    const out = new Uint8Array(end - offset);
    out.set(await this.head.read(offset, h - offset), 0);
    out.set(this.tail.subarray(0, end - h), h - offset);
    return out;
  }
  /** where the head reads into a buffer too: so a copy of the whole source reads into two buffers (transientChunks) */
  get readInto(): ((offset: number, target: Uint8Array) => Promise<number>) | undefined {
    const head = this.head;
    if (!head.readInto) return undefined;
    return async (offset, target) => {
      const end = Math.min(offset + target.length, this.size);
      if (end <= offset) return 0;
      const h = head.size;
      const fromHead = offset < h ? await head.readInto!(offset, target.subarray(0, Math.min(end, h) - offset)) : 0;
      if (offset + fromHead < Math.min(end, h)) return fromHead; // the head ended early
      if (end > h) target.set(this.tail.subarray(Math.max(0, offset - h), end - h), fromHead);
      return end - offset;
    };
  }
}
