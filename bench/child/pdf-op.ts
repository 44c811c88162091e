// Runs in Node (benchmarks only), as a child process of bench/cases/pdf.ts so that its peak RSS is the
// signing, verifying or extending alone: `node --import tsx bench/child/pdf-op.ts sign|verify|extend IN [OUT KEY CERT] [--js-hash]`
// (--js-hash: SHA-2 in TypeScript too, instead of node:crypto).
// Prints one JSON line: { seconds, maxRssMB } (seconds = the operation, without Node/tsx start-up).
import { readFileSync } from 'node:fs';
import { openSoftwareSigner } from '../../electron/services/keys/software-keys';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extendPdfFile, signPdfFile, verifyPdfFile } from '../../electron/services/pdf/file';
import { createTsaClient } from '../../electron/services/pki/tsa-client';
import { startTestTsa } from '../../test/helpers/tsa-server';
import { defaultAlgorithm } from '../../electron/services/keys/signing';

const [op, input, output, keyFile, certFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const jsHash = process.argv.includes('--js-hash');
const createHash = jsHash ? () => undefined : undefined; // undefined → pdf-file.ts's native default

// extend: the TSA runs in this process (its key and certificate made before the clock starts)
const tsaDir = op === 'extend' ? mkdtempSync(path.join(tmpdir(), 'bidseal-bench-tsa-')) : '';
const tsa = op === 'extend' ? await startTestTsa(tsaDir) : undefined;

const t0 = performance.now();
if (op === 'extend') {
  await extendPdfFile(input, output, { to: 'b-lta', timestamper: createTsaClient(tsa!.url) });
} else if (op === 'sign') {
  const signer = await openSoftwareSigner(readFileSync(keyFile), { certificate: readFileSync(certFile), password: async () => null, fileName: keyFile });
  await signPdfFile(input, output, signer, { alg: defaultAlgorithm(signer.certificateDer), ...(createHash ? { createHash } : {}) });
} else if (op === 'verify') {
  const reports = await verifyPdfFile(input, createHash ? { createHash } : {});
  if (!reports.length || !reports.every((r) => r.intact && r.valid)) throw new Error(`verify: ${JSON.stringify(reports.map((r) => r.bottomLine))}`);
} else throw new Error(`unknown op ${op}`);
const seconds = (performance.now() - t0) / 1000;
if (tsa) {
  await tsa.close();
  rmSync(tsaDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
