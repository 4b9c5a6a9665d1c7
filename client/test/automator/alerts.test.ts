/**
 * The member's part of the police-alerts journey (issue 7) in the real mini-program: WeChat DevTools driven
 * by miniprogram-automator, like journeys.test.ts (same host requirements, same managed stack: built
 * server in demo mode, embedded database, fake WeChat, `wx.login` mocked to fresh codes).
 *
 *   1. a new WeChat user signs in and opens the join page of the demo group as a share card would
 *      (`?code=<invite code>&via=share_card`), picks 商户 and asks to join;
 *   2. the demo officer 刘警官 approves (over HTTP) and posts an urgent alert (over HTTP);
 *   3. the member finds it in 警情通报, opens it and taps 收到 (the subscription popup is mocked: accept);
 *   4. the member sends a tip about it; the officer marks it useful (over HTTP);
 *   5. the member's tip page says it was adopted with points, and the balance grew.
 *
 * Run: `cd client && WECHAT_DEVTOOLS_CLI=... npx jest --selectProjects automator`. Without DevTools (Linux)
 * the suite is skipped with the reason printed.
 */
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type { AlertResponse, GroupResponse, SessionResponse, TipResponse } from '@linli/shared';
import { REPO_ROOT, api, startStack, type Stack } from './support/stack';
import { FRESH_LOGIN_CODE, waitFor, element, currentPage } from './support/mp';

const CLI = process.env.WECHAT_DEVTOOLS_CLI;
const d = CLI ? describe : describe.skip;
if (!CLI) {
  console.warn('automator alerts suite skipped: WeChat DevTools not configured (set WECHAT_DEVTOOLS_CLI to its CLI path; DevTools runs on Windows/macOS only)');
}

jest.setTimeout(240_000);

const STAMP = `${Date.now()}`.slice(-6);

d('mini-program: the member\'s part of a police alert (WeChat DevTools)', () => {
  let stack: Stack;
  let mp: MiniProgram;
  let officer: SessionResponse;

  beforeAll(async () => {
    stack = await startStack();
    mp = await automator.launch({ cliPath: CLI, projectPath: process.env.WECHAT_PROJECT_PATH || REPO_ROOT, trustProject: true, timeout: 120_000 });
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false, errMsg: 'showModal:ok' });
    await mp.mockWxMethod('login', FRESH_LOGIN_CODE, `automator-alert-${STAMP}`);
    // The 收到 / join / tip taps ask for subscription messages: answer "accept" for every template asked.
    await mp.mockWxMethod(
      'requestSubscribeMessage',
      `function (options) { var r = { errMsg: 'requestSubscribeMessage:ok' }; (options.tmplIds || []).forEach(function (id) { r[id] = 'accept'; }); return r; }`,
    );
    officer = await api<SessionResponse>('POST', '/auth/demo-login', { account: 'community_police' });
  });

  afterAll(async () => {
    await mp?.close().catch(() => undefined);
    await stack?.stop();
  });

  it('joins by share card, is approved, acknowledges an alert, sends a tip that earns points', async () => {
    // 1. Sign in from home as a new WeChat user.
    const home = await mp.reLaunch('/pages/home/index');
    if (!home) throw new Error('reLaunch to 首页 failed');
    await (await element(home, '#home-login')).tap();
    await element(home, '#home-greeting', 30_000);
    const member = JSON.parse(String(await mp.callWxMethod('getStorageSync', 'linli.session'))) as SessionResponse;

    // The demo group's share path (as the officer's share card carries it).
    const groups = await api<GroupResponse[]>('GET', '/groups', undefined, officer.token);
    const group = groups.find((g) => g.abilities.post && g.sharePath);
    if (!group?.sharePath) throw new Error('the demo officer has no group (is the server seeded in demo mode?)');
    const join = await mp.reLaunch(group.sharePath);
    if (!join) throw new Error(`reLaunch to ${group.sharePath} failed`);
    await (await element(join, '#join-kind-shop', 30_000)).tap();
    await (await element(join, '#join-submit')).tap();
    await element(join, '#join-status', 30_000);

    // 2. The officer approves and posts an urgent alert to the group.
    await api('POST', `/groups/${group.id}/members/${member.user.id}/review`, { approve: true }, officer.token);
    const title = `自动化测试警情${STAMP}`;
    const alert = await api<AlertResponse>(
      'POST',
      '/alerts',
      {
        groupIds: [group.id],
        type: 'fraud',
        severity: 'urgent',
        title,
        body: '自动化测试：有人冒充燃气公司上门收费，请勿开门，发现可疑人员请联系社区民警。',
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
      officer.token,
    );

    // 3. The member finds it in 警情通报 and taps 收到.
    const feedHome = await mp.reLaunch('/pages/home/index');
    if (!feedHome) throw new Error('reLaunch to 首页 failed');
    await (await element(feedHome, '#home-alert-entry', 30_000)).tap();
    const feed = await currentPage(mp, 'packages/alert/feed/index');
    await (await element(feed, `#alert-card-${alert.id}`, 30_000)).tap();
    const detail = await currentPage(mp, 'packages/alert/detail/index');
    await waitFor('the alert title', async () => (await (await element(detail, '#alert-title')).text()).includes(title));
    await (await element(detail, '#alert-ack')).tap();
    await element(detail, '#alert-acked', 30_000);
    const seen = await api<AlertResponse>('GET', `/alerts/${alert.id}`, undefined, officer.token);
    expect(seen.reach).toMatchObject({ acknowledged: 1 });

    // 4. A tip about it.
    await (await element(detail, '#alert-tip-btn')).tap();
    const form = await currentPage(mp, 'packages/alert/tip-new/index');
    const text = await element(form, '#tip-text');
    await (text as unknown as { input(v: string): Promise<void> }).input('自动化测试：3 号楼有两个穿蓝色工装的人挨家敲门');
    await (await element(form, '#tip-submit')).tap();
    const tipPage = await currentPage(mp, 'packages/alert/tip/index');
    await element(tipPage, '#tip-detail', 30_000);
    const mine = await api<{ items: TipResponse[] }>('GET', '/tips/mine', undefined, member.token);
    const tip = mine.items[0];
    expect(tip.alert?.id).toBe(alert.id);

    // 5. Marked useful by the officer: the member's tip page says so and the balance grew.
    const before = await api<{ balance: number }>('GET', '/points/me', undefined, member.token);
    await api('POST', `/tips/${tip.id}/useful`, {}, officer.token);
    const again = await mp.reLaunch(`/packages/alert/tip/index?id=${tip.id}`);
    if (!again) throw new Error('reLaunch to the tip failed');
    await waitFor('the adopted tip', async () => (await (await element(again, '#tip-useful-info', 30_000)).text()).includes('积分已发放'));
    const after = await api<{ balance: number }>('GET', '/points/me', undefined, member.token);
    expect(after.balance).toBeGreaterThan(before.balance);
  });
});
