// Every screen of the zh-CN UI, walked from the navigation: no English word outside a fixed allowlist of
// names, standards and formats (BidSeal, PDF, SM2, USB Key…). Each leak is listed with the screen it is on.
import { test, expect, startNodeHost } from './fixtures';

/** Words that stay as they are in Chinese text: product and standard names, formats, units. */
const ALLOW = new Set(
  'BidSeal PDF OFD SM2 SM3 SM4 SHA RSA ECDSA ECC AES GCM CBC CTR PIN USB Key CA PKCS PKI CMS PAdES ETSI CAdES TSA OCSP CRL XLSX CSV ZIP JSON PNG JPEG JPG Word Excel OpenSSL Node Electron GB GM RFC ISO HTTPS HTTP URL URI API ID IP MB KB GB KiB MiB GiB TB SoftHSM OpenSC GmSSL Noto Sans SC Chrome Chromium Windows macOS Linux Acrobat pdfsig qpdf adbe pkcs detached ETSI p7m p7s pfx p12 pem der cer crt zip pdf png jpg jpeg xlsx csv json ofd docx doc xls PKCS11 npm host localhost'.split(' ').map((w) => w.toLowerCase()),
);

test('zh-CN: no English words on any screen', async ({ page }) => {
  test.setTimeout(120_000);
  // its own host with an empty data folder: documents and certificates other walks left behind are data
  const { handle, proc } = await startNodeHost();
  await page.goto(handle.loginUrl);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const navs = await page.locator('[data-testid^=nav-]').evaluateAll((es) => es.map((e) => e.getAttribute('data-testid')!));
  const leaks: string[] = [];
  for (const nav of navs) {
    await page.getByTestId(nav).click();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    // data shown as data is not UI text: code and monospace values (paths, fingerprints, tool versions),
    // the language switch's own "English", anything marked lang="en"
    const text = await page.evaluate(() => {
      const root = document.body.cloneNode(true) as HTMLElement;
      for (const e of root.querySelectorAll('code, kbd, pre, .bs-mono, [lang^=en], [data-testid=lang-switch], script, style')) e.remove();
      document.body.append(root);
      root.style.position = 'absolute';
      const t = root.innerText;
      root.remove();
      return t;
    });
    const words = text.replace(/\S*[/\\]\S*/g, ' ').replace(/\b[0-9A-Fa-f:]*\d[0-9A-Fa-f:]*\b/g, ' ').match(/[A-Za-z][A-Za-z'-]{2,}/g) ?? [];
    for (const w of new Set(words)) if (!ALLOW.has(w.toLowerCase())) leaks.push(`${nav}: ${w}`);
  }
  proc.kill();
  expect(leaks).toEqual([]);
});
