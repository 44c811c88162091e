// The tender document drives the checklist, in zh-CN: on a project, 从招标文件生成清单 → the sample 招标文件
// PDF (embedded CJK font, running header and footer on every page) → the review lists the 投标文件格式
// chapter's items and the deadline in Beijing time → one item renamed, one removed, one added → applied:
// the checklist shows the items once (the defaults renamed, not doubled) and the project the new deadline.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, startNodeHost, repoRoot, collectProblems } from './fixtures';
import { tenderPdf } from '../helpers/tender-doc';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');

/** A host of its own with the page at `size` and the sample tender PDF written as `name`: `walk` runs logged in,
 * then no console error or remote request may have occurred; the host is stopped whatever happens. */
async function withTender(page: Page, size: { width: number; height: number }, name: string, walk: (pdf: string, dir: string) => Promise<void>) {
  mkdirSync(shots, { recursive: true });
  await page.setViewportSize(size);
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-tender-'));
  const pdf = path.join(dir, name);
  writeFileSync(pdf, await tenderPdf());
  const { handle, proc } = await startNodeHost();
  try {
    const problems = collectProblems(page);
    await page.goto(handle.loginUrl);
    await walk(pdf, dir);
    expect(problems).toEqual([]);
  } finally {
    proc.kill();
  }
}

/** A shot of the tender review (test/artifacts/screenshots/NAME.png), then applied: the dialog closes. */
async function shootAndApply(page: Page, name: string) {
  await page.mouse.move(2, 2);
  await page.screenshot({ path: path.join(shots, `${name}.png`), animations: 'disabled' });
  await page.getByTestId('tender-apply').click();
  await expect(page.getByTestId('tender-dialog')).toHaveCount(0);
}

/** Creates a project (deadline and opening 2026-12-28 09:00 Beijing time, one lot) over the API and opens it. */
async function openNewProject(page: Page, title: string, lot: string) {
  const created = await page.evaluate(
    async ([t, l]) =>
      (await fetch('/api/projects.create', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bidder: { id: 'b1', name: '福建某某建设有限公司', uscc: '91350100M000100Y43' }, title: t, platformId: 'reference', lots: [{ id: 'lot-1', name: l }], deadline: '2026-12-28T09:00:00+08:00', openingTime: '2026-12-28T09:00:00+08:00' }) })).json(),
    [title, lot],
  );
  await page.evaluate((id) => (location.hash = `#/projects/${id}`), created.value.id as string);
}

test('checklist from the tender document: import, review, edit, apply (zh-CN)', async ({ page }) => {
  test.setTimeout(120_000);
  await withTender(page, { width: 1440, height: 900 }, '某市政道路改造工程施工招标文件.pdf', async (pdf, dir) => {
    await openNewProject(page, '某市政道路改造工程施工', '第一标段');
    await expect(page.getByTestId('project-deadline')).toHaveText('2026-12-28 09:00（北京时间）');
    await expect(page.getByTestId('project-checklist').locator('tbody tr')).toHaveCount(6);

    await page.getByTestId('tender-open').click();
    await expect(page.getByTestId('tender-dialog')).toContainText('投标文件格式');
    await page.getByTestId('tender-drop').locator('input[type=file]').setInputFiles(pdf);
    await expect(page.getByTestId('tender-chapter')).toContainText('已从“某市政道路改造工程施工招标文件.pdf”的“第八章 投标文件格式”（第 4 页）找到 7 项材料', { timeout: 30_000 });
    const rows = page.getByTestId('tender-items').locator('tbody tr.ant-table-row');
    await expect(rows).toHaveCount(7);
    await expect(page.getByTestId('tender-title-0')).toHaveValue('投标函及投标函附录');
    await expect(page.getByTestId('tender-kind-4')).toContainText('报价清单');
    await expect(page.getByTestId('tender-deadline')).toContainText('采用投标截止时间：2026-12-20 09:30（北京时间）');
    await expect(page.getByTestId('tender-deadline')).toContainText('依据“投标文件递交的截止时间');
    await expect(page.getByTestId('tender-opening')).toContainText('采用开标时间：2026-12-20 09:30（北京时间）');
    await expect(page.getByTestId('tender-opening')).toContainText('依据“开标时间：同投标截止时间”（第 1 页）');

    // edit: rename 资格审查资料, drop 投标保证金, add 类似项目业绩
    await page.getByTestId('tender-title-6').fill('资格审查资料（含营业执照、资质证书）');
    await page.getByTestId('tender-remove-3').click();
    await expect(rows).toHaveCount(6);
    await page.getByTestId('tender-add').click();
    await page.getByTestId('tender-title-6').fill('类似项目业绩');
    await page.getByTestId('tender-kind-6').click();
    await page.locator('.ant-select-dropdown:visible').getByText('资格审查资料', { exact: true }).click();
    await expect(page.getByTestId('tender-kind-6')).toContainText('资格审查资料');
    await expect(page.getByTestId('tender-apply')).toHaveText('应用到清单（7 项）');
    await shootAndApply(page, 'tender-checklist-review-zh-CN');

    // the checklist: the six defaults, four renamed to the tender's words, plus the tender's other items
    const checklist = page.getByTestId('project-checklist');
    await expect(page.getByTestId('project-deadline')).toHaveText('2026-12-20 09:30（北京时间）');
    await expect(page.getByTestId('project-opening')).toHaveText('2026-12-20 09:30（北京时间）');
    const names = ['投标函及投标函附录', '法定代表人身份证明', '商务部分', '施工组织设计', '资格审查资料（含营业执照、资质证书）', '已标价工程量清单', '授权委托书', '类似项目业绩'];
    await expect(checklist.locator('tbody tr.ant-table-row')).toHaveCount(names.length);
    for (const [i, n] of names.entries()) await expect(checklist.locator('tbody tr.ant-table-row').nth(i)).toContainText(n);
    await expect(checklist).not.toContainText('投标保证金');
    await page.getByText('① 准备：应提交材料清单').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -160));
    await page.mouse.move(2, 2);
    await page.screenshot({ path: path.join(shots, 'tender-checklist-applied-zh-CN.png'), animations: 'disabled' });

    // the same tender again adds nothing twice
    await page.getByTestId('tender-open').click();
    await page.getByTestId('tender-drop').locator('input[type=file]').setInputFiles(pdf);
    await expect(rows).toHaveCount(7, { timeout: 30_000 });
    await page.getByTestId('tender-apply').click();
    await expect(page.getByTestId('tender-dialog')).toHaveCount(0);
    // only 投标保证金 (removed the first time) comes in, into the untouched default 商务部分; the widened name covers 资格审查资料
    await expect(checklist).toContainText('投标保证金');
    await expect(checklist.locator('tbody tr.ant-table-row')).toHaveCount(names.length);
    await expect(checklist).not.toContainText('商务部分');

    // a Word 97-2003 file: refused in Chinese with the way out
    const doc = path.join(dir, '招标文件.doc');
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    writeFileSync(doc, ole);
    await page.getByTestId('tender-open').click();
    await page.getByTestId('tender-drop').locator('input[type=file]').setInputFiles(doc);
    await expect(page.getByTestId('tender-dialog').locator('.ant-alert-error')).toContainText('请在 Word 或 WPS 中另存为 .docx 或 PDF 后再导入', { timeout: 30_000 });
    await expect(page.getByTestId('tender-dialog').locator('.ant-alert-error')).toContainText('E_TENDER_DOC_LEGACY');
  });
});

test('checklist from the tender document in English at 1024×700: the proposal, applied with its deadline', async ({ page }) => {
  test.setTimeout(90_000);
  await withTender(page, { width: 1024, height: 700 }, 'tender.pdf', async (pdf) => {
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
    await openNewProject(page, 'Road works', 'Lot 1');
    await page.getByTestId('tender-open').click();
    await page.getByTestId('tender-drop').locator('input[type=file]').setInputFiles(pdf);
    await expect(page.getByTestId('tender-chapter')).toContainText('7 items found in “第八章 投标文件格式” (page 4) of “tender.pdf”', { timeout: 30_000 });
    await expect(page.getByTestId('tender-kind-0')).toContainText('Bid letter');
    await expect(page.getByTestId('tender-deadline')).toContainText('Take the bid deadline: 2026-12-20 09:30 (Beijing time)');
    await shootAndApply(page, 'tender-checklist-review-en-US-1024');
    await expect(page.getByTestId('project-deadline')).toHaveText('2026-12-20 09:30 (Beijing time)');
    // the six defaults take the tender's names (投标保证金 into Commercial part), 授权委托书 comes new
    await expect(page.getByTestId('project-checklist').locator('tbody tr.ant-table-row')).toHaveCount(7);
    await expect(page.getByTestId('project-checklist')).toContainText('投标保证金');
    await expect(page.getByTestId('project-checklist')).not.toContainText('Commercial part');
  });
});
