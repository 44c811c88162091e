// The 交易平台 page in Chromium against the Node host: the twelve participating platforms from the
// signed directory in zh-CN and en-US, filters, one platform's rules (unpublished fields marked "to be
// confirmed"), a refused directory import, adding and removing a platform of one's own with its
// encryption certificate, and the usage statistics exported as CSV.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems } from './fixtures';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');
const ZH = ['北京市公共资源交易平台', '上海市公共资源交易平台', '浙江省公共资源交易平台', '山东省公共资源交易平台', '河南省公共资源交易平台', '重庆市公共资源交易平台', '深圳市公共资源交易平台', '杭州市公共资源交易平台', '广州市公共资源交易平台', '中国华能集团电子采购平台', '中国电力建设集团电子采购平台', '江苏省招标中心电子招标采购平台'];
const EN = [...['Beijing', 'Shanghai', 'Zhejiang', 'Shandong', 'Henan', 'Chongqing', 'Shenzhen', 'Hangzhou', 'Guangzhou'].map((c) => `${c} Public Resource Trading Platform`), 'China Huaneng Group e-Procurement Platform', 'PowerChina e-Procurement Platform', 'Jiangsu Tendering Center e-Procurement Platform'];

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(640, 4);
  await page.screenshot({ path: path.join(shots, `platforms-${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Picks an option of an antd Select by its visible label. */
async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText(label, { exact: true }).click();
}

test('platforms: twelve platforms with their rules in both languages, custom platform, statistics export', async ({ page, app }) => {
  const problems = collectProblems(page);
  await page.goto(app.loginUrl);
  await page.getByTestId('nav-platforms').click();
  await expect(page.getByTestId('section-platforms')).toBeVisible();

  // The signed directory and the twelve participating platforms (zh-CN).
  await expect(page.getByTestId('directory-verified')).toBeVisible();
  await expect(page.getByTestId('directory-version')).toContainText('目录版本');
  const table = page.getByTestId('platforms-table');
  await expect(table.locator('tbody tr')).toHaveCount(12);
  for (const name of ZH) await expect(table.getByText(name, { exact: true })).toBeVisible();
  await expect(page.getByTestId('platform-row-reference')).toHaveText('本地演示平台');
  await shot(page, 'zh-CN');

  // Filters: a region, then a business type.
  await choose(page, 'platforms-filter-region', '广东省深圳市');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('platforms-filter-region').locator('.ant-select-clear').click();
  await choose(page, 'platforms-filter-business', '企业招标采购');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('platforms-filter-business').locator('.ant-select-clear').click();
  await page.getByTestId('platforms-search').fill('杭州');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('platforms-search').fill('');
  await expect(table.locator('tbody tr')).toHaveCount(12);

  // One platform's rules: unpublished values are marked, the procedure and the remedy note are there.
  await page.getByTestId('platform-details-jiangsu-tendering').click();
  const drawer = page.getByTestId('platform-detail');
  await expect(page.getByTestId('platform-detail-title')).toHaveText('江苏省招标中心电子招标采购平台');
  await expect(drawer.getByTestId('tbc-tag').first()).toBeVisible();
  expect(await drawer.getByTestId('tbc-tag').count()).toBeGreaterThanOrEqual(6);
  await expect(drawer.getByTestId('platform-custody')).toContainText('投标人自行解密');
  await expect(drawer.getByTestId('platform-procedure').locator('li')).toHaveCount(5);
  await expect(drawer.getByText('未加密的备份文件', { exact: false })).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'platforms-detail-zh-CN.png'), animations: 'disabled' });
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // Importing the shipped bundle again is refused: not newer.
  await page.getByTestId('directory-import-input').setInputFiles([path.join(repoRoot, 'platforms/directory.json'), path.join(repoRoot, 'platforms/directory.json.sig')]);
  await expect(page.locator('.ant-message-notice').getByText('E_DIRECTORY_NOT_NEWER', { exact: false }).or(page.locator('.ant-message-notice').getByText('版本不高于当前版本', { exact: false }))).toBeVisible();

  // A platform of one's own, with the reference platform's encryption certificate.
  await page.getByTestId('platform-add').click();
  const form = page.getByTestId('custom-platform-form');
  await page.getByTestId('custom-name').fill('某市电子招投标交易平台（自定义）');
  await page.getByTestId('custom-cert-input').setInputFiles(path.join(repoRoot, 'platform-server/demo-pki/platform-enc.crt.pem'));
  await expect(page.getByTestId('custom-certs')).toContainText('platform-enc.crt.pem');
  await page.getByTestId('custom-endpoint').fill('https://bids.example.cn/files/');
  await page.screenshot({ path: path.join(shots, 'platforms-add-custom.png'), animations: 'disabled' });
  await page.locator('.ant-modal-footer').getByRole('button', { name: /添\s*加/ }).click();
  await expect(form).toBeHidden();
  const others = page.getByTestId('platforms-other-table');
  await expect(others.getByText('某市电子招投标交易平台（自定义）')).toBeVisible();
  await others.getByText('某市电子招投标交易平台（自定义）').click();
  await expect(page.getByTestId('platform-custody')).toContainText('平台证书 1 张');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('platform-detail')).toBeHidden();
  await shot(page, 'custom-added');
  await others.locator('[data-testid^="platform-remove-"]').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).click();
  await expect(others.getByText('某市电子招投标交易平台（自定义）')).toHaveCount(0);

  // Usage statistics: the table (no bids in a fresh data folder) and the CSV export.
  await expect(page.getByTestId('stats-table')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('stats-export-csv').click();
  const csv = readFileSync(await (await download).path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString('utf8')).toContain('月份,平台标识,平台名称,生成投标文件数');

  // English.
  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(table.locator('tbody tr')).toHaveCount(12);
  for (const name of EN) await expect(table.getByText(name, { exact: true })).toBeVisible();
  await shot(page, 'en-US');
  await page.getByTestId('platform-row-reference').click();
  await expect(page.getByTestId('platform-detail-title')).toHaveText('Local reference platform');
  await expect(page.getByTestId('platform-detail')).toContainText('http://127.0.0.1:8790/files/');
  await page.screenshot({ path: path.join(shots, 'platforms-detail-en-US.png'), animations: 'disabled' });

  expect(problems).toEqual([]);
});
