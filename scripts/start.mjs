// `npm start`: build, then launch the Electron app. Where the Electron binary is missing and
// cannot be downloaded, say so in one line and start the Node host instead.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const build = spawnSync(bin('electron-vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

// BIDSEAL_NO_ELECTRON=1 forces the Node host (tests, headless machines).
const forceHost = process.env.BIDSEAL_NO_ELECTRON === '1';
let { dir, bin: electron } = forceHost ? { dir: undefined, bin: undefined } : electronBinary();
if (!electron && dir) {
  // Try the package's own installer once (it needs the network); stay quiet about its stack trace.
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
  if (r.status === 0) ({ bin: electron } = electronBinary());
}

if (electron) {
  const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceHost) console.log('Electron 二进制文件缺失且无法下载，改为启动本地 Node 主机 / Electron binary missing and cannot be downloaded: starting the Node host instead.');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/host/main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
