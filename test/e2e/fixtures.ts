// Runs in Node (Playwright). A worker-scoped Node host serving the built renderer (out/renderer),
// started exactly as users start it, so the tests drive the real UI over the real transport.
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export { startNodeHost, repoRoot, type HostHandle } from '../helpers/node-host';
import { startNodeHost, type HostHandle } from '../helpers/node-host';

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

/** Opens a password-protected key file in a signing dialog's key picker; waits until the dialog names `holder`. */
export async function openKeyFile(modal: Locator, file: string, password: string, holder: string) {
  await modal.getByTestId('carrier-keyfile-input').setInputFiles(file);
  await modal.getByTestId('carrier-password').fill(password);
  await modal.getByTestId('carrier-password-open').click();
  await expect(modal.getByTestId('carrier-ready')).toContainText(holder);
}

/** Signs what is placed on the open document with a key file: the signing dialog, the key, confirm; then the
 * dialog closes and the document lists `signatures` signatures. */
export async function signWithKeyFile(page: Page, file: string, password: string, holder: string, signatures: number) {
  await page.getByTestId('sign-open').click();
  const modal = page.getByTestId('sign-modal');
  await openKeyFile(modal, file, password, holder);
  await page.getByTestId('sign-confirm').click();
  await expect(modal).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('signature-row')).toHaveCount(signatures);
}

/** Imports `file` on the documents page and waits until the viewer shows its `pages` pages. (The page shows no
 * drop zone before its list is known, so the pick cannot land on one that is about to be replaced.) */
export async function openDocument(page: Page, file: string, pages = 1) {
  await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-pages', String(pages), { timeout: 20_000 });
}
