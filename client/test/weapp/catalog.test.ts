/**
 * The catalogue pages in the simulated mini-program (built weapp), as the district admin of the
 * fixtures: the list with search and filters, editing a minor category (only the changed fields and the
 * version are sent; a 409 shows the newer version), the form's own validation, and the history.
 */
import type { AdminCategoryResponse } from '@linli/shared';
import { adminUser, sessionFor, type ApiHandler } from './support/fixtures';
import { adminCategories } from './support/fixtures/category';
import { bootApp, findHandler, type RenderedPage, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

let sim: Sim;
let patchReply: ApiHandler | null = null;

const dirtyRoad = adminCategories.find((c) => c.code === 'SR-0102')!;

function expectNoTrouble() {
  expect(sim.errors).toEqual([]);
  expect(sim.apiCalls.filter((c) => !findHandler(sim.api, c.method, c.path)).map((c) => `${c.method} ${c.path}`)).toEqual([]);
}

/** Waits (up to 5 s) until the page shows `text`: the first page of a run may still be loading its data. */
async function waitForText(page: RenderedPage, text: string) {
  for (let i = 0; i < 50 && !page.text().includes(text); i++) await new Promise((r) => setTimeout(r, 100));
  expect(page.text()).toContain(text);
}

async function withPage(path: string, query: Record<string, string>, fn: (page: RenderedPage) => Promise<void>) {
  const page = await sim.renderPage(path, query);
  try {
    await fn(page);
  } finally {
    page.detach();
  }
}

describe('catalogue pages (district admin)', () => {
  beforeAll(() => {
    sim = bootApp({
      user: adminUser,
      storage: { 'linli.session': JSON.stringify(sessionFor(adminUser)) },
      api: {
        'PATCH /admin/categories/:code': (req) => (patchReply ? patchReply(req) : { statusCode: 200, data: { ok: true, data: { ...dirtyRoad, version: dirtyRoad.version + 1 } } }),
      },
    });
  });
  beforeEach(() => {
    sim.errors.length = 0;
    sim.apiCalls.length = 0;
    sim.navigations.length = 0;
    sim.wxCalls.length = 0;
    patchReply = null;
  });

  it('我的 shows 类别目录 to admins and opens the list', () =>
    withPage('pages/me/index', {}, async (page) => {
      await page.tap('#me-catalog-entry');
      expect(sim.navigations).toEqual(['navigateTo /packages/catalog/list/index']);
      expectNoTrouble();
    }));

  it('the list shows majors and minors with departments and limits, searches on the server, opens an entry', () =>
    withPage('packages/catalog/list/index', {}, async (page) => {
      await waitForText(page, 'SR-0101 暴露垃圾');
      const text = page.text();
      expect(text).toContain('市容环卫');
      expect(text).toContain('SR-0101 暴露垃圾');
      expect(text).toContain('处置 1 个工作日');
      expect(text).toContain('城管');
      expect(page.find('#catalog-new-minor')).not.toBeNull();
      await page.trigger('#catalog-search', 'input', { value: '违停', cursor: 2 });
      await page.tap('#catalog-search-submit');
      const searched = sim.apiCalls.filter((c) => c.method === 'GET' && c.path === '/admin/categories');
      expect(searched[searched.length - 1].query).toMatchObject({ q: '违停' });
      await page.tap('#catalog-state-false');
      expect(sim.apiCalls[sim.apiCalls.length - 1].query).toMatchObject({ active: 'false' });
      await page.tap('#catalog-entry-SR-0102');
      expect(sim.navigations).toEqual(['navigateTo /packages/catalog/edit/index?code=SR-0102']);
      expectNoTrouble();
    }));

  it('editing sends the version and only the changed fields, then goes back', () =>
    withPage('packages/catalog/edit/index', { code: 'SR-0102' }, async (page) => {
      await waitForText(page, `第 ${dirtyRoad.version} 版`);
      await page.trigger('#catalog-handleAmount', 'input', { value: '3', cursor: 1 });
      await page.trigger('#catalog-note', 'input', { value: '按新的保洁标准', cursor: 7 });
      await page.tap('#catalog-save');
      const patches = sim.apiCalls.filter((c) => c.method === 'PATCH');
      expect(patches).toHaveLength(1);
      expect(patches[0].path).toBe('/admin/categories/SR-0102');
      expect(patches[0].body).toEqual({ version: dirtyRoad.version, note: '按新的保洁标准', handleLimit: { amount: 3, unit: 'hours' } });
      await new Promise((r) => setTimeout(r, 700));
      expect(sim.navigations).toEqual(['navigateBack delta=1']);
      expectNoTrouble();
    }));

  it('a stale version: the 409 shows the newer version, which can be loaded', () =>
    withPage('packages/catalog/edit/index', { code: 'SR-0102' }, async (page) => {
      const fresh: AdminCategoryResponse = { ...dirtyRoad, version: 5, minor: { ...dirtyRoad.minor!, name: '路面脏', version: 5 } };
      patchReply = () => ({ statusCode: 409, data: { ok: false, error: 'CONFLICT', message: '该类别已被他人修改', data: { category: fresh } } });
      await waitForText(page, `第 ${dirtyRoad.version} 版`);
      await page.trigger('#catalog-name', 'input', { value: '道路脏污', cursor: 4 });
      await page.tap('#catalog-save');
      expect(page.find('#catalog-conflict')).not.toBeNull();
      expect(page.text()).toContain('当前为第 5 版');
      await page.tap('#catalog-conflict-reload');
      expect(page.find('#catalog-conflict')).toBeNull();
      expect(page.text()).toContain('第 5 版');
      expect(sim.navigations).toEqual([]);
    }));

  it('the form refuses what the shared schema refuses and sends nothing', () =>
    withPage('packages/catalog/edit/index', { code: 'SR-0102' }, async (page) => {
      await waitForText(page, '最少照片');
      await page.trigger('#catalog-minPhotos', 'input', { value: '9', cursor: 1 });
      await page.trigger('#catalog-maxPhotos', 'input', { value: '2', cursor: 1 });
      await page.tap('#catalog-save');
      expect(page.text()).toContain('最少照片数不能大于最多照片数');
      expect(sim.apiCalls.filter((c) => c.method === 'PATCH')).toEqual([]);
    }));

  it('a new minor category: questions with options, created with POST', () =>
    withPage('packages/catalog/edit/index', { new: 'minor', major: 'SR' }, async (page) => {
      await waitForText(page, '新建小类');
      await page.trigger('#catalog-code', 'input', { value: 'SR-0199', cursor: 7 });
      await page.trigger('#catalog-name', 'input', { value: '共享单车堆积', cursor: 6 });
      await page.tap('#catalog-department-chengguan');
      await page.tap('#catalog-question-add');
      await page.trigger('#catalog-question-0-label', 'input', { value: '大约多少辆', cursor: 5 });
      await page.tap('#catalog-question-0-kind-single');
      await page.trigger('#catalog-question-0-option-0', 'input', { value: '10 辆以内', cursor: 6 });
      await page.trigger('#catalog-question-0-option-1', 'input', { value: '10 辆以上', cursor: 6 });
      await page.tap('#catalog-save');
      const posts = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/admin/categories');
      expect(posts).toHaveLength(1);
      expect(posts[0].body).toMatchObject({
        kind: 'minor',
        code: 'SR-0199',
        majorCode: 'SR',
        name: '共享单车堆积',
        departments: ['chengguan'],
        questions: [{ key: 'q1', label: '大约多少辆', kind: 'single', required: false, options: [{ value: 'o1', label: '10 辆以内' }, { value: 'o2', label: '10 辆以上' }] }],
      });
      expectNoTrouble();
    }));

  it('the history lists versions with editor, note and the changed fields', () =>
    withPage('packages/catalog/history/index', { code: 'SR-0102' }, async (page) => {
      await waitForText(page, '第 2 版');
      const text = page.text();
      expect(text).toContain('第 2 版');
      expect(text).toContain('修改人：王主任');
      expect(text).toContain('按新的保洁标准');
      expect(text).toContain('修改了：处置时限');
      expect(text).toContain('系统内置');
      await page.tap('#catalog-version-2');
      expect(page.text()).toContain('处置时限：3 个工作小时');
      expectNoTrouble();
    }));
});
