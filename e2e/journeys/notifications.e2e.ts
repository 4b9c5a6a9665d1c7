import type { Browser, Page } from 'playwright-core';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startStack, stopStack } from '../helpers/stack';
import { signInAsDemo } from '../helpers/session';

/**
 * The demo admin approves the demo resident's seeded role request (confirming in the dialog); the
 * resident, in a browser of their own, finds the result in 消息 marked 未读, opens it (it leads to 我的申请)
 * and it is read from then on. H5_DIR may point at a separate H5 build (engineers building in parallel).
 */
describe('H5: notifications', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
  });
  afterAll(() => stopStack({ server, browser }));

  const signIn = (page: Page, key: string) => signInAsDemo(page, server.url, key);

  async function unreadCount(page: Page): Promise<number> {
    return page.evaluate(async () => {
      let token = '';
      for (const k of Object.keys(localStorage)) {
        const m = /token\\?":\\?"([A-Za-z0-9_-]{20,})/.exec(localStorage.getItem(k) ?? '');
        if (m) token = m[1];
      }
      const res = await fetch('/api/notifications/unread-count', { headers: { authorization: `Bearer ${token}` } });
      return (await res.json()).data.count as number;
    });
  }

  it('admin approves a role request -> the resident sees it unread in 消息, opens it, and it is read', async () => {
    // 1. The admin approves the seeded request of 王阿姨 (the resident), confirming in the dialog.
    const admin = await newPage(browser, 'desktop');
    await signIn(admin.page, 'admin');
    await admin.page.locator('#admin-review-entry >> visible=true').click();
    const card = admin.page.locator('.review-card >> visible=true', { hasText: '王阿姨' }).first();
    await card.waitFor({ timeout: 15000 });
    await card.locator('[id^="review-approve-"]').click();
    await admin.page.locator('.taro-model__confirm').click();
    await card.locator('.tag', { hasText: '已通过' }).waitFor();
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // 2. The resident, in a new browser context, has one more unread message than the demo data left her
    // (the demo tickets and points already wrote to her inbox).
    const { context, page, errors } = await newPage(browser);
    await signIn(page, 'resident');
    const unread = await unreadCount(page);
    expect(unread).toBeGreaterThanOrEqual(1);
    await page.goto(`${server.url}/#/pages/me/index`);
    const entry = page.locator('#me-inbox-entry >> visible=true');
    await entry.getByText(`${unread} 条未读`).waitFor({ timeout: 15000 });
    await entry.click();
    const list = page.locator('#inbox-list >> visible=true');
    await list.waitFor({ timeout: 15000 });
    const item = list.locator('.inbox-item', { hasText: '身份审核结果通知' }).first();
    await expect(item.innerText()).resolves.toContain('身份审核结果通知');
    await expect(item.innerText()).resolves.toContain('审核结果：通过');
    await expect(item.locator('.inbox-item__unread').innerText()).resolves.toBe('未读');
    expect(await item.locator('.inbox-item__dot').count()).toBe(1);
    await screenshot(page, 'inbox-unread');

    // 3. Opening it leads to 我的申请 (now approved) and marks it read.
    await item.click();
    await page.locator('#role-request-form >> visible=true').waitFor({ timeout: 15000 });
    await page.locator('.role-request__item >> visible=true').first().getByText('已通过').waitFor();
    expect(await unreadCount(page)).toBe(unread - 1);
    // Back to the inbox in a fresh load (Taro H5 leaves the page blank on a browser back).
    await page.goto(`${server.url}/#/packages/notification/inbox/index`);
    await page.reload();
    const again = page.locator('#inbox-list >> visible=true').locator('.inbox-item', { hasText: '身份审核结果通知' }).first();
    await again.waitFor({ timeout: 15000 });
    // Read now: no 未读 label, no dot.
    await again.locator('.inbox-item__unread').waitFor({ state: 'detached', timeout: 15000 });
    await expect(again.innerText()).resolves.toContain('身份审核结果通知');
    await page.goto(`${server.url}/#/pages/me/index`);
    await page.reload();
    await page.locator('#me-inbox-entry >> visible=true').getByText(unread === 1 ? '暂无未读' : `${unread - 1} 条未读`).waitFor({ timeout: 15000 });
    await screenshot(page, 'inbox-read');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the resident sees what each WeChat reminder sends and how many are left', async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn(page, 'resident');
    await page.goto(`${server.url}/#/pages/me/index`);
    await page.locator('#me-subscriptions-entry >> visible=true').click();
    const list = page.locator('#subscriptions-list >> visible=true');
    await list.waitFor({ timeout: 15000 });
    const item = list.locator('#subscription-role_request_reviewed');
    await expect(item.innerText()).resolves.toContain('身份审核结果通知');
    // demo accounts have no WeChat openid: no credits, messages arrive in the in-app inbox only
    await expect(item.locator('.subscription-item__credits').innerText()).resolves.toContain('还可接收 0 次');
    expect(await list.locator('.subscription-item').count()).toBeGreaterThanOrEqual(10);
    await screenshot(page, 'subscriptions');
    expect(errors).toEqual([]);
    await context.close();
  });
});
