// Upload (上传) in Debian Chromium against the Node host and the reference platform (npm run platform,
// started here on a free port of 127.0.0.1 and registered as a platform the user added, since the
// renderer names platforms, never upload URLs: docs/ipc-security.md): a bid sealed with the product's sealBid to the demo platform
// certificate is put in the document store, chosen in the outbox form with the platform, uploaded with
// progress, and its receipt is shown verified (platform, time, SHA-256, size); a second bid after the
// platform's deadline is refused with the deadline message.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems } from './fixtures';
import { fullPageShot, importFileBytes, startUserReferencePlatform, type ReferencePlatform } from './platform';

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

/** One IPC call through the page's own transport (cookie-authenticated, same origin). */
function api(page: Page) {
  return (op: string, req: unknown) =>
    page.evaluate(
      async ([o, body]) => {
        const res = await fetch(`/api/${o}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return res.json() as Promise<{ ok: boolean; value?: { id: string; uploadId?: string }; error?: unknown }>;
      },
      [op, req] as const,
    );
}

async function enqueue(page: Page, fileName: string, platformName: string) {
  const form = page.getByTestId('upload-enqueue');
  await form.getByTestId('upload-file-picker').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: fileName }).click();
  await form.getByTestId('upload-platform').click();
  await page.keyboard.type('本机端口');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: platformName }).click();
  await form.getByTestId('upload-enqueue-submit').click();
}

const ON_TIME = '本地演示平台（本机端口）';
const LATE = '本地演示平台（本机端口，已截止）';

test.describe('upload', () => {
  const platforms: ReferencePlatform[] = [];
  let files: string[];
  test.beforeAll(async () => {
    files = sealBids(['某某建设-投标文件', '迟到的投标文件']);
  });
  test.afterAll(() => {
    for (const p of platforms) p.stop();
    if (files?.length) rmSync(path.dirname(files[0]), { recursive: true, force: true });
  });

  test('seal → upload → the verified receipt is shown; a late bid is refused', async ({ page, app }) => {
    test.setTimeout(120_000);
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(app.loginUrl);
    await page.getByTestId('nav-upload').click();
    await expect(page.getByTestId('section-upload')).toBeVisible();
    await importFileBytes(page, files[0], 'sealed-bid');
    await importFileBytes(page, files[1], 'sealed-bid');
    platforms.push(await startUserReferencePlatform(api(page), ON_TIME));
    platforms.push(await startUserReferencePlatform(api(page), LATE, ['--deadline', '2026-01-01T09:00:00+08:00']));
    // the renderer cannot send a bid to an address of its choosing
    const attack = await api(page)('upload.enqueue', { fileId: '0'.repeat(32), platformId: 'reference', url: 'http://127.0.0.1:9/steal' });
    expect(attack).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    await page.reload();
    await expect(page.getByTestId('section-upload')).toBeVisible();

    await enqueue(page, '某某建设-投标文件.p7m', ON_TIME);
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
    await fullPageShot(page, 'upload-receipt');

    await enqueue(page, '迟到的投标文件.p7m', LATE);
    const lateRow = page.getByTestId('upload-outbox').locator('tr.ant-table-row').filter({ hasText: '迟到的投标文件.p7m' });
    await expect(lateRow.getByTestId('upload-state')).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
    await expect(lateRow.getByTestId('upload-error')).toContainText(/已过投标截止时间|deadline has passed/);
    await fullPageShot(page, 'upload-outbox');
    expect(problems).toEqual([]);
  });
});
