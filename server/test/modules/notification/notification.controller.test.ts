import { NOTIFICATION_TEMPLATE_KEYS } from '@linli/shared';
import { NotificationService } from '../../../src/modules/notification/notification.service';
import type { UserEntity } from '../../../src/modules/user/user.entity';
import { bearer, buildUser, countRows, loginAs } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';
import { reviewedVars } from './notification.helpers';

describe('notification endpoints', () => {
  let t: TestApp;
  let notifications: NotificationService;

  beforeAll(async () => {
    t = await startTestApp();
    notifications = await t.get(NotificationService);
  });
  afterAll(() => t.close());

  async function member(): Promise<{ user: UserEntity; token: string }> {
    const user = await buildUser(t);
    return { user, token: await loginAs(t, user) };
  }

  /** `n` notifications for `user` (refs a1..an, oldest first); returns their ids newest first. */
  async function inbox(user: UserEntity, n: number, prefix = 'a'): Promise<number[]> {
    for (let i = 1; i <= n; i++) await notifications.notify([user.id], 'role_request_reviewed', reviewedVars({ note: `第${i}条` }), `${prefix}${i}`);
    const rows = await t.dataSource.query('SELECT id FROM notifications WHERE user_id = ? ORDER BY id DESC', [user.id]);
    return rows.map((r: any) => Number(r.id));
  }

  describe('GET /api/notifications', () => {
    it('401 without a token', async () => {
      const res = await t.http().get('/api/notifications');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ ok: false, error: 'UNAUTHENTICATED', message: '请先登录' });
    });

    it('422 per field', async () => {
      const { token } = await member();
      const limit = await t.http().get('/api/notifications?limit=0').set('authorization', bearer(token));
      expect(limit.status).toBe(422);
      expect(limit.body.fields).toEqual({ limit: '每页至少 1 条' });
      const big = await t.http().get('/api/notifications?limit=51').set('authorization', bearer(token));
      expect(big.body.fields).toEqual({ limit: '每页最多 50 条' });
      const cursor = await t.http().get('/api/notifications?cursor=abc').set('authorization', bearer(token));
      expect(cursor.body.fields).toEqual({ cursor: '分页参数不正确' });
      const extra = await t.http().get('/api/notifications?userId=1').set('authorization', bearer(token));
      expect(extra.body.fields).toEqual({ _: '不认识的字段：userId' });
    });

    it('my messages only, newest first, in keyset pages', async () => {
      const { user, token } = await member();
      const other = await member();
      const ids = await inbox(user, 3);
      await inbox(other.user, 1, 'other');
      const first = await t.http().get('/api/notifications?limit=2').set('authorization', bearer(token));
      expect(first.status).toBe(200);
      expect(first.body.data.items.map((n: any) => n.id)).toEqual(ids.slice(0, 2));
      expect(first.body.data.nextCursor).toBe(String(ids[1]));
      expect(first.body.data.items[0]).toEqual({
        id: ids[0],
        templateKey: 'role_request_reviewed',
        title: '身份审核结果通知',
        body: '申请身份：商户\n所属辖区：津浦社区居委会\n审核结果：通过\n审核说明：第3条\n审核时间：2026年11月23日 16:00',
        page: 'packages/account/role-request/index',
        ref: 'a3',
        read: false,
        readAt: null,
        createdAt: expect.any(String),
        delivery: { status: 'queued', label: '待推送' },
      });
      const second = await t.http().get(`/api/notifications?limit=2&cursor=${first.body.data.nextCursor}`).set('authorization', bearer(token));
      expect(second.body.data.items.map((n: any) => n.id)).toEqual([ids[2]]);
      expect(second.body.data.nextCursor).toBeNull();
    });
  });

  describe('unread count and marking read', () => {
    it('401 without a token on every endpoint', async () => {
      for (const res of [
        await t.http().get('/api/notifications/unread-count'),
        await t.http().post('/api/notifications/1/read'),
        await t.http().post('/api/notifications/read-all'),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('UNAUTHENTICATED');
      }
    });

    it('422 for a malformed id', async () => {
      const { token } = await member();
      const res = await t.http().post('/api/notifications/abc/read').set('authorization', bearer(token));
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ id: '编号应为数字' });
    });

    it("404 for another user's message (like a missing one), and it stays unread", async () => {
      const { token } = await member();
      const other = await member();
      const [theirs] = await inbox(other.user, 1, 'x');
      const res = await t.http().post(`/api/notifications/${theirs}/read`).set('authorization', bearer(token));
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'NOT_FOUND', message: '内容不存在或无权查看' });
      const missing = await t.http().post('/api/notifications/99999999/read').set('authorization', bearer(token));
      expect(missing.status).toBe(404);
      expect(await countRows(t, 'notifications', 'id = ? AND read_at IS NULL', [theirs])).toBe(1);
    });

    it('marks one read, then all; the unread count follows', async () => {
      const { user, token } = await member();
      const ids = await inbox(user, 3, 'm');
      const count = () => t.http().get('/api/notifications/unread-count').set('authorization', bearer(token));
      expect((await count()).body).toEqual({ ok: true, data: { count: 3 } });

      const read = await t.http().post(`/api/notifications/${ids[1]}/read`).set('authorization', bearer(token));
      expect(read.status).toBe(200);
      expect(read.body.data).toMatchObject({ id: ids[1], read: true, readAt: expect.any(String) });
      const again = await t.http().post(`/api/notifications/${ids[1]}/read`).set('authorization', bearer(token));
      expect(again.body.data.readAt).toBe(read.body.data.readAt);
      expect((await count()).body.data.count).toBe(2);

      const all = await t.http().post('/api/notifications/read-all').set('authorization', bearer(token));
      expect(all.body).toEqual({ ok: true, data: { updated: 2 } });
      expect((await count()).body.data.count).toBe(0);
      expect(await countRows(t, 'notifications', 'user_id = ? AND read_at IS NULL', [user.id])).toBe(0);
    });
  });

  describe('subscriptions', () => {
    it('401 without a token', async () => {
      expect((await t.http().get('/api/notifications/subscriptions')).status).toBe(401);
      expect((await t.http().post('/api/notifications/subscriptions').send({ results: { 'tpl-ticket_filed': 'accept' } })).status).toBe(401);
    });

    it('lists every template with its WeChat id, what it sends, my credits and last answer', async () => {
      const { token } = await member();
      const res = await t.http().get('/api/notifications/subscriptions').set('authorization', bearer(token));
      expect(res.status).toBe(200);
      expect(res.body.data.map((s: any) => s.templateKey)).toEqual(NOTIFICATION_TEMPLATE_KEYS);
      expect(res.body.data.find((s: any) => s.templateKey === 'role_request_reviewed')).toEqual({
        templateKey: 'role_request_reviewed',
        templateId: 'tpl-role_request_reviewed',
        title: '身份审核结果通知',
        description: '您申请的身份（如商户、网格员）审核通过或被驳回时通知您',
        credits: 0,
        lastStatus: null,
        lastStatusLabel: null,
        canAsk: true,
      });
    });

    it('422 per field, nothing written', async () => {
      const { user, token } = await member();
      const post = (body: unknown) => t.http().post('/api/notifications/subscriptions').set('authorization', bearer(token)).send(body as object);
      const bad = await post({ results: { 'tpl-ticket_filed': 'maybe' } });
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ 'results.tpl-ticket_filed': '订阅结果应为 accept、reject、ban 或 filtered' });
      expect((await post({ results: {} })).body.fields).toEqual({ results: '没有要记录的订阅结果' });
      expect((await post({ results: { 'tpl-ticket_filed': 'accept' }, mainSwitch: 'off' })).body.fields).toEqual({ mainSwitch: '总开关状态应为 true 或 false' });
      const unknown = await post({ results: { 'tpl-ticket_filed': 'accept', 'tpl-nope': 'accept' } });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ error: 'VALIDATION_FAILED', message: 'results.tpl-nope: 未知的消息模板', fields: { 'results.tpl-nope': '未知的消息模板' } });
      expect(await countRows(t, 'notification_subscriptions', 'user_id = ?', [user.id])).toBe(0);
    });

    it('+1 credit per accept, reject and ban remembered, filtered ignored, main switch recorded and cleared', async () => {
      const { token } = await member();
      const post = (body: unknown) => t.http().post('/api/notifications/subscriptions').set('authorization', bearer(token)).send(body as object);
      const first = await post({ results: { 'tpl-role_request_reviewed': 'accept', 'tpl-ticket_filed': 'reject', 'tpl-police_alert': 'ban', 'tpl-tip_answered': 'filtered' } });
      expect(first.status).toBe(200);
      const byKey = (res: any) => Object.fromEntries(res.body.data.map((s: any) => [s.templateKey, s]));
      let s = byKey(first);
      expect(s.role_request_reviewed).toMatchObject({ credits: 1, lastStatus: 'accept', lastStatusLabel: '已同意', canAsk: true });
      expect(s.ticket_filed).toMatchObject({ credits: 0, lastStatus: 'reject', lastStatusLabel: '已拒绝', canAsk: false });
      expect(s.police_alert).toMatchObject({ credits: 0, lastStatus: 'ban', canAsk: false });
      expect(s.tip_answered).toMatchObject({ credits: 0, lastStatus: null, canAsk: true });

      s = byKey(await post({ results: { 'tpl-role_request_reviewed': 'accept' } }));
      expect(s.role_request_reviewed.credits).toBe(2);

      s = byKey(await post({ mainSwitch: false }));
      for (const key of NOTIFICATION_TEMPLATE_KEYS) expect(s[key]).toMatchObject({ lastStatus: 'main_switch_off', canAsk: false });
      expect(s.role_request_reviewed.credits).toBe(2);

      s = byKey(await post({ mainSwitch: true }));
      expect(s.role_request_reviewed).toMatchObject({ lastStatus: null, canAsk: true, credits: 2 });
    });
  });
});
