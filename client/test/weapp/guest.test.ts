/**
 * A resident's first visit in the simulated mini-program, starting with no session: browsing as a
 * guest, silent WeChat login (wx.login -> POST /auth/wechat-login) on a page that needs a session,
 * logging out from 我的, and signing in from the home page's button. The steps share one app
 * instance and run in order, like a user would.
 */
import { residentUser, sessionFor } from './support/fixtures';
import { bootApp, findHandler, type RenderedPage, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

const LOGIN_CODE = 'guest-login-code';
let sim: Sim;

beforeAll(() => {
  // No stored session; the canned API signs in as the fixtures' resident.
  sim = bootApp({ loginCode: LOGIN_CODE, user: residentUser });
});

beforeEach(() => {
  sim.errors.length = 0;
  sim.apiCalls.length = 0;
  sim.navigations.length = 0;
  sim.wxCalls.length = 0;
});

function expectNoTrouble() {
  expect(sim.errors).toEqual([]);
  expect(sim.apiCalls.filter((c) => !findHandler(sim.api, c.method, c.path)).map((c) => `${c.method} ${c.path}`)).toEqual([]);
}

const session = () => JSON.parse(String(sim.storage.get('linli.session') || 'null')) as { token: string | null } | null;

async function withPage(path: string, fn: (page: RenderedPage) => Promise<void>) {
  const page = await sim.renderPage(path);
  try {
    await fn(page);
  } finally {
    page.detach();
  }
}

describe('guest journey (steps run in order)', () => {
  it('no login, phone or avatar prompt at launch', () => {
    expect(sim.callsTo('login')).toHaveLength(0);
    expect(sim.callsTo('getLocation')).toHaveLength(0);
    expect(session()?.token ?? null).toBeNull();
  });

  it('home as a guest: welcome card with a login button, no API call needing a session', () =>
    withPage('pages/home/index', async (page) => {
      expect(page.find('#home-welcome')).not.toBeNull();
      expect(page.find('#home-login')).not.toBeNull();
      expect(page.find('#home-greeting')).toBeNull();
      expect(page.find('#home-locate-entry')).not.toBeNull(); // browsable without login
      expect(sim.callsTo('login')).toHaveLength(0);
      expect(sim.apiCalls.filter((c) => c.header.Authorization)).toEqual([]);
      expectNoTrouble();
    }));

  it('me as a guest: 尚未登录 and a login button', () =>
    withPage('pages/me/index', async (page) => {
      expect(page.find('#me-login')).not.toBeNull();
      expect(page.find('#me-logout')).toBeNull();
      expect(sim.callsTo('login')).toHaveLength(0);
      expectNoTrouble();
    }));

  it('a page that needs a session logs in silently (wx.login -> /auth/wechat-login) and shows its content', () =>
    withPage('packages/account/profile/index', async (page) => {
      expect(sim.callsTo('login')).toHaveLength(1);
      const logins = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/auth/wechat-login');
      expect(logins).toHaveLength(1);
      expect(logins[0].body).toEqual({ code: LOGIN_CODE });
      expect(session()?.token).toBe(sessionFor(residentUser).token);
      expect(page.find('#profile-nickname')).not.toBeNull();
      expect(page.text()).toContain('未绑定');
      expectNoTrouble();
    }));

  it('me: 退出登录 asks for confirmation, ends the session on the server and forgets it locally', () =>
    withPage('pages/me/index', async (page) => {
      expect(page.text()).toContain(residentUser.nickname);
      await page.tap('#me-logout');
      expect(sim.callsTo('showModal')).toHaveLength(1);
      const logout = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/auth/logout');
      expect(logout).toHaveLength(1);
      expect(logout[0].header.Authorization).toBe(`Bearer ${sessionFor(residentUser).token}`);
      expect(session()?.token ?? null).toBeNull();
      expect(page.find('#me-login')).not.toBeNull();
      expectNoTrouble();
    }));

  it('home: tapping 微信登录 signs the resident in and greets them with their role', () =>
    withPage('pages/home/index', async (page) => {
      expect(page.find('#home-greeting')).toBeNull();
      await page.tap('#home-login');
      expect(sim.callsTo('login')).toHaveLength(1);
      expect(sim.apiCalls.filter((c) => c.path === '/auth/wechat-login')).toHaveLength(1);
      expect(session()?.token).toBe(sessionFor(residentUser).token);
      const greeting = page.find('#home-greeting');
      expect(greeting).not.toBeNull();
      expect(page.text()).toContain(residentUser.nickname);
      expect(page.text()).toContain('居民');
      expect(page.find('#home-role')).not.toBeNull();
      expect(page.find('#admin-units-entry')).toBeNull(); // a resident has no admin entries
      expectNoTrouble();
    }));
});
