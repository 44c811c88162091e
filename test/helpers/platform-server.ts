// Runs in Node (vitest). One reference platform (platform-server/) per describe block: the upload fixtures
// (test/unit/upload/fixtures.ts: demo PKI, bidder keys, sealed bids) and a running server, started before
// the block's tests and closed with its temp folder after them. Kept apart from the fixtures because those
// are also loaded outside vitest (the Playwright upload spec starts a platform with them).
import { afterAll, beforeAll } from 'vitest';
import type { PlatformServer } from '../../platform-server/server';
import { makeUploadFixtures, type UploadFixtures } from '../unit/upload/fixtures';

export function useReferencePlatform(): { readonly fx: UploadFixtures; readonly server: PlatformServer } {
  const live = {} as { fx: UploadFixtures; server: PlatformServer };
  beforeAll(async () => {
    live.fx = await makeUploadFixtures();
    live.server = await live.fx.server();
  }, 60_000);
  afterAll(async () => live.fx?.cleanup());
  return live;
}
