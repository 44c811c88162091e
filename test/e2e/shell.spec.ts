// The renderer shell in Debian Chromium against the Node host: zh-CN by default, every section
// reachable from the navigation (screenshots of each in both languages), the language switch and
// its persistence, the diagnostics card fed by app.doctor, and no CSP/console errors on the way.
import path from 'node:path';
import { test, expect, repoRoot, collectProblems } from './fixtures';
import type { Page } from '@playwright/test';

const SECTIONS = ['projects', 'documents', 'seal', 'upload', 'vault', 'certificates', 'platforms', 'settings'] as const;
const ZH_LABELS = ['投标项目', '文档签章', '密封加密', '上传', '资料库', '证书', '交易平台', '设置'];
const EN_LABELS = ['Bid projects', 'Documents & signing', 'Seal & encrypt', 'Upload', 'Vault', 'Certificates', 'Platforms', 'Settings'];
const shots = path.join(repoRoot, 'test/artifacts/screenshots');

async function visitAll(page: Page, lang: 'zh-CN' | 'en-US', labels: string[]) {
  for (const [i, s] of SECTIONS.entries()) {
    const nav = page.getByTestId(`nav-${s}`);
    await expect(nav).toContainText(labels[i]);
    await nav.click();
    await expect(page).toHaveURL(new RegExp(`#/${s}$`));
    await expect(page.getByTestId(`section-${s}`)).toBeVisible();
    await expect(nav).toHaveClass(/ant-menu-item-selected/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(labels[i]);
    await expect(page).toHaveTitle(new RegExp(`^${labels[i]} · BidSeal`));
    if (s === 'settings') await expect(page.getByTestId('doctor-node')).toBeVisible();
    if (s === 'certificates') await expect(page.getByTestId('pkcs11-modules').locator('.ant-skeleton')).toHaveCount(0);
    await page.mouse.move(640, 4); // no hover highlight in the shot
    await page.screenshot({ path: path.join(shots, `${lang}-${s}.png`), fullPage: true, animations: 'disabled' });
  }
}

test('shell: zh-CN default, every section, English switch that survives a reload, diagnostics', async ({ page, app }) => {
  const problems = collectProblems(page);
  await page.goto(app.loginUrl);

  // zh-CN by default, landing on Bid projects.
  await expect(page.getByTestId('section-projects')).toBeVisible();
  await expect(page).toHaveURL(/#\/projects$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('nav-projects')).toContainText('投标项目');
  await expect(page.getByText('未选择投标人')).toBeVisible();
  await expect(page.getByTestId('host-indicator')).toContainText('本地浏览器模式');
  // Projects belong to a bidder: with none chosen yet, the page sends the user to the Vault first.
  await expect(page.getByText('请先选择投标人')).toBeVisible();
  await expect(page.getByTestId('projects-to-vault')).toBeVisible();

  await visitAll(page, 'zh-CN', ZH_LABELS);

  // Platforms lists the 12 participating platforms.
  await page.getByTestId('nav-platforms').click();
  await expect(page.getByTestId('platforms-table').locator('tbody tr')).toHaveCount(12);
  await expect(page.getByText('北京市公共资源交易平台')).toBeVisible();

  // Switch to English.
  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page.getByTestId('nav-projects')).toContainText('Bid projects');
  await expect(page.getByText('No bidder selected')).toBeVisible();

  await visitAll(page, 'en-US', EN_LABELS);

  // The choice survives a reload.
  await page.reload();
  await expect(page.getByTestId('section-settings')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page.getByTestId('nav-settings')).toContainText('Settings');

  // Diagnostics show the host's Node version (the host runs on this same Node binary).
  const node = page.getByTestId('doctor-node');
  await expect(node).toHaveText(`v${process.versions.node}`);
  await expect(page.getByTestId('doctor-tools').locator('tbody tr').first()).toBeVisible();
  await page.getByTestId('diagnostics-refresh').click();
  await expect(node).toHaveText(`v${process.versions.node}`);

  // And back to Chinese from the Settings card.
  await page.getByTestId('settings-language').getByText('简体中文').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('nav-settings')).toContainText('设置');

  expect(problems).toEqual([]);
});

test('shell: navigation works from the keyboard and focus is visible', async ({ page, app }) => {
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('section-projects')).toBeVisible();
  // Landmarks: navigation, banner, main.
  await expect(page.getByRole('navigation')).toHaveCount(1);
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);

  // Tab into the menu, arrow down to its first item (Bid projects), once more to Documents, Enter.
  const menu = page.getByRole('navigation').getByRole('menu');
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await menu.evaluate((m) => m.contains(document.activeElement))) break;
  }
  expect(await menu.evaluate((m) => m.contains(document.activeElement))).toBe(true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-projects')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-documents')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('section-documents')).toBeVisible();
});
