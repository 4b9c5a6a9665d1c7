import type { Browser } from 'playwright-core';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { signInAsDemo } from '../helpers/session';
import { startStack, stopStack } from '../helpers/stack';

/**
 * The category catalogue on a fresh start: the server seeded the built-in catalogue by itself; the demo
 * district admin finds 道路不洁 by a resident's word, shortens its handling limit with a note (a new
 * version), and reads the history; the public catalogue serves the new version. H5_DIR may point at a
 * separate H5 build.
 */
describe('H5: the category catalogue', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
  });
  afterAll(() => stopStack({ server, browser }));

  const get = async <T>(path: string): Promise<T> => {
    const json = await (await fetch(`${server.url}/api${path}`)).json();
    if (!json.ok) throw new Error(`${path}: ${JSON.stringify(json)}`);
    return json.data as T;
  };

  it('admin: search -> edit a limit -> new version in the history and in the public catalogue', async () => {
    const tree = await get<Array<{ code: string; children: unknown[] }>>('/categories');
    expect(tree.length).toBeGreaterThanOrEqual(15);
    expect(tree.flatMap((m) => m.children).length).toBeGreaterThanOrEqual(80);
    expect(await get('/categories/SR-0102')).toMatchObject({ name: '道路不洁', version: 1, handleLimit: { amount: 5, unit: 'hours' } });

    const { context, page, errors } = await newPage(browser, 'desktop');
    try {
      await signInAsDemo(page, server.url, 'admin');
      await page.goto(`${server.url}/#/pages/me/index`);
      await page.locator('#me-catalog-entry >> visible=true').click();
      await page.locator('#catalog-list >> visible=true').waitFor({ timeout: 15000 });

      await page.locator('#catalog-search >> visible=true').locator('input').fill('路面脏');
      await page.locator('#catalog-search-submit >> visible=true').click();
      const entry = page.locator('#catalog-entry-SR-0102 >> visible=true');
      await entry.waitFor({ timeout: 15000 });
      expect(await entry.innerText()).toContain('处置 5 个工作小时');
      await screenshot(page, 'catalog-list');
      await entry.click();

      await page.locator('#catalog-handleAmount >> visible=true').waitFor({ timeout: 15000 });
      await screenshot(page, 'catalog-edit');
      await page.locator('#catalog-handleAmount >> visible=true').locator('input').fill('3');
      await page.locator('#catalog-note >> visible=true').locator('input').fill('按新的保洁标准');
      await page.locator('#catalog-save >> visible=true').click();

      // Saved: back on the list, which shows version 2 with the new limit.
      await page.locator('#catalog-entry-SR-0102 >> visible=true').getByText('处置 3 个工作小时').waitFor({ timeout: 15000 });
      expect(await page.locator('#catalog-entry-SR-0102 >> visible=true').innerText()).toContain('第 2 版');

      await page.locator('#catalog-entry-SR-0102 >> visible=true').click();
      await page.locator('#catalog-history >> visible=true').click();
      const v2 = page.locator('#catalog-version-2 >> visible=true');
      await v2.waitFor({ timeout: 15000 });
      const text = await v2.innerText();
      expect(text).toContain('修改人：吴管理员');
      expect(text).toContain('按新的保洁标准');
      expect(text).toContain('修改了：处置时限');
      expect(await page.locator('#catalog-version-1 >> visible=true').innerText()).toContain('系统内置');
      await screenshot(page, 'catalog-history');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    expect(await get('/categories/SR-0102')).toMatchObject({ version: 2, handleLimit: { amount: 3, unit: 'hours' } });
  });
});
