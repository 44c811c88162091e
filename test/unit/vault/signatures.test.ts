// Handwritten signatures in the vault (renderer/src/vault/signatures.ts): kept per person as encrypted
// attachments, newest first, redrawn and deleted; not listed as scans; encrypted at rest; carried by a
// bidder's backup and restored byte for byte.
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { freshVault } from './fixtures';
import { applyImport, exportBackup, planImport, readBackup } from '../../../renderer/src/vault/backup';
import { bidderSignatures, deletePerson, deleteSignature, isSignatureAttachment, saveSignature } from '../../../renderer/src/vault/signatures';
import { sealPng } from '../../helpers/pdf';

const open = (f: IDBFactory) => freshVault(f);

async function seeded() {
  const v = open(new IDBFactory());
  await v.create('vault passphrase 梅花鹿');
  const b = await v.putBidder({ name: '甲建设集团有限公司', uscc: '91110108MA01KX6Q98', legalRepresentative: '张三' });
  const legal = await v.put('personnel', b, { name: '张三', role: '法定代表人' });
  const agent = await v.put('personnel', b, { name: '李四', role: '委托代理人' });
  return { v, b, legal, agent };
}

describe('handwritten signatures in the vault', () => {
  it('keeps, redraws and deletes per person, legal representative first, never as a scan', async () => {
    const { v, b, legal, agent } = await seeded();
    const first = new Uint8Array(sealPng(40));
    const id1 = await saveSignature(v, b, legal, first);
    await saveSignature(v, b, agent, new Uint8Array(sealPng(30)));
    let people = await bidderSignatures(v, b);
    expect(people.map((p) => [p.name, p.legalRepresentative])).toEqual([['张三', true], ['李四', false]]);
    expect(Buffer.from(people[0].signatures[0].png).equals(Buffer.from(first))).toBe(true);
    expect(Date.parse(people[0].signatures[0].drawnAt)).toBeGreaterThan(0);

    // a redraw replaces the old picture (its attachment is gone too)
    const again = new Uint8Array(sealPng(50));
    const id2 = await saveSignature(v, b, legal, again, id1);
    people = await bidderSignatures(v, b);
    expect(people[0].signatures.map((s) => s.id)).toEqual([id2]);
    expect(await v.db.attachments.get(id1)).toBeUndefined();
    expect((await v.list('attachments', b)).every(isSignatureAttachment)).toBe(true);

    // encrypted at rest: no PNG signature in any row or blob
    for (const r of [...(await v.db.blobs.toArray()), ...(await v.db.attachments.toArray())]) expect(Buffer.from(r.ct).includes(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(false);

    await deleteSignature(v, b, legal, id2);
    expect((await bidderSignatures(v, b)).map((p) => p.name)).toEqual(['李四']);
    await deletePerson(v, agent);
    expect(await bidderSignatures(v, b)).toEqual([]);
    expect(await v.list('attachments', b)).toEqual([]);
    expect(await v.integrity()).toEqual([]);
  });

  it('travels with the bidder in a backup', async () => {
    const { v, b, legal } = await seeded();
    const png = new Uint8Array(sealPng(60));
    await saveSignature(v, b, legal, png);
    const file = await exportBackup(v, { passphrase: 'backup passphrase', bidderId: b });
    expect(Buffer.from(file.bytes).includes(Buffer.from(png.subarray(0, 16)))).toBe(false);
    v.close();
    const fresh = open(new IDBFactory());
    await fresh.create('another passphrase');
    await applyImport(fresh, await planImport(fresh, await readBackup(file.bytes, 'backup passphrase')));
    const [p] = await bidderSignatures(fresh, b);
    expect(p.name).toBe('张三');
    expect(Buffer.from(p.signatures[0].png).equals(Buffer.from(png))).toBe(true);
  });
});
