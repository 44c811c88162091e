// Every screen of the zh-CN UI, walked from the navigation: no English word outside a fixed allowlist of
// names, standards and formats (BidSeal, PDF, SM2, USB Key…). Each leak is listed with the screen it is on.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, repoRoot, startNodeHost } from './fixtures';
import { minimalPdf, sealPng } from '../helpers/pdf';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');
mkdirSync(shots, { recursive: true });

/** Words that stay as they are in Chinese text: product and standard names, formats, units. */
const ALLOW = new Set(
  'BidSeal PDF OFD SM2 SM3 SM4 SHA RSA ECDSA ECC AES GCM CBC CTR PIN USB Key CA PKCS PKI CMS PAdES ETSI CAdES TSA OCSP CRL XLSX CSV ZIP JSON PNG JPEG JPG Word Excel OpenSSL Electron GB GM RFC ISO HTTPS HTTP URL URI API ID IP MB KB GB KiB MiB GiB TB SoftHSM OpenSC GmSSL Noto Sans SC Chrome Chromium Windows macOS Linux Acrobat pdfsig qpdf adbe pkcs detached p7m p7s pfx p12 pem der cer crt zip pdf png jpg jpeg xlsx csv json ofd docx doc xls PKCS11 OAEP localhost Node Shift Ctrl Enter Esc Tab'.split(' ').map((w) => w.toLowerCase()),
);

type Page = import('@playwright/test').Page;

/** The UI text of the page as a reader sees it, without data shown as data. */
async function englishWords(page: Page): Promise<string[]> {
  // data shown as data is not UI text: code and monospace values (paths, fingerprints, tool versions),
  // the language switch's own "English", anything marked lang="en", file names the user chose
  const text = await page.evaluate(() => {
    const root = document.body.cloneNode(true) as HTMLElement;
    for (const e of root.querySelectorAll('code, kbd, pre, .bs-mono, [lang^=en], [data-testid=lang-switch], [data-name], script, style')) e.remove();
    document.body.append(root);
    root.style.position = 'absolute';
    const t = root.innerText;
    root.remove();
    return t;
  });
  const words = text.replace(/\S*[/\\]\S*/g, ' ').replace(/\S+\.(pdf|png|esl|p7m)\b/gi, ' ').replace(/\b[0-9A-Fa-f:]*\d[0-9A-Fa-f:]*\b/g, ' ').match(/[A-Za-z][A-Za-z'-]{2,}/g) ?? [];
  return [...new Set(words)].filter((w) => !w.split('-').every((part) => !part || ALLOW.has(part.toLowerCase())));
}

/** Table cells squeezed so narrow that their text stands one character per line. */
async function squeezedCells(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.ant-table th, .ant-table td')]
      .filter((c) => (c as HTMLElement).offsetParent !== null)
      .flatMap((c) => {
        const el = c as HTMLElement;
        const text = el.innerText.trim();
        const fs = parseFloat(getComputedStyle(el).fontSize) || 14;
        const lines = el.getBoundingClientRect().height / (fs * 1.5);
        return text.length >= 3 && el.clientWidth < fs * 2.5 + 16 && lines > 2.5 ? [text.slice(0, 20)] : [];
      }),
  );
}

for (const [w, h] of [
  [1440, 900],
  [1024, 700],
] as const) {
  test(`zh-CN at ${w}×${h}: no English words on any screen, no column one character wide`, async ({ page }) => {
    test.setTimeout(150_000);
    await page.setViewportSize({ width: w, height: h });
    // its own host with an empty data folder: documents and certificates other walks left behind are data
    const { handle, proc } = await startNodeHost();
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-zh-'));
    writeFileSync(path.join(dir, '投标函.pdf'), minimalPdf({ pages: 2 }));
    writeFileSync(path.join(dir, '公章.png'), sealPng(200));
    try {
      await page.goto(handle.loginUrl);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      const navs = await page.locator('[data-testid^=nav-]').evaluateAll((es) => es.map((e) => e.getAttribute('data-testid')!));
      const leaks: string[] = [];
      const squeezed: string[] = [];
      const look = async (where: string) => {
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        for (const word of await englishWords(page)) leaks.push(`${where}: ${word}`);
        for (const c of await squeezedCells(page)) squeezed.push(`${where}: ${c}`);
      };
      for (const nav of navs) {
        await page.getByTestId(nav).click();
        // the section's code loads when first visited: until it has, the previous screen is still shown
        await expect(page.getByTestId(nav.replace(/^nav-/, 'section-'))).toBeVisible({ timeout: 20_000 });
        await look(nav);
        // every tab of the screen
        const tabs = page.locator('main .ant-tabs-tab');
        for (let i = 0; i < (await tabs.count()); i++) {
          await tabs.nth(i).click();
          await look(`${nav} tab ${i + 1}`);
        }
        if (nav === 'nav-documents') {
          // a document open with a seal image: the seal panel, the page view, the library
          await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(path.join(dir, '投标函.pdf'));
          await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-pages', '2', { timeout: 20_000 });
          await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(path.join(dir, '公章.png'));
          await expect(page.getByTestId('add-company')).toBeEnabled();
          await look(`${nav} with a document`);
          // the seal controls are reached without scrolling a page's length
          const top = await page.getByTestId('add-company').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
          expect(top, `seal buttons at ${Math.round(top)} px`).toBeLessThan(h * 1.4);
          await page.screenshot({ path: path.join(shots, `zh-walk-documents-${w}.png`), animations: 'disabled' });
        }
        if (nav === 'nav-platforms') {
          await page.getByTestId('platforms-search').fill('福建');
          await expect(page.getByTestId('platforms-search-add')).toBeVisible();
          await look(`${nav} search without a hit`);
          await page.getByTestId('platforms-search').fill('');
          await page.locator('.bs-platform-row').first().click();
          await look(`${nav} platform detail`);
          await page.keyboard.press('Escape');
        }
        if (nav === 'nav-projects') {
          await page.screenshot({ path: path.join(shots, `zh-walk-projects-${w}.png`), animations: 'disabled' });
        }
        if (nav === 'nav-seal') {
          // the date picker's month and weekday names
          const picker = page.locator('main .ant-picker').first();
          if (await picker.count()) {
            await picker.click();
            await expect(page.locator('.ant-picker-dropdown:visible')).toBeVisible();
            await look(`${nav} date picker`);
            const head = await page.locator('.ant-picker-dropdown:visible .ant-picker-header-view').innerText();
            expect(head).toMatch(/年/);
            expect(head).toMatch(/月/);
            await page.keyboard.press('Escape');
          }
        }
      }
      expect(leaks).toEqual([]);
      expect(squeezed).toEqual([]);
    } finally {
      proc.kill();
    }
  });
}
