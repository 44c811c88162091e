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
