// The Documents section in Debian Chromium against the Node host: import a three-page PDF, render it with
// pdf.js (read from the store in ranges), place a company seal, a legal representative's seal and a
// cross-page seal, sign all three with one key file password (the CA in the trust store), see three valid
// signatures in the signature panel, check the downloaded output with poppler's pdfsig; then a copy changed
// after signing shows "changed after signing".
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems } from './fixtures';
import { hasPdfsig, minimalPdf, pdfsig, sealPng } from '../helpers/pdf';
import { changePageContent } from '../helpers/pdf-tamper';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 }); // toasts fade out
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(640, 4);
  await page.screenshot({ path: path.join(shots, `documents-${name}.png`), fullPage: true, animations: 'disabled' });
}

/** A CA and a bidder's signing certificate issued by it, as a password-protected PKCS#12. */
function makeIdentity(dir: string) {
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-subj', '/CN=BidSeal Test CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('b.key'), '-out', f('b.csr'), '-subj', '/CN=Bidder Co Ltd/O=Bidder Co Ltd']);
  writeFileSync(f('ext.cnf'), 'keyUsage=critical,digitalSignature,nonRepudiation\n');
  ossl(['x509', '-req', '-in', f('b.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('b.pem'), '-days', '30', '-extfile', f('ext.cnf')]);
  ossl(['pkcs12', '-export', '-inkey', f('b.key'), '-in', f('b.pem'), '-certfile', f('ca.pem'), '-out', f('bidder.p12'), '-passout', 'pass:seal-pass-1']);
  return { p12: f('bidder.p12'), caPem: f('ca.pem') };
}

test('documents: three seals signed with one password, verified in the panel and by pdfsig; a changed copy is flagged', async ({ page, app }) => {
  test.setTimeout(120_000);
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-docs-'));
  const pdfPath = path.join(dir, '投标函.pdf');
  writeFileSync(pdfPath, minimalPdf({ pages: 3 }));
  const sealPath = path.join(dir, '公章.png');
  writeFileSync(sealPath, sealPng(240));
  const id = makeIdentity(dir);
  const problems = collectProblems(page);

  await page.goto(app.loginUrl);
  // the CA goes into the trust store (as the Certificates page would do), so the signer is trusted
  const ca = execFileSync('openssl', ['x509', '-in', id.caPem, '-outform', 'DER']).toString('base64');
  const imported = await page.evaluate(async (data) => (await fetch('/api/trust.import', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data }) })).json(), ca);
  expect(imported).toMatchObject({ ok: true, value: { added: 1 } });

  await page.getByTestId('nav-documents').click();
  await expect(page.getByTestId('section-documents')).toBeVisible();
  await shot(page, 'empty');

  // import the PDF: it opens at once, pdf.js renders the pages and thumbnails
  await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(pdfPath);
  const viewer = page.getByTestId('pdf-viewer');
  await expect(viewer).toHaveAttribute('data-pages', '3');
  await expect(viewer.locator('.bs-doc-pages canvas[data-rendered=true]').first()).toBeVisible();
  await expect(page.getByTestId('page-thumb')).toHaveCount(3);
  await expect(page.getByTestId('document-item')).toHaveAttribute('data-state', 'unsigned');

  // a seal image, then the three seals
  await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(sealPath);
  await expect(page.getByTestId('add-company')).toBeEnabled();
  await page.getByTestId('add-company').click();
  const company = page.locator('[data-testid=placed-seal][data-kind=company]');
  await expect(company).toBeVisible();
  await company.scrollIntoViewIfNeeded();
  // drag it 150 px left and 60 px up
  const b = (await company.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 - 150, b.y + b.height / 2 - 60, { steps: 5 });
  await page.mouse.up();
  const moved = (await company.boundingBox())!;
  expect(Math.round(moved.x - b.x)).toBe(-150);
  // keyboard: one point right with the arrow key
  await company.focus();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('add-personal').click();
  const personal = page.locator('[data-testid=placed-seal][data-kind=personal]');
  await expect(personal).toBeVisible();
  await personal.scrollIntoViewIfNeeded();
  const pb = (await personal.boundingBox())!;
  await page.mouse.move(pb.x + pb.width / 2, pb.y + pb.height / 2);
  await page.mouse.down();
  await page.mouse.move(pb.x + pb.width / 2 - 200, pb.y + pb.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  await page.getByTestId('add-cross-page').click();
  await expect(page.locator('[data-testid=placed-seal][data-kind=cross-page]')).toHaveCount(3); // a strip on each page
  await expect(page.getByTestId('placements').locator('li')).toHaveCount(3);
  await shot(page, 'placed');

  // sign: a key file, its password once, three signatures
  await page.getByTestId('sign-open').click();
  const modal = page.getByTestId('sign-modal');
  await modal.getByTestId('carrier-keyfile-input').setInputFiles(id.p12);
  await modal.getByTestId('carrier-password').fill('seal-pass-1');
  await modal.getByTestId('carrier-password-open').click();
  await expect(modal.getByTestId('carrier-ready')).toContainText('Bidder Co Ltd');
  await shot(page, 'sign-dialog');
  await page.getByTestId('sign-confirm').click();
  await expect(modal).toBeHidden({ timeout: 30_000 });

  const rows = page.getByTestId('signature-row');
  await expect(rows).toHaveCount(3);
  for (const v of await rows.all()) await expect(v).toHaveAttribute('data-verdict', 'valid');
  expect(await rows.evaluateAll((es) => es.map((e) => e.getAttribute('data-kind')))).toEqual(['company', 'personal', 'cross-page']);
  await expect(page.getByTestId('signature-verdict').first()).toHaveText('签名有效');
  await expect(page.getByTestId('existing-seal').first()).toBeVisible();
  await rows.first().click();
  await expect(page.getByTestId('signature-details').first()).toContainText('Bidder Co Ltd');
  await expect(page.locator('[data-testid=document-item][data-state=valid]')).toHaveCount(1);
  await shot(page, 'signed');

  // the output, downloaded from the host, checked by poppler
  const files = await page.evaluate(async () => (await fetch('/api/files.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"mediaType":"application/pdf"}' })).json());
  const signed = (files.value.files as Array<{ id: string; name: string }>).find((f) => f.name === '投标函-已签章.pdf')!;
  expect(signed).toBeTruthy();
  const bytes = await page.request.get(`${new URL(app.loginUrl).origin}/download/${signed.id}`);
  expect(bytes.ok()).toBe(true);
  const out = path.join(dir, 'signed.pdf');
  writeFileSync(out, await bytes.body());
  if (hasPdfsig) {
    const text = pdfsig(out);
    const valid = new Set(text.split('Signature #').filter((s) => s.includes('Signature is Valid.')).map((s) => /Field Name: (.*)/.exec(s)?.[1]));
    expect([...valid].sort(), text).toEqual(['CompanySeal1', 'CrossPageSeal1', 'PersonalSeal1']);
  }

  // a copy altered after signing: every signature is "changed after signing"
  const changedPath = path.join(dir, '投标函-改.pdf');
  writeFileSync(changedPath, changePageContent(await bytes.body()));
  await page.getByTestId('documents-import').locator('input[type=file]').first().setInputFiles(changedPath);
  await expect(page.getByTestId('signature-row')).toHaveCount(3);
  for (const v of await page.getByTestId('signature-row').all()) await expect(v).toHaveAttribute('data-verdict', 'changed');
  await expect(page.getByTestId('signature-verdict').first()).toHaveText('签名后被修改');
  await page.getByTestId('signature-row').first().click();
  await expect(page.getByTestId('signature-details').first()).toContainText('内容被修改');
  await shot(page, 'changed');

  expect(problems).toEqual([]);
});
