/**
 * The member's part of the alerts sub-package in the built weapp (miniprogram-simulate): the feed without
 * the officer's entries, 收到, a tip, joining by mini-program code, my tips.
 */
import type { UserResponse } from '@linli/shared';
import { sessionFor } from './support/fixtures';
import { alertGroup, sampleAlert, sampleTip } from './support/fixtures/alert';
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
const member: UserResponse = { ...officer, id: 42, nickname: '李老板', roles: [{ role: 'resident', roleLabel: '居民', unit: null }], abilities: { ...officer.abilities, isStaff: false } };

describe('alerts sub-package as a member', () => {
  let sim: Sim;
  beforeAll(() => {
    sim = bootApp({
      user: member,
      storage: { 'linli.session': JSON.stringify(sessionFor(member)) },
      api: {
        'GET /alerts/:id': () => ({
          statusCode: 200,
          data: { ok: true, data: { ...sampleAlert, reach: null, abilities: { acknowledge: true, tip: true, withdraw: false, remind: false, viewReach: false } } },
        }),
      },
    });
  });

  it('feed: no post entry for members', () =>
    withCleanPage(sim, 'packages/alert/feed/index', {}, async (p) => {
      await shown(p, `#alert-card-${sampleAlert.id}`);
      expect(p.find('#alert-new-entry')).toBeNull();
      expect(p.find(`#alert-card-${sampleAlert.id}`)).not.toBeNull();
    }));

  it('detail: 收到 acknowledges (and asks for the next WeChat reminder); tip and question buttons', () =>
    withCleanPage(sim, 'packages/alert/detail/index', { id: String(sampleAlert.id) }, async (p) => {
      await shown(p, '#alert-ack');
      expect(p.find('#alert-reach')).toBeNull();
      expect(p.find('#alert-tip-btn')).not.toBeNull();
      expect(p.find('#alert-ask-btn')).not.toBeNull();
      await p.tap('#alert-ack');
      expect(sim.apiCalls.filter((c) => c.method === 'POST' && c.path === `/alerts/${sampleAlert.id}/ack`)).toHaveLength(1);
      expect(p.find('#alert-acked')).not.toBeNull();
      await p.tap('#alert-tip-btn');
      expect(sim.navigations).toEqual([expect.stringContaining(`/packages/alert/tip-new/index?alertId=${sampleAlert.id}&kind=tip`)]);
    }));

  it('tip-new: an empty tip is refused; a tip is sent with its idempotency key', () =>
    withCleanPage(sim, 'packages/alert/tip-new/index', { alertId: String(sampleAlert.id), kind: 'tip' }, async (p) => {
      await p.tap('#tip-submit');
      expect(p.text()).toContain('内容至少 2 个字');
      await p.trigger('#tip-text', 'input', { value: '门口停了一辆没锁的电动车', cursor: 12 });
      await p.tap('#tip-submit');
      const sent = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/tips');
      expect(sent).toHaveLength(1);
      expect(sent[0].body).toMatchObject({ alertId: sampleAlert.id, kind: 'tip', text: '门口停了一辆没锁的电动车', photoIds: [], clientKey: expect.stringMatching(/^tip-/) });
    }));

  it('join: the preview by mini-program code scene, choosing who I am, then the request', () =>
    withCleanPage(sim, 'packages/alert/join/index', { scene: encodeURIComponent(`c=${alertGroup.inviteCode}`) }, async (p) => {
      await shown(p, '#join-submit');
      expect(sim.apiCalls.map((c) => c.path)).toContain(`/groups/invite/${alertGroup.inviteCode}`);
      expect(p.text()).toContain(alertGroup.name);
      await p.tap('#join-submit');
      expect(p.text()).toContain('请选择您的身份');
      await p.tap('#join-kind-shop');
      await p.tap('#join-submit');
      const sent = sim.apiCalls.filter((c) => c.method === 'POST' && c.path === '/groups/join');
      expect(sent.map((c) => c.body)).toEqual([{ code: alertGroup.inviteCode, via: 'qrcode', kind: 'shop' }]);
      expect(p.find('#join-status')).not.toBeNull();
    }));

  it('tips: my own tips', () =>
    withCleanPage(sim, 'packages/alert/tips/index', {}, async (p) => {
      await shown(p, `#tip-item-${sampleTip.id}`);
      expect(p.find('#tips-tab-station')).toBeNull();
      expect(p.find(`#tip-item-${sampleTip.id}`)).not.toBeNull();
    }));
});
