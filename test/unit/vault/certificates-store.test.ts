// The one certificate store (renderer/src/vault/certificates.ts) over fake-indexeddb: add deduplicated by
// SHA-256 fingerprint (checked against @noble/hashes over the DER, not the view's own claim), per bidder,
// remove, a token URI merged into a stored duplicate, and the move of the old localStorage list: nothing
// lost while the vault is locked, moved once at unlock, the list removed only after.
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { sha256 } from '@noble/hashes/sha2.js';
import { freshVault, vaultWithBidder } from './fixtures';
import { LEGACY_STORAGE_KEY, addCertificates, listCertificates, migrateLegacyCertificates, removeCertificate } from '../../../renderer/src/vault/certificates';
import type { CertView } from '../../../shared/ipc/contract';
import { bytesToBase64 } from '../../../shared/encoding/base64';
import { toHex } from '../../../shared/asn1';

const PASS = 'correct horse battery';
const USCC = '91110108MA01KX6Q98';

/** A CertView over arbitrary DER bytes: the store keys on the DER's SHA-256 and keeps the DER as is. */
function view(seed: number, role: CertView['role'] = 'signing'): CertView {
  const der = new Uint8Array(64).map((_, i) => (i * 31 + seed * 7) & 0xff);
  return {
    subject: `CN=cert ${seed}, O=北京示例建设有限公司`,
    issuer: 'CN=SM2 OCA, O=CA',
    commonName: `cert ${seed}`,
    organization: '北京示例建设有限公司',
    uscc: null,
    serialNumber: String(seed),
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    publicKey: 'SM2 256',
    signatureAlgorithm: 'SM2-with-SM3',
    keyUsage: null,
    extKeyUsage: null,
    isCa: false,
    role,
    fingerprintSha256: toHex(sha256(der)),
    fingerprintSm3: '00'.repeat(32),
    crlDistributionPoints: [],
    der: bytesToBase64(der),
  };
}

class MemoryStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

describe('certificate store (vault)', () => {
  it('adds per bidder, deduplicated by SHA-256, merges a token URI, removes', async () => {
    const { v, a } = await vaultWithBidder(undefined, 'certs', PASS, { name: 'A 公司', uscc: USCC });
    const b = await v.putBidder({ name: 'B 公司', uscc: USCC });
    expect(await addCertificates(v, a, [{ view: view(1), fileName: 'sign.cer' }, { view: view(2, 'encryption') }, { view: view(1) }])).toEqual({ added: 2, duplicates: 1 });
    expect(await addCertificates(v, a, [{ view: view(1), pkcs11Uri: 'pkcs11:token=T;object=sign' }])).toEqual({ added: 0, duplicates: 1 });
    expect(await addCertificates(v, b, [{ view: view(1) }])).toEqual({ added: 1, duplicates: 0 });

    const listA = await listCertificates(v, a);
    expect(listA).toHaveLength(2);
    const one = listA.find((c) => c.fingerprintSha256 === view(1).fingerprintSha256)!;
    expect(one.value).toMatchObject({ label: 'cert 1 · 北京示例建设有限公司', role: 'signing', fileName: 'sign.cer', pkcs11Uri: 'pkcs11:token=T;object=sign', derBase64: view(1).der });
    // a row written before the fingerprint field (the vault tab's old import) is still recognised by its DER
    const { fingerprintSha256: _drop, ...old } = one.value;
    void _drop;
    await v.put('certificates', a, { ...old, fingerprintSha256: '' }, one.id);
    expect(await addCertificates(v, a, [{ view: view(1) }])).toEqual({ added: 0, duplicates: 1 });

    await removeCertificate(v, one.id);
    expect((await listCertificates(v, a)).map((c) => c.value.serialNumber)).toEqual(['2']);
    expect(await listCertificates(v, b)).toHaveLength(1);
    v.close();
  });

  it('moves the old localStorage list into the vault once, and keeps it while the vault is locked', async () => {
    const f = new IDBFactory();
    const { v, a } = await vaultWithBidder(f, 'certs', PASS, { name: 'A 公司', uscc: USCC });
    await addCertificates(v, a, [{ view: view(3) }]);
    v.lock();
    const storage = new MemoryStorage();
    const legacy = [
      { view: view(3), addedAt: '2026-01-01T00:00:00.000Z' },
      { view: view(4, 'encryption'), pkcs11Uri: 'pkcs11:token=T;object=enc', addedAt: '2026-02-01T00:00:00.000Z' },
      { view: view(4, 'encryption'), addedAt: '2026-03-01T00:00:00.000Z' },
      { broken: true },
    ];
    storage.setItem(LEGACY_STORAGE_KEY, JSON.stringify(legacy));

    await expect(migrateLegacyCertificates(v, a, storage)).rejects.toMatchObject({ code: 'E_VAULT_LOCKED' });
    expect(storage.getItem(LEGACY_STORAGE_KEY)).not.toBeNull();

    await v.unlock(PASS);
    expect(await migrateLegacyCertificates(v, a, storage)).toEqual({ added: 1, duplicates: 2 });
    expect(storage.getItem(LEGACY_STORAGE_KEY)).toBeNull();
    expect(await migrateLegacyCertificates(v, a, storage)).toBeNull();
    const list = await listCertificates(v, a);
    expect(list.map((c) => c.value.serialNumber).sort()).toEqual(['3', '4']);
    expect(list.find((c) => c.value.serialNumber === '4')!.value).toMatchObject({ role: 'encryption', pkcs11Uri: 'pkcs11:token=T;object=enc', addedAt: '2026-02-01T00:00:00.000Z' });
    v.close();

    // the rows are in the encrypted vault, not in clear: a second window reads them only after unlocking
    const v2 = freshVault(f, 'certs');
    await expect(listCertificates(v2, a)).rejects.toMatchObject({ code: 'E_VAULT_LOCKED' });
    await v2.unlock(PASS);
    expect(await listCertificates(v2, a)).toHaveLength(2);
    v2.close();
  });

  it('leaves an unreadable list in place', async () => {
    const { v, a } = await vaultWithBidder(undefined, 'certs', PASS, { name: 'A 公司', uscc: USCC });
    const storage = new MemoryStorage();
    storage.setItem(LEGACY_STORAGE_KEY, '{not json');
    expect(await migrateLegacyCertificates(v, a, storage)).toBeNull();
    expect(storage.getItem(LEGACY_STORAGE_KEY)).toBe('{not json');
    v.close();
  });
});
