// Runs in Node (tests). A platform directory signed with a throw-away test key: the shipped platforms plus
// `portal-demo`, a portal-only platform with a published portal address, file-name pattern, size limit
// and formats (the shipped directory has none of these yet). `useTestDirectory()` points this process's
// directory service at it; imported with `node --import` it does so for a Node host before it starts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPair } from '../../shared/crypto/sm2';
import { DIRECTORY_FORMAT, pinnedKeyOf, serializeBundle, signBundle } from '../../shared/platforms/directory';
import { SHIPPED_BUNDLE, setDirectoryDefaultsForTests } from '../../electron/services/platforms/directory';
import type { PlatformProfileInput } from '../../shared/platforms/profile';

export const PORTAL_DEMO_URL = 'https://portal.bidseal-e2e.test/tender/';
export const PORTAL_DEMO_ID = 'portal-demo';

export function portalDemoPlatform(over: Partial<PlatformProfileInput['upload']> = {}): PlatformProfileInput {
  return {
    id: PORTAL_DEMO_ID,
    name: { zh: '示例网页递交平台', en: 'Sample portal-only platform' },
    region: { zh: '测试', en: 'Test' },
    kind: 'public-resource-trading',
    businessTypes: ['construction-tendering'],
    envelope: {},
    upload: { portal: PORTAL_DEMO_URL, fileNamePattern: '{uscc}_{project}_{lot}.{ext}', maxBytes: 50 * 1024 * 1024, formats: ['p7m'], ...over },
    source: 'directory',
  };
}

/** Signs the shipped platforms plus `extra` with a fresh key; returns the bundle path and its pinned key. */
export function writeTestDirectory(extra: PlatformProfileInput[] = [portalDemoPlatform()]) {
  const key = generateKeyPair();
  const shipped = JSON.parse(readFileSync(SHIPPED_BUNDLE, 'utf8')) as { version: number; platforms: unknown[] };
  const bytes = serializeBundle({ format: DIRECTORY_FORMAT, formatVersion: 1, version: shipped.version, issuedAt: '2026-12-01T00:00:00Z', platforms: [...shipped.platforms, ...extra] as never });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bidseal-test-directory-'));
  const shippedPath = path.join(dir, 'directory.json');
  writeFileSync(shippedPath, bytes);
  writeFileSync(`${shippedPath}.sig`, signBundle(bytes, key.privateKey));
  return { shippedPath, pinned: [pinnedKeyOf(key.publicKey, 'test key')] };
}

export function useTestDirectory(extra?: PlatformProfileInput[]): void {
  setDirectoryDefaultsForTests(writeTestDirectory(extra));
}

if (process.env.BIDSEAL_TEST_DIRECTORY_PRELOAD === '1') useTestDirectory();
