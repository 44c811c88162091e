// Runs in a Node worker thread (started by parallel-hash.ts). Hashes byte streams with SM3 (ours, its WASM
// compression where the engine has it) and SHA-256 (native) while the main thread encrypts or decrypts, so
// sealing and opening a bid use both cores. Protocol: { memory } first, a WebAssembly memory shared with the
// sender, which the SM3 module runs on (useSharedSm3Memory); { id, algs } opens a stream; { id, off, len }
// (len bytes at off in that memory, or with buf, a SharedArrayBuffer, in buf: see parallel-hash.ts) is
// answered { id, ack: len, off, buf } (the sender may reuse those bytes); { id, end: true } is answered
// { id, sm3, sha256 } (hex; '' for an algorithm not asked for). Several streams share one worker.
// Chunks wait in a queue per stream until the messages at hand are read; then the streams with data take a
// step together: one chunk each, a slice at a time, their SM3 blocks four streams at a time (SM3.updateMany).
// Sealing's three streams (documents, package, sealed file) thus hash in ~0.7× the time of one after another.
import '../app/wasm-features'; // the SM3 fast path, whichever host started this thread
import { parentPort } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';
import { SM3, sm3 } from '../../../shared/crypto/sm3';
import { useSharedSm3Memory } from '../../../shared/crypto/sm4-wasm';
import type { ChunkMessage } from './parallel-hash';

const port = parentPort!;
type Item = { chunk: Uint8Array; off: number; buf?: SharedArrayBuffer } | 'end';
let shared: WebAssembly.Memory | undefined;
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
type In = { memory: WebAssembly.Memory } | { id: number; algs: { sm3: boolean; sha256: boolean } } | ChunkMessage | { id: number; end: true };

port.on('message', (m: In) => {
  if ('memory' in m) {
    shared = m.memory;
    useSharedSm3Memory(shared); // where it does not load, the chunks are copied into the main module as before
    return;
  }
  if ('algs' in m) {
    streams.set(m.id, { ...(m.algs.sm3 ? { s: sm3.create() } : {}), ...(m.algs.sha256 ? { h: createHash('sha256') } : {}), queue: [] });
    return;
  }
  const st = streams.get(m.id);
  if (!st) throw new Error(`hash stream ${m.id} is not open`);
  if ('end' in m) st.queue.push('end');
  else {
    const from = m.buf ?? shared?.buffer;
    if (!from) throw new Error('hash chunk without a buffer');
    st.queue.push({ chunk: new Uint8Array(from, m.off, m.len), off: m.off, ...(m.buf ? { buf: m.buf } : {}) });
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
  const data: Array<{ id: number; s?: SM3; h?: Hash; chunk: Uint8Array; off: number; buf?: SharedArrayBuffer }> = [];
  for (const [id, st] of [...streams]) {
    const item = st.queue.shift();
    if (item === undefined) continue;
    if (item === 'end') {
      streams.delete(id);
      port.postMessage({ id, sm3: st.s ? Buffer.from(st.s.digest()).toString('hex') : '', sha256: st.h ? st.h.digest('hex') : '' });
      continue;
    }
    queued -= item.chunk.length;
    seen += item.chunk.length;
    if (seen > failAfter) throw new Error('hash worker failed (test)');
    data.push({ id, ...(st.s ? { s: st.s } : {}), ...(st.h ? { h: st.h } : {}), ...item });
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
  for (const d of data) port.postMessage({ id: d.id, ack: d.chunk.length, off: d.off, ...(d.buf ? { buf: d.buf } : {}) });
}
