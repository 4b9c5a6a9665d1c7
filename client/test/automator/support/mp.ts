/**
 * Helpers shared by the miniprogram-automator suites: polling, element lookup through Taro's recursive
 * `comp` components, the current page, and a wx.login mock answering a fresh code per call.
 */
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import type Element from 'miniprogram-automator/out/Element';

/** Runs inside the mini-program (serialised by automator): wx.login answering a new code each call. */
export const FRESH_LOGIN_CODE = `function (options, prefix) {
  return { code: prefix + '-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8), errMsg: 'login:ok' };
}`;

/** Polls `check` until it returns a truthy value. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * page.$ looks into the page's own tree only; Taro renders very deep trees through its recursive
 * `comp` custom component, so look inside those too.
 */
export async function findIn(scope: Page | Element, selector: string, depth = 0): Promise<Element | null> {
  const direct = await scope.$(selector);
  if (direct || depth > 4) return direct;
  const comps: Element[] = (await scope.$$('comp')) ?? [];
  for (const c of comps) {
    const found = await findIn(c, selector, depth + 1);
    if (found) return found;
  }
  return null;
}

export const element = (page: Page, selector: string, timeoutMs?: number) => waitFor(`${selector} on ${page.path}`, () => findIn(page, selector), timeoutMs);

/** Waits until the mini-program shows `path` (without a leading slash). */
export async function currentPage(mp: MiniProgram, path: string): Promise<Page> {
  return waitFor(`page ${path}`, async () => {
    const p = await mp.currentPage();
    return p && p.path.replace(/^\//, '') === path ? p : null;
  });
}
