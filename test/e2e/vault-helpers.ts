// Steps of the vault UI shared by the vault specs (vault.spec.ts, vault-project.spec.ts): create the
// vault, unlock it, enter a bidder's company profile, take a full-page screenshot (or one card of it) once
// messages are gone.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, repoRoot } from './fixtures';

export const shots = path.join(repoRoot, 'test/artifacts/screenshots');

export interface Company {
  name: string;
  uscc: string;
  legal: string;
  address: string;
  postcode: string;
  phone: string;
  account?: string;
}

/** test/artifacts/screenshots/<prefix>-<name>.png, scrolled to the top, the pointer out of the way; with
 * `testId`, only that card, cut from the full-page shot (so the sticky header does not cover it). */
export async function shot(page: Page, prefix: string, name: string, testId?: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 }); // toasts fade out
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(640, 4);
  const clip = testId ? await page.getByTestId(testId).boundingBox() : undefined;
  if (clip === null) return;
  await page.screenshot({ path: path.join(shots, `${prefix}-${name}.png`), fullPage: true, ...(clip ? { clip } : {}), animations: 'disabled' });
}

export async function createVault(page: Page, pass: string) {
  await expect(page.getByTestId('vault-create')).toBeVisible();
  await page.getByTestId('vault-passphrase').fill(pass);
  await page.getByTestId('vault-passphrase-confirm').fill(pass);
  await page.getByTestId('vault-create-submit').click();
  await expect(page.getByTestId('company-form')).toBeVisible({ timeout: 20_000 });
}

export async function unlock(page: Page, pass: string) {
  await page.getByTestId('vault-passphrase').fill(pass);
  await page.getByTestId('vault-unlock-submit').click();
}

/** Fills the (last open) company form and saves it. */
export async function fillCompany(page: Page, c: Company) {
  const form = page.getByTestId('company-form').last();
  await form.getByTestId('company-name').fill(c.name);
  await form.getByTestId('company-uscc').fill(c.uscc);
  await form.getByTestId('company-legal').fill(c.legal);
  await form.getByTestId('company-address').fill(c.address);
  await form.getByTestId('company-postcode').fill(c.postcode);
  if (c.account) await form.getByTestId('company-account').fill(c.account);
  await form.getByTestId('contact-name-0').fill('赵经理');
  await form.getByTestId('contact-phone-0').fill(c.phone);
  await form.getByTestId('company-save').click();
}

/** From a page with the side navigation: creates the vault with one bidder, and waits until it is listed. */
export async function createVaultWithBidder(page: Page, pass: string, c: Company) {
  await page.getByTestId('nav-vault').click();
  await createVault(page, pass);
  await fillCompany(page, c);
  await expect(page.getByTestId('bidder')).toContainText(c.name, { timeout: 15_000 });
}

/**
 * From a page with the side navigation: creates the vault with one bidder, then opens the certificates
 * page (whose "My certificates" are that bidder's vault certificates).
 */
export async function vaultWithBidder(page: Page, pass: string, c: Company) {
  await createVaultWithBidder(page, pass, c);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 }); // "已创建投标人" fades out
  await page.getByTestId('nav-certificates').click();
  await expect(page.getByTestId('section-certificates')).toBeVisible();
}

/** Every value of every object store of the vault, binary as hex, read straight from IndexedDB. */
export async function rawIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('bidseal-vault');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const hex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
    const out: string[] = [];
    for (const name of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((res, rej) => {
        const r = db.transaction(name).objectStore(name).getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const row of rows) out.push(JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? `hex:${hex(v)}` : v instanceof ArrayBuffer ? `hex:${hex(new Uint8Array(v))}` : v)));
    }
    db.close();
    return out.join('\n');
  });
}
