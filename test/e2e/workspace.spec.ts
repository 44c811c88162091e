// From an empty app to a receipted upload, in Debian Chromium against the Node host, with a SoftHSM2
// USB key and the reference platform server. The walk itself is test/e2e/bid-path.ts;
// electron.spec.ts runs the same walk in the Electron window where the binary exists.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, repoRoot, startNodeHost, collectProblems } from './fixtures';
import { createSoftHsmToken, softhsmSkip } from '../helpers/softhsm';
import { makeBidderPki, walkBidPath } from './bid-path';
import type { ReferencePlatform } from './platform';

test('workspace: a new user goes from an empty app to a receipted upload with a USB key', async ({ page }) => {
  test.skip(!!softhsmSkip, softhsmSkip || '');
  test.setTimeout(420_000);
  const shots = path.join(repoRoot, 'test/artifacts/screenshots');
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-path-'));
  const token = createSoftHsmToken({ label: 'BidSeal 投标 Key', pin: '135790' });
  const pki = makeBidderPki(dir, token);
  const platforms: ReferencePlatform[] = [];
  const env = Object.fromEntries(Object.entries(token.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const host = await startNodeHost(env);
  try {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1440, height: 960 });
    await page.goto(host.handle.loginUrl);
    await walkBidPath(page, { dir, token, ...pki, platforms, shots });
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
    for (const p of platforms) p.stop();
    token.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
