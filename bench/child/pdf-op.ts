// Runs in Node (benchmarks only), as a child process of bench/cases/pdf.ts so that its peak RSS is the
// signing or verifying alone: `node --import tsx bench/child/pdf-op.ts sign|verify IN [OUT KEY CERT] [--js-hash]`
// (--js-hash: SHA-2 in TypeScript too, instead of node:crypto).
// Prints one JSON line: { seconds, maxRssMB } (seconds = the operation, without Node/tsx start-up).
import { readFileSync } from 'node:fs';
import { openSoftwareSigner } from '../../electron/services/software-keys';
import { signPdfFile, verifyPdfFile } from '../../electron/services/pdf-file';
import { defaultAlgorithm } from '../../electron/services/signing';

const [op, input, output, keyFile, certFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const jsHash = process.argv.includes('--js-hash');
const createHash = jsHash ? () => undefined : undefined; // undefined → pdf-file.ts's native default

const t0 = performance.now();
if (op === 'sign') {
  const signer = await openSoftwareSigner(readFileSync(keyFile), { certificate: readFileSync(certFile), password: async () => null, fileName: keyFile });
  await signPdfFile(input, output, signer, { alg: defaultAlgorithm(signer.certificateDer), ...(createHash ? { createHash } : {}) });
} else if (op === 'verify') {
  const reports = await verifyPdfFile(input, createHash ? { createHash } : {});
  if (!reports.length || !reports.every((r) => r.intact && r.valid)) throw new Error(`verify: ${JSON.stringify(reports.map((r) => r.bottomLine))}`);
} else throw new Error(`unknown op ${op}`);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
