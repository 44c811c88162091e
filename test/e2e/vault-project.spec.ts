// The vault joined to the bid path, in Debian Chromium against the Node host: a bidder in the vault, a
// bid project created on the Projects page (the local reference platform), "由资料库生成" on the
// project's bid-letter item → the vault (locked first: unlock) shows the letter form pre-filled from
// the project; the price typed is remembered for the project while the vault stays unlocked; the PDF
// (tags: the bidder's USCC, the project, kind generated) is filed under the checklist item and the
// project page comes back. Then the letter is sealed through bid.seal (SM2 key file, OpenSSL-made
// certificates) and the vault's history tab shows that sealed bid from the service-side history.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, collectProblems, pickOption, typeDate } from './fixtures';
import { shot as vaultShot, shots, unlock, createVaultWithBidder } from './vault-helpers';

mkdirSync(shots, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'bidseal-e2e-vault-project-'));

const PASS = 'vault project passphrase 2026';
const A = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' };
const TITLE = '某市政道路改造工程施工';
const TENDER_NO = 'ZB-2026-0042';
const TENDEREE = '某市市政工程管理处';
const PRICE = '1234567.89';
const CAPITALS = '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分';

const shot = (page: Page, name: string) => vaultShot(page, 'vault-project', name);

async function api<T>(page: Page, op: string, body: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([o, b]) => (await fetch(`/api/${o}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) })).json() as Promise<{ ok: boolean; value?: unknown; error?: unknown }>,
    [op, body] as const,
  );
  expect(r.error, op).toBeUndefined();
  return r.value as T;
}

/** The bidder's SM2 signing identity (key + certificate in one PEM, O = company, OU = USCC) and its encryption certificate. */
function identities() {
  const f = (n: string) => path.join(work, n);
  const ossl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const make = (name: string, cn: string, ku: string, serial: string) => {
    ossl(['genpkey', '-algorithm', 'SM2', '-out', f(`${name}.key`)]);
    ossl(['req', '-x509', '-new', '-utf8', '-key', f(`${name}.key`), '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', `/C=CN/O=${A.name}/OU=${A.uscc}/CN=${cn}`, '-days', '3650', '-set_serial', serial, '-addext', `keyUsage=critical,${ku}`, '-addext', 'basicConstraints=critical,CA:FALSE', '-out', f(`${name}.crt`), '-outform', 'PEM']);
    writeFileSync(f(`${name}.pem`), Buffer.concat([readFileSync(f(`${name}.key`)), readFileSync(f(`${name}.crt`))]));
  };
  make('sign', `${A.name} 签名`, 'digitalSignature,nonRepudiation', '0x7201');
  make('enc', `${A.name} 加密`, 'keyEncipherment,dataEncipherment', '0x7202');
  const der = (name: string) => ossl(['x509', '-in', f(`${name}.crt`), '-outform', 'DER']).toString('base64');
  return { signPem: readFileSync(f('sign.pem')).toString('base64'), encDer: der('enc') };
}

interface ProjectView {
  id: string;
  tenderer: string;
  openingTime: string;
  lots: { id: string; name: string }[];
  checklist: { id: string; fileIds: string[] }[];
}

test('vault ↔ project: generate the bid letter from the project checklist, filed back; the sealed bid in the vault history', async ({ page, app }) => {
  test.setTimeout(180_000);
  const problems = collectProblems(page);
  await page.goto(app.loginUrl);

  // the vault and the bidder
  await createVaultWithBidder(page, PASS, A);

  // a bid project on the local reference platform, one lot, no 招标人 typed
  await page.getByTestId('nav-projects').click();
  await page.getByTestId('projects-create').click();
  await page.getByTestId('project-title').fill(TITLE);
  await page.getByTestId('project-tender-no').fill(TENDER_NO);
  await pickOption(page, 'project-platform', '本地演示平台');
  await typeDate(page, 'project-deadline', '2030-12-01 09:30');
  await typeDate(page, 'project-opening', '2030-12-01 09:30', true);
  await expect(page.getByTestId('project-detail')).toBeVisible();
  const projectId = /#\/projects\/([0-9a-f]{32})/.exec(page.url())![1]!;

  // lock the vault first: the link must unlock, then open the form for this project
  await page.getByTestId('nav-vault').click();
  await page.getByTestId('vault-lock').click();
  await page.goBack();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  await page.getByTestId('generate-bid-letter').click();
  await expect(page.getByTestId('vault-unlock')).toBeVisible();
  await unlock(page, PASS);
  await expect(page.getByTestId('vault-project-generate')).toContainText(TITLE, { timeout: 20_000 });
  await expect(page.getByTestId('docs-project')).toHaveValue(TITLE);
  await expect(page.getByTestId('docs-tender-no')).toHaveValue(TENDER_NO);
  await expect(page.getByTestId('docs-lot')).toHaveValue('第一标段');
  await expect(page.getByTestId('docs-template')).toBeHidden();

  // the price is remembered for this project while the vault is unlocked: leave and come back
  await page.getByTestId('docs-price').fill(PRICE);
  await expect(page.getByTestId('docs-capitals')).toContainText(CAPITALS);
  await page.getByTestId('vault-project-back').click();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  await page.getByTestId('generate-bid-letter').click();
  await expect(page.getByTestId('docs-price')).toHaveValue(PRICE);
  // the project has no 招标人 yet: required by the letter, typed here, learned by the project
  await page.getByTestId('docs-generate').click();
  await expect(page.getByText('请填写招标人')).toBeVisible();
  await page.getByTestId('docs-tenderee').fill(TENDEREE);
  await shot(page, 'form');
  const generated = page.waitForResponse((r) => r.url().endsWith('/api/docs.generate'));
  await page.getByTestId('docs-generate').click();
  expect(((await (await generated).json()) as { error?: unknown }).error).toBeUndefined();

  // back on the project: the letter is filed under the bid-letter item
  await expect(page.getByTestId('project-detail')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('project-checklist').locator('tr[data-row-key="bid-letter"]')).toContainText(`投标函-${TITLE}.pdf`);
  await shot(page, 'filed');
  const project = await api<ProjectView>(page, 'projects.get', { id: projectId });
  expect(project.tenderer).toBe(TENDEREE);
  const letterId = project.checklist.find((i) => i.id === 'bid-letter')!.fileIds[0]!;
  const stored = await api<{ name: string; tags: Record<string, string> }>(page, 'files.get', { id: letterId });
  expect(stored.tags).toEqual({ bidder: A.uscc, project: projectId, kind: 'generated' });
  const listed = await api<{ files: { id: string }[] }>(page, 'files.list', { tags: { bidder: A.uscc } });
  expect(listed.files.map((f) => f.id)).toContain(letterId);
  // the PDF says what the project and the form said
  const b64 = await api<{ data: string }>(page, 'files.read', { id: letterId, offset: 0, length: 4 * 1024 * 1024 });
  const pdf = path.join(work, 'letter.pdf');
  writeFileSync(pdf, Buffer.from(b64.data, 'base64'));
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const s of [TENDEREE, TITLE, TENDER_NO, CAPITALS, A.name]) expect(text, s).toContain(s);

  // seal the letter for this project (the service writes the generation history)
  const id = identities();
  const sealed = await api<{ historyId?: string; sm3: string }>(page, 'bid.seal', {
    fileIds: [letterId],
    meta: { tenderId: TENDER_NO, lot: project.lots[0]!.name, title: TITLE, bidderName: A.name, bidderUscc: A.uscc, projectId },
    platformId: 'reference',
    bidderCert: id.encDer,
    signer: { kind: 'software', data: id.signPem },
    openingTime: project.openingTime,
  });
  expect(sealed.historyId).toMatch(/^[0-9a-f]{32}$/);

  // the vault's history: that sealed bid (service side) and the generated letter (vault side)
  await page.getByTestId('nav-vault').click();
  await page.getByTestId('vault-tab-history').click();
  const bids = page.getByTestId('vault-bid-history');
  await expect(bids).toContainText(TITLE);
  await expect(bids).toContainText('本地演示平台');
  await expect(bids).toContainText(`${sealed.sm3.slice(0, 8)}…${sealed.sm3.slice(-8)}`);
  await expect(bids.getByTestId('bid-record-upload')).toHaveText('未上传');
  await bids.locator('.ant-table-row-expand-icon').first().click();
  await expect(bids.getByTestId('bid-record-details')).toContainText(`${A.name} 签名`);
  await expect(bids.getByTestId('bid-record-details')).toContainText(sealed.sm3.slice(0, 8));
  await expect(page.getByTestId('vault-history')).toContainText(`投标函-${TITLE}.pdf`);
  await shot(page, 'history');
  expect(problems).toEqual([]);
});
