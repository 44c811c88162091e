// Upload (上传) in Debian Chromium against the Node host and the reference platform (npm run platform,
// started here on a free port of 127.0.0.1): a bid sealed with the product's sealBid to the demo platform
// certificate is put in the document store, chosen in the outbox form with the platform, uploaded with
// progress, and its receipt is shown verified (platform, time, SHA-256, size); a second bid after the
// platform's deadline is refused with the deadline message.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems } from './fixtures';
import { startReferencePlatform, type ReferencePlatform } from './platform';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');

/** Seals pseudo-random documents with the product's sealBid to the demo platform (test/unit/upload/fixtures). */
function sealBids(names: string[]): string[] {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `import { makeUploadFixtures } from './test/unit/upload/fixtures.ts';
const fx = await makeUploadFixtures();
const files = [];
for (const [i, n] of ${JSON.stringify(names)}.entries()) files.push(await fx.seal(n, 3_000_000 + i, 40 + i));
console.log(JSON.stringify(files));
process.exit(0);`],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

async function importSealed(page: Page, file: string): Promise<string> {
  const r = await page.evaluate(async (p) => {
    const res = await fetch('/api/files.importPath', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: p, tags: { kind: 'sealed-bid' } }) });
    return res.json() as Promise<{ ok: boolean; value?: { id: string }; error?: unknown }>;
  }, file);
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return r.value!.id;
}

/** A full-page shot from the top, once the toasts are gone and nothing has focus. */
async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true, animations: 'disabled' });
}

async function enqueue(page: Page, fileName: string, url: string) {
  const form = page.getByTestId('upload-enqueue');
  await form.getByTestId('upload-file-picker').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: fileName }).click();
  await form.getByTestId('upload-platform').click();
  await page.keyboard.type('演示');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /本地演示平台|Local reference platform/ }).click();
  await form.getByText(/高级|Advanced/).click();
  await form.getByTestId('upload-url').fill(url);
  await form.getByTestId('upload-enqueue-submit').click();
}

test.describe('upload', () => {
  let platform: ReferencePlatform;
  let late: ReferencePlatform;
  let files: string[];
  test.beforeAll(async () => {
    files = sealBids(['某某建设-投标文件', '迟到的投标文件']);
    platform = await startReferencePlatform([]);
    late = await startReferencePlatform(['--deadline', '2026-01-01T09:00:00+08:00']);
  });
  test.afterAll(() => {
    for (const p of [platform, late]) p?.stop();
    if (files?.length) rmSync(path.dirname(files[0]), { recursive: true, force: true });
  });

  test('seal → upload → the verified receipt is shown; a late bid is refused', async ({ page, app }) => {
    test.setTimeout(120_000);
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(app.loginUrl);
    await page.getByTestId('nav-upload').click();
    await expect(page.getByTestId('section-upload')).toBeVisible();
    await importSealed(page, files[0]);
    await importSealed(page, files[1]);
    await page.reload();
    await expect(page.getByTestId('section-upload')).toBeVisible();

    await enqueue(page, '某某建设-投标文件.p7m', platform.url);
    const row = page.getByTestId('upload-outbox').locator('tr.ant-table-row').filter({ hasText: '某某建设-投标文件.p7m' });
    await expect(row.getByTestId('upload-state')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await row.click();
    const receipt = page.getByTestId('upload-receipt');
    await expect(receipt).toBeVisible();
    await expect(receipt.getByTestId('upload-receipt-signature')).toContainText(/签名有效|Valid signature/);
    await expect(receipt.getByTestId('upload-receipt-signature')).toContainText('SM2-SM3');
    const sha = createHash('sha256').update(readFileSync(files[0])).digest('hex');
    await expect(receipt.getByTestId('upload-receipt-sha256')).toContainText(sha);
    await expect(receipt).toContainText(/本地演示平台|Local reference platform/);
    await shot(page, 'upload-receipt');

    await enqueue(page, '迟到的投标文件.p7m', late.url);
    const lateRow = page.getByTestId('upload-outbox').locator('tr.ant-table-row').filter({ hasText: '迟到的投标文件.p7m' });
    await expect(lateRow.getByTestId('upload-state')).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
    await expect(lateRow.getByTestId('upload-error')).toContainText(/已过投标截止时间|deadline has passed/);
    await shot(page, 'upload-outbox');
    expect(problems).toEqual([]);
  });
});
