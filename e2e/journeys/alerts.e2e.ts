import type { Browser, Page } from 'playwright-core';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { signInAsDemo } from '../helpers/session';
import { startStack, stopStack } from '../helpers/stack';

/**
 * Police alerts, end to end in the H5 build (issue 7): the demo officer 刘警官 posts an urgent alert to
 * his neighbourhood group -> the demo shop owner 李老板 (a member) finds it in 警情通报 and taps 收到 ->
 * the officer sees the reach figures move -> the shop owner sends a tip about it -> the officer marks
 * the tip useful -> the shop owner's points grow. Two browser contexts, as two phones. Then a neighbour
 * joins the group with its invite code and the officer approves the request.
 * H5_DIR may point at a separate H5 build (engineers building in parallel).
 */
describe('H5: police alerts', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
  });
  afterAll(() => stopStack({ server, browser }));

  const signIn = (page: Page, key: string) => signInAsDemo(page, server.url, key);
  const visible = (page: Page, selector: string) => page.locator(`${selector} >> visible=true`);

  /** The signed-in user's points balance through the API (the H5 keeps the session in localStorage). */
  async function balance(page: Page): Promise<number> {
    return page.evaluate(async () => {
      let token = '';
      for (const k of Object.keys(localStorage)) {
        const m = /token\\?":\\?"([A-Za-z0-9_-]{20,})/.exec(localStorage.getItem(k) ?? '');
        if (m) token = m[1];
      }
      const res = await fetch('/api/points/me', { headers: { authorization: `Bearer ${token}` } });
      return (await res.json()).data.balance as number;
    });
  }

  it('officer posts -> member acknowledges -> officer sees the counts -> member tips -> officer marks useful -> points grow', async () => {
    const title = `注意冒充燃气公司上门收费${Date.now().toString().slice(-4)}`;

    // 1. 刘警官 posts an urgent alert to 津浦社区平安群.
    const officer = await newPage(browser);
    await signIn(officer.page, 'community_police');
    await visible(officer.page, '#home-alert-entry').click();
    await visible(officer.page, '#alert-new-entry').click();
    const form = visible(officer.page, '#alert-new-form');
    await form.waitFor({ timeout: 15000 });
    await form.locator('.check', { hasText: '津浦社区平安群' }).click();
    await visible(officer.page, '#alert-type-fraud').click();
    await visible(officer.page, '#alert-severity-urgent').click();
    await visible(officer.page, '#alert-title-input').locator('input').fill(title);
    await visible(officer.page, '#alert-body-input').locator('textarea').fill('近日有人冒充燃气公司工作人员上门，以检查管道为名收取费用。燃气公司不会上门收费，请勿开门，发现可疑人员请联系社区民警。');
    // The expiry is required: 7 days is chosen for the officer.
    await expectText(visible(officer.page, '#alert-expiry-7'), '✓ 7 天');
    await screenshot(officer.page, 'alert-new');
    await visible(officer.page, '#alert-submit').click();
    await visible(officer.page, '#alert-detail').waitFor({ timeout: 20000 });
    await expectText(visible(officer.page, '#alert-title'), title);
    await expectText(visible(officer.page, '#reach-recipients'), '3');
    await expectText(visible(officer.page, '#reach-acked'), '0');
    const alertUrl = officer.page.url();
    expect(officer.errors).toEqual([]);

    // 2. 李老板 (shop owner, a member of the group) finds it in 警情通报 and taps 收到.
    const shop = await newPage(browser);
    await signIn(shop.page, 'shop_owner');
    const pointsBefore = await balance(shop.page);
    await visible(shop.page, '#home-alert-entry').click();
    const card = visible(shop.page, '.alert-card').filter({ hasText: title }).first();
    await card.waitFor({ timeout: 15000 });
    await expectText(card, '未读');
    await card.click();
    await visible(shop.page, '#alert-detail').waitFor({ timeout: 15000 });
    await expectText(visible(shop.page, '#alert-body'), '燃气公司不会上门收费');
    expect(await shop.page.locator('#alert-reach >> visible=true').count()).toBe(0);
    await visible(shop.page, '#alert-ack').click();
    await visible(shop.page, '#alert-acked').waitFor({ timeout: 15000 });
    await screenshot(shop.page, 'alert-acknowledged');

    // 3. The officer sees it acknowledged: the counts, then nobody-but-two left on the reach list.
    await officer.page.goto(alertUrl);
    await officer.page.reload();
    await visible(officer.page, '#alert-reach').waitFor({ timeout: 15000 });
    await expectText(visible(officer.page, '#reach-acked'), '1');
    await expectText(visible(officer.page, '#reach-opened'), '1');
    await visible(officer.page, '#alert-reach-entry').click();
    const list = visible(officer.page, '#reach-list');
    await list.waitFor({ timeout: 15000 });
    expect(await list.locator('.reach-item').count()).toBe(2);
    expect(await list.innerText()).not.toContain('李老板');
    await screenshot(officer.page, 'alert-reach');

    // 4. 李老板 sends a tip about the alert.
    await shop.page.goto(alertUrl);
    await shop.page.reload();
    await visible(shop.page, '#alert-tip-btn').click();
    await visible(shop.page, '#tip-form').waitFor({ timeout: 15000 });
    await visible(shop.page, '#tip-text').locator('textarea').fill('刚才有两个穿蓝色工装的人在 3 号楼挨家敲门，说是燃气公司的');
    await visible(shop.page, '#tip-place').locator('input').fill('津浦路 3 号楼');
    await visible(shop.page, '#tip-submit').click();
    await visible(shop.page, '#tip-detail').waitFor({ timeout: 15000 });
    await expectText(visible(shop.page, '#tip-status'), '待处理');

    // 5. The officer finds it among the station's tips and marks it useful (confirming the dialog).
    await officer.page.goto(`${server.url}/#/packages/alert/tips/index`);
    await officer.page.reload();
    const tip = visible(officer.page, '.tip-item').filter({ hasText: '穿蓝色工装' }).first();
    await tip.waitFor({ timeout: 15000 });
    await tip.click();
    await visible(officer.page, '#tip-useful').click();
    await officer.page.locator('.taro-model__confirm').click();
    await expectText(visible(officer.page, '#tip-status'), '已采纳');
    expect(officer.errors).toEqual([]);

    // 6. 李老板's points grew by the tip_useful award, and the tip says so.
    const deadline = Date.now() + 10000;
    let pointsAfter = await balance(shop.page);
    while (pointsAfter <= pointsBefore && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      pointsAfter = await balance(shop.page);
    }
    expect(pointsAfter).toBeGreaterThan(pointsBefore);
    await shop.page.reload();
    await expectText(visible(shop.page, '#tip-useful-info'), '积分已发放');
    await screenshot(shop.page, 'alert-tip-useful');
    expect(shop.errors).toEqual([]);
    await shop.context.close();
    await officer.context.close();
  });

  it('a neighbour joins the group with its invite code and the officer approves the request', async () => {
    // The officer reads the invite code on the group page.
    const officer = await newPage(browser);
    await signIn(officer.page, 'community_police');
    await visible(officer.page, '#home-groups-entry').click();
    await visible(officer.page, '.group-card').filter({ hasText: '津浦社区平安群' }).first().click();
    const code = (await visible(officer.page, '#group-invite-code').innerText()).trim();
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    const groupUrl = officer.page.url();

    // 张网格员 (not a member) types it, says who he is and asks to join.
    const neighbour = await newPage(browser);
    await signIn(neighbour.page, 'grid_worker');
    await visible(neighbour.page, '#home-groups-entry').click();
    await visible(neighbour.page, '#group-join-code').locator('input').fill(code.toLowerCase());
    await visible(neighbour.page, '#group-join-go').click();
    await expectText(visible(neighbour.page, '#join-preview'), '津浦社区平安群');
    await visible(neighbour.page, '#join-kind-resident').click();
    await visible(neighbour.page, '#join-note').locator('input').fill('住津浦路 8 号');
    await visible(neighbour.page, '#join-submit').click();
    await expectText(visible(neighbour.page, '#join-status'), '等待民警审核');
    await screenshot(neighbour.page, 'group-join-pending');

    // The officer approves it on the group page.
    await officer.page.goto(groupUrl);
    await officer.page.reload();
    const request = visible(officer.page, '#group-pending .member-item').filter({ hasText: '张网格员' }).first();
    await request.waitFor({ timeout: 15000 });
    await expectText(request, '住津浦路 8 号');
    await request.locator('[id^="member-approve-"]').click();
    await visible(officer.page, '#group-members .member-item').filter({ hasText: '张网格员' }).first().waitFor({ timeout: 15000 });
    await screenshot(officer.page, 'group-approved');

    // He is a member now.
    await neighbour.page.goto(`${server.url}/#/packages/alert/groups/index`);
    await neighbour.page.reload();
    await expectText(visible(neighbour.page, '.group-card').filter({ hasText: '津浦社区平安群' }).first(), '成员');
    expect(officer.errors).toEqual([]);
    expect(neighbour.errors).toEqual([]);
    await neighbour.context.close();
    await officer.context.close();
  });
});

/** Waits until the element's text contains `text` (H5 pages render after their requests). */
async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.waitFor({ timeout: 15000 });
  const deadline = Date.now() + 15000;
  for (;;) {
    const got = await locator.innerText();
    if (got.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`expected "${text}" in "${got}"`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
