// The authorisation letter's 委托代理人 picker with no staff in the vault is not a dead end: a person is
// added from inside the picker and chosen at once.
import { test, expect, startNodeHost } from './fixtures';
import { createVault, fillCompany } from './vault-helpers';

const A = { name: '北京示例建设集团有限公司', uscc: '91110108MA01KX6Q98', legal: '张三', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-12345678' };

test('vault: the agent picker adds a person when the staff list is empty', async ({ page }) => {
  test.setTimeout(60_000);
  const { handle, proc } = await startNodeHost();
  try {
    await page.goto(handle.loginUrl);
    await page.getByTestId('nav-vault').click();
    await createVault(page, 'agency vault passphrase 2026');
    await fillCompany(page, A);
    await page.getByTestId('vault-tab-documents').click();
    await page.getByText('法定代表人授权委托书', { exact: true }).click();
    await page.getByTestId('docs-agent').click();
    await expect(page.getByText('人员库中还没有人员')).toBeVisible();
    await page.getByTestId('docs-agent-add-name').fill('王五');
    await page.getByTestId('docs-agent-add-submit').click();
    await expect(page.getByTestId('docs-agent')).toContainText('王五');
    // and the person is in the staff list
    await page.getByTestId('vault-tab-personnel').click();
    await expect(page.getByTestId('vault-personnel')).toContainText('王五');
  } finally {
    proc.kill();
  }
});
