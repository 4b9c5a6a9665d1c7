/**
 * The provider's side of points in the simulated mini-program (built weapp): typing a redemption code,
 * seeing what to hand over, fulfilling after confirming; a mistyped code is refused before any request.
 * (One app per test file: the resident's side is in points.test.ts.)
 */
import { adminUser, sessionFor } from './support/fixtures';
import { bootApp, findHandler, type RenderedPage, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

let sim: Sim;

function expectNoTrouble() {
  expect(sim.errors).toEqual([]);
  expect(sim.apiCalls.filter((c) => !findHandler(sim.api, c.method, c.path)).map((c) => `${c.method} ${c.path}`)).toEqual([]);
}

async function withPage(path: string, fn: (page: RenderedPage) => Promise<void>) {
  const page = await sim.renderPage(path);
  try {
    await fn(page);
  } finally {
    page.detach();
  }
}

describe('provider (admin of the community centre)', () => {
  beforeAll(() => {
    sim = bootApp({ user: adminUser, storage: { 'linli.session': JSON.stringify(sessionFor(adminUser)) } });
  });
  beforeEach(() => {
    sim.errors.length = 0;
    sim.apiCalls.length = 0;
    sim.wxCalls.length = 0;
  });

  it('a typed code (spaces allowed) is looked up, shows what to hand over, and is fulfilled after confirming', () =>
    withPage('packages/points/provider/index', async (page) => {
      // The simulator has no camera (wx.scanCode): the typed path exercises the same lookup and fulfil.
      await page.trigger('#provider-code', 'input', { value: '1234567890', cursor: 10 });
      await page.tap('#provider-lookup');
      const lookups = sim.apiCalls.filter((c) => c.path === '/points/provider/lookup');
      expect(lookups.map((c) => c.body)).toEqual([{ code: '1234567890' }]);
      expect(page.text()).toContain('兑换人：微信用户');
      await page.tap('#provider-fulfil');
      expect(sim.callsTo('showModal')).toHaveLength(1);
      expect(sim.apiCalls.filter((c) => c.path === '/points/provider/fulfil').map((c) => c.body)).toEqual([{ code: '1234567890' }]);
      expect(page.text()).toContain('已领取');
      expect(page.find('#provider-fulfil')).toBeNull();
      expectNoTrouble();
    }));

  it('a mistyped code is refused before any request', () =>
    withPage('packages/points/provider/index', async (page) => {
      await page.trigger('#provider-code', 'input', { value: '12345', cursor: 5 });
      await page.tap('#provider-lookup');
      expect(page.text()).toContain('兑换码应为 10 位数字');
      expect(sim.apiCalls.filter((c) => c.path === '/points/provider/lookup')).toEqual([]);
      expectNoTrouble();
    }));
});
