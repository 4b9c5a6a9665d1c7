import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import {
  API,
  type CategoryTreeNode,
  type CreateTicketResponse,
  type ModerationItemResponse,
  type PointsSummaryResponse,
  type RuleSetResponse,
  type TicketResponse,
  type UnitTreeNode,
} from '@linli/shared';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startStack, stopStack } from '../helpers/stack';
import { signInAsDemo } from '../helpers/session';

/**
 * Points in the browser (issue 5): the resident 王阿姨's report is filed by the street dispatcher ->
 * 10 points appear on 我的 and in 我的积分 with the reason 上报问题被立案 -> she redeems 环保购物袋 after
 * confirming and gets a code with a QR code -> the community centre (the demo admin, whose district
 * contains it) types the code on the provider page and fulfils it -> her code shows 已领取.
 * The report and its filing go through the ticket API (the ticket journey covers their pages; the demo
 * resident's photo is approved by the demo admin as moderator first, since WeChat cannot check photos of an
 * account without an openid); everything about points goes through the pages.
 * H5_DIR may point at a separate H5 build (engineers building in parallel).
 */
const TICKETS_READY = 'createTicket' in API && 'ticketAction' in API;
if (!TICKETS_READY) {
  // eslint-disable-next-line no-console
  console.log('SKIPPED points journey: the ticket endpoints (POST /tickets, POST /tickets/:id/actions, docs/design/tickets.md) are not in the contract yet');
}
const journey = TICKETS_READY ? describe : describe.skip;
/** Points per filed report in the district's new rule version (set by the journey). */
const AWARD = 15;

journey('H5: a filed report earns points; the resident redeems; the provider fulfils the code', () => {
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
  async function apiPut<T>(path: string, token: string, body: unknown): Promise<T> {
    const res = await fetch(`${server.url}/api${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const json = await res.json();
    if (!json.ok) throw new Error(`PUT ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.data as T;
  }
  const demoToken = async (account: string) => (await api<{ token: string }>('/auth/demo-login', { body: { account } })).token;
  const balanceOf = async (token: string) => (await api<PointsSummaryResponse>('/points/me', { token })).balance;

  /** The resident reports a problem in a grid of 泰山街道 (with one photo) through the ticket API. */
  async function reportAsResident(token: string): Promise<number> {
    const tree = await api<CategoryTreeNode[]>('/categories');
    const category = tree
      .flatMap((m) => m.children)
      .find((c) => c.active && c.evidence.minPhotos <= 1 && !c.sensitive && c.questions.every((q) => !q.required));
    if (!category) throw new Error('no active category without required questions in the catalogue');
    const roots = await api<UnitTreeNode[]>('/units/tree?depth=1');
    const district = roots.find((u) => u.code === '320111')!;
    const find = async (rootId: number, code: string) => {
      const nodes = await api<UnitTreeNode[]>(`/units/tree?rootId=${rootId}&depth=1`);
      const list = nodes.length === 1 && nodes[0].id === rootId ? nodes[0].children : nodes;
      return list.find((u) => u.code === code || (code === '*grid' && u.level === 'grid'))!;
    };
    const street = await find(district.id, '320111001');
    const community = await find(street.id, '320111001005');
    const grid = await find(community.id, '*grid');

    const form = new FormData();
    form.set('purpose', 'report');
    form.set('clientKey', `points-e2e-photo-${Date.now()}`);
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a6a55' } }).jpeg().toBuffer();
    form.set('file', new Blob([jpeg], { type: 'image/jpeg' }), 'scene.jpg');
    const up = await fetch(`${server.url}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const uploaded = await up.json();
    if (!uploaded.ok) throw new Error(`/media: ${up.status} ${JSON.stringify(uploaded)}`);
    const media = uploaded.data as { id: number };
    // The demo resident has no WeChat openid, so WeChat cannot check the photo: it waits for a moderator.
    // The demo admin approves it (内容审核), as a moderator would, before the report is sent.
    const adminToken = await demoToken('admin');
    let item: ModerationItemResponse | undefined;
    for (let i = 0; i < 50 && !item; i++) {
      item = (await api<ModerationItemResponse[]>('/admin/moderation', { token: adminToken })).find((x) => x.mediaId === media.id && x.status === 'pending');
      if (!item) await new Promise((r) => setTimeout(r, 200));
    }
    if (!item) throw new Error(`no moderation item for photo ${media.id}`);
    await api(`/admin/moderation/${item.id}/restore`, { token: adminToken, body: { reason: '照片无问题', version: item.version } });
    const created = await api<CreateTicketResponse>('/tickets', {
      token,
      body: {
        idempotencyKey: `points-e2e-report-${Date.now()}`,
        categoryCode: category.code,
        description: '楼道里堆满了纸箱和旧家具，消防通道被堵住了。',
        photoIds: [media.id],
        location: { mode: 'address', address: '津浦路 8 号 2 栋楼道', gridId: grid.id },
      },
    });
    return created.ticket.id;
  }

  it('report filed -> points with the reason -> redeem with confirmation -> provider fulfils the code', async () => {
    const residentToken = await demoToken('resident');
    const dispatcherToken = await demoToken('street_dispatcher');
    const adminToken = await demoToken('admin');
    // 0. The district admin sets this district's rule for filed reports: 15 points, no caps (a new rule
    //    version; the demo data has already used up the default daily cap of filed reports).
    const rules = await api<RuleSetResponse>('/admin/points/rules', { token: adminToken });
    const saved = await apiPut<RuleSetResponse>('/admin/points/rules', adminToken, {
      districtId: rules.districtId,
      baseVersion: rules.version,
      config: { ...rules.config, rules: { ...rules.config.rules, report_filed: { amount: AWARD, dailyCap: 0, monthlyCap: 0 } }, dailyCap: 0, monthlyCap: 0 },
      note: '演示：立案积分 15 分',
    });
    expect(saved.version).toBe(rules.version + 1);
    const before = await balanceOf(residentToken);

    // 1. A report by the resident is filed (立案) by the street dispatcher.
    const ticketId = await reportAsResident(residentToken);
    const ticket = await api<TicketResponse>(`/tickets/${ticketId}`, { token: dispatcherToken });
    await api<TicketResponse>(`/tickets/${ticketId}/actions`, { token: dispatcherToken, body: { action: 'file', version: ticket.version } });
    expect(await balanceOf(residentToken)).toBe(before + AWARD);

    // 2. The resident sees the points on 我的 and the reason in 我的积分.
    const resident = await newPage(browser, 'phone');
    await signInAsDemo(resident.page, server.url, 'resident');
    await resident.page.goto(`${server.url}/#/pages/me/index`);
    await resident.page.locator('#me-points-balance >> visible=true', { hasText: `${before + AWARD} 分` }).waitFor({ timeout: 15000 });
    await resident.page.locator('#me-points-entry >> visible=true').click();
    await resident.page.locator('#points-balance >> visible=true', { hasText: String(before + AWARD) }).waitFor({ timeout: 15000 });
    const latest = resident.page.locator('#points-history >> visible=true').locator('.points-entry').first();
    await expect(latest.innerText()).resolves.toContain('上报问题被立案');
    await expect(latest.innerText()).resolves.toContain(`+${AWARD}`);
    await screenshot(resident.page, 'points-home');

    // 3. She redeems 环保购物袋 (30 points), confirming in the dialog, and gets a code with a QR code.
    await resident.page.locator('#points-rewards-entry >> visible=true').click();
    const bag = resident.page.locator('.points-reward >> visible=true', { hasText: '环保购物袋' }).first();
    await bag.waitFor({ timeout: 15000 });
    await bag.click();
    await resident.page.locator('#reward-detail >> visible=true').waitFor({ timeout: 15000 });
    await resident.page.locator('#reward-redeem >> visible=true').click();
    await resident.page.locator('.taro-model__confirm').click();
    await resident.page.waitForURL(/packages\/points\/redemption\/index\?id=\d+/, { timeout: 20000 });
    await resident.page.locator('#redemption-status >> visible=true', { hasText: '待领取' }).waitFor({ timeout: 15000 });
    expect(await resident.page.locator('#redemption-qr >> visible=true').locator('.qr__run').count()).toBeGreaterThan(20);
    const shown = (await resident.page.locator('#redemption-code >> visible=true').innerText()).trim();
    expect(shown).toMatch(/^\d{3} \d{3} \d{4}$/);
    const code = shown.replace(/\s/g, '');
    expect(await balanceOf(residentToken)).toBe(before + AWARD - 30);
    await screenshot(resident.page, 'points-redemption-code');

    // 4. The community centre (the demo admin's district contains it) types the code and fulfils it.
    const provider = await newPage(browser, 'desktop');
    await signInAsDemo(provider.page, server.url, 'admin');
    await provider.page.goto(`${server.url}/#/packages/points/provider/index`);
    await provider.page.locator('#provider-code >> visible=true').locator('input').fill(code);
    await provider.page.locator('#provider-lookup >> visible=true').click();
    const found = provider.page.locator('#provider-found >> visible=true');
    await found.waitFor({ timeout: 15000 });
    await expect(found.innerText()).resolves.toContain('环保购物袋');
    await expect(found.innerText()).resolves.toContain('王阿姨');
    await provider.page.locator('#provider-fulfil >> visible=true').click();
    await provider.page.locator('.taro-model__confirm').click();
    await provider.page.locator('#provider-found-status >> visible=true', { hasText: '已领取' }).waitFor({ timeout: 15000 });
    await screenshot(provider.page, 'points-provider-fulfilled');
    expect(provider.errors).toEqual([]);

    // 5. Her code now shows 已领取; a second fulfilment of the same code is refused.
    await resident.page.reload();
    await resident.page.locator('#redemption-status >> visible=true', { hasText: '已领取' }).waitFor({ timeout: 15000 });
    const again = await fetch(`${server.url}/api/points/provider/fulfil`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ code }),
    });
    expect(again.status).toBe(409);
    expect(resident.errors).toEqual([]);
  }, 120_000);
});
