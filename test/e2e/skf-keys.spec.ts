// The key manager (密钥管理) with a GM USB key, in Debian Chromium against the Node host: the software SKF
// library (test/soft-skf, its SM2 done by the system's libcrypto) holds the bidder's signing and encryption
// keys. The bidder picks the SKF key once; then signs two documents (one through the signing dialog, one
// through batch signing) and seals a bid with its test decryption, and each time only the PIN is asked —
// with the retry counter shown before it is typed, a wrong PIN saying how many tries remain. A key pulled
// out in the middle of an operation says so in Chinese (E_TOKEN_REMOVED). Screenshots at 1440×900.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems, startNodeHost } from './fixtures';
import { makeSm2Identities } from './sm2-identities';
import { minimalPdf, sealPng } from '../helpers/pdf';
import { softSkfSkip, SKF_PIN } from '../helpers/soft-skf';
import { buildSoftSkf, initSoftSkf, setSoftSkfPresent } from '../../scripts/soft-skf.mjs';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');
const USCC = '91350100M000100Y43';

async function shot(page: Page, name: string, scope?: Locator) {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    (document.activeElement as HTMLElement | null)?.blur();
  });
  await page.mouse.move(2, 2);
  if (scope) await scope.screenshot({ path: path.join(shots, `skf-${name}.png`), animations: 'disabled' });
  else await page.screenshot({ path: path.join(shots, `skf-${name}.png`), fullPage: true, animations: 'disabled' });
}

/** In a picker that already shows the session's SKF key: only the PIN field, with the retry counter before typing. */
async function expectOnlyPin(scope: Locator, p: string, tries: string) {
  await expect(scope.getByTestId(`${p}-ready`)).toContainText('某某建设集团有限公司');
  await expect(scope.getByTestId(`${p}-pin-tries`)).toHaveText(tries);
  await expect(scope.getByTestId(`${p}-pin`)).toBeVisible();
  await expect(scope.getByTestId(`${p}-pin`)).toHaveValue('');
  // nothing else is asked: no carrier kinds, no key list, no key file, no password
  for (const other of ['kind-skf', 'kind-software', 'skf-key', 'keyfile-input', 'keyfile-pick', 'password']) await expect(scope.getByTestId(`${p}-${other}`)).toHaveCount(0);
}

test.skip(!!softSkfSkip, `soft SKF: ${softSkfSkip}`);

test('key manager: the SKF key picked once; two documents signed and a bid sealed asking only the PIN; a key pulled out says so', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-skf-'));
  const { f } = makeSm2Identities(dir, { name: '某某建设集团有限公司', uscc: USCC }, 0x7100);
  const lib = buildSoftSkf();
  const device = path.join(dir, 'device');
  initSoftSkf({ dir: device, pin: SKF_PIN, container: 'BidKey', signKey: f('sign.key'), signCert: f('sign.crt'), encKey: f('enc.key'), encCert: f('enc.crt'), device: 'SoftKey-1', maxRetries: 6 });
  const docs = ['投标函.pdf', '报价一览表.pdf'].map((n, i) => {
    writeFileSync(f(n), minimalPdf({ pages: i + 1 }));
    return f(n);
  });
  writeFileSync(f('公章.png'), sealPng(240));
  writeFileSync(f('技术标.pdf'), Buffer.from('%PDF-1.7\n% 技术标\n'.repeat(500)));
  // the host's operator names the vendor library (the desktop app: the main process's dialog); the device lives in SOFTSKF_DIR
  const host = await startNodeHost({ SOFTSKF_DIR: device }, ['--skf-module', lib]);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    const problems = collectProblems(page);
    await page.goto(host.handle.loginUrl);
    await page.getByTestId('nav-documents').click();
    await expect(page.getByText('还没有待签章的文档')).toBeVisible();
    await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(docs);
    await expect(page.getByTestId('document-item')).toHaveCount(2);
    await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(f('公章.png'));

    // 1. the first document: the SKF key is picked once (listed with its tries before any PIN), then its PIN
    await page.getByTestId('document-item').filter({ hasText: '投标函' }).click();
    await expect(page.getByTestId('add-company')).toBeEnabled();
    await page.getByTestId('add-company').click();
    await page.getByTestId('sign-open').click();
    const modal = page.getByTestId('sign-modal');
    await modal.getByTestId('carrier-kind-skf').click();
    await expect(modal.getByTestId('carrier-skf-key')).toContainText('某某建设集团有限公司 签名');
    await expect(modal.getByTestId('carrier-skf-key')).toContainText('PIN 剩余 6 次');
    await shot(page, 'pick', page.locator('.ant-modal').filter({ has: modal }));
    await modal.getByTestId('carrier-skf-use').click();
    await expectOnlyPin(modal, 'carrier', 'PIN 剩余 6/6 次');
    await modal.getByTestId('carrier-pin').fill(SKF_PIN);
    await page.getByTestId('sign-confirm').click();
    await expect(modal).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId('signature-row')).toHaveCount(1);
    await expect(page.getByTestId('signature-details').first().or(page.getByTestId('signature-row').first())).toContainText('某某建设集团有限公司');

    // 2. the second document through batch signing: the key is already there, only the PIN; a wrong one says how many tries remain
    await page.getByTestId('document-check').nth(await indexOf(page, '报价一览表')).check();
    await page.getByTestId('batch-open').click();
    const batch = page.getByTestId('batch-modal');
    await expect(batch.getByTestId('batch-files').locator('li')).toHaveCount(1);
    await expectOnlyPin(batch, 'carrier', 'PIN 剩余 6/6 次');
    await shot(page, 'batch-pin', page.locator('.ant-modal').filter({ has: batch }));
    await batch.getByTestId('carrier-pin').fill('00000000');
    await page.getByTestId('batch-confirm').click();
    await expect(batch).toContainText('PIN 码错误，还可尝试 5 次', { timeout: 30_000 });
    await expect(batch.getByTestId('carrier-pin-tries')).toHaveText('PIN 剩余 5/6 次', { timeout: 10_000 });
    await shot(page, 'batch-wrong-pin', page.locator('.ant-modal').filter({ has: batch }));
    await batch.getByTestId('carrier-pin').fill(SKF_PIN);
    await page.getByTestId('batch-confirm').click();
    await expect(batch.getByTestId('batch-result').filter({ hasText: '报价一览表' })).toHaveAttribute('data-status', 'signed', { timeout: 60_000 });
    await page.getByTestId('batch-close').click();

    // 3. seal a bid: signer and test decryption are the same USB key (both certificates in its container) — two PINs, nothing else
    await page.getByTestId('nav-seal').click();
    await page.getByTestId('seal-file-drop').locator('input[type=file]').setInputFiles(f('技术标.pdf'));
    await expect(page.getByTestId('seal-selected')).toContainText('1', { timeout: 30_000 });
    await page.getByTestId('seal-next-1').click();
    await page.getByTestId('seal-recipient-certs').locator('input[type=file]').setInputFiles(f('platform.crt'));
    await expect(page.getByTestId('seal-recipient-certs-item')).toContainText('平台加密证书');
    await page.getByTestId('seal-bidder-cert').locator('input[type=file]').setInputFiles(f('enc.crt'));
    await expect(page.getByTestId('seal-bidder-cert-item')).toContainText('加密');
    await page.getByTestId('seal-tender-id').fill('JS-2026-0099');
    await page.getByTestId('seal-bidder-name').fill('某某建设集团有限公司');
    await page.getByTestId('seal-uscc').fill(USCC);
    await page.getByTestId('seal-next-2').click();
    const signer = page.getByTestId('seal-step-signer');
    const selfCheck = page.getByTestId('seal-self-check');
    // the wrong PIN before was followed by a right one: the counter is back to 6
    await expectOnlyPin(signer, 'carrier', 'PIN 剩余 6/6 次');
    await expectOnlyPin(selfCheck, 'seal-self-check-identity', 'PIN 剩余 6/6 次');
    await signer.getByTestId('carrier-pin').fill(SKF_PIN);
    await selfCheck.getByTestId('seal-self-check-identity-pin').fill(SKF_PIN);
    await shot(page, 'seal-pin');
    await page.getByTestId('seal-preflight').click();
    await expect(page.getByTestId('seal-preflight-verdict')).toHaveClass(/ant-alert-(success|warning)/);
    await expect(page.getByTestId('seal-checks').locator('[data-testid$=-fail]')).toHaveCount(0);
    await page.getByTestId('seal-run').click();
    await expect(page.getByTestId('seal-result')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('seal-result-selfcheck')).toContainText('试解密');
    await shot(page, 'sealed');
    // the key manager now knows it as this bidder's key for this tender (offered first in a later session)
    const ids = await page.evaluate(async (bidder) => (await fetch('/api/keys.identities', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bidder, project: 'JS-2026-0099' }) })).json(), USCC);
    expect(ids.value.identities).toEqual([expect.objectContaining({ kind: 'skf', chosen: true, validity: 'ok' })]);

    // 4. the key pulled out while it signs: E_TOKEN_REMOVED, in Chinese, and nothing written
    await page.getByTestId('nav-documents').click();
    await page.getByTestId('document-item').filter({ hasText: '投标函.pdf' }).click();
    await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(f('公章.png'));
    await expect(page.getByTestId('add-company')).toBeEnabled();
    await page.getByTestId('add-company').click();
    await page.getByTestId('sign-open').click();
    await expectOnlyPin(modal, 'carrier', 'PIN 剩余 6/6 次');
    await modal.getByTestId('carrier-pin').fill(SKF_PIN);
    const before = await page.getByTestId('document-item').count();
    writeFileSync(path.join(device, 'slow'), '400'); // every library call now takes 0.4 s
    await page.getByTestId('sign-confirm').click();
    await page.waitForTimeout(1200);
    setSoftSkfPresent(device, false);
    await expect(modal.locator('.ant-alert-error')).toContainText('操作过程中 USB Key 被拔出', { timeout: 60_000 });
    writeFileSync(path.join(device, 'slow'), '0');
    await expect(modal.getByTestId('carrier-not-present')).toBeVisible({ timeout: 15_000 });
    await shot(page, 'removed', page.locator('.ant-modal').filter({ has: modal }));
    await expect(page.getByTestId('document-item')).toHaveCount(before);
    // English is never shown in the Chinese dialog's error
    await expect(modal.locator('.ant-alert-error')).not.toContainText('removed during');
    setSoftSkfPresent(device, true);
    await expect(modal.getByTestId('carrier-not-present')).toHaveCount(0, { timeout: 15_000 });
    // no PIN was spent by any of this: the counter the key keeps is full
    expect(readFileSync(path.join(device, 'retry.user'), 'utf8').trim()).toBe('6 6');

    // the PIN states before typing: the final try warns, a locked key cannot be used
    const retries = path.join(device, 'retry.user');
    writeFileSync(retries, '1 6\n');
    await expect(modal.getByTestId('carrier-pin-final-try')).toContainText('最后一次机会', { timeout: 15_000 });
    await expect(modal.getByTestId('carrier-pin-tries')).toHaveText('PIN 剩余 1/6 次');
    await shot(page, 'final-try', page.locator('.ant-modal').filter({ has: modal }));
    writeFileSync(retries, '0 6\n');
    await expect(modal.getByTestId('carrier-pin-locked')).toContainText('已锁定', { timeout: 15_000 });
    await expect(modal.getByTestId('carrier-pin')).toBeDisabled();
    await expect(modal.getByTestId('carrier-pin-tries')).toHaveText('PIN 已锁定');
    await expect(page.getByTestId('sign-confirm')).toBeDisabled();
    await shot(page, 'locked', page.locator('.ant-modal').filter({ has: modal }));
    writeFileSync(retries, '6 6\n');
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
  }
});

/** The position of a document among the listed documents (the list's order is the store's). */
async function indexOf(page: Page, name: string): Promise<number> {
  const names = await page.getByTestId('document-item').allInnerTexts();
  const i = names.findIndex((n) => n.includes(name) && !n.includes('已签章'));
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}
