// The vault 资料库 in Debian Chromium against the Node host: an agency creates the encrypted vault, keeps
// two bidders' data (company, qualification, staff, a scan), reloads, locks and unlocks, searches;
// with the vault locked the raw IndexedDB holds no plaintext of any sensitive field; a wrong
// passphrase is refused; a tampered row is reported, not shown; export → wipe → import restores
// everything byte for byte (checked by decrypting both backups here, in Node); a corrupt or truncated
// import changes nothing; a bid letter PDF is generated for each bidder and rendered to PNG.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, repoRoot, collectProblems } from './fixtures';
import { createVault as createVaultAs, fillCompany, rawIndexedDb, shot as vaultShot, shots, unlock as unlockWith } from './vault-helpers';
import { readBackup } from '../../renderer/src/vault/backup';

mkdirSync(shots, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-vault-'));

const PASS = 'agency vault passphrase 2026';
const A = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678', account: '0200 0045 0908 8123 456' };
const B = { name: '上海样本工程有限公司', uscc: '91310115MA1H7GXL27', legal: '李四', address: '上海市浦东新区世纪大道 100 号', postcode: '200120', phone: '021-87654321', account: '3100 6677 8899 0011 222' };
const PERSON = { name: '王五', id: '110101199003071234', cert: '一级注册建造师', certNo: '京111060801234' };
const QUAL = { type: '建筑工程施工总承包', grade: '壹级', number: 'D211000001' };
const SCAN_TEXT = 'SCAN-营业执照-原件扫描-SECRET';

const shot = (page: Page, name: string) => vaultShot(page, 'vault', name);
const createVault = (page: Page, pass = PASS) => createVaultAs(page, pass);
const unlock = (page: Page, pass = PASS) => unlockWith(page, pass);

async function openVault(page: Page, loginUrl: string) {
  await page.goto(loginUrl);
  await page.getByTestId('nav-vault').click();
  await expect(page.getByTestId('section-vault')).toBeVisible();
}

async function setDate(page: Page, label: string, value: string) {
  const input = page.getByRole('dialog').getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

async function tab(page: Page, key: string) {
  await page.getByTestId(`vault-tab-${key}`).click();
}

async function selectBidder(page: Page, name: string) {
  await page.getByTestId('vault-bidder-select').click();
  await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
  await expect(page.getByTestId('vault-bidder-select')).toContainText(name);
}

const utf8hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

async function addQualification(page: Page, validTo: string) {
  await tab(page, 'qualifications');
  await page.getByTestId('vault-qualifications-add').click();
  const dlg = page.getByRole('dialog');
  await dlg.getByTestId('vault-qualifications-field-type').fill(QUAL.type);
  await dlg.getByTestId('vault-qualifications-field-grade').fill(QUAL.grade);
  await dlg.getByTestId('vault-qualifications-field-number').fill(QUAL.number);
  await setDate(page, '有效期至', validTo);
  await dlg.getByTestId('vault-qualifications-save').click();
  await expect(page.getByTestId('vault-qualifications').getByText(QUAL.type)).toBeVisible();
}

async function addPerson(page: Page) {
  await tab(page, 'personnel');
  await page.getByTestId('vault-personnel-add').click();
  const dlg = page.getByRole('dialog');
  await dlg.getByTestId('vault-personnel-field-name').fill(PERSON.name);
  await dlg.getByTestId('vault-personnel-field-idNumber').fill(PERSON.id);
  await dlg.getByTestId('vault-personnel-field-role').fill('项目经理');
  await dlg.getByTestId('vault-personnel-cert-add').click();
  await dlg.getByTestId('vault-personnel-cert-name-0').fill(PERSON.cert);
  await dlg.getByTestId('vault-personnel-cert-number-0').fill(PERSON.certNo);
  await dlg.getByTestId('vault-personnel-save').click();
  await expect(page.getByTestId('masked-id')).toHaveText('1101**********1234');
}

async function addScan(page: Page, name: string, bytes: Buffer) {
  await tab(page, 'attachments');
  await page.getByTestId('vault-attachments').locator('input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: bytes });
  await expect(page.getByTestId('vault-attachments').getByText(name)).toBeVisible();
}

async function generateBidLetter(page: Page, bidder: typeof A, project: string, price: string, capitals: string): Promise<string> {
  await tab(page, 'documents');
  await page.getByTestId('docs-tenderee').fill('某某市第一中学');
  await page.getByTestId('docs-project').fill(project);
  await page.getByTestId('docs-lot').fill('一');
  await page.getByTestId('docs-price').fill(price);
  await expect(page.getByTestId('docs-capitals')).toContainText(capitals);
  const resp = page.waitForResponse((r) => r.url().endsWith('/api/docs.generate'));
  await page.getByTestId('docs-generate').click();
  const answer = (await (await resp).json()) as { ok: boolean; error?: unknown };
  expect(answer.error).toBeUndefined();
  await expect(page.getByTestId('docs-result-name')).toHaveText(`投标函-${project}.pdf`, { timeout: 30_000 });
  const id = await page.getByTestId('docs-result-id').getAttribute('data-file-id');
  // read the stored PDF through the host's API (same session cookie) and check it like a reviewer
  const b64 = await page.evaluate(async (fileId) => {
    const r = await fetch('/api/files.read', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: fileId, offset: 0, length: 4 * 1024 * 1024 }) });
    const j = (await r.json()) as { ok: boolean; value: { data: string } };
    return j.value.data;
  }, id);
  const file = path.join(work, `${bidder.uscc}.pdf`);
  writeFileSync(file, Buffer.from(b64, 'base64'));
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain(`${bidder.name}（盖单位章）`);
  expect(text).toContain(capitals);
  expect(text).toContain(bidder.uscc);
  execFileSync('qpdf', ['--check', file]);
  expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/\+NotoSansSC-Regular.*yes yes yes/);
  return file;
}

test('vault: two bidders, data and a scan, reload, lock/unlock, search, no plaintext at rest, a bid letter for each', async ({ page, app }) => {
  test.setTimeout(240_000);
  const problems = collectProblems(page);
  await openVault(page, app.loginUrl);
  await shot(page, 'create');
  await createVault(page);

  // bidder A: a wrong check character is refused as typed
  const form = page.getByTestId('company-form');
  await form.getByTestId('company-uscc').fill('91110108MA01KX6Q9X');
  await form.getByTestId('company-uscc').blur();
  await expect(page.getByText('统一社会信用代码应为 18 位，且校验位（GB 32100）正确')).toBeVisible();
  await fillCompany(page, A);
  await expect(page.getByTestId('bidder')).toContainText(A.name);
  await addQualification(page, '2020-01-01');
  await addPerson(page);
  await addScan(page, '营业执照.txt', Buffer.from(SCAN_TEXT));
  // a copy of the scan goes into the document store, tagged with the bidder, to insert into a bid
  await page.getByTestId('scan-to-documents').first().click();
  await expect(page.getByText('已放入文档库，可在制作投标文件时插入')).toBeVisible();
  const stored = await page.evaluate(async () => {
    const r = await fetch('/api/files.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tags: { kind: 'scan' } }) });
    return ((await r.json()) as { value: { files: { name: string; size: number; tags: { bidder?: string } }[] } }).value.files;
  });
  expect(stored.map((f) => [f.name, f.size])).toEqual([['营业执照.txt', Buffer.byteLength(SCAN_TEXT)]]);
  expect(stored[0].tags.bidder).toBe(A.uscc); // the store names bidders by USCC, like every other section
  await tab(page, 'expiry');
  await expect(page.getByTestId('expiry-summary')).toContainText('1 项在截止/开标前失效');
  await shot(page, 'expiry');

  // bidder B through "new bidder"
  await page.getByTestId('vault-new-bidder').click();
  await fillCompany(page, B);
  await expect(page.getByTestId('vault-bidder-select')).toContainText(B.name);
  await tab(page, 'qualifications');
  await expect(page.getByTestId('vault-qualifications').getByText(QUAL.type)).toHaveCount(0); // bidders are kept apart
  await selectBidder(page, A.name);
  await tab(page, 'qualifications');
  await expect(page.getByTestId('vault-qualifications').getByText(QUAL.type)).toBeVisible();
  await shot(page, 'qualifications');

  // reload: locked; unlock; the data is there; search finds the staff certificate
  await page.reload();
  await expect(page.getByTestId('vault-unlock')).toBeVisible();
  await unlock(page);
  await expect(page.getByTestId('vault-bidder-select')).toContainText(A.name, { timeout: 20_000 });
  await page.getByTestId('vault-search').locator('input').fill(PERSON.certNo.slice(0, 6));
  await page.getByTestId('vault-search').locator('input').press('Enter');
  await expect(page.getByTestId('vault-search-hit').first()).toContainText(PERSON.name);
  await shot(page, 'search');
  await page.getByTestId('vault-search-hit').first().click();
  await expect(page.getByTestId('masked-id')).toBeVisible();

  // locked: nothing sensitive in IndexedDB, neither as text nor as UTF-8 bytes
  await page.getByTestId('vault-lock').click();
  await expect(page.getByTestId('vault-unlock')).toBeVisible();
  await expect(page.getByTestId('bidder')).toContainText('未选择投标人');
  const raw = await rawIndexedDb(page);
  expect(raw.length).toBeGreaterThan(1000);
  for (const secret of [A.name, A.uscc, A.legal, A.address, A.account, A.phone, B.name, B.uscc, B.legal, PERSON.name, PERSON.id, PERSON.cert, PERSON.certNo, QUAL.type, QUAL.number, SCAN_TEXT, '营业执照.txt', '赵经理']) {
    expect(raw, secret).not.toContain(secret);
    expect(raw, secret).not.toContain(utf8hex(secret));
  }

  // bid letters for both bidders
  await unlock(page);
  await expect(page.getByTestId('vault-bidder-select')).toContainText(A.name, { timeout: 20_000 });
  const pdfA = await generateBidLetter(page, A, '某某市第一中学教学楼改扩建工程', '12345678.90', '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整');
  await shot(page, 'bid-letter-form');
  await selectBidder(page, B.name);
  const pdfB = await generateBidLetter(page, B, '某某区道路改造工程', '3005006007.08', '叁拾亿零伍佰万陆仟零柒元零捌分');
  for (const [pdf, name] of [[pdfA, 'a'], [pdfB, 'b']] as const) execFileSync('pdftoppm', ['-r', '80', '-png', '-singlefile', pdf, path.join(shots, `vault-bid-letter-${name}`)]);
  await tab(page, 'history');
  await expect(page.getByTestId('vault-history')).toContainText('投标函-某某区道路改造工程.pdf');
  expect(problems).toEqual([]);
});

test('vault: wrong passphrase is refused; a tampered record is reported, not shown', async ({ page, app }) => {
  test.setTimeout(120_000);
  await openVault(page, app.loginUrl);
  await createVault(page);
  await fillCompany(page, A);
  await addQualification(page, '2030-12-31');
  await page.getByTestId('vault-lock').click();
  await unlock(page, 'not the passphrase');
  await expect(page.getByTestId('vault-gate-error')).toHaveText('口令错误，资料库未解锁');
  await shot(page, 'wrong-passphrase');

  // flip one ciphertext byte of the qualification row, straight in IndexedDB
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res) => {
      const r = indexedDB.open('bidseal-vault');
      r.onsuccess = () => res(r.result);
    });
    await new Promise<void>((res, rej) => {
      const tx = db.transaction('qualifications', 'readwrite');
      const store = tx.objectStore('qualifications');
      const g = store.getAll();
      g.onsuccess = () => {
        const row = g.result[0] as { ct: Uint8Array };
        row.ct = row.ct.slice();
        row.ct[3] ^= 0x40;
        store.put(row);
      };
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    db.close();
  });
  await unlock(page);
  await tab(page, 'qualifications');
  await expect(page.getByTestId('vault-tampered')).toContainText('1 条资料完整性校验失败');
  await expect(page.getByTestId('vault-qualifications').getByText(QUAL.type)).toHaveCount(0);
  await shot(page, 'tampered');

  // the bidder's CA certificates, read from files, join the expiry dashboard (checked at the opening)
  const certs = path.resolve(repoRoot, '../shared/vectors/gm-x509-cms/openhitls/cert/sm2_cert');
  if (existsSync(path.join(certs, 'enc.der'))) {
    await tab(page, 'certificates');
    await page.getByTestId('vault-certificates').locator('input[type=file]').setInputFiles([path.join(certs, 'enc.der')]);
    await expect(page.getByTestId('vault-certificates')).toContainText('certificate.testenc.com');
    await expect(page.getByTestId('vault-certificates')).toContainText('加密证书');
    await tab(page, 'expiry');
    await expect(page.getByTestId('vault-expiry')).toContainText('certificate.testenc.com');
    await expect(page.getByTestId('vault-expiry')).toContainText('2034-04-16');
  }
  await page.getByTestId('lang-en-US').click();
  await expect(page.getByTestId('vault-expiry')).toContainText('Bid opening');
  await shot(page, 'en-US');
});

test('vault: export → wipe → import restores byte for byte; a broken import changes nothing', async ({ page, app }) => {
  test.setTimeout(240_000);
  const problems = collectProblems(page);
  await openVault(page, app.loginUrl);
  await createVault(page);
  await fillCompany(page, A);
  await addQualification(page, '2030-12-31');
  await addPerson(page);
  const scan = Buffer.from(Array.from({ length: 1_500_000 }, (_, i) => (i * 131 + 7) & 255)); // spans two backup frames
  await addScan(page, 'scan.bin', scan);
  await page.getByTestId('vault-new-bidder').click();
  await fillCompany(page, B);
  await expect(page.getByTestId('vault-bidder-select')).toContainText(B.name);

  const exportNow = async (pass: string) => {
    await page.getByTestId('vault-backup-toggle').click();
    await page.getByTestId('backup-scope-vault').click();
    await page.getByTestId('backup-export-passphrase').fill(pass);
    const dl = page.waitForEvent('download');
    await page.getByTestId('backup-export').click();
    const file = path.join(work, `${Date.now()}.bsvault`);
    await (await dl).saveAs(file);
    await page.getByTestId('vault-backup-toggle').click();
    return file;
  };
  const backup1 = await exportNow('spring tender backup key no. 1');

  // wipe: the database goes away entirely (Dexie closes on versionchange), as on a new computer
  await page.evaluate(
    () =>
      new Promise<void>((res, rej) => {
        const r = indexedDB.deleteDatabase('bidseal-vault');
        r.onsuccess = () => res();
        r.onerror = () => rej(r.error);
      }),
  );
  await page.reload();
  await createVault(page, 'a new passphrase on a new computer');

  // a truncated file and a wrong backup passphrase are refused before anything is written
  const bytes = readFileSync(backup1);
  const truncated = path.join(work, 'truncated.bsvault');
  writeFileSync(truncated, bytes.subarray(0, bytes.length - 5000));
  await page.getByTestId('vault-backup-toggle').click();
  const importFile = async (file: string, pass: string) => {
    await page.getByTestId('vault-backup').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('backup-import-passphrase').fill(pass);
    await page.getByTestId('backup-read').click();
  };
  await importFile(truncated, 'spring tender backup key no. 1');
  await expect(page.getByTestId('backup-import-error')).toContainText('备份文件损坏');
  await importFile(backup1, 'wrong backup passphrase');
  await expect(page.getByTestId('backup-import-error')).toContainText('备份口令错误');
  expect(await rawIndexedDb(page)).not.toContain('"bidderId"'); // still empty: only the key slot

  await importFile(backup1, 'spring tender backup key no. 1');
  await expect(page.getByTestId('backup-plan')).toContainText('新增 5 条，相同 0 条，冲突 0 条');
  await shot(page, 'backup-plan');
  await page.getByTestId('backup-apply').click();
  await expect(page.getByTestId('vault-bidder-select')).toBeVisible();
  await page.getByTestId('vault-backup-toggle').click();

  // importing the same file again: everything identical, nothing written
  await page.getByTestId('vault-backup-toggle').click();
  await importFile(backup1, 'spring tender backup key no. 1');
  await expect(page.getByTestId('backup-plan')).toContainText('新增 0 条，相同 5 条，冲突 0 条');
  await page.getByTestId('vault-backup-toggle').click();

  // byte for byte: decrypt the first backup and a fresh one of the restored vault, here in Node
  const read = async (file: string, pass: string) => readBackup(new Uint8Array(readFileSync(file)), pass);
  const c1 = await read(backup1, 'spring tender backup key no. 1');
  const c2 = await read(await exportNow('spring tender backup key no. 2'), 'spring tender backup key no. 2');
  expect(c2.rows).toEqual(c1.rows);
  expect([...c2.blobs.entries()]).toEqual([...c1.blobs.entries()]);
  expect(Buffer.from([...c2.blobs.values()][0].bytes).equals(scan)).toBe(true);

  // a broken import over restored data leaves it exactly as it was
  await page.getByTestId('vault-backup-toggle').click();
  await importFile(truncated, 'spring tender backup key no. 1');
  await expect(page.getByTestId('backup-import-error')).toContainText('备份文件损坏');
  await page.getByTestId('vault-backup-toggle').click();
  const c3 = await read(await exportNow('spring tender backup key no. 3'), 'spring tender backup key no. 3');
  expect(c3.rows).toEqual(c1.rows);
  expect([...c3.blobs.entries()]).toEqual([...c1.blobs.entries()]);

  // and in the UI
  await selectBidder(page, A.name);
  await tab(page, 'personnel');
  await expect(page.getByTestId('masked-id')).toHaveText('1101**********1234');
  expect(problems).toEqual([]);
});
