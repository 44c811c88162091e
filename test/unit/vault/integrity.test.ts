// Vault integrity (docs/VAULT.md): the per-bidder authenticated index reports a record rolled back to an
// older ciphertext, a record or a whole bidder deleted behind the app's back, and an edited updatedAt like a
// tampered record; a changed auto-lock setting or token slot is not believed; a crafted backup header cannot
// ask for more KDF work than BidSeal writes; a schema ≤ 2 vault migrates at its first unlock; the strength
// meter refuses the weakest passphrases.
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { TEST_KDF, importAesKey, newKdfParams, deriveKek, wrapKey, seal, recordAad, randomBytes } from '../../../renderer/src/vault/crypto';
import { VaultDb, type KeySlotRow, type SettingsRow, type TokenSlotRow } from '../../../renderer/src/vault/db';
import { exportBackup, readBackup } from '../../../renderer/src/vault/backup';
import { checkPassphrase, passphraseStrength } from '../../../renderer/src/vault/passphrase-strength';
import { freshVault } from './fixtures';

const A = '91110108MA01KX6Q98';
const PASS = 'integrity passphrase 梅花鹿';
const mk = (f: IDBFactory, name = 'i') => freshVault(f, name);

async function seeded() {
  const f = new IDBFactory();
  const v = mk(f);
  await v.create(PASS);
  const a = await v.putBidder({ name: '甲建设集团有限公司', uscc: A });
  const q = await v.put('qualifications', a, { type: '建筑工程施工总承包', grade: '二级', validTo: '2027-06-30' });
  return { f, v, a, q };
}

describe('vault integrity', () => {
  it('a record rolled back to its older ciphertext is reported like a tampered one', async () => {
    const { v, a, q } = await seeded();
    const old = (await v.db.qualifications.get(q))!;
    await v.put('qualifications', a, { type: '建筑工程施工总承包', grade: '一级', validTo: '2028-06-30' }, q);
    expect((await v.get('qualifications', q)).value).toMatchObject({ grade: '一级' });
    await v.db.qualifications.put(old); // the attacker restores the earlier, validly encrypted row
    const e = await v.get('qualifications', q);
    expect(e.tampered).toBe(true);
    expect(e.value).toBeUndefined();
    expect(await v.integrity()).toContainEqual({ kind: 'record-rolled-back', table: 'qualifications', id: q, bidderId: a });
  });

  it('a deleted record, a deleted bidder and an edited updatedAt are reported', async () => {
    const { v, a, q } = await seeded();
    const p = await v.put('personnel', a, { name: '王五' });
    await v.db.qualifications.delete(q);
    const list = await v.list('qualifications', a);
    expect(list).toContainEqual({ id: q, updatedAt: '', tampered: true, missing: true });
    expect(await v.integrity()).toContainEqual({ kind: 'record-missing', table: 'qualifications', id: q, bidderId: a });
    const row = (await v.db.personnel.get(p))!;
    await v.db.personnel.put({ ...row, updatedAt: '2030-01-01T00:00:00.000Z' });
    expect((await v.get('personnel', p)).tampered).toBe(true);
    await v.db.bidders.delete(a);
    expect((await v.listBidders()).find((b) => b.id === a)).toMatchObject({ tampered: true, missing: true });
    // removing the bidder's index too does not hide it: the top index lists the bidder
    await v.db.meta.delete(`index:${a}`);
    expect(await v.integrity()).toContainEqual({ kind: 'index', bidderId: a });
    // the app's own deletions keep everything consistent
    const { v: w, a: b } = await seeded();
    await w.remove('qualifications', (await w.list('qualifications', b))[0].id);
    await w.deleteBidder(b);
    expect(await w.integrity()).toEqual([]);
  });

  it('a changed auto-lock setting or token slot is not believed', async () => {
    const { f, v } = await seeded();
    await v.setAutoLockMinutes(5);
    expect(await v.autoLockMinutes()).toBe(5);
    const s = (await v.db.meta.get('settings')) as SettingsRow;
    await v.db.meta.put({ ...s, autoLockMinutes: 1440 }); // "never lock", without the key
    v.close();
    const again = mk(f);
    await again.unlock(PASS);
    expect(await again.autoLockMinutes()).toBe(10);
    expect(await again.integrity()).toContainEqual({ kind: 'setting', id: 'autoLockMinutes' });
    await again.setAutoLockMinutes(15); // the user sets it again: authenticated
    expect(await again.integrity()).toEqual([]);
    const forged: TokenSlotRow = { key: 'token:00112233445566778899aabbccddeeff', format: 1, label: 'attacker', certDer: new Uint8Array([48, 0]), uri: 'pkcs11:token=evil', recipientInfo: new Uint8Array([48, 0]), check: { iv: randomBytes(12), ct: randomBytes(16) }, createdAt: new Date().toISOString() };
    await again.db.meta.put(forged);
    expect(await again.integrity()).toContainEqual({ kind: 'token-slot', id: forged.key });
    again.lock();
    await expect(again.unlockWithToken(forged.key, async () => randomBytes(32))).rejects.toMatchObject({ code: 'E_VAULT_WRONG_PASSPHRASE' });
  });

  it('a crafted backup header asking for more scrypt work than BidSeal writes is refused before any KDF runs', async () => {
    const { v } = await seeded();
    const { bytes } = await exportBackup(v, { passphrase: 'backup passphrase 梅花鹿' });
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const hlen = view.getUint32(8);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen)));
    for (const kdf of [{ N: 2 ** 20 }, { r: 32 }, { p: 16 }, { N: 2 ** 17 + 1 }, { N: 2 }]) {
      const h = new TextEncoder().encode(JSON.stringify({ ...header, kdf: { ...header.kdf, ...kdf } }));
      const crafted = new Uint8Array(12 + h.length + bytes.length - 12 - hlen);
      crafted.set(bytes.subarray(0, 8));
      new DataView(crafted.buffer).setUint32(8, h.length);
      crafted.set(h, 12);
      crafted.set(bytes.subarray(12 + hlen), 12 + h.length);
      const t0 = Date.now();
      await expect(readBackup(crafted, 'backup passphrase 梅花鹿')).rejects.toMatchObject({ code: 'E_VAULT_KDF_OUT_OF_BOUNDS' });
      expect(Date.now() - t0).toBeLessThan(200);
    }
  });

  it('migrates a schema 2 vault (old AAD, no index) at its first unlock, and then detects a rollback', async () => {
    const f = new IDBFactory();
    const db = new VaultDb('legacy', { indexedDB: f, IDBKeyRange }, 2);
    await db.open();
    const raw = randomBytes(32);
    const kdf = newKdfParams(TEST_KDF);
    const kek = await deriveKek(PASS, kdf);
    const slot: KeySlotRow = { key: 'keyslot', format: 1, kdf, wrapped: await wrapKey(kek, raw), createdAt: '2026-01-01T00:00:00.000Z', changedAt: '2026-01-01T00:00:00.000Z' };
    const key = await importAesKey(raw);
    const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
    const b = 'b'.repeat(32);
    const q = 'c'.repeat(32);
    await db.meta.put(slot);
    await db.meta.put({ key: 'settings', autoLockMinutes: 30 });
    await db.bidders.put({ id: b, bidderId: b, updatedAt: '2026-01-01T00:00:00.000Z', v: 1, ...(await seal(key, recordAad('bidders', b, b), enc({ name: '旧公司', uscc: A }))) });
    const q1 = { id: q, bidderId: b, updatedAt: '2026-01-02T00:00:00.000Z', v: 1, ...(await seal(key, recordAad('qualifications', q, b), enc({ type: '旧资质', grade: '三级' }))) };
    await db.qualifications.put(q1);
    db.close();

    const v = mk(f, 'legacy');
    await v.unlock(PASS);
    expect(await v.autoLockMinutes()).toBe(30); // the stored setting kept, now authenticated
    expect((await v.listBidders())[0].value).toMatchObject({ name: '旧公司' });
    expect((await v.get('qualifications', q)).value).toMatchObject({ type: '旧资质' });
    expect(((await v.db.meta.get('keyslot')) as KeySlotRow).format).toBe(2);
    expect(await v.integrity()).toEqual([]);
    // the pre-migration ciphertext put back is not accepted
    await v.db.qualifications.put(q1);
    expect((await v.get('qualifications', q)).tampered).toBe(true);
  });
});

describe('passphrase strength', () => {
  it('refuses common, keyboard, repeated and sequential passphrases; accepts long and mixed ones', () => {
    for (const weak of ['short', 'password', '12345678', 'password1', 'qwertyuiop', 'aaaaaaaa', 'woaini1314', 'P@ssw0rd2024', 'abcdefgh1234', '5201314520']) {
      expect(() => checkPassphrase(weak), weak).toThrow(expect.objectContaining({ code: 'E_VAULT_WEAK_PASSPHRASE' }));
    }
    for (const ok of ['correct horse battery', 'Tr0ub4dor&3', '某某建设集团投标口令', 'a new passphrase on a new computer', PASS]) expect(passphraseStrength(ok).score, ok).toBeGreaterThanOrEqual(2);
    expect(passphraseStrength('qwertyuiop').warnings).toContain('common');
    expect(passphraseStrength('zxcvfdsa').score).toBe(0);
  });

  it('create and changePassphrase refuse a weak passphrase, naming no passphrase in the error', async () => {
    const f = new IDBFactory();
    const v = mk(f, 'w');
    const e = await v.create('password123').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'E_VAULT_WEAK_PASSPHRASE' });
    expect(JSON.stringify(e) + String((e as Error).message)).not.toContain('password123');
    await v.create(PASS);
    await expect(v.changePassphrase(PASS, '11111111')).rejects.toMatchObject({ code: 'E_VAULT_WEAK_PASSPHRASE' });
  });
});
