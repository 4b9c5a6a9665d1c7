import { NotificationRenderError } from '@linli/shared';
import { NotificationService } from '../../../src/modules/notification/notification.service';
import { NotificationWorker } from '../../../src/modules/notification/notification.worker';
import { buildUser, countRows } from '../../factories';
import { startTestApp, TEST_DB, TestApp } from '../../helpers/app';
import { bulkUsers, deliveries, reviewedVars } from './notification.helpers';

describe('NotificationService.notify', () => {
  let t: TestApp;
  let sut: NotificationService;

  beforeAll(async () => {
    t = await startTestApp();
    sut = await t.get(NotificationService);
  });
  afterAll(() => t.close());

  it('writes one inbox row and one queued delivery per distinct recipient', async () => {
    const a = await buildUser(t);
    const b = await buildUser(t);
    const res = await sut.notify([a.id, b.id, a.id, 0, -3], 'role_request_reviewed', reviewedVars(), 11);
    expect(res).toEqual({ recipients: 2, created: 2 });
    const rows = await t.dataSource.query('SELECT user_id, template_key, title, page, ref, dedupe_key, read_at FROM notifications WHERE ref = ? ORDER BY user_id', ['11']);
    expect(rows.map((r: any) => ({ ...r, user_id: Number(r.user_id) }))).toEqual([
      { user_id: a.id, template_key: 'role_request_reviewed', title: '身份审核结果通知', page: 'packages/account/role-request/index', ref: '11', dedupe_key: `role_request_reviewed:11:${a.id}`, read_at: null },
      { user_id: b.id, template_key: 'role_request_reviewed', title: '身份审核结果通知', page: 'packages/account/role-request/index', ref: '11', dedupe_key: `role_request_reviewed:11:${b.id}`, read_at: null },
    ]);
    const ds = await deliveries(t, [a.id, b.id]);
    expect(ds.map((d) => [d.user_id, d.status, d.attempts])).toEqual([
      [a.id, 'queued', 0],
      [b.id, 'queued', 0],
    ]);
    const payload = await t.dataSource.query('SELECT payload FROM notification_deliveries WHERE user_id = ?', [a.id]);
    expect(JSON.parse(payload[0].payload)).toMatchObject({ phrase3: { value: '通过' }, time5: { value: '2026年11月23日 16:00' } });
  });

  it('is idempotent: a retried notify (same template, ref, users) adds nothing; a new recipient is added', async () => {
    const a = await buildUser(t);
    const b = await buildUser(t);
    expect(await sut.notify([a.id], 'ticket_closed', { ticketNo: 'T1', summary: '路灯不亮', status: '已结案', time: new Date() }, 'T1')).toEqual({ recipients: 1, created: 1 });
    expect(await sut.notify([a.id, b.id], 'ticket_closed', { ticketNo: 'T1', summary: '路灯不亮', status: '已结案', time: new Date() }, 'T1')).toEqual({ recipients: 2, created: 1 });
    expect(await sut.notify([a.id, b.id], 'ticket_closed', { ticketNo: 'T1', summary: '路灯不亮', status: '已结案', time: new Date() }, 'T1')).toEqual({ recipients: 2, created: 0 });
    expect(await countRows(t, 'notifications', "ref = 'T1'")).toBe(2);
    expect(await countRows(t, 'notification_deliveries', 'user_id IN (?, ?)', [a.id, b.id])).toBe(2);
  });

  it('refuses vars that cannot be rendered, writing nothing', async () => {
    const a = await buildUser(t);
    await expect(sut.notify([a.id], 'role_request_reviewed', reviewedVars({ result: 'OK' }), 'bad')).rejects.toThrow(NotificationRenderError);
    expect(await countRows(t, 'notifications', 'user_id = ?', [a.id])).toBe(0);
  });

  it('fans out to 10,000 recipients in one transaction in well under 2 s', async () => {
    const ids = await bulkUsers(t, 10_000, `fan${Date.now()}`);
    const started = process.hrtime.bigint();
    const res = await sut.notify(ids, 'police_alert', { title: '近期有冒充社区工作人员上门推销，请勿开门', area: '津浦社区', level: '重要', time: new Date() }, 'alert-1');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Printed for the record (README "Performance").
    console.log(`[notification] notify 10,000 recipients on ${TEST_DB}: ${ms.toFixed(0)} ms`);
    expect(res).toEqual({ recipients: 10_000, created: 10_000 });
    expect(await countRows(t, 'notifications', "ref = 'alert-1'")).toBe(10_000);
    expect(await countRows(t, 'notification_deliveries', "status = 'queued' AND template_key = 'police_alert'")).toBe(10_000);
    expect(ms).toBeLessThanOrEqual(2000);
    // The retry of the same fan-out adds nothing.
    expect((await sut.notify(ids, 'police_alert', { title: '近期有冒充社区工作人员上门推销', area: '津浦社区', level: '重要', time: new Date() }, 'alert-1')).created).toBe(0);
    // Every one of them is an inbox-only message (no credits): the worker settles them without WeChat.
    const worker = await t.get(NotificationWorker);
    const stats = await worker.drain();
    expect(stats.no_credit).toBeGreaterThanOrEqual(10_000);
  }, 60_000);
});
