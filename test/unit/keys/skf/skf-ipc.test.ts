// The app side of SKF keys over the real IPC handlers: tokens.skf lists the containers of the allow-listed
// libraries with both certificates and the retry counter; keys.testSign signs through a key the picker
// listed; an skf: URI naming a library outside the allow-list is refused before anything is loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { copyFileSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { makeBidFixtures, type BidFixtures } from '../../bid/fixtures';
import { makeSoftSkf, SKF_PIN, softSkfSkip, type SoftSkf } from '../../../helpers/soft-skf';
import { testHost, type TestHost } from '../../../helpers/ipc';
import { TokenService } from '../../../../electron/services/keys/tokens';

describe.skipIf(softSkfSkip)('SKF keys over IPC', () => {
  let fx: BidFixtures;
  let skf: SoftSkf;
  let tokens: TokenService;
  let host: TestHost;

  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc']);
    skf = makeSoftSkf(fx);
    tokens = new TokenService({ env: skf.env, skfDirs: [path.dirname(skf.lib)] });
    host = testHost({ tokens });
  }, 60_000);
  afterAll(async () => {
    await tokens?.close();
    fx?.cleanup();
  });

  it('tokens.skf lists the key with both certificates and the PIN retry counter', async () => {
    const r = await host.ok('tokens.skf', {});
    expect(r.libraries.map((l) => l.path)).toEqual([skf.lib]);
    expect(r.keys).toHaveLength(1);
    expect(r.keys[0]).toMatchObject({ device: 'SoftKey-1', application: 'BIDSEAL', container: 'BidKey', pin: { state: 'ok', remaining: 6, max: 6 } });
    expect(r.keys[0].signCertificate?.commonName).toContain('签名');
    expect(r.keys[0].encCertificate?.commonName).toContain('加密');
  });

  it('keys.testSign through the listed skf: URI; a wrong PIN says how many tries remain', async () => {
    const { keys } = await host.ok('tokens.skf', {});
    const ok = await host.ok('keys.testSign', { carrier: { kind: 'skf', uri: keys[0].uri, pin: SKF_PIN } });
    expect(ok).toMatchObject({ algorithm: 'sm2-sm3', verified: true });
    await tokens.skfClientForUri(keys[0].uri).logout(keys[0]); // the next request logs in again
    const bad = await host.call('keys.testSign', { carrier: { kind: 'skf', uri: keys[0].uri, pin: '00000000' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('E_PIN_INCORRECT');
      expect(bad.error.details).toMatchObject({ remaining: 5 });
    }
  });

  it('the key manager remembers the SKF key once; later requests name the identity and bring only the PIN', async () => {
    const { keys } = await host.ok('tokens.skf', {});
    const { id } = await host.ok('keys.remember', { carrier: { kind: 'skf', uri: keys[0].uri } });
    await host.ok('keys.choose', { bidder: '91350100M000100Y43', project: 'ZB-1', id });
    const opening = new Date(Date.now() + 5 * 86400e3).toISOString();
    const { identities } = await host.ok('keys.identities', { bidder: '91350100M000100Y43', project: 'ZB-1', openingTime: opening });
    expect(identities).toEqual([expect.objectContaining({ id, kind: 'skf', location: keys[0].uri, validity: 'ok', chosen: true })]);
    expect(identities[0].encCertificate?.commonName).toContain('加密');
    const r = await host.ok('keys.testSign', { carrier: { kind: 'identity', id, secret: SKF_PIN } });
    expect(r.verified).toBe(true);
  });

  it('tokens.pickSkf: a library chosen in the main-process dialog and confirmed joins the shared native-module allow-list', async () => {
    const dataDir = path.join(fx.dir, 'data-pick');
    const picking = new TokenService({ env: skf.env, skfDirs: [], dataDir });
    let confirmed = 0;
    try {
      const dialogs = { saveAs: async () => null, showInFolder: () => {}, openFile: async () => skf.lib, confirm: async () => (confirmed++, true) };
      const h = testHost({ tokens: picking, dataDir, dialogs });
      expect((await h.ok('tokens.skf', {})).keys).toEqual([]);
      expect(await h.ok('tokens.pickSkf', {})).toEqual({ path: skf.lib });
      expect(confirmed).toBe(1);
      expect((await h.ok('tokens.skf', {})).keys).toHaveLength(1);
      // remembered where the PKCS#11 drivers are (settings/native-modules.json), by kind
      const settings = JSON.parse(readFileSync(path.join(dataDir, 'settings', 'native-modules.json'), 'utf8')) as { modules: Record<string, string[]> };
      expect(settings.modules.skf).toEqual([realpathSync(skf.lib)]);
      const later = new TokenService({ skfDirs: [], dataDir });
      expect(later.skfLibraries().map((l) => [l.path, l.source])).toEqual([[skf.lib, 'user']]);
      // declining the confirmation adds nothing
      const declined = testHost({ tokens: new TokenService({ skfDirs: [], dataDir: path.join(fx.dir, 'data-decline') }), dataDir: path.join(fx.dir, 'data-decline'), dialogs: { ...dialogs, confirm: async () => false } });
      expect(await declined.ok('tokens.pickSkf', {})).toEqual({ path: null });
    } finally {
      await picking.close();
    }
  });

  it('a library the user picks inside the data folder is refused, and the Node host has no dialog', async () => {
    const dataDir = path.join(fx.dir, 'data-rogue');
    const rogue = path.join(dataDir, 'documents', 'libskf.so');
    mkdirSync(path.dirname(rogue), { recursive: true });
    copyFileSync(skf.lib, rogue);
    const t = new TokenService({ skfDirs: [path.dirname(rogue)], dataDir });
    const h = testHost({ tokens: t, dataDir, dialogs: { saveAs: async () => null, showInFolder: () => {}, openFile: async () => rogue, confirm: async () => true } });
    const r = await h.call('tokens.pickSkf', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'E_SKF_LIBRARY_INVALID' } });
    // not even when a discovery directory points into the data folder
    expect(t.skfLibraries()).toEqual([]);
    const noDialog = testHost({ tokens: new TokenService({ skfDirs: [] }) });
    expect(await noDialog.call('tokens.pickSkf', {})).toMatchObject({ ok: false, error: { code: 'E_DIALOG_UNAVAILABLE' } });
  });

  it('keys.pinInfo shows the retry counter before the PIN is typed, counts down on a wrong PIN, and says when the key is gone', async () => {
    const { keys } = await host.ok('tokens.skf', {});
    const { id } = await host.ok('keys.remember', { carrier: { kind: 'skf', uri: keys[0].uri } });
    const before = await host.ok('keys.pinInfo', { id });
    expect(before).toMatchObject({ secret: 'pin', present: true, pin: { max: 6 } });
    await tokens.skfClientForUri(keys[0].uri).logout(keys[0]);
    expect(await host.call('keys.testSign', { carrier: { kind: 'identity', id, secret: '' } })).toMatchObject({ ok: false, error: { code: 'E_PIN_REQUIRED' } });
    const bad = await host.call('keys.testSign', { carrier: { kind: 'identity', id, secret: '00000000' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_PIN_INCORRECT', details: { remaining: before.pin!.remaining! - 1 } } });
    expect((await host.ok('keys.pinInfo', { id })).pin).toMatchObject({ remaining: before.pin!.remaining! - 1 });
    await host.ok('keys.testSign', { carrier: { kind: 'identity', id, secret: SKF_PIN } }); // a good PIN resets the counter
    expect((await host.ok('keys.pinInfo', { id })).pin).toMatchObject({ state: 'ok', remaining: 6 });
    skf.unplug();
    try {
      expect(await host.ok('keys.pinInfo', { id })).toMatchObject({ present: false, pin: null });
    } finally {
      skf.plug();
    }
  });

  it('a library outside the allow-list (e.g. copied into the data folder) is refused', async () => {
    const rogue = path.join(host.dataDir, 'plugins', 'libskf.so');
    mkdirSync(path.dirname(rogue), { recursive: true });
    copyFileSync(skf.lib, rogue);
    const r = await host.call('keys.testSign', { carrier: { kind: 'skf', uri: `skf:module=${rogue};container=BidKey`, pin: SKF_PIN } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('E_SKF_LIBRARY_INVALID');
  });
});
