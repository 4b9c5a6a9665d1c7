import type { Browser, Page } from 'playwright-core';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startStack, stopStack } from '../helpers/stack';
import { signInAsDemo } from '../helpers/session';

/**
 * The demo admin reads the audit log (the seed import is there), approves a role request and sees its
 * audit row, then hides a nickname the demo resident reported (举报) with a reason, which is audited too.
 * H5_DIR may point at a separate H5 build (engineers building in parallel).
 */
describe('H5: moderation and the audit log', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
  });
  afterAll(() => stopStack({ server, browser }));

  async function api<T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${server.url}/api${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const json = await res.json();
    if (!json.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.data as T;
  }
  const demoToken = async (account: string) => (await api<{ token: string }>('/auth/demo-login', { body: { account } })).token;

  const signIn = (page: Page, key: string) => signInAsDemo(page, server.url, key);

  async function openAuditLog(page: Page) {
    await page.goto(`${server.url}/#/pages/home/index`);
    await page.locator('#audit-log-entry >> visible=true').click();
    await page.locator('#audit-list >> visible=true').waitFor({ timeout: 15000 });
  }

  it('admin: audit log with the seed import -> approve a request -> its row; hide a reported nickname -> its row', async () => {
    // The resident reports the demo shop owner's nickname (the API the 举报 button calls).
    const shopOwner = await api<{ id: number; nickname: string }>('/me', { token: await demoToken('shop_owner') });
    const report = await api<{ status: string }>('/content-reports', { token: await demoToken('resident'), body: { targetType: 'nickname', targetId: shopOwner.id, reason: 'spam', note: '昵称像广告' } });
    expect(report.status).toBe('open');

    const { context, page, errors } = await newPage(browser, 'desktop');
    await signIn(page, 'admin');

    // 1. The audit log shows what the seeder imported at start-up, by 系统.
    await openAuditLog(page);
    const firstRows = await page.locator('#audit-list >> visible=true').locator('.audit-row').allInnerTexts();
    expect(firstRows.join('\n')).toContain('导入行政区划');
    expect(firstRows.join('\n')).toContain('系统');
    // 导出 CSV downloads the same rows as a UTF-8 file with a BOM (for Excel).
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#audit-export >> visible=true').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-logs-\d{8}\.csv$/);
    const csv = await new Promise<Buffer>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      }, reject);
    });
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('导入行政区划');
    await screenshot(page, 'audit-log-seed');

    // 2. Approve the seeded role request; the audit log then starts with it.
    await page.goto(`${server.url}/#/pages/home/index`);
    await page.locator('#admin-review-entry >> visible=true').click();
    const approve = page.locator('[id^="review-approve-"] >> visible=true').first();
    await approve.waitFor({ timeout: 15000 });
    await approve.click();
    await page.locator('.taro-model__confirm').click();
    await page.getByText('已通过').first().waitFor();
    await openAuditLog(page);
    await expect(page.locator('#audit-list >> visible=true').locator('.audit-row').first().innerText()).resolves.toContain('通过身份申请');

    // 3. The moderation queue holds the reported nickname; hide it with a reason.
    // A fresh load of home: its entries load in parallel and move while they do, so wait for the network.
    await page.goto(`${server.url}/#/pages/home/index`);
    await page.reload();
    await page.waitForLoadState('networkidle');
    await page.locator('#moderation-entry >> visible=true').click();
    const list = page.locator('#moderation-list >> visible=true');
    await list.waitFor({ timeout: 15000 });
    const item = list.locator('.moderation-item', { hasText: shopOwner.nickname }).first();
    await expect(item.innerText()).resolves.toContain('用户举报');
    await item.locator('[id^="moderation-hide-"]').click();
    await item.locator('[id^="moderation-confirm-"]').click();
    await item.getByText('请填写处理理由').waitFor();
    await item.locator('[id^="moderation-reason-"] textarea').fill('昵称含广告信息');
    await item.locator('[id^="moderation-confirm-"]').click();
    await item.locator('.tag', { hasText: '已隐藏' }).waitFor();
    await screenshot(page, 'moderation-hidden');

    // 4. The hide is in the audit log.
    await openAuditLog(page);
    const top = await page.locator('#audit-list >> visible=true').locator('.audit-row').first().innerText();
    expect(top).toContain('隐藏内容');
    expect(top).toContain('昵称含广告信息');
    expect(errors).toEqual([]);
    await context.close();
  });
});
