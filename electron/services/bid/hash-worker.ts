// Runs in a Node worker thread (started by parallel-hash.ts). Hashes byte streams with SM3 (ours, its WASM
// compression where the engine has it) and SHA-256 (native) while the main thread encrypts or decrypts, so
// sealing and opening a bid use both cores. Protocol: { id, algs } opens a stream; { id, buf, len } (buf a
// SharedArrayBuffer, not transferred: see parallel-hash.ts; its first len bytes to hash) is answered
// { id, ack: len, buf } (the sender may reuse buf); { id, end: true } is answered
// { id, sm3, sha256 } (hex; '' for an algorithm not asked for). Several streams share one worker.
// Chunks wait in a queue per stream until the messages at hand are read; then the streams with data take a
// step together: one chunk each, a slice at a time, their SM3 blocks four streams at a time (SM3.updateMany).
// Sealing's three streams (documents, package, sealed file) thus hash in ~0.7× the time of one after another.
import '../app/wasm-features'; // the SM3 fast path, whichever host started this thread
import { parentPort } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';
import { SM3, sm3 } from '../../../shared/crypto/sm3';

const port = parentPort!;
type Item = { buf: SharedArrayBuffer; len: number } | 'end';
const streams = new Map<number, { s?: SM3; h?: Hash; queue: Item[] }>();
// tests only: make this worker fail after so many bytes, as a crash mid-stream would (test/unit/bid/pipeline.test.ts)
const failAfter = Number(process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER ?? Infinity);
let seen = 0;
/** bytes waiting: past this, the streams with data step without waiting for the others (well below the
 * sender's limit of bytes in flight, parallel-hash.ts, so a stream that is slow to come never stalls the rest) */
const FORCE_BYTES = 4 * 1024 * 1024;
let queued = 0;
/** a step hashes its chunks a slice at a time, SM3 then SHA-256, so SHA-256 reads bytes SM3 has just brought
 * into the core's cache: whole 1 MiB chunks of three streams overflow it (the step ran ~9% slower, measured) */
const SLICE = 64 * 1024;
type In = { id: number; algs: { sm3: boolean; sha256: boolean } } | { id: number; buf: SharedArrayBuffer; len: number } | { id: number; end: true };

port.on('message', (m: In) => {
  if ('algs' in m) {
    streams.set(m.id, { ...(m.algs.sm3 ? { s: sm3.create() } : {}), ...(m.algs.sha256 ? { h: createHash('sha256') } : {}), queue: [] });
    return;
  }
  const st = streams.get(m.id);
  if (!st) throw new Error(`hash stream ${m.id} is not open`);
  if ('end' in m) st.queue.push('end');
  else {
    st.queue.push({ buf: m.buf, len: m.len });
    queued += m.len;
  }
  while (ready()) step();
});

/**
 * Whether to step now: every open stream has something, or enough is waiting, or a stream's end is queued
 * (its sender awaits the digest, and may send nothing more on any stream until it has it).
 */
function ready(): boolean {
  let all = streams.size > 0;
  for (const st of streams.values()) {
    if (!st.queue.length) all = false;
    else if (st.queue.includes('end')) return true;
  }
  return all || queued >= FORCE_BYTES;
}

/** One chunk (or the end) of every stream that has one. */
function step(): void {
  const data: Array<{ id: number; s?: SM3; h?: Hash; buf: SharedArrayBuffer; chunk: Uint8Array }> = [];
  for (const [id, st] of [...streams]) {
    const item = st.queue.shift();
    if (item === undefined) continue;
    if (item === 'end') {
      streams.delete(id);
      port.postMessage({ id, sm3: st.s ? Buffer.from(st.s.digest()).toString('hex') : '', sha256: st.h ? st.h.digest('hex') : '' });
      continue;
    }
    queued -= item.len;
    seen += item.len;
    if (seen > failAfter) throw new Error('hash worker failed (test)');
    data.push({ id, ...(st.s ? { s: st.s } : {}), ...(st.h ? { h: st.h } : {}), buf: item.buf, chunk: new Uint8Array(item.buf, 0, item.len) });
  }
  const longest = data.reduce((n, d) => Math.max(n, d.chunk.length), 0);
  for (let at = 0; at < longest; at += SLICE) {
    const part = data.filter((d) => d.chunk.length > at);
    const withSm3 = part.filter((d) => d.s);
    SM3.updateMany(
      withSm3.map((d) => d.s!),
      withSm3.map((d) => d.chunk.subarray(at, at + SLICE)),
    );
    for (const d of part) d.h?.update(d.chunk.subarray(at, at + SLICE));
  }
  for (const d of data) port.postMessage({ id: d.id, ack: d.chunk.length, buf: d.buf });
}
