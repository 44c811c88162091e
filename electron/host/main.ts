// Runs in Node. Entry point of the Node host (`npm run host`, and `npm start` where the Electron
// binary is missing). Prints the log-in URL; with --json prints one JSON line for test harnesses.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startHost } from './server';
import { createLogger } from '../services/log';
import { APP_ROOT } from '../services/app-version';
import { defaultDataDir } from '../services/data-dir';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
  strict: true,
});

const rendererDir = path.resolve(values.renderer ?? path.join(APP_ROOT, 'out/renderer'));
if (!existsSync(path.join(rendererDir, 'index.html'))) {
  process.stderr.write(`E_NOT_FOUND: renderer not built at ${rendererDir}; run \`npm run build\` first\n`);
  process.exit(1);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('E_USAGE: --port must be an integer 0..65535\n');
  process.exit(2);
}
const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
const host = await startHost({ rendererDir, dataDir, port, log: createLogger(undefined, values.quiet) });
if (values.json) {
  process.stdout.write(JSON.stringify({ url: host.url, loginUrl: host.loginUrl, token: host.token, port: host.port }) + '\n');
} else {
  process.stdout.write(`BidSeal Node host 已启动 / running: open ${host.loginUrl}\n`);
}
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
