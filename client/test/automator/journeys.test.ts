/**
 * The H5 browser journeys, in the real mini-program: WeChat DevTools driven by miniprogram-automator.
 *   1. a resident signs in (WeChat login, no demo sign-in in the mini-program) and sees home;
 *   2. an admin imports a division CSV (preview, then apply) and sees it in the jurisdiction tree.
 *
 * WHAT THE HOST NEEDS (DevTools exists for Windows and macOS only; elsewhere this suite is skipped):
 *  - WeChat DevTools, logged in, with Settings -> Security -> Service port turned on, and
 *    WECHAT_DEVTOOLS_CLI set to its CLI (macOS: /Applications/wechatwebdevtools.app/Contents/MacOS/cli,
 *    Windows: C:/Program Files (x86)/Tencent/微信web开发者工具/cli.bat).
 *  - A weapp build in client/dist/weapp (the root project.config.json points miniprogramRoot there;
 *    WECHAT_PROJECT_PATH overrides the project folder), built with TARO_APP_API_BASE equal to
 *    LINLI_API_BASE (both default to http://localhost:7001). project.config.json has urlCheck off, so
 *    DevTools may call http://localhost.
 *  - Linli's server at that address, able to sign WeChat users in. By default the suite starts it
 *    itself (`npm run build -w server` first): the built server, demo mode, a temp embedded database,
 *    and WECHAT_API_BASE pointing at the local fake WeChat (server/test/fakes/wechat-fake.ts), while
 *    `wx.login` is mocked in DevTools to return fresh codes. With LINLI_AUTOMATOR_SERVER=external the
 *    running server is used instead; it must be in demo mode (the admin journey has the seeded demo
 *    admin approve a role request over HTTP) and either have WECHAT_API_BASE pointing at such a fake,
 *    or WECHAT_APPID/WECHAT_SECRET of the test appid DevTools runs the project with - then also set
 *    LINLI_AUTOMATOR_REAL_LOGIN=1 so that real `wx.login` codes are used (not with `touristappid`).
 *
 * Run: `cd client && WECHAT_DEVTOOLS_CLI=... npx jest --selectProjects automator`.
 */
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import type Element from 'miniprogram-automator/out/Element';
import type { RoleRequestResponse, SessionResponse, UnitTreeNode } from '@linli/shared';
import { API_ORIGIN, REPO_ROOT, api, startStack, type Stack } from './support/stack';
import { FRESH_LOGIN_CODE, waitFor, findIn, element, currentPage } from './support/mp';

const CLI = process.env.WECHAT_DEVTOOLS_CLI;
const REAL_LOGIN = process.env.LINLI_AUTOMATOR_REAL_LOGIN === '1';
const d = CLI ? describe : describe.skip;
if (!CLI) {
  console.warn(
    'automator suite skipped: WeChat DevTools not configured (set WECHAT_DEVTOOLS_CLI to its CLI path; DevTools runs on Windows/macOS only)',
  );
}

jest.setTimeout(180_000);

const STAMP = `${Date.now()}`.slice(-6);

d('mini-program journeys (WeChat DevTools)', () => {
  let stack: Stack;
  let mp: MiniProgram;

  beforeAll(async () => {
    stack = await startStack();
    mp = await automator.launch({
      cliPath: CLI,
      projectPath: process.env.WECHAT_PROJECT_PATH || REPO_ROOT,
      trustProject: true,
      timeout: 120_000,
    });
    // 退出登录 asks for confirmation with a native modal: confirm it.
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false, errMsg: 'showModal:ok' });
    if (!REAL_LOGIN) {
      // A fresh code on every wx.login (the fake WeChat accepts each code once and signs it in as
      // openid-<code>), so every sign-in, silent re-logins included, is a new WeChat user.
      await mp.mockWxMethod('login', FRESH_LOGIN_CODE, `automator-${STAMP}`);
    }
  });

  afterAll(async () => {
    await mp?.close().catch(() => undefined);
    await stack?.stop();
  });

  /** Signs out through 我的 if a session is left (earlier journey or run), then signs in from home. */
  async function signInFromHome(): Promise<Page> {
    const me = await mp.reLaunch('/pages/me/index');
    if (!me) throw new Error('reLaunch to 我的 failed');
    await waitFor('我的 to render', async () => (await findIn(me, '#me-login')) ?? (await findIn(me, '#me-logout')));
    const logout = await findIn(me, '#me-logout');
    if (logout) {
      await logout.tap();
      await element(me, '#me-login');
    }
    const home = await mp.reLaunch('/pages/home/index');
    if (!home) throw new Error('reLaunch to 首页 failed');
    const login = await element(home, '#home-login');
    await login.tap();
    await element(home, '#home-greeting', 30_000);
    return home;
  }

  it('a resident signs in with WeChat and sees home', async () => {
    const home = await signInFromHome();
    const greeting = await (await element(home, '#home-greeting')).text();
    expect(greeting).toContain('您好');
    const role = await (await element(home, '#home-role')).text();
    expect(role).toContain('居民');
    // A new WeChat user is a plain resident (with real login the same user returns, maybe promoted by the admin journey).
    if (!REAL_LOGIN) expect(await findIn(home, '#admin-units-entry')).toBeNull();
    const stored = await mp.callWxMethod('getStorageSync', 'linli.session');
    expect(JSON.parse(String(stored)).token).toEqual(expect.any(String));
  });

  it('an admin imports the division CSV and sees the tree', async () => {
    // A fresh WeChat user asks to be admin of the district; the seeded demo admin approves over HTTP.
    await signInFromHome();
    const session = JSON.parse(String(await mp.callWxMethod('getStorageSync', 'linli.session'))) as SessionResponse;
    const roots = await api<UnitTreeNode[]>('GET', '/units/tree?depth=1');
    const district = roots.find((u) => u.level === 'district');
    if (!district) throw new Error(`no district in the tree at ${API_ORIGIN} (is the server seeded in demo mode?)`);
    if (!session.user.abilities.manageUnits) {
      const request = await api<RoleRequestResponse>('POST', '/me/role-requests', { role: 'admin', unitId: district.id, reason: '自动化测试：维护辖区数据' }, session.token);
      const demoAdmin = await api<SessionResponse>('POST', '/auth/demo-login', { account: 'admin' });
      await api('POST', `/admin/role-requests/${request.id}/review`, { approve: true, note: '自动化测试' }, demoAdmin.token);
    }

    // Home refreshes the user on show: the admin entry appears.
    const home = await mp.reLaunch('/pages/home/index');
    if (!home) throw new Error('reLaunch to 首页 failed');
    const entry = await element(home, '#admin-units-entry', 30_000);
    await entry.tap();
    const units = await currentPage(mp, 'packages/admin/units/index');
    await element(units, '.unit-node', 30_000);

    const street = { code: `${district.code}9${STAMP.slice(-2)}`, name: `自动化测试街道${STAMP}` };
    const csv = ['code,name,level,parent_code', `${street.code},${street.name},street,${district.code}`].join('\n');
    const input = await element(units, '#units-csv-input');
    await (input as unknown as { input(v: string): Promise<void> }).input(csv);

    await (await element(units, '#units-import-preview')).tap();
    const preview = await element(units, '#units-import-report', 30_000);
    await waitFor('the preview report', async () => (await preview.text()).includes('预览'));

    await (await element(units, '#units-import-apply')).tap();
    await waitFor('the applied report', async () => {
      const report = await findIn(units, '#units-import-report');
      return report && (await report.text()).includes('已写入');
    }, 30_000);

    // The tree reloads after an import: the new street shows under the district.
    await waitFor(`${street.name} in the tree`, async () => {
      const nodes: Element[] = (await units.$$('.unit-node')) ?? [];
      for (const n of nodes) if ((await n.text()).includes(street.name)) return true;
      const tree = await findIn(units, '#unit-tree');
      return tree ? (await tree.text()).includes(street.name) : false;
    }, 30_000);
  });
});
