// The Documents section in Debian Chromium against the Node host: import a three-page PDF, render it with
// pdf.js (read from the store in ranges), place a company seal, a legal representative's seal and a
// cross-page seal, sign all three with one key file password (the CA in the trust store), see three valid
// signatures in the signature panel, check the downloaded output with poppler's pdfsig; then a copy changed
// after signing shows "changed after signing". Batch signing: three documents of different page sizes,
// the company seal at the bottom-right corner of each last page and a cross-page seal, one password, the
// result list, each output checked with pdfsig. A USB key (SoftHSM2, a driver path typed in) through the
// signing dialog: a wrong PIN says so and writes nothing, the right PIN signs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems, startNodeHost, openKeyFile } from './fixtures';
import { shot as pageShot } from './vault-helpers';
import { createSoftHsmToken, softhsmSkip } from '../helpers/softhsm';
import { hasPdfsig, minimalPdf, pdfsig, sealPng } from '../helpers/pdf';
import { changePageContent } from '../helpers/pdf-tamper';
import { sealFixture, sealInput, softwareSigner } from '../helpers/eseal';
import { makeSeal } from '../../shared/eseal/seal';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');

const shot = (page: Page, name: string) => pageShot(page, 'documents', name);

/** The open dialog alone (a full-page shot cuts the fixed mask at the viewport). */
async function dialogShot(page: Page, name: string, testId: string) {
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId(testId) });
  await expect(dialog).toBeVisible();
  await page.mouse.move(2, 2);
  await dialog.screenshot({ path: path.join(shots, `documents-${name}.png`), animations: 'disabled' });
}

/** A CA and a bidder's signing certificate issued by it, as a password-protected PKCS#12. */
/** Drags a placed seal by (dx, dy) screen pixels with the mouse; returns where it was. */
async function dragSeal(page: Page, seal: Locator, dx: number, dy: number) {
  await expect(seal).toBeVisible();
  await seal.scrollIntoViewIfNeeded();
  const b = (await seal.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + dx, b.y + b.height / 2 + dy, { steps: 5 });
  await page.mouse.up();
  return b;
}

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
  await expect(page.locator('[data-testid=document-item][aria-current=true]')).toHaveAttribute('data-state', 'unsigned');

  // a seal image, then the three seals
  await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(sealPath);
  await expect(page.getByTestId('add-company')).toBeEnabled();
  await page.getByTestId('add-company').click();
  const company = page.locator('[data-testid=placed-seal][data-kind=company]');
  // drag it 150 px left and 60 px up
  const b = await dragSeal(page, company, -150, -60);
  const moved = (await company.boundingBox())!;
  expect(Math.round(moved.x - b.x)).toBe(-150);
  // keyboard: one point right with the arrow key
  await company.focus();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('add-personal').click();
  await dragSeal(page, page.locator('[data-testid=placed-seal][data-kind=personal]'), -200, 40);
  await page.getByTestId('add-cross-page').click();
  await expect(page.locator('[data-testid=placed-seal][data-kind=cross-page]')).toHaveCount(3); // a strip on each page
  await expect(page.getByTestId('placements').locator('li')).toHaveCount(3);
  await shot(page, 'placed');

  // sign: a key file, its password once, three signatures
  await page.getByTestId('sign-open').click();
  const modal = page.getByTestId('sign-modal');
  await openKeyFile(modal, id.p12, 'seal-pass-1', 'Bidder Co Ltd');
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

test('documents: sealed with an electronic seal (.esl), the panel shows the seal beside the signature', async ({ page, app }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-eseal-'));
  const pdfPath = path.join(dir, '承诺书.pdf');
  writeFileSync(pdfPath, minimalPdf({ pages: 1 }));
  makeIdentity(dir);
  // a test seal maker's seal that lists the bidder's signing certificate
  const f = sealFixture();
  const bidderCert = new Uint8Array(execFileSync('openssl', ['x509', '-in', path.join(dir, 'b.pem'), '-outform', 'DER']));
  const eslPath = path.join(dir, '公章.esl');
  writeFileSync(eslPath, await makeSeal(sealInput(f, { certs: [bidderCert] }), softwareSigner(f.maker), 4));
  const problems = collectProblems(page);

  await page.goto(app.loginUrl);
  await page.getByTestId('nav-documents').click();
  await expect(page.getByTestId('section-documents')).toBeVisible();
  await expect(page.getByTestId('documents-import')).toBeVisible();
  await page.getByTestId('documents-import').locator('input[type=file]').first().setInputFiles(pdfPath);
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-pages', '1', { timeout: 15_000 });
  await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(eslPath);
  await expect(page.getByTestId('add-company')).toBeEnabled();
  await page.getByTestId('add-company').click();
  await page.getByTestId('sign-open').click();
  const modal = page.getByTestId('sign-modal');
  await openKeyFile(modal, path.join(dir, 'bidder.p12'), 'seal-pass-1', 'Bidder Co Ltd');
  await page.getByTestId('sign-confirm').click();
  await expect(modal).toBeHidden({ timeout: 30_000 });

  const row = page.getByTestId('signature-row');
  await expect(row).toHaveCount(1);
  // the maker is not in the trust store: the seal is intact but its maker untrusted (amber, not a failure)
  await expect(page.getByTestId('signature-eseal-verdict')).toHaveAttribute('data-status', 'maker-untrusted');
  await expect(page.getByTestId('signature-eseal-verdict')).toContainText('电子印章');
  await row.click();
  const seal = page.getByTestId('signature-eseal');
  await expect(seal).toContainText('某某建设有限公司合同专用章');
  await expect(seal).toContainText('BidSeal Test Seal Maker');
  await expect(page.getByTestId('signature-eseal-holders')).toContainText('Bidder Co Ltd');
  await expect(page.getByTestId('signature-eseal-check')).toContainText('制章人证书不在信任列表中');
  expect(problems).toEqual([]);
  rmSync(f.dir, { recursive: true, force: true });
});

/** POST /api/<op> from the page (the session cookie is the page's). */
const api = (page: Page, op: string, body: unknown) => page.evaluate(async ([o, b]) => (await fetch(`/api/${o}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) })).json(), [op, body] as const);

/** A minimal PDF with another page size (same length, so the xref offsets stay right). */
const sizedPdf = (pages: number, box: string) => Buffer.from(Buffer.from(minimalPdf({ pages })).toString('latin1').replaceAll('[0 0 595 842]', box), 'latin1');

test('documents: a batch of three documents of different page sizes signed with one password, checked by pdfsig', async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-batch-'));
  const docs = [
    { name: '投标函.pdf', bytes: minimalPdf({ pages: 3 }), box: [595, 842] },
    { name: '报价一览表.pdf', bytes: sizedPdf(2, '[0 0 842 595]'), box: [842, 595] },
    { name: '技术方案.pdf', bytes: sizedPdf(4, '[0 0 420 595]'), box: [420, 595] },
  ];
  const paths = docs.map((d) => { const p = path.join(dir, d.name); writeFileSync(p, d.bytes); return p; });
  const sealPath = path.join(dir, '公章.png');
  writeFileSync(sealPath, sealPng(240));
  const id = makeIdentity(dir);
  const host = await startNodeHost();
  try {
    const problems = collectProblems(page);
    await page.goto(host.handle.loginUrl);
    const ca = execFileSync('openssl', ['x509', '-in', id.caPem, '-outform', 'DER']).toString('base64');
    expect(await api(page, 'trust.import', { data: ca })).toMatchObject({ ok: true });
    await page.getByTestId('nav-documents').click();
    await expect(page.getByText('还没有待签章的文档')).toBeVisible(); // the list has loaded: the empty page's drop zone
    await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(paths);
    await expect(page.getByTestId('document-item')).toHaveCount(3);
    await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(sealPath);
    await expect(page.getByTestId('add-company')).toBeEnabled();

    // choose the three documents, then what goes on each: company seal (last page, bottom right) + cross-page seal
    await expect(page.getByTestId('batch-open')).toBeDisabled();
    for (const c of await page.getByTestId('document-check').all()) await c.check();
    await expect(page.getByTestId('batch-open')).toHaveText(/3/);
    await page.getByTestId('batch-open').click();
    const modal = page.getByTestId('batch-modal');
    await expect(modal.getByTestId('batch-files').locator('li')).toHaveCount(3);
    await modal.getByTestId('batch-mark-cross-page').click();
    await expect(modal.getByTestId('batch-seal-image')).toContainText('公章.png');
    await openKeyFile(modal, id.p12, 'seal-pass-1', 'Bidder Co Ltd');
    await dialogShot(page, 'batch-dialog', 'batch-modal');
    await page.getByTestId('batch-confirm').click();

    // one result per document, all signed; the summary says so
    const results = modal.getByTestId('batch-result');
    await expect(results).toHaveCount(3, { timeout: 60_000 });
    for (const r of await results.all()) await expect(r).toHaveAttribute('data-status', 'signed');
    await expect(modal.getByTestId('batch-summary')).toHaveText('完成：3 个已签章，0 个失败，0 个跳过。');
    await dialogShot(page, 'batch-results', 'batch-modal');

    // every output: pdfsig finds the two signatures valid; the company seal sits 25 mm from the bottom-right corner of the last page
    const files = (await api(page, 'files.list', { mediaType: 'application/pdf' })).value.files as Array<{ id: string; name: string; derivedFrom?: string }>;
    const margin = (25 * 72) / 25.4;
    for (const [i, d] of docs.entries()) {
      const out = files.find((f) => f.name === d.name.replace('.pdf', '-已签章.pdf'))!;
      expect(out, d.name).toBeTruthy();
      const inspected = (await api(page, 'pdf.inspect', { fileId: out.id })).value;
      const company = inspected.signatures.find((s: { kind: string }) => s.kind === 'company');
      expect(company.widgets).toHaveLength(1);
      const w = company.widgets[0];
      expect(w.page).toBe(inspected.pageCount - 1);
      expect(w.rect.x + w.rect.width).toBeCloseTo(d.box[0] - margin, 1);
      expect(w.rect.y).toBeCloseTo(margin, 1);
      expect(inspected.signatures.map((s: { bottomLine: string }) => s.bottomLine)).toEqual(['valid', 'valid']);
      if (hasPdfsig) {
        const bytes = await page.request.get(`${new URL(host.handle.loginUrl).origin}/download/${out.id}`);
        const file = path.join(dir, `out-${i}.pdf`);
        writeFileSync(file, await bytes.body());
        const text = pdfsig(file);
        const valid = new Set(text.split('Signature #').filter((s) => s.includes('Signature is Valid.')).map((s) => /Field Name: (.*)/.exec(s)?.[1]));
        expect([...valid].sort(), text).toEqual(['CompanySeal1', 'CrossPageSeal1']);
      }
    }

    // a signed copy opens in the viewer with its signature panel
    await results.nth(1).getByTestId('batch-result-open').click();
    await expect(modal).toBeHidden();
    await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-pages', '2');
    await expect(page.getByTestId('signature-row')).toHaveCount(2);
    for (const v of await page.getByTestId('signature-row').all()) await expect(v).toHaveAttribute('data-verdict', 'valid');
    await expect(page.getByTestId('document-item')).toHaveCount(6);
    await shot(page, 'batch-opened');
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
  }
});

test('documents: signing with a USB key (SoftHSM2) — a wrong PIN writes nothing, the right PIN signs', async ({ page }) => {
  test.skip(!!softhsmSkip, softhsmSkip || '');
  test.setTimeout(90_000);
  mkdirSync(shots, { recursive: true });
  const token = createSoftHsmToken({ label: 'BidSeal 签章 Key', pin: '358024' });
  const env = Object.fromEntries(Object.entries(token.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const host = await startNodeHost(env);
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-usb-'));
  const pdfPath = path.join(dir, '商务标.pdf');
  writeFileSync(pdfPath, minimalPdf({ pages: 2 }));
  try {
    const problems = collectProblems(page);
    await page.goto(host.handle.loginUrl);
    await page.getByTestId('nav-documents').click();
    await expect(page.getByText('还没有待签章的文档')).toBeVisible(); // the list has loaded: the empty page's drop zone
    await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(pdfPath);
    await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-pages', '2');
    await page.getByTestId('add-invisible').click();
    await page.getByTestId('sign-open').click();
    const modal = page.getByTestId('sign-modal');

    // the USB key path: the installed driver chosen, the token read, the EC certificate chosen
    await modal.getByTestId('carrier-kind-token').click();
    await modal.getByTestId('carrier-module').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: token.modulePath }).first().click();
    await modal.getByTestId('carrier-read-tokens').click();
    await modal.getByTestId('carrier-cert').click();
    await page.locator('.ant-select-item-option').filter({ hasText: `${token.ec.label} test · ${token.label}` }).click();
    // choosing the certificate remembers the key (密钥管理): from now on only its PIN is asked
    await expect(modal.getByTestId('carrier-ready')).toContainText(`${token.ec.label} test`);
    const stored = async () => (await api(page, 'files.list', {})).value.files.length as number;
    expect(await stored()).toBe(1);

    // a wrong PIN: the PIN error, and no file
    await modal.getByTestId('carrier-pin').fill('000000');
    await page.getByTestId('sign-confirm').click();
    await expect(modal.locator('.ant-alert-error')).toContainText('PIN 码错误');
    await expect(modal.locator('.ant-alert-error')).toContainText('签章失败，未生成任何文件');
    expect(await stored()).toBe(1);
    await expect(page.getByTestId('document-item')).toHaveCount(1);
    await dialogShot(page, 'usb-wrong-pin', 'sign-modal');

    // the right PIN signs
    await modal.getByTestId('carrier-pin').fill(token.pin);
    await page.getByTestId('sign-confirm').click();
    await expect(modal).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId('signature-row')).toHaveCount(1);
    await expect(page.getByTestId('signature-row')).toHaveAttribute('data-verdict', 'unknown-signer'); // a self-signed token certificate
    await page.getByTestId('signature-row').click();
    await expect(page.getByTestId('signature-details')).toContainText(`${token.ec.label} test`);
    // why the signer is not trusted, in Chinese words with the certificate's name (not the verifier's English)
    await expect(page.getByTestId('signature-trust-problems')).toContainText(`${token.ec.label} test：找不到可信的上级证书`);
    await expect(page.getByTestId('signature-trust-problems')).not.toContainText('no-trust-anchor');
    expect(await stored()).toBe(2);
    await shot(page, 'usb-signed');
    const listed = (await api(page, 'files.list', { mediaType: 'application/pdf' })).value.files as Array<{ id: string; name: string }>;
    const out = listed.find((f) => f.name === '商务标-已签章.pdf')!;
    if (hasPdfsig) {
      const bytes = await page.request.get(`${new URL(host.handle.loginUrl).origin}/download/${out.id}`);
      writeFileSync(path.join(dir, 'signed.pdf'), await bytes.body());
      expect(pdfsig(path.join(dir, 'signed.pdf'))).toContain('Signature is Valid.');
    }
    expect(problems).toEqual([]);
  } finally {
    host.proc.kill('SIGTERM');
    token.cleanup();
  }
});
