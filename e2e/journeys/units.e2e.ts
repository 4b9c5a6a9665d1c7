import { readFileSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startStack, stopStack } from '../helpers/stack';
import { signInAsDemo } from '../helpers/session';

const PUKOU_CSV = readFileSync(join(__dirname, '../../server/seed-data/pukou-320111-divisions.csv'), 'utf8').trim();

describe('H5: an admin imports divisions and sees the tree', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
  });
  afterAll(() => stopStack({ server, browser }));

  async function signInAsAdmin(page: Page) {
    await signInAsDemo(page, server.url, 'admin');
    await page.locator('#admin-units-entry').waitFor({ timeout: 15000 });
  }

  const stat = (page: Page, label: string) =>
    page.locator('#units-import-report .import-report__counts').getByText(label).locator('xpath=..').innerText();

  it('previews, applies and shows a new community; bad rows are reported with their line', async () => {
    const { context, page, errors } = await newPage(browser, 'desktop');
    await signInAsAdmin(page);
    await page.locator('#admin-units-entry').click();
    await page.locator('#unit-tree .unit-node').first().waitFor();
    expect(await page.locator('#unit-tree').innerText()).toContain('浦口区');

    const csv = [
      PUKOU_CSV,
      '320111001999,示范新社区,community,320111001',
      '320111009999,无名社区,community,320111999', // unknown parent: rejected
    ].join('\n');
    await page.locator('#units-csv-input textarea').fill(csv);
    await page.locator('#units-import-preview').click();
    await page.locator('#units-import-report[data-dry-run="true"]').waitFor();
    const preview = await page.locator('#units-import-report').innerText();
    expect(preview).toContain('第 144 行');
    expect(await stat(page, '新增')).toContain('1');
    expect(await stat(page, '未变')).toContain('141');
    // nothing written by the preview
    let tree = await (await fetch(`${server.url}/api/units/tree?depth=3`)).json();
    expect(JSON.stringify(tree)).not.toContain('示范新社区');

    await page.locator('#units-import-apply').click();
    await page.locator('#units-import-report[data-dry-run="false"]').waitFor();
    await screenshot(page, 'admin-units-import');
    tree = await (await fetch(`${server.url}/api/units/tree?depth=3`)).json();
    expect(JSON.stringify(tree)).toContain('示范新社区');

    // the tree on the page shows it: open 泰山街道
    await page.reload();
    const street = page.locator('.unit-node[data-code="320111001"]');
    await street.locator('.unit-node__row').first().click();
    await street.getByText('示范新社区').waitFor();
    await screenshot(page, 'admin-units-tree');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a bad CSV header is refused with a Chinese message and changes nothing', async () => {
    const { context, page } = await newPage(browser, 'desktop');
    await signInAsAdmin(page);
    await page.locator('#admin-units-entry').click();
    await page.locator('#units-csv-input textarea').fill('id,title\n1,x');
    await page.locator('#units-import-preview').click();
    await page.getByText('导入文件格式错误').or(page.getByText('表头')).first().waitFor();
    await context.close();
  });

  it('a resident cannot open the admin page', async () => {
    const { context, page } = await newPage(browser);
    await signInAsDemo(page, server.url, 'resident');
    expect(await page.locator('#admin-units-entry').count()).toBe(0);
    await context.close();
  });
});
