// The Certificates page in Debian Chromium against the Node host: import the openHiTLS SM2 signing and
// encryption certificates, see their roles and pairing, the encryption-expiry warning at a late bid
// opening time, the chain verdicts (untrusted → bad-signature under the strict SM2 ID policy → valid
// with the empty ID under lenient) after importing the root into the trust store and the intermediate
// into My certificates, and a SoftHSM2 token read through a custom driver path. My certificates are the
// current bidder's vault certificates: the same store as the vault's "CA 证书" tab (checked both ways),
// locked with the vault, and the old localStorage list moves into it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, startNodeHost, collectProblems, openCertificates, openKeyFile } from './fixtures';
import { createSoftHsmToken, softhsmSkip } from '../helpers/softhsm';
import { shot as pageShot, unlock, vaultWithBidder } from './vault-helpers';
import { minimalPdf, sealPng } from '../helpers/pdf';

const PASS = 'bidder vault passphrase 2026';
const BIDDER = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' };

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

const shot = (page: Page, name: string) => pageShot(page, 'certificates', name);
/** one card, cut from a full-page shot */
const part = (page: Page, testId: string, name: string) => pageShot(page, 'certificates', name, testId);

const pad = (n: number) => String(n).padStart(2, '0');
const nextWeek = () => {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} 10:00`;
};

test('certificates: import, pairing, opening-time expiry warning, trust store and SM2 ID policy', async ({ page, app }) => {
  test.skip(!existsSync(vector('sign.der')), `test vectors absent: ${VECTORS}`);
  const problems = collectProblems(page);
  await openCertificates(page, app.loginUrl);
  // no vault yet: My certificates say where they live and lead there
  await expect(page.getByTestId('my-certificates-no-store')).toContainText('尚未创建资料库');
  await vaultWithBidder(page, PASS, BIDDER);
  await expect(page.getByTestId('my-certificates-empty')).toBeVisible();
  await expect(page.getByTestId('my-certificates-bidder')).toContainText(BIDDER.name);
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
  await expect(page.getByTestId('my-cert-1')).toContainText('certificate.testenc.com');
  // a reload locks the vault: the card says so in Chinese and unlocks in place
  await page.reload();
  const locked = page.getByTestId('my-certificates-locked');
  await expect(locked).toContainText('资料库已锁定');
  await shot(page, 'locked');
  await unlock(page, PASS);
  await expect(page.getByTestId('my-cert-1')).toContainText('certificate.testenc.com');
  await expect(page.getByTestId('my-cert-0').getByTestId('cert-role')).toHaveText('签名证书');
  expect(await page.evaluate(() => localStorage.getItem('bidseal.certificates'))).toBeNull();

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
  // the confirm pops up at the window's lower edge: a click during its entrance can miss, so click until it is gone
  const confirmRemove = page.locator('.ant-popconfirm').getByRole('button', { name: /移\s*除/ });
  await expect(async () => {
    if (await confirmRemove.isVisible()) await confirmRemove.click({ timeout: 2_000 });
    await expect(trusted).not.toContainText('certificate.testca.com', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
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
    await vaultWithBidder(page, PASS, BIDDER);
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
    await expect(page.getByTestId('my-certificates').getByTestId(/^my-cert-\d+$/)).toHaveCount(1);
    await shot(page, 'usb-key');
    await part(page, 'pkcs11-modules', 'usb-key-card');
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
    token.cleanup();
  }
});

/**
 * Two P-256 certificates made here with OpenSSL: a signing one ending in 10 days whose subject carries a
 * USCC with a wrong check character, and an encryption one that ended yesterday (openssl ca -enddate).
 */
function stateCerts(): { soon: string; expired: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-certstates-'));
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ossl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('k.pem')]);
  ossl(['req', '-x509', '-key', f('k.pem'), '-days', '10', '-utf8', '-subj', '/O=北京某某建设工程有限公司/OU=91110000100000000X/CN=soon.example', '-addext', 'keyUsage=critical,digitalSignature', '-outform', 'DER', '-out', f('soon.der')]);
  writeFileSync(f('index.txt'), '');
  writeFileSync(f('serial'), '01\n');
  writeFileSync(f('c.cnf'), '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n[e]\nkeyUsage=critical,keyAgreement,keyEncipherment\n');
  ossl(['req', '-new', '-key', f('k.pem'), '-subj', '/CN=expired.example', '-out', f('r.csr')]);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  ossl(['ca', '-batch', '-config', f('c.cnf'), '-selfsign', '-keyfile', f('k.pem'), '-in', f('r.csr'), '-extensions', 'e', '-startdate', '20250101000000Z', '-enddate', yesterday, '-notext', '-out', f('expired.pem')]);
  ossl(['x509', '-in', f('expired.pem'), '-outform', 'DER', '-out', f('expired.der')]);
  return { soon: f('soon.der'), expired: f('expired.der') };
}

test('certificates: remaining-validity colours and an invalid USCC check character', async ({ page, app }) => {
  const certs = stateCerts();
  await openCertificates(page, app.loginUrl);
  await vaultWithBidder(page, PASS, BIDDER);
  await page.getByTestId('cert-import-input').setInputFiles([certs.soon, certs.expired]);
  const sign = page.getByTestId('my-cert-0');
  const enc = page.getByTestId('my-cert-1');
  await expect(enc).toBeVisible();
  await expect(sign.getByTestId('cert-remaining')).toHaveAttribute('data-state', 'soon');
  await expect(sign.getByTestId('cert-uscc-invalid')).toHaveText('校验码错误');
  await expect(enc.getByTestId('cert-remaining')).toHaveAttribute('data-state', 'expired');
  // Expired already: the encryption warning shows at any future opening time.
  await expect(page.getByTestId('enc-expiry-warning')).toBeVisible();
  await part(page, 'my-certificates', 'states');
});

test('certificates: one store with the vault — the old list moves in, page → vault tab, vault tab → page, removal', async ({ page, app }) => {
  test.skip(!existsSync(vector('sign.der')), `test vectors absent: ${VECTORS}`);
  const problems = collectProblems(page);
  // what an earlier BidSeal kept in localStorage (public data only), before the vault held certificates
  const der = readFileSync(vector('sign2.mul.der'));
  const legacy = [{ view: { der: der.toString('base64'), fingerprintSha256: createHash('sha256').update(der).digest('hex'), notAfter: '2034-04-16T06:47:05.000Z', role: 'signing', subject: 'C=XX, ST=XX, O=certificate, OU=testsign, CN=certificate.testsign2.mul.com', commonName: 'certificate.testsign2.mul.com', organization: 'certificate', serialNumber: '04' }, fileName: '旧证书.cer', addedAt: '2026-01-05T08:00:00.000Z' }];
  await page.goto(app.loginUrl);
  await page.evaluate((l) => localStorage.setItem('bidseal.certificates', JSON.stringify(l)), legacy);
  await openCertificates(page, app.loginUrl);
  await expect(page.getByTestId('my-certificates-no-store')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('bidseal.certificates'))).not.toBeNull(); // kept while there is no vault

  // the first unlock with a bidder moves it into the vault, once, and removes the list
  await vaultWithBidder(page, PASS, BIDDER);
  await expect(page.getByTestId('my-cert-0')).toContainText('certificate.testsign2.mul.com');
  expect(await page.evaluate(() => localStorage.getItem('bidseal.certificates'))).toBeNull();

  // added on the certificates page → in the vault's CA tab
  await page.getByTestId('cert-import-input').setInputFiles(vector('sign.der'));
  await expect(page.getByTestId('my-cert-1')).toContainText('certificate.testsign.com');
  await page.getByTestId('nav-vault').click();
  await page.getByTestId('vault-tab-certificates').click();
  const tab = page.getByTestId('vault-certificates');
  await expect(tab).toContainText('certificate.testsign.com');
  await expect(tab).toContainText('certificate.testsign2.mul.com');

  // added in the vault's CA tab → on the certificates page; the same file again is not a second entry
  await tab.locator('input[type=file]').setInputFiles(vector('enc.der'));
  await expect(tab).toContainText('certificate.testenc.com');
  await tab.locator('input[type=file]').setInputFiles(vector('enc.der'));
  await expect(page.locator('.ant-message-notice').filter({ hasText: '证书已在列表中' })).toBeVisible();
  await expect(tab.locator('tbody tr')).toHaveCount(3);
  await shot(page, 'vault-ca-tab');
  await page.getByTestId('nav-certificates').click();
  await expect(page.getByTestId('my-cert-2')).toContainText('certificate.testenc.com');
  await expect(page.getByTestId('my-certificates').getByTestId(/^my-cert-\d+$/)).toHaveCount(3, { timeout: 15_000 });
  await expect(page.getByTestId('cert-pair')).toBeVisible();
  await shot(page, 'one-store');

  // removed on the page → gone from the vault tab
  await page.getByTestId('my-cert-0').getByTestId('cert-remove').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /移\s*除/ }).click();
  await expect(page.getByTestId('my-certificates').getByTestId(/^my-cert-\d+$/)).toHaveCount(2, { timeout: 15_000 });
  await page.getByTestId('nav-vault').click();
  await page.getByTestId('vault-tab-certificates').click();
  await expect(page.getByTestId('vault-certificates')).toContainText('certificate.testenc.com');
  await expect(page.getByTestId('vault-certificates')).not.toContainText('certificate.testsign2.mul.com');
  expect(problems).toEqual([]);
});

test('certificates: a key picked in the key manager is saved to the vault with one click (保存到资料库)', async ({ page }) => {
  // its own host: the document it imports must not appear in the libraries of the specs that follow
  const { handle: app, proc } = await startNodeHost();
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-keysave-'));
    const f = (n: string) => path.join(dir, n);
    const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
    ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('b.key'), '-out', f('b.pem'), '-subj', '/CN=Keyfile Bidder Co/O=Keyfile Bidder Co', '-days', '30', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation']);
    ossl(['pkcs12', '-export', '-inkey', f('b.key'), '-in', f('b.pem'), '-out', f('bidder.p12'), '-passout', 'pass:keysave-pass-1']);
    writeFileSync(f('投标函.pdf'), minimalPdf({ pages: 1 }));
    writeFileSync(f('公章.png'), sealPng(240));
    const problems = collectProblems(page);
    await openCertificates(page, app.loginUrl);
    await vaultWithBidder(page, PASS, BIDDER);

    // the sign dialog's key manager: pick the key file once, then save its certificate to the vault
    await page.getByTestId('nav-documents').click();
    await expect(page.getByTestId('section-documents')).toBeVisible();
    // the drop zone can re-render while the bidder's document list loads; the pick is repeated until the PDF opens
    await expect(async () => {
      await page.getByTestId('documents-import').first().locator('input[type=file]').setInputFiles(f('投标函.pdf'));
      await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-pages', '1', { timeout: 4000 });
    }).toPass({ timeout: 30_000 });
    await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(f('公章.png'));
    await expect(page.getByTestId('add-company')).toBeEnabled();
    await page.getByTestId('add-company').click();
    await page.getByTestId('sign-open').click();
    const modal = page.getByTestId('sign-modal');
    await openKeyFile(modal, f('bidder.p12'), 'keysave-pass-1', 'Keyfile Bidder Co');
    const save = modal.getByTestId('carrier-save-to-vault');
    await expect(save).toHaveText(/保存到资料库/);
    await save.click();
    await expect(page.locator('.ant-message-notice')).toContainText(`已将 Keyfile Bidder Co 保存到资料库（${BIDDER.name}）`);
    await expect(save).toBeDisabled();
    await expect(save).toHaveText(/已在资料库/);
    await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
    await page.screenshot({ path: path.join(shots, 'certificates-key-manager-saved.png'), animations: 'disabled' });
    await page.getByTestId('sign-cancel').click();

    // the seal placed above is not signed: removed, so the documents page has nothing to ask before leaving
    await page.getByTestId('placement-remove').click();
    await page.getByTestId('nav-certificates').click();
    await expect(page.getByTestId('my-cert-0')).toContainText('Keyfile Bidder Co');
    await expect(page.getByTestId('my-cert-0')).toContainText('bidder.p12');
    expect(problems).toEqual([]);
  } finally {
    proc.kill('SIGTERM');
  }
});
