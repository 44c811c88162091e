// "One certificate, any carrier" in Debian Chromium against the Node host: a password-protected
// PKCS#12 file (wrong password, then the right one), a legacy 3DES PKCS#12 (weak-protection warning)
// and an unencrypted PEM key + certificate bundle are opened in the "Certificate files" card and make a
// verified test signature; a certificate on a SoftHSM2 token makes one through the PIN dialog, where a
// wrong PIN shows "PIN 码错误" and the token's new PIN state, and the final-try / locked states (as a
// real USB key reports them) change what the dialog offers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, repoRoot, startNodeHost, collectProblems, openCertificates } from './fixtures';
import { createSoftHsmToken, softhsmSkip } from '../helpers/softhsm';
import { shot, vaultWithBidder } from './vault-helpers';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');
const P12_PASSWORD = 'Bid-2026!';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** one card, cut from a full-page shot */
const part = (page: Page, testId: string, name: string) => shot(page, 'signing', name, testId);

/** The open dialog, with a margin of the page behind it. */
async function dialogShot(page: Page, name: string) {
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('pin-modal') });
  await expect(dialog).toBeVisible();
  await page.mouse.move(2, 2);
  // wait for the zoom-in animation to end: the box stops changing
  let last = '';
  await expect.poll(async () => {
    const now = JSON.stringify(await dialog.boundingBox());
    const stable = now === last;
    last = now;
    return stable;
  }, { intervals: [100, 100, 100, 200, 200, 400] }).toBe(true);
  const box = await dialog.boundingBox();
  if (box) await page.screenshot({ path: path.join(shots, `signing-${name}.png`), clip: { x: Math.max(0, box.x - 24), y: Math.max(0, box.y - 24), width: box.width + 48, height: Math.min(820 - Math.max(0, box.y - 24), box.height + 48) }, animations: 'disabled' });
}

/** Key files made with OpenSSL in a temp dir: EC P-256 in a password PKCS#12 (modern and legacy 3DES), RSA in a PEM bundle. */
function makeKeyFiles(dir: string) {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const leafExt = ['-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'];
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ec.key.pem', '-out', 'ec.crt.pem', '-days', '30', '-utf8', '-subj', '/CN=投标签名测试 EC/O=北京某某建设工程有限公司', ...leafExt]);
  run(['pkcs12', '-export', '-inkey', 'ec.key.pem', '-in', 'ec.crt.pem', '-name', 'BidSeal EC', '-passout', `pass:${P12_PASSWORD}`, '-out', '投标签名证书.p12']);
  run(['pkcs12', '-export', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-inkey', 'ec.key.pem', '-in', 'ec.crt.pem', '-passout', `pass:${P12_PASSWORD}`, '-out', 'legacy-3des.pfx']);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key.pem', '-out', 'rsa.crt.pem', '-days', '30', '-utf8', '-subj', '/CN=投标签名测试 RSA/O=北京某某建设工程有限公司', ...leafExt]);
  writeFileSync(path.join(dir, 'rsa-bundle.pem'), Buffer.concat([readFileSync(path.join(dir, 'rsa.key.pem')), readFileSync(path.join(dir, 'rsa.crt.pem'))]));
  return { p12: path.join(dir, '投标签名证书.p12'), legacy: path.join(dir, 'legacy-3des.pfx'), pem: path.join(dir, 'rsa-bundle.pem') };
}

/** Everything the page keeps in localStorage, as one string. */
const storageDump = (page: Page) => page.evaluate(() => Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k) ?? ''}`).join('\n'));

test('signing: PKCS#12 with a password, legacy 3DES PKCS#12 and a PEM bundle make a verified test signature', async ({ page, app }) => {
  test.skip(!hasOpenssl(), 'openssl missing: apt-get install -y openssl');
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-keys-'));
  try {
    const files = makeKeyFiles(dir);
    const problems = collectProblems(page);
    await openCertificates(page, app.loginUrl);
    // "保存到资料库" keeps the certificate for the current bidder: the vault and a bidder first
    await vaultWithBidder(page, 'bidder vault passphrase 2026', { name: '北京某某建设工程有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' });
    const card = page.getByTestId('key-file');
    await expect(card.getByTestId('keyfile-drop')).toBeVisible();
    await part(page, 'key-file', 'keyfile-empty');

    // PKCS#12 with a password: asked for, a wrong one is refused, the right one opens it.
    await card.getByTestId('keyfile-input').setInputFiles(files.p12);
    const password = card.getByTestId('keyfile-password');
    await expect(password).toBeVisible();
    await expect(card.getByTestId('keyfile-password-form')).toContainText('该文件受口令保护');
    await expect(card.getByTestId('keyfile-open')).toBeDisabled();
    await password.fill('not-the-password');
    await card.getByTestId('keyfile-open').click();
    const error = card.getByTestId('keyfile-error');
    await expect(error).toHaveAttribute('data-code', 'E_WRONG_PASSWORD');
    await expect(error).toContainText('口令错误');
    await expect(card.getByTestId('keyfile-entry')).toHaveCount(0);
    await part(page, 'key-file', 'keyfile-wrong-password');

    await password.fill(P12_PASSWORD);
    await password.press('Enter');
    const entry = card.getByTestId('keyfile-entry');
    await expect(entry).toHaveCount(1);
    await expect(card.getByTestId('keyfile-password')).toHaveCount(0);
    await expect(card.getByTestId('keyfile-format')).toHaveAttribute('data-format', 'pkcs12');
    await expect(card.getByTestId('keyfile-format')).toContainText('AES-256-CBC');
    await expect(card.getByTestId('keyfile-weak')).toHaveCount(0);
    await expect(entry).toContainText('投标签名测试 EC');
    await expect(entry).toContainText('北京某某建设工程有限公司');
    await expect(entry.getByTestId('cert-role')).toHaveAttribute('data-role', 'signing');
    await expect(entry.getByTestId('keyfile-key-kind')).toContainText('ECDSA');
    await expect(entry.getByTestId('keyfile-can-sign')).toHaveAttribute('data-value', 'true');
    await expect(entry.getByTestId('keyfile-can-decrypt')).toHaveAttribute('data-value', 'false');

    await entry.getByTestId('keyfile-test-sign').click();
    const result = entry.getByTestId('test-sign-result');
    await expect(result).toBeVisible();
    await expect(result).toHaveAttribute('data-verified', 'true');
    await expect(result).toContainText('签名成功并已验证：ECDSA-SHA256，签名者 投标签名测试 EC');

    // Saved to the vault (public data only): the file name is the source; the password and the
    // key bytes are nowhere in localStorage.
    await entry.getByTestId('keyfile-add').click();
    await expect(entry.getByTestId('keyfile-add')).toBeDisabled();
    const mine = page.getByTestId('my-cert-0');
    await expect(mine).toContainText('投标签名测试 EC');
    await expect(mine).toContainText('投标签名证书.p12');
    const stored = await storageDump(page);
    expect(stored).not.toContain(P12_PASSWORD);
    expect(stored).not.toContain(readFileSync(files.p12).toString('base64').slice(0, 40));
    await part(page, 'key-file', 'keyfile-p12');
    await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, 'signing-page.png'), fullPage: true, animations: 'disabled' });

    // A legacy 3DES PKCS#12: still opens and signs, with the "ask the CA to reissue" warning.
    await card.getByTestId('keyfile-input').setInputFiles(files.legacy);
    await expect(card.getByTestId('test-sign-result')).toHaveCount(0); // the previous file's results are gone
    await card.getByTestId('keyfile-password').fill(P12_PASSWORD);
    await card.getByTestId('keyfile-open').click();
    await expect(card.getByTestId('keyfile-entry')).toHaveCount(1);
    const weak = card.getByTestId('keyfile-weak');
    await expect(weak).toContainText('旧式加密，建议 CA 重新签发');
    await expect(card.getByTestId('keyfile-protection').filter({ hasText: '3-KeyTripleDES' }).first()).toHaveAttribute('data-weak', 'true');
    await expect(card.getByTestId('keyfile-entry').getByTestId('keyfile-add')).toBeDisabled(); // same certificate, already added
    await card.getByTestId('keyfile-test-sign').click();
    await expect(card.getByTestId('test-sign-result')).toContainText('ECDSA-SHA256');
    await part(page, 'key-file', 'keyfile-legacy');

    // An unencrypted PEM key + certificate bundle (RSA): no password, signs with RSA.
    await card.getByTestId('keyfile-input').setInputFiles(files.pem);
    const rsa = card.getByTestId('keyfile-entry');
    await expect(rsa).toHaveAttribute('data-key-kind', 'rsa');
    await expect(card.getByTestId('keyfile-password')).toHaveCount(0);
    await expect(card.getByTestId('keyfile-format')).toHaveAttribute('data-format', 'pem');
    await expect(card.getByTestId('keyfile-protection')).toHaveText('未加密');
    await rsa.getByTestId('keyfile-test-sign').click();
    await expect(rsa.getByTestId('test-sign-result')).toContainText('签名成功并已验证：RSA-SHA256');
    await expect(rsa.getByTestId('test-sign-result')).toContainText('投标签名测试 RSA');
    await part(page, 'key-file', 'keyfile-pem');

    // English.
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect(rsa.getByTestId('test-sign-result')).toContainText('Signed and verified: RSA-SHA256');
    await part(page, 'key-file', 'keyfile-en-US');
    await page.getByTestId('lang-switch').getByText('中文').click();

    // Closing the card forgets the file.
    await card.getByTestId('keyfile-close').click();
    await expect(card.getByTestId('keyfile-drop')).toBeVisible();
    await expect(card.getByTestId('keyfile-entry')).toHaveCount(0);

    // A damaged file is reported.
    writeFileSync(path.join(dir, 'broken.p12'), Buffer.from('3082010a0201033082', 'hex'));
    await card.getByTestId('keyfile-input').setInputFiles(path.join(dir, 'broken.p12'));
    await expect(card.getByTestId('keyfile-error')).toHaveAttribute('data-code', 'E_BAD_ENCODING');
    await card.getByTestId('keyfile-close').click();

    expect(problems).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The token's certificate row whose text includes `label`. */
const certRow = (slot: Locator, label: string) => slot.getByTestId('token-cert').filter({ hasText: label });

test('signing: test signature with a SoftHSM2 token certificate through the PIN dialog', async ({ page }) => {
  test.skip(!!softhsmSkip, softhsmSkip || '');
  const token = createSoftHsmToken({ label: 'BidSeal 签名 Key', pin: '123456' });
  const env = Object.fromEntries(Object.entries(token.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const host = await startNodeHost(env);
  try {
    const problems = collectProblems(page);
    await openCertificates(page, host.handle.loginUrl);
    const usb = page.getByTestId('pkcs11-modules');
    await expect(usb.locator('.ant-skeleton')).toHaveCount(0);
    await page.getByTestId('token-module-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: token.modulePath }).first().click();
    await page.getByTestId('token-read').click();
    const slot = page.getByTestId('token-slot');
    await expect(slot.getByTestId('token-label')).toHaveText(token.label);
    const slotPin = slot.getByTestId('token-pin-state').first();
    await expect(slotPin).toHaveAttribute('data-pin-state', 'ok');
    const ec = certRow(slot, token.ec.label);
    await expect(ec).toHaveCount(1);

    // The dialog shows the PIN state before asking for the PIN.
    await ec.getByTestId('token-test-sign').click();
    const dialog = page.getByTestId('pin-modal');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('token-pin-state')).toHaveText('PIN 正常');
    await expect(dialog).toContainText('ec-key test');
    await expect(dialog.getByTestId('pin-input')).toHaveAttribute('autocomplete', 'off');
    await expect(page.getByTestId('pin-ok')).toBeDisabled();
    await dialogShot(page, 'token-pin');

    // A wrong PIN: "PIN 码错误", the field is emptied, and the token (read again) now reports count-low.
    await dialog.getByTestId('pin-input').fill('000000');
    await page.getByTestId('pin-ok').click();
    await expect(dialog.getByTestId('pin-error')).toHaveText('PIN 码错误');
    await expect(dialog.getByTestId('pin-input')).toHaveValue('');
    await expect(dialog.getByTestId('token-pin-state')).toHaveAttribute('data-pin-state', 'count-low');
    await expect(dialog.getByTestId('token-pin-state')).toHaveText('曾输错 PIN');
    await expect(dialog.getByTestId('pin-state-alert')).toHaveAttribute('data-pin-state', 'count-low');
    await expect(slotPin).toHaveAttribute('data-pin-state', 'count-low');
    await expect(slotPin).toHaveText('曾输错 PIN');
    await dialogShot(page, 'token-wrong-pin');

    // The right PIN signs; the signature is verified.
    await dialog.getByTestId('pin-input').fill(token.pin);
    await dialog.getByTestId('pin-input').press('Enter');
    const result = dialog.getByTestId('test-sign-result');
    await expect(result).toBeVisible();
    await expect(result).toHaveAttribute('data-verified', 'true');
    await expect(result).toContainText('签名成功并已验证：ECDSA-SHA256，签名者 ec-key test');
    await expect(dialog.getByTestId('pin-input')).toHaveCount(0);
    await dialogShot(page, 'token-result');
    await page.getByTestId('pin-close').click();
    await expect(dialog).toHaveCount(0);
    await expect(ec.getByTestId('token-test-ok')).toBeVisible();
    await expect(slotPin).toHaveAttribute('data-pin-state', 'ok');
    await part(page, 'pkcs11-modules', 'token-card');
    const stored = await storageDump(page);
    expect(stored).not.toContain(token.pin);

    // A wrong PIN from the dialog never reaches the page's storage either; opening it again starts empty.
    await ec.getByTestId('token-test-sign').click();
    await expect(page.getByTestId('pin-modal').getByTestId('pin-input')).toHaveValue('');
    await expect(page.getByTestId('pin-modal').getByTestId('test-sign-result')).toHaveCount(0);
    await page.getByTestId('pin-cancel').click();
    await expect(page.getByTestId('pin-modal')).toHaveCount(0);

    // What a real USB key reports near the end (SoftHSM2 never gets there): final try → red warning;
    // locked → no PIN field, only what to do.
    let forced: 'final-try' | 'locked' = 'final-try';
    await page.route('**/api/tokens.slots', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { ok: boolean; value?: { slots: Array<{ token: { pinState: string } }> } };
      for (const s of body.value?.slots ?? []) s.token.pinState = forced;
      await route.fulfill({ response: res, json: body });
    });
    await page.getByTestId('token-read').click();
    await expect(slotPin).toHaveAttribute('data-pin-state', 'final-try');
    await ec.getByTestId('token-test-sign').click();
    await expect(dialog.getByTestId('pin-state-alert')).toHaveAttribute('data-pin-state', 'final-try');
    await expect(dialog.getByTestId('pin-state-alert')).toContainText('最后一次机会：再输错将锁定 USB Key');
    await expect(dialog.getByTestId('pin-input')).toBeVisible();
    await dialogShot(page, 'token-final-try');
    await page.getByTestId('pin-cancel').click();

    forced = 'locked';
    await page.getByTestId('token-read').click();
    await expect(slotPin).toHaveAttribute('data-pin-state', 'locked');
    await ec.getByTestId('token-test-sign').click();
    await expect(dialog.getByTestId('pin-state-alert')).toContainText('PIN 已锁定');
    await expect(dialog.getByTestId('pin-state-alert')).toContainText('联系颁发证书的 CA');
    await expect(dialog.getByTestId('pin-input')).toHaveCount(0);
    await expect(page.getByTestId('pin-ok')).toHaveCount(0);
    await dialogShot(page, 'token-locked');
    await page.getByTestId('pin-close').click();
    await page.unroute('**/api/tokens.slots');

    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
    token.cleanup();
  }
});
