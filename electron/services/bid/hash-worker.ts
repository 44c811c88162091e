// Runs in a Node worker thread (started by parallel-hash.ts). Hashes byte streams with SM3 (ours) and
// SHA-256 (native) while the main thread encrypts, so sealing a bid costs one core for the cipher and
// the other for the digests. Protocol: { id, chunk } in, answered { id, ack: bytes }; { id, end: true }
// is answered { id, sm3, sha256 } (hex). One worker serves all the streams of an operation.
import { parentPort } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';
import { sm3, type SM3 } from '../../../shared/crypto/sm3';

const port = parentPort!;
const streams = new Map<number, { s: SM3; h: Hash }>();
port.on('message', (m: { id: number; chunk?: Uint8Array; end?: true }) => {
  let st = streams.get(m.id);
  if (!st) streams.set(m.id, (st = { s: sm3.create(), h: createHash('sha256') }));
  if (m.end) {
    streams.delete(m.id);
    port.postMessage({ id: m.id, sm3: Buffer.from(st.s.digest()).toString('hex'), sha256: st.h.digest('hex') });
    return;
  }
  st.s.update(m.chunk!);
  st.h.update(m.chunk!);
  port.postMessage({ id: m.id, ack: m.chunk!.length });
});
