// Run as `node --import ./register.mjs harness.mjs <out dir>`: starts the built main bundle against the
// stand-in, pokes every security hook the way Electron would, loads the built preload with a stand-in
// `require('electron')`, and prints one JSON report on stdout.
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { record } from './electron.mjs';

const outDir = path.resolve(process.argv[2]);
const portal = process.argv[3];
const report = {};
const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));

await import(pathToFileURL(path.join(outDir, 'main/index.js')).href);
report.beforeReady = { handlers: record.handlers.size, windows: record.windows.length };
report.sandboxEnabled = record.sandboxEnabled;
report.privilegedSchemes = record.privilegedSchemes;
record.ready();
for (let i = 0; i < 100 && record.windows.length === 0; i++) await tick(20);
await tick(300); // the portal allow-list loads from the signed directory

report.channels = [...record.handlers.keys()];
report.ipcOn = record.ipcOn;
const win = record.windows[0];
report.windows = record.windows.length;
report.webPreferences = win?.options.webPreferences;
report.preloadRelative = win ? path.relative(outDir, win.options.webPreferences.preload) : undefined;
report.loadedUrls = record.loadedUrls;

// app:// protocol
const serve = record.protocols.get('app');
report.protocols = [...record.protocols.keys()];
const page = await serve(new Request('app://bidseal/'));
report.page = { status: page.status, headers: Object.fromEntries(page.headers), body: (await page.text()).slice(0, 200) };
const foreignHost = await serve(new Request('app://evil/index.html'));
report.foreignHost = foreignHost.status;
const traversal = await serve(new Request('app://bidseal/%2e%2e/%2e%2e/package.json'));
report.traversal = traversal.status === 200 ? (await traversal.text()).slice(0, 40) : traversal.status;

// permissions
report.permission = await new Promise((resolve) => record.permissionRequest({}, 'media', resolve, {}));
report.permissionCheck = record.permissionCheck ? record.permissionCheck({}, 'geolocation', 'app://bidseal', {}) : 'no handler';
const cancelled = (url) => new Promise((resolve) => record.beforeRequest({ url }, (r) => resolve(r.cancel)));
report.requests = { remote: await cancelled('https://evil.example/x.js'), own: await cancelled('app://bidseal/assets/a.js'), file: await cancelled('file:///etc/passwd') };

// navigation, redirects, new windows, webviews
const wc = win.webContents;
const prevented = (ev, ...args) => {
  let p = false;
  wc.emit(ev, { preventDefault: () => (p = true) }, ...args);
  return p;
};
report.navigation = {
  foreign: prevented('will-navigate', 'https://evil.example/'),
  file: prevented('will-navigate', 'file:///etc/passwd'),
  own: prevented('will-navigate', 'app://bidseal/#/projects'),
  redirect: prevented('will-redirect', 'https://evil.example/'),
  webview: prevented('will-attach-webview', {}, {}),
};
report.windowOpen = {
  foreign: wc.windowOpenHandler({ url: 'https://evil.example/' }),
  http: wc.windowOpenHandler({ url: 'http://evil.example/' }),
  portal: portal ? wc.windowOpenHandler({ url: portal }) : null,
};
await tick(20);
report.openedExternal = record.openedExternal;

// sender-frame checks
const call = (frame, channel = 'bidseal:app.info') => record.handlers.get(channel)({ senderFrame: frame }, {});
report.ipc = {
  own: await call({ url: 'app://bidseal/#/projects', parent: null }),
  foreign: await call({ url: 'https://evil.example/', parent: null }),
  subframe: await call({ url: 'app://bidseal/', parent: { url: 'app://bidseal/' } }),
  none: await call(null),
  importPath: record.handlers.has('bidseal:files.importPath'),
};

// a driver added through the native dialogs: cancelled, declined, a file planted in the data folder, a vendor file
const own = { url: 'app://bidseal/', parent: null };
const addModule = () => call(own, 'bidseal:tokens.addModule');
const { copyFileSync, mkdtempSync, mkdirSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const elf = process.execPath; // any file will do: nothing is loaded here
report.addModule = { cancelled: await addModule() };
const vendor = path.join(mkdtempSync(path.join(tmpdir(), 'bidseal-vendor-')), 'libca-pkcs11.so');
copyFileSync(elf, vendor);
record.dialogs.open = { canceled: false, filePaths: [vendor] };
record.dialogs.messageBox = 1;
report.addModule.declined = await addModule();
const planted = path.join(record.userData, 'documents', 'lib.so');
mkdirSync(path.dirname(planted), { recursive: true });
copyFileSync(elf, planted);
record.dialogs.open = { canceled: false, filePaths: [planted] };
record.dialogs.messageBox = 0;
report.addModule.planted = await addModule();
record.dialogs.open = { canceled: false, filePaths: [vendor] };
report.addModule.confirmed = await addModule();
report.addModule.vendor = vendor;
report.addModule.listed = await call(own, 'bidseal:tokens.modules');
report.dialogCalls = record.dialogs.calls;

// the preload, with its own stand-in `require('electron')`
const exposed = {};
const invoked = [];
const ipcRenderer = { invoke: (ch) => (invoked.push(ch), Promise.resolve({ ok: true })), on: () => {}, removeListener: () => {}, send: () => {} };
const origLoad = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'electron') return { contextBridge: { exposeInMainWorld: (k, v) => (exposed[k] = v) }, ipcRenderer };
  return origLoad.call(this, request, ...rest);
};
createRequire(import.meta.url)(path.join(outDir, 'preload/index.cjs'));
Module._load = origLoad;
const api = exposed.bidseal;
await api['app.info']({});
report.preload = {
  worlds: Object.keys(exposed),
  keys: Object.keys(api ?? {}),
  frozen: Object.isFrozen(api),
  allFunctions: Object.values(api ?? {}).every((v) => typeof v === 'function'),
  leaksIpcRenderer: Object.values(api ?? {}).some((v) => v === ipcRenderer || v === ipcRenderer.invoke || v === ipcRenderer.send),
  invoked,
};
process.stdout.write(`\n@@REPORT ${JSON.stringify(report)}\n`);
process.exit(0);
