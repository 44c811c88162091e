// Runs in a Node worker thread (started by parallel-hash.ts). Hashes byte streams with SM3 (ours, its WASM
// compression where the engine has it) and SHA-256 (native) while the main thread encrypts or decrypts, so
// sealing and opening a bid use both cores. Protocol: { id, algs } opens a stream; { id, buf, len } (buf
// transferred, its first len bytes to hash) is answered { id, ack: len, buf } (buf transferred back for
// reuse); { id, end: true } is answered
// { id, sm3, sha256 } (hex; '' for an algorithm not asked for). Several streams share one worker.
import '../app/wasm-features'; // the SM3 fast path, whichever host started this thread
import { parentPort } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';
import { sm3, type SM3 } from '../../../shared/crypto/sm3';

const port = parentPort!;
const streams = new Map<number, { s?: SM3; h?: Hash }>();
// tests only: make this worker fail after so many bytes, as a crash mid-stream would (test/unit/bid/pipeline.test.ts)
const failAfter = Number(process.env.BIDSEAL_TEST_HASH_WORKER_FAIL_AFTER ?? Infinity);
let seen = 0;
type In = { id: number; algs: { sm3: boolean; sha256: boolean } } | { id: number; buf: ArrayBuffer; len: number } | { id: number; end: true };
port.on('message', (m: In) => {
  if ('algs' in m) {
    streams.set(m.id, { ...(m.algs.sm3 ? { s: sm3.create() } : {}), ...(m.algs.sha256 ? { h: createHash('sha256') } : {}) });
    return;
  }
  const st = streams.get(m.id);
  if (!st) throw new Error(`hash stream ${m.id} is not open`);
  if ('end' in m) {
    streams.delete(m.id);
    port.postMessage({ id: m.id, sm3: st.s ? Buffer.from(st.s.digest()).toString('hex') : '', sha256: st.h ? st.h.digest('hex') : '' });
    return;
  }
  const chunk = new Uint8Array(m.buf, 0, m.len);
  seen += m.len;
  if (seen > failAfter) throw new Error('hash worker failed (test)');
  st.s?.update(chunk);
  st.h?.update(chunk);
  port.postMessage({ id: m.id, ack: m.len, buf: m.buf }, [m.buf]);
});
