// Runs in Node. Entry point of the Node host (`npm run host`, and `npm start` where the Electron
// binary is missing). Prints the log-in URL; with --json prints one JSON line for test harnesses.
// The port is stable by default (47321): the vault lives in the browser's IndexedDB, which is kept
// per origin, so a random port would show an empty vault on every run. If the port is taken the host
// falls back to a random one and says that the vault of the usual address is not visible there.
// `--port 0` asks for a random port (tests). The log-in link is opened in the default browser unless
// --no-open, --json, CI or no display.
import '../services/app/wasm-features'; // WebAssembly relaxed SIMD for the SM4 fast path, before any key is set up
import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startHost } from './server';
import { openInBrowser } from './start-page';
import { createLogger } from '../services/app/log';
import { APP_ROOT } from '../services/app/version';
import { defaultDataDir } from '../services/fs/data-dir';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    renderer: { type: 'string' },
    'data-dir': { type: 'string' },
    // a PKCS#11 driver outside the install locations, remembered as the user's choice (repeatable)
    'pkcs11-module': { type: 'string', multiple: true },
    // an SKF (GM/T 0016) vendor library outside the install locations, likewise (repeatable)
    'skf-module': { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
  },
  strict: true,
});

const rendererDir = path.resolve(values.renderer ?? path.join(APP_ROOT, 'out/renderer'));
if (!existsSync(path.join(rendererDir, 'index.html'))) {
  process.stderr.write(`E_NOT_FOUND: renderer not built at ${rendererDir}; run \`npm run build\` first\n`);
  process.exit(1);
}
const DEFAULT_PORT = 47321;
const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('E_USAGE: --port must be an integer 0..65535\n');
  process.exit(2);
}
const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
const log = createLogger(undefined, values.quiet);
const pkcs11Modules = (values['pkcs11-module'] ?? []).map((m) => path.resolve(m));
const skfModules = (values['skf-module'] ?? []).map((m) => path.resolve(m));
const host = await startHost({ rendererDir, dataDir, port, log, pkcs11Modules, skfModules }).catch((e: unknown) => {
  if (values.port !== undefined || (e as { code?: string }).code !== 'EADDRINUSE') throw e;
  process.stderr.write(
    `警告 / warning: port ${DEFAULT_PORT} is in use; using a random port. The vault (资料库) is stored per address, so the one kept at 127.0.0.1:${DEFAULT_PORT} is not visible in this session.\n`,
  );
  return startHost({ rendererDir, dataDir, port: 0, log, pkcs11Modules, skfModules });
});
if (values.json) {
  process.stdout.write(JSON.stringify({ url: host.url, loginUrl: host.loginUrl, token: host.token, port: host.port }) + '\n');
} else {
  process.stdout.write(`BidSeal Node host 已启动 / running: open ${host.loginUrl}\n`);
  // the link opens itself where there is a browser: nobody copies a token by hand
  if (!values['no-open'] && openInBrowser(host.loginUrl)) process.stdout.write('已在默认浏览器中打开 / opened in the default browser\n');
}
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
