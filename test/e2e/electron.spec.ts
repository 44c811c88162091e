// The same UI inside the real Electron shell. Runs where the Electron binary exists; here (no
// binary can be downloaded) it is skipped with the reason printed.
import { test, expect, _electron as electron } from '@playwright/test';
import path from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const { bin } = electronBinary();
if (!bin) console.log('[skip] Electron smoke test: the Electron binary is not installed (node_modules/electron/dist missing; it cannot be downloaded here)');

test.describe('Electron shell', () => {
  test.skip(!bin, 'Electron binary not installed (cannot be downloaded here)');

  test('opens one secure window with the app over app:// and the preload API', async () => {
    const app = await electron.launch({ executablePath: bin!, args: [repoRoot], cwd: repoRoot });
    const win = await app.firstWindow();
    await expect(win).toHaveURL(/^app:\/\/bidseal\//);
    await expect(win.getByTestId('nav-projects')).toBeVisible();
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // Context isolation + sandbox: the page sees neither Node nor Electron, only the narrow API.
    const surface = await win.evaluate(() => ({
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((window as unknown as { bidseal: object }).bidseal).sort(),
      frozen: Object.isFrozen((window as unknown as { bidseal: object }).bidseal),
    }));
    expect(surface.process).toBe('undefined');
    expect(surface.api).not.toContain('invoke');
    expect(surface.api).toContain('app.info');
    const info = await win.evaluate(() => (window as unknown as { bidseal: Record<string, (a: unknown) => Promise<unknown>> }).bidseal['app.info']({}));
    expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
    const hasRequire = await win.evaluate(() => typeof (globalThis as { require?: unknown }).require);
    expect(hasRequire).toBe('undefined');
    await win.screenshot({ path: path.join(repoRoot, 'test/artifacts/screenshots/electron-projects.png') });
    await app.close();
  });
});

test.describe('Electron shell: the whole bid path', () => {
  test.skip(!bin, 'Electron binary not installed (cannot be downloaded here)');

  test('a new user goes from an empty app to a receipted upload with a USB key', async () => {
    const { softhsmSkip, createSoftHsmToken } = await import('../helpers/softhsm');
    test.skip(!!softhsmSkip, softhsmSkip || '');
    test.setTimeout(420_000);
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { makeBidderPki, walkBidPath } = await import('./bid-path');
    const platforms: import('./platform').ReferencePlatform[] = [];
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-electron-path-'));
    const token = createSoftHsmToken({ label: 'BidSeal 投标 Key', pin: '135790' });
    const pki = makeBidderPki(dir, token);
    const env = Object.fromEntries(Object.entries(token.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    // a fresh user-data folder: nothing of the developer's own BidSeal data is touched
    const app = await electron.launch({ executablePath: bin!, args: [repoRoot, `--user-data-dir=${path.join(dir, 'user-data')}`], cwd: repoRoot, env });
    try {
      const win = await app.firstWindow();
      await walkBidPath(win, { dir, token, ...pki, platforms, shots: path.join(repoRoot, 'test/artifacts/screenshots/electron') });
    } finally {
      await app.close();
      for (const p of platforms) p.stop();
      token.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
