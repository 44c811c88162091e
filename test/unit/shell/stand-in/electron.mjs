// A recording stand-in for the `electron` module: enough of its main-process API for out/main/index.js
// to start in plain Node, with every call that matters for security written to `record`
// (test/unit/shell/main-bundle.test.ts reads it).
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const record = (globalThis.__electronRecord ??= {
  handlers: new Map(),
  windows: [],
  privilegedSchemes: [],
  protocols: new Map(),
  sandboxEnabled: false,
  permissionRequest: undefined,
  permissionCheck: undefined,
  beforeRequest: undefined,
  openedExternal: [],
  appEvents: new EventEmitter(),
  loadedUrls: [],
  ipcOn: [],
});
const userData = mkdtempSync(path.join(tmpdir(), 'bidseal-stand-in-'));
record.userData = userData;

let readyResolve;
const ready = new Promise((r) => (readyResolve = r));
record.ready = () => readyResolve();

export const app = {
  name: 'BidSeal',
  enableSandbox: () => (record.sandboxEnabled = true),
  whenReady: () => ready,
  on: (ev, fn) => (record.appEvents.on(ev, fn), app),
  once: (ev, fn) => (record.appEvents.once(ev, fn), app),
  getPath: (name) => (name === 'userData' ? userData : path.join(userData, name)),
  getLocale: () => 'zh-CN',
  quit: () => {},
  isPackaged: false,
  getVersion: () => '0.0.0-stand-in',
};

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.windowOpenHandler = undefined;
    this.sent = [];
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn;
  }
  send(channel, payload) {
    this.sent.push([channel, payload]);
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return record.windows;
  }
  static getFocusedWindow() {
    return null;
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    record.windows.push(this);
    // what Electron does for every new web contents
    record.appEvents.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    record.loadedUrls.push(url);
    return Promise.resolve();
  }
  show() {}
}

export const ipcMain = {
  handle: (channel, fn) => {
    if (record.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    record.handlers.set(channel, fn);
  },
  on: (channel) => record.ipcOn.push(channel),
  once: (channel) => record.ipcOn.push(channel),
  handleOnce: (channel) => record.ipcOn.push(channel),
  removeHandler: () => {},
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record.privilegedSchemes.push(...schemes),
  handle: (scheme, fn) => record.protocols.set(scheme, fn),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn) => (record.permissionRequest = fn),
    setPermissionCheckHandler: (fn) => (record.permissionCheck = fn),
    webRequest: { onBeforeRequest: (fn) => (record.beforeRequest = fn), onHeadersReceived: (fn) => (record.headersReceived = fn) },
  },
};

export const shell = {
  openExternal: async (url) => void record.openedExternal.push(url),
  showItemInFolder: () => {},
};

// answers of the native dialogs, set by the harness; each call is recorded
record.dialogs = { open: { canceled: true, filePaths: [] }, messageBox: 1, calls: [] };
export const dialog = {
  showSaveDialog: async () => (record.dialogs.calls.push('save'), { canceled: true }),
  showOpenDialog: async () => (record.dialogs.calls.push('open'), record.dialogs.open),
  showMessageBox: async (...args) => {
    const opts = args.at(-1);
    record.dialogs.calls.push(`confirm:${opts.buttons?.length}`);
    return { response: record.dialogs.messageBox };
  },
};

export const Menu = { buildFromTemplate: (t) => ({ template: t }), setApplicationMenu: (m) => (record.menu = m) };

export const utilityProcess = { fork: () => new EventEmitter() };

export default { app, BrowserWindow, ipcMain, protocol, session, shell, dialog, Menu, utilityProcess };
