// The bidder's seal library in Debian Chromium against the Node host: two electronic seals made by
// `bidseal eseal make` (a test seal maker's SM2 key) are imported into the vault's 电子印章 tab and shown with their
// own picture, name, type, holders, maker and validity; a corrupt file is refused in Chinese with its code; on the
// documents page a seal that does not list the chosen signing certificate is refused before the password is used,
// and the bidder's company seal seals a PDF whose signature panel shows the seal beside the signature; a loose
// picture is offered as 非电子印章; an OFD made by `bidseal ofd from-text` is sealed with the same seal and shows its
// verdict; the OFD page is drawn (text, and after sealing the seal's own picture where a click on the page put it),
// as is an OFD written by hand in test/helpers/ofd-sample.ts (text, paths, a picture, a template), checked by the
// pixels of screenshots; deleting a seal removes it from the library.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, repoRoot, collectProblems, pickOption, openDocument, openKeyFile } from './fixtures';
import { shot, shots, createVaultWithBidder } from './vault-helpers';
import { makeSm2Signer } from './sm2-identities';
import { minimalPdf, sealPng } from '../helpers/pdf';
import { handWrittenOfd, SAMPLE } from '../helpers/ofd-sample';
import { mmPixels } from '../helpers/png-decode';

const PASS = 'seal library vault passphrase 2026';
const BIDDER = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' };

test('seal library: import seals made by `bidseal eseal make`, refuse a wrong one before signing, seal a PDF', async ({ page, app }) => {
  test.setTimeout(150_000);
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-seal-library-'));
  const f = (n: string) => path.join(dir, n);
  // the bidder's SM2 signing certificate (a password-protected PKCS#12, issued by a P-256 test CA) and a test seal maker (SM2)
  makeSm2Signer(dir, { ca: 'BidSeal Test CA', subject: '/CN=Bidder Co Ltd/O=Bidder Co Ltd', ext: 'keyUsage=critical,digitalSignature,nonRepudiation\n', password: 'seal-pass-1', days: 30 });
  writeFileSync(f('seal.png'), sealPng(240));
  const make = (name: string, holder: string, out: string) =>
    execFileSync(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), 'eseal', 'make', '--maker-key', f('maker.key'), '--maker-cert', f('maker.pem'), '--picture', f('seal.png'), '--holder-cert', holder, '--name', name, '--width-mm', '42', '--height-mm', '42', '-o', f(out)], { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  make('北京示例建设集团有限公司公章', f('sign.pem'), '公章.esl');
  // a seal that lists only the maker's own certificate, not the bidder's
  make('北京示例建设集团有限公司合同专用章', f('maker.pem'), '合同专用章.esl');
  writeFileSync(f('坏.esl'), 'this is not an electronic seal');
  writeFileSync(f('投标函.pdf'), minimalPdf({ pages: 1 }));
  writeFileSync(f('技术标.txt'), `技术标\n${'施工组织设计\n'.repeat(70)}`);
  writeFileSync(f('手写.ofd'), handWrittenOfd());
  execFileSync(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), 'ofd', 'from-text', '--title', '技术标', '-o', f('技术标.ofd'), f('技术标.txt')], { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  const problems = collectProblems(page);

  await page.goto(app.loginUrl);
  await createVaultWithBidder(page, PASS, BIDDER);

  // the vault's seal library: import two seals and a corrupt file
  await page.getByTestId('vault-tab-seals').click();
  const drop = page.getByTestId('vault-seal-drop').locator('input[type=file]');
  await drop.setInputFiles(f('公章.esl'));
  await expect(page.getByTestId('vault-seal')).toHaveCount(1);
  await drop.setInputFiles(f('合同专用章.esl'));
  await expect(page.getByTestId('vault-seal')).toHaveCount(2);
  await drop.setInputFiles(f('坏.esl'));
  await expect(page.getByTestId('vault-seal-error')).toContainText('电子印章数据结构无效');
  await expect(page.getByTestId('vault-seal')).toHaveCount(2);
  const company = page.getByTestId('vault-seal').filter({ hasText: '公章' }).filter({ hasNotText: '合同' });
  await expect(company.getByTestId('vault-seal-picture')).toBeVisible();
  await expect(company.getByTestId('vault-seal-picture')).toHaveJSProperty('complete', true);
  expect(await company.getByTestId('vault-seal-picture').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await expect(company.getByTestId('vault-seal-holders')).toContainText('Bidder Co Ltd');
  await expect(company.getByTestId('vault-seal-maker')).toContainText('BidSeal Test Seal Maker');
  await expect(company).toContainText('单位印章');
  await expect(company).toContainText('42 × 42 毫米');
  await expect(company).toContainText('GB/T 38540-2020');
  // intact, but the test maker is not in the trust store: amber, still usable
  await expect(company).toHaveAttribute('data-status', 'maker-untrusted');
  await page.getByTestId('vault-seal-error').locator('.ant-alert-close-icon').click();
  await shot(page, 'seal-library', 'vault');

  // the documents page offers the library's seals; a loose picture is labelled as not an e-seal
  await page.getByTestId('nav-documents').click();
  await expect(page.getByTestId('section-documents')).toBeVisible();
  await expect(page.getByTestId('documents-import')).toBeVisible();
  await openDocument(page, f('投标函.pdf'));
  await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(f('seal.png'));
  await expect(page.getByTestId('picture-not-eseal')).toBeVisible();
  await page.getByTestId('seal-image-select').click();
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'seal.png' })).toContainText('非电子印章');
  await page.keyboard.press('Escape');

  // the contract seal does not list the bidder's certificate: refused as soon as the key file is open
  await pickOption(page, 'seal-image-select', '合同专用章');
  await expect(page.getByTestId('eseal-info')).toContainText('合同专用章');
  await page.getByTestId('add-company').click();
  await page.getByTestId('sign-open').click();
  const modal = page.getByTestId('sign-modal');
  await openKeyFile(modal, f('bidder.p12'), 'seal-pass-1', 'Bidder Co Ltd');
  await expect(page.getByTestId('sign-seal-refused')).toHaveAttribute('data-code', 'E_ESEAL_SIGNER_NOT_LISTED');
  await expect(page.getByTestId('sign-seal-refused')).toContainText('不在该电子印章的授权证书列表中');
  await expect(page.getByTestId('sign-confirm')).toBeDisabled();
  await page.mouse.move(2, 2);
  await page.locator('.ant-modal').filter({ has: modal }).screenshot({ path: path.join(shots, 'seal-library-refused.png'), animations: 'disabled' });
  await page.getByTestId('sign-cancel').click();
  await page.getByTestId('placement-remove').click();

  // the company seal lists it: sealed, and the panel shows the seal beside the signature
  await pickOption(page, 'seal-image-select', '公章.esl');
  await expect(page.getByTestId('eseal-info')).toContainText('北京示例建设集团有限公司公章');
  await page.getByTestId('add-company').click();
  await page.getByTestId('sign-open').click();
  // the key manager remembers the key file picked above: only its password is asked again
  await expect(modal.getByTestId('carrier-ready')).toContainText('Bidder Co Ltd');
  await expect(modal.getByTestId('carrier-keyfile-input')).toHaveCount(0);
  await modal.getByTestId('carrier-password').fill('seal-pass-1');
  await expect(page.getByTestId('sign-confirm')).toBeEnabled();
  await expect(page.getByTestId('sign-seal-refused')).toHaveCount(0);
  await page.getByTestId('sign-confirm').click();
  await expect(modal).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('signature-row')).toHaveCount(1);
  await expect(page.getByTestId('signature-eseal-verdict')).toHaveAttribute('data-status', 'maker-untrusted');
  await page.getByTestId('signature-row').click();
  await expect(page.getByTestId('signature-eseal')).toContainText('北京示例建设集团有限公司公章');
  await expect(page.getByTestId('signature-eseal-holders')).toContainText('Bidder Co Ltd');
  await expect(page.locator('.bs-doc-pages canvas[data-rendered=true]').first()).toBeVisible();
  await page.waitForTimeout(500); // the signed page re-renders with the seal's appearance
  await shot(page, 'seal-library', 'sealed');

  // an OFD bid document (made by `bidseal ofd from-text`) sealed with the same seal from the documents page
  await page.getByTestId('documents-import').locator('input[type=file]').first().setInputFiles(f('技术标.ofd'));
  const ofd = page.getByTestId('ofd-panel');
  await expect(ofd).toHaveAttribute('data-pages', '2', { timeout: 15_000 });
  await expect(page.getByTestId('seal-panel')).toHaveCount(0);
  await expect(ofd).toContainText('尚未签章');
  await pickOption(page, 'ofd-seal-select', '公章.esl');
  // the first page is drawn: the title line in the top-left corner (A4, 20 mm in), the rest of the page white
  const svg = page.getByTestId('ofd-page-svg');
  await expect(svg).toHaveAttribute('data-items', /^[1-9]/);
  // the page whole in the window, clear of the sticky header, then its screenshot in page millimetres
  const pageShot = async (name: string, w: number, h: number) => {
    await svg.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.mouse.move(2, 2);
    return mmPixels(await svg.screenshot({ path: path.join(shots, `seal-library-${name}.png`), animations: 'disabled' }), w, h);
  };
  const drawn = await pageShot('ofd-page', 210, 297);
  expect(drawn.count([19, 19, 14, 6], [0, 0, 0], 100)).toBeGreaterThan(10);
  expect(drawn.at(150, 280)).toEqual([255, 255, 255]);
  // a click on the page places the seal (42 mm, centred on the click) as on a PDF
  await svg.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const bb = (await svg.boundingBox())!;
  await svg.click({ position: { x: (120 / 210) * bb.width, y: (240 / 297) * bb.height } });
  // within a screen pixel (≈ 0.4 mm here) of 120 − 21 and 240 − 21
  await expect.poll(async () => Math.abs(Number(await page.getByTestId('ofd-x').inputValue()) - 99)).toBeLessThan(0.8);
  await expect.poll(async () => Math.abs(Number(await page.getByTestId('ofd-y').inputValue()) - 219)).toBeLessThan(0.8);
  await expect(page.getByTestId('ofd-placement')).toBeVisible();
  await page.getByTestId('ofd-sign-open').click();
  const om = page.getByTestId('ofd-sign-modal');
  await expect(om.getByTestId('carrier-ready')).toContainText('Bidder Co Ltd');
  await om.getByTestId('carrier-password').fill('seal-pass-1');
  await expect(page.getByTestId('ofd-sign-confirm')).toBeEnabled();
  await page.getByTestId('ofd-sign-confirm').click();
  await expect(om).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('document-item').filter({ hasText: '技术标-已签章.ofd' })).toBeVisible();
  await expect(page.getByTestId('ofd-verdict')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('ofd-signature')).toHaveCount(1);
  await expect(page.getByTestId('ofd-signature')).toHaveAttribute('data-intact', 'true');
  await expect(page.getByTestId('ofd-seal-name')).toHaveText('北京示例建设集团有限公司公章');
  await expect(page.getByTestId('ofd-seal-verdict')).toHaveAttribute('data-status', 'maker-untrusted');
  // the sealed page shows the seal's own picture (red ring and star) where it was placed
  await expect(page.getByTestId('ofd-stamp')).toHaveCount(1);
  const sealed = await pageShot('ofd-sealed-page', 210, 297);
  expect(sealed.count([99, 219, 42, 42], [220, 20, 20])).toBeGreaterThan(200);
  expect(sealed.at(120, 240)).toEqual([220, 20, 20]); // the star in the middle of the seal
  expect(sealed.count([20, 150, 42, 42], [220, 20, 20])).toBe(0);
  await shot(page, 'seal-library', 'ofd');

  // an OFD made elsewhere (written by hand): text, a filled path, a line, a picture, a template's band, an annotation
  await page.getByTestId('documents-import').locator('input[type=file]').first().setInputFiles(f('手写.ofd'));
  await expect(page.getByTestId('document-item').filter({ hasText: '手写.ofd' })).toBeVisible();
  await expect(svg).toHaveAttribute('data-items', '6', { timeout: 15_000 });
  const hand = await pageShot('ofd-hand', 100, 80);
  const mid = (b: readonly number[]) => [b[0]! + b[2]! / 2, b[1]! + b[3]! / 2] as const;
  expect(hand.count(SAMPLE.text.box, SAMPLE.text.rgb, 70)).toBeGreaterThan(20);
  expect(hand.at(...mid(SAMPLE.rect.box))).toEqual([0, 160, 0]);
  expect(hand.at(...mid(SAMPLE.image.box))).toEqual([0, 0, 230]);
  expect(hand.at(5, 2)).toEqual([128, 128, 128]); // left of where the seal would go (its dashed box is drawn too)
  expect(hand.count([30, SAMPLE.line.y - 0.6, 40, 1.2], SAMPLE.line.rgb, 80)).toBeGreaterThan(20);
  expect(hand.at(...mid(SAMPLE.annot.box))).toEqual([255, 140, 0]); // the Stamp annotation's picture
  expect(hand.at(95, 76)).toEqual([255, 255, 255]);

  // deleting a seal removes it from the library
  await page.getByTestId('nav-vault').click();
  await page.getByTestId('vault-tab-seals').click();
  await expect(page.getByTestId('vault-seal')).toHaveCount(2);
  await page.getByTestId('vault-seal').filter({ hasText: '合同专用章' }).getByTestId('vault-seal-remove').click();
  await page.locator('.ant-popconfirm:visible .ant-btn-dangerous').click();
  await expect(page.getByTestId('vault-seal')).toHaveCount(1);

  expect(problems).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});
