// The Certificates page in Debian Chromium against the Node host: import the openHiTLS SM2 signing and
// encryption certificates, see their roles and pairing, the encryption-expiry warning at a late bid
// opening time, the chain verdicts (untrusted → bad-signature under the strict SM2 ID policy → valid
// with the empty ID under lenient) after importing the root into the trust store and the intermediate
// into My certificates, and a SoftHSM2 token read through a custom driver path.
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, startNodeHost, collectProblems, openCertificates } from './fixtures';
import { createSoftHsmToken, softhsmSkip } from '../helpers/softhsm';

const VECTORS = path.resolve(repoRoot, '../shared/vectors/gm-x509-cms/openhitls/cert/sm2_cert');
const vector = (n: string) => path.join(VECTORS, n);
const shots = path.join(repoRoot, 'test/artifacts/screenshots');



/** Types an opening time into the DatePicker and confirms it. */
async function setOpening(page: Page, text: string) {
  const input = page.getByTestId('opening-time').locator('input');
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(text);
  await input.press('Enter');
  await expect(input).toHaveValue(text);
  await page.keyboard.press('Escape');
}

/** One card, cut from a full-page shot taken at the top (so the sticky header does not cover it). */
async function part(page: Page, testId: string, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(640, 4);
  const box = await page.getByTestId(testId).boundingBox();
  if (box) await page.screenshot({ path: path.join(shots, `certificates-${name}.png`), fullPage: true, clip: box, animations: 'disabled' });
}

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 }); // toasts fade out
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(640, 4);
  await page.screenshot({ path: path.join(shots, `certificates-${name}.png`), fullPage: true, animations: 'disabled' });
}

const pad = (n: number) => String(n).padStart(2, '0');
const nextWeek = () => {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} 10:00`;
};

test('certificates: import, pairing, opening-time expiry warning, trust store and SM2 ID policy', async ({ page, app }) => {
  test.skip(!existsSync(vector('sign.der')), `test vectors absent: ${VECTORS}`);
  const problems = collectProblems(page);
  await openCertificates(page, app.loginUrl);
  await expect(page.getByTestId('my-certificates-empty')).toBeVisible();
  await shot(page, 'empty');

  // Import the signing and encryption certificates (two files at once).
  await page.getByTestId('cert-import-input').setInputFiles([vector('sign.der'), vector('enc.der')]);
  const sign = page.getByTestId('my-cert-0');
  const enc = page.getByTestId('my-cert-1');
  await expect(sign).toHaveAttribute('data-role', 'signing');
  await expect(sign.getByTestId('cert-role')).toHaveText('签名证书');
  await expect(sign).toContainText('certificate.testsign.com');
  await expect(enc).toHaveAttribute('data-role', 'encryption');
  await expect(enc.getByTestId('cert-role')).toHaveText('加密证书');
  await expect(enc).toContainText('certificate.testenc.com');
  await expect(sign).toContainText('SM2');
  const pair = page.getByTestId('cert-pair');
  await expect(pair).toContainText('签名证书与加密证书成对');
  await expect(pair).toContainText('同一颁发机构');
  await expect(sign.getByTestId('cert-paired')).toContainText('certificate.testenc.com');

  // The list survives a reload (localStorage, public data only).
  await page.reload();
  await expect(page.getByTestId('my-cert-1')).toContainText('certificate.testenc.com');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('bidseal.certificates') ?? '[]') as Array<{ view: { role: string } }>);
  expect(stored.map((c) => c.view.role)).toEqual(['signing', 'encryption']);

  // Default opening time: next week, 09:30 → no expiry warning. 2035-01-01 is after 2034-04-16.
  await expect(page.getByTestId('opening-time').locator('input')).toHaveValue(/ 09:30$/);
  await expect(page.getByTestId('enc-expiry-warning')).toHaveCount(0);
  await setOpening(page, '2035-01-01 09:30');
  const warning = page.getByTestId('enc-expiry-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('加密证书将于 2034-04-16');
  await expect(warning).toContainText('早于开标时间 2035-01-01 09:30');
  await expect(warning).toContainText('不要在递交投标文件后、开标前更新证书');
  await expect(page.getByTestId('sign-expiry-warning')).toBeVisible();
  await expect(page.getByTestId('verdict-0').getByTestId('verdict-status')).not.toHaveAttribute('data-status', 'loading');
  await shot(page, 'enc-expiry-warning');
  await part(page, 'opening-check', 'opening-warning');
  await setOpening(page, nextWeek());
  await expect(page.getByTestId('enc-expiry-warning')).toHaveCount(0);
  await expect(page.getByTestId('sign-expiry-warning')).toHaveCount(0);

  // Strict policy, no CA yet: untrusted, with the plain-language hint.
  const status0 = page.getByTestId('verdict-0').getByTestId('verdict-status');
  const status1 = page.getByTestId('verdict-1').getByTestId('verdict-status');
  await expect(status0).toHaveAttribute('data-status', 'untrusted');
  await expect(status1).toHaveAttribute('data-status', 'untrusted');
  await expect(page.getByTestId('verdict-0')).toContainText('未找到可信的根证书：请在下方导入 CA 证书');

  // Trust the root: listed, but the chain still lacks the intermediate.
  await page.getByTestId('trust-import-input').setInputFiles(vector('ca.der'));
  const trusted = page.getByTestId('trusted-list');
  await expect(trusted).toContainText('certificate.testca.com');
  await expect(trusted).toContainText('手动导入');
  await expect(status0).toHaveAttribute('data-status', 'untrusted');

  // The intermediate goes into My certificates and is passed as an intermediate: strict → bad-signature
  // (these certificates were signed with the empty SM2 ID), lenient → valid with the empty ID.
  await page.getByTestId('cert-import-input').setInputFiles(vector('inter.der'));
  await expect(page.getByTestId('my-cert-2')).toHaveAttribute('data-role', 'ca');
  await expect(status0).toHaveAttribute('data-status', 'bad-signature');
  await expect(status1).toHaveAttribute('data-status', 'bad-signature');
  await expect(page.getByTestId('verdict-0')).toContainText('空 SM2 ID');
  await page.getByTestId('sm2-policy-lenient').click();
  await expect(status0).toHaveAttribute('data-status', 'valid');
  await expect(status1).toHaveAttribute('data-status', 'valid');
  await expect(page.getByTestId('verdict-2').getByTestId('verdict-status')).toHaveAttribute('data-status', 'valid');
  const sm2id = page.getByTestId('verdict-0').getByTestId('verdict-sm2id');
  await expect(sm2id).toHaveAttribute('data-sm2id', 'empty');
  await expect(sm2id).toContainText('空 ID');
  await expect(page.getByTestId('opening-all-valid')).toBeVisible();
  await shot(page, 'valid-lenient');
  await part(page, 'my-certificates', 'my-certificates');
  await part(page, 'opening-check', 'opening-check');

  // English.
  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(status0).toHaveText('Valid');
  await expect(page.getByTestId('my-cert-0').getByTestId('cert-role')).toHaveText('Signing');
  await shot(page, 'en-US');
  await page.getByTestId('lang-switch').getByText('中文').click();

  // Removing the root from the trust store makes the chain untrusted again.
  await trusted.getByTestId('trust-remove').first().click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /移\s*除/ }).click();
  await expect(trusted).not.toContainText('certificate.testca.com');
  await expect(status0).toHaveAttribute('data-status', 'untrusted');

  // Removing a certificate from My certificates.
  await page.getByTestId('my-cert-2').getByTestId('cert-remove').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /移\s*除/ }).click();
  await expect(page.getByTestId('my-cert-2')).toHaveCount(0);

  expect(problems).toEqual([]);
});

test('certificates: USB key read through a driver outside the install locations, named by the host operator (SoftHSM2)', async ({ page }) => {
  test.skip(!!softhsmSkip, softhsmSkip || '');
  const token = createSoftHsmToken({ label: 'BidSeal 测试 Key' });
  const env = Object.fromEntries(Object.entries(token.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  // a CA's driver in its own install folder: the Node host has no native dialog, so its operator names it
  const vendorDir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-vendor-'));
  const vendorDriver = path.join(vendorDir, 'libca-pkcs11.so');
  copyFileSync(token.modulePath, vendorDriver);
  const host = await startNodeHost(env, ['--pkcs11-module', vendorDriver]);
  try {
    const problems = collectProblems(page);
    await openCertificates(page, host.handle.loginUrl);
    const card = page.getByTestId('pkcs11-modules');
    await expect(card.locator('.ant-skeleton')).toHaveCount(0);

    // The browser cannot add a driver (no native dialog): a clear typed message, nothing loaded.
    await page.getByTestId('token-add-driver').click();
    await expect(page.locator('.ant-message-notice')).toContainText('此操作需要桌面版');
    await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });

    await page.getByTestId('token-module-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: vendorDriver }).click();
    await page.getByTestId('token-read').click();
    const slot = page.getByTestId('token-slot');
    await expect(slot.getByTestId('token-label')).toHaveText(token.label);
    await expect(slot.getByTestId('token-pin-state')).toHaveText('PIN 正常');
    await expect(slot.getByTestId('token-cert')).toHaveCount(2);
    await expect(slot.getByTestId('token-cert').first().getByTestId('token-cert-uri')).toContainText('pkcs11:');
    await slot.getByTestId('token-cert').first().getByTestId('token-cert-add').click();
    await expect(slot.getByTestId('token-cert').first().getByTestId('token-cert-add')).toBeDisabled();
    const added = page.getByTestId('my-cert-0');
    await expect(added).toBeVisible();
    await expect(added.getByTestId('cert-uri')).toContainText('pkcs11:');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('bidseal.certificates') ?? '[]') as Array<{ pkcs11Uri?: string }>);
    expect(stored).toHaveLength(1);
    expect(stored[0].pkcs11Uri).toMatch(/^pkcs11:.*token=/);
    await shot(page, 'usb-key');
    await part(page, 'pkcs11-modules', 'usb-key-card');
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
    token.cleanup();
  }
});

test('certificates: remaining-validity colours and an invalid USCC check character', async ({ page, app }) => {
  test.skip(!existsSync(vector('sign.der')), `test vectors absent: ${VECTORS}`);
  await openCertificates(page, app.loginUrl);
  await page.getByTestId('cert-import-input').setInputFiles([vector('sign.der'), vector('enc.der')]);
  await expect(page.getByTestId('my-cert-1')).toBeVisible();
  // Rewrite the stored public data (display only): the signing certificate ends in 10 days with a
  // USCC whose check character is wrong; the encryption certificate ended yesterday.
  await page.evaluate(() => {
    const list = JSON.parse(localStorage.getItem('bidseal.certificates') ?? '[]') as Array<{ view: Record<string, unknown> }>;
    const day = 86_400_000;
    list[0].view = { ...list[0].view, notAfter: new Date(Date.now() + 10 * day).toISOString(), uscc: { code: '91110000100000000X', valid: false }, organization: '北京某某建设工程有限公司' };
    list[1].view = { ...list[1].view, notAfter: new Date(Date.now() - day).toISOString() };
    localStorage.setItem('bidseal.certificates', JSON.stringify(list));
  });
  await page.reload();
  const sign = page.getByTestId('my-cert-0');
  const enc = page.getByTestId('my-cert-1');
  await expect(sign.getByTestId('cert-remaining')).toHaveAttribute('data-state', 'soon');
  await expect(sign.getByTestId('cert-uscc-invalid')).toHaveText('校验码错误');
  await expect(enc.getByTestId('cert-remaining')).toHaveAttribute('data-state', 'expired');
  // Expired already: the encryption warning shows at any future opening time.
  await expect(page.getByTestId('enc-expiry-warning')).toBeVisible();
  await part(page, 'my-certificates', 'states');
});
