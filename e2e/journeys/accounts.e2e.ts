import type { Browser, Page } from 'playwright-core';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startStack, stopStack } from '../helpers/stack';
import { signInAsDemo } from '../helpers/session';

/**
 * Journeys on the H5 build, served by the built server exactly as `npm start` serves it (demo mode,
 * embedded database in a fresh folder, Pukou seeded at start-up).
 */
describe('H5: signing in with the demo accounts', () => {
  let server: RunningServer;
  let browser: Browser;
  let accounts: Array<{ key: string; roleLabel: string; nickname: string }>;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
    const res = await fetch(`${server.url}/api/auth/demo-accounts`);
    accounts = (await res.json()).data;
  });
  afterAll(() => stopStack({ server, browser }));

  it('prints the URL and the demo accounts on start', () => {
    expect(server.output()).toContain('Linli (邻里) is running');
    expect(accounts.length).toBe(9);
    for (const a of accounts) expect(server.output()).toContain(a.nickname);
  });

  const signIn = (page: Page, key: string) => signInAsDemo(page, server.url, key);

  it('shows a welcome to visitors, without asking them to sign in first', async () => {
    const { context, page, errors } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.locator('#home-welcome').waitFor();
    expect(await page.locator('#home-login').isVisible()).toBe(true);
    await screenshot(page, 'home-visitor');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses to sign in before the privacy policy is accepted', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/#/pages/login/index`);
    await page.locator('#demo-account-resident').click();
    await page.locator('#demo-login-submit').click();
    await page.getByText('请先阅读并同意隐私政策').waitFor();
    expect(await page.locator('#home-greeting').count()).toBe(0);
    await context.close();
  });

  it('a demo resident signs in and sees their home', async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn(page, 'resident');
    const resident = accounts.find((a) => a.key === 'resident')!;
    await expect(page.locator('#home-greeting').innerText()).resolves.toContain(resident.nickname);
    await expect(page.locator('#home-role').innerText()).resolves.toContain('居民');
    await screenshot(page, 'home-resident');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every demo role can sign in and sees its role on home', async () => {
    for (const a of accounts) {
      const { context, page, errors } = await newPage(browser);
      await signIn(page, a.key);
      await expect(page.locator('#home-role').innerText()).resolves.toContain(a.roleLabel);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('a session revoked on the server sends the user back to sign in', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, 'resident');
    const token = await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) {
        const m = /token\\?":\\?"([A-Za-z0-9_-]{20,})/.exec(localStorage.getItem(k) ?? '');
        if (m) return m[1];
      }
      return null;
    });
    expect(token).toBeTruthy();
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(200);
    const again = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(401);
    expect((await again.json()).error).toBe('SESSION_EXPIRED');
    await page.goto(`${server.url}/#/pages/me/index`);
    await page.reload();
    await page.locator('#demo-login-submit >> visible=true').waitFor({ timeout: 15000 });
    await context.close();
  });
});
