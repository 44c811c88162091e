// Runs in Node: `npm run platform -- [--port 8790] [--data-dir DIR] [--deadline ISO] [--pki DIR] [--id ID]`
// starts the reference platform (platform-server/server.ts); `npm run platform -- open UPLOAD_ID
// [--data-dir DIR] [--released FILE.json]` runs the opening (开标) of one received bid offline.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isBidSealError } from '../shared/errors';
import { loadPki, startPlatformServer, type ReleasedKey } from './server';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '8790' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: path.join(process.cwd(), '.platform-data') },
    deadline: { type: 'string' },
    pki: { type: 'string' },
    id: { type: 'string', default: 'reference' },
    'max-bytes': { type: 'string' },
    released: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(`BidSeal reference platform (DEMO — its keys are public)

  npm run platform -- [--port 8790] [--host 127.0.0.1] [--data-dir DIR] [--deadline ISO] [--pki DIR] [--id reference]
  npm run platform -- open UPLOAD_ID [--data-dir DIR] [--released KEYS.json]

  tus uploads at http://HOST:PORT/files/, receipts at /receipts/<uploadId>, platform info at /platform.`);
  process.exit(0);
}

async function main(): Promise<void> {
  const dataDir = path.resolve(values['data-dir']!);
  mkdirSync(dataDir, { recursive: true });
  const pki = await loadPki(values.pki ? path.resolve(values.pki) : undefined);
  let deadline: Date | null = null;
  if (values.deadline) {
    deadline = new Date(values.deadline);
    if (Number.isNaN(deadline.getTime())) throw new Error(`--deadline: not an ISO 8601 time: ${values.deadline}`);
  }
  if (positionals[0] === 'open') {
    const id = positionals[1];
    if (!id) throw new Error('usage: open UPLOAD_ID');
    const released = values.released ? (JSON.parse(await readFile(values.released, 'utf8')) as ReleasedKey[]) : [];
    const s = await startPlatformServer({ dataDir, pki, platformId: values.id, port: 0 });
    try {
      const r = await s.open(id, released);
      console.log(JSON.stringify(r, null, 2));
    } finally {
      await s.close();
    }
    return;
  }
  const s = await startPlatformServer({
    dataDir,
    pki,
    platformId: values.id,
    deadline,
    host: values.host,
    port: Number(values.port),
    maxBytes: values['max-bytes'] ? Number(values['max-bytes']) : undefined,
    log: (l) => console.log(`${new Date().toISOString()} ${l}`),
  });
  console.log(`BidSeal reference platform "${s.platformId}" (DEMO keys — not for real bids)`);
  console.log(`  uploads:  ${s.filesUrl}`);
  console.log(`  receipts: ${s.url}/receipts/<uploadId>`);
  console.log(`  data:     ${dataDir}`);
  const stop = () => void s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(isBidSealError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e));
  process.exit(1);
});
