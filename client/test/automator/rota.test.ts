/**
 * The shop owner's part of the watch-rota journey (issue 6) in the real mini-program, driven by
 * miniprogram-automator in WeChat DevTools (the H5 journey e2e/journeys/rota.e2e.ts covers the whole
 * story in a browser). A fresh WeChat user registers a shop over HTTP, the seeded demo officer approves
 * it and creates a rota starting this week with that shop, then in DevTools the owner opens 我的值守 from
 * home, sees the duty week with the checklist and the officer, ticks the location consent and checks in
 * (wx.getLocation mocked to a point inside the area), and the count goes up; 我的换班 opens.
 *
 * Host requirements and the server are those of journeys.test.ts (WECHAT_DEVTOOLS_CLI; the suite starts
 * the built server in demo mode unless LINLI_AUTOMATOR_SERVER=external). Skipped elsewhere, with the reason.
 */
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type { MyDutyResponse, ParticipantResponse, RotaDetailResponse, SessionResponse, UnitTreeNode, UserResponse } from '@linli/shared';
import { REPO_ROOT, api, startStack, type Stack } from './support/stack';
import { FRESH_LOGIN_CODE, waitFor, findIn, element } from './support/mp';

const CLI = process.env.WECHAT_DEVTOOLS_CLI;
const d = CLI ? describe : describe.skip;
if (!CLI) {
  console.warn('automator rota suite skipped: WeChat DevTools not configured (set WECHAT_DEVTOOLS_CLI to its CLI path; DevTools runs on Windows/macOS only)');
}

jest.setTimeout(180_000);

const STAMP = `${Date.now()}`.slice(-6);
/** The demo grid's centre (津浦社区第1网格, GCJ-02): inside the rota's area. */
const DEMO_POINT = { longitude: 118.456338, latitude: 32.2429 };

const mondayOfToday = () => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return new Date(now.getTime() - ((now.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};

d('mini-program: the shop owner on duty (WeChat DevTools)', () => {
  let stack: Stack;
  let mp: MiniProgram;

  beforeAll(async () => {
    stack = await startStack();
    mp = await automator.launch({ cliPath: CLI, projectPath: process.env.WECHAT_PROJECT_PATH || REPO_ROOT, trustProject: true, timeout: 120_000 });
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false, errMsg: 'showModal:ok' });
    await mp.mockWxMethod('login', FRESH_LOGIN_CODE, `automator-rota-${STAMP}`);
    await mp.mockWxMethod('getLocation', { ...DEMO_POINT, accuracy: 20, errMsg: 'getLocation:ok' });
  });

  afterAll(async () => {
    await mp?.close().catch(() => undefined);
    await stack?.stop();
  });

  it('owner: my duty week -> consent -> check-in counted; my swaps open', async () => {
    // Sign in from home as a new WeChat user.
    const start = await mp.reLaunch('/pages/home/index');
    if (!start) throw new Error('reLaunch to 首页 failed');
    const login = await findIn(start, '#home-login');
    if (login) await login.tap();
    await element(start, '#home-greeting', 30_000);
    const session = JSON.parse(String(await mp.callWxMethod('getStorageSync', 'linli.session'))) as SessionResponse;

    // Over HTTP: register the shop, the demo officer approves it and starts a rota this week with it.
    const shop = await api<ParticipantResponse>('POST', '/rota/shops', { name: `自动化测试小店${STAMP}`, address: '津浦路 200 号', lng: DEMO_POINT.longitude, lat: DEMO_POINT.latitude, phone: '13900000000' }, session.token);
    const police = await api<SessionResponse>('POST', '/auth/demo-login', { account: 'community_police' });
    await api('POST', `/admin/rota/participants/${shop.id}/review`, { approve: true }, police.token);
    const officer = await api<UserResponse>('GET', '/me', undefined, police.token);
    const community = officer.roles.find((r) => r.role === 'community_police')!.unit!;
    const nodes = await api<UnitTreeNode[]>('GET', `/units/tree?rootId=${community.id}&depth=1`);
    const grids = (nodes.length === 1 && nodes[0].id === community.id ? nodes[0].children : nodes).filter((n) => n.level === 'grid').map((n) => n.id);
    await api<RotaDetailResponse>('POST', '/admin/rota/rotas', { name: `自动化测试轮值${STAMP}`, gridIds: grids, startDate: mondayOfToday(), slots: 1, weeksAhead: 2, participantIds: [shop.id] }, police.token);
    const mine = await api<MyDutyResponse>('GET', '/rota/duty', undefined, session.token);
    expect(mine.current?.participant.id).toBe(shop.id);

    // In the mini-program: home -> 我的值守.
    const home = await mp.reLaunch('/pages/home/index');
    if (!home) throw new Error('reLaunch to 首页 failed');
    await (await element(home, '#rota-my-duty-entry', 30_000)).tap();
    const page = await waitFor('我的值守', async () => {
      const p = await mp.currentPage();
      return p && p.path.replace(/^\//, '') === 'packages/rota/my-duty/index' ? p : null;
    });
    const card = await element(page, '#rota-duty-card', 30_000);
    expect(await card.text()).toContain('本周值守');
    expect(await (await element(page, '#rota-checklist')).text()).toContain('可疑');
    expect(await (await element(page, '#rota-duty-officer')).text()).toContain(officer.nickname);

    // Consent first, then a check-in at the (mocked) location inside the area.
    await (await element(page, '#rota-location-consent')).tap();
    await (await element(page, '#rota-checkin-start')).tap();
    await waitFor('the check-in to be counted', async () => (await (await element(page, '#rota-checkin-count')).text()).includes('打卡 1/'), 30_000);

    // 我的换班 opens from the duty page.
    await (await element(page, '#rota-swaps-entry')).tap();
    await waitFor('我的换班', async () => {
      const p = await mp.currentPage();
      return p && p.path.replace(/^\//, '') === 'packages/rota/swap/index';
    });
  });
});
