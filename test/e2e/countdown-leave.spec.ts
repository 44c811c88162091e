// The project page counts down to the bid deadline and the opening, also in the window title; the documents
// page asks before leaving with seals placed but not signed (stay keeps them, leave goes).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, startNodeHost } from './fixtures';
import { minimalPdf, sealPng } from '../helpers/pdf';

test('countdown on the project page and in the window title; a warning before leaving unsigned seals', async ({ page }) => {
  test.setTimeout(60_000);
  const { handle, proc } = await startNodeHost();
  try {
    await page.goto(handle.loginUrl);
    const deadline = new Date(Date.now() + (2 * 24 + 3) * 3_600_000 + 10 * 60_000).toISOString();
    const opening = new Date(Date.now() + (2 * 24 + 4) * 3_600_000 + 10 * 60_000).toISOString();
    const created = await page.evaluate(
      async ([deadline, opening]) =>
        (await fetch('/api/projects.create', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bidder: { id: 'b1', name: '福建某某建设有限公司', uscc: '91350100M000100Y43' }, title: '某市政道路改造工程施工', platformId: 'reference', lots: [{ id: 'lot-1', name: '第一标段' }], deadline, openingTime: opening }) })).json(),
      [deadline, opening],
    );
    await page.evaluate((id) => (location.hash = `#/projects/${id}`), created.value.id as string);
    await expect(page.getByTestId('countdown-deadline')).toHaveText(/距投标截止还有 2 天 3 小时 \d+ 分/);
    await expect(page.getByTestId('countdown-opening')).toHaveText(/距开标还有 2 天 4 小时/);
    await expect.poll(() => page.title()).toMatch(/^某市政道路改造工程施工 · 截止还剩 2 天 3 小时 \d+ 分 · /);

    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-leave-'));
    writeFileSync(path.join(dir, '投标函.pdf'), minimalPdf());
    writeFileSync(path.join(dir, '公章.png'), sealPng(200));
    await page.getByTestId('nav-documents').click();
    await expect(page.getByText('还没有待签章的文档')).toBeVisible();
    await expect.poll(() => page.title()).not.toMatch(/截止还剩/);
    await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(path.join(dir, '投标函.pdf'));
    await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-pages', '1');
    await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(path.join(dir, '公章.png'));
    await page.getByTestId('add-company').click();
    await expect(page.getByTestId('placements').locator('li')).toHaveCount(1);

    await page.getByTestId('nav-projects').click();
    await expect(page.locator('.ant-modal-confirm')).toContainText('已放置 1 个印章，尚未签章');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '留在本页' }).click();
    await expect(page.getByTestId('placements').locator('li')).toHaveCount(1);
    await page.getByTestId('nav-projects').click();
    await expect(page.locator('.ant-modal-confirm')).toHaveCount(1); // one dialog, not one per re-render
    await page.getByTestId('leave-confirm').click();
    await expect(page.getByTestId('section-projects')).toBeVisible();
    await expect(page.locator('.ant-modal-confirm')).toHaveCount(0);
  } finally {
    proc.kill();
  }
});
