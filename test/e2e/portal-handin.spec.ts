// Handing a bid in through a platform's web portal (zh-CN, own Node host on a platform directory signed
// with a test key that holds `portal-demo`, a portal-only platform with a published portal, file-name
// pattern, size limit and formats; test/helpers/e2e-directory.ts). A bid sealed with the product's
// sealBid is recorded in the host's history, then on the upload page: the portal card shows what the
// platform expects → 准备递交文件 downloads the copy under the portal's name (bytes compared with the
// sealed file) → 打开平台网页 asks the browser to open the directory's https portal (answered here by a
// stub, nothing leaves the machine) → a PNG receipt is attached → the outbox lists the bid as
// 已通过平台网页递交 with the sealed file's SHA-256/SM3 beside the receipt's SHA-256; a damaged PNG is refused.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, repoRoot, startNodeHost } from './fixtures';
import { fullPageShot, importFileBytes, pageApi } from './platform';
import { PORTAL_DEMO_URL } from '../helpers/e2e-directory';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');

/** Seals one pseudo-random document with the product's sealBid; returns its path and its history record. */
function sealOne(dir: string): { file: string; record: Record<string, unknown> } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeUploadFixtures, meta } from './test/unit/upload/fixtures.ts';
import { pseudoRandom } from './test/unit/envelope/fixtures.ts';
import { sealBid } from './electron/services/bid/package.ts';
import { recordOfSeal } from './electron/services/bid/history.ts';
const fx = await makeUploadFixtures();
const doc = path.join(${JSON.stringify(dir)}, '投标文件.pdf');
writeFileSync(doc, pseudoRandom(400000, 7));
const out = path.join(${JSON.stringify(dir)}, '投标文件.p7m');
const r = await sealBid({ files: [doc], meta: { ...meta, tenderId: '京建招〔2026〕第7号', platformId: 'portal-demo' }, signer: await fx.bid.signer(), recipients: [fx.pki.encryptionCertPem, readFileSync(fx.bid.cert('bidderEnc'), 'utf8')] }, out);
console.log(JSON.stringify({ file: out, record: recordOfSeal(r, { platformId: 'portal-demo', title: '示例办公楼施工总承包' }) }));
process.exit(0);`],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as { file: string; record: Record<string, unknown> };
}

function appendRecord(dataDir: string, record: unknown): string {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { appendRecord } from './electron/services/bid/history.ts';
const r = await appendRecord(${JSON.stringify(dataDir)}, ${JSON.stringify(record)});
console.log(r.id);`], { cwd: repoRoot, encoding: 'utf8' });
  return out.trim().split('\n').pop()!;
}

test('portal hand-in: prepare → open the portal → attach the receipt → the outbox shows it with the hashes', async ({ browser }) => {
  test.setTimeout(150_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bidseal-portal-e2e-'));
  const { handle, proc, dataDir } = await startNodeHost({ BIDSEAL_TEST_DIRECTORY_PRELOAD: '1' }, [], ['--import', './test/helpers/e2e-directory.ts']);
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1440, height: 1000 } });
  try {
    // nothing reaches the network: the portal is answered here, every other remote request is counted
    const remote: string[] = [];
    const opened: string[] = [];
    await context.route(`${PORTAL_DEMO_URL}**`, (r) => {
      opened.push(r.request().url());
      return r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<title>示例平台</title><h1>示例网页递交平台（测试替身）</h1>' });
    });
    const page = await context.newPage();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol) && !r.url().startsWith(PORTAL_DEMO_URL)) remote.push(r.url());
    });
    const { file, record } = sealOne(tmp);
    await page.goto(handle.loginUrl);
    await page.getByTestId('nav-upload').click();
    await expect(page.getByTestId('section-upload')).toBeVisible();
    const fileId = await importFileBytes(page, file, 'sealed-bid');
    const recordId = appendRecord(dataDir, { ...record, sealed: { ...(record.sealed as object), fileId } });
    const sealed = readFileSync(file);
    const sha = createHash('sha256').update(sealed).digest('hex');

    expect(recordId).toMatch(/^[0-9a-f]{32}$/);
    // the sealed bid and a platform that takes bids only on its web portal
    await page.reload();
    const form = page.getByTestId('upload-enqueue');
    await form.getByTestId('upload-file-picker').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '投标文件.p7m' }).click();
    await form.getByTestId('upload-platform').click();
    await page.keyboard.type('示例网页');
    await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '示例网页递交平台' })).toContainText('通过平台网页递交');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '示例网页递交平台' }).click();
    const card = page.getByTestId('portal-handin');
    await expect(card).toBeVisible({ timeout: 30_000 });
    const expectedName = `91350100M000100Y43_京建招〔2026〕第7号_第一标段.p7m`;
    await expect(card.getByTestId('portal-file-name')).toContainText(expectedName);
    await expect(card.getByTestId('portal-max-bytes')).toContainText('50.0 MB');
    await expect(card).toContainText(sha);
    await expect(page.getByTestId('upload-enqueue-submit')).toHaveCount(0);
    await fullPageShot(page, 'portal-handin-card');

    // 准备递交文件: the browser downloads the checked copy under the portal's name
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('portal-prepare').click()]);
    expect(download.suggestedFilename()).toBe(expectedName);
    const saved = path.join(tmp, 'downloaded.p7m');
    await download.saveAs(saved);
    expect(createHash('sha256').update(readFileSync(saved)).digest('hex')).toBe(sha);

    // 打开平台网页: the host answers the directory's https portal (the renderer never names it); the browser opens it
    const [popup] = await Promise.all([context.waitForEvent('page'), card.getByTestId('portal-open').click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(PORTAL_DEMO_URL);
    expect(opened).toEqual([PORTAL_DEMO_URL]);
    await popup.close();
    await expect(card.getByTestId('portal-link')).toContainText(PORTAL_DEMO_URL);
    // a platform the directory gives no portal address cannot be opened, and no URL is accepted from the page
    const noUrl = (await pageApi(page)('upload.portalOpen', { platformId: 'beijing' })) as { ok: boolean; error?: { code: string } };
    expect(noUrl).toMatchObject({ ok: false, error: { code: 'E_PORTAL_NO_URL' } });
    const attack = (await pageApi(page)('upload.portalOpen', { platformId: 'portal-demo', url: 'https://evil.example/' })) as { ok: boolean; error?: { code: string } };
    expect(attack).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });

    // a damaged PNG is refused with the typed error, in Chinese
    const png = readFileSync(path.join(repoRoot, 'build/icon.png'));
    writeFileSync(path.join(tmp, '坏回执.png'), png.subarray(0, 200));
    await card.getByTestId('portal-attach-input').setInputFiles(path.join(tmp, '坏回执.png'));
    await expect(card.locator('.ant-alert-error')).toContainText('不是有效的 PDF 或 PNG/JPG 图片', { timeout: 20_000 });

    // the portal's receipt, a PNG screenshot
    writeFileSync(path.join(tmp, '平台回执截图.png'), png);
    await card.getByTestId('portal-attach-input').setInputFiles(path.join(tmp, '平台回执截图.png'));
    const item = page.getByTestId('portal-list').getByTestId('portal-item');
    await expect(item).toHaveCount(1, { timeout: 20_000 });
    await expect(item.getByTestId('portal-item-status')).toHaveText('已通过平台网页递交');
    await expect(item.getByTestId('portal-sealed-sha256')).toContainText(sha);
    await expect(item.getByTestId('portal-sealed-sm3')).toContainText(String((record.sealed as { sm3: string }).sm3));
    await expect(item.getByTestId('portal-receipt-sha256')).toContainText(createHash('sha256').update(png).digest('hex'));
    await expect(item).toContainText('BidSeal 无法验证');
    await fullPageShot(page, 'portal-handin-outbox');
    await item.getByTestId('portal-receipt-open').click();
    await expect(page.getByTestId('portal-receipt-image')).toBeVisible();
    await expect(page.getByRole('dialog').filter({ hasText: '平台回执截图.png' })).toBeVisible();
    await page.waitForTimeout(600); // the dialog's opening transition
    await page.screenshot({ path: path.join(shots, 'portal-handin-receipt.png') });
    await page.keyboard.press('Escape');

    // the same in English, at the small window size
    await page.getByTestId('lang-en-US').click();
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect(item.getByTestId('portal-item-status')).toHaveText('Handed in via the portal');
    await expect(card.getByTestId('portal-prepare')).toHaveText(/Prepare the file/);
    await expect(item).toContainText('BidSeal cannot verify it');
    await fullPageShot(page, 'portal-handin-outbox-en');
    expect(remote).toEqual([]);
  } finally {
    await context.close();
    proc.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
});
