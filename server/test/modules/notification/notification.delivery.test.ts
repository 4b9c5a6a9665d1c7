import { DeliveryProcessor } from '../../../src/modules/notification/delivery.processor';
import { dbTime, kindOf } from '../../../src/modules/notification/notification.db';
import { NotificationService } from '../../../src/modules/notification/notification.service';
import { NotificationWorker } from '../../../src/modules/notification/notification.worker';
import { WechatClient } from '../../../src/modules/wechat/wechat.client';
import { WechatError } from '../../../src/modules/wechat/wechat.error';
import type { WechatFake } from '../../fakes/wechat-fake';
import { buildUser, startAppWithWechatFake } from '../../factories';
import type { TestApp } from '../../helpers/app';
import { creditsOf, deliveries, giveCredits, reviewedVars } from './notification.helpers';

const SEND = '/cgi-bin/message/subscribe/send';
const KEY = 'role_request_reviewed' as const;

describe('notification delivery worker', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let notifications: NotificationService;
  let worker: NotificationWorker;
  let processor: DeliveryProcessor;
  let refSeq = 0;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    notifications = await t.get(NotificationService);
    worker = await t.get(NotificationWorker);
    processor = await t.get(DeliveryProcessor);
  });
  afterAll(() => closeAll());
  beforeEach(() => fake.clear());

  /** Users with `credits` credits each, notified once (a fresh ref); returns the users. */
  async function notifiedUsers(n: number, credits: number, vars = reviewedVars()) {
    const users = [];
    for (let i = 0; i < n; i++) {
      const u = await buildUser(t);
      if (credits > 0) await giveCredits(t, u.id, KEY, credits);
      users.push(u);
    }
    await notifications.notify(users.map((u) => u.id), KEY, vars, `r${++refSeq}`);
    return users;
  }

  /** Makes every retry due now. */
  const retriesDueNow = () => t.dataSource.query("UPDATE notification_deliveries SET next_attempt_at = '2000-01-01 00:00:00' WHERE status = 'queued'");

  it('sends the rendered message with every WeChat field and spends one credit', async () => {
    const [u] = await notifiedUsers(1, 2, reviewedVars({ note: '欢迎加入，请按时参加每周的轮值轮防并遵守社区公约' }));
    const stats = await worker.drain();
    expect(stats).toMatchObject({ claimed: 1, sent: 1 });
    const call = fake.callsTo(SEND)[0];
    expect(Object.keys(call.body!).sort()).toEqual(['data', 'lang', 'miniprogram_state', 'page', 'template_id', 'touser']);
    expect(call.body).toMatchObject({
      touser: u.openid,
      template_id: 'tpl-role_request_reviewed',
      page: 'packages/account/role-request/index',
      miniprogram_state: 'formal',
      lang: 'zh_CN',
      data: {
        thing1: { value: '商户' },
        thing2: { value: '津浦社区居委会' },
        phrase3: { value: '通过' },
        thing4: { value: '欢迎加入，请按时参加每周的轮值轮防并遵…' },
        time5: { value: '2026年11月23日 16:00' },
      },
    });
    expect(fake.sends).toHaveLength(1);
    expect(await creditsOf(t, u.id, KEY)).toBe(1);
    const [d] = await deliveries(t, [u.id]);
    expect(d).toMatchObject({ status: 'sent', attempts: 1, last_errcode: null, lock_owner: null, msgid: String(fake.sends[0].msgid) });
  });

  it('ends as no_credit without calling WeChat: no credits, or no openid (demo account)', async () => {
    const [poor] = await notifiedUsers(1, 0);
    const demo = await buildUser(t, { openid: null, demoKey: `demo-notif-${Date.now()}` });
    await giveCredits(t, demo.id, KEY, 3);
    await notifications.notify([demo.id], KEY, reviewedVars(), 'demo-1');
    const stats = await worker.drain();
    expect(stats).toMatchObject({ no_credit: 2, sent: 0 });
    expect(fake.callsTo(SEND)).toHaveLength(0);
    expect(await deliveries(t, [poor.id, demo.id])).toEqual([
      expect.objectContaining({ status: 'no_credit', last_errcode: null }),
      expect.objectContaining({ status: 'no_credit', last_errcode: 'no_openid' }),
    ]);
    expect(await creditsOf(t, poor.id, KEY)).toBeNull();
    expect(await creditsOf(t, demo.id, KEY)).toBe(3);
  });

  it('43101: refused, credits zeroed, exactly one send attempt and no retry', async () => {
    const [u] = await notifiedUsers(1, 3);
    fake.failNext(SEND, 43101);
    expect(await worker.drain()).toMatchObject({ refused: 1 });
    await retriesDueNow();
    expect(await worker.drain()).toMatchObject({ claimed: 0 });
    expect(fake.callsTo(SEND)).toHaveLength(1);
    expect(await creditsOf(t, u.id, KEY)).toBe(0);
    expect((await deliveries(t, [u.id]))[0]).toMatchObject({ status: 'refused', last_errcode: '43101', attempts: 1 });
  });

  it.each([47003, 40037, 40003, 41030])('%d: error at once, one send attempt, credit refunded', async (errcode) => {
    const [u] = await notifiedUsers(1, 2);
    fake.failNext(SEND, errcode);
    expect(await worker.drain()).toMatchObject({ error: 1 });
    await retriesDueNow();
    await worker.drain();
    expect(fake.callsTo(SEND)).toHaveLength(1);
    expect(await creditsOf(t, u.id, KEY)).toBe(2);
    expect((await deliveries(t, [u.id]))[0]).toMatchObject({ status: 'error', last_errcode: String(errcode), attempts: 1 });
  });

  it('the fake answers 47003 naming the field, as WeChat does, for a value over its limit', async () => {
    const wechat = await t.get(WechatClient);
    const err = await wechat
      .sendSubscribeMessage({ touser: 'openid-x', templateId: 'tpl-ticket_filed', data: { thing2: { value: '一二三四五六七八九十一二三四五六七八九十一' } } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WechatError);
    expect(err.errcode).toBe(47003);
    expect(err.errmsg).toContain('data.thing2.value invalid');
    expect(fake.sends).toHaveLength(0);
  });

  it('-1 once: retried inside the client and sent in the same attempt', async () => {
    const [u] = await notifiedUsers(1, 1);
    fake.failNext(SEND, -1);
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    expect(fake.callsTo(SEND)).toHaveLength(2);
    expect(fake.sends).toHaveLength(1);
    expect(await creditsOf(t, u.id, KEY)).toBe(0);
  });

  it('-1 on every try: back to queued with backoff and the credit refunded, then sent on the next attempt', async () => {
    const [u] = await notifiedUsers(1, 1);
    fake.failNext(SEND, -1, 3);
    expect(await worker.drain()).toMatchObject({ retry: 1 });
    const rows = await t.dataSource.query('SELECT status, attempts, last_errcode, next_attempt_at FROM notification_deliveries WHERE user_id = ?', [u.id]);
    expect(rows[0]).toMatchObject({ status: 'queued', last_errcode: '-1' });
    expect(Number(rows[0].attempts)).toBe(1);
    const future = await t.dataSource.query('SELECT COUNT(*) AS n FROM notification_deliveries WHERE user_id = ? AND next_attempt_at > ?', [
      u.id,
      dbTime(kindOf(t.dataSource.manager), new Date()),
    ]);
    expect(Number(future[0].n)).toBe(1);
    expect(await creditsOf(t, u.id, KEY)).toBe(1);
    // Not due yet: nothing happens.
    expect(await worker.drain()).toMatchObject({ claimed: 0 });
    await retriesDueNow();
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    expect(fake.sends.filter((s) => s.touser === u.openid)).toHaveLength(1);
    expect(await creditsOf(t, u.id, KEY)).toBe(0);
    expect((await deliveries(t, [u.id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('network failures: retried up to 5 attempts, then error, with the credit back', async () => {
    const [u] = await notifiedUsers(1, 1);
    fake.failNext(SEND, 'network', 5);
    for (let i = 0; i < 5; i++) {
      await worker.drain();
      await retriesDueNow();
    }
    expect(await worker.drain()).toMatchObject({ claimed: 0 });
    expect(fake.callsTo(SEND)).toHaveLength(5);
    expect((await deliveries(t, [u.id]))[0]).toMatchObject({ status: 'error', attempts: 5, last_errcode: 'network' });
    expect(await creditsOf(t, u.id, KEY)).toBe(1);
  });

  it('token expiry mid-run: 42001, one refresh, and the run continues', async () => {
    const wechat = await t.get(WechatClient);
    wechat.clearTokenCache();
    const users = await notifiedUsers(12, 1);
    const saved = worker.config.notifications.batchSize;
    worker.config.notifications.batchSize = 4;
    try {
      expect(await worker.runOnce()).toMatchObject({ claimed: 4, sent: 4 });
      fake.expireToken();
      expect(await worker.drain()).toMatchObject({ sent: 8 });
    } finally {
      worker.config.notifications.batchSize = saved;
    }
    expect(fake.callsTo('/cgi-bin/stable_token')).toHaveLength(2);
    const answers = fake.callsTo(SEND);
    expect(answers.length).toBeGreaterThanOrEqual(13);
    expect(new Set(fake.sends.map((s) => s.touser))).toEqual(new Set(users.map((u) => u.openid)));
    expect(fake.sends).toHaveLength(12);
    for (const d of await deliveries(t, users.map((u) => u.id))) expect(d.status).toBe('sent');
  });

  it('two workers handed the same delivery: one sends, the other skips', async () => {
    const [u] = await notifiedUsers(1, 5);
    const [d] = await deliveries(t, [u.id]);
    const outcomes = await Promise.all([processor.process(d.id, null, 'w1'), processor.process(d.id, null, 'w2')]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(fake.sends).toHaveLength(1);
    expect(await creditsOf(t, u.id, KEY)).toBe(4);
  });

  it('a worker killed mid-batch: a new worker sends the queued rows, never resends the interrupted ones', async () => {
    const users = await notifiedUsers(6, 1);
    const ids = users.map((u) => u.id);
    // Worker A claims the batch and sends two messages...
    const a = await worker.claim();
    expect(a.ids).toHaveLength(6);
    const rows = await deliveries(t, ids);
    for (const d of rows.slice(0, 2)) expect(await processor.process(d.id, a.owner)).toBe('sent');
    // ...has two sends in flight (credit spent, status sending) when it dies; two rows are still only claimed.
    const inFlight = rows.slice(2, 4);
    for (const d of inFlight) {
      await t.dataSource.query(
        "UPDATE notification_deliveries SET status = 'sending', attempts = 1, locked_until = '2000-01-01 00:00:00' WHERE id = ?",
        [d.id],
      );
      await t.dataSource.query('UPDATE notification_subscriptions SET credits = 0 WHERE user_id = ?', [d.user_id]);
    }
    // A live claim is respected by other workers; an expired one is taken over.
    const b = new NotificationWorker();
    Object.assign(b, { config: worker.config, tx: worker.tx, processor: worker.processor, logger: worker.logger });
    expect((await b.claim()).ids).toEqual([]);
    await t.dataSource.query("UPDATE notification_deliveries SET locked_until = '2000-01-01 00:00:00' WHERE status = 'queued' AND id IN (?, ?)", [rows[4].id, rows[5].id]);

    const stats = await b.drain();
    expect(stats).toMatchObject({ interrupted: 2, sent: 2 });
    const after = await deliveries(t, ids);
    expect(after.map((d) => d.status)).toEqual(['sent', 'sent', 'error', 'error', 'sent', 'sent']);
    expect(after[2].last_errcode).toBe('interrupted');
    const sendsPerUser = users.map((u) => fake.sends.filter((s) => s.touser === u.openid).length);
    // At most once each; the two interrupted were not resent (they may have reached WeChat before the crash).
    expect(sendsPerUser).toEqual([1, 1, 0, 0, 1, 1]);
    expect(await creditsOf(t, inFlight[0].user_id, KEY)).toBe(0);
  });
});
