import { ModerationItemEntity } from '../src/modules/moderation/moderation-item.entity';
import { TicketEntity, TicketEventEntity } from '../src/modules/ticket/ticket.entities';
import { buildUser, countRows, grantRole, loginAs, startAppWithWechatFake } from './factories';
import type { WechatFake } from './fakes/wechat-fake';
import type { TestApp } from './helpers/app';
import { buildPhoto, buildTicketWorld, IN_GRID, IN_OTHER_GRID, OUTSIDE, reportAs, reportBody, type TicketWorld } from './ticket.helpers';

/** POST /tickets (reporting), GET /tickets/similar, POST /tickets/:id/join, GET /tickets/mine. */
describe('ticket reporting API', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let w: TicketWorld;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    w = await buildTicketWorld(t, ['resident', 'neighbour', 'stranger', 'racer', 'busy', 'writer']);
  });
  afterAll(() => closeAll());

  const post = (who: string | null, body: unknown) => {
    const req = t.http().post('/api/tickets');
    return who ? req.set('Authorization', w.as(who)).send(body as object) : req.send(body as object);
  };

  describe('POST /api/tickets', () => {
    it('401 without a token', async () => {
      const res = await post(null, reportBody([1]));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ ok: false, error: 'UNAUTHENTICATED' });
    });

    it('422 per field, nothing written', async () => {
      const res = await post('resident', { idempotencyKey: 'x', categoryCode: '?', description: '短', photoIds: [], location: { mode: 'map' } });
      expect(res.status).toBe(422);
      expect(res.body.fields).toMatchObject({
        idempotencyKey: expect.any(String),
        categoryCode: '问题类别不正确',
        description: expect.stringContaining('至少 5 个字'),
        photoIds: '请至少上传 1 张照片',
        'location.lat': '请选择位置',
        'location.lng': '请选择位置',
      });
      expect(await countRows(t, 'tickets')).toBe(0);
    });

    it('422 on an unknown category, answers that do not fit the category version, too few photos for its evidence rule', async () => {
      const photo = await buildPhoto(t, w.users.resident);
      const unknown = await post('resident', reportBody([photo.id], { categoryCode: 'XX-9999' }));
      expect(unknown.status).toBe(422);
      expect(unknown.body.fields).toEqual({ categoryCode: '请选择有效的问题类别' });

      const answers = await post('resident', reportBody([photo.id], { answers: { stall_count: 99, time_of_day: 'noon', colour: 'red' } }));
      expect(answers.status).toBe(422);
      expect(answers.body.fields).toEqual({ 'answers.colour': '不是此类别的问题', 'answers.stall_count': '摊位数量不能大于 50', 'answers.time_of_day': '请从选项中选择出现时段' });

      // CG-0102 needs 2-4 photos and a required "floor" answer.
      const evidence = await post('resident', reportBody([photo.id], { categoryCode: 'CG-0102', answers: { floor: '3楼' } }));
      expect(evidence.status).toBe(422);
      expect(evidence.body.fields).toEqual({ photoIds: '该类问题请至少上传 2 张照片' });
      const required = await post('resident', reportBody([photo.id], { categoryCode: 'CG-0102', answers: {} }));
      expect(required.body.fields).toEqual({ 'answers.floor': '请填写所在楼层' });
      expect(await countRows(t, 'tickets')).toBe(0);
    });

    it("422 on photos that are not the caller's report photos or were refused by the check", async () => {
      const others = await buildPhoto(t, w.users.neighbour);
      const avatar = await buildPhoto(t, w.users.resident, { purpose: 'avatar' });
      const risky = await buildPhoto(t, w.users.resident, { checkStatus: 'risky' });
      for (const id of [others.id, avatar.id, risky.id, 999999]) {
        const res = await post('resident', reportBody([id]));
        expect(res.status).toBe(422);
        expect(res.body.fields).toEqual({ photoIds: '照片不存在、不是本人上传或未通过审核，请重新上传' });
      }
      const pending = await buildPhoto(t, w.users.writer, { checkStatus: 'pending' });
      expect((await post('writer', reportBody([pending.id]))).status).toBe(201);
      // Held for a moderator's review: accepted, kept from others until it passes.
      const review = await buildPhoto(t, w.users.writer, { checkStatus: 'review' });
      expect((await post('writer', reportBody([review.id]))).status).toBe(201);
    });

    it('403 on the duty-patrol source from someone not on watch duty this week; nothing written', async () => {
      const photo = await buildPhoto(t, w.users.resident);
      const before = await countRows(t, 'tickets');
      const res = await post('resident', reportBody([photo.id], { source: 'duty_patrol' }));
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('不在值守');
      const bad = await post('resident', reportBody([photo.id], { source: 'hotline' }));
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ source: '不是可选的来源' });
      expect(await countRows(t, 'tickets')).toBe(before);
    });

    it('403 when someone who is no building head reports for a neighbour; a building head may', async () => {
      const photo = await buildPhoto(t, w.users.resident);
      const onBehalfOf = { name: '楼下李奶奶', consent: true };
      const res = await post('resident', reportBody([photo.id], { onBehalfOf }));
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('只有楼栋长可以代邻居上报');
      const head = await reportAs(t, w, 'buildingHead', { onBehalfOf });
      expect(head).toMatchObject({ isMine: true, onBehalfOf: { name: '楼下李奶奶' }, status: 'reported' });
    });

    it('422 OUTSIDE_JURISDICTION with the nearest grid for a point outside every grid', async () => {
      const photo = await buildPhoto(t, w.users.resident);
      const before = await countRows(t, 'tickets');
      const res = await post('resident', reportBody([photo.id], { location: { mode: 'gps', lat: OUTSIDE.lat, lng: OUTSIDE.lng } }));
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('OUTSIDE_JURISDICTION');
      expect(res.body.data.nearest).toMatchObject({ id: expect.any(Number), distanceMeters: expect.any(Number) });
      expect(res.body.data.suggestion).toEqual({ community: null, street: null, district: null });
      expect(await countRows(t, 'tickets')).toBe(before);
    });

    it('422 CONTENT_RISKY when the content check refuses the description; a held one is kept off the public', async () => {
      fake.setTextVerdict('违禁词', 'risky').setTextVerdict('待复核', 'review');
      const photo = await buildPhoto(t, w.users.resident);
      const before = await countRows(t, 'tickets');
      const risky = await post('resident', reportBody([photo.id], { description: '这里有违禁词的描述内容' }));
      expect(risky.status).toBe(422);
      expect(risky.body.error).toBe('CONTENT_RISKY');
      expect(await countRows(t, 'tickets')).toBe(before);

      const held = await reportAs(t, w, 'writer', { description: '这段描述待复核一下' });
      const row = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: held.id });
      expect(row.textHeld).toBe(true);
      const item = await t.dataSource.getRepository(ModerationItemEntity).findOneByOrFail({ contentType: 'ticket', targetId: String(held.id) });
      expect(item).toMatchObject({ status: 'pending', source: 'machine_review', unitPath: w.tree.grid.path });

      // A moderator publishing the held description puts the ticket back on the public side; hiding takes it off.
      const moderator = await buildUser(t, { nickname: '审核管理员' });
      await grantRole(t, moderator, 'admin', w.tree.street);
      const auth = `Bearer ${await loginAs(t, moderator)}`;
      const restore = await t.http().post(`/api/admin/moderation/${item.id}/restore`).set('Authorization', auth).send({ reason: '描述正常' });
      expect(restore.status).toBe(200);
      expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: held.id })).textHeld).toBe(false);
      const hide = await t.http().post(`/api/admin/moderation/${item.id}/hide`).set('Authorization', auth).send({ reason: '含不实信息' });
      expect(hide.status).toBe(200);
      expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: held.id })).textHeld).toBe(true);
    });

    it('201 creates the ticket routed to grid, community, street and district, with its report event; no number before filing', async () => {
      const photo = await buildPhoto(t, w.users.resident);
      const body = reportBody([photo.id], { anonymous: true, answers: { stall_count: 2, time_of_day: 'evening' } });
      const res = await post('resident', body);
      expect(res.status).toBe(201);
      const ticket = res.body.data.ticket;
      expect(res.body.data.replayed).toBe(false);
      expect(ticket).toMatchObject({
        number: null,
        view: 'resident',
        source: 'resident',
        category: { code: 'CG-0101', version: 1, name: '占道经营', majorName: '城市管理', onSpotFixable: true, sensitive: false },
        answers: { stall_count: 2, time_of_day: 'evening' },
        location: { mode: 'map', lat: IN_GRID.lat, lng: IN_GRID.lng, address: '津浦路 1 号门口' },
        grid: { id: w.tree.grid.id, name: '津浦社区第一网格' },
        community: { id: w.tree.community.id },
        street: { id: w.tree.street.id, name: '泰山街道' },
        district: { id: w.tree.district.id },
        status: 'reported',
        statusLabel: '待受理',
        level: 'street',
        holderLabel: '泰山街道 街道指挥中心',
        anonymous: true,
        reporter: null,
        isMine: true,
        version: 1,
        capacities: ['reporter'],
        allowedActions: ['cancel', 'comment'],
      });
      expect(ticket.photos).toEqual([{ id: photo.id, url: expect.stringContaining(`/api/media/${photo.id}/file`), thumbUrl: expect.any(String), urlExpiresAt: expect.any(String) }]);
      expect(ticket.events).toEqual([expect.objectContaining({ action: 'report', actionLabel: '上报', toStatus: 'reported', actor: expect.objectContaining({ kind: 'me', label: '我' }) })]);
      expect(Date.parse(ticket.fileDeadline)).toBeGreaterThan(Date.now());
    });

    it('a retry with the same key answers the first ticket (200, replayed); the same key with another body is 422', async () => {
      const photo = await buildPhoto(t, w.users.neighbour);
      const body = reportBody([photo.id]);
      const first = await post('neighbour', body);
      expect(first.status).toBe(201);
      const again = await post('neighbour', { ...body, answers: { ...(body.answers as object) } });
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ replayed: true, ticket: { id: first.body.data.ticket.id } });
      // The first answer is built from the rows the report wrote, the replay reads them back: the same
      // ticket (photo links are signed afresh).
      const unsigned = (tk: unknown) => JSON.parse(JSON.stringify(tk, (k, v) => (['url', 'thumbUrl', 'urlExpiresAt'].includes(k) ? undefined : v)));
      expect(unsigned(again.body.data.ticket)).toEqual(unsigned(first.body.data.ticket));
      const other = await post('neighbour', { ...body, description: '另一段完全不同的描述内容' });
      expect(other.status).toBe(422);
      expect(other.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await countRows(t, 'tickets', 'idempotency_key = ?', [body.idempotencyKey])).toBe(1);
    });

    it('one submission retried 20 times in parallel gives one report', async () => {
      const photo = await buildPhoto(t, w.users.racer);
      const body = reportBody([photo.id]);
      const results = await Promise.all(Array.from({ length: 20 }, () => post('racer', body)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(19);
      expect(new Set(results.map((r) => r.body.data.ticket.id)).size).toBe(1);
      expect(await countRows(t, 'tickets', 'submitted_by = ?', [w.users.racer.id])).toBe(1);
      expect(await countRows(t, 'ticket_events', "action = 'report' AND actor_id = ?", [w.users.racer.id])).toBe(1);
    });

    it('20 different users reporting at once all get their ticket (no deadlock in the text-check record)', async () => {
      // No openid: the text check takes the local path and records a moderation item per ticket.
      const racers = await Promise.all(Array.from({ length: 20 }, (_, i) => buildUser(t, { nickname: `并发${i}`, openid: null })));
      const auths = await Promise.all(racers.map(async (u) => `Bearer ${await loginAs(t, u)}`));
      const photos = await Promise.all(racers.map((u) => buildPhoto(t, u)));
      const results = await Promise.all(
        racers.map((_, i) => t.http().post('/api/tickets').set('Authorization', auths[i]).send(reportBody([photos[i].id]))),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    });

    it('429 past the per-user submission limit (replays are not counted)', async () => {
      const photo = await buildPhoto(t, w.users.busy);
      let last = 0;
      for (let i = 0; i < 31; i++) {
        const res = await post('busy', reportBody([photo.id]));
        last = res.status;
        if (i < 30) expect(res.status).toBe(201);
      }
      expect(last).toBe(429);
    });
  });

  describe('GET /api/tickets/similar and POST /api/tickets/:id/join', () => {
    let target: any;

    beforeAll(async () => {
      target = await reportAs(t, w, 'resident', { description: '路口早点摊占道经营很久了' });
    });

    it('401, 422', async () => {
      expect((await t.http().get('/api/tickets/similar?categoryCode=CG-0101&lat=32.06&lng=118.63')).status).toBe(401);
      const bad = await t.http().get('/api/tickets/similar?categoryCode=CG-0101&lat=abc').set('Authorization', w.as('stranger'));
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toMatchObject({ lat: '纬度应为数字', lng: expect.any(String) });
    });

    it('offers open tickets of the category within its radius, nearest first; never sensitive ones', async () => {
      await reportAs(t, w, 'neighbour', { categoryCode: 'ZA-0101', description: '楼里疑似群租，人员进出频繁', answers: {} });
      const res = await t.http().get(`/api/tickets/similar?categoryCode=CG-0101&lat=${IN_GRID.lat + 0.0002}&lng=${IN_GRID.lng}`).set('Authorization', w.as('stranger'));
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeGreaterThan(0);
      expect(res.body.data.every((s: any) => s.category.code === 'CG-0101' && s.distanceMeters <= 100)).toBe(true);
      expect(res.body.data.map((s: any) => s.id)).toContain(target.id);
      expect(res.body.data[0]).toMatchObject({ distanceMeters: expect.any(Number), mine: false, statusLabel: '待受理' });
      const sensitive = await t.http().get(`/api/tickets/similar?categoryCode=ZA-0101&lat=${IN_GRID.lat}&lng=${IN_GRID.lng}`).set('Authorization', w.as('stranger'));
      expect(sensitive.body.data).toEqual([]);
      const far = await t.http().get(`/api/tickets/similar?categoryCode=CG-0101&lat=${IN_OTHER_GRID.lat}&lng=${IN_OTHER_GRID.lng}`).set('Authorization', w.as('stranger'));
      expect(far.body.data).toEqual([]);
    });

    it('join: 401, 404 missing, 409 own ticket; joins once (idempotent), raises priority, the joiner follows the ticket', async () => {
      expect((await t.http().post(`/api/tickets/${target.id}/join`).send({})).status).toBe(401);
      expect((await t.http().post('/api/tickets/999999/join').set('Authorization', w.as('stranger')).send({})).status).toBe(404);
      const invalid = await t.http().post(`/api/tickets/${target.id}/join`).set('Authorization', w.as('stranger')).send({ photoIds: ['x'], extra: 1 });
      expect(invalid.status).toBe(422);
      const othersPhoto = await buildPhoto(t, w.users.resident);
      const notMine = await t.http().post(`/api/tickets/${target.id}/join`).set('Authorization', w.as('stranger')).send({ photoIds: [othersPhoto.id] });
      expect(notMine.status).toBe(422);
      expect(notMine.body.fields).toEqual({ photoIds: '照片不存在、不是本人上传或未通过审核，请重新上传' });
      const own = await t.http().post(`/api/tickets/${target.id}/join`).set('Authorization', w.as('resident')).send({});
      expect(own.status).toBe(409);
      expect(own.body.error).toBe('TICKET_JOIN_NOT_ALLOWED');

      const photo = await buildPhoto(t, w.users.stranger);
      const first = await t.http().post(`/api/tickets/${target.id}/join`).set('Authorization', w.as('stranger')).send({ note: '我每天上班也经过', photoIds: [photo.id] });
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ replayed: false, ticket: { id: target.id, joined: true, isMine: false, capacities: ['co_reporter'], coReporterCount: 1, priority: 1 } });
      const again = await t.http().post(`/api/tickets/${target.id}/join`).set('Authorization', w.as('stranger')).send({});
      expect(again.body.data).toMatchObject({ replayed: true, ticket: { coReporterCount: 1, priority: 1 } });
      const joinEvents = await t.dataSource.getRepository(TicketEventEntity).findBy({ ticketId: target.id, action: 'join' });
      expect(joinEvents).toHaveLength(1);
      expect(joinEvents[0].photoIds).toEqual([photo.id]);
      // The reporter sees the joiner as 共同上报人, never by name.
      const seen = await t.http().get(`/api/tickets/${target.id}`).set('Authorization', w.as('resident'));
      const join = seen.body.data.events.find((e: any) => e.action === 'join');
      expect(join.actor).toEqual({ kind: 'co_reporter', label: '共同上报人', capacity: 'co_reporter', unitName: null, department: null });
    });

    it('join: 404 for a sensitive ticket of someone else', async () => {
      const sensitive = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ categoryCode: 'ZA-0101' });
      const res = await t.http().post(`/api/tickets/${sensitive.id}/join`).set('Authorization', w.as('stranger')).send({});
      expect(res.status).toBe(404);
    });
  });

  describe('GET /api/tickets/mine and GET /api/tickets/:id', () => {
    it('401; mine lists my reports and the ones I joined, newest first, in keyset pages', async () => {
      expect((await t.http().get('/api/tickets/mine')).status).toBe(401);
      const bad = await t.http().get('/api/tickets/mine?cursor=$$').set('Authorization', w.as('stranger'));
      expect(bad.status).toBe(422);
      const mine = await t.dataSource.getRepository(TicketEntity).countBy({ reporterId: w.users.stranger.id });
      const joined = await countRows(t, 'ticket_co_reporters', 'user_id = ?', [w.users.stranger.id]);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await t.http().get(`/api/tickets/mine?limit=1${cursor ? `&cursor=${cursor}` : ''}`).set('Authorization', w.as('stranger'));
        expect(res.status).toBe(200);
        seen.push(...res.body.data.items.map((i: any) => i.id));
        cursor = res.body.data.nextCursor;
      } while (cursor);
      expect(seen.length).toBe(mine + joined);
      expect([...seen].sort((a, b) => b - a)).toEqual(seen);

      const resident = await t.http().get('/api/tickets/mine?group=open').set('Authorization', w.as('resident'));
      expect(resident.body.data.items.length).toBeGreaterThan(0);
      expect(resident.body.data.items[0]).toMatchObject({ status: 'reported', holderLabel: '泰山街道 街道指挥中心', category: { code: 'CG-0101', name: '占道经营' }, thumbUrl: expect.any(String) });
      const ended = await t.http().get('/api/tickets/mine?group=ended').set('Authorization', w.as('resident'));
      expect(ended.body.data.items).toEqual([]);
    });

    it("401, 422 on a bad id, 404 for someone else's ticket (as for a missing one)", async () => {
      const ticket = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ reporterId: w.users.resident.id });
      expect((await t.http().get(`/api/tickets/${ticket.id}`)).status).toBe(401);
      expect((await t.http().get('/api/tickets/abc').set('Authorization', w.as('resident'))).status).toBe(422);
      const other = await t.http().get(`/api/tickets/${ticket.id}`).set('Authorization', w.as('racer'));
      const missing = await t.http().get('/api/tickets/999999').set('Authorization', w.as('racer'));
      expect(other.status).toBe(404);
      expect(other.body).toEqual(missing.body);
      expect((await t.http().get(`/api/tickets/${ticket.id}`).set('Authorization', w.as('otherDispatcher'))).status).toBe(404);
    });
  });
});
