// The vault's USB-key unlock: the vault key wrapped to the bidder's SM2 encryption certificate (CMS
// RecipientInfo), opened through the real docs.unwrapVaultKey handler with the certificate's key
// (software carrier here; the token path shares openDecrypter with bid opening). Another key fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { freshVault, vaultWithBidder } from './fixtures';
import { docsHandlers } from '../../../electron/services/ipc/docs';
import type { HostInfo } from '../../../electron/services/ipc/host-info';
import type { HandlerContext, JobRegistry } from '../../../electron/services/ipc/dispatch';
import { makeBidFixtures, type BidFixtures } from '../bid/fixtures';

let fx: BidFixtures;
beforeAll(async () => {
  fx = await makeBidFixtures(['bidderEnc', 'outsider', 'sign']);
});
afterAll(() => fx?.cleanup());

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

describe('vault token slot', () => {
  it('unlocks with the encryption certificate’s key, and only with it', async () => {
    const f = new IDBFactory();
    const { v, a } = await vaultWithBidder(f, 't', 'vault passphrase 梅花鹿', { name: '某某建设集团有限公司', uscc: '91350100M000100Y43' });
    await expect(v.addTokenSlot('wrong passphrase', { certDer: fx.certDer('bidderEnc'), uri: 'pkcs11:token=x', label: 'x' })).rejects.toMatchObject({ code: 'E_VAULT_WRONG_PASSPHRASE' });
    await expect(v.addTokenSlot('vault passphrase 梅花鹿', { certDer: fx.certDer('sign'), uri: 'pkcs11:token=x', label: 'x' })).rejects.toMatchObject({ code: 'E_CERT_NOT_FOR_ENCRYPTION' });
    const id = await v.addTokenSlot('vault passphrase 梅花鹿', { certDer: fx.certDer('bidderEnc'), uri: 'pkcs11:token=BidSeal;object=enc', label: '加密证书' });
    v.close();

    const h = docsHandlers({ dataDir: fx.dir } as HostInfo, {} as JobRegistry);
    const ctx = { signal: new AbortController().signal } as HandlerContext;
    const viaKey = (party: 'bidderEnc' | 'outsider') => async (ri: Uint8Array) => {
      const carrier = { kind: 'software' as const, data: b64(readFileSync(fx.key(party))), certificate: b64(readFileSync(fx.cert(party))), fileName: `${party}.pem` };
      const r = await h['docs.unwrapVaultKey']({ recipientInfo: b64(ri), carrier }, ctx);
      return new Uint8Array(Buffer.from(r.key, 'base64'));
    };

    const locked = freshVault(f, 't');
    const slots = await locked.tokenSlots();
    expect(slots.map((s) => [s.key, s.label, s.uri])).toEqual([[id, '加密证书', 'pkcs11:token=BidSeal;object=enc']]);
    await expect(locked.unlockWithToken(id, viaKey('outsider'))).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
    expect(locked.isUnlocked).toBe(false);
    // a key that decrypts but is not the vault key is refused by the slot's check
    await expect(locked.unlockWithToken(id, async () => new Uint8Array(32).fill(7))).rejects.toMatchObject({ code: 'E_VAULT_WRONG_PASSPHRASE' });
    await locked.unlockWithToken(id, viaKey('bidderEnc'));
    expect((await locked.getBidder(a)).value?.name).toBe('某某建设集团有限公司');
    // the passphrase still works after a change, and the token slot survives it (same vault key)
    await locked.changePassphrase('vault passphrase 梅花鹿', 'new vault passphrase 梅花鹿');
    locked.lock();
    await locked.unlockWithToken(id, viaKey('bidderEnc'));
    expect(locked.isUnlocked).toBe(true);
    await locked.removeTokenSlot(id);
    expect(await locked.tokenSlots()).toEqual([]);
  });
});
