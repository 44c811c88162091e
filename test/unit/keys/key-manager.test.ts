// The key manager remembers identities across carriers and the bidder's choice per project; a key file is kept
// encrypted as issued; validity is judged against the project's opening time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeBidFixtures, type BidFixtures } from '../bid/fixtures';
import { hasOpenssl } from '../../helpers/vectors';
import { KeyManager } from '../../../electron/services/keys/key-manager';

describe.skipIf(!hasOpenssl)('key manager', () => {
  let fx: BidFixtures;
  let data: string;
  beforeAll(async () => {
    fx = await makeBidFixtures(['sign', 'bidderEnc', 'short']);
    data = mkdtempSync(path.join(tmpdir(), 'bidseal-km-'));
  }, 60_000);
  afterAll(() => {
    fx?.cleanup();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  it('remembers a USB key and a key file, the choice per bidder and project, and survives a restart', async () => {
    const km = new KeyManager(data);
    expect(() => km.chosen('B1', 'P1')).toThrow(expect.objectContaining({ code: 'E_KEY_NOT_CHOSEN' }));
    const usb = await km.remember({ carrier: { kind: 'skf', uri: 'skf:container=BidKey' }, signCert: fx.certDer('sign'), encCert: fx.certDer('bidderEnc') });
    const keyBytes = readFileSync(fx.key('short'));
    const file = await km.remember({ carrier: { kind: 'file', data: keyBytes, fileName: 'short.key.pem' }, encCert: fx.certDer('short') });
    await km.choose('B1', 'P1', usb.id);
    const again = new KeyManager(data);
    expect(again.chosen('B1', 'P1').carrier).toEqual({ kind: 'skf', uri: 'skf:container=BidKey' });
    expect(() => again.chosen('B1', 'P2')).toThrow(expect.objectContaining({ code: 'E_KEY_NOT_CHOSEN' }));
    expect(Buffer.from(again.keyFile(again.get(file.id))).equals(keyBytes)).toBe(true);
    // a USB key stores no file, and no PIN or password is ever written
    expect(readdirSync(path.join(data, 'keys')).sort()).toEqual([`${file.id}.pem`, 'identities.json'].sort());
    // remembering the same certificates again replaces, not duplicates
    await again.remember({ carrier: { kind: 'pkcs11', uri: 'pkcs11:token=X' }, signCert: fx.certDer('sign'), encCert: fx.certDer('bidderEnc') });
    expect(again.list()).toHaveLength(2);
  });

  it('judges each identity against the opening time: an encryption certificate that expires first is flagged', async () => {
    const km = new KeyManager(data);
    const opening = new Date(Date.now() + 10 * 86400e3);
    const st = km.status('B1', 'P1', opening);
    const byLabel = Object.fromEntries(st.map((s) => [s.identity.label, s]));
    expect(Object.values(byLabel).map((s) => s.validity).sort()).toEqual(['expires-before-opening', 'ok']);
    expect(st.filter((s) => s.chosen)).toHaveLength(1);
    expect(km.status('B1', 'P1', new Date(Date.now() + 86400e3)).every((s) => s.validity === 'ok')).toBe(true);
  });

  it('a damaged store is a typed error, not a silent reset', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-km-bad-'));
    const km = new KeyManager(dir);
    expect(km.list()).toEqual([]);
    mkdirSync(path.join(dir, 'keys'));
    writeFileSync(path.join(dir, 'keys', 'identities.json'), '{"version":1,"identities":');
    expect(() => km.list()).toThrow(expect.objectContaining({ code: 'E_BAD_ENCODING' }));
    rmSync(dir, { recursive: true, force: true });
  });
});
