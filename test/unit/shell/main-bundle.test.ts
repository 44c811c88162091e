// The desktop bundle, tested where the Electron binary cannot run: every built file parses, and the built
// main process (out/main/index.js) started in Node against a recording stand-in for `electron`
// (stand-in/electron.mjs, routed by an ESM resolve hook) does what docs/electron-security.md promises:
// one IPC handler per contract operation and nothing else, a sandboxed, isolated window with only our
// preload, the CSP on app://, permissions denied, navigation/new windows/webviews blocked, no external
// link outside the allow-list, foreign frames refused; the built preload exposes one frozen function per
// operation and never ipcRenderer itself. Builds first when out/ is older than the sources.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { OPERATIONS, channelOf } from '../../../shared/ipc/operations';
import { CONTENT_SECURITY_POLICY } from '../../../electron/services/ipc/web-security';
import { isAllowedExternal } from '../../../electron/services/platforms/external-links';
import { SM3_SHARED_RESERVED_BYTES } from '../../../shared/crypto/sm4-wasm';

const root = path.resolve(import.meta.dirname, '../../..');
const out = path.join(root, 'out');
const standIn = path.join(import.meta.dirname, 'stand-in');

function newestSource(): number {
  let newest = 0;
  for (const dir of ['electron', 'shared', 'renderer', 'electron.vite.config.ts', 'vite.renderer.config.ts']) {
    const p = path.join(root, dir);
    const files = statSync(p).isDirectory() ? readdirSync(p, { recursive: true }).map((f) => path.join(p, String(f))) : [p];
    for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

function builtFiles(): string[] {
  return readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => /\.(m|c)?js$/.test(f))
    .map((f) => path.join(out, f));
}

type Report = Record<string, any>;
let report: Report;

beforeAll(() => {
  const main = path.join(out, 'main/index.js');
  if (!existsSync(main) || statSync(main).mtimeMs < newestSource()) {
    execFileSync(path.join(root, 'node_modules/.bin/electron-vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const r = spawnSync(process.execPath, ['--import', path.join(standIn, 'register.mjs'), path.join(standIn, 'harness.mjs'), out], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@REPORT '));
  if (!line) throw new Error(`main bundle did not start in the stand-in (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
  report = JSON.parse(line.slice('@@REPORT '.length)) as Report;
}, 180_000);

describe('built desktop bundle', () => {
  it('every built .js/.mjs/.cjs parses (node --check)', () => {
    const bad = builtFiles().filter((f) => spawnSync(process.execPath, ['--check', f]).status !== 0);
    expect(bad).toEqual([]);
    expect(readFileSync(path.join(out, 'main/index.js'), 'utf8').match(/^(?:const|let|var) require\b/gm)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('emits the hash worker beside the main bundle, and it runs there: SM3 and SHA-256 of "abc" (GB/T 32905 A.1, FIPS 180-4)', async () => {
    const worker = path.join(out, 'main/hash-worker.js');
    expect(existsSync(worker)).toBe(true);
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(worker);
    try {
      // the protocol of electron/services/bid/parallel-hash.ts: a memory shared with the worker, then chunks in it
      const memory = new WebAssembly.Memory({ initial: 8, maximum: 8, shared: true });
      new Uint8Array(memory.buffer).set(new TextEncoder().encode('abc'), SM3_SHARED_RESERVED_BYTES);
      const reply = new Promise<{ sm3: string; sha256: string }>((resolve, reject) => {
        w.on('message', (m: { sm3?: string; sha256: string }) => void (m.sm3 !== undefined && resolve(m as { sm3: string; sha256: string })));
        w.on('error', reject);
      });
      w.postMessage({ memory });
      w.postMessage({ id: 1, algs: { sm3: true, sha256: true } });
      w.postMessage({ id: 1, off: SM3_SHARED_RESERVED_BYTES, len: 3 });
      w.postMessage({ id: 1, end: true });
      expect(await reply).toEqual({ id: 1, sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    } finally {
      await w.terminate();
    }
  });

  it('registers exactly one ipcMain handler per contract operation, and only after ready', () => {
    expect(report.beforeReady).toEqual({ handlers: 0, windows: 0 });
    expect([...report.channels].sort()).toEqual(OPERATIONS.map(channelOf).sort());
    expect(report.ipcOn).toEqual([]);
    expect(report.ipc.importPath).toBe(false);
  });

  it('opens one sandboxed, context-isolated window with web security and only our preload', () => {
    expect(report.sandboxEnabled).toBe(true);
    expect(report.windows).toBe(1);
    expect(report.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(report.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(report.webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(report.preloadRelative).toBe(path.join('preload', 'index.cjs'));
    expect(report.loadedUrls).toEqual(['app://bidseal/']);
  });

  it('serves the renderer over app:// with the CSP and security headers; nothing outside it', () => {
    expect(report.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(report.protocols).toEqual(['app']);
    expect(report.page.status).toBe(200);
    expect(report.page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(report.page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(report.page.headers['x-frame-options']).toBe('DENY');
    expect(report.foreignHost).toBe(404);
    expect(report.traversal).not.toBe(200);
  });

  it('denies every permission and cancels requests to anything but app://', () => {
    expect(report.permission).toBe(false);
    expect(report.permissionCheck).toBe(false);
    expect(report.requests).toEqual({ remote: true, own: false, file: true });
  });

  it('blocks navigation, redirects, webviews and new windows; opens no external link outside the allow-list', () => {
    expect(report.navigation).toEqual({ foreign: true, file: true, own: false, redirect: true, webview: true });
    expect(report.windowOpen.foreign).toEqual({ action: 'deny' });
    expect(report.windowOpen.http).toEqual({ action: 'deny' });
    expect(report.openedExternal).toEqual([]);
    // the allow-list itself: https pages under a directory portal only
    const portals = ['https://www.ggzy.gov.cn/', 'https://ggzy.example.gov.cn/portal'];
    expect(isAllowedExternal('https://www.ggzy.gov.cn/information/index.html', portals)).toBe(true);
    expect(isAllowedExternal('https://ggzy.example.gov.cn/portal/notice', portals)).toBe(true);
    expect(isAllowedExternal('https://ggzy.example.gov.cn/portalx', portals)).toBe(false);
    expect(isAllowedExternal('http://www.ggzy.gov.cn/', portals)).toBe(false);
    expect(isAllowedExternal('https://user@www.ggzy.gov.cn/', portals)).toBe(false);
    expect(isAllowedExternal('https://www.ggzy.gov.cn.evil.example/', portals)).toBe(false);
  });

  it('answers only our own top-level frame: a foreign origin, a subframe or no frame get E_FORBIDDEN', () => {
    expect(report.ipc.own).toMatchObject({ ok: true, value: { name: 'BidSeal', host: 'electron' } });
    for (const k of ['foreign', 'subframe', 'none']) expect(report.ipc[k], k).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
  });

  it('a driver enters only through the main process dialogs, confirmed, and never from the data folder', () => {
    const a = report.addModule;
    expect(a.cancelled).toEqual({ ok: true, value: { module: null } });
    expect(a.declined).toEqual({ ok: true, value: { module: null } });
    expect(a.planted).toMatchObject({ ok: false, error: { code: 'E_MODULE_NOT_ALLOWED' } });
    expect(a.confirmed).toMatchObject({ ok: true, value: { module: { path: a.vendor, source: 'user' } } });
    expect(a.listed.value.modules.map((m: { path: string }) => m.path)).toContain(a.vendor);
    expect(report.dialogCalls).toEqual(['open', 'open', 'confirm:2', 'open', 'confirm:2', 'open', 'confirm:2']);
  });

  it('the preload exposes one frozen function per operation (plus onProgress) and never ipcRenderer', () => {
    expect(report.preload.worlds).toEqual(['bidseal']);
    expect([...report.preload.keys].sort()).toEqual([...OPERATIONS, 'onProgress'].sort());
    expect(report.preload.frozen).toBe(true);
    expect(report.preload.allFunctions).toBe(true);
    expect(report.preload.leaksIpcRenderer).toBe(false);
    expect(report.preload.invoked).toEqual(['bidseal:app.info']);
  });
});
