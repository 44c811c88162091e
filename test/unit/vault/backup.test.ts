// Vault backups: export → wipe → import restores byte for byte; conflicts; all-or-nothing; tampering.
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { Vault } from '../../../renderer/src/vault/vault';
import { freshVault } from './fixtures';
import { RECORD_TABLES } from '../../../renderer/src/vault/db';
import { applyImport, exportBackup, planImport, planKey, readBackup } from '../../../renderer/src/vault/backup';

const A = '91110108MA01KX6Q98';
const B = '91310115MA1H7GXL27';
const open = (f: IDBFactory) => freshVault(f);

async function seeded() {
  const f = new IDBFactory();
  const v = open(f);
  await v.create('vault passphrase 梅花鹿');
  const a = await v.putBidder({ name: '甲建设集团有限公司', uscc: A, legalRepresentative: '张三', bankAccount: '1100 2233 4455' });
  const b = await v.putBidder({ name: '乙工程有限公司', uscc: B, legalRepresentative: '李四' });
  await v.put('qualifications', a, { type: '建筑工程施工总承包', grade: '一级', validTo: '2027-06-30' });
  await v.put('personnel', b, { name: '王五', idNumber: '110101199003071234', certificates: [{ name: '一级建造师', validTo: '2026-12-31' }] });
  await v.put('projects', a, { name: '某某学校教学楼', client: '某某区教育局', amount: '12345678.90' });
  const scan = new Uint8Array(2_500_000).map((_, i) => (i * 31 + 7) & 255); // spans several frames
  await v.addAttachment(a, { name: '营业执照.pdf', mediaType: 'application/pdf', bytes: scan });
  await v.addAttachment(b, { name: 'empty.txt', bytes: new Uint8Array(0) });
  return { f, v, a, b };
}

async function snapshot(v: Vault) {
  const out: Record<string, unknown> = {};
  for (const t of RECORD_TABLES) for (const r of await v.db.recordTable(t).toArray()) out[`${t}/${r.id}`] = { bidderId: r.bidderId, updatedAt: r.updatedAt, value: (await v.openRow(t, r)).value };
  for (const b of await v.db.blobs.toArray()) out[`blob/${b.id}`] = Buffer.from(await v.openBlob(b)).toString('base64');
  return out;
}

describe('vault backup', () => {
  it('export → wipe → import restores everything byte for byte', async () => {
    const { v } = await seeded();
    const before = await snapshot(v);
    const file = await exportBackup(v, { passphrase: 'backup passphrase' });
    expect(file.rows).toBe(7);
    expect(file.blobs).toBe(2);
    expect(Buffer.from(file.bytes).includes(Buffer.from('甲建设'))).toBe(false);
    v.close();
    const fresh = open(new IDBFactory()); // the wiped machine
    await fresh.create('another passphrase');
    await expect(readBackup(file.bytes, 'not the backup passphrase')).rejects.toMatchObject({ code: 'E_VAULT_BACKUP_WRONG_PASSPHRASE' });
    const contents = await readBackup(file.bytes, 'backup passphrase');
    const plan = await planImport(fresh, contents);
    expect(plan.counts).toEqual({ new: 7, same: 0, conflict: 0 });
    await applyImport(fresh, plan);
    expect(await snapshot(fresh)).toEqual(before);
  });

  it('exports one bidder only', async () => {
    const { v, b } = await seeded();
    const file = await exportBackup(v, { passphrase: 'backup passphrase', bidderId: b });
    const c = await readBackup(file.bytes, 'backup passphrase');
    expect(new Set(c.rows.map((r) => r.bidderId))).toEqual(new Set([b]));
    expect(c.scope).toBe('bidder');
  });

  it('shows conflicts and keeps the user’s version unless told otherwise', async () => {
    const { v, a } = await seeded();
    const file = await exportBackup(v, { passphrase: 'backup passphrase' });
    const bidder = (await v.getBidder(a)).value!;
    await v.putBidder({ ...bidder, legalRepresentative: '赵六' }, a);
    const plan = await planImport(v, await readBackup(file.bytes, 'backup passphrase'));
    expect(plan.counts).toEqual({ new: 0, same: 6, conflict: 1 });
    const conflict = plan.items.find((i) => i.status === 'conflict')!;
    expect((conflict.mine as { legalRepresentative: string }).legalRepresentative).toBe('赵六');
    expect((conflict.theirs as { legalRepresentative: string }).legalRepresentative).toBe('张三');
    await applyImport(v, plan);
    expect((await v.getBidder(a)).value!.legalRepresentative).toBe('赵六');
    await applyImport(v, plan, { resolutions: { [planKey(conflict)]: 'theirs' } });
    expect((await v.getBidder(a)).value!.legalRepresentative).toBe('张三');
  });

  it('an import that fails half-way leaves the previous state', async () => {
    const { v } = await seeded();
    const file = await exportBackup(v, { passphrase: 'backup passphrase' });
    const target = open(new IDBFactory());
    await target.create('target passphrase');
    const keep = await target.putBidder({ name: '原有公司', uscc: A });
    const before = await snapshot(target);
    const plan = await planImport(target, await readBackup(file.bytes, 'backup passphrase'));
    await expect(applyImport(target, plan, { failAfterWrites: 4 })).rejects.toMatchObject({ code: 'E_VAULT_IMPORT_FAILED' });
    expect(await snapshot(target)).toEqual(before);
    expect((await target.getBidder(keep)).value?.name).toBe('原有公司');
  });

  it('refuses truncated, edited or foreign files as a whole', async () => {
    const { v } = await seeded();
    const { bytes } = await exportBackup(v, { passphrase: 'backup passphrase' });
    const truncated = bytes.subarray(0, bytes.length - 1000);
    await expect(readBackup(truncated, 'backup passphrase')).rejects.toMatchObject({ code: 'E_VAULT_BACKUP_CORRUPT' });
    // drop the last frame entirely (a clean cut at a frame boundary)
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    let off = 12 + view.getUint32(8);
    let lastStart = off;
    while (off < bytes.length) {
      lastStart = off;
      off += 4 + view.getUint32(off);
    }
    await expect(readBackup(bytes.subarray(0, lastStart), 'backup passphrase')).rejects.toMatchObject({ code: 'E_VAULT_BACKUP_CORRUPT' });
    const flipped = bytes.slice();
    flipped[flipped.length - 40] ^= 0x10;
    await expect(readBackup(flipped, 'backup passphrase')).rejects.toMatchObject({ code: 'E_VAULT_BACKUP_CORRUPT' });
    await expect(readBackup(new TextEncoder().encode('PK\u0003\u0004 not a backup'), 'x')).rejects.toMatchObject({ code: 'E_VAULT_BACKUP_CORRUPT' });
  });
});
