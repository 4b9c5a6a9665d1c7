/**
 * The staff ticket pages in the built weapp: the street dispatcher's queue (filters sent to the API,
 * bulk dispatch with each ticket's version), dispatching from the detail page, the department handler's
 * return (naming the right department) and handling with an after-photo, the grid worker's 当场处置,
 * and the staff entry of a hotline ticket.
 */
import type { CategorySnapshot, CategoryTreeNode, MediaResponse, TicketAction, TicketStatus, UserResponse } from '@linli/shared';
import { avatarMedia, sessionFor, unitTree, type ApiHandler } from './support/fixtures';
import { ticketFor } from './support/fixtures/ticket';
import { bootApp, type RenderedPage, type Sim } from './support/simulator';
import { withLoadedPage } from './support/pages';
import { assertBuilt } from './support/weapp';

assertBuilt();

const street = { id: 2, code: '320111001', name: '江浦街道', level: 'street' as const };
const staff: UserResponse = {
  id: 77,
  nickname: '陈调度',
  avatarUrl: null,
  phoneMasked: null,
  roles: [
    { role: 'street_dispatcher', roleLabel: '街道指挥中心', unit: street },
    { role: 'department_handler', roleLabel: '职能部门', unit: { id: 1, code: '320111', name: '浦口区', level: 'district' }, department: { code: 'chengguan', name: '城管' } },
    { role: 'grid_worker', roleLabel: '网格员', unit: { id: 4, code: '320111001001001', name: '求雨山第一网格', level: 'grid' } },
  ],
  abilities: { manageUnits: false, reviewRoleRequests: false, isStaff: true },
  createdAt: '2026-11-01T00:00:00.000Z',
};

const minor: CategorySnapshot = {
  code: 'CG-0102',
  name: '占道堆物',
  majorCode: 'CG',
  majorName: '市容环境',
  description: '人行道、楼道、消防通道堆放杂物',
  keywords: ['堆物'],
  departments: ['chengguan'],
  onSpotFixable: true,
  fileLimit: { amount: 2, unit: 'hours' },
  handleLimit: { amount: 1, unit: 'days' },
  evidence: { minPhotos: 1, maxPhotos: 9 },
  sensitive: false,
  protectedReporterSuggested: false,
  duplicateRadiusMeters: 100,
  duplicateWindowHours: 72,
  questions: [],
  active: true,
  version: 1,
};
const tree: CategoryTreeNode[] = [{ code: 'CG', name: '市容环境', domain: '城市管理', active: true, version: 1, children: [minor] }];
const ok = (data: unknown, statusCode = 200) => ({ statusCode, data: { ok: true, data } });
const reportMedia: MediaResponse = { ...avatarMedia, id: 88, purpose: 'report', avatarPath: null };

const api: Record<string, ApiHandler> = {
  'GET /categories': () => ok(tree),
  'GET /categories/:code': () => ok(minor),
  // The street's communities for the community filter.
  'GET /units/tree': (req) => ok(req.query.rootId ? [{ ...unitTree[0].children[0], id: 2, children: [{ id: 3, code: '320111001001', name: '求雨山社区', level: 'community', parentId: 2, childCount: 1, hasPolygon: false, children: [] }] }] : unitTree),
};

/** The ticket in `status` with the given allowed actions (what the server would compute for this caller). */
const detail = (status: TicketStatus, allowedActions: TicketAction[], version = 5) => () => ok({ ...ticketFor(staff, status, version), allowedActions });

// chooseMedia / uploadFile for the photo uploader. Taro wraps the wx APIs present when the app loads, so
// they are added to the simulator's wx as it is installed.
let uploads = 0;
Object.defineProperty(globalThis, 'wx', {
  configurable: true,
  get(this: { __wx?: Record<string, unknown> }) {
    return this.__wx;
  },
  set(this: { __wx?: Record<string, unknown> }, v: Record<string, unknown>) {
    // Like WeChat: callbacks when given, a promise otherwise (Taro passes chooseMedia through unwrapped).
    v.chooseMedia = (opts: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) =>
      new Promise((resolve) =>
        setTimeout(() => {
          const res = { errMsg: 'chooseMedia:ok', type: 'image', tempFiles: [{ tempFilePath: 'wxfile://tmp/after.jpg', size: 120_000, fileType: 'image' }] };
          opts.success?.(res);
          opts.complete?.(res);
          resolve(res);
        }, 1),
      );
    v.uploadFile = (opts: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      uploads++;
      setTimeout(() => {
        const res = { errMsg: 'uploadFile:ok', statusCode: 201, data: JSON.stringify({ ok: true, data: reportMedia }) };
        opts.success?.(res);
        opts.complete?.(res);
      }, 2);
      return { abort: () => undefined, onProgressUpdate: () => undefined, offProgressUpdate: () => undefined };
    };
    this.__wx = v;
  },
});

let sim: Sim;

beforeAll(() => {
  sim = bootApp({ user: staff, storage: { 'linli.session': JSON.stringify(sessionFor(staff)) }, api });
});

beforeEach(() => {
  sim.errors.length = 0;
  sim.apiCalls.length = 0;
  sim.navigations.length = 0;
  sim.wxCalls.length = 0;
});

const calls = (method: string, path: string) => sim.apiCalls.filter((c) => c.method === method && c.path === path);

const withPage = (path: string, query: Record<string, string>, run: (page: RenderedPage) => Promise<void>) => withLoadedPage(sim, path, query, run);

async function withDetail(status: TicketStatus, actions: TicketAction[], run: (page: RenderedPage) => Promise<void>) {
  const original = sim.api['GET /tickets/:id'];
  sim.api['GET /tickets/:id'] = detail(status, actions);
  try {
    await withPage('packages/ticket/detail/index', { id: '9' }, run);
  } finally {
    sim.api['GET /tickets/:id'] = original;
  }
}

describe('street dispatcher', () => {
  it('the queue shows time left and overdue first; filters go to the API', async () => {
    await withPage('packages/command/dispatcher/index', {}, async (page) => {
      const text = page.text();
      expect(text).toContain('江浦街道 指挥中心');
      expect(text).toContain('已超期 1 小时');
      expect(text.indexOf('违法停车')).toBeLessThan(text.indexOf('占道堆物'));
      expect(calls('GET', '/command/queue')).toHaveLength(1);

      await page.tap('#dispatcher-queue-status-filed');
      await page.tap('#dispatcher-queue-overdue');
      await page.tap('#dispatcher-queue-source-hotline');
      await page.tap('#dispatcher-queue-unit-3');
      const last = calls('GET', '/command/queue').pop()!;
      expect(last.query).toEqual({ status: 'filed', overdue: 'true', source: 'hotline', communityId: '3' });
    });
  });

  it('bulk dispatch: tick tickets that can be dispatched, pick departments, each sent with its version', async () => {
    await withPage('packages/command/dispatcher/index', {}, async (page) => {
      // Only the filed ticket may be dispatched: only it has a tick box.
      expect(page.find('#ticket-select-10')).not.toBeNull();
      expect(page.find('#ticket-select-9')).toBeNull();
      await page.tap('#ticket-select-10');
      expect(page.find('#dispatcher-queue-bulk')).not.toBeNull();
      await page.tap('#dispatcher-queue-bulk-submit');
      expect(page.text()).toContain('请选择派遣对象');
      expect(calls('POST', '/command/bulk-dispatch')).toHaveLength(0);
      await page.tap('#dispatcher-queue-bulk-target-departments');
      await page.tap('#dispatcher-queue-bulk-target-dept-chengguan');
      await page.tap('#dispatcher-queue-bulk-target-dept-traffic');
      await page.tap('#dispatcher-queue-bulk-submit');
      expect(calls('POST', '/command/bulk-dispatch').map((c) => c.body)).toEqual([{ items: [{ id: 10, version: 2 }], target: { kind: 'departments', departments: ['chengguan', 'traffic'] } }]);
    });
  });

  it('dispatch from the detail page: the category’s department is suggested; the version is sent', async () => {
    await withDetail('filed', ['dispatch', 'refuse', 'escalate', 'comment'], async (page) => {
      expect(page.find('#action-dispatch')).not.toBeNull();
      expect(page.find('#action-close')).toBeNull();
      await page.tap('#action-dispatch');
      expect(page.text()).toContain('城管（建议）');
      await page.tap('#action-submit');
      expect(calls('POST', '/tickets/9/actions').map((c) => c.body)).toEqual([{ action: 'dispatch', version: 5, target: { kind: 'departments', departments: ['chengguan'] } }]);
      expect(page.text()).toContain('已派遣');
    });
  });

  it('refusing needs a reason chosen from the list', async () => {
    await withDetail('reported', ['file', 'refuse', 'comment'], async (page) => {
      await page.tap('#action-refuse');
      await page.tap('#action-submit');
      expect(page.text()).toContain('请选择不予受理的原因');
      await page.tap('#action-refusal-duplicate');
      await page.tap('#action-submit');
      expect(calls('POST', '/tickets/9/actions').map((c) => c.body)).toEqual([{ action: 'refuse', version: 5, reason: 'duplicate' }]);
    });
  });

  it('entry of a hotline ticket: the caller kept for the command centre, filed at once', async () => {
    await withPage('packages/command/entry/index', { source: 'hotline' }, async (page) => {
      expect(page.find('#entry-source-hotline')).not.toBeNull();
      await page.tap('#entry-submit');
      expect(page.text()).toContain('请选择问题类别');
      expect(calls('POST', '/command/tickets')).toHaveLength(0);
      await page.tap('#entry-category-major-CG');
      await page.tap('#entry-category-item-CG-0102');
      await page.trigger('#entry-description', 'input', { value: '来电反映北门人行道堆放装修垃圾', cursor: 15 });
      await page.tap('#entry-location-current');
      await page.trigger('#entry-contact-name', 'input', { value: '王先生', cursor: 3 });
      await page.trigger('#entry-contact-phone', 'input', { value: '13800001234', cursor: 11 });
      await page.tap('#entry-submit');
      const sent = calls('POST', '/command/tickets');
      expect(sent).toHaveLength(1);
      expect(sent[0].body).toMatchObject({
        source: 'hotline',
        categoryCode: 'CG-0102',
        description: '来电反映北门人行道堆放装修垃圾',
        photoIds: [],
        location: { mode: 'gps', lat: 32.0585, lng: 118.6272 },
        contactName: '王先生',
        contactPhone: '13800001234',
        fileNow: true,
      });
      expect((sent[0].body as { idempotencyKey: string }).idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(sim.navigations).toEqual([expect.stringMatching(/^redirectTo \/packages\/ticket\/detail\/index\?id=9$/)]);
    });
  });
});

describe('department handler and grid worker', () => {
  it('return: the right department must be named, with a reason', async () => {
    await withDetail('dispatched', ['accept', 'return', 'request_extension', 'comment'], async (page) => {
      await page.tap('#action-return');
      await page.tap('#action-submit');
      expect(page.text()).toContain('请选择部门');
      await page.tap('#action-suggest-traffic');
      await page.trigger('#action-text', 'input', { value: '属于违法停车，应由交警处理', cursor: 13 });
      await page.tap('#action-submit');
      expect(calls('POST', '/tickets/9/actions').map((c) => c.body)).toEqual([{ action: 'return', version: 5, suggestedDepartment: 'traffic', reason: '属于违法停车，应由交警处理' }]);
    });
  });

  it('handle: the result and at least one after-photo', async () => {
    uploads = 0;
    await withDetail('handling', ['handle', 'return', 'request_extension', 'comment'], async (page) => {
      await page.tap('#action-handle');
      await page.trigger('#action-result', 'input', { value: '已清运全部装修垃圾', cursor: 9 });
      await page.tap('#action-submit');
      expect(page.text()).toContain('请至少上传 1 张照片');
      expect(calls('POST', '/tickets/9/actions')).toHaveLength(0);
      await page.tap('#action-photos-add');
      expect(uploads).toBe(1);
      await page.tap('#action-submit');
      expect(calls('POST', '/tickets/9/actions').map((c) => c.body)).toEqual([{ action: 'handle', version: 5, result: '已清运全部装修垃圾', photoIds: [88] }]);
      expect(page.text()).toContain('已处置（待核查）');
    });
  });

  it('a conflict says 已被他人处理 and reloads when the answer has no fresh copy', async () => {
    const original = sim.api['POST /tickets/:id/actions'];
    sim.api['POST /tickets/:id/actions'] = () => ({ statusCode: 409, data: { ok: false, error: 'CONFLICT', message: '数据已被他人修改，请刷新后重试' } });
    try {
      await withDetail('dispatched', ['accept', 'return', 'comment'], async (page) => {
        const loads = calls('GET', '/tickets/9').length;
        await page.tap('#action-accept');
        await page.tap('#action-submit');
        expect(calls('POST', '/tickets/9/actions').map((c) => c.body)).toEqual([{ action: 'accept', version: 5 }]);
        expect(page.text()).toContain('已被他人处理');
        expect(calls('GET', '/tickets/9').length).toBe(loads + 1);
      });
    } finally {
      sim.api['POST /tickets/:id/actions'] = original;
    }
  });

  it('grid worker: 当场处置 of a reported ticket from the grid list', async () => {
    await withPage('packages/command/grid/index', {}, async (page) => {
      expect(page.text()).toContain('求雨山第一网格');
      expect(page.find('#grid-patrol-entry')).not.toBeNull();
      await page.tap('#grid-tab-patrol');
      expect(calls('GET', '/command/grid').pop()!.query.source).toBe('grid_patrol');
    });
    await withDetail('reported', ['self_handle', 'comment'], async (page) => {
      await page.tap('#action-self_handle');
      await page.trigger('#action-result', 'input', { value: '已当场劝离', cursor: 5 });
      await page.tap('#action-photos-add');
      await page.tap('#action-submit');
      expect(calls('POST', '/tickets/9/actions').map((c) => c.body)).toEqual([{ action: 'self_handle', version: 5, result: '已当场劝离', photoIds: [88] }]);
    });
  });

  it('department queue and district queue render their lists', async () => {
    await withPage('packages/command/department/index', {}, async (page) => {
      expect(page.text()).toContain('浦口区 城管');
      expect(page.find('#ticket-card-9')).not.toBeNull();
    });
    await withPage('packages/command/district/index', {}, async (page) => {
      expect(page.text()).toContain('没有权限'); // this user is not a district dispatcher
    });
  });
});
