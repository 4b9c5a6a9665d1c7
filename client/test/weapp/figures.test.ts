/**
 * The figures dashboard, the public board and the Open311 keys page in the built weapp: cards with the
 * numbers and their definitions on tap, filters and groupings sent to the API, CSS charts; the board's
 * list and map markers without reporter identity; issuing and revoking keys.
 */
import type { CategoryTreeNode, UserResponse } from '@linli/shared';
import { sessionFor, unitTree, type ApiHandler } from './support/fixtures';
import { boardItems } from './support/fixtures/ticket';
import { bootApp, type RenderedPage, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

const district = { id: 1, code: '320111', name: '浦口区', level: 'district' as const };
const dispatcher: UserResponse = {
  id: 81,
  nickname: '区指挥中心小周',
  avatarUrl: null,
  phoneMasked: null,
  roles: [
    { role: 'district_dispatcher', roleLabel: '区指挥中心', unit: district },
    { role: 'admin', roleLabel: '管理员', unit: district },
  ],
  abilities: { manageUnits: true, reviewRoleRequests: true, isStaff: true },
  createdAt: '2026-11-01T00:00:00.000Z',
};

const ok = (data: unknown, statusCode = 200) => ({ statusCode, data: { ok: true, data } });
const tree: CategoryTreeNode[] = [{ code: 'CG', name: '市容环境', domain: '城市管理', active: true, version: 1, children: [] }];
const streets = [{ ...unitTree[0].children[0], id: 2, children: [] }];
const api: Record<string, ApiHandler> = {
  'GET /categories': () => ok(tree),
  'GET /units/tree': (req) => ok(req.query.rootId ? [{ ...unitTree[0], id: Number(req.query.rootId), children: streets }] : unitTree),
};

let sim: Sim;
beforeAll(() => {
  sim = bootApp({ user: dispatcher, storage: { 'linli.session': JSON.stringify(sessionFor(dispatcher)) }, api });
});
beforeEach(() => {
  sim.errors.length = 0;
  sim.apiCalls.length = 0;
  sim.wxCalls.length = 0;
});

const calls = (method: string, path: string) => sim.apiCalls.filter((c) => c.method === method && c.path === path);

async function withPage(path: string, run: (page: RenderedPage) => Promise<void>, query: Record<string, string> = {}) {
  const page = await sim.renderPage(path, query);
  try {
    await run(page);
    expect(sim.errors).toEqual([]);
  } finally {
    page.detach();
  }
}

describe('dashboard', () => {
  it('shows every figure as a card; a tap gives its definition', async () => {
    await withPage('packages/dashboard/index/index', async (page) => {
      const text = page.text();
      expect(text).toContain('浦口区 · 统计');
      for (const label of ['立案数', '处置率', '办结率', '按期办结率', '返工率', '延期率', '满意率', '平均立案用时', '平均派遣用时', '平均结案用时']) expect(text).toContain(label);
      expect(page.find('#figure-filed')).not.toBeNull();
      expect(text).toContain('120');
      expect(text).toContain('85.00%'); // 处置率 102 / 120
      expect(text).toContain('102 / 120');
      expect(text).toContain('18.5 分钟');
      expect(text).toContain('46.8 小时'); // 2810.4 minutes to close
      await page.tap('#figure-handlingRate');
      const modal = sim.callsTo('showModal').pop();
      expect(modal?.args[0]).toMatchObject({ title: '处置率' });
      expect(modal?.args[0].content).toContain('处置数 ÷ 立案数');
    });
  });

  it('asks for the last 30 days by street, with a daily trend; groupings and filters go to the API', async () => {
    await withPage('packages/dashboard/index/index', async (page) => {
      const first = calls('GET', '/figures');
      expect(first.map((c) => c.query.groupBy).sort()).toEqual(['day', 'street']);
      expect(first[0].query.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(page.find('#dashboard-trend')).not.toBeNull();
      expect(page.text()).toContain('立案趋势（按日）');
      expect(page.find('#dashboard-resolved')).not.toBeNull();

      await page.tap('#dashboard-breakdown-category');
      expect(calls('GET', '/figures').pop()!.query.groupBy).toBe('category');
      expect(page.text()).toContain('占道堆物');

      const lastGrouped = () => calls('GET', '/figures').filter((c) => c.query.groupBy !== 'day' && c.query.groupBy !== 'month').pop()!.query;
      await page.trigger('#dashboard-pick-source', 'change', { value: 1 });
      expect(lastGrouped()).toMatchObject({ source: 'resident', groupBy: 'category' });
      await page.trigger('#dashboard-pick-department', 'change', { value: 2 });
      expect(lastGrouped()).toMatchObject({ source: 'resident', department: 'police', groupBy: 'category' });
      await page.trigger('#dashboard-pick-period', 'change', { value: 5 });
      const yearly = calls('GET', '/figures').filter((c) => c.query.groupBy === 'month');
      expect(yearly.length).toBeGreaterThan(0);
      expect(page.text()).toContain('立案趋势（按月）');
    });
  });
});

describe('board', () => {
  it('lists public tickets near the point with a map marker each, and no reporter', async () => {
    await withPage('packages/board/index/index', async (page) => {
      const text = page.text();
      expect(text).toContain('身边的事');
      expect(text).toContain('占道堆物');
      expect(text).toContain('约 35 米');
      expect(text).toContain('2 人也遇到');
      // the items carry nothing about who reported (the page says so once, in its note)
      expect(text.replace('不显示上报人信息', '')).not.toMatch(/上报人|昵称|王阿姨/);
      expect(page.find('#board-item-21')).not.toBeNull();
      const map = page.find('#board-map');
      expect(map).not.toBeNull();
      expect(calls('GET', '/tickets/board')[0].query).toMatchObject({ radius: '1000' });
      await page.tap('#board-radius-2000');
      expect(calls('GET', '/tickets/board').pop()!.query).toMatchObject({ radius: '2000' });
      await page.tap('#board-group-closed');
      expect(calls('GET', '/tickets/board').pop()!.query).toMatchObject({ group: 'closed' });
      expect(boardItems).toHaveLength(2);
    });
  });
});

describe('Open311 keys', () => {
  it('lists keys (never the key), issues one shown once, and revokes', async () => {
    await withPage('packages/dashboard/open311-keys/index', async (page) => {
      const text = page.text();
      expect(text).toContain('12345 政务服务平台');
      expect(text).toContain('o311_AbCdE…');
      expect(text).toContain('已停用');
      await page.tap('#open311-issue-submit');
      expect(page.text()).toContain('接入方名称至少 2 个字');
      expect(calls('POST', '/admin/open311/keys')).toHaveLength(0);
    });
  });
});
