// Vault repository in Node over fake-indexeddb: key hierarchy, records, tampering, no plaintext at rest.
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { freshVault, vaultWithBidder } from './fixtures';

export const USCC = '91110108MA01KX6Q98';

describe('vault key hierarchy', () => {
  it('creates, locks, unlocks, and says so when the passphrase is wrong', async () => {
    const f = new IDBFactory();
    const v = freshVault(f);
    expect(await v.state()).toBe('absent');
    await expect(v.create('short')).rejects.toMatchObject({ code: 'E_VAULT_WEAK_PASSPHRASE' });
    await v.create('correct horse battery');
    expect(await v.state()).toBe('unlocked');
    const id = await v.putBidder({ name: '北京示例建设有限公司', uscc: USCC, legalRepresentative: '张三' });
    v.lock();
    expect(await v.state()).toBe('locked');
    await expect(v.listBidders()).rejects.toMatchObject({ code: 'E_VAULT_LOCKED' });
    await expect(v.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'E_VAULT_WRONG_PASSPHRASE' });
    v.close();
    const v2 = freshVault(f);
    await v2.unlock('correct horse battery');
    const b = await v2.getBidder(id);
    expect(b.value?.legalRepresentative).toBe('张三');
    v2.close();
  });

  it('changes the passphrase by re-wrapping the vault key only', async () => {
    const v = freshVault();
    await v.create('first passphrase 梅花鹿');
    const id = await v.putBidder({ name: 'A 公司', uscc: USCC });
    const before = await v.db.bidders.get(id);
    await expect(v.changePassphrase('nope nope nope', 'second passphrase')).rejects.toMatchObject({ code: 'E_VAULT_WRONG_PASSPHRASE' });
    await v.changePassphrase('first passphrase 梅花鹿', 'second passphrase');
    const after = await v.db.bidders.get(id);
    expect(after!.ct).toEqual(before!.ct); // records untouched
    v.lock();
    await expect(v.unlock('first passphrase 梅花鹿')).rejects.toMatchObject({ code: 'E_VAULT_WRONG_PASSPHRASE' });
    await v.unlock('second passphrase');
    expect((await v.getBidder(id)).value?.name).toBe('A 公司');
  });

  it('auto-locks after the idle time', async () => {
    const v = freshVault();
    await v.create('idle passphrase 梅花鹿');
    (v as unknown as { autoLockMs: number }).autoLockMs = 30;
    v.touch();
    await new Promise((r) => setTimeout(r, 80));
    expect(v.isUnlocked).toBe(false);
  });
});

describe('vault records', () => {
  it('rejects a USCC whose GB 32100 check character is wrong', async () => {
    const v = freshVault();
    await v.create('passphrase 1 梅花鹿');
    await expect(v.putBidder({ name: 'X', uscc: '91110108MA01KX6Q9Y' })).rejects.toMatchObject({ code: 'E_VAULT_INVALID_USCC' });
  });

  it('reports a tampered or moved record instead of showing it', async () => {
    const v = freshVault();
    await v.create('passphrase 1 梅花鹿');
    const a = await v.putBidder({ name: '甲公司', uscc: USCC });
    const b = await v.putBidder({ name: '乙公司', uscc: USCC });
    const q = await v.put('qualifications', a, { type: '建筑工程施工总承包', grade: '一级', validTo: '2027-01-01' });
    const row = (await v.db.qualifications.get(q))!;
    const ct = row.ct.slice();
    ct[5] ^= 1;
    await v.db.qualifications.put({ ...row, ct });
    const list = await v.list('qualifications', a);
    expect(list).toEqual([{ id: q, updatedAt: row.updatedAt, tampered: true }]);
    // moving an intact row to another bidder breaks its AAD as well
    await v.db.qualifications.put({ ...row, bidderId: b });
    expect((await v.list('qualifications', b))[0].tampered).toBe(true);
  });

  it('stores scans encrypted and returns them byte for byte with their SM3', async () => {
    const v = freshVault();
    await v.create('passphrase 1 梅花鹿');
    const a = await v.putBidder({ name: '甲公司', uscc: USCC });
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) & 255);
    const id = await v.addAttachment(a, { name: '营业执照.png', mediaType: 'image/png', bytes });
    const got = await v.readAttachment(id);
    expect(got.bytes).toEqual(bytes);
    expect(got.meta.sm3).toMatch(/^[0-9a-f]{64}$/);
    await v.deleteBidder(a);
    expect(await v.db.blobs.count()).toBe(0);
    expect(await v.db.attachments.count()).toBe(0);
  });

  it('keeps no plaintext of any sensitive field at rest', async () => {
    const f = new IDBFactory();
    const { v, a } = await vaultWithBidder(f, 'v', 'passphrase 1 梅花鹿', { name: '保密建设有限公司', uscc: USCC, legalRepresentative: '李四', bankAccount: '6222020200112233445' });
    await v.put('personnel', a, { name: '王五', idNumber: '110101199003071234', certificates: [{ name: '一级建造师', number: '京111060801234', validTo: '2026-12-31' }] });
    await v.addAttachment(a, { name: 'scan.txt', bytes: new TextEncoder().encode('SECRET-SCAN-CONTENT') });
    v.lock();
    const dump: string[] = [];
    for (const t of v.db.tables) for (const row of await t.toArray()) dump.push(JSON.stringify(row, (_k, x) => (x instanceof Uint8Array ? Buffer.from(x).toString('latin1') : x)));
    const all = dump.join('\n');
    for (const secret of ['保密建设', USCC, '李四', '6222020200112233445', '王五', '110101199003071234', '京111060801234', 'SECRET-SCAN', 'scan.txt', '一级建造师']) {
      expect(all).not.toContain(secret);
      expect(all).not.toContain(Buffer.from(secret).toString('latin1'));
    }
  });
});
