// The whole bid path as a new user walks it, written once for both shells (the Node host in Chromium,
// workspace.spec.ts; the Electron window, electron.spec.ts): vault → bid project → documents (a PDF
// imported, the bid letter generated from the vault) → seals signed with a USB key (SoftHSM2) → sealed
// to the reference platform with the pre-flight checks and a test decryption → uploaded → receipt.
// Each step leaves a screenshot in test/artifacts/screenshots/path-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { pickOption, typeDate } from './fixtures';
import { createVault, fillCompany } from './vault-helpers';
import { minimalPdf, sealPng } from '../helpers/pdf';
import type { SoftHsmToken } from '../helpers/softhsm';
import { pageApi, startUserReferencePlatform, type ReferencePlatform } from './platform';

export const BIDDER = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678', account: '0200 0045 0908 8123 456' };
const PASS = 'bid path vault passphrase';
/** the reference platform as the bidder adds it (platforms/data/13-reference.json is the directory's entry on port 8790) */
const LOCAL_PLATFORM = '本机参考平台（演练）';

/** What every walk needs, whatever carries the signing key. */
export interface WalkContext {
  dir: string;
  /** the bidder's SM2 encryption identity (key + certificate PEM) and its certificate */
  enc: { pem: string; cert: string };
  /** trust anchor of the signing certificate (DER base64), imported like the Certificates page does */
  caDer: string;
  /** reference platforms the walk started (the caller stops them) */
  platforms: ReferencePlatform[];
  shots: string;
  /** screenshot names start with this (default "path") */
  prefix?: string;
}

export interface PathContext extends WalkContext {
  token: SoftHsmToken;
  /** the bidder's signing key on the token (its pkcs11 label) */
  signingLabel: string;
}

/**
 * The bidder's PKI: a CA and an EC P-256 signing certificate (O = company, OU = USCC) whose key goes onto
 * the SoftHSM2 token; an SM2 encryption certificate kept as a key file for the self-check.
 */
export function makeBidderPki(dir: string, token: SoftHsmToken): Pick<PathContext, 'signingLabel' | 'enc' | 'caDer'> {
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-subj', '/CN=BidSeal Path Test CA', '-days', '60', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-utf8', '-keyout', f('sign.key'), '-out', f('sign.csr'), '-subj', bidderSubject(`${BIDDER.name} 签名`)]);
  writeFileSync(f('sign.cnf'), 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=critical,CA:FALSE\n');
  ossl(['x509', '-req', '-in', f('sign.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('sign.crt'), '-outform', 'DER', '-days', '60', '-extfile', f('sign.cnf')]);
  ossl(['pkcs8', '-topk8', '-nocrypt', '-in', f('sign.key'), '-outform', 'DER', '-out', f('sign.p8')]);
  const tool = (args: string[]) => execFileSync('pkcs11-tool', ['--module', token.modulePath, '--token-label', token.label, '--login', '--pin', token.pin, ...args], { env: token.env, stdio: 'pipe' });
  const signingLabel = 'bidder-sign';
  tool(['--write-object', f('sign.p8'), '--type', 'privkey', '--id', '10', '--label', signingLabel, '--usage-sign']);
  tool(['--write-object', f('sign.crt'), '--type', 'cert', '--id', '10', '--label', signingLabel]);
  return { signingLabel, enc: bidderEncIdentity(dir), caDer: ossl(['x509', '-in', f('ca.pem'), '-outform', 'DER']).toString('base64') };
}

/** The bidder's subject: O = company, OU = USCC (what the pre-flight matches against the bidder). */
export const bidderSubject = (cn: string) => `/C=CN/O=${BIDDER.name}/OU=${BIDDER.uscc}/CN=${cn}`;

/** The bidder's SM2 encryption identity as a key file (key + certificate PEM) for the seal's self-check. */
export function bidderEncIdentity(dir: string): WalkContext['enc'] {
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ossl(['genpkey', '-algorithm', 'SM2', '-out', f('enc.key')]);
  ossl(['req', '-x509', '-new', '-utf8', '-key', f('enc.key'), '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', bidderSubject(`${BIDDER.name} 加密`), '-days', '365', '-set_serial', '0x7102', '-addext', 'keyUsage=critical,keyEncipherment,dataEncipherment', '-addext', 'basicConstraints=critical,CA:FALSE', '-out', f('enc.crt')]);
  writeFileSync(f('enc.pem'), Buffer.concat([readFileSync(f('enc.key')), readFileSync(f('enc.crt'))]));
  return { pem: f('enc.pem'), cert: f('enc.crt') };
}

export async function shot(page: Page, ctx: WalkContext, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(640, 4);
  await page.screenshot({ path: path.join(ctx.shots, `${ctx.prefix ?? 'path'}-${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Chooses the USB key in a CarrierPicker inside `scope` and types the PIN. */
async function useToken(page: Page, ctx: PathContext, scope: ReturnType<Page['getByTestId']>, pin: string) {
  // the key manager: once picked in this session, the USB key is shown and only its PIN is asked
  await expect(scope.getByTestId('carrier-ready').or(scope.getByTestId('carrier-kind-token'))).toBeVisible();
  if (await scope.getByTestId('carrier-ready').isVisible()) return scope.getByTestId('carrier-pin').fill(pin);
  // the dialog may still be settling (the key list loads): the choice of carrier is repeated until it holds
  await expect(async () => {
    await scope.getByTestId('carrier-kind-token').click();
    await expect(scope.getByTestId('carrier-module')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await scope.getByTestId('carrier-module').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: ctx.token.modulePath }).first().click();
  await scope.getByTestId('carrier-read-tokens').click();
  await scope.getByTestId('carrier-cert').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `${BIDDER.name} 签名` }).first().click();
  await scope.getByTestId('carrier-pin').fill(pin);
}

/** Walks the path with the USB key: PDF documents sealed with a picture seal, sealed to the platform, uploaded. */
export async function walkBidPath(page: Page, ctx: PathContext): Promise<void> {
  await startBidProject(page, ctx);
  await signPdfDocuments(page, ctx);
  await sealBid(page, ctx, 2, (scope) => useToken(page, ctx, scope, ctx.token.pin));
  await uploadWithReceipt(page, ctx);
}

/** Steps 1–2: the CA trusted, the vault and the bidder made, the reference platform added, a bid project on it. */
export async function startBidProject(page: Page, ctx: WalkContext): Promise<void> {
  mkdirSync(ctx.shots, { recursive: true });
  page.setDefaultTimeout(30_000); // a missing element fails the step, not the whole walk's budget

  // The signing certificate's CA is trusted (the Certificates page's "trusted CAs").
  const imported = await page.evaluate(async (data) => {
    // the preload's API in Electron, the host's HTTP route in a browser
    const api = (window as unknown as { bidseal?: Record<string, (r: unknown) => Promise<unknown>> }).bidseal;
    if (api) return api['trust.import']!({ data });
    return (await fetch('/api/trust.import', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data }) })).json();
  }, ctx.caDer);
  expect(imported).toMatchObject({ ok: true });

  // 1. An empty app sends the user to the vault: create it and the bidder.
  await expect(page.getByTestId('section-projects')).toBeVisible();
  await shot(page, ctx, '01-empty');
  await page.getByTestId('projects-to-vault').click();
  await createVault(page, PASS);
  await fillCompany(page, BIDDER);
  await expect(page.getByTestId('bidder')).toContainText(BIDDER.name, { timeout: 15_000 });
  await shot(page, ctx, '02-vault');

  // 2. The reference platform runs on this computer on a port of its own: the bidder adds it as their own
  // platform (uploads go only to platforms, never to a typed URL), then makes a bid project on it.
  ctx.platforms.push(await startUserReferencePlatform(pageApi(page), LOCAL_PLATFORM));
  await page.getByTestId('nav-projects').click();
  await page.getByTestId('projects-create').click();
  await page.getByTestId('project-title').fill('某市政道路改造工程施工');
  await page.getByTestId('project-tender-no').fill('ZB-2026-0042');
  await pickOption(page, 'project-platform', LOCAL_PLATFORM);
  // deadline and opening in three weeks: inside every certificate's validity, as the pre-flight demands
  const d = new Date(Date.now() + 21 * 86_400_000);
  const when = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} 09:30`;
  await typeDate(page, 'project-deadline', when);
  await typeDate(page, 'project-opening', when, true); // Enter in the last field submits the form
  await expect(page.getByTestId('project-detail')).toBeVisible();
  await expect(page.getByTestId('project-lot-status')).toHaveText('准备中');
}

/** Steps 3–4: the checklist (bid letter and the commercial PDF), each PDF signed with a picture seal on the USB key. */
async function signPdfDocuments(page: Page, ctx: PathContext): Promise<void> {
  const pdfPath = path.join(ctx.dir, '商务标.pdf');
  writeFileSync(pdfPath, minimalPdf({ pages: 3 }));
  const sealPath = path.join(ctx.dir, '公章.png');
  writeFileSync(sealPath, sealPng(240));
  // 3. The checklist: only the bid letter and the commercial part are required in this tender.
  for (const id of ['authorization', 'technical', 'qualification', 'price-list']) {
    await page.getByTestId(`required-${id}`).click();
    await expect(page.getByTestId(`required-${id}`)).not.toBeChecked();
  }
  await page.getByTestId('drop-commercial').locator('input[type=file]').setInputFiles(pdfPath);
  await expect(page.getByTestId('project-checklist')).toContainText('商务标.pdf');
  // the bid letter comes from the vault's data
  await page.getByTestId('generate-bid-letter').click();
  await expect(page.getByTestId('section-vault')).toBeVisible();
  await page.getByTestId('docs-tenderee').fill('某市住房和城乡建设局');
  await page.getByTestId('docs-price').fill('1234567.89');
  await page.getByTestId('docs-generate').click();
  await expect(page.getByTestId('project-detail')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('project-checklist')).toContainText('投标函');
  await expect(page.getByTestId('project-lot-status')).toHaveText('待签章');
  await shot(page, ctx, '03-project');

  // 4. Sign each document with the company seal, on the USB key (one PIN per document).
  for (let n = 0; n < 2; n++) {
    const next = page.locator('[data-testid^="sign-"]').filter({ hasText: '去签章' }).first();
    await next.click();
    await expect(page.getByTestId('pdf-viewer')).toBeVisible();
    if (n === 0) await page.getByTestId('seal-import').locator('input[type=file]').setInputFiles(sealPath);
    else await pickOption(page, 'seal-image-select', '公章.png');
    await expect(page.getByTestId('add-company')).toBeEnabled();
    await page.getByTestId('add-company').click();
    await page.getByTestId('sign-open').click();
    const modal = page.getByTestId('sign-modal');
    await useToken(page, ctx, modal, ctx.token.pin);
    if (n === 0) await shot(page, ctx, '04-sign');
    await page.getByTestId('sign-confirm').click();
    await expect(page.getByTestId('project-detail')).toBeVisible({ timeout: 60_000 });
  }
  await expect(page.getByTestId('project-lot-status')).toHaveText('已签章');
}

/** Step 5: sealed to the platform from the project; `signer` fills in the signing carrier inside the wizard. */
export async function sealBid(page: Page, ctx: WalkContext, documents: number, signer: (scope: ReturnType<Page['getByTestId']>) => Promise<void>, passing: string[] = []): Promise<void> {
  // 5. Seal to the platform: the project fills in documents, platform, opening time and tender.
  await page.getByTestId('project-seal').click();
  await expect(page.getByTestId('seal-wizard')).toBeVisible();
  await expect(page.getByTestId('seal-selected')).toContainText(String(documents));
  await page.getByTestId('seal-next-1').click();
  await page.getByTestId('seal-bidder-cert').locator('input[type=file]').setInputFiles(ctx.enc.cert);
  await expect(page.getByTestId('seal-bidder-cert-item')).toContainText('加密');
  await expect(page.getByTestId('seal-tender-id')).toHaveValue('ZB-2026-0042');
  await page.getByTestId('seal-next-2').click();
  await signer(page.getByTestId('seal-step-signer'));
  await page.getByTestId('seal-self-check-identity-keyfile-input').setInputFiles(ctx.enc.pem);
  await expect(page.getByTestId('seal-self-check-identity-keyfile-ready')).toBeVisible();
  await page.getByTestId('seal-preflight').click();
  // pass, or pass with warnings (revocation cannot be checked without an imported CA: a WARN, never a FAIL)
  await expect(page.getByTestId('seal-preflight-verdict')).toHaveClass(/ant-alert-(success|warning)/, { timeout: 30_000 });
  for (const c of passing) await expect(page.getByTestId('seal-checks').getByTestId(`check-${c}-pass`).first()).toBeVisible();
  await shot(page, ctx, '05-preflight');
  await page.getByTestId('seal-run').click();
  await expect(page.getByTestId('seal-result')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('seal-result-selfcheck')).toContainText('试解密');
  await shot(page, ctx, '06-sealed');
}

/** Steps 6–7: uploaded from the project, the receipt verified and shown in the project. */
export async function uploadWithReceipt(page: Page, ctx: WalkContext): Promise<void> {
  // 6. Upload from the project: file, platform and deadline come along.
  await page.goto(page.url().replace(/#.*$/, '#/projects'));
  await page.getByTestId('projects-table').getByText('某市政道路改造工程施工').click();
  await expect(page.getByTestId('project-lot-status')).toHaveText('已密封');
  await page.getByTestId('project-upload').click();
  const enqueue = page.getByTestId('upload-enqueue');
  await expect(enqueue.getByTestId('upload-file-picker')).toContainText('.p7m');
  await enqueue.getByTestId('upload-enqueue-submit').click();
  const row = page.getByTestId('upload-outbox').locator('tr.ant-table-row').first();
  await expect(row.getByTestId('upload-state')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await row.click();
  await expect(page.getByTestId('upload-receipt').getByTestId('upload-receipt-signature')).toContainText('签名有效');
  await shot(page, ctx, '07-receipt');

  // 7. The project shows the receipt.
  await page.goto(page.url().replace(/#.*$/, '#/projects'));
  await page.getByTestId('projects-table').getByText('某市政道路改造工程施工').click();
  await expect(page.getByTestId('project-lot-status')).toHaveText('已取得回执');
  await expect(page.getByTestId('project-history')).toContainText('已取得回执');
  await shot(page, ctx, '08-done');
  // the receipt tag opens the receipt view on the upload page
  await page.getByTestId('project-receipt-open').first().click();
  await expect(page.getByTestId('upload-receipt').getByTestId('upload-receipt-signature')).toContainText('签名有效');
  // the project list shows the lot's progress too
  await page.goto(page.url().replace(/#.*$/, '#/projects'));
  await expect(page.getByTestId('project-status')).toContainText('已取得回执');
}
