// Handwritten signature (手写签名) of the legal representative, end to end in zh-CN: the company profile names
// the legal representative, the staff list offers to add them, the pad is drawn on with mouse moves (at
// 1024×700), the signature is saved in the vault, survives a reload, and is not in IndexedDB in clear (no PNG
// header, no base64 of it). On the documents page it is chosen beside the seals, placed by click and by the
// words (where the legal representative is asked to sign), signed with a key file; the signed copy passes
// pdfsig, and the page rendered by pdftoppm has the blue-black ink inside the signature's rectangle.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, startNodeHost, collectProblems, signWithKeyFile } from './fixtures';
import { rawIndexedDb, unlock, createVaultWithBidder } from './vault-helpers';
import { hasPdfsig, hasPdftoppm, pdfsig, renderPage } from '../helpers/pdf';
import { sealDocPdf } from '../helpers/seal-doc';

const shots = path.join(repoRoot, 'test/artifacts/screenshots');
const PASS = 'correct horse battery 9';
const COMPANY = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' };

function identity(dir: string): string {
  const f = (n: string) => path.join(dir, n);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('k.pem'), '-out', f('c.pem'), '-subj', '/CN=Zhang San', '-days', '30'], { stdio: 'pipe' });
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', f('k.pem'), '-in', f('c.pem'), '-out', f('k.p12'), '-passout', 'pass:sign-pass-1'], { stdio: 'pipe' });
  return f('k.p12');
}

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.screenshot({ path: path.join(shots, `hand-signature-${name}.png`), animations: 'disabled' });
}

/** Writes "张三"-like strokes on the pad with the mouse: a few loops and a final flourish. */
async function drawOnPad(page: Page) {
  // the dialog zooms in as it opens: strokes drawn during the animation may miss the pad, so draw again (after clearing)
  await expect(async () => {
    if ((await page.getByTestId('signature-pad').getAttribute('data-strokes')) !== '0') await page.getByTestId('signature-clear').click();
    await drawStrokes(page);
  }).toPass({ timeout: 30_000 });
}

async function drawStrokes(page: Page) {
  const pad = page.getByTestId('signature-pad');
  // the dialog zooms in as it opens: draw once the pad has stopped moving
  let b = (await pad.boundingBox())!;
  await expect(async () => {
    await page.waitForTimeout(150);
    const now = (await pad.boundingBox())!;
    const still = now.x === b.x && now.y === b.y && now.width === b.width;
    b = now;
    expect(still).toBe(true);
  }).toPass({ timeout: 10_000 });
  const strokes: Array<Array<[number, number]>> = [
    Array.from({ length: 24 }, (_, i) => [0.12 + i * 0.006, 0.35 + 0.25 * Math.sin(i / 3)] as [number, number]),
    Array.from({ length: 30 }, (_, i) => [0.3 + i * 0.008, 0.55 - 0.2 * Math.cos(i / 2.5)] as [number, number]),
    Array.from({ length: 30 }, (_, i) => [0.55 + i * 0.01, 0.6 + 0.15 * Math.sin(i / 2) - i * 0.008] as [number, number]),
  ];
  for (const s of strokes) {
    await page.mouse.move(b.x + s[0][0] * b.width, b.y + s[0][1] * b.height);
    await page.mouse.down();
    for (const [x, y] of s.slice(1)) await page.mouse.move(b.x + x * b.width, b.y + y * b.height, { steps: 2 });
    await page.mouse.up();
  }
  await expect(pad).toHaveAttribute('data-strokes', String(strokes.length), { timeout: 2_000 });
}

/** Pixels of blue-black ink (not black text, not white) of a PNG inside a box of image pixels, decoded by the browser. */
async function inkPixels(page: Page, png: Buffer, box: { x: number; y: number; width: number; height: number }): Promise<number> {
  return page.evaluate(
    async ({ b64, box }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height)).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 2] - d[i] > 25 && d[i + 2] < 200) n++;
      return n;
    },
    { b64: png.toString('base64'), box },
  );
}

test('handwritten signature: drawn for the legal representative, kept encrypted, placed by click and by the words, signed', async ({ page }) => {
  test.setTimeout(150_000);
  mkdirSync(shots, { recursive: true });
  const { handle, proc, dataDir } = await startNodeHost();
  const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-handsig-'));
  const pdf = path.join(dir, '投标函.pdf');
  writeFileSync(pdf, await sealDocPdf());
  const p12 = identity(dir);
  const problems = collectProblems(page);
  try {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(handle.loginUrl);
    await createVaultWithBidder(page, PASS, COMPANY);

    // the staff list offers the legal representative of the company profile
    await page.getByTestId('vault-tab-personnel').click();
    await expect(page.getByTestId('legal-rep-missing')).toContainText('法定代表人 张三 还不在人员列表中');
    await page.getByTestId('legal-rep-add').click();
    const row = page.locator('[data-testid=person-signature][data-person="张三"]');
    await expect(row).toBeVisible();
    await expect(page.getByTestId('vault-personnel')).toContainText('法定代表人');

    // the pad: keyboard users are told to use a pointer; draw, undo a stroke, draw it again
    await row.getByTestId('person-signature-draw').click();
    const modal = page.getByTestId('signature-pad');
    await expect(modal).toBeVisible();
    await expect(page.getByTestId('signature-pointer-hint')).toContainText('键盘无法书写');
    await expect(page.getByTestId('signature-save')).toBeDisabled();
    await drawOnPad(page);
    await page.getByTestId('signature-undo').click();
    await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-strokes', '2');
    await page.getByTestId('signature-clear').click();
    await expect(page.getByTestId('signature-pad')).toHaveAttribute('data-strokes', '0');
    await drawOnPad(page);
    const preview = page.getByTestId('signature-preview');
    await expect(preview).toBeVisible();
    // trimmed to the ink, print resolution
    expect(Number(await preview.getAttribute('data-width'))).toBeGreaterThanOrEqual(600);
    await page.mouse.move(2, 2);
    await shot(page, 'pad-1024');
    await page.getByTestId('signature-save').click();
    await expect(modal).toBeHidden();
    await expect(row.getByTestId('person-signature-thumb')).toBeVisible();
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, 'vault-1440');

    // kept across a reload, encrypted at rest: neither the PNG header nor its base64 is in IndexedDB
    await page.reload();
    await page.getByTestId('nav-vault').click();
    await unlock(page, PASS);
    await page.getByTestId('vault-tab-personnel').click();
    await expect(page.locator('[data-testid=person-signature][data-person="张三"]').getByTestId('person-signature-thumb')).toBeVisible({ timeout: 20_000 });
    const raw = await rawIndexedDb(page);
    expect(raw).toContain('hex:'); // the dump does read the rows
    expect(raw).not.toContain('89504e470d0a1a0a');
    expect(raw).not.toContain('iVBORw0KGgo');
    expect(raw).not.toContain('handwritten-signature');

    // the documents page: the legal representative's signature is offered beside the seals
    await page.getByTestId('nav-documents').click();
    await expect(page.getByTestId('documents-import')).toHaveCount(1);
    await page.waitForLoadState('networkidle');
    // an input replaced by a re-render as the page settles can drop the file: set it again only while the
    // store has nothing (never a second copy)
    const stored = () => page.evaluate(async () => ((await (await fetch('/api/files.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mediaType: 'application/pdf' }) })).json()) as { value: { files: unknown[] } }).value.files.length);
    await expect(async () => {
      if ((await stored()) === 0) await page.getByTestId('documents-import').locator('input[type=file]').setInputFiles(pdf);
      await expect(page.getByTestId('document-item')).toHaveCount(1, { timeout: 8_000 });
    }).toPass({ timeout: 40_000 });
    const viewer = page.getByTestId('pdf-viewer');
    await expect(viewer).toHaveAttribute('data-pages', '3', { timeout: 30_000 });
    await expect(page.getByTestId('signature-select')).toContainText('张三（法定代表人）');
    await expect(page.getByTestId('signature-not-eseal')).toHaveText('手写签名图片：作为数字签名的外观，不是电子印章');
    // by click, on page 1
    await page.getByTestId('add-handwritten').click();
    await expect(viewer.locator('[data-testid=placed-seal][data-kind=handwritten]')).toHaveCount(1);
    // by the words: where the legal representative is asked to sign (page 1 and page 3)
    await page.getByTestId('bytext-find').click();
    await expect(page.getByTestId('bytext-places').locator('li')).toHaveCount(5, { timeout: 30_000 });
    await expect(page.getByTestId('bytext-place')).toContainText('2');
    await page.getByTestId('bytext-place').click();
    await expect(viewer.locator('[data-testid=placed-seal][data-kind=handwritten]')).toHaveCount(3);
    await expect(page.getByTestId('placements').locator('li')).toHaveCount(3);
    await expect(page.getByTestId('placements')).toContainText('手写签名');
    await viewer.locator('.bs-doc-pages canvas[data-rendered=true]').first().waitFor();
    await page.mouse.move(2, 2);
    await shot(page, 'documents-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect(page.getByTestId('add-handwritten')).toBeInViewport();
    await shot(page, 'documents-1024');

    await expect(page.getByTestId('sign-open')).toContainText('2 个签名');
    await signWithKeyFile(page, p12, 'sign-pass-1', 'Zhang San', 2);
    await expect(page.getByTestId('signature-row').first()).toContainText('手写签名');
    await page.getByTestId('signature-row').first().scrollIntoViewIfNeeded();
    await page.mouse.move(2, 2);
    await shot(page, 'signed-1024');

    // the signed copy in the store: pdfsig, and the ink inside the click-placed signature's rectangle
    const docs = path.join(dataDir, 'documents');
    const signedDir = readdirSync(docs)
      .filter((n) => /^[0-9a-f]{32}$/.test(n))
      .map((n) => path.join(docs, n))
      .find((d) => (JSON.parse(readFileSync(path.join(d, 'meta.json'), 'utf8')) as { tags: Record<string, string> }).tags.kind === 'signed-pdf')!;
    const signed = path.join(dir, 'signed.pdf');
    writeFileSync(signed, readFileSync(path.join(signedDir, readdirSync(signedDir).find((n) => n.endsWith('.pdf'))!)));
    if (hasPdfsig) {
      const out = pdfsig(signed);
      // two signatures; poppler lists the one placed by the words once per place (two widgets)
      expect(out.match(/Signature is Valid/g)).toHaveLength(3);
      expect(out.match(/Signature Validation:/g)).toHaveLength(3);
      expect([...new Set(out.match(/Signature Field Name: \S+/g))]).toEqual(['Signature Field Name: HandSignature1', 'Signature Field Name: HandSignature2']);
    }
    if (hasPdftoppm) {
      // the click placement: 113 pt wide at x = 595 − 113 − 72, its bottom at y = 120 (documents page defaults)
      // (rendered at 144 dpi: two pixels per point, y from the top)
      const page1 = readFileSync(renderPage(signed, 144, 1));
      const plain = readFileSync(renderPage(pdf, 144, 1));
      const rect = { x: 2 * 410, y: 2 * (842 - 120 - 60), width: 2 * 113, height: 2 * 60 };
      expect(await inkPixels(page, plain, rect)).toBe(0);
      expect(await inkPixels(page, page1, rect)).toBeGreaterThan(200);
    }
    expect(problems).toEqual([]);
  } finally {
    proc.kill();
  }
});
