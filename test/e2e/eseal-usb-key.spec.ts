// The issue's end state with a GM USB key, in Debian Chromium against its own Node host: the software SKF library
// (test/soft-skf) holds the bidder's SM2 signing key; the bidder imports the company seal file (made by
// `bidseal eseal make` for that certificate), whose maker and whose signer the bidder trusts; seals a PDF and an OFD
// with it through the USB key (the key picked once, then only its PIN), and both signature panels show the seal
// verified (印章有效) beside an intact signature; the OFD page shows the seal's picture where it was placed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems, startNodeHost, pickOption, openDocument } from './fixtures';
import { makeSm2Identities } from './sm2-identities';
import { createVaultWithBidder } from './vault-helpers';
import { minimalPdf, sealPng } from '../helpers/pdf';
import { softSkfSkip, SKF_PIN } from '../helpers/soft-skf';
import { mmPixels } from '../helpers/png-decode';
import { makeOfd } from '../../shared/ofd/writer';
import { buildSoftSkf, initSoftSkf } from '../../scripts/soft-skf.mjs';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');
const BIDDER = { name: '某某建设集团有限公司', uscc: '91350100M000100Y43', legal: '李四', address: '福州市鼓楼区五四路 1 号', postcode: '350001', phone: '0591-12345678' };

async function trust(page: Page, der: Buffer) {
  const r = await page.evaluate(async (data) => (await fetch('/api/trust.import', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data }) })).json(), der.toString('base64'));
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
}

test.skip(!!softSkfSkip, `soft SKF: ${softSkfSkip}`);

test('e-seal on a USB key: a company seal file imported, a PDF and an OFD sealed with the SKF key, both seals verified', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-eseal-usb-'));
  const { f } = makeSm2Identities(dir, { name: BIDDER.name, uscc: BIDDER.uscc }, 0x7300);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  // one test CA issues the seal maker's and the bidder's SM2 signing certificates; the bidder trusts it
  ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-subj', '/CN=BidSeal E-Seal Test CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  writeFileSync(f('leaf.cnf'), 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=critical,CA:FALSE\n');
  const issue = (name: string, subj: string) => {
    ossl(['genpkey', '-algorithm', 'SM2', '-out', f(`${name}.key`)]);
    ossl(['req', '-new', '-utf8', '-key', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subj, '-sm3', '-sigopt', 'distid:1234567812345678']);
    ossl(['x509', '-req', '-in', f(`${name}.csr`), '-vfyopt', 'distid:1234567812345678', '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '30', '-extfile', f('leaf.cnf')]);
  };
  issue('maker', '/CN=BidSeal Test Seal Maker/O=BidSeal Test');
  issue('signer', `/C=CN/O=${BIDDER.name}/OU=${BIDDER.uscc}/CN=${BIDDER.name} 签名`);
  writeFileSync(f('seal.png'), sealPng(240));
  execFileSync(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), 'eseal', 'make', '--maker-key', f('maker.key'), '--maker-cert', f('maker.pem'), '--picture', f('seal.png'), '--holder-cert', f('signer.pem'), '--name', `${BIDDER.name}公章`, '--width-mm', '40', '--height-mm', '40', '-o', f('公章.esl')], { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  writeFileSync(f('投标函.pdf'), minimalPdf({ pages: 1 }));
  writeFileSync(f('技术标.ofd'), makeOfd({ title: '技术标', pages: [{ lines: [{ x: 20, y: 20, size: 6, text: '技术标' }] }] }).toBytes());
  const lib = buildSoftSkf();
  const device = path.join(dir, 'device');
  initSoftSkf({ dir: device, pin: SKF_PIN, container: 'BidKey', signKey: f('signer.key'), signCert: f('signer.pem'), encKey: f('enc.key'), encCert: f('enc.crt'), device: 'SoftKey-1', maxRetries: 6 });
  const host = await startNodeHost({ SOFTSKF_DIR: device }, ['--skf-module', lib]);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    const problems = collectProblems(page);
    await page.goto(host.handle.loginUrl);
    // the CA of the seal maker and of the signing certificate is trusted, as the Certificates page does it
    await trust(page, ossl(['x509', '-in', f('ca.pem'), '-outform', 'DER']));
    await createVaultWithBidder(page, 'e-seal usb key vault passphrase', BIDDER);

    // the company seal file into the seal library: intact, maker trusted
    await page.getByTestId('vault-tab-seals').click();
    await page.getByTestId('vault-seal-drop').locator('input[type=file]').setInputFiles(f('公章.esl'));
    await expect(page.getByTestId('vault-seal')).toHaveCount(1);
    await expect(page.getByTestId('vault-seal')).toHaveAttribute('data-status', 'valid');

    // a PDF sealed with it on the USB key: the key picked once, then its PIN
    await page.getByTestId('nav-documents').click();
    await openDocument(page, f('投标函.pdf'));
    await pickOption(page, 'seal-image-select', '公章.esl');
    await page.getByTestId('add-company').click();
    await page.getByTestId('sign-open').click();
    const modal = page.getByTestId('sign-modal');
    await modal.getByTestId('carrier-kind-skf').click();
    await expect(modal.getByTestId('carrier-skf-key')).toContainText(`${BIDDER.name} 签名`);
    await modal.getByTestId('carrier-skf-use').click();
    await modal.getByTestId('carrier-pin').fill(SKF_PIN);
    await expect(page.getByTestId('sign-seal-refused')).toHaveCount(0);
    await expect(page.getByTestId('sign-confirm')).toBeEnabled();
    await page.getByTestId('sign-confirm').click();
    await expect(modal).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId('signature-row')).toHaveCount(1);
    await expect(page.getByTestId('signature-verdict')).toHaveText('签名有效');
    await expect(page.getByTestId('signature-eseal-verdict')).toHaveAttribute('data-status', 'valid');
    await page.mouse.move(2, 2);
    await page.screenshot({ path: path.join(shots, 'eseal-usb-pdf.png'), fullPage: true, animations: 'disabled' });

    // an OFD sealed with the same seal and key: only the PIN is asked
    await page.getByTestId('documents-import').locator('input[type=file]').first().setInputFiles(f('技术标.ofd'));
    const svg = page.getByTestId('ofd-page-svg');
    await expect(svg).toHaveAttribute('data-items', '1', { timeout: 15_000 });
    await svg.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const bb = (await svg.boundingBox())!;
    await svg.click({ position: { x: (100 / 210) * bb.width, y: (150 / 297) * bb.height } });
    await page.getByTestId('ofd-sign-open').click();
    const om = page.getByTestId('ofd-sign-modal');
    await expect(om.getByTestId('carrier-ready')).toContainText(BIDDER.name);
    await om.getByTestId('carrier-pin').fill(SKF_PIN);
    await expect(page.getByTestId('ofd-sign-confirm')).toBeEnabled();
    await page.getByTestId('ofd-sign-confirm').click();
    await expect(om).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId('ofd-verdict')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('ofd-signature')).toHaveAttribute('data-intact', 'true');
    await expect(page.getByTestId('ofd-signature-verdict')).toHaveText('签名有效');
    await expect(page.getByTestId('ofd-seal-verdict')).toHaveAttribute('data-status', 'valid');
    await expect(page.getByTestId('ofd-seal-verdict')).toContainText('印章有效');
    await svg.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.mouse.move(2, 2);
    const drawn = mmPixels(await svg.screenshot({ animations: 'disabled' }), 210, 297);
    expect(drawn.at(100, 150)).toEqual([220, 20, 20]); // the star at the middle of the seal, where the click was
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await page.screenshot({ path: path.join(shots, 'eseal-usb-ofd.png'), fullPage: true, animations: 'disabled' });
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
