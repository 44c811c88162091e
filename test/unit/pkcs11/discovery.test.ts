// Module discovery: the usual install paths (via doctor's search), a user-picked module validated on
// disk (missing → E_MODULE_NOT_FOUND), and the vendor profile chosen by file name.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverModules, resolveModulePath } from '../../../electron/services/keys/pkcs11/discovery';
import { profileForModule, VENDOR_PROFILES, withOverrides } from '../../../electron/services/keys/pkcs11/vendor-profiles';
import { SOFTHSM_MODULE } from '../../helpers/softhsm';

describe('PKCS#11 module discovery', () => {
  const dirs: string[] = [];
  const tmp = () => (dirs.push(mkdtempSync(path.join(os.tmpdir(), 'bidseal-mods-'))), dirs[dirs.length - 1]);
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('finds modules in the search paths and adds validated user-picked ones once', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'opensc-pkcs11.so'), '');
    writeFileSync(path.join(dir, 'libvendor_p11.so.3'), '');
    const found = discoverModules([path.join(dir, 'libvendor_p11.so.3'), path.join(dir, 'opensc-pkcs11.so')], [dir]);
    expect(found.map((m) => [path.basename(m.path), m.source, m.profile.name])).toEqual([
      ['opensc-pkcs11.so', 'search-path', 'OpenSC'],
      ['libvendor_p11.so.3', 'user', 'Generic PKCS#11'],
    ]);
  });

  it.skipIf(!SOFTHSM_MODULE)('finds the installed SoftHSM2 module in the default search paths', () => {
    expect(discoverModules().some((m) => m.label === 'SoftHSM2' && m.profile.name === 'SoftHSM2')).toBe(true);
  });

  it('a user-picked path that is missing, a directory or not a library → E_MODULE_NOT_FOUND', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'x.so'));
    writeFileSync(path.join(dir, 'readme.txt'), '');
    for (const p of [path.join(dir, 'missing.so'), path.join(dir, 'x.so'), path.join(dir, 'readme.txt')]) {
      expect(() => resolveModulePath(p)).toThrow(expect.objectContaining({ code: 'E_MODULE_NOT_FOUND' }));
      expect(() => discoverModules([p], [])).toThrow(expect.objectContaining({ code: 'E_MODULE_NOT_FOUND' }));
    }
  });

  it('vendor profiles: generic for SoftHSM2/OpenSC, unverified SM2 numbers are null placeholders until configured', () => {
    expect(profileForModule('/usr/lib/softhsm/libsofthsm2.so').name).toBe('SoftHSM2');
    expect(profileForModule('C:\\Windows\\System32\\gm3000_pkcs11.dll').name).toBe('Longmai GM3000');
    for (const p of VENDOR_PROFILES.filter((v) => !v.verified)) expect(p.sm2Sign?.mechanism ?? null).toBeNull();
    const configured = withOverrides(profileForModule('libgm3000.1.0.so'), { sm2Sign: { mechanism: 0x80000001, input: 'digest', output: 'raw-rs' } });
    expect(configured.sm2Sign?.mechanism).toBe(0x80000001);
    expect(profileForModule('libgm3000.1.0.so').sm2Sign?.mechanism).toBeNull(); // the table itself is untouched
  });
});
