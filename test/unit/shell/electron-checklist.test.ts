// The items of Electron's security checklist (docs/electron-security.md) that are properties of the
// sources and the packaging rather than of the running main process (those are in main-bundle.test.ts):
// fuses, a current Electron, a CSP without eval or remote script, no file:// pages, a preload that
// exposes no Electron API.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../electron/services/ipc/web-security';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');

describe('Electron security checklist: sources and packaging', () => {
  it('19. fuses: no Node mode, no NODE_OPTIONS, no inspector flags, asar only and integrity-checked, no file:// privileges', () => {
    const yml = read('build/electron-builder.yml');
    const block = yml.slice(yml.indexOf('electronFuses:'));
    const fuse = (name: string) => new RegExp(`^\\s+${name}:\\s*(true|false)\\s*$`, 'm').exec(block)?.[1];
    expect(fuse('runAsNode')).toBe('false');
    expect(fuse('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(fuse('enableNodeCliInspectArguments')).toBe('false');
    expect(fuse('enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(fuse('onlyLoadAppFromAsar')).toBe('true');
    expect(fuse('enableCookieEncryption')).toBe('true');
    expect(fuse('grantFileProtocolExtraPrivileges')).toBe('false');
    expect(yml).toMatch(/^asar: true$/m);
  });

  it('16. a current Electron (a supported major line)', () => {
    const version = JSON.parse(read('node_modules/electron/package.json')).version as string;
    const wanted = JSON.parse(read('package.json')).devDependencies.electron as string;
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(40);
    expect(wanted).toMatch(/^\^?\d+\./);
  });

  it('7. the CSP: own scripts only, no eval, no plugins, no framing, no remote connections', () => {
    const d = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1)]));
    expect(d['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe|\*|http:|https:/);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['connect-src']).toEqual(["'self'"]);
  });

  it('18. pages come from app://, never file://; 11/12. no <webview> anywhere', () => {
    const main = read('electron/main/index.ts');
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
    expect(main).toMatch(/webviewTag: false/);
    expect(main).toMatch(/will-attach-webview/);
    const rendererFiles = readdirSync(path.join(root, 'renderer'), { recursive: true }).map(String).filter((f) => /\.(tsx?|html)$/.test(f));
    expect(rendererFiles.length).toBeGreaterThan(20);
    expect(rendererFiles.filter((f) => /<webview/i.test(read(path.join('renderer', f))))).toEqual([]);
  });

  it('20. the preload exposes only the contract operations, never ipcRenderer or a generic invoke/send', () => {
    const preload = read('electron/preload/index.ts');
    expect(preload).toMatch(/exposeInMainWorld\('bidseal', Object\.freeze\(api\)\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(preload).not.toMatch(/api\.(invoke|send|on)\s*=/);
  });
});
