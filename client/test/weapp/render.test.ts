/**
 * Renders EVERY page of the built weapp (main package and sub-packages, as listed in app.json) with
 * miniprogram-simulate, signed in as an admin so that admin pages show their content, and checks that
 * each renders real content without errors. A page added to app.json gets a test automatically
 * (generic checks); the table below adds page-specific expectations.
 *
 * Then a few taps: elder mode on the settings page, navigation from 我的, the division-CSV preview
 * on the admin page and "use current location" on the locate page.
 */
import { API } from '@linli/shared';
import { adminUser, auditRow, inboxItems, locateResult, moderationItem, myDataExport, pendingRequest, sessionFor, unitTree } from './support/fixtures';
import { bootApp, findHandler, type RenderedPage, type Sim } from './support/simulator';
import { allPages, assertBuilt } from './support/weapp';

assertBuilt();
const PAGES = allPages();

/** What each known page must show for the signed-in admin of the fixtures. */
const EXPECT: Record<string, { text?: string[]; ids?: string[]; classes?: string[] }> = {
  'pages/home/index': { text: [adminUser.nickname, '管理员'], ids: ['home-greeting', 'home-role', 'admin-units-entry', 'home-locate-entry', 'moderation-entry', 'audit-log-entry'] },
  'pages/me/index': { text: [adminUser.nickname, adminUser.phoneMasked!], ids: ['me-nickname', 'me-settings-entry', 'me-logout', 'me-moderation-entry', 'me-audit-log-entry', 'me-inbox-entry', 'me-subscriptions-entry'] },
  'pages/login/index': { text: ['微信登录'], ids: ['wechat-login-submit', 'privacy-agree'] },
  'packages/account/profile/index': { text: [adminUser.phoneMasked!, '更换头像'], ids: ['profile-nickname', 'profile-phone', 'profile-avatar', 'profile-avatar-choose'] },
  'packages/account/my-data/index': { ids: ['my-data-export', 'delete-account-submit'] },
  'packages/account/role-request/index': { text: [pendingRequest.roleLabel, pendingRequest.unit.name], ids: ['role-request-form', 'role-request-submit'] },
  'packages/account/settings/index': { text: ['长辈模式'], ids: ['elder-mode-switch', 'settings-about'] },
  'packages/account/privacy/index': { text: ['隐私政策'] },
  'packages/admin/units/index': { text: [unitTree[0].name, unitTree[0].children[0].name], ids: ['unit-tree', 'units-csv-input', 'units-import-preview', 'units-import-apply'], classes: ['unit-node'] },
  'packages/admin/role-requests/index': { text: [pendingRequest.applicant!.nickname, pendingRequest.roleLabel], ids: [`review-approve-${pendingRequest.id}`, `report-nickname-${pendingRequest.applicant!.id}`] },
  'packages/moderation/queue/index': { text: [moderationItem.excerpt!, moderationItem.sourceLabel, '隐藏'], ids: ['moderation-list', `moderation-hide-${moderationItem.id}`], classes: ['moderation-item'] },
  // The mini-program shows the list only: no CSV export button there.
  'packages/moderation/audit/index': { text: [auditRow.actionLabel, auditRow.actor.nickname], ids: ['audit-list', 'audit-filter-action'], classes: ['audit-row'] },
  'packages/notification/inbox/index': { text: [inboxItems[0].title, '未读', '全部已读', '审核结果：通过'], ids: ['inbox-list', 'inbox-read-all', `inbox-item-${inboxItems[0].id}`], classes: ['inbox-item', 'inbox-item__dot'] },
  'packages/notification/subscriptions/index': { text: ['还可接收 2 次', '已拒绝', '每同意一次订阅'], ids: ['subscriptions-list', 'subscription-role_request_reviewed'], classes: ['subscription-item'] },
  'packages/units/locate/index': { ids: ['locate-current', 'locate-choose', 'locate-lng', 'locate-lat', 'locate-submit'] },
};

let sim: Sim;

beforeAll(() => {
  sim = bootApp({ storage: { 'linli.session': JSON.stringify(sessionFor(adminUser)) } });
});

beforeEach(() => {
  sim.errors.length = 0;
  sim.apiCalls.length = 0;
  sim.navigations.length = 0;
  sim.wxCalls.length = 0;
});

/** The checks every page gets, known or new. */
function expectRealContent(page: RenderedPage) {
  const text = page.text();
  expect(text.length).toBeGreaterThan(10);
  expect(text).toMatch(/[\u4e00-\u9fff]/); // a Chinese UI shows Chinese text
  expect(text).not.toMatch(/undefined|NaN|\[object Object\]/);
  // PageWrapper is the root of every page: it carries the theme and elder mode.
  expect(page.find('.page')).not.toBeNull();
}

function expectNoTrouble(page: RenderedPage) {
  expect(sim.errors).toEqual([]);
  // Every request went to an endpoint of the shared contract and was answered.
  const unanswered = sim.apiCalls.filter((c) => !findHandler(sim.api, c.method, c.path)).map((c) => `${c.method} ${c.path}`);
  expect({ page: page.path, unanswered }).toEqual({ page: page.path, unanswered: [] });
}

it('the canned API answers every endpoint of the shared contract', () => {
  const missing = Object.entries(API)
    .map(([name, spec]) => ({ name, method: spec.method, path: spec.path.replace(/:[A-Za-z_]+/g, '1') }))
    .filter((e) => !findHandler(sim.api, e.method, e.path))
    .map((e) => `${e.name}: ${e.method} ${e.path}`);
  expect(missing).toEqual([]);
});

describe('every page renders (signed in as admin)', () => {
  it.each(PAGES)('%s', async (path) => {
    const page = await sim.renderPage(path);
    try {
      expectRealContent(page);
      const want = EXPECT[path];
      if (want) {
        const text = page.text();
        for (const t of want.text ?? []) expect({ page: path, text, contains: t, found: text.includes(t) }).toMatchObject({ found: true });
        for (const id of want.ids ?? []) expect({ page: path, id, found: page.find(`#${id}`) !== null }).toMatchObject({ found: true });
        for (const c of want.classes ?? []) expect({ page: path, class: c, found: page.find(`.${c}`) !== null }).toMatchObject({ found: true });
      }
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('has expectations only for pages that exist', () => {
    // A renamed or removed page must not leave its expectations silently unused.
    expect(Object.keys(EXPECT).filter((p) => !PAGES.includes(p))).toEqual([]);
  });
});

describe('interactions', () => {
  it('settings: switching elder mode on writes storage and restyles the page', async () => {
    const page = await sim.renderPage('packages/account/settings/index');
    try {
      expect(page.classOf('.page').split(' ')).not.toContain('page--elder');
      expect(page.text()).toContain('已关闭');
      await page.trigger('#elder-mode-switch', 'change', { value: true });
      expect(sim.storage.get('linli.elderMode')).toBe('true');
      expect(page.classOf('.page').split(' ')).toContain('page--elder');
      expect(page.text()).toContain('已开启');
      // And off again by tapping the row (the whole row is a tap target).
      await page.tap('.cell');
      expect(sim.storage.get('linli.elderMode')).toBe('false');
      expect(page.classOf('.page').split(' ')).not.toContain('page--elder');
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('my data: 导出我的数据 shows the account records and counts of the feature sections', async () => {
    const page = await sim.renderPage('packages/account/my-data/index');
    try {
      await page.tap('#my-data-export');
      const text = page.text();
      expect(text).toContain(myDataExport.profile.phone!);
      expect(text).toContain('我上报的问题');
      expect(text).toContain('积分余额');
      expect(text).toContain(String(myDataExport.points!.balance));
      expect(text).toContain('2 条，已确认收到 1 条');
      // A section the server did not send (rota here) is not shown.
      expect(text).not.toContain('值守周');
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('me: tapping 设置 navigates to the settings page', async () => {
    const page = await sim.renderPage('pages/me/index');
    try {
      await page.tap('#me-settings-entry');
      expect(sim.navigations).toEqual([expect.stringMatching(/^navigateTo \/packages\/account\/settings\/index/)]);
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('admin units: a pasted division CSV is previewed (dry run) and the report shown', async () => {
    const page = await sim.renderPage('packages/admin/units/index');
    try {
      const csv = 'code,name,level,parent_code\n320111,浦口区,district,\n320111001,江浦街道,street,320111';
      await page.trigger('#units-csv-input', 'input', { value: csv, cursor: csv.length });
      await page.tap('#units-import-preview');
      const posted = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/admin/units/import-divisions');
      expect(posted).toHaveLength(1);
      expect(posted[0].body).toMatchObject({ csv, dryRun: true });
      expect(posted[0].header.Authorization).toBe(`Bearer ${sessionFor(adminUser).token}`);
      expect(page.find('#units-import-report')).not.toBeNull();
      expect(page.text()).toContain('预览');
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('moderation queue: hiding needs a reason; the hide is sent with the item version and shown', async () => {
    const page = await sim.renderPage('packages/moderation/queue/index');
    try {
      const id = moderationItem.id;
      await page.tap(`#moderation-hide-${id}`);
      await page.tap(`#moderation-confirm-${id}`);
      expect(page.text()).toContain('请填写处理理由');
      expect(sim.apiCalls.filter((c) => c.path === `/admin/moderation/${id}/hide`)).toHaveLength(0);
      await page.trigger(`#moderation-reason-${id}`, 'input', { value: '广告昵称', cursor: 4 });
      await page.tap(`#moderation-confirm-${id}`);
      const sent = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/admin/moderation/${id}/hide`);
      expect(sent).toHaveLength(1);
      expect(sent[0].body).toEqual({ reason: '广告昵称', version: moderationItem.version });
      expect(page.text()).toContain('已隐藏');
      expect(page.text()).toContain('没有待处理的内容');
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('举报 on a role request card: pick a reason, submit, then 已举报', async () => {
    const page = await sim.renderPage('packages/admin/role-requests/index');
    try {
      const key = `nickname-${pendingRequest.applicant!.id}`;
      await page.tap(`#report-${key}`);
      await page.tap(`#report-submit-${key}`);
      expect(page.text()).toContain('请选择举报原因');
      await page.tap(`#report-reason-${key}-spam`);
      await page.tap(`#report-submit-${key}`);
      const sent = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/content-reports');
      expect(sent.map((c) => c.body)).toEqual([{ targetType: 'nickname', targetId: pendingRequest.applicant!.id, reason: 'spam' }]);
      expect(page.find(`#report-done-${key}`)).not.toBeNull();
      expect(page.text()).toContain('已举报');
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('locate: "use current location" asks WeChat for a gcj02 fix and shows the grid', async () => {
    const page = await sim.renderPage('packages/units/locate/index');
    try {
      await page.tap('#locate-current');
      expect(sim.callsTo('getLocation')[0]?.args[0]).toMatchObject({ type: 'gcj02' });
      const lookups = sim.apiCalls.filter((c) => c.path === '/units/locate');
      expect(lookups).toHaveLength(1);
      expect(Number(lookups[0].query.lng)).toBeCloseTo(118.6272, 3);
      expect(page.find('#locate-result')).not.toBeNull();
      expect(page.text()).toContain(locateResult.grid!.name);
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('inbox: tapping an unread message marks it read and opens its page; 全部已读 marks all', async () => {
    const page = await sim.renderPage('packages/notification/inbox/index');
    try {
      await page.tap(`#inbox-item-${inboxItems[0].id}`);
      expect(sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/notifications/${inboxItems[0].id}/read`)).toHaveLength(1);
      expect(sim.navigations).toEqual([expect.stringMatching(/^navigateTo \/packages\/account\/role-request\/index/)]);
      expect(page.find('.inbox-item__dot')).toBeNull();
      expect(page.text()).not.toContain('未读 ');
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });

  it('subscriptions: 订阅一次提醒 asks WeChat for that template and reports the answer', async () => {
    const page = await sim.renderPage('packages/notification/subscriptions/index');
    try {
      await page.tap('#subscription-ask-ticket_filed');
      expect(sim.callsTo('requestSubscribeMessage').map((c) => c.args[0].tmplIds)).toEqual([['tpl-ticket_filed']]);
      const reported = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/notifications/subscriptions');
      expect(reported.map((c) => c.body)).toEqual([{ results: { 'tpl-ticket_filed': 'accept' } }]);
      // A refused template is not asked again: the settings page is offered instead.
      await page.tap('#subscription-ask-police_alert');
      expect(sim.callsTo('requestSubscribeMessage')).toHaveLength(1);
      expect(sim.callsTo('showModal').map((c) => c.args[0].content)).toEqual([expect.stringContaining('您之前拒绝了「警情提醒」')]);
      expectNoTrouble(page);
    } finally {
      page.detach();
    }
  });
});
