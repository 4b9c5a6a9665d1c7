import { AlertService } from '../src/modules/alert/alert.service';
import type { GroupEntity } from '../src/modules/alert/group.entity';
import { dbTime, kindOf } from '../src/modules/notification/notification.db';
import { NotificationWorker } from '../src/modules/notification/notification.worker';
import type { UserEntity } from '../src/modules/user/user.entity';
import type { WechatFake } from './fakes/wechat-fake';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, startAppWithWechatFake, UnitTree } from './factories';
import type { TestApp } from './helpers/app';
import { addMember, alertInput, bulkCredits, buildGroup, buildPhoto } from './alert.helpers';

/**
 * Police alerts over HTTP: posting (every refusal writes nothing), fan-out to groups and areas, the feed,
 * opening and 收到, reach with WeChat delivery states, reminders of urgent alerts, withdrawal, expiry of
 * suspect photos (also through GET /api/media/:id), audit rows.
 */
describe('police alerts API', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;
  let group: GroupEntity;
  let gridGroup: GroupEntity;
  let otherGroup: GroupEntity;
  const u: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  /** A moment as a raw-query parameter on either database. */
  const at = (d: Date) => dbTime(kindOf(t.dataSource.manager), d);

  const nothingPublished = async () => {
    expect(await countRows(t, 'alerts')).toBe(0);
    expect(await countRows(t, 'alert_recipients')).toBe(0);
    expect(await countRows(t, 'notifications', "template_key = 'police_alert'")).toBe(0);
  };

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    tree = await buildUnitTree(t);
    u.police = await buildUser(t, { nickname: '刘警官' });
    await grantRole(t, u.police, 'community_police', tree.community);
    u.otherPolice = await buildUser(t, { nickname: '江浦民警' });
    await grantRole(t, u.otherPolice, 'community_police', tree.otherCommunity);
    u.admin = await buildUser(t, { nickname: '街道管理员' });
    await grantRole(t, u.admin, 'admin', tree.street);
    for (const k of ['shop', 'guard', 'resident', 'pending', 'leaver', 'stranger', 'gridShop']) u[k] = await buildUser(t, { nickname: k });
    group = await buildGroup(t, tree.community, u.police, '津浦平安群');
    gridGroup = await buildGroup(t, tree.grid, u.police, '一网格群');
    otherGroup = await buildGroup(t, tree.otherCommunity, u.otherPolice, '象山群');
    await addMember(t, group, u.shop, { unit: tree.grid });
    await addMember(t, group, u.guard, { kind: 'guard' });
    await addMember(t, group, u.resident, { kind: 'resident' });
    await addMember(t, group, u.pending, { status: 'pending' });
    await addMember(t, group, u.leaver, { status: 'left' });
    await addMember(t, gridGroup, u.shop);
    await addMember(t, gridGroup, u.gridShop);
    await bulkCredits(t, [u.shop.id, u.guard.id]);
    for (const [k, v] of Object.entries(u)) tokens[k] = await loginAs(t, v);
  });
  afterAll(() => closeAll());
  beforeEach(() => fake.clear());

  describe('POST /api/alerts: refusals publish nothing', () => {
    it('401 without a token', async () => {
      expect((await t.http().post('/api/alerts').send(alertInput([group.id]))).status).toBe(401);
    });

    it('422: missing expiry, missing case number with a suspect photo, too much text, too many photos', async () => {
      const { expiresAt: _e, ...noExpiry } = alertInput([group.id]);
      const cases: Array<[Record<string, unknown>, Record<string, string>]> = [
        [noExpiry, { expiresAt: '请设定截止时间（警情必须有有效期）' }],
        [alertInput([group.id], { photos: [{ mediaId: 1, suspect: true }] }), { caseNumber: '照片中有嫌疑人时必须填写案件编号' }],
        [alertInput([group.id], { body: '假'.repeat(1001) }), { body: '警情内容最多 1000 个字' }],
        [alertInput([group.id], { photos: Array.from({ length: 10 }, (_, i) => ({ mediaId: i + 1 })) }), { photos: '最多 9 张照片' }],
        [alertInput([], {}), { groupIds: '请至少选择一个群或区域' }],
      ];
      for (const [body, fields] of cases) {
        const res = await t.http().post('/api/alerts').set('authorization', as('police')).send(body);
        expect([res.status, res.body.error, res.body.fields]).toEqual([422, 'VALIDATION_FAILED', fields]);
      }
      await nothingPublished();
    });

    it('422: an expiry in the past or beyond 90 days; a photo that is not the officer\'s own alert photo', async () => {
      const past = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id], { expiresAt: new Date(Date.now() - 60_000).toISOString() }));
      expect([past.status, past.body.fields]).toEqual([422, { expiresAt: '截止时间至少要在 10 分钟之后' }]);
      const far = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id], { expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString() }));
      expect(far.body.fields).toEqual({ expiresAt: '截止时间最多为 90 天之后' });
      const foreign = await buildPhoto(t, u.shop, 'alert');
      const avatar = await buildPhoto(t, u.police, 'avatar');
      for (const mediaId of [foreign, avatar, 999999]) {
        const res = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id], { photos: [{ mediaId }] }));
        expect([res.status, res.body.fields]).toEqual([422, { photos: '照片不存在，请重新上传' }]);
      }
      const risky = await buildPhoto(t, u.police, 'alert', 'risky');
      const r = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id], { photos: [{ mediaId: risky }] }));
      expect(r.body.fields).toEqual({ photos: '有照片未通过内容检测，请删除后重试' });
      await nothingPublished();
    });

    it('403 without the police role, to another officer\'s group, to an area outside; 404 for an unknown group', async () => {
      const resident = await t.http().post('/api/alerts').set('authorization', as('resident')).send(alertInput([group.id]));
      expect([resident.status, resident.body.message]).toEqual([403, '只有社区民警可以发布警情']);
      const admin = await t.http().post('/api/alerts').set('authorization', as('admin')).send(alertInput([group.id]));
      expect(admin.status).toBe(403);
      const other = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id, otherGroup.id]));
      expect([other.status, other.body.message]).toEqual([403, '只能向您担任民警的邻里群发布警情']);
      const area = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([], { areaUnitIds: [tree.otherGrid.id] }));
      expect([area.status, area.body.message]).toEqual([403, '只能向您辖区内的社区或网格发布警情']);
      const unknown = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([987654]));
      expect(unknown.status).toBe(404);
      await nothingPublished();
    });

    it('text checks: risky is refused, review is not held but refused (ALERT_TEXT_HELD)', async () => {
      await t.dataSource.query("UPDATE users SET openid = 'openid-police-liu' WHERE id = ?", [u.police.id]);
      fake.setTextVerdict('违禁词', 'risky').setTextVerdict('待复核', 'review');
      const risky = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id], { title: '违禁词出现在标题里' }));
      expect([risky.status, risky.body.error]).toEqual([422, 'CONTENT_RISKY']);
      const review = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id], { title: '待复核的标题内容' }));
      expect([review.status, review.body.error]).toEqual([422, 'ALERT_TEXT_HELD']);
      expect(fake.callsTo('/wxa/msg_sec_check')).toHaveLength(2);
      await nothingPublished();
    });
  });

  describe('posting, feed, opening, 收到, reach', () => {
    let alertId: number;
    let suspectPhoto: number;
    let billPhoto: number;

    it('201: feed rows for the active members of the groups (deduplicated, author out), messages queued, audited', async () => {
      suspectPhoto = await buildPhoto(t, u.police, 'alert');
      billPhoto = await buildPhoto(t, u.police, 'alert');
      const pendingPhoto = await buildPhoto(t, u.police, 'alert', 'pending');
      const body = alertInput([group.id, gridGroup.id], {
        severity: 'urgent',
        caseNumber: 'A320111-2026-0042',
        place: { name: '津浦路与文德路路口', lat: 32.06, lng: 118.63 },
        photos: [{ mediaId: suspectPhoto, suspect: true }, { mediaId: billPhoto }, { mediaId: pendingPhoto }],
        clientKey: 'alert-key-0001',
      });
      const res = await t.http().post('/api/alerts').set('authorization', as('police')).send(body);
      expect(res.status).toBe(201);
      alertId = res.body.data.id;
      expect(res.body.data).toMatchObject({
        type: 'suspect',
        typeLabel: '嫌疑人/假币',
        severity: 'urgent',
        severityLabel: '紧急',
        caseNumber: 'A320111-2026-0042',
        place: { name: '津浦路与文德路路口', lat: 32.06, lng: 118.63 },
        status: 'published',
        displayStatus: 'published',
        author: { id: u.police.id, nickname: '刘警官' },
        targets: ['津浦平安群', '一网格群'],
        photoCount: 3,
        mine: null,
        reach: { recipients: 4, opened: 0, acknowledged: 0, delivered: 0, delivery: expect.objectContaining({ queued: 4 }) },
        abilities: { acknowledge: false, tip: false, withdraw: true, remind: false, viewReach: true },
      });
      // shop (in both groups) once; guard, resident, gridShop; not the pending, not the leaver, not the author.
      const rows = await t.dataSource.query('SELECT user_id FROM alert_recipients WHERE alert_id = ? ORDER BY user_id', [alertId]);
      expect(rows.map((r: { user_id: number }) => Number(r.user_id))).toEqual([u.shop.id, u.guard.id, u.resident.id, u.gridShop.id].sort((a, b) => a - b));
      const notes = await t.dataSource.query("SELECT user_id, page, title FROM notifications WHERE template_key = 'police_alert' AND ref = ?", [String(alertId)]);
      expect(notes).toHaveLength(4);
      expect(notes[0]).toMatchObject({ page: `packages/alert/detail/index?id=${alertId}`, title: '警情提醒' });
      expect(await countRows(t, 'audit_logs', "action = 'alert.publish' AND target_id = ?", [String(alertId)])).toBe(1);
      // A retried submit (same clientKey) returns the same alert: 200, nothing new.
      const again = await t.http().post('/api/alerts').set('authorization', as('police')).send(body);
      expect([again.status, again.body.data.id]).toEqual([200, alertId]);
      expect(await countRows(t, 'alerts')).toBe(1);
    });

    it('the worker sends the subscription messages to members with a credit; the others are inbox only', async () => {
      const stats = await (await t.get(NotificationWorker)).drain();
      expect(stats).toMatchObject({ sent: 2, no_credit: 2 });
      expect(fake.sends.map((s) => s.touser).sort()).toEqual([u.shop.openid, u.guard.openid].sort());
      expect(fake.sends[0]).toMatchObject({ templateId: 'tpl-police_alert', page: `packages/alert/detail/index?id=${alertId}` });
      expect(fake.sends[0].data).toMatchObject({ thing1: { value: '注意使用假币购物的男子' }, thing2: { value: '津浦平安群等' }, phrase3: { value: '紧急' } });
    });

    it('the member\'s feed has it; opening it counts once; strangers get 404', async () => {
      const feed = await t.http().get('/api/alerts/feed').set('authorization', as('shop'));
      expect(feed.status).toBe(200);
      expect(feed.body.data.items).toHaveLength(1);
      expect(feed.body.data.items[0]).toMatchObject({ id: alertId, mine: { openedAt: null, acknowledgedAt: null }, reach: null, photos: [], abilities: { acknowledge: true, tip: true, withdraw: false } });
      expect(feed.body.data.nextCursor).toBeNull();
      const detail = await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('shop'));
      expect(detail.body.data.mine.openedAt).not.toBeNull();
      // Members see checked photos only (the pending one has no URL), suspect photo included before expiry.
      const photos = detail.body.data.photos;
      expect(photos.filter((p: { url: string | null }) => p.url).map((p: { mediaId: number }) => p.mediaId)).toEqual([suspectPhoto, billPhoto]);
      expect(detail.body.data.photos.find((p: { mediaId: number }) => p.mediaId === suspectPhoto)).toMatchObject({ suspect: true, url: expect.stringContaining(`/api/media/${suspectPhoto}/file?`) });
      const opened1 = detail.body.data.mine.openedAt;
      const again = await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('shop'));
      expect(again.body.data.mine.openedAt).toBe(opened1);
      expect((await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('stranger'))).status).toBe(404);
      expect((await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('pending'))).status).toBe(404);
      expect((await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('otherPolice'))).status).toBe(404);
      expect((await t.http().get(`/api/alerts/${alertId}`)).status).toBe(401);
    });

    it('收到: acknowledged once (idempotent); the officer sees the counts and who has not acknowledged', async () => {
      expect((await t.http().post(`/api/alerts/${alertId}/ack`).set('authorization', as('stranger'))).status).toBe(404);
      expect((await t.http().post(`/api/alerts/${alertId}/ack`).set('authorization', as('police'))).status).toBe(404);
      const ack = await t.http().post(`/api/alerts/${alertId}/ack`).set('authorization', as('shop'));
      expect(ack.status).toBe(200);
      expect(ack.body.data.mine.acknowledgedAt).not.toBeNull();
      expect(ack.body.data.abilities.acknowledge).toBe(false);
      const twice = await t.http().post(`/api/alerts/${alertId}/ack`).set('authorization', as('shop'));
      expect(twice.body.data.mine.acknowledgedAt).toBe(ack.body.data.mine.acknowledgedAt);
      const guard = await t.http().post(`/api/alerts/${alertId}/ack`).set('authorization', as('guard'));
      expect(guard.body.data.mine.openedAt).toBe(guard.body.data.mine.acknowledgedAt);

      const officer = await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('police'));
      expect(officer.body.data.reach).toEqual({
        recipients: 4,
        opened: 2,
        acknowledged: 2,
        delivered: 2,
        delivery: { queued: 0, sending: 0, sent: 2, no_credit: 2, refused: 0, error: 0 },
        remindersSent: 0,
      });
      const list = await t.http().get(`/api/alerts/${alertId}/recipients`).set('authorization', as('police'));
      expect(list.status).toBe(200);
      expect(list.body.data.items).toEqual(
        [u.resident, u.gridShop].sort((a, b) => a.id - b.id).map((x) =>
          expect.objectContaining({ userId: x.id, nickname: x.nickname, acknowledgedAt: null, delivery: 'no_credit', deliveryLabel: '未订阅，仅站内消息' }),
        ),
      );
      const acked = await t.http().get(`/api/alerts/${alertId}/recipients?filter=acknowledged&limit=1`).set('authorization', as('police'));
      expect(acked.body.data.items).toHaveLength(1);
      expect(acked.body.data.items[0]).toMatchObject({ delivery: 'sent', deliveryLabel: '已推送到微信', kindLabel: expect.any(String) });
      expect(acked.body.data.nextCursor).not.toBeNull();
      const next = await t.http().get(`/api/alerts/${alertId}/recipients?filter=acknowledged&limit=1&cursor=${acked.body.data.nextCursor}`).set('authorization', as('police'));
      expect(next.body.data.items).toHaveLength(1);
      expect(next.body.data.items[0].userId).not.toBe(acked.body.data.items[0].userId);
      const member = await t.http().get(`/api/alerts/${alertId}/recipients`).set('authorization', as('shop'));
      expect([member.status, member.body.error]).toEqual([403, 'FORBIDDEN']);
      const bad = await t.http().get(`/api/alerts/${alertId}/recipients?filter=nobody`).set('authorization', as('police'));
      expect(bad.status).toBe(422);
    });

    it('reminders: only after 10 minutes, to who has not acknowledged, each with its own message; at most 3', async () => {
      const tooSoon = await t.http().post(`/api/alerts/${alertId}/remind`).set('authorization', as('police'));
      expect([tooSoon.status, tooSoon.body.error, tooSoon.body.message]).toEqual([409, 'ALERT_REMIND_NOT_ALLOWED', '两次提醒至少间隔 10 分钟']);
      expect((await t.http().post(`/api/alerts/${alertId}/remind`).set('authorization', as('shop'))).status).toBe(403);
      await t.dataSource.query('UPDATE alerts SET published_at = ? WHERE id = ?', [at(new Date(Date.now() - 11 * 60_000)), alertId]);
      const ok = await t.http().post(`/api/alerts/${alertId}/remind`).set('authorization', as('police'));
      expect([ok.status, ok.body.data]).toEqual([200, { seq: 1, recipients: 2 }]);
      const reminders = await t.dataSource.query('SELECT user_id, page FROM notifications WHERE ref = ? ORDER BY user_id', [`${alertId}&reminder=1`]);
      expect(reminders.map((r: { user_id: number }) => Number(r.user_id))).toEqual([u.resident.id, u.gridShop.id].sort((a, b) => a - b));
      // The ref is URL-encoded into the page: the page reads the leading number (parseInt) either way.
      expect(reminders[0].page).toBe(`packages/alert/detail/index?id=${encodeURIComponent(`${alertId}&reminder=1`)}`);
      const gap = await t.http().post(`/api/alerts/${alertId}/remind`).set('authorization', as('police'));
      expect(gap.body.error).toBe('ALERT_REMIND_NOT_ALLOWED');
      expect(await countRows(t, 'audit_logs', "action = 'alert.remind'")).toBe(1);
      // The automatic sweep leaves an alert already reminded alone.
      expect(await (await t.get(AlertService)).sweepReminders(new Date(Date.now() + 3600_000))).toBe(0);
    });

    it('after expiry: suspect photos hidden from members (in the alert and through /api/media), kept for the officer', async () => {
      const before = await t.http().get(`/api/media/${suspectPhoto}`).set('authorization', as('shop'));
      expect(before.status).toBe(200);
      expect((await t.http().get(`/api/media/${suspectPhoto}`).set('authorization', as('stranger'))).status).toBe(404);
      await t.dataSource.query('UPDATE alerts SET expires_at = ? WHERE id = ?', [at(new Date(Date.now() - 1000)), alertId]);
      const member = await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('shop'));
      expect(member.body.data).toMatchObject({ displayStatus: 'expired', displayStatusLabel: '已过期', suspectPhotosHidden: true, photoCount: 2 });
      expect(member.body.data.photos.find((p: { mediaId: number }) => p.mediaId === suspectPhoto).url).toBeNull();
      expect(member.body.data.photos.find((p: { mediaId: number }) => p.mediaId === billPhoto).url).not.toBeNull();
      expect((await t.http().get(`/api/media/${suspectPhoto}`).set('authorization', as('shop'))).status).toBe(404);
      expect((await t.http().get(`/api/media/${billPhoto}`).set('authorization', as('shop'))).status).toBe(200);
      const officer = await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('police'));
      expect(officer.body.data.photos.find((p: { mediaId: number }) => p.mediaId === suspectPhoto).url).not.toBeNull();
      const remind = await t.http().post(`/api/alerts/${alertId}/remind`).set('authorization', as('police'));
      expect(remind.body.message).toBe('警情已过期');
      await t.dataSource.query('UPDATE alerts SET expires_at = ? WHERE id = ?', [at(new Date(Date.now() + 86_400_000)), alertId]);
    });

    it('GET /alerts/posted: the officer\'s and the admin\'s lists with reach; members are refused', async () => {
      const officer = await t.http().get('/api/alerts/posted').set('authorization', as('police'));
      expect(officer.body.data.items.map((a: { id: number }) => a.id)).toEqual([alertId]);
      expect(officer.body.data.items[0].reach).toMatchObject({ recipients: 4, acknowledged: 2, delivery: null });
      const admin = await t.http().get('/api/alerts/posted').set('authorization', as('admin'));
      expect(admin.body.data.items.map((a: { id: number }) => a.id)).toEqual([alertId]);
      expect((await t.http().get('/api/alerts/posted').set('authorization', as('otherPolice'))).body.data.items).toEqual([]);
      expect((await t.http().get('/api/alerts/posted').set('authorization', as('shop'))).status).toBe(403);
    });

    it('withdrawal: reason required, members see it withdrawn without text or photos, queued messages are not sent, audited', async () => {
      // A second alert whose messages are still queued.
      const second = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id], { title: '冒充燃气公司上门收费' }));
      const id2 = second.body.data.id;
      expect((await t.http().post(`/api/alerts/${id2}/withdraw`).set('authorization', as('shop')).send({ reason: '我不想看' })).status).toBe(403);
      const noReason = await t.http().post(`/api/alerts/${id2}/withdraw`).set('authorization', as('police')).send({});
      expect([noReason.status, noReason.body.fields]).toEqual([422, { reason: '请填写撤回理由' }]);
      const ok = await t.http().post(`/api/alerts/${id2}/withdraw`).set('authorization', as('admin')).send({ reason: '信息有误，已核实' });
      expect(ok.status).toBe(200);
      expect(ok.body.data).toMatchObject({ status: 'withdrawn', displayStatusLabel: '已撤回', withdrawReason: '信息有误，已核实', abilities: { withdraw: false } });
      const again = await t.http().post(`/api/alerts/${id2}/withdraw`).set('authorization', as('police')).send({ reason: '再撤一次' });
      expect([again.status, again.body.error]).toEqual([409, 'ALERT_WITHDRAWN']);
      const member = await t.http().get(`/api/alerts/${id2}`).set('authorization', as('shop'));
      expect(member.body.data).toMatchObject({ status: 'withdrawn', body: null, photos: [], withdrawReason: '信息有误，已核实', abilities: { acknowledge: false, tip: false } });
      const ack = await t.http().post(`/api/alerts/${id2}/ack`).set('authorization', as('shop'));
      expect([ack.status, ack.body.error]).toEqual([409, 'ALERT_WITHDRAWN']);
      const states = await t.dataSource.query(
        "SELECT d.status, d.last_errcode FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.ref = ?",
        [String(id2)],
      );
      expect(states.length).toBe(3);
      expect(states.every((s: { status: string; last_errcode: string }) => s.status === 'error' && s.last_errcode === 'withdrawn')).toBe(true);
      fake.clear();
      await (await t.get(NotificationWorker)).drain();
      expect(fake.sends).toHaveLength(0);
      const audit = await t.dataSource.query("SELECT actor_role, after FROM audit_logs WHERE action = 'alert.withdraw'");
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_role).toBe('admin');
      expect(JSON.parse(audit[0].after)).toMatchObject({ reason: '信息有误，已核实', cancelledDeliveries: 3 });
    });
  });

  describe('areas and reminders by the timer', () => {
    it('an area alert reaches the members of the officer\'s groups whose place lies inside the area', async () => {
      const res = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([], { areaUnitIds: [tree.grid.id], severity: 'urgent', title: '一网格内发生电动车盗窃' }));
      expect(res.status).toBe(201);
      const rows = await t.dataSource.query('SELECT user_id FROM alert_recipients WHERE alert_id = ? ORDER BY user_id', [res.body.data.id]);
      // shop: place = grid (in both groups); gridShop: member of the grid group. Not the guard/resident (community-wide place).
      expect(rows.map((r: { user_id: number }) => Number(r.user_id))).toEqual([u.shop.id, u.gridShop.id].sort((a, b) => a - b));
      expect(res.body.data.targets).toEqual(['津浦社区第一网格']);
    });

    it('an officer without members in the area gets ALERT_NO_RECIPIENTS and nothing is written', async () => {
      const before = await countRows(t, 'alerts');
      const lonely = await buildUser(t, { nickname: '新民警' });
      await grantRole(t, lonely, 'community_police', tree.community);
      await buildGroup(t, tree.community, lonely, '空群');
      const res = await t.http().post('/api/alerts').set('authorization', bearer(await loginAs(t, lonely))).send(alertInput([], { areaUnitIds: [tree.grid.id] }));
      expect([res.status, res.body.error]).toEqual([422, 'ALERT_NO_RECIPIENTS']);
      expect(await countRows(t, 'alerts')).toBe(before);
    });

    it('the timer reminds urgent alerts once, 30 minutes after posting, to who has not acknowledged', async () => {
      const sut = await t.get(AlertService);
      const later = new Date(Date.now() + 31 * 60_000);
      const n = await sut.sweepReminders(later);
      expect(n).toBe(1);
      expect(await sut.sweepReminders(later)).toBe(0);
      const audit = await t.dataSource.query("SELECT actor_id, actor_role FROM audit_logs WHERE action = 'alert.remind' ORDER BY id DESC LIMIT 1");
      expect(audit[0]).toMatchObject({ actor_role: 'system' });
    });
  });
});
