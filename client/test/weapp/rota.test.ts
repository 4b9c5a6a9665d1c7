/**
 * The watch-rota pages of the built weapp (issue 6), rendered with miniprogram-simulate: the shop owner's
 * duty week (check-in with consent and location, report from duty), a swap request, the officer's rota
 * page, the public roster. The generic "every page renders" checks are in render.test.ts.
 */
import type { UserResponse } from '@linli/shared';
import { adminUser, sessionFor } from './support/fixtures';
import { dutyDetail, roster, rotaDetail, swapRow } from './support/fixtures/rota';
import { bootApp, findHandler, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

const owner: UserResponse = { ...adminUser, id: 7, nickname: '李老板', roles: [{ role: 'shop_owner', roleLabel: '商户', unit: { id: 4, code: '320111001001001', name: '求雨山第一网格', level: 'grid' } }] };

let sim: Sim;
beforeAll(() => {
  sim = bootApp({ storage: { 'linli.session': JSON.stringify(sessionFor(owner)) } });
});
beforeEach(() => {
  sim.errors.length = 0;
  sim.apiCalls.length = 0;
  sim.navigations.length = 0;
});

/** Waits (settling the page again) until its text contains `text`: a loaded machine renders late. */
async function until(page: { text(): string; settle(): Promise<void> }, text: string) {
  for (let i = 0; i < 20 && !page.text().includes(text); i++) await page.settle();
}

function noTrouble() {
  expect(sim.errors).toEqual([]);
  expect(sim.apiCalls.filter((c) => !findHandler(sim.api, c.method, c.path)).map((c) => `${c.method} ${c.path}`)).toEqual([]);
}

describe('rota pages (weapp)', () => {
  it('my duty week: dates, checklist, officer, partner, previous handover; check-in needs consent, then posts the location', async () => {
    const page = await sim.renderPage('packages/rota/my-duty/index');
    try {
      await until(page, '往期值守');
      const text = page.text();
      for (const s of ['本周值守', '11月23日—11月29日', dutyDetail.checklist[0], '刘警官', '13700001234', '津浦路2号水果店', '路口有辆没锁的电动车', '往期值守']) expect({ s, found: text.includes(s) }).toEqual({ s, found: true });
      await page.tap('#rota-checkin-patrol');
      expect(sim.apiCalls.filter((c) => c.method === 'POST')).toEqual([]);
      expect(page.text()).toContain('请先勾选同意使用位置信息');
      await page.tap('#rota-location-consent');
      await page.tap('#rota-checkin-patrol');
      const posted = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/rota/duties/${dutyDetail.id}/checkins`);
      expect(posted).toHaveLength(1);
      expect(posted[0].body).toMatchObject({ kind: 'patrol', consent: true, lng: expect.any(Number), lat: expect.any(Number) });
      await page.tap('#rota-report-from-duty');
      expect(sim.navigations).toEqual([expect.stringMatching(/^navigateTo \/packages\/ticket\/report\/index\?source=duty_patrol&lat=[\d.]+&lng=[\d.]+$/)]);
      noTrouble();
    } finally {
      page.detach();
    }
  });

  it('swap: the incoming request can be accepted', async () => {
    const page = await sim.renderPage('packages/rota/swap/index', { id: String(swapRow.id) });
    try {
      await until(page, '那一周要外出进货');
      expect(page.text()).toContain('那一周要外出进货');
      await page.tap(`#rota-swap-accept-${swapRow.id}`);
      expect(sim.apiCalls.some((c) => c.method === 'POST' && c.path === `/rota/swaps/${swapRow.id}/respond` && (c.body as { accept: boolean }).accept === true)).toBe(true);
      expect(page.text()).toContain('等待民警审批');
      noTrouble();
    } finally {
      page.detach();
    }
  });

  it('officer rota page: who has not checked in, pending swap to approve', async () => {
    const page = await sim.renderPage('packages/rota/rota/index', { id: String(rotaDetail.id) });
    try {
      await until(page, '未打卡 1 家');
      const text = page.text();
      expect(text).toContain('未打卡 1 家');
      expect(text).toContain('等待民警审批');
      await page.tap(`#rota-swap-approve-${rotaDetail.pendingSwaps[0].id}`);
      expect(sim.apiCalls.some((c) => c.method === 'POST' && c.path === `/admin/rota/swaps/${rotaDetail.pendingSwaps[0].id}/review`)).toBe(true);
      noTrouble();
    } finally {
      page.detach();
    }
  });

  it('public roster: weeks, masked phones, officer contact, share button', async () => {
    const page = await sim.renderPage('packages/rota/roster/index', { id: String(roster.rota.id) });
    try {
      await until(page, '139****0037');
      const text = page.text();
      expect(text).toContain('139****0037');
      expect(text).toContain('刘警官 13700001234');
      expect(page.find('#rota-roster-share')).not.toBeNull();
      noTrouble();
    } finally {
      page.detach();
    }
  });
});
