// Runs in the Electron main process: the thin shell. It owns the window, the app:// protocol,
// menus and the IPC bus; every operation is a handler from electron/services shared with the
// Node host. Security: sandboxed, context-isolated renderer, strict CSP, no navigation, no
// new windows, no permissions, and every IPC call checked for its sender frame.
import '../services/app/wasm-features'; // WebAssembly relaxed SIMD for the SM4 fast path, before any key is set up
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATIONS, channelOf, PROGRESS_CHANNEL } from '../../shared/ipc/operations';
import { dispatch, fail, JobRegistry, type DispatchEnv } from '../services/ipc/dispatch';
import { createHandlers } from '../services/ipc/handlers';
import { RecentErrors } from '../services/app/recent-errors';
import { TokenService } from '../services/keys/tokens';
import { utilityProcessSpawner } from './pkcs11-utility';
import { createLogger } from '../services/app/log';
import { MIME_TYPES, SECURITY_HEADERS, resolveInside } from '../services/ipc/web-security';
import { BidSealError } from '../../shared/errors';
import { buildMenuTemplate } from './menu';
import { isAllowedExternal, portalAllowList } from '../services/platforms/external-links';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '../renderer');
const PRELOAD = path.join(here, '../preload/index.cjs');
const APP_ORIGIN = 'app://bidseal';
const log = createLogger();
/** https portals of the signed platform directory (filled once the data folder is known) */
let externalAllowed: string[] = [];

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

/** Only our own top-level page may call the Node side. */
function trustedSender(frame: WebFrameMain | null): boolean {
  if (!frame || frame.parent) return false;
  try {
    // Not URL.origin: Node's URL gives "null" as the origin of a non-special scheme such as app:.
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN && !u.username && !u.password;
  } catch {
    return false;
  }
}

function registerIpc(env: DispatchEnv): void {
  for (const op of OPERATIONS) {
    ipcMain.handle(channelOf(op), async (event: IpcMainInvokeEvent, args: unknown) => {
      if (!trustedSender(event.senderFrame)) {
        log.warn('ipc.forbidden_sender', { op });
        return fail(new BidSealError('E_FORBIDDEN'));
      }
      return dispatch(env, op, args);
    });
  }
}

async function serveApp(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== 'bidseal') return new Response('Not Found', { status: 404 });
  let file = resolveInside(RENDERER_DIR, url.pathname === '/' ? '/index.html' : url.pathname, path.join, path.normalize, path.sep);
  if (!file) return new Response('Bad Request', { status: 400 });
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) {
    if (path.extname(url.pathname)) return new Response('Not Found', { status: 404 });
    file = path.join(RENDERER_DIR, 'index.html');
  }
  const body = await readFile(file);
  return new Response(body, { headers: { ...SECURITY_HEADERS, 'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' } });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    title: 'BidSeal 投标密封',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/`);
  return win;
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the directory's portals open in the system browser; nothing opens inside the app.
    if (isAllowedExternal(url, externalAllowed)) void shell.openExternal(url);
    else log.warn('shell.external_refused', {});
    return { action: 'deny' };
  });
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  void portalAllowList(app.getPath('userData')).then((l) => (externalAllowed = l));
  session.defaultSession.webRequest.onBeforeRequest((details, cb) => {
    // No remote content: only our own scheme and devtools may load.
    const ok = details.url.startsWith('app://') || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    cb({ cancel: !ok });
  });
  protocol.handle('app', serveApp);
  const jobs = new JobRegistry();
  const recentErrors = new RecentErrors();
  const env: DispatchEnv = {
    handlers: createHandlers(
      {
        host: 'electron',
        versions: { node: process.versions.node, electron: process.versions.electron, chrome: process.versions.chrome },
        dataDir: app.getPath('userData'),
        // Vendor PKCS#11 modules run in a utility process: a crashing driver cannot take the app down.
        // Vendor SKF libraries likewise (koffi in electron/services/keys/skf/worker.ts); never loaded from userData.
        tokens: new TokenService({ spawn: utilityProcessSpawner(path.join(here, 'pkcs11-worker.js')), spawnSkf: utilityProcessSpawner(path.join(here, 'skf-worker.js'), 'BidSeal SKF'), dataDir: app.getPath('userData') }),
        dialogs: {
          saveAs: async ({ defaultName, filters }) => {
            const win = BrowserWindow.getFocusedWindow();
            const opts = { defaultPath: path.join(app.getPath('documents'), defaultName), ...(filters ? { filters } : {}) };
            const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
            return r.canceled || !r.filePath ? null : r.filePath;
          },
          showInFolder: (p) => shell.showItemInFolder(p),
          // the only way a path enters from outside: the user picks it here, in the main process
          openFile: async ({ title, filters }) => {
            const win = BrowserWindow.getFocusedWindow();
            const opts = { title, properties: ['openFile' as const], ...(filters ? { filters } : {}) };
            const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
            return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
          },
          chooseFolder: async ({ title }) => {
            const win = BrowserWindow.getFocusedWindow();
            const opts = { title, defaultPath: app.getPath('documents'), properties: ['openDirectory' as const, 'createDirectory' as const] };
            const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
            return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
          },
          confirm: async ({ title, message, detail, confirmLabel }) => {
            const win = BrowserWindow.getFocusedWindow();
            const opts = { type: 'warning' as const, title, message, detail, buttons: [confirmLabel, '取消 / Cancel'], defaultId: 1, cancelId: 1, noLink: true };
            const r = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
            return r.response === 0;
          },
        },
        // the platform directory's https portals only (upload.portalOpen checks the URL before it gets here)
        openExternal: async (url) => {
          if (!isAllowedExternal(url, [url])) throw new Error('not an https page');
          await shell.openExternal(url);
        },
        recentErrors,
      },
      jobs,
    ),
    recentErrors,
    log,
    jobs,
    emitProgress: (e) => {
      for (const w of BrowserWindow.getAllWindows()) w.webContents.send(PROGRESS_CHANNEL, e);
    },
  };
  registerIpc(env);
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(app.getLocale(), process.platform, app.name)));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
