// The trust-anchor store: imports CA certificates from PEM/DER/bundles with provenance, refuses non-CA
// certificates (all or nothing), lists and removes; the Node service persists it atomically as JSON.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasVectors, vectorPath } from '../../helpers/vectors';
import { TrustStore, whyNotCa } from '../../../shared/pki/trust-store';
import { parseCertificate } from '../../../shared/pki/certificate';
import { validatePath } from '../../../shared/pki/path-validation';
import { importTrustBytes, importTrustFile, listTrustEntries, loadTrustStore, removeTrustEntry, TRUST_STORE_FILE } from '../../../electron/services/pki/trust-store';
import { tempDir, removeTempDirs } from './pki-openssl';

const G = 'gm-x509-cms/openhitls/cert/';
const bytes = (rel: string) => new Uint8Array(readFileSync(vectorPath(rel)));
const AT = new Date('2026-06-01T00:00:00Z');

describe.skipIf(!hasVectors)('trust store model', () => {
  it('imports a DER root with its provenance and lists it', () => {
    const s = new TrustStore();
    const when = new Date('2026-11-01T10:00:00Z');
    const r = s.importCertificates(bytes('gm-x509-cms/tjfoc-gmsm/SM2_CA.cer'), { by: 'user', fileName: 'SM2_CA.cer' }, when);
    expect(r.added).toHaveLength(1);
    const [e] = s.list();
    expect(e.certificate.subject.text).toBe('C=CN, ST=浙江, L=杭州, O=测试CA');
    expect(e.origin).toEqual({ by: 'user', fileName: 'SM2_CA.cer' });
    expect(e.importedAt).toEqual(when);
    expect(e.id).toBe(e.certificate.fingerprints.sha256);
  });

  it('imports every CA of a PEM bundle and does not duplicate on re-import', () => {
    const s = new TrustStore();
    const pem = ['cms-rfc5652/openhitls/chain/root_ca.crt', 'cms-rfc5652/openhitls/chain/mid_ca.crt'].map((f) => readFileSync(vectorPath(f), 'utf8')).join('\n');
    expect(s.importCertificates(pem, { by: 'platform-directory', note: '某平台 CA 名录' }).added).toHaveLength(2);
    const again = s.importCertificates(pem, { by: 'user' });
    expect(again.added).toHaveLength(0);
    expect(again.alreadyPresent).toHaveLength(2);
    expect(s.list()).toHaveLength(2);
    expect(s.list()[0].origin.by).toBe('platform-directory');
  });

  it('refuses a leaf certificate with E_CERT_NOT_CA and leaves the store unchanged', () => {
    const s = new TrustStore();
    const bundle = ['cms-rfc5652/openhitls/chain/root_ca.crt', 'cms-rfc5652/openhitls/chain/device1.crt'].map((f) => readFileSync(vectorPath(f), 'utf8')).join('\n');
    expect(() => s.importCertificates(bundle, { by: 'user', fileName: 'bundle.pem' })).toThrow(
      expect.objectContaining({ code: 'E_CERT_NOT_CA', message: expect.stringContaining('Alice Smith'), details: expect.objectContaining({ fileName: 'bundle.pem', reason: 'basicConstraints says cA=false' }) }),
    );
    expect(s.list()).toEqual([]);
  });

  it('refuses CA certificates whose key usage forbids certificate signing (ca_keyUsage variants), accepts keyCertSign', () => {
    for (const k of [0, 1, 2, 3, 4, 6, 7, 8]) {
      expect(whyNotCa(parseCertificate(bytes(`${G}sm2_cert/ca_keyUsage${k}.der`))), `ca_keyUsage${k}`).toMatch(/does not allow certificate signing/);
    }
    expect(whyNotCa(parseCertificate(bytes(`${G}sm2_cert/ca_keyUsage5.der`)))).toBeNull();
    expect(whyNotCa(parseCertificate(bytes(`${G}sm2_cert/ca.notCA.der`)))).toBe('basicConstraints says cA=false');
  });

  it('round-trips through JSON and feeds validatePath as anchors', async () => {
    const s = new TrustStore();
    s.importCertificates(bytes(`${G}sm2_with_userid/ca.crt`), { by: 'bundled' });
    const back = TrustStore.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(back.list().map((e) => e.id)).toEqual(s.list().map((e) => e.id));
    const v = await validatePath(bytes(`${G}sm2_with_userid/sign.crt`), [bytes(`${G}sm2_with_userid/inter.crt`)], back.anchors(), { at: AT });
    expect(v.status).toBe('valid');
    expect(v.sm2IdUsed).toEqual(['default', 'default', null]);
    expect(back.remove(back.list()[0].id)).toBe(true);
    expect(back.remove('00')).toBe(false);
  });

  it('rejects data that is not a trust store', () => {
    expect(() => TrustStore.fromJSON({ version: 2, entries: [] })).toThrow(expect.objectContaining({ code: 'E_BAD_ENCODING' }));
    expect(() => TrustStore.fromJSON({ version: 1, entries: [{ der: 'AAAA', by: 'user', importedAt: '' }] })).toThrow(expect.objectContaining({ code: 'E_BAD_ENCODING' }));
  });
});

describe.skipIf(!hasVectors)('trust store persistence (electron/services/pki/trust-store.ts)', () => {
  it('imports a file, writes trust-store.json atomically, lists and removes', async () => {
    const dir = tempDir('bidseal-trust-');
    expect(await listTrustEntries(dir)).toEqual([]);
    const r = await importTrustFile(dir, vectorPath('gm-x509-cms/tjfoc-gmsm/SM2_CA.cer'));
    expect(r.added[0].origin).toEqual({ by: 'user', fileName: 'SM2_CA.cer' });
    const file = path.join(dir, TRUST_STORE_FILE);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const listed = await listTrustEntries(dir);
    expect(listed.map((e) => e.certificate.subject.text)).toEqual(['C=CN, ST=浙江, L=杭州, O=测试CA']);
    expect(await removeTrustEntry(dir, listed[0].id)).toBe(true);
    expect(await listTrustEntries(dir)).toEqual([]);
  });

  it('concurrent imports both land', async () => {
    const dir = tempDir('bidseal-trust-');
    await Promise.all([
      importTrustBytes(dir, bytes('gm-x509-cms/tjfoc-gmsm/SM2_CA.cer'), { by: 'user' }),
      importTrustBytes(dir, readFileSync(vectorPath('cms-rfc5652/openhitls/chain/root_ca.crt'), 'utf8'), { by: 'platform-directory' }),
    ]);
    expect((await listTrustEntries(dir)).map((e) => e.origin.by).sort()).toEqual(['platform-directory', 'user']);
  });

  it('a refused import leaves the file untouched; a corrupt file is reported, not overwritten', async () => {
    const dir = tempDir('bidseal-trust-');
    await importTrustFile(dir, vectorPath('gm-x509-cms/tjfoc-gmsm/SM2_CA.cer'));
    const before = readFileSync(path.join(dir, TRUST_STORE_FILE), 'utf8');
    await expect(importTrustFile(dir, vectorPath('gm-x509-cms/tjfoc-gmsm/sm2_sign_cert.cer'))).rejects.toMatchObject({ code: 'E_CERT_NOT_CA' });
    expect(readFileSync(path.join(dir, TRUST_STORE_FILE), 'utf8')).toBe(before);
    writeFileSync(path.join(dir, TRUST_STORE_FILE), '{ not json');
    await expect(loadTrustStore(dir)).rejects.toMatchObject({ code: 'E_BAD_ENCODING' });
    await expect(importTrustFile(dir, vectorPath('gm-x509-cms/tjfoc-gmsm/SM2_CA.cer'))).rejects.toMatchObject({ code: 'E_BAD_ENCODING' });
    expect(readFileSync(path.join(dir, TRUST_STORE_FILE), 'utf8')).toBe('{ not json');
    await expect(importTrustFile(dir, path.join(dir, 'missing.pem'))).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
  });
});

afterAll(removeTempDirs);
