// The Seal & encrypt section in Debian Chromium against the Node host: import bid documents, seal them to a
// platform's SM2 encryption certificate and the bidder's own with an SM2 key file as signer (certificates
// made by OpenSSL), see every pre-flight check pass, the progress with phase and bytes, the result with
// hashes and the backup copy; inspect the envelope without a key; open it with the bidder's encryption key
// and see every document verified; the generation history lists it. Screenshots in zh-CN.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems } from './fixtures';
import { makeSm2Identities } from './sm2-identities';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');
const USCC = '91350100M000100Y43';

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(640, 4);
  await page.screenshot({ path: path.join(shots, `seal-${name}.png`), fullPage: true, animations: 'disabled' });
}

async function choose(page: Page, testId: string, text: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

/** The bidder's SM2 signing and encryption identities (key + certificate in one PEM) and a platform certificate. */
const makeIdentities = (dir: string) => makeSm2Identities(dir, { name: '某某建设集团有限公司', uscc: USCC }, 0x5100);

test('seal: key file signer to a recipient certificate, pre-flight, progress, result; inspect; open and verify; history', async ({ page, app }) => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-seal-'));
  const id = makeIdentities(dir);
  const docs = [path.join(dir, '投标函.pdf'), path.join(dir, '技术标.pdf')];
  writeFileSync(docs[0], Buffer.from('%PDF-1.7\n% 投标函\n'.repeat(2000)));
  // a larger document so the progress is seen
  const big = Buffer.alloc(24 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
  writeFileSync(docs[1], big);
  const problems = collectProblems(page);

  await page.goto(app.loginUrl);
  await page.getByTestId('nav-seal').click();
  await expect(page.getByTestId('section-seal')).toBeVisible();

  // 1. documents: imported here, selected at once
  await page.getByTestId('seal-file-drop').locator('input[type=file]').setInputFiles(docs);
  await expect(page.getByTestId('seal-selected')).toContainText('2', { timeout: 60_000 });
  await expect(page.getByTestId('seal-next-1')).toBeEnabled();
  await shot(page, 'documents');
  await page.getByTestId('seal-next-1').click();

  // 2. recipients and tender
  await page.getByTestId('seal-recipient-certs').locator('input[type=file]').setInputFiles(id.platformCert);
  await expect(page.getByTestId('seal-recipient-certs-item')).toContainText('平台加密证书');
  await page.getByTestId('seal-bidder-cert').locator('input[type=file]').setInputFiles(id.encCert);
  await expect(page.getByTestId('seal-bidder-cert-item')).toContainText('加密');
  await page.getByTestId('seal-tender-id').fill('JS-2026-0042');
  await page.getByTestId('seal-lot').fill('第一标段');
  await page.getByTestId('seal-title').fill('某道路改造工程施工');
  await page.getByTestId('seal-bidder-name').fill('某某建设集团有限公司');
  await page.getByTestId('seal-uscc').fill(USCC.toLowerCase());
  await shot(page, 'recipients');
  await page.getByTestId('seal-next-2').click();

  // 3. signer (key file), test decryption identity, pre-flight
  await page.getByTestId('carrier-keyfile-input').setInputFiles(id.sign);
  await expect(page.getByTestId('carrier-ready')).toBeVisible();
  await page.getByTestId('seal-self-check-identity-keyfile-input').setInputFiles(id.enc);
  await expect(page.getByTestId('seal-self-check-identity-keyfile-ready')).toBeVisible();
  await page.getByTestId('seal-preflight').click();
  // pass, or pass with warnings (revocation cannot be checked without an imported CA: a WARN, never a FAIL)
  await expect(page.getByTestId('seal-preflight-verdict')).toHaveClass(/ant-alert-(success|warning)/);
  const checks = page.getByTestId('seal-checks');
  for (const c of ['recipientValidAtOpening', 'bidderRecipient', 'bidderRenewal', 'signerValid', 'signerMatchesBidder', 'custody', 'size']) await expect(checks.getByTestId(`check-${c}-pass`).first()).toBeVisible();
  await expect(checks.locator('[data-testid$=-fail]')).toHaveCount(0);
  await shot(page, 'preflight');

  // 4. seal: progress with phase and bytes, then the result
  await page.getByTestId('seal-run').click();
  await expect(page.getByTestId('seal-progress')).toBeVisible();
  await expect(page.getByTestId('seal-progress')).toContainText(/MB/);
  await expect(page.getByTestId('seal-result')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('seal-result-name')).toHaveText('JS-2026-0042-第一标段-某某建设集团有限公司.p7m');
  await expect(page.getByTestId('seal-result-selfcheck')).toContainText('试解密');
  await expect(page.getByTestId('seal-result-details')).toContainText('SHA-256');
  await expect(page.getByTestId('seal-export-backup')).toBeVisible();
  await shot(page, 'result');

  // the sealed file in the store equals what the result says
  const listed = await page.evaluate(async () => (await fetch('/api/files.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tags: { kind: 'sealed-bid' } }) })).json());
  expect(listed.value.files).toHaveLength(1);

  // inspect without a key
  await page.getByTestId('seal-tab-inspect').click();
  await choose(page, 'inspect-picker', 'JS-2026-0042');
  await expect(page.getByTestId('inspect-cipher')).toHaveText('SM4-CBC');
  await expect(page.getByTestId('inspect-recipients').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('inspect-recipients')).toContainText('6101');
  await shot(page, 'inspect');

  // open and verify with the bidder's encryption key
  await page.getByTestId('seal-tab-open').click();
  await choose(page, 'open-picker', 'JS-2026-0042');
  // the key file picked for the test decryption is this session's decryption key: not asked for again
  await expect(page.getByTestId('open-identity-keyfile-ready')).toBeVisible();
  await expect(page.getByTestId('open-identity-keyfile-input')).toHaveCount(0);
  await page.getByTestId('open-run').click();
  await expect(page.getByTestId('open-verdict')).toHaveClass(/ant-alert-success/, { timeout: 60_000 });
  await expect(page.getByTestId('open-verdict')).toContainText('完整有效');
  await expect(page.getByTestId('open-files').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('open-files')).toContainText('技术标.pdf');
  await shot(page, 'open');

  // generation history
  await page.getByTestId('seal-tab-history').click();
  await expect(page.getByTestId('seal-history').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('seal-history')).toContainText('某道路改造工程施工');
  await shot(page, 'history');

  // en-US: the result page of the wizard and the check names read in English
  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(page.getByTestId('seal-tab-history')).toHaveText(/History/);
  await page.getByTestId('seal-tab-wizard').click();
  await expect(page.getByTestId('seal-result')).toContainText('The bid is sealed');
  await shot(page, 'result-en');

  // the next step from the result: the upload page with the sealed file already chosen
  await page.getByTestId('seal-go-upload').click();
  await expect(page.getByTestId('upload-enqueue')).toContainText('JS-2026-0042-第一标段-某某建设集团有限公司.p7m');

  expect(problems).toEqual([]);
});
