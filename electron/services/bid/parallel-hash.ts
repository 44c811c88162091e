// Runs in Node. SM3 + SHA-256 of byte streams on other cores: sealing hashes the documents (for the
// manifest), the package and the sealed file (its SM3; package.ts takes its SHA-256 on the main thread) while
// the main thread runs SM4; opening hashes the documents while it decrypts (docs/formats/bid-package.md,
// "Pipeline"); signing a large PDF hashes its output, read back, while it signs (pdf/read-back.ts). A pool of
// worker threads (one V8 heap each) serves any number of streams; a stream is pinned to one worker ("lane")
// so its chunks stay in order.
// Memory stays bounded whatever the size: chunks are copied once into 1 MiB buffers of a small per-worker set
// (small chunks, such as 64 KiB envelope segments, coalesced: one message per MiB) that go to the worker
// and back with the acknowledgement (no garbage per chunk), and update() waits while more than 16 MiB are in
// flight to that worker. The buffers are shared, not transferred: transferring detaches an ArrayBuffer, and
// the first detach in a thread makes V8 guard every typed-array access of that thread against detached
// buffers for the rest of its life (its "array buffer detaching" protector), which cost the SM4 rounds on
// the main thread ~9% (measured). They lie in a WebAssembly memory shared with the worker, which runs its
// SM3 module on that memory and so compresses the blocks where they are: copying them into the module's
// window was ~0.3 s of the worker's ~8.4 s per GiB sealed, and that worker sets the pace of a seal
// (docs/formats/bid-package.md, "Where the time goes"). A worker that fails or exits gives
// E_BID_WORKER_FAILED to every pending and later call, never a hang; close() terminates the workers (cancel).
// The inline pool computes the same digests on the calling thread (the reference path, and small inputs
// where starting a thread costs more than it saves).
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BidSealError } from '../../../shared/errors';
import { sm3 } from '../../../shared/crypto/sm3';
import { SM3_SHARED_RESERVED_BYTES } from '../../../shared/crypto/sm4-wasm';

export interface StreamDigests {
  /** hex; '' when not asked for */
  sm3: string;
  sha256: string;
}
export interface HashAlgs {
  sm3: boolean;
  sha256: boolean;
}
const BOTH: HashAlgs = { sm3: true, sha256: true };

export interface ParallelHasher {
  /** hashes `chunk` (copied: the caller may reuse its buffer); waits while the worker is too far behind */
  update(chunk: Uint8Array): Promise<void>;
  digest(): Promise<StreamDigests>;
}

export interface HashPool {
  /** a new stream on worker `lane` (modulo the pool's size) */
  hasher(algs?: HashAlgs, lane?: number): ParallelHasher;
  readonly threads: number;
  /** terminates the workers (after the digests, or when the operation failed or was cancelled) */
  close(): void;
}

const MAX_IN_FLIGHT = 16 * 1024 * 1024;
/** capacity of a pooled transfer buffer (bigger chunks are sent in pieces) */
const BUFFER = 1024 * 1024;
/** buffers in a lane's shared memory: those in flight (up to 17) and one being filled per stream, with room */
const SLOTS = 24;

/** A transfer buffer: BUFFER bytes at `off` in the lane's shared memory, or a SharedArrayBuffer of its own (`own`). */
interface Slot {
  buf: SharedArrayBuffer;
  off: number;
  own: boolean;
}
/** to the worker: a chunk of stream `id`, `len` bytes at `off` in the shared memory or in `buf` */
export interface ChunkMessage {
  id: number;
  off: number;
  len: number;
  buf?: SharedArrayBuffer;
}

/**
 * The memory a lane's buffers lie in, shared with its worker (past the bytes the worker's SM3 module keeps
 * for itself); undefined where the engine has no shared WebAssembly memory, and buffers of their own serve.
 */
function sharedMemory(): WebAssembly.Memory | undefined {
  try {
    const pages = (SM3_SHARED_RESERVED_BYTES + SLOTS * BUFFER) / 65536;
    return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return undefined;
  }
}

/** a digest worker needs little heap: its data lives in the transfer buffers */
const LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

/** worker entry: hash-worker.ts from source (bootstrapped through tsx), hash-worker.js next to the bundle when built */
function startWorker(): Worker {
  const ts = new URL('./hash-worker.ts', import.meta.url);
  if (existsSync(fileURLToPath(ts))) {
    const api = import.meta.resolve('tsx/esm/api');
    return new Worker(`(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(ts.href)}); })()`, { eval: true, resourceLimits: LIMITS });
  }
  // packaged: the worker and its chunks are unpacked from app.asar (build/electron-builder.yml), so a
  // worker thread loads them from the real folder
  return new Worker(fileURLToPath(new URL('./hash-worker.js', import.meta.url)).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'), { resourceLimits: LIMITS });
}

const workerFailed = (why: string) => new BidSealError('E_BID_WORKER_FAILED', `hash worker: ${why}`);

function inlineHasher(algs: HashAlgs): ParallelHasher {
  const s = algs.sm3 ? sm3.create() : undefined;
  const h = algs.sha256 ? createHash('sha256') : undefined;
  return {
    update: async (c) => {
      s?.update(c);
      h?.update(c);
    },
    digest: async () => ({ sm3: s ? Buffer.from(s.digest()).toString('hex') : '', sha256: h ? h.digest('hex') : '' }),
  };
}

/** The reference path: every digest on the calling thread. */
export function inlinePool(): HashPool {
  return { hasher: (algs = BOTH) => inlineHasher(algs), threads: 0, close: () => {} };
}

class Lane {
  private readonly w: Worker;
  private inFlight = 0;
  private failed: BidSealError | undefined;
  private closed = false;
  private waiters: Array<() => void> = [];
  private readonly free: Slot[] = [];
  private readonly memory = sharedMemory();
  /** slots of the shared memory handed out so far */
  private slots = 0;
  private readonly done = new Map<number, { resolve(d: StreamDigests): void; reject(e: Error): void }>();
  constructor() {
    this.w = startWorker();
    if (this.memory) this.w.postMessage({ memory: this.memory });
    this.w.on('message', (m: ({ ack: number } & Omit<ChunkMessage, 'len'>) | ({ id: number } & StreamDigests)) => {
      if ('ack' in m) {
        this.free.push(m.buf ? { buf: m.buf, off: 0, own: true } : { buf: this.memory!.buffer as unknown as SharedArrayBuffer, off: m.off, own: false });
        this.inFlight -= m.ack;
        if (this.inFlight <= MAX_IN_FLIGHT) this.wake();
      } else {
        this.done.get(m.id)?.resolve({ sm3: m.sm3, sha256: m.sha256 });
        this.done.delete(m.id);
      }
    });
    this.w.on('error', (e) => this.fail(workerFailed(e.message)));
    this.w.on('exit', (code) => this.fail(workerFailed(`stopped (exit code ${code})`)));
  }
  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const r of ws) r();
  }
  private fail(e: BidSealError): void {
    if (this.failed) return;
    this.failed = e;
    this.wake();
    for (const d of this.done.values()) d.reject(e);
    this.done.clear();
  }
  check(): void {
    if (this.failed) throw this.failed;
  }
  open(id: number, algs: HashAlgs): void {
    if (!this.failed) this.w.postMessage({ id, algs }); // else update() and digest() reject
  }
  take(): Slot {
    const s = this.free.pop();
    if (s) return s;
    if (this.memory && this.slots < SLOTS) return { buf: this.memory.buffer as unknown as SharedArrayBuffer, off: SM3_SHARED_RESERVED_BYTES + BUFFER * this.slots++, own: false };
    return { buf: new SharedArrayBuffer(BUFFER), off: 0, own: true };
  }
  /** hands `slot` (its first `len` bytes for stream `id`) to the worker until its ack; waits while too much is in flight */
  async send(id: number, slot: Slot, len: number): Promise<void> {
    this.check();
    this.inFlight += len;
    this.w.postMessage(slot.own ? ({ id, off: 0, len, buf: slot.buf } satisfies ChunkMessage) : ({ id, off: slot.off, len } satisfies ChunkMessage));
    while (this.inFlight > MAX_IN_FLIGHT && !this.failed) await new Promise<void>((r) => this.waiters.push(r));
    this.check();
  }
  digest(id: number): Promise<StreamDigests> {
    return new Promise<StreamDigests>((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.done.set(id, { resolve, reject });
      this.w.postMessage({ id, end: true });
    });
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.fail(new BidSealError('E_CANCELLED', 'hash worker closed'));
    void this.w.terminate();
  }
}

/** `threads` hash workers (started now; a stream's lane picks one). Close it when done. */
export function hashPool(threads = 1): HashPool {
  const lanes: Lane[] = [];
  try {
    for (let i = 0; i < threads; i++) lanes.push(new Lane());
  } catch (e) {
    for (const l of lanes) l.close();
    throw workerFailed((e as Error).message);
  }
  let next = 0;
  return {
    threads,
    hasher(algs = BOTH, lane = 0) {
      const l = lanes[lane % lanes.length];
      const id = next++;
      l.open(id, algs);
      let cur: Slot | undefined;
      let len = 0;
      return {
        async update(chunk) {
          l.check();
          for (let at = 0; at < chunk.length;) {
            cur ??= l.take();
            const n = Math.min(BUFFER - len, chunk.length - at);
            new Uint8Array(cur.buf, cur.off + len, n).set(chunk.subarray(at, (at += n)));
            len += n;
            if (len === BUFFER) {
              const full = cur;
              cur = undefined;
              len = 0;
              await l.send(id, full, BUFFER);
            }
          }
        },
        async digest() {
          if (cur && len) await l.send(id, cur, len);
          cur = undefined;
          len = 0;
          return l.digest(id);
        },
      };
    },
    close: () => {
      for (const l of lanes) l.close();
    },
  };
}

/** Below this many bytes a pipeline hashes inline: starting a thread costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
export type Hashing = 'auto' | 'worker' | 'inline';

/** The pool an operation over `bytes` bytes uses: worker threads for large inputs, inline for small ones. */
export function poolFor(bytes: number, mode: Hashing = 'auto', threads = 1): HashPool {
  return mode === 'inline' || (mode === 'auto' && bytes < PARALLEL_MIN_BYTES) ? inlinePool() : hashPool(threads);
}
