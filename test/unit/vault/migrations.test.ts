// Dexie schema migrations: a v1 vault opens under the current schema with its data intact.
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { VaultDb, SCHEMA_VERSION } from '../../../renderer/src/vault/db';
import { freshVault, vaultWithBidder } from './fixtures';

describe('vault migrations', () => {
  it('upgrades a v1 vault: data kept, blobs get their owner, new tables usable', async () => {
    const f = new IDBFactory();
    // write a vault with the current code, then rebuild the on-disk state as v1 had it
    const { v, a } = await vaultWithBidder(f, 'm', 'migration passphrase', { name: '甲公司', uscc: '91110108MA01KX6Q98' });
    const att = await v.addAttachment(a, { name: 'x.png', bytes: new Uint8Array([1, 2, 3]) });
    const dump = { meta: await v.db.meta.toArray(), bidders: await v.db.bidders.toArray(), attachments: await v.db.attachments.toArray(), blobs: await v.db.blobs.toArray() };
    v.close();

    const f1 = new IDBFactory();
    const v1 = new VaultDb('m', { indexedDB: f1, IDBKeyRange }, 1);
    await v1.open();
    expect(v1.verno).toBe(1);
    await v1.meta.bulkPut(dump.meta);
    await v1.bidders.bulkPut(dump.bidders);
    await v1.attachments.bulkPut(dump.attachments);
    await v1.table('blobs').bulkPut(dump.blobs.map(({ bidderId: _drop, ...b }) => b));
    v1.close();

    const cur = freshVault(f1, 'm');
    await cur.unlock('migration passphrase');
    expect(cur.db.verno).toBe(SCHEMA_VERSION);
    expect((await cur.db.blobs.get(att))!.bidderId).toBe(a);
    expect((await cur.readAttachment(att)).bytes).toEqual(new Uint8Array([1, 2, 3]));
    await cur.put('certificates', a, { label: 'CFCA 加密证书', role: 'encryption', notAfter: '2027-01-01T00:00:00Z' });
    expect(await cur.list('certificates', a)).toHaveLength(1);
    cur.close();
  });

  it('refuses a vault written by a newer schema with a clear error', async () => {
    const f = new IDBFactory();
    const { Dexie } = await import('dexie');
    const future = new Dexie('n', { indexedDB: f, IDBKeyRange });
    future.version(90).stores({ meta: 'key' });
    await future.open();
    future.close();
    const v = freshVault(f, 'n');
    await expect(v.state()).rejects.toMatchObject({ code: 'E_VAULT_SCHEMA_TOO_NEW' });
  });
});
