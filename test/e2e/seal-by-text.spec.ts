// Seals placed by the document's words, in both languages at 1440×900 and 1024×700: import a bid whose
// pages ask for seals in words (an embedded Noto Sans SC subset), find the places, put the company seal and
// the legal representative's seal on every one, look at them, sign once with a key file; the re-check shows
// every place sealed. At 1024×700 the seal controls sit beside the page, not a screen below it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems, signWithKeyFile } from './fixtures';
import { sealPng } from '../helpers/pdf';
import { sealDocPdf } from '../helpers/seal-doc';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');

function identity(dir: string): string {
  const f = (n: string) => path.join(dir, n);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('k.pem'), '-out', f('c.pem'), '-subj', '/CN=Bidder Co Ltd', '-days', '30'], { stdio: 'pipe' });
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', f('k.pem'), '-in', f('c.pem'), '-out', f('k.p12'), '-passout', 'pass:seal-pass-1'], { stdio: 'pipe' });
  return f('k.p12');
}

/** an option of a short antd Select (no search), by its text */
async function choose(page: Page, testId: string, text: string) {
  // by keyboard: the seal images are listed in the order they were imported (公章.png, 法人章.png)
  await page.getByTestId(testId).click();
  for (let i = 0; i < 4 && !(await page.getByTestId(testId).textContent())?.includes(text); i++) {
    await page.keyboard.press(i === 0 ? 'Home' : 'ArrowDown');
    await page.keyboard.press('Enter');
    if (!(await page.getByTestId(testId).textContent())?.includes(text)) await page.getByTestId(testId).click();
  }
  await expect(page.getByTestId(testId)).toContainText(text);
  await page.keyboard.press('Escape');
}

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.mouse.move(2, 2);
  await page.screenshot({ path: path.join(shots, `seal-by-text-${name}.png`), animations: 'disabled' });
}

for (const [lang, size] of [['zh-CN', { width: 1440, height: 900 }], ['en-US', { width: 1024, height: 700 }], ['zh-CN', { width: 1024, height: 700 }]] as const) {
  test(`seal by the words: find, place, review, sign (${lang}, ${size.width}×${size.height})`, async ({ page, app }) => {
    test.setTimeout(120_000);
    mkdirSync(shots, { recursive: true });
    await page.setViewportSize(size);
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-bytext-'));
    const pdf = path.join(dir, '投标文件.pdf');
    writeFileSync(pdf, await sealDocPdf());
    writeFileSync(path.join(dir, '公章.png'), sealPng(240));
    writeFileSync(path.join(dir, '法人章.png'), sealPng(120));
    const p12 = identity(dir);
    const problems = collectProblems(page);
    const tag = `${lang}-${size.width}`;

    await page.goto(app.loginUrl);
    if (lang === 'en-US') {
      await page.getByTestId('lang-switch').getByText('English').click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
    }
    await page.getByTestId('nav-documents').click();
    await expect(page.getByTestId('section-documents')).toBeVisible();
    await expect(page.getByTestId('documents-import')).toHaveCount(1);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(pdf);
    const viewer = page.getByTestId('pdf-viewer');
    await expect(viewer).toHaveAttribute('data-pages', '3', { timeout: 30_000 });
    await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(path.join(dir, '公章.png'));
    await expect(page.getByTestId('add-company')).toBeEnabled();
    await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(path.join(dir, '法人章.png'));
    await expect(page.getByTestId('seal-image-select')).toContainText('法人章.png');
    // the company seal back to 公章, the personal one 法人章
    await choose(page, 'seal-image-select', '公章.png');
    await choose(page, 'personal-image-select', '法人章.png');

    await page.getByTestId('bytext-find').click();
    const list = page.getByTestId('bytext-places').locator('li');
    await expect(list).toHaveCount(5, { timeout: 30_000 }); // the host loads pdf.js on the first search
    await expect(page.getByTestId('bytext-summary')).toHaveText(lang === 'zh-CN' ? '共 5 处，5 处未盖章' : '5 places, 5 without a seal');
    await page.getByTestId('bytext-place').click();
    await expect(page.getByTestId('placements').locator('li')).toHaveCount(5);
    await expect(viewer.locator('[data-testid=placed-seal][data-kind=company]')).toHaveCount(3);
    await expect(viewer.locator('[data-testid=placed-seal][data-kind=personal]')).toHaveCount(2);
    // the seal controls beside the page: the find button is within the first screen
    const panel = (await page.getByTestId('bytext-panel').boundingBox())!;
    const pv = (await viewer.boundingBox())!;
    expect(panel.x).toBeGreaterThan(pv.x + pv.width - 5);
    await viewer.locator('.bs-doc-pages canvas[data-rendered=true]').first().waitFor();
    await viewer.locator('[data-testid=placed-seal][data-kind=company]').first().scrollIntoViewIfNeeded();
    await shot(page, `${tag}-placed`);

    await expect(page.getByTestId('sign-open')).toContainText(lang === 'zh-CN' ? '2 个签名' : '2');
    await signWithKeyFile(page, p12, 'seal-pass-1', 'Bidder Co Ltd', 2);

    await page.getByTestId('bytext-find').click();
    await expect(page.getByTestId('bytext-summary')).toHaveText(lang === 'zh-CN' ? '共 5 处，0 处未盖章' : '5 places, 0 without a seal');
    await expect(page.getByTestId('bytext-places').locator('li[data-covered=true]')).toHaveCount(5);
    await shot(page, `${tag}-signed`);
    expect(problems).toEqual([]);
  });
}
