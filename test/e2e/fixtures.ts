// Runs in Node (Playwright). A worker-scoped Node host serving the built renderer (out/renderer),
// started exactly as users start it, so the tests drive the real UI over the real transport.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface HostHandle {
  url: string;
  loginUrl: string;
  token: string;
  port: number;
}

export const repoRoot = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');

export async function startNodeHost(extraEnv: Record<string, string> = {}, extraArgs: string[] = []): Promise<{ handle: HostHandle; proc: ChildProcess; dataDir: string }> {
  // BIDSEAL_RENDERER_DIR: a UI built elsewhere (`npx vite build -c vite.renderer.config.ts --outDir DIR`)
  const rendererDir = path.resolve(repoRoot, process.env.BIDSEAL_RENDERER_DIR ?? 'out/renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`renderer not built at ${rendererDir}: run \`npx electron-vite build\` (npm test does it)`);
    // Each run gets an empty data folder (trust store, settings), never the developer's own.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-data-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts', '--json', '--quiet', '--data-dir', dataDir, '--renderer', rendererDir, '--port', '0', ...extraArgs], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...extraEnv } });
  const rl = readline.createInterface({ input: proc.stdout! });
  const handle = await new Promise<HostHandle>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Node host did not start within 30 s')), 30_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as HostHandle);
    });
    proc.once('exit', (code) => reject(new Error(`Node host exited with ${code}`)));
  });
  return { handle, proc, dataDir };
}

export const test = base.extend<object, { app: HostHandle }>({
  app: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const { handle, proc } = await startNodeHost();
      await use(handle);
      proc.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** Collects console errors, page errors and any request that leaves this machine (the app loads no remote content). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol !== 'data:' && u.protocol !== 'blob:') problems.push(`remote request: ${r.url()}`);
  });
  return problems;
}

/** Logs in with the host's link and opens the Certificates section. */
export async function openCertificates(page: Page, loginUrl: string): Promise<void> {
  await page.goto(loginUrl);
  await page.getByTestId('nav-certificates').click();
  await expect(page.getByTestId('section-certificates')).toBeVisible();
}

/** Picks an option of an antd Select; the list is virtual, so the text is typed first to render the option. */
export async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

/** Types a date and time into an antd DatePicker; in a form's last field Enter also submits the form, so `submits` skips the checks of the closed form. */
export async function typeDate(page: Page, testId: string, text: string, submits = false) {
  const el = page.getByTestId(testId).first();
  const input = (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input').first();
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(text);
  await input.press('Enter');
  if (submits) return;
  await expect(input).toHaveValue(text);
  await page.keyboard.press('Escape');
}
