import { addDays, beijingMidnight, mondayOf, type LngLat } from '@linli/shared';
import { AuditLogEntity } from '../src/common/audit/audit-log.entity';
import { PointsService } from '../src/modules/points/points.service';
import { RotaClock } from '../src/modules/rota/rota.clock';
import { CheckinEntity, DutyEntity, ParticipantEntity, ParticipantUserEntity, RotaEntity } from '../src/modules/rota/rota.entity';
import { RotaJobs } from '../src/modules/rota/rota.jobs';
import { UnitSpatialIndex } from '../src/modules/unit/unit.spatial-index';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { NotificationEntity } from '../src/modules/notification/notification.entity';
import { PhoneCrypto } from '../src/modules/user/phone.crypto';
import { UserEntity } from '../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, UnitTree } from './factories';
import { startTestApp, TestApp } from './helpers/app';

/**
 * The watch rotas over HTTP: shops (register, review, staff), rotas (create over grids, enrol, join,
 * leave, roster, CSV), my duty week, swaps, exemptions, check-ins with the geofence, completion with
 * points, reminders and location erasure. Time is the rota module's clock, pinned per test.
 */

// A Wednesday, 10:00 Beijing time.
const T0 = new Date('2026-12-02T02:00:00Z');
const THIS_MONDAY = '2026-11-30';
const NEXT_MONDAY = '2026-12-07';

/** A 600 m x 400 m rectangle around `c` (GCJ-02). */
function rect(c: LngLat, dx = 0.003, dy = 0.002): LngLat[][] {
  const [x, y] = c;
  return [[[x - dx, y - dy], [x + dx, y - dy], [x + dx, y + dy], [x - dx, y + dy], [x - dx, y - dy]]];
}

describe('rota API', () => {
  let t: TestApp;
  let tree: UnitTree;
  let clock: RotaClock;
  const GRID_CENTRE: LngLat = [118.6, 32.05];
  const OTHER_CENTRE: LngLat = [118.7, 32.15];
  const users: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  let shopIds: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    await t.dataSource.getRepository(UnitEntity).update({ id: tree.grid.id }, { polygon: rect(GRID_CENTRE) });
    await t.dataSource.getRepository(UnitEntity).update({ id: tree.otherGrid.id }, { polygon: rect(OTHER_CENTRE) });
    (await t.get(UnitSpatialIndex)).invalidate();
    clock = await t.get(RotaClock);
    clock.set(T0);
    const make = async (key: string, phone?: string) => {
      // No openid: content checks take the local path (no WeChat in these tests).
      users[key] = await buildUser(t, { nickname: key, openid: null, phone });
      tokens[key] = await loginAs(t, users[key]);
    };
    for (const k of ['owner', 'owner2', 'owner3', 'staff', 'resident', 'police', 'otherPolice', 'admin']) await make(k, k === 'staff' ? '13900001111' : undefined);
    await grantRole(t, users.police, 'community_police', tree.community);
    await grantRole(t, users.otherPolice, 'community_police', tree.otherCommunity);
    await grantRole(t, users.admin, 'admin', tree.district);
  });
  afterAll(() => t.close());

  const post = (path: string, who: string | null, body: unknown = {}) => {
    const r = t.http().post(`/api${path}`);
    return who ? r.set('authorization', as(who)).send(body as object) : r.send(body as object);
  };
  const get = (path: string, who: string | null) => {
    const r = t.http().get(`/api${path}`);
    return who ? r.set('authorization', as(who)) : r;
  };
  const shopBody = (name: string, p: LngLat = GRID_CENTRE) => ({ name, address: '津浦路1号', lng: p[0], lat: p[1], phone: '13812345678', openingDays: 0b0011111 });

  describe('shops', () => {
    it('POST /rota/shops: 401, 422 per field, 422 outside every grid, then 201 pending', async () => {
      expect((await post('/rota/shops', null, shopBody('李记超市'))).status).toBe(401);
      const bad = await post('/rota/shops', 'owner', { name: 'x', address: '', lng: 200, lat: 'a', phone: '123' });
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toMatchObject({ name: '店名至少 2 个字', lng: '经度不在中国范围内', lat: '纬度应为数字', phone: '请填写 11 位手机号' });
      const outside = await post('/rota/shops', 'owner', shopBody('远方小店', [100, 30]));
      expect(outside.status).toBe(422);
      expect(outside.body.error).toBe('OUTSIDE_JURISDICTION');
      expect(await countRows(t, 'rota_participants')).toBe(0);
      const ok = await post('/rota/shops', 'owner', shopBody('李记超市'));
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({ name: '李记超市', status: 'pending', unit: { id: tree.grid.id }, phone: '13812345678', phoneMasked: '138****5678', myRole: 'owner', openingDaysLabel: '周一至周五' });
      // The phone is stored encrypted.
      const row = await t.dataSource.getRepository(ParticipantEntity).findOneByOrFail({ id: ok.body.data.id });
      expect(row.phoneEnc).not.toContain('13812345678');
      shopIds.push(ok.body.data.id);
    });

    it('review: 403 for non-officers, 404 outside the officer\'s units, 200 approve with an audit row, 409 twice', async () => {
      const id = shopIds[0];
      expect((await get('/admin/rota/participants', 'resident')).status).toBe(403);
      expect((await get('/admin/rota/participants', 'police')).body.data.map((p: { id: number }) => p.id)).toEqual([id]);
      expect((await get('/admin/rota/participants', 'otherPolice')).body.data).toEqual([]);
      expect((await post(`/admin/rota/participants/${id}/review`, 'otherPolice', { approve: true })).status).toBe(404);
      const reject = await post(`/admin/rota/participants/${id}/review`, 'police', { approve: false });
      expect(reject.status).toBe(422);
      expect(reject.body.fields.note).toBe('不通过时请填写理由（至少 2 个字）');
      const ok = await post(`/admin/rota/participants/${id}/review`, 'police', { approve: true });
      expect(ok.status).toBe(200);
      expect(ok.body.data.status).toBe('approved');
      expect((await post(`/admin/rota/participants/${id}/review`, 'police', { approve: true })).body.error).toBe('ROTA_REQUEST_CLOSED');
      expect(await t.dataSource.getRepository(AuditLogEntity).countBy({ action: 'rota.shop.approve' })).toBe(1);
    });

    it('staff: the owner adds a user by bound phone; unknown phones are 404; staff sees the shop', async () => {
      const id = shopIds[0];
      expect((await post(`/rota/participants/${id}/staff`, 'owner', { phone: '13900009999' })).body.error).toBe('ROTA_STAFF_USER_NOT_FOUND');
      expect((await post(`/rota/participants/${id}/staff`, 'owner2', { phone: '13900001111' })).status).toBe(404);
      const ok = await post(`/rota/participants/${id}/staff`, 'owner', { phone: '13900001111' });
      expect(ok.status).toBe(200);
      expect(ok.body.data.people.map((p: { role: string }) => p.role)).toEqual(['owner', 'staff']);
      const mine = await get('/rota/participants/mine', 'staff');
      expect(mine.body.data[0]).toMatchObject({ id, myRole: 'staff' });
      const patch = await t.http().patch(`/api/rota/participants/${id}`).set('authorization', as('owner')).send({ phonePublic: true });
      expect(patch.body.data.phonePublic).toBe(true);
      expect((await t.http().patch(`/api/rota/participants/${id}`).set('authorization', as('staff')).send({ phonePublic: false })).status).toBe(404);
    });

    it('more approved shops for the rota', async () => {
      for (const [who, name] of [['owner2', '王家水果'], ['owner3', '陈记五金']] as const) {
        const r = await post('/rota/shops', who, shopBody(name));
        await post(`/admin/rota/participants/${r.body.data.id}/review`, 'police', { approve: true });
        shopIds.push(r.body.data.id);
      }
    });
  });

  let rotaId: number;
  describe('rotas', () => {
    const rotaBody = () => ({ name: '津浦路轮值', gridIds: [tree.grid.id], startDate: THIS_MONDAY, slots: 1, weeksAhead: 6, checkinsRequired: 2, officerPhone: '13700001234' });

    it('POST /admin/rota/rotas: 401, 403 for a resident, 422 (not a Monday), 422 grids outside my area, 422 past date, 422 unknown shop', async () => {
      expect((await post('/admin/rota/rotas', null, rotaBody())).status).toBe(401);
      expect((await post('/admin/rota/rotas', 'resident', rotaBody())).status).toBe(403);
      const notMonday = await post('/admin/rota/rotas', 'police', { ...rotaBody(), startDate: '2026-12-02' });
      expect(notMonday.body.fields.startDate).toBe('开始日期应为星期一');
      expect((await post('/admin/rota/rotas', 'police', { ...rotaBody(), gridIds: [tree.otherGrid.id] })).body.error).toBe('ROTA_AREA_INVALID');
      expect((await post('/admin/rota/rotas', 'police', { ...rotaBody(), startDate: '2026-11-23' })).body.error).toBe('ROTA_DATE_IN_PAST');
      expect((await post('/admin/rota/rotas', 'police', { ...rotaBody(), participantIds: [99999] })).body.error).toBe('ROTA_UNKNOWN_SHOP');
      expect(await countRows(t, 'rotas')).toBe(0);
    });

    it('creates a rota over all approved shops of the area, starting this week, planned 6 weeks ahead', async () => {
      const r = await post('/admin/rota/rotas', 'police', { ...rotaBody(), enrolAllInArea: true });
      expect(r.status).toBe(201);
      rotaId = r.body.data.id;
      expect(r.body.data).toMatchObject({ name: '津浦路轮值', memberCount: 3, canManage: true, officer: { nickname: 'police', phone: '13700001234' } });
      expect(r.body.data.members.map((m: { participant: { id: number } }) => m.participant.id)).toEqual(shopIds);
      const duties = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId }, order: { periodIndex: 'ASC' } });
      // This week (started, planned once at creation) + 6 weeks ahead.
      expect(duties.map((d) => [d.weekStart, d.participantId])).toEqual([
        [THIS_MONDAY, shopIds[0]],
        [NEXT_MONDAY, shopIds[1]],
        ['2026-12-14', shopIds[2]],
        ['2026-12-21', shopIds[0]],
        ['2026-12-28', shopIds[1]],
        ['2027-01-04', shopIds[2]],
        ['2027-01-11', shopIds[0]],
      ]);
      expect(await t.dataSource.getRepository(AuditLogEntity).countBy({ action: 'rota.create' })).toBe(1);
    });

    it('the public roster masks phones unless published; the CSV has a BOM; another officer gets 404 on the rota', async () => {
      const r = await get(`/rota/rotas/${rotaId}/roster?weeks=3`, null);
      expect(r.status).toBe(200);
      expect(r.body.data.weeks.map((w: { start: string; current: boolean }) => [w.start, w.current])).toEqual([
        [THIS_MONDAY, true],
        [NEXT_MONDAY, false],
        ['2026-12-14', false],
      ]);
      // Shop 1 published its phone; shop 2 did not.
      expect(r.body.data.weeks[0].duties[0]).toMatchObject({ participant: { name: '李记超市' }, phone: '13812345678' });
      expect(r.body.data.weeks[1].duties[0].phone).toBe('138****5678');
      expect(r.body.data.officer).toEqual({ nickname: 'police', phone: '13700001234' });
      const csv = await get(`/rota/rotas/${rotaId}/roster.csv?weeks=2`, null);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.charCodeAt(0)).toBe(0xfeff);
      expect(csv.text).toContain('王家水果');
      expect((await get(`/rota/rotas/999/roster`, null)).status).toBe(404);
      expect((await get(`/admin/rota/rotas/${rotaId}`, 'otherPolice')).status).toBe(404);
      expect((await get('/rota/rotas', null)).body.data.map((x: { id: number }) => x.id)).toEqual([rotaId]);
    });

    it('a resident volunteers; the officer approves; the volunteer joins at the end of the current round', async () => {
      expect((await post(`/rota/rotas/${rotaId}/join`, 'resident', {})).status).toBe(422);
      const v = await post(`/rota/rotas/${rotaId}/join`, 'resident', { volunteer: { name: '王阿姨', phone: '13600002222' } });
      expect(v.status).toBe(201);
      expect(v.body.data).toMatchObject({ status: 'pending', participant: { name: '王阿姨', kind: 'volunteer' } });
      expect((await post(`/rota/rotas/${rotaId}/join`, 'resident', { volunteer: { name: '王阿姨', phone: '13600002222' } })).body.error).toBe('ROTA_ALREADY_MEMBER');
      const ok = await post(`/admin/rota/members/${v.body.data.id}/review`, 'police', { approve: true });
      expect(ok.body.data).toMatchObject({ status: 'active', from: NEXT_MONDAY });
      const duties = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId }, order: { periodIndex: 'ASC' } });
      const volunteer = v.body.data.participant.id;
      // Weeks of the current round are kept; the volunteer comes after it.
      expect(duties.map((d) => d.participantId)).toEqual([shopIds[0], shopIds[1], shopIds[2], volunteer, shopIds[0], shopIds[1], shopIds[2]]);
    });
  });

  describe('my duty week, swaps, exemptions', () => {
    it('GET /rota/duty: the current duty with area, checklist, officer, and the next ones', async () => {
      expect((await get('/rota/duty', null)).status).toBe(401);
      const none = await get('/rota/duty', 'resident2' in tokens ? 'resident2' : 'admin');
      expect(none.body.data).toEqual({ participants: [], current: null, next: null, upcoming: [], past: [] });
      const r = await get('/rota/duty', 'owner');
      expect(r.status).toBe(200);
      const d = r.body.data;
      expect(d.current).toMatchObject({ start: THIS_MONDAY, end: '2026-12-06', state: 'current', canCheckin: true, canSwap: false, checkinsRequired: 2, officer: { phone: '13700001234' } });
      expect(d.current.area.grids[0].polygon).toEqual(rect(GRID_CENTRE));
      expect(d.current.checklist.length).toBeGreaterThan(0);
      expect(d.upcoming.map((x: { start: string }) => x.start)).toEqual(['2026-12-28']);
      // Staff see the same duty week.
      expect((await get('/rota/duty', 'staff')).body.data.current.id).toBe(d.current.id);
    });

    it('swap: a week already started is refused; shop 2 asks shop 3; shop 3 accepts; the officer approves; both weeks change', async () => {
      const duties = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId }, order: { periodIndex: 'ASC' } });
      const [current, w1, w2] = duties;
      expect((await post(`/rota/duties/${current.id}/swaps`, 'owner', { targetDutyId: w1.id, reason: '家里有事' })).body.error).toBe('ROTA_WEEK_STARTED');
      expect((await post(`/rota/duties/${w1.id}/swaps`, 'owner3', { targetDutyId: w2.id, reason: '家里有事' })).status).toBe(404);
      expect((await post(`/rota/duties/${w1.id}/swaps`, 'owner2', { targetDutyId: w1.id, reason: '家里有事' })).body.error).toBe('ROTA_SWAP_INVALID');
      const req = await post(`/rota/duties/${w1.id}/swaps`, 'owner2', { targetDutyId: w2.id, reason: '进货' });
      expect(req.status).toBe(201);
      expect(req.body.data).toMatchObject({ status: 'pending_peer', myRole: 'requester', canCancel: true });
      // Shop 3's owner is told (inbox).
      expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.owner3.id, templateKey: 'swap_request' })).toBe(1);
      expect((await post(`/rota/swaps/${req.body.data.id}/respond`, 'owner2', { accept: true })).status).toBe(404);
      const acc = await post(`/rota/swaps/${req.body.data.id}/respond`, 'owner3', { accept: true });
      expect(acc.body.data.status).toBe('pending_officer');
      expect((await post(`/admin/rota/swaps/${req.body.data.id}/review`, 'otherPolice', { approve: true })).status).toBe(404);
      const detail = await get(`/admin/rota/rotas/${rotaId}`, 'police');
      expect(detail.body.data.pendingSwaps.map((s: { id: number; canReview: boolean }) => [s.id, s.canReview])).toEqual([[req.body.data.id, true]]);
      const ok = await post(`/admin/rota/swaps/${req.body.data.id}/review`, 'police', { approve: true });
      expect(ok.body.data.status).toBe('approved');
      const after = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId }, order: { periodIndex: 'ASC' } });
      expect(after[0]).toMatchObject({ id: current.id, participantId: shopIds[0] });
      expect(after[1]).toMatchObject({ participantId: shopIds[2], pinned: true });
      expect(after[2]).toMatchObject({ participantId: shopIds[1], pinned: true });
      expect((await post(`/admin/rota/swaps/${req.body.data.id}/review`, 'police', { approve: true })).body.error).toBe('ROTA_REQUEST_CLOSED');
      // Both sides were told the outcome.
      expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.owner2.id, templateKey: 'swap_request' })).toBe(1);
    });

    it('exemption: dates in the past 422; over a swapped week 409; approved -> the shop is skipped; the others move up', async () => {
      const body = { rotaId, participantId: shopIds[0], from: '2026-12-01', to: '2026-12-02', reason: 'away' };
      expect((await post('/rota/exemptions', 'owner', body)).body.error).toBe('ROTA_DATE_IN_PAST');
      expect((await post('/rota/exemptions', 'owner', { ...body, from: '2026-12-30', to: '2026-12-20' })).body.fields.to).toBe('结束日期不能早于开始日期');
      expect((await post('/rota/exemptions', 'owner2', { ...body, participantId: shopIds[1], from: '2026-12-14', to: '2026-12-15' })).body.error).toBe('ROTA_SWAPPED_WEEK');
      expect((await post('/rota/exemptions', 'resident', body)).body.error).toBe('ROTA_UNKNOWN_SHOP');
      const req = await post('/rota/exemptions', 'owner', { ...body, from: '2026-12-21', to: '2026-12-27', reason: 'closed', note: '装修' });
      expect(req.status).toBe(201);
      expect(req.body.data).toMatchObject({ status: 'pending', reasonLabel: '店铺停业', canCancel: true });
      const ok = await post(`/admin/rota/exemptions/${req.body.data.id}/review`, 'police', { approve: true });
      expect(ok.body.data.status).toBe('approved');
      const dec21 = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId, weekStart: '2026-12-21' } });
      expect(dec21.map((d) => d.participantId)).not.toContain(shopIds[0]);
      // The current week never changes.
      const current = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId, weekStart: THIS_MONDAY } });
      expect(current.map((d) => d.participantId)).toEqual([shopIds[0]]);
    });
  });

  describe('on duty', () => {
    let dutyId: number;
    beforeAll(async () => {
      dutyId = (await t.dataSource.getRepository(DutyEntity).findOneByOrFail({ rotaId, weekStart: THIS_MONDAY })).id;
    });

    it('check-in: 422 without consent; 422 outside the geofence (nothing stored); 409 outside the duty week', async () => {
      const at = { kind: 'start', lng: GRID_CENTRE[0], lat: GRID_CENTRE[1], consent: true };
      expect((await post(`/rota/duties/${dutyId}/checkins`, null, at)).status).toBe(401);
      expect((await post(`/rota/duties/${dutyId}/checkins`, 'owner', { ...at, consent: false })).body.fields.consent).toBe('请先同意使用位置信息进行值守打卡');
      const far = await post(`/rota/duties/${dutyId}/checkins`, 'owner', { ...at, lng: OTHER_CENTRE[0], lat: OTHER_CENTRE[1] });
      expect(far.status).toBe(422);
      expect(far.body.error).toBe('ROTA_OUTSIDE_AREA');
      expect(far.body.data.distanceMeters).toBeGreaterThan(1000);
      expect((await post(`/rota/duties/${dutyId}/checkins`, 'owner2', at)).status).toBe(404);
      const next = await t.dataSource.getRepository(DutyEntity).findOneByOrFail({ rotaId, weekStart: NEXT_MONDAY });
      expect((await post(`/rota/duties/${next.id}/checkins`, 'owner3', at)).body.error).toBe('ROTA_NOT_ON_DUTY');
      expect(await countRows(t, 'rota_checkins')).toBe(0);
    });

    it('the officer sees who has not checked in; two check-ins complete the duty and award points once', async () => {
      const before = await get(`/admin/rota/rotas/${rotaId}/attendance`, 'police');
      expect(before.body.data).toMatchObject({ period: { start: THIS_MONDAY, end: '2026-12-06' }, notCheckedIn: 1 });
      expect(before.body.data.rows[0]).toMatchObject({ participant: { id: shopIds[0] }, checkinCount: 0, phone: '13812345678' });
      const at = { lng: GRID_CENTRE[0] + 0.001, lat: GRID_CENTRE[1], accuracy: 25, consent: true };
      const first = await post(`/rota/duties/${dutyId}/checkins`, 'owner', { ...at, kind: 'start' });
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({ kind: 'start', insideArea: true, count: 1, required: 2, completed: false, pointsAwarded: 0 });
      const second = await post(`/rota/duties/${dutyId}/checkins`, 'staff', { ...at, kind: 'patrol' });
      expect(second.body.data).toMatchObject({ count: 2, completed: true, pointsAwarded: 50 });
      const third = await post(`/rota/duties/${dutyId}/checkins`, 'owner', { ...at, kind: 'patrol' });
      expect(third.body.data).toMatchObject({ count: 3, completed: true, pointsAwarded: 0 });
      // Points go to the owner, once.
      const points = await t.get(PointsService);
      void points;
      expect(await countRows(t, 'points_entries', 'user_id = ?', [users.owner.id])).toBe(1);
      const after = await get(`/admin/rota/rotas/${rotaId}/attendance`, 'police');
      expect(after.body.data.notCheckedIn).toBe(0);
      const mine = await get('/rota/duty', 'owner');
      expect(mine.body.data.current).toMatchObject({ state: 'completed', pointsAwarded: 50 });
    });

    it('handover note for the next shop; the next shop reads it', async () => {
      expect((await post(`/rota/duties/${dutyId}/handover`, 'owner', { note: '' })).status).toBe(422);
      const r = await post(`/rota/duties/${dutyId}/handover`, 'owner', { note: '路口有辆没锁的电动车，已提醒车主' });
      expect(r.body.data.handoverNote).toBe('路口有辆没锁的电动车，已提醒车主');
      const next = await t.dataSource.getRepository(DutyEntity).findOneByOrFail({ rotaId, weekStart: NEXT_MONDAY });
      const read = await get(`/rota/duties/${next.id}`, 'owner3');
      expect(read.body.data.previousHandover).toMatchObject({ note: '路口有辆没锁的电动车，已提醒车主', from: '李记超市' });
    });
  });

  describe('jobs and time', () => {
    it('reminders go out two days before and on the first morning, once each', async () => {
      const jobs = await t.get(RotaJobs);
      const next = await t.dataSource.getRepository(DutyEntity).findOneByOrFail({ rotaId, weekStart: NEXT_MONDAY });
      clock.set(new Date(beijingMidnight('2026-12-05').getTime() + 9 * 3600_000)); // Saturday 09:00
      const s1 = await jobs.runOnce();
      expect(s1.remindedBefore).toBe(1);
      expect((await jobs.runOnce()).remindedBefore).toBe(0);
      clock.set(new Date(beijingMidnight(NEXT_MONDAY).getTime() + 7 * 3600_000)); // Monday 07:00: too early
      expect((await jobs.runOnce()).remindedMorning).toBe(0);
      clock.set(new Date(beijingMidnight(NEXT_MONDAY).getTime() + 8 * 3600_000 + 60_000));
      expect((await jobs.runOnce()).remindedMorning).toBe(1);
      const inbox = await t.dataSource.getRepository(NotificationEntity).findBy({ userId: users.owner3.id, templateKey: 'duty_week_reminder' });
      expect(inbox.map((n) => n.ref).sort()).toEqual([String(next.id), `${next.id}.1`]);
      // Time moved on: the horizon rolled forward (6 weeks ahead of the new current week).
      const rota = await t.dataSource.getRepository(RotaEntity).findOneByOrFail({ id: rotaId });
      expect(rota.plannedUntil).toBe(8);
    });

    it('check-in coordinates are erased 30 days after the duty week; the verdict stays', async () => {
      const jobs = await t.get(RotaJobs);
      clock.set(new Date(beijingMidnight(addDays('2026-12-06', 31)).getTime() + 3600_000));
      const s = await jobs.runOnce();
      expect(s.erasedLocations).toBe(3);
      const rows = await t.dataSource.getRepository(CheckinEntity).find();
      expect(rows.every((r) => r.lng === null && r.lat === null && r.insideArea && r.locationErasedAt !== null)).toBe(true);
      clock.set(T0);
    });

    it('leaving: the shop is not scheduled from the next week on; its open swaps lapse', async () => {
      clock.set(T0);
      const mondayNext = mondayOf(addDays(clock.today(), 7));
      const r = await post(`/rota/rotas/${rotaId}/leave`, 'owner3', { participantId: shopIds[2] });
      expect(r.body.data).toMatchObject({ status: 'left', until: mondayNext });
      const later = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId, participantId: shopIds[2] } });
      expect(later.every((d) => d.weekStart < mondayNext)).toBe(true);
      expect((await post(`/rota/rotas/${rotaId}/leave`, 'owner3', { participantId: shopIds[2] })).status).toBe(404);
    });
  });

  it('phones at rest are encrypted and the link table names the people acting for each shop', async () => {
    const crypto = await t.get(PhoneCrypto);
    const p = await t.dataSource.getRepository(ParticipantEntity).findOneByOrFail({ id: shopIds[1] });
    expect(crypto.decrypt(p.phoneEnc)).toBe('13812345678');
    expect(await t.dataSource.getRepository(ParticipantUserEntity).countBy({ participantId: shopIds[0] })).toBe(2);
  });
});
