// The documents library in the zh-CN UI against the Node host: a damaged PDF is refused at import with a
// Chinese error and not listed; a second 投标函.pdf is listed as "投标函 (2).pdf"; an original is shown with
// its signed copy under it and 全选 picks only the originals still to sign; rename; delete to the trash
// (the file stays, restorable); the filter by project.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, repoRoot, startNodeHost } from './fixtures';
import { minimalPdf } from '../helpers/pdf';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');

test('library: damaged PDF refused, names told apart, originals with their signed copies, rename, trash and restore, project filter', async ({ page }) => {
  test.setTimeout(90_000);
  mkdirSync(shots, { recursive: true });
  const { handle, proc, dataDir } = await startNodeHost();
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-lib-'));
  const good = path.join(dir, '投标函.pdf');
  writeFileSync(good, minimalPdf({ pages: 2 }));
  const other = path.join(dir, '报价单.pdf');
  writeFileSync(other, minimalPdf());
  const broken = path.join(dir, '技术标.pdf');
  writeFileSync(broken, minimalPdf({ pages: 2 }).subarray(0, 60));
  try {
    await page.goto(handle.loginUrl);
    await page.getByTestId('nav-documents').click();
    await expect(page.getByText('还没有待签章的文档')).toBeVisible();
    const input = page.getByTestId('documents-import').locator('input[type=file]');

    // a damaged PDF: refused with a Chinese message, nothing listed
    await input.setInputFiles(broken);
    await expect(page.locator('.ant-message-notice').filter({ hasText: '该 PDF 文件已损坏或不完整' })).toBeVisible();
    await expect(page.getByTestId('document-item')).toHaveCount(0);

    await input.setInputFiles(good);
    await expect(page.getByTestId('document-item')).toHaveCount(1);
    await page.getByTestId('documents-import').first().locator('input[type=file]').setInputFiles(good);
    await expect(page.locator('[data-testid=document-item][data-name="投标函 (2).pdf"]')).toBeVisible();
    await page.getByTestId('documents-import').first().locator('input[type=file]').setInputFiles(other);
    await expect(page.getByTestId('document-item')).toHaveCount(3);

    // a signed copy of the first 投标函.pdf, as signing files it (kind signed-pdf, derived from the original)
    const docs = path.join(dataDir, 'documents');
    const metaOf = (id: string) => JSON.parse(readFileSync(path.join(docs, id, 'meta.json'), 'utf8')) as { id: string; name: string; tags: Record<string, string>; addedAt: string };
    const original = readdirSync(docs).filter((n) => /^[0-9a-f]{32}$/.test(n)).map(metaOf).find((m) => m.name === '投标函.pdf')!;
    const copyId = randomBytes(16).toString('hex');
    mkdirSync(path.join(docs, copyId));
    const bytes = minimalPdf({ pages: 2 });
    writeFileSync(path.join(docs, copyId, '投标函-已签章.pdf'), bytes);
    writeFileSync(path.join(docs, copyId, 'meta.json'), JSON.stringify({ ...metaOf(original.id), id: copyId, name: '投标函-已签章.pdf', size: bytes.length, origin: 'output', derivedFrom: original.id, addedAt: new Date().toISOString(), tags: { ...original.tags, kind: 'signed-pdf' } }));
    await page.reload();
    await expect(page.getByTestId('document-item')).toHaveCount(4);
    // the copy sits right under its original
    const names = await page.getByTestId('document-item').evaluateAll((es) => es.map((e) => e.getAttribute('data-name')));
    expect(names.indexOf('投标函-已签章.pdf')).toBe(names.indexOf('投标函.pdf') + 1);
    await expect(page.getByTestId('document-copy')).toHaveCount(1);
    // 全选 picks the two originals without a signed copy, not 投标函.pdf and not the copy
    await expect(page.locator('.bs-doc-list-head .ant-checkbox-wrapper')).toContainText('全选待签章（2）');
    await page.getByTestId('documents-check-all').click();
    await expect(page.getByTestId('batch-open')).toContainText('2');
    const checkedNames = await page.locator('[data-testid=document-original], [data-testid=document-copy]').evaluateAll((rows) => rows.filter((r) => r.querySelector('.ant-checkbox-checked')).map((r) => r.querySelector('[data-testid=document-item]')!.getAttribute('data-name')));
    expect(checkedNames.sort()).toEqual(['报价单.pdf', '投标函 (2).pdf'].sort());
    await page.getByTestId('documents-check-all').click();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.mouse.move(1400, 880);
    await expect(page.locator('.ant-tooltip:visible')).toHaveCount(0);
    await page.getByTestId('documents-list').screenshot({ path: path.join(shots, 'library-grouped.png'), animations: 'disabled' });

    // rename 报价单.pdf
    const row = (name: string) => page.locator('[data-testid=document-original], [data-testid=document-copy]').filter({ has: page.locator(`[data-name="${name}"]`) });
    await row('报价单.pdf').getByTestId('document-rename').click();
    const renameInput = page.getByTestId('document-rename-input');
    await expect(renameInput).toHaveValue('报价单');
    await renameInput.fill('报价文件');
    await expect(renameInput).toHaveValue('报价文件');
    await page.getByTestId('document-rename-ok').click();
    // the dialog closes only when the store renamed the file (a refusal keeps it open with a message)
    await expect(renameInput).toHaveCount(0, { timeout: 15_000 });
    await expect(page.locator('[data-testid=document-item][data-name="报价文件.pdf"]')).toBeVisible({ timeout: 15_000 });

    // delete goes to the trash: gone from the list, the file still on disk, restorable
    await row('报价文件.pdf').getByTestId('document-trash').click();
    await page.getByTestId('document-trash-ok').click();
    await expect(page.locator('[data-name="报价文件.pdf"]')).toHaveCount(0);
    expect(readdirSync(path.join(docs, '.trash'))).toHaveLength(1);
    await page.getByTestId('documents-trash-open').click();
    await expect(page.getByTestId('trash-item')).toContainText('报价文件.pdf');
    await page.getByTestId('trash-restore').click();
    await expect(page.getByTestId('trash-item')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid=document-item][data-name="报价文件.pdf"]')).toBeVisible();

    // the project filter: a project whose checklist links 投标函 (2).pdf
    const second = readdirSync(docs).filter((n) => /^[0-9a-f]{32}$/.test(n)).map(metaOf).find((m) => m.name === '投标函 (2).pdf')!;
    const created = await page.evaluate(async (fileId) => {
      const call = async (op: string, body: unknown) => (await fetch(`/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();
      const p = await call('projects.create', { bidder: { id: 'b1', name: '福建某某建设有限公司', uscc: '91350100M000100Y43' }, title: '某市政道路改造工程施工', platformId: 'reference', lots: [{ id: 'lot-1', name: '第一标段' }], deadline: '2030-12-01T09:30:00+08:00', openingTime: '2030-12-01T09:30:00+08:00' });
      const checklist = p.value.checklist.map((i: { fileIds: string[] }, n: number) => (n === 0 ? { ...i, fileIds: [fileId] } : i));
      return call('projects.update', { ...p.value, checklist });
    }, second.id);
    expect(created.ok).toBe(true);
    await page.reload();
    await page.getByTestId('documents-project-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '某市政道路改造工程施工' }).click();
    await expect(page.getByTestId('document-item')).toHaveCount(1);
    await expect(page.getByTestId('document-item')).toHaveAttribute('data-name', '投标函 (2).pdf');
    await page.getByTestId('documents-project-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '未归入项目' }).click();
    await expect(page.getByTestId('document-item')).toHaveCount(3);
  } finally {
    proc.kill();
  }
});
