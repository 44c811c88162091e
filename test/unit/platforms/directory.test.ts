// The signed platform directory: a bundle is used only when a pinned SM2 key verifies its exact bytes,
// and replaces the current one only when its version is higher. Also checks the shipped bundle, the
// OpenSSL cross-check of the signature (SM2/SM3, default ID), and the service's install/fallback rules.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPair } from '../../../shared/crypto/sm2';
import { exportSm2PublicKey } from '../../../shared/crypto/keys';
import { acceptNewer, DIRECTORY_FORMAT, pinnedKeyOf, serializeBundle, signBundle, verifyBundle, type DirectoryBundleInput } from '../../../shared/platforms/directory';
import { PINNED_DIRECTORY_KEYS } from '../../../shared/platforms/pinned-keys';
import { getPlatform, importBundle, listPlatforms, loadDirectory, SHIPPED_BUNDLE } from '../../../electron/services/platforms/directory';
import { codeOf } from '../../helpers/errors';
import { hasOpenssl, openssl } from '../../helpers/vectors';

const key = generateKeyPair();
const other = generateKeyPair();
const pinned = [pinnedKeyOf(key.publicKey, 'test key')];
const shippedPlatforms = JSON.parse(readFileSync(SHIPPED_BUNDLE, 'utf8')).platforms;

function bundle(version: number, platforms = shippedPlatforms.slice(0, 2)): { bytes: Uint8Array; sig: Uint8Array } {
  const input: DirectoryBundleInput = { format: DIRECTORY_FORMAT, formatVersion: 1, version, issuedAt: '2026-11-24T10:00:00Z', platforms };
  const bytes = serializeBundle(input);
  return { bytes, sig: signBundle(bytes, key.privateKey) };
}
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bidseal-dir-'));
/** a shipped bundle of the test key in a temp folder */
function shippedAt(version: number): string {
  const dir = tmp();
  const b = bundle(version, shippedPlatforms);
  writeFileSync(path.join(dir, 'directory.json'), b.bytes);
  writeFileSync(path.join(dir, 'directory.json.sig'), b.sig);
  return path.join(dir, 'directory.json');
}

describe('verifyBundle', () => {
  it('accepts a bundle signed by a pinned key and names the key', () => {
    const b = bundle(3);
    const v = verifyBundle(b.bytes, b.sig, pinned);
    expect(v.bundle.version).toBe(3);
    expect(v.keyId).toBe(pinned[0].id);
    expect(v.bundle.platforms.map((p) => p.id)).toEqual(['beijing', 'shanghai']);
  });

  it('rejects the bundle when any single byte of it is flipped', () => {
    const b = bundle(3);
    for (const i of [0, 10, Math.floor(b.bytes.length / 2), b.bytes.length - 1]) {
      const t = b.bytes.slice();
      t[i] ^= 0x01;
      expect(codeOf(() => verifyBundle(t, b.sig, pinned))).toBe('E_DIRECTORY_SIGNATURE_INVALID');
    }
  });

  it('rejects the bundle when any byte of the signature is flipped or it is truncated', () => {
    const b = bundle(3);
    for (let i = 0; i < b.sig.length; i += 7) {
      const s = b.sig.slice();
      s[i] ^= 0x80;
      expect(codeOf(() => verifyBundle(b.bytes, s, pinned))).toBe('E_DIRECTORY_SIGNATURE_INVALID');
    }
    expect(codeOf(() => verifyBundle(b.bytes, b.sig.subarray(0, 10), pinned))).toBe('E_DIRECTORY_SIGNATURE_INVALID');
    expect(codeOf(() => verifyBundle(b.bytes, new Uint8Array(0), pinned))).toBe('E_DIRECTORY_SIGNATURE_INVALID');
  });

  it('rejects a bundle signed by a key that is not pinned (and the shipped keys do not accept the test key)', () => {
    const b = bundle(3);
    expect(codeOf(() => verifyBundle(b.bytes, b.sig, [pinnedKeyOf(other.publicKey)]))).toBe('E_DIRECTORY_SIGNATURE_INVALID');
    expect(codeOf(() => verifyBundle(b.bytes, b.sig, PINNED_DIRECTORY_KEYS))).toBe('E_DIRECTORY_SIGNATURE_INVALID');
    expect(codeOf(() => verifyBundle(b.bytes, b.sig, []))).toBe('E_DIRECTORY_SIGNATURE_INVALID');
    // any of several pinned keys will do (rotation)
    expect(verifyBundle(b.bytes, b.sig, [pinnedKeyOf(other.publicKey), ...pinned]).keyId).toBe(pinned[0].id);
  });

  it('rejects validly signed bytes that are not a directory this version understands', () => {
    const sign = (o: unknown) => {
      const bytes = new TextEncoder().encode(JSON.stringify(o));
      return () => verifyBundle(bytes, signBundle(bytes, key.privateKey), pinned);
    };
    expect(codeOf(sign({ hello: 1 }))).toBe('E_DIRECTORY_INVALID');
    expect(codeOf(sign({ format: DIRECTORY_FORMAT, formatVersion: 2, version: 1, issuedAt: '2026-11-24T10:00:00Z', platforms: [] }))).toBe('E_DIRECTORY_INVALID');
    expect(codeOf(sign({ format: DIRECTORY_FORMAT, formatVersion: 1, version: 1, issuedAt: '2026-11-24T10:00:00Z', platforms: [shippedPlatforms[0], shippedPlatforms[0]] }))).toBe('E_DIRECTORY_INVALID');
    expect(codeOf(sign({ format: DIRECTORY_FORMAT, formatVersion: 1, version: 1, issuedAt: '2026-11-24T10:00:00Z', platforms: [{ ...shippedPlatforms[0], source: 'user' }] }))).toBe('E_DIRECTORY_INVALID');
  });

  it.skipIf(!hasOpenssl)('writes a signature OpenSSL verifies as SM2 with SM3 and the default ID', () => {
    const dir = tmp();
    const b = bundle(5);
    writeFileSync(path.join(dir, 'b.json'), b.bytes);
    writeFileSync(path.join(dir, 'b.sig'), b.sig);
    writeFileSync(path.join(dir, 'pub.pem'), exportSm2PublicKey(key.publicKey));
    const out = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'pub.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', path.join(dir, 'b.json'), '-sigfile', path.join(dir, 'b.sig')]).toString();
    expect(out).toMatch(/Signature Verified Successfully/);
  });
});

describe('acceptNewer', () => {
  it('takes only a strictly higher version', () => {
    expect(acceptNewer(undefined, { version: 1 }).version).toBe(1);
    expect(acceptNewer({ version: 4 }, { version: 5 }).version).toBe(5);
    expect(codeOf(() => acceptNewer({ version: 4 }, { version: 4 }))).toBe('E_DIRECTORY_NOT_NEWER');
    expect(codeOf(() => acceptNewer({ version: 4 }, { version: 3 }))).toBe('E_DIRECTORY_NOT_NEWER');
  });
});

describe('the shipped directory', () => {
  it('verifies against the pinned keys and lists the twelve participating platforms and the reference platform', async () => {
    const all = await listPlatforms(tmp());
    const ids = all.map((p) => p.id);
    expect(ids).toEqual(['beijing', 'shanghai', 'zhejiang', 'shandong', 'henan', 'chongqing', 'shenzhen', 'hangzhou', 'guangzhou', 'huaneng', 'powerchina', 'jiangsu-tendering', 'reference']);
    for (const p of all.slice(0, 12)) {
      expect(p.source).toBe('directory');
      expect(['public-resource-trading', 'enterprise-procurement']).toContain(p.kind);
      // nothing that is not public is presented as fact
      expect(p.unconfirmed).toEqual(expect.arrayContaining(['envelope', 'recipients', 'upload', 'caProviders', 'sharingApps']));
      expect(p.upload.endpoint).toBeUndefined();
      expect(p.notes?.zh).toMatch(/待与平台确认/);
      expect(p.procedure.length).toBeGreaterThan(0);
    }
    const ref = await getPlatform(tmp(), 'reference');
    expect(ref.upload.endpoint).toBe('http://127.0.0.1:8790/files/');
    expect(ref.kind).toBe('reference');
  });

  it('getPlatform names an unknown id', async () => {
    await expect(getPlatform(tmp(), 'nowhere')).rejects.toMatchObject({ code: 'E_PLATFORM_UNKNOWN' });
  });
});

describe('installing a newer bundle', () => {
  it('installs a newer verified bundle, then refuses equal, older and tampered ones and keeps the installed one', async () => {
    const shippedPath = shippedAt(2);
    const dataDir = tmp();
    const opts = { pinned, shippedPath };
    expect((await loadDirectory(dataDir, opts)).status).toMatchObject({ source: 'shipped', version: 2 });

    const v3 = bundle(3);
    const st = await importBundle(dataDir, v3.bytes, v3.sig, opts);
    expect(st).toMatchObject({ source: 'installed', version: 3, shippedVersion: 2, platformCount: 2 });
    expect(readFileSync(path.join(dataDir, 'platforms/bundle.json'))).toEqual(Buffer.from(v3.bytes));

    await expect(importBundle(dataDir, v3.bytes, v3.sig, opts)).rejects.toMatchObject({ code: 'E_DIRECTORY_NOT_NEWER' });
    const v2 = bundle(2);
    await expect(importBundle(dataDir, v2.bytes, v2.sig, opts)).rejects.toMatchObject({ code: 'E_DIRECTORY_NOT_NEWER' });
    const v9 = bundle(9);
    const bad = v9.bytes.slice();
    bad[bad.length - 3] ^= 1;
    await expect(importBundle(dataDir, bad, v9.sig, opts)).rejects.toMatchObject({ code: 'E_DIRECTORY_SIGNATURE_INVALID' });
    const foreign = signBundle(v9.bytes, other.privateKey);
    await expect(importBundle(dataDir, v9.bytes, foreign, opts)).rejects.toMatchObject({ code: 'E_DIRECTORY_SIGNATURE_INVALID' });

    const after = await loadDirectory(dataDir, opts);
    expect(after.status).toMatchObject({ source: 'installed', version: 3 });
    expect(readdirSync(path.join(dataDir, 'platforms')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('falls back to the shipped bundle when the installed one was tampered with on disk, or is older than an app update', async () => {
    const dataDir = tmp();
    const v3 = bundle(3);
    await importBundle(dataDir, v3.bytes, v3.sig, { pinned, shippedPath: shippedAt(2) });
    const file = path.join(dataDir, 'platforms/bundle.json');
    expect(existsSync(file)).toBe(true);
    const t = readFileSync(file);
    t[20] ^= 1;
    writeFileSync(file, t);
    const d = await loadDirectory(dataDir, { pinned, shippedPath: shippedAt(2) });
    expect(d.status.source).toBe('shipped');
    expect(d.status.installedIgnored?.code).toBe('E_DIRECTORY_SIGNATURE_INVALID');
    expect(d.platforms).toHaveLength(13);

    const fresh = tmp();
    await importBundle(fresh, v3.bytes, v3.sig, { pinned, shippedPath: shippedAt(2) });
    const updated = await loadDirectory(fresh, { pinned, shippedPath: shippedAt(4) });
    expect(updated.status).toMatchObject({ source: 'shipped', version: 4, installedIgnored: { code: 'E_DIRECTORY_NOT_NEWER' } });
  });

  it('refuses to run on a shipped bundle that does not verify', async () => {
    const p = shippedAt(2);
    const t = readFileSync(p);
    t[5] ^= 1;
    writeFileSync(p, t);
    await expect(loadDirectory(tmp(), { pinned, shippedPath: p })).rejects.toMatchObject({ code: 'E_DIRECTORY_SIGNATURE_INVALID' });
    await expect(loadDirectory(tmp(), { pinned, shippedPath: path.join(tmp(), 'none.json') })).rejects.toMatchObject({ code: 'E_DIRECTORY_MISSING' });
  });
});
