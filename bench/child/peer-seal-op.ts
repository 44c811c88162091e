// Runs in Node (benchmarks only), as a child process of bench/cases/seal.ts: the JavaScript peer's
// (sm-crypto-v2's) version of the OpenSSL baseline of the seal and open figures, the same work in the same
// order on one thread (the library has no streaming API and no workers):
//   peer-seal-op seal OUT KEYHEX IVHEX FILE...   SM3 of each file, then SM4-CBC (PKCS#7) of them all into OUT
//   peer-seal-op open IN OUT KEYHEX IVHEX        SM4-CBC decryption of IN into OUT, then SM3 of the plaintext
// SM3 is one-shot only, so a document is hashed whole (read once, then encrypted from the same memory; the
// OpenSSL baseline reads it twice), and the plaintext in pieces of 256 MiB (the same block work as one
// digest of it all, without holding 1 GiB). CBC is chained across 1 MiB chunks by hand. No fsync, as the
// baseline. Prints one JSON line: { seconds, maxRssMB }.
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { sm3, sm4 } from 'sm-crypto-v2';
import { fromHex } from '../../shared/asn1';

const MiB = 1 << 20;
const PIECE = 256 * MiB;
const [op, ...args] = process.argv.slice(2);
const t0 = performance.now();

if (op === 'seal') {
  const [out, keyHex, ivHex, ...files] = args;
  const key = fromHex(keyHex);
  let iv: Uint8Array = fromHex(ivHex);
  const fd = openSync(out, 'w');
  try {
    files.forEach((f, i) => {
      const doc = readFileSync(f);
      sm3(doc);
      const last = i === files.length - 1;
      if (!doc.length || (!last && doc.length % 16)) throw new Error('peer-seal-op: documents must be non-empty, and whole blocks but for the last');
      for (let o = 0; o < doc.length; o += MiB) {
        const end = Math.min(o + MiB, doc.length);
        const padded = last && end === doc.length;
        const ct = sm4.encrypt(doc.subarray(o, end), key, { mode: 'cbc', iv, padding: padded ? 'pkcs#7' : 'none', output: 'array' });
        writeSync(fd, ct);
        iv = ct.subarray(ct.length - 16);
      }
    });
  } finally {
    closeSync(fd);
  }
} else if (op === 'open') {
  const [input, out, keyHex, ivHex] = args;
  const key = fromHex(keyHex);
  let iv: Uint8Array = fromHex(ivHex);
  const fin = openSync(input, 'r');
  const fout = openSync(out, 'w');
  try {
    const size = fstatSync(fin).size;
    const piece = Buffer.alloc(Math.min(PIECE, size));
    let filled = 0;
    const ct = Buffer.alloc(MiB);
    for (let o = 0; o < size; o += MiB) {
      const n = readSync(fin, ct, 0, Math.min(MiB, size - o), o);
      const chunk = ct.subarray(0, n);
      const pt = sm4.decrypt(chunk, key, { mode: 'cbc', iv, padding: o + n === size ? 'pkcs#7' : 'none', output: 'array' });
      iv = Uint8Array.from(chunk.subarray(n - 16));
      writeSync(fout, pt);
      for (let p = 0; p < pt.length;) {
        const k = Math.min(pt.length - p, piece.length - filled);
        piece.set(pt.subarray(p, p + k), filled);
        filled += k;
        p += k;
        if (filled === piece.length) {
          sm3(piece);
          filled = 0;
        }
      }
    }
    if (filled) sm3(piece.subarray(0, filled));
  } finally {
    closeSync(fin);
    closeSync(fout);
  }
} else throw new Error(`unknown op ${op}`);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
