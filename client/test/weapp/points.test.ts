/**
 * The points pages in the simulated mini-program (built weapp): redeeming with a confirmation, the
 * code page with a QR code that really decodes to the code, cancelling, the provider's
 * scan-and-fulfil, and the balance on 我的. Page rendering in general is covered by render.test.ts.
 */
import { residentUser, sessionFor } from './support/fixtures';
import { redemption, reward } from './support/fixtures/points';
import { bootApp, findHandler, type RenderedPage, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const QrReader = require('qrcode-reader');

let sim: Sim;

function expectNoTrouble() {
  expect(sim.errors).toEqual([]);
  expect(sim.apiCalls.filter((c) => !findHandler(sim.api, c.method, c.path)).map((c) => `${c.method} ${c.path}`)).toEqual([]);
}

async function withPage(path: string, query: Record<string, string>, fn: (page: RenderedPage) => Promise<void>) {
  const page = await sim.renderPage(path, query);
  try {
    await fn(page);
  } finally {
    page.detach();
  }
}

/** Reads the absolutely placed runs of the rendered QR code back into a bitmap and decodes it. */
function decodeRenderedQr(page: RenderedPage): Promise<string> {
  const num = (style: string, prop: string) => Number(new RegExp(`${prop}:\\s*([\\d.]+)`).exec(style)?.[1] ?? Number.NaN);
  // `$$` is the exparser element's DOM node in the simulator; Taro writes the inline style there.
  const styleOf = (el: { $$?: { getAttribute(n: string): string | null } }) => String(el.$$?.getAttribute('style') ?? '');
  const root = page.find('.qr');
  const side = num(styleOf(root), 'width');
  const runs = page.findAll('.qr__run').map((el) => {
    const s = styleOf(el);
    return { left: num(s, 'left'), top: num(s, 'top'), width: num(s, 'width'), height: num(s, 'height') };
  });
  const unit = Math.min(...runs.map((r) => r.height));
  const n = Math.round(side / unit);
  const scale = 4;
  const w = n * scale;
  const data = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const r of runs) {
    const row = Math.round(r.top / unit);
    const c0 = Math.round(r.left / unit);
    const len = Math.round(r.width / unit);
    for (let c = c0; c < c0 + len; c++)
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = ((row * scale + dy) * w + (c * scale + dx)) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
  }
  return new Promise((resolve, reject) => {
    const qr = new QrReader();
    qr.callback = (err: unknown, value: { result: string }) => (err ? reject(err) : resolve(value.result));
    qr.decode({ width: w, height: w, data });
  });
}

describe('resident', () => {
  beforeAll(() => {
    sim = bootApp({ user: residentUser, storage: { 'linli.session': JSON.stringify(sessionFor(residentUser)) } });
  });
  beforeEach(() => {
    sim.errors.length = 0;
    sim.apiCalls.length = 0;
    sim.navigations.length = 0;
    sim.wxCalls.length = 0;
  });

  it('我的 shows the balance and opens 我的积分', () =>
    withPage('pages/me/index', {}, async (page) => {
      expect(page.find('#me-points-balance')).not.toBeNull();
      expect(page.text()).toContain('120 分');
      await page.tap('#me-points-entry');
      expect(sim.navigations).toEqual([expect.stringMatching(/^navigateTo \/packages\/points\/home\/index/)]);
      expectNoTrouble();
    }));

  it('我的积分: balance, history with Chinese reasons, no provider or admin entries for a resident', () =>
    withPage('packages/points/home/index', {}, async (page) => {
      expect(page.text()).toContain('120');
      expect(page.text()).toContain('兑换奖品：环保购物袋');
      expect(page.text()).toContain('-30');
      expect(page.find('#points-provider-entry')).toBeNull();
      expect(page.find('#points-admin-rules-entry')).toBeNull();
      expectNoTrouble();
    }));

  it('redeem asks for confirmation, sends one idempotency key and opens the code', () =>
    withPage('packages/points/reward/index', { id: String(reward.id) }, async (page) => {
      expect(page.text()).toContain(reward.title);
      expect(page.text()).toContain('30 积分');
      await page.tap('#reward-redeem');
      const modal = sim.callsTo('showModal');
      expect(modal).toHaveLength(1);
      expect(modal[0].args[0].content).toContain('用 30 积分兑换「环保购物袋」');
      const posted = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/points/rewards/${reward.id}/redeem`);
      expect(posted).toHaveLength(1);
      expect((posted[0].body as { clientKey: string }).clientKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(sim.navigations).toEqual([`redirectTo /packages/points/redemption/index?id=${redemption.id}`]);
      expectNoTrouble();
    }));

  it('the code page shows a QR code that decodes to the code, and cancels with a refund', () =>
    withPage('packages/points/redemption/index', { id: String(redemption.id) }, async (page) => {
      expect(page.text()).toContain('123 456 7890');
      expect(page.findAll('.qr__run').length).toBeGreaterThan(20);
      expect(await decodeRenderedQr(page)).toBe('LINLI:1234567890');
      await page.tap('#redemption-cancel');
      expect(sim.callsTo('showModal')).toHaveLength(1);
      expect(sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/points/redemptions/${redemption.id}/cancel`)).toHaveLength(1);
      expect(page.text()).toContain('已取消');
      expect(page.find('#redemption-qr')).toBeNull();
      expectNoTrouble();
    }));
});

