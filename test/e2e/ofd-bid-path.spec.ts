// An OFD bid document through the whole bid path, in Debian Chromium against its own Node host and the reference
// platform server: the bidder imports the company's electronic seal (made by `bidseal eseal make`, listing the
// bidder's SM2 signing certificate) into the seal library, links an OFD to the project's checklist, seals it from
// the checklist with that seal (the page drawn, the seal placed by a click, an SM2 key file), the project counts it
// as sealed, the bid is sealed to the platform with the OFD pre-flight line passing and a test decryption, then
// uploaded and receipted. The walk's common steps are test/e2e/bid-path.ts; screenshots test/artifacts/screenshots/ofd-path-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, repoRoot, startNodeHost, collectProblems, openKeyFile } from './fixtures';
import { BIDDER, bidderEncIdentity, bidderSubject, sealBid, shot, startBidProject, uploadWithReceipt, type WalkContext } from './bid-path';
import type { ReferencePlatform } from './platform';
import { makeSm2Signer } from './sm2-identities';
import { sealPng } from '../helpers/pdf';
import { makeOfd } from '../../shared/ofd/writer';

const KEY_PASS = 'ofd-path-key-1';

test('OFD bid path: checklist → sealed with the company e-seal → sealed bid → upload → receipt', async ({ page }) => {
  test.setTimeout(300_000);
  const shots = path.join(repoRoot, 'test/artifacts/screenshots');
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-ofd-path-'));
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  // the bidder's SM2 signing certificate (O = company, OU = USCC) from a test CA, as a password-protected PKCS#12,
  // and a test seal maker for the company seal listing that certificate
  makeSm2Signer(dir, { ca: 'BidSeal OFD Path Test CA', subject: bidderSubject(`${BIDDER.name} 签名`), ext: 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=critical,CA:FALSE\n', password: KEY_PASS, days: 60 });
  writeFileSync(f('seal.png'), sealPng(240));
  execFileSync(process.execPath, [path.join(repoRoot, 'bin/bidseal.mjs'), 'eseal', 'make', '--maker-key', f('maker.key'), '--maker-cert', f('maker.pem'), '--picture', f('seal.png'), '--holder-cert', f('sign.pem'), '--name', `${BIDDER.name}公章`, '--width-mm', '40', '--height-mm', '40', '-o', f('公章.esl')], { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  writeFileSync(f('技术标.ofd'), makeOfd({ title: '技术标', pages: [{ lines: [{ x: 20, y: 20, size: 6, text: '技术标' }, { x: 20, y: 35, text: '一、施工组织设计' }] }, { lines: [{ x: 20, y: 20, text: '二、质量保证措施' }] }] }).toBytes());
  const ctx: WalkContext = { dir, enc: bidderEncIdentity(dir), caDer: ossl(['x509', '-in', f('ca.pem'), '-outform', 'DER']).toString('base64'), platforms: [] as ReferencePlatform[], shots, prefix: 'ofd-path' };

  const host = await startNodeHost({});
  try {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1440, height: 960 });
    await page.goto(host.handle.loginUrl);
    await startBidProject(page, ctx);

    // the company seal into the bidder's seal library
    await page.getByTestId('nav-vault').click();
    await page.getByTestId('vault-tab-seals').click();
    await page.getByTestId('vault-seal-drop').locator('input[type=file]').setInputFiles(f('公章.esl'));
    await expect(page.getByTestId('vault-seal')).toHaveCount(1);
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('projects-table').getByText('某市政道路改造工程施工').click();

    // the checklist: this tender asks for the technical part only, as an OFD
    for (const id of ['bid-letter', 'authorization', 'commercial', 'qualification', 'price-list']) {
      await page.getByTestId(`required-${id}`).click();
      await expect(page.getByTestId(`required-${id}`)).not.toBeChecked();
    }
    await page.getByTestId('drop-technical').locator('input[type=file]').setInputFiles(f('技术标.ofd'));
    await expect(page.getByTestId('project-checklist')).toContainText('技术标.ofd');
    await expect(page.getByTestId('project-lot-status')).toHaveText('待签章');
    await shot(page, ctx, '03-project');

    // sealed from the checklist: the page is drawn, a click places the seal, the key file signs
    await page.locator('[data-testid^="sign-"]').filter({ hasText: '去签章' }).first().click();
    const svg = page.getByTestId('ofd-page-svg');
    await expect(svg).toHaveAttribute('data-items', '2', { timeout: 15_000 });
    await expect(page.getByTestId('ofd-seal-select')).toContainText('公章.esl');
    await svg.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const bb = (await svg.boundingBox())!;
    await svg.click({ position: { x: (150 / 210) * bb.width, y: (250 / 297) * bb.height } });
    await expect.poll(async () => Math.abs(Number(await page.getByTestId('ofd-x').inputValue()) - 130)).toBeLessThan(1);
    await page.getByTestId('ofd-sign-open').click();
    const modal = page.getByTestId('ofd-sign-modal');
    await openKeyFile(modal, f('bidder.p12'), KEY_PASS, BIDDER.name);
    await expect(page.getByTestId('ofd-sign-confirm')).toBeEnabled();
    await shot(page, ctx, '04-seal');
    await page.getByTestId('ofd-sign-confirm').click();
    // back in the project: the sealed copy stands in the checklist
    await expect(page.getByTestId('project-detail')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('project-checklist')).toContainText('技术标-已签章.ofd');
    await expect(page.getByTestId('project-lot-status')).toHaveText('已签章');

    // sealed to the platform: the same key (remembered: only its password), the OFD pre-flight line passes
    await sealBid(
      page,
      ctx,
      1,
      async (scope) => {
        await expect(scope.getByTestId('carrier-ready')).toContainText(BIDDER.name);
        await scope.getByTestId('carrier-password').fill(KEY_PASS);
      },
      ['ofdSignatures', 'signerMatchesBidder'],
    );
    await uploadWithReceipt(page, ctx);
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
    for (const p of ctx.platforms) p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
