/**
 * The resident's ticket pages in the built weapp: the report form (device draft restored, kept after
 * every change, one idempotency key per draft for every attempt, similar tickets before a new report,
 * "me too"), my tickets, and the detail page (where it is and who holds it, timeline, only the allowed
 * actions, the ticket version on every action, 已被他人处理 on a conflict).
 */
import type { CategorySnapshot, CategoryTreeNode, UserResponse } from '@linli/shared';
import { EXPIRES, locateResult, sessionFor, type ApiHandler } from './support/fixtures';
import { ticketFor } from './support/fixtures/ticket';
import { bootApp, type RenderedPage, type Sim } from './support/simulator';
import { withLoadedPage } from './support/pages';
import { assertBuilt } from './support/weapp';

assertBuilt();

/** A building head (may report for a neighbour) who is otherwise a resident. */
const resident: UserResponse = {
  id: 42,
  nickname: '王阿姨',
  avatarUrl: null,
  phoneMasked: null,
  roles: [
    { role: 'resident', roleLabel: '居民', unit: null },
    { role: 'building_head', roleLabel: '楼栋长', unit: { id: 4, code: '320111001001001', name: '求雨山第一网格', level: 'grid' } },
  ],
  abilities: { manageUnits: false, reviewRoleRequests: false, isStaff: false },
  createdAt: '2026-11-01T00:00:00.000Z',
};

const minor: CategorySnapshot = {
  code: 'CG-0102',
  name: '占道堆物',
  majorCode: 'CG',
  majorName: '市容环境',
  description: '人行道、楼道、消防通道堆放杂物',
  keywords: ['堆物', '垃圾'],
  departments: ['chengguan'],
  onSpotFixable: true,
  fileLimit: { amount: 2, unit: 'hours' },
  handleLimit: { amount: 1, unit: 'days' },
  evidence: { minPhotos: 1, maxPhotos: 9 },
  sensitive: false,
  protectedReporterSuggested: false,
  duplicateRadiusMeters: 100,
  duplicateWindowHours: 72,
  questions: [
    {
      key: 'duration',
      label: '持续多久了',
      kind: 'single',
      required: true,
      options: [
        { value: 'today', label: '今天' },
        { value: 'week', label: '一周以内' },
        { value: 'long', label: '一周以上' },
      ],
    },
  ],
  active: true,
  version: 1,
};
const tree: CategoryTreeNode[] = [{ code: 'CG', name: '市容环境', domain: '城市管理', active: true, version: 1, children: [minor] }];

const ok = (data: unknown, statusCode = 200) => ({ statusCode, data: { ok: true, data } });
const categoryApi: Record<string, ApiHandler> = {
  'GET /categories': () => ok(tree),
  'GET /categories/:code': () => ok(minor),
};

const DRAFT_KEY = `linli.ticketDraft.${resident.id}`;
const KEY = 'rdraftkey0000000000000000000001';

/** A draft with everything filled in, as the page keeps it in storage. */
function fullDraft(extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    idempotencyKey: KEY,
    categoryCode: minor.code,
    categoryName: minor.name,
    description: '小区北门人行道上堆了很多装修垃圾',
    photos: [{ id: 71, thumbUrl: '/api/media/71/file?variant=thumb&exp=4070908800&sig=x', urlExpiresAt: EXPIRES }],
    location: { mode: 'gps', lng: 118.6272, lat: 32.0585, address: '北门', gridId: null, how: 'gps', place: locateResult },
    answers: { duration: 'week' },
    anonymous: true,
    protectedReporter: false,
    onBehalf: { enabled: false, name: '', consent: false },
    source: 'resident',
    pendingSubmit: false,
    updatedAt: '2026-11-23T07:00:00.000Z',
    ...extra,
  });
}

let sim: Sim;

beforeAll(() => {
  sim = bootApp({ user: resident, storage: { 'linli.session': JSON.stringify(sessionFor(resident)) }, api: categoryApi });
});

beforeEach(() => {
  sim.errors.length = 0;
  sim.apiCalls.length = 0;
  sim.navigations.length = 0;
  sim.wxCalls.length = 0;
});

const calls = (method: string, path: string) => sim.apiCalls.filter((c) => c.method === method && c.path === path);

const withPage = (path: string, query: Record<string, string>, run: (page: RenderedPage) => Promise<void>) => withLoadedPage(sim, path, query, run);

describe('report', () => {
  it('an empty form is not sent: each missing part says what it needs', async () => {
    sim.storage.delete(DRAFT_KEY);
    await withPage('packages/ticket/report/index', {}, async (page) => {
      expect(page.text()).toContain('问题类型');
      expect(page.find('#report-behalf')).not.toBeNull(); // a building head may report for a neighbour
      await page.tap('#report-submit');
      const text = page.text();
      expect(text).toContain('请选择问题类别');
      expect(text).toContain('请选择问题位置');
      expect(text).toContain('请至少上传 1 张照片');
      expect(calls('POST', '/tickets')).toHaveLength(0);
      expect(calls('GET', '/tickets/similar')).toHaveLength(0);
    });
  });

  it('typing keeps the draft on the device; opening the page again restores it with the same key', async () => {
    sim.storage.delete(DRAFT_KEY);
    let key = '';
    await withPage('packages/ticket/report/index', {}, async (page) => {
      await page.trigger('#report-description', 'input', { value: '路灯坏了三天了', cursor: 7 });
      await new Promise((r) => setTimeout(r, 400)); // the save is debounced
      const saved = JSON.parse(String(sim.storage.get(DRAFT_KEY)));
      expect(saved.description).toBe('路灯坏了三天了');
      expect(saved.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      key = saved.idempotencyKey;
    });
    await withPage('packages/ticket/report/index', {}, async (page) => {
      expect(page.find('#report-restored')).not.toBeNull();
      expect(page.text()).toContain('已恢复');
      await page.trigger('#report-description', 'input', { value: '路灯坏了三天了，晚上很黑', cursor: 12 });
      await new Promise((r) => setTimeout(r, 400));
      expect(JSON.parse(String(sim.storage.get(DRAFT_KEY))).idempotencyKey).toBe(key);
    });
  });

  it('a failed submission keeps the draft; the retry carries the same idempotency key; success clears it and opens the ticket', async () => {
    sim.storage.set(DRAFT_KEY, fullDraft());
    sim.api['GET /tickets/similar'] = () => ok([]);
    const original = sim.api['POST /tickets'];
    sim.api['POST /tickets'] = () => ({ statusCode: 503, data: { ok: false, error: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用' } });
    try {
      await withPage('packages/ticket/report/index', {}, async (page) => {
        expect(page.text()).toContain(minor.name);
        await page.tap('#report-submit');
        expect(calls('POST', '/tickets')).toHaveLength(1);
        expect(page.find('#report-failure')).not.toBeNull();
        expect(page.text()).toContain('草稿已保存在本机');
        expect(page.text()).toContain('重新提交');
        await new Promise((r) => setTimeout(r, 400)); // the draft is saved debounced
        expect(JSON.parse(String(sim.storage.get(DRAFT_KEY))).pendingSubmit).toBe(true);

        sim.api['POST /tickets'] = original;
        await page.tap('#report-submit');
        const sent = calls('POST', '/tickets');
        expect(sent).toHaveLength(2);
        expect(sent.map((c) => (c.body as { idempotencyKey: string }).idempotencyKey)).toEqual([KEY, KEY]);
        expect(sent[1].body).toEqual({
          idempotencyKey: KEY,
          categoryCode: 'CG-0102',
          description: '小区北门人行道上堆了很多装修垃圾',
          photoIds: [71],
          location: { mode: 'gps', lat: 32.0585, lng: 118.6272, address: '北门' },
          answers: { duration: 'week' },
          anonymous: true,
          protectedReporter: false,
          source: 'resident',
        });
        expect(sim.storage.has(DRAFT_KEY)).toBe(false);
        expect(sim.navigations).toEqual([expect.stringMatching(/^redirectTo \/packages\/ticket\/detail\/index\?id=9$/)]);
        // Recently used categories remember the one just reported.
        expect(JSON.parse(String(sim.storage.get(`linli.recentCategories.${resident.id}`)))).toEqual([{ code: 'CG-0102', name: '占道堆物' }]);
      });
    } finally {
      sim.api['POST /tickets'] = original;
    }
  });

  it('similar open tickets are offered first: 我也遇到了 joins one instead of a new report', async () => {
    sim.storage.set(DRAFT_KEY, fullDraft());
    sim.api['GET /tickets/similar'] = () =>
      ok([{ id: 9, number: '320111001-20261120-0007', category: { code: 'CG-0102', name: '占道堆物' }, excerpt: '北门人行道堆了装修垃圾', thumbUrl: null, address: '北门', distanceMeters: 35, status: 'dispatched', statusLabel: '已派遣', coReporterCount: 2, createdAt: '2026-11-20T01:30:00.000Z', mine: false }]);
    await withPage('packages/ticket/report/index', {}, async (page) => {
      await page.tap('#report-submit');
      const similar = calls('GET', '/tickets/similar');
      expect(similar).toHaveLength(1);
      expect(similar[0].query).toMatchObject({ categoryCode: 'CG-0102', lat: '32.0585', lng: '118.6272' });
      expect(page.find('#report-similar')).not.toBeNull();
      expect(page.text()).toContain('已有 2 人也遇到了');
      await page.tap('#similar-join-9');
      expect(calls('POST', '/tickets/9/join')).toHaveLength(1);
      expect(calls('POST', '/tickets')).toHaveLength(0);
      expect(sim.storage.has(DRAFT_KEY)).toBe(false);
      expect(sim.navigations).toEqual([expect.stringMatching(/^redirectTo \/packages\/ticket\/detail\/index\?id=9$/)]);
    });
  });

  it('submitting asks for the ticket notifications inside the tap', async () => {
    sim.storage.set(DRAFT_KEY, fullDraft());
    sim.api['GET /tickets/similar'] = () => ok([]);
    // Template ids are preloaded by the app; load them the way the home page does.
    await withPage('packages/notification/subscriptions/index', {}, async () => undefined);
    await withPage('packages/ticket/report/index', {}, async (page) => {
      await page.tap('#report-submit');
      const asked = sim.callsTo('requestSubscribeMessage').map((c) => c.args[0].tmplIds);
      expect(asked).toEqual([expect.arrayContaining(['tpl-ticket_filed'])]);
    });
  });

  it('a duty-patrol link brings its point: the place is resolved and shown', async () => {
    sim.storage.delete(DRAFT_KEY);
    await withPage('packages/ticket/report/index', { source: 'duty_patrol', lat: '32.0585', lng: '118.6272' }, async (page) => {
      expect(calls('GET', '/units/locate')).toHaveLength(1);
      expect(page.find('#report-location-result')).not.toBeNull();
      expect(page.text()).toContain(locateResult.grid!.name);
      expect(page.text()).toContain('商户值守');
    });
  });

  it('outside every grid: a clear message and the nearest grid offered; the report is not sent', async () => {
    sim.storage.set(
      DRAFT_KEY,
      fullDraft({
        location: {
          mode: 'gps',
          lng: 118.9,
          lat: 32.3,
          address: '',
          gridId: null,
          how: 'gps',
          place: { inside: false, grid: null, community: null, street: null, district: null, nearest: { id: 4, code: '320111001001001', name: '求雨山第一网格', distanceMeters: 1250 } },
        },
      }),
    );
    await withPage('packages/ticket/report/index', {}, async (page) => {
      expect(page.find('#report-location-outside')).not.toBeNull();
      expect(page.text()).toContain('最近的网格是「求雨山第一网格」（约 1.3 公里）');
      expect(page.find('#report-location-nearest')).not.toBeNull();
      await page.tap('#report-submit');
      expect(page.text()).toContain('这个位置不在任何网格内');
      expect(calls('POST', '/tickets')).toHaveLength(0);
    });
  });
});

describe('my tickets and detail', () => {
  it('my tickets: the status and who holds it now, opening the detail', async () => {
    await withPage('packages/ticket/mine/index', {}, async (page) => {
      expect(page.find('#ticket-card-9')).not.toBeNull();
      const text = page.text();
      expect(text).toContain('占道堆物');
      expect(text).toContain('当前承办：等待您核查');
      await page.tap('#ticket-open-9');
      expect(sim.navigations).toEqual([expect.stringMatching(/^navigateTo \/packages\/ticket\/detail\/index\?id=9$/)]);
      await page.tap('#my-tickets-tab-closed');
      expect(calls('GET', '/tickets/mine').map((c) => c.query.group)).toEqual([undefined, 'closed']);
    });
  });

  it('detail: where it is, who holds it, the timeline with staff as role and unit, and only the allowed actions', async () => {
    await withPage('packages/ticket/detail/index', { id: '9' }, async (page) => {
      const text = page.text();
      expect(page.find('#ticket-holder')).not.toBeNull();
      expect(text).toContain('等待您核查');
      expect(text).toContain('已处置完毕，请您确认是否解决');
      expect(text).toContain('江浦街道 街道指挥中心');
      expect(text).toContain('浦口区 城管');
      expect(text).toContain('派往：城管');
      expect(page.find('#action-verify_pass')).not.toBeNull();
      expect(page.find('#action-verify_fail')).not.toBeNull();
      // Not allowed now, so not shown.
      expect(page.find('#action-rate')).toBeNull();
      expect(page.find('#action-cancel')).toBeNull();
      expect(text).toContain('确认已解决');
    });
  });

  it('an action carries the version; 已被他人处理 on a conflict shows the fresh state', async () => {
    const original = sim.api['POST /tickets/:id/actions'];
    const fresh = { ...ticketFor(resident, 'verified', 7), allowedActions: ['comment'] };
    sim.api['POST /tickets/:id/actions'] = () => ({ statusCode: 409, data: { ok: false, error: 'CONFLICT', message: '数据已被他人修改，请刷新后重试', data: { ticket: fresh } } });
    try {
      await withPage('packages/ticket/detail/index', { id: '9' }, async (page) => {
        await page.tap('#action-verify_pass');
        await page.tap('#action-submit');
        const sent = calls('POST', '/tickets/9/actions');
        expect(sent.map((c) => c.body)).toEqual([{ action: 'verify_pass', version: 5 }]);
        expect(page.text()).toContain('已被他人处理');
        expect(page.text()).toContain('已核查');
        expect(page.find('#action-verify_pass')).toBeNull();
      });
    } finally {
      sim.api['POST /tickets/:id/actions'] = original;
    }
  });

  it('rating a closed ticket: 1-5 stars and a comment, sent with the version', async () => {
    const original = sim.api['GET /tickets/:id'];
    sim.api['GET /tickets/:id'] = () => ok(ticketFor(resident, 'closed', 6));
    try {
      await withPage('packages/ticket/detail/index', { id: '9' }, async (page) => {
        expect(page.find('#action-reopen')).not.toBeNull();
        expect(page.text()).toContain('没修好');
        await page.tap('#action-rate');
        await page.tap('#action-submit');
        expect(page.text()).toContain('请选择评分');
        expect(calls('POST', '/tickets/9/actions')).toHaveLength(0);
        await page.tap('#action-rating-4');
        await page.trigger('#action-comment', 'input', { value: '处理得挺快', cursor: 5 });
        await page.tap('#action-submit');
        expect(calls('POST', '/tickets/9/actions').map((c) => c.body)).toEqual([{ action: 'rate', version: 6, rating: 4, comment: '处理得挺快' }]);
        expect(page.find('#ticket-rating')).not.toBeNull();
        expect(page.text()).toContain('4 分');
      });
    } finally {
      sim.api['GET /tickets/:id'] = original;
    }
  });
});
