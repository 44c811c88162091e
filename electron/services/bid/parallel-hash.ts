// Runs in Node. SM3 + SHA-256 of a stream on another core: sealing hashes the package and the sealed file
// (for the manifest's receipt, the history and the document store) while the main thread runs SM4, so
// the digests add almost nothing to the wall time. Memory stays bounded: update() waits while more than
// 8 MiB are in flight. Where no worker can start, the same digests are computed inline.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sm3 } from '../../../shared/crypto/sm3';

export interface StreamDigests {
  sm3: string;
  sha256: string;
}

export interface ParallelHasher {
  update(chunk: Uint8Array): Promise<void>;
  digest(): Promise<StreamDigests>;
  /** stops the worker (after digest, or when the operation failed) */
  close(): void;
}

const MAX_IN_FLIGHT = 8 * 1024 * 1024;

/** worker entry: hash-worker.ts from source (bootstrapped through tsx), hash-worker.js next to the bundle when built */
function startWorker(): Worker {
  const ts = new URL('./hash-worker.ts', import.meta.url);
  if (existsSync(fileURLToPath(ts))) {
    const api = import.meta.resolve('tsx/esm/api');
    return new Worker(`(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(ts.href)}); })()`, { eval: true });
  }
  // packaged: the worker and its chunks are unpacked from app.asar (build/electron-builder.yml), so a
  // worker thread loads them from the real folder
  return new Worker(fileURLToPath(new URL('./hash-worker.js', import.meta.url)).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'));
}

function inlineHasher(): ParallelHasher {
  const s = sm3.create();
  const h = createHash('sha256');
  return {
    update: async (c) => {
      s.update(c);
      h.update(c);
    },
    digest: async () => ({ sm3: Buffer.from(s.digest()).toString('hex'), sha256: h.digest('hex') }),
    close: () => {},
  };
}

/**
 * `n` hashers sharing one worker thread (one extra V8 heap, not one per stream). Close them all when
 * done (close() of any stops the worker); on any failure they fall back to nothing: the error is thrown.
 */
export function parallelHashers(n: number): ParallelHasher[] {
  let w: Worker;
  try {
    w = startWorker();
  } catch {
    return Array.from({ length: n }, inlineHasher);
  }
  let inFlight = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const done = new Map<number, { resolve(d: StreamDigests): void; reject(e: Error): void }>();
  w.on('message', (m: { id: number; ack: number } | ({ id: number } & StreamDigests)) => {
    if ('ack' in m) {
      inFlight -= m.ack;
      if (inFlight <= MAX_IN_FLIGHT) wake?.();
    } else done.get(m.id)?.resolve({ sm3: m.sm3, sha256: m.sha256 });
  });
  w.on('error', (e) => {
    failed = e;
    wake?.();
    for (const d of done.values()) d.reject(e);
  });
  return Array.from({ length: n }, (_, id) => ({
    update: async (chunk: Uint8Array) => {
      if (failed) throw failed;
      inFlight += chunk.length;
      w.postMessage({ id, chunk }); // a structured-clone copy: the caller may reuse its buffer
      while (inFlight > MAX_IN_FLIGHT && !failed) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (failed) throw failed;
    },
    digest: () =>
      new Promise<StreamDigests>((resolve, reject) => {
        if (failed) return reject(failed);
        done.set(id, { resolve, reject });
        w.postMessage({ id, end: true });
      }),
    close: () => void w.terminate(),
  }));
}
