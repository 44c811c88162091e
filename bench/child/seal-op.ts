// Runs in Node (benchmarks only), as a child process of bench/cases/seal.ts so that its peak RSS is the
// sealing or opening alone:
//   node --import tsx bench/child/seal-op.ts seal OUT.bid SIGNKEY SIGNCERT RECIPCERT FILE...
//   node --import tsx bench/child/seal-op.ts open IN.bid KEY CERT OUTDIR
// Prints one JSON line: { seconds, maxRssMB } (seconds = the operation, without Node/tsx start-up).
import '../../electron/services/app/wasm-features'; // WebAssembly relaxed SIMD for the SM4 fast path, before any key is set up
import { readFileSync } from 'node:fs';
import { openSoftwareKey } from '../../electron/services/keys/software-keys';
import { openBid, sealBid } from '../../electron/services/bid/package';
import type { EnvelopeDecrypter } from '../../shared/envelope/recipients';

const [op, ...args] = process.argv.slice(2);
const meta = { tenderId: 'BENCH-1', platformId: 'bench', bidder: { name: 'Bench Bidder', uscc: '91350100M000100Y43' } };
const t0 = performance.now();
if (op === 'seal') {
  const [out, key, cert, recip, ...files] = args;
  const k = await openSoftwareKey(readFileSync(key), { certificate: readFileSync(cert), password: async () => null, fileName: key });
  await sealBid({ files, meta, signer: k.signer!, recipients: [readFileSync(recip)], contentCipher: 'sm4-cbc' }, out);
} else if (op === 'open') {
  const [input, key, cert, outDir] = args;
  const k = await openSoftwareKey(readFileSync(key), { certificate: readFileSync(cert), password: async () => null, fileName: key });
  const r = await openBid(input, k.decrypter as EnvelopeDecrypter, outDir);
  if (r.report.bottomLine !== 'valid') throw new Error(`open: ${r.report.bottomLine}`);
} else throw new Error(`unknown op ${op}`);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
