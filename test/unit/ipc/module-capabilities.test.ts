// A renderer cannot make the main process load a native module it chose (docs/ipc-security.md): the
// attack of putting an ELF into the data folder through a document import and naming it as a PKCS#11
// module is refused however it is phrased (a path, an id, a module-path in a pkcs11: URI, a remembered
// choice). Drivers load only from the install locations or from a file the user picked in the main
// process's dialog and confirmed; that choice is remembered in the data folder's settings.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testHost } from '../../helpers/ipc';
import { SOFTHSM_MODULE } from '../../helpers/softhsm';
import { openFileStore } from '../../../electron/services/documents/file-store';
import { nativeModuleId, NativeModuleRegistry } from '../../../electron/services/keys/native-modules';
import { pkcs11Modules, TokenService } from '../../../electron/services/keys/tokens';
import { createHandlers } from '../../../electron/services/ipc/handlers';
import { JobRegistry } from '../../../electron/services/ipc/dispatch';

/** any ELF shared object will do as the "driver" an attacker imports */
const ELF = SOFTHSM_MODULE || '/usr/lib/x86_64-linux-gnu/libc.so.6';

async function importElf(h: ReturnType<typeof testHost>): Promise<string> {
  const bytes = readFileSync(ELF);
  const { uploadId } = await h.ok('files.importBegin', { name: 'lib.so', size: bytes.length, tags: {} });
  for (let o = 0; o < bytes.length; o += 1 << 20) await h.ok('files.importChunk', { uploadId, offset: o, data: bytes.subarray(o, o + (1 << 20)).toString('base64') });
  const f = await h.ok('files.importCommit', { uploadId });
  return openFileStore(h.dataDir).pathOf(f.id);
}

describe('native modules are capabilities', () => {
  it('an ELF imported into the data folder is never loaded, however the renderer names it', async () => {
    const h = testHost();
    const planted = await importElf(h);
    expect(await h.call('tokens.slots', { modulePath: planted } as never)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(await h.call('tokens.slots', { moduleId: nativeModuleId('pkcs11', planted) })).toMatchObject({ ok: false, error: { code: 'E_MODULE_NOT_ALLOWED' } });
    const uri = `pkcs11:token=x;object=k?module-path=${encodeURIComponent(planted)}`;
    expect(await h.call('keys.testSign', { carrier: { kind: 'token', uri, pin: '1234' } })).toMatchObject({ ok: false, error: { code: 'E_MODULE_NOT_ALLOWED' } });
    expect(await h.call('keys.testSign', { carrier: { kind: 'token', uri, modulePath: planted, pin: '1234' } } as never)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    // even the main process refuses to remember it as a user choice
    expect(() => pkcs11Modules(h.dataDir).remember(planted)).toThrow(expect.objectContaining({ code: 'E_MODULE_NOT_ALLOWED' }));
    expect((await h.ok('tokens.modules', {})).modules.map((m) => m.path)).not.toContain(planted);
  });

  it('the hosts’ token service loads nothing outside the allow-list', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-mod-'));
    const tokens = new TokenService();
    createHandlers({ host: 'node', versions: { node: process.versions.node }, dataDir, tokens }, new JobRegistry());
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'bidseal-vendor-')), 'libvendor-pkcs11.so');
    copyFileSync(ELF, outside);
    expect(() => tokens.client(outside)).toThrow(expect.objectContaining({ code: 'E_MODULE_NOT_ALLOWED' }));
  });

  it('a driver added through the main-process dialog is loadable only after the user confirmed it, and is remembered', async () => {
    const vendorDir = mkdtempSync(path.join(tmpdir(), 'bidseal-vendor-'));
    const picked = path.join(vendorDir, 'libca-pkcs11.so');
    copyFileSync(ELF, picked);
    let confirmAnswer = false;
    const dialogs = { saveAs: async () => null, showInFolder: () => {}, openFile: async () => picked, confirm: async () => confirmAnswer };
    const h = testHost({ dialogs });
    expect(await h.ok('tokens.addModule', {})).toEqual({ module: null });
    expect((await h.ok('tokens.modules', {})).modules.some((m) => m.path === picked)).toBe(false);
    confirmAnswer = true;
    const { module } = await h.ok('tokens.addModule', {});
    expect(module).toMatchObject({ path: picked, source: 'user' });
    // remembered across restarts (a new registry over the same data folder)
    const again = new NativeModuleRegistry({ dataDir: h.dataDir, kind: 'pkcs11', discover: () => [] });
    expect(again.resolve(module!.id)).toBe(picked);
    expect(again.allows(picked)).toBe(true);
    // the SKF carrier keeps its own list in the same settings file
    expect(new NativeModuleRegistry({ dataDir: h.dataDir, kind: 'skf', discover: () => [] }).allows(picked)).toBe(false);
    expect(await h.ok('tokens.forgetModule', { moduleId: module!.id })).toEqual({ removed: true });
    expect(await h.call('tokens.slots', { moduleId: module!.id })).toMatchObject({ ok: false, error: { code: 'E_MODULE_NOT_ALLOWED' } });
  });

  it('the Node host has no native dialog: adding a driver is refused with a typed error', async () => {
    expect(await testHost().call('tokens.addModule', {})).toMatchObject({ ok: false, error: { code: 'E_DIALOG_UNAVAILABLE' } });
  });
});
