import IORedis from 'ioredis';
import { BullmqDeliveryQueue } from '../../../src/modules/notification/notification.bullmq';
import { NotificationService } from '../../../src/modules/notification/notification.service';
import type { WechatFake } from '../../fakes/wechat-fake';
import { buildUser, startAppWithWechatFake } from '../../factories';
import type { TestApp } from '../../helpers/app';
import { creditsOf, deliveries, giveCredits, reviewedVars } from './notification.helpers';

/**
 * The BullMQ adapter against the machine's Redis (127.0.0.1:6379, or TEST_REDIS_URL). A missing Redis
 * fails this file: it is part of the project's machines. Each run uses its own key prefix and removes
 * every key it created.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `linli-test-notif-${process.pid}-${Date.now()}`;

describe('BullMQ delivery queue', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let sut: BullmqDeliveryQueue;
  let notifications: NotificationService;
  let redis: IORedis;

  beforeAll(async () => {
    redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect();
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    notifications = await t.get(NotificationService);
    sut = await t.get(BullmqDeliveryQueue);
    await sut.start(REDIS_URL, { prefix: PREFIX, sweep: false });
  });

  afterAll(async () => {
    await sut?.stop({ obliterate: true });
    const left = await redis.keys(`${PREFIX}:*`);
    if (left.length) await redis.del(...left);
    await redis.quit();
    await closeAll?.();
  });

  it('delivers every queued row through BullMQ with the same processor, each once', async () => {
    const users = [];
    for (let i = 0; i < 8; i++) {
      const u = await buildUser(t);
      await giveCredits(t, u.id, 'role_request_reviewed', 1);
      users.push(u);
    }
    const poor = await buildUser(t);
    await notifications.notify([...users, poor].map((u) => u.id), 'role_request_reviewed', reviewedVars(), 'bull-1');
    await sut.drain();
    const ds = await deliveries(t, [...users, poor].map((u) => u.id));
    expect(ds.map((d) => d.status)).toEqual([...Array(8).fill('sent'), 'no_credit']);
    expect(fake.sends).toHaveLength(8);
    expect(new Set(fake.sends.map((s) => s.touser)).size).toBe(8);
    for (const u of users) expect(await creditsOf(t, u.id, 'role_request_reviewed')).toBe(0);
  });

  it('jobId = delivery id: the same delivery enqueued several times runs once', async () => {
    fake.clear();
    const u = await buildUser(t);
    await giveCredits(t, u.id, 'ticket_closed', 3);
    await notifications.notify([u.id], 'ticket_closed', { ticketNo: 'T9', summary: '井盖松动', status: '已结案', time: new Date() }, 'T9');
    const [d] = await deliveries(t, [u.id]);
    const before = sut.outcomes.length;
    await sut.enqueue([d.id, d.id, d.id]);
    await sut.enqueue([d.id]);
    await sut.drain();
    const ran = sut.outcomes.slice(before);
    expect(ran.filter((o) => o === 'sent')).toHaveLength(1);
    expect(ran.filter((o) => o !== 'skipped')).toHaveLength(1);
    expect(fake.sends).toHaveLength(1);
    expect(await creditsOf(t, u.id, 'ticket_closed')).toBe(2);
  });

  it('a retry goes back to the table and is enqueued again when due', async () => {
    fake.clear();
    const u = await buildUser(t);
    await giveCredits(t, u.id, 'tip_answered', 1);
    fake.failNext('/cgi-bin/message/subscribe/send', 'network');
    await notifications.notify([u.id], 'tip_answered', { topic: '电动车被盗', reply: '已调取监控', officer: '李警官', time: new Date() }, 'tip-1');
    await sut.drain();
    expect((await deliveries(t, [u.id]))[0]).toMatchObject({ status: 'queued', attempts: 1, last_errcode: 'network' });
    await t.dataSource.query("UPDATE notification_deliveries SET next_attempt_at = '2000-01-01 00:00:00' WHERE user_id = ?", [u.id]);
    await sut.drain();
    expect((await deliveries(t, [u.id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.sends).toHaveLength(1);
  });
});
