/**
 * The alerts sub-package in the built weapp (miniprogram-simulate) as the community police officer, beyond
 * the generic render of every page: each page with its real query, and the officer's taps (post
 * validation, approve a join request, mark a tip useful). alert.member.test.ts has the member's part
 * (one app boot per file).
 */
import type { UserResponse } from '@linli/shared';
import { sessionFor } from './support/fixtures';
import { alertGroup, pendingMember, sampleAlert, sampleTip } from './support/fixtures/alert';
import { shown, withCleanPage } from './support/pages';
import { bootApp, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

const unit = { id: 3, code: '320111001001', name: '求雨山社区', level: 'community' as const };
const officer: UserResponse = {
  id: 77,
  nickname: '刘警官',
  avatarUrl: null,
  phoneMasked: null,
  roles: [
    { role: 'community_police', roleLabel: '社区民警', unit },
    { role: 'resident', roleLabel: '居民', unit: null },
  ],
  abilities: { manageUnits: false, reviewRoleRequests: false, isStaff: true },
  createdAt: '2026-11-23T08:00:00.000Z',
};

describe('alerts sub-package as the community police officer', () => {
  let sim: Sim;
  beforeAll(() => {
    sim = bootApp({ user: officer, storage: { 'linli.session': JSON.stringify(sessionFor(officer)) } });
  });

  it('feed: the post entry, the tabs and the alert card with reach', () =>
    withCleanPage(sim, 'packages/alert/feed/index', {}, async (p) => {
      await shown(p, `#alert-card-${sampleAlert.id}`);
      for (const id of ['alert-new-entry', 'alert-groups-entry', 'alert-tips-entry', 'alert-tab-posted', `alert-card-${sampleAlert.id}`]) expect({ id, found: p.find(`#${id}`) !== null }).toEqual({ id, found: true });
      expect(p.text()).toContain(sampleAlert.title);
    }));

  it('detail: reach figures, remind and withdraw for the officer', () =>
    withCleanPage(sim, 'packages/alert/detail/index', { id: String(sampleAlert.id) }, async (p) => {
      await shown(p, '#alert-reach');
      for (const id of ['alert-title', 'alert-body', 'alert-reach', 'reach-recipients', 'reach-acked', 'alert-remind', 'alert-withdraw', 'alert-answers']) expect(p.find(`#${id}`)).not.toBeNull();
      expect(p.text()).toContain('确认收到');
      expect(p.text()).toContain('嫌疑人照片');
      expect(sim.apiCalls.map((c) => `${c.method} ${c.path}`)).toContain(`GET /alerts/${sampleAlert.id}`);
    }));

  it('detail opened from a reminder message (id=11&reminder=1, encoded) loads alert 11', () =>
    withCleanPage(sim, 'packages/alert/detail/index', { id: encodeURIComponent(`${sampleAlert.id}&reminder=1`) }, () => {
      expect(sim.apiCalls.map((c) => c.path)).toContain(`/alerts/${sampleAlert.id}`);
    }));

  it('new: the form refuses an empty submit with the schema\'s messages and sends nothing', () =>
    withCleanPage(sim, 'packages/alert/new/index', {}, async (p) => {
      await shown(p, `#alert-group-${alertGroup.id}`);
      for (const id of ['alert-new-form', `alert-group-${alertGroup.id}`, 'alert-type-suspect', 'alert-severity-urgent', 'alert-expiry-7', 'alert-submit']) expect(p.find(`#${id}`)).not.toBeNull();
      await p.tap('#alert-submit');
      expect(p.text()).toContain('请选择警情类型');
      expect(p.text()).toContain('标题至少 4 个字');
      expect(sim.apiCalls.filter((c) => c.method === 'POST')).toEqual([]);
    }));

  it('reach: the unacknowledged list with the WeChat state', () =>
    withCleanPage(sim, 'packages/alert/reach/index', { id: String(sampleAlert.id) }, async (p) => {
      await shown(p, '.reach-item');
      expect(p.find('#reach-summary')).not.toBeNull();
      expect(p.find('.reach-item')).not.toBeNull();
      expect(p.text()).toContain('已推送到微信');
    }));

  it('groups and group: invite code, join requests; approving sends the review', async () => {
    await withCleanPage(sim, 'packages/alert/groups/index', {}, async (p) => {
      await shown(p, `#group-card-${alertGroup.id}`);
      expect(p.find(`#group-card-${alertGroup.id}`)).not.toBeNull();
      expect(p.find('#group-join-code')).not.toBeNull();
      expect(p.find('#group-create-open')).not.toBeNull();
    });
    await withCleanPage(sim, 'packages/alert/group/index', { id: String(alertGroup.id) }, async (p) => {
      await shown(p, `#member-approve-${pendingMember.userId}`);
      expect(p.text()).toContain(alertGroup.inviteCode!);
      for (const id of ['group-invite-code', 'group-qrcode-btn', 'group-share', 'group-rotate-code', `member-approve-${pendingMember.userId}`]) expect(p.find(`#${id}`)).not.toBeNull();
      await p.tap(`#member-approve-${pendingMember.userId}`);
      const sent = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/groups/${alertGroup.id}/members/${pendingMember.userId}/review`);
      expect(sent.map((c) => c.body)).toEqual([{ approve: true }]);
    });
  });

  it('tips: the station list and a tip the officer adopts', async () => {
    await withCleanPage(sim, 'packages/alert/tips/index', {}, async (p) => {
      await shown(p, `#tip-item-${sampleTip.id}`);
      expect(p.find(`#tip-item-${sampleTip.id}`)).not.toBeNull();
      expect(p.find('#tips-tab-station')).not.toBeNull();
    });
    await withCleanPage(sim, 'packages/alert/tip/index', { id: String(sampleTip.id) }, async (p) => {
      await shown(p, '#tip-useful');
      expect(p.find('#tip-useful')).not.toBeNull();
      expect(p.find('#tip-reply-text')).not.toBeNull();
      expect(p.find('#tip-ticket-form')).not.toBeNull();
      expect(p.find('#tip-ticket-category-ZA-1201')).not.toBeNull();
      await p.tap('#tip-useful');
      // showModal (confirm) answers "confirm" in the simulator.
      const sent = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/tips/${sampleTip.id}/useful`);
      expect(sent).toHaveLength(1);
      expect(p.text()).toContain('已采纳');
    });
  });
});

