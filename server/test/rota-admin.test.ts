import type { LngLat } from '@linli/shared';
import { AuditLogEntity } from '../src/common/audit/audit-log.entity';
import { RotaClock } from '../src/modules/rota/rota.clock';
import { DutyEntity, ExemptionEntity, RotaEntity, SwapEntity } from '../src/modules/rota/rota.entity';
import { RotaSeeder, DEMO_SHOP_COUNT } from '../src/modules/rota/rota.seeder';
import { UnitSeeder } from '../src/modules/unit/unit.seeder';
import { AccountSeeder } from '../src/modules/user/account.seeder';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { UnitSpatialIndex } from '../src/modules/unit/unit.spatial-index';
import { UserEntity } from '../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, UnitTree } from './factories';
import { startTestApp, TestApp } from './helpers/app';

/**
 * The rest of the rota endpoints, each walked 401 -> 422 -> 403/404 -> 409 -> success: settings with the
 * version guard and archiving, enrolment, removal, joining with a shop, rejections, withdrawals, lists,
 * staff removal, auto-approval; plus the demo seeder (120 shops, idempotent).
 */
describe('rota API: officer settings, members, withdrawals, auto-approval', () => {
  let t: TestApp;
  let tree: UnitTree;
  const CENTRE: LngLat = [118.6, 32.05];
  const users: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  const shops: Record<string, number> = {};
  let rotaId: number;

  const post = (path: string, who: string | null, body: unknown = {}) => {
    const r = t.http().post(`/api${path}`);
    return who ? r.set('authorization', as(who)).send(body as object) : r.send(body as object);
  };
  const get = (path: string, who: string | null) => (who ? t.http().get(`/api${path}`).set('authorization', as(who)) : t.http().get(`/api${path}`));
  const patch = (path: string, who: string | null, body: unknown) => {
    const r = t.http().patch(`/api${path}`);
    return who ? r.set('authorization', as(who)).send(body as object) : r.send(body as object);
  };

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    const [x, y] = CENTRE;
    await t.dataSource.getRepository(UnitEntity).update({ id: tree.grid.id }, { polygon: [[[x - 0.003, y - 0.002], [x + 0.003, y - 0.002], [x + 0.003, y + 0.002], [x - 0.003, y + 0.002], [x - 0.003, y - 0.002]]] });
    (await t.get(UnitSpatialIndex)).invalidate();
    (await t.get(RotaClock)).set(new Date('2026-12-02T02:00:00Z'));
    for (const k of ['a', 'b', 'c', 'd', 'police', 'otherPolice', 'resident', 'staffer']) {
      users[k] = await buildUser(t, { nickname: k, openid: null, phone: k === 'staffer' ? '13900002222' : undefined });
      tokens[k] = await loginAs(t, users[k]);
    }
    await grantRole(t, users.police, 'community_police', tree.community);
    await grantRole(t, users.otherPolice, 'community_police', tree.otherCommunity);
    for (const k of ['a', 'b', 'c', 'd']) {
      const r = await post('/rota/shops', k, { name: `${k}号店铺`, address: '津浦路', lng: CENTRE[0], lat: CENTRE[1], phone: '13811112222' });
      shops[k] = r.body.data.id;
      if (k !== 'd') await post(`/admin/rota/participants/${shops[k]}/review`, 'police', { approve: true });
    }
    const r = await post('/admin/rota/rotas', 'police', { name: '测试轮值', gridIds: [tree.grid.id], startDate: '2026-12-07', slots: 1, weeksAhead: 4, participantIds: [shops.a, shops.b] });
    rotaId = r.body.data.id;
  });
  afterAll(() => t.close());

  it('PATCH /admin/rota/rotas/:id: 401, 422, 404 for another officer, 409 on a stale version, 200 replans; archiving stops planning', async () => {
    expect((await patch(`/admin/rota/rotas/${rotaId}`, null, { slots: 2 })).status).toBe(401);
    expect((await patch(`/admin/rota/rotas/${rotaId}`, 'police', { slots: 3, checklist: ['x'] })).body.fields).toEqual({ slots: '每周最多 2 家', 'checklist.0': '每项至少 2 个字' });
    expect((await patch(`/admin/rota/rotas/${rotaId}`, 'otherPolice', { slots: 2 })).status).toBe(404);
    const detail = await get(`/admin/rota/rotas/${rotaId}`, 'police');
    expect((await patch(`/admin/rota/rotas/${rotaId}`, 'police', { slots: 2, version: detail.body.data.version + 5 })).status).toBe(409);
    const ok = await patch(`/admin/rota/rotas/${rotaId}`, 'police', {
      slots: 2,
      autoApprove: true,
      version: detail.body.data.version,
      checklist: ['留意可疑车辆', '每天巡逻一次'],
      closures: [{ from: '2026-12-21', to: '2027-01-03', name: '街道施工' }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ slots: 2, autoApprove: true, checklist: ['留意可疑车辆', '每天巡逻一次'], closures: [{ from: '2026-12-21', to: '2027-01-03', name: '街道施工' }] });
    // The declared closure empties those weeks (most of their days are closed).
    const closed = await t.dataSource.getRepository(DutyEntity).findBy({ rotaId, weekStart: '2026-12-21' });
    expect(closed).toEqual([]);
    await patch(`/admin/rota/rotas/${rotaId}`, 'police', { closures: [] });
    const first = await t.dataSource.getRepository(DutyEntity).findBy({ rotaId, periodIndex: 0 });
    expect(first.map((d) => d.participantId).sort()).toEqual([shops.a, shops.b].sort());
    expect(await t.dataSource.getRepository(AuditLogEntity).countBy({ action: 'rota.update' })).toBe(2);
  });

  it('enrol: 422 nothing chosen, 422 a shop not yet approved, 200 adds approved shops once', async () => {
    expect((await post(`/admin/rota/rotas/${rotaId}/members`, 'police', {})).body.fields.participantIds).toBe('请选择要加入的商户');
    expect((await post(`/admin/rota/rotas/${rotaId}/members`, 'police', { participantIds: [shops.d] })).body.error).toBe('ROTA_UNKNOWN_SHOP');
    expect((await post(`/admin/rota/rotas/${rotaId}/members`, 'resident', { participantIds: [shops.c] })).status).toBe(404);
    const ok = await post(`/admin/rota/rotas/${rotaId}/members`, 'police', { participantIds: [shops.c, shops.a] });
    expect(ok.body.data.members.map((m: { participant: { id: number } }) => m.participant.id)).toEqual([shops.a, shops.b, shops.c]);
  });

  it('join with a shop: 422 not mine, 409 already a member; leave and ask again; the officer rejects with a reason', async () => {
    expect((await post(`/rota/rotas/${rotaId}/join`, 'b', { participantId: shops.a })).body.error).toBe('ROTA_UNKNOWN_SHOP');
    expect((await post(`/rota/rotas/${rotaId}/join`, 'a', { participantId: shops.a })).body.error).toBe('ROTA_ALREADY_MEMBER');
    expect((await post('/rota/rotas/999/join', 'a', { participantId: shops.a })).status).toBe(404);
    const left = await post(`/rota/rotas/${rotaId}/leave`, 'c', { participantId: shops.c });
    expect(left.body.data.status).toBe('left');
    const again = await post(`/rota/rotas/${rotaId}/join`, 'c', { participantId: shops.c });
    expect(again.status).toBe(201);
    expect((await post(`/admin/rota/members/${again.body.data.id}/review`, 'police', { approve: false })).status).toBe(422);
    const no = await post(`/admin/rota/members/${again.body.data.id}/review`, 'police', { approve: false, note: '本周已满' });
    expect(no.body.data.status).toBe('rejected');
    expect((await post(`/admin/rota/members/${again.body.data.id}/review`, 'police', { approve: true })).body.error).toBe('ROTA_REQUEST_CLOSED');
  });

  it('remove a member: 404 for another officer, 200 from the next period on, 409 twice', async () => {
    const detail = await get(`/admin/rota/rotas/${rotaId}`, 'police');
    const b = detail.body.data.members.find((m: { participant: { id: number } }) => m.participant.id === shops.b);
    expect((await post(`/admin/rota/members/${b.id}/remove`, 'otherPolice')).status).toBe(404);
    const ok = await post(`/admin/rota/members/${b.id}/remove`, 'police');
    expect(ok.body.data).toMatchObject({ status: 'left', until: '2026-12-07' });
    expect(await t.dataSource.getRepository(DutyEntity).countBy({ rotaId, participantId: shops.b })).toBe(0);
    expect((await post(`/admin/rota/members/${b.id}/remove`, 'police')).body.error).toBe('ROTA_REQUEST_CLOSED');
    // Put b back for the swaps below.
    await post(`/admin/rota/rotas/${rotaId}/members`, 'police', { participantIds: [shops.b] });
    await patch(`/admin/rota/rotas/${rotaId}`, 'police', { slots: 1 });
  });

  it('auto-approved swap applies at the accept; a withdrawn one cannot be answered; lists show both sides', async () => {
    const duties = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId }, order: { periodIndex: 'ASC' } });
    const mine = duties.find((d) => d.participantId === shops.a)!;
    const theirs = duties.find((d) => d.participantId === shops.b)!;
    const first = await post(`/rota/duties/${mine.id}/swaps`, 'a', { targetDutyId: theirs.id, reason: '临时有事' });
    expect((await post(`/rota/duties/${mine.id}/swaps`, 'a', { targetDutyId: theirs.id, reason: '临时有事' })).status).toBe(409);
    expect((await post(`/rota/swaps/${first.body.data.id}/cancel`, 'b')).status).toBe(404);
    expect((await post(`/rota/swaps/${first.body.data.id}/cancel`, 'a')).body.data.status).toBe('cancelled');
    expect((await post(`/rota/swaps/${first.body.data.id}/respond`, 'b', { accept: true })).body.error).toBe('ROTA_REQUEST_CLOSED');
    const second = await post(`/rota/duties/${mine.id}/swaps`, 'a', { targetDutyId: theirs.id, reason: '临时有事' });
    const accepted = await post(`/rota/swaps/${second.body.data.id}/respond`, 'b', { accept: true });
    expect(accepted.body.data.status).toBe('approved');
    const after = await t.dataSource.getRepository(DutyEntity).findOneByOrFail({ rotaId, periodIndex: mine.periodIndex, pinned: true });
    expect(after.participantId).toBe(shops.b);
    expect((await get('/rota/swaps', 'b')).body.data.map((s: { id: number; myRole: string }) => [s.id, s.myRole])).toEqual([
      [second.body.data.id, 'target'],
      [first.body.data.id, 'target'],
    ]);
    expect((await get(`/rota/swaps/${second.body.data.id}`, 'c')).status).toBe(404);
    expect((await get(`/rota/swaps/${second.body.data.id}`, 'police')).body.data.myRole).toBe('officer');
    expect(await countRows(t, 'rota_swaps', "status = 'approved'")).toBe(1);
    void SwapEntity;
  });

  it('auto-approved exemption; withdrawing it replans; rejections need the officer', async () => {
    const e = await post('/rota/exemptions', 'a', { rotaId, participantId: shops.a, from: '2027-01-04', to: '2027-01-10', reason: 'away' });
    expect(e.body.data).toMatchObject({ status: 'approved', canCancel: true, canReview: false });
    expect((await post(`/admin/rota/exemptions/${e.body.data.id}/review`, 'police', { approve: true })).body.error).toBe('ROTA_REQUEST_CLOSED');
    expect((await get('/rota/exemptions', 'a')).body.data.map((x: { id: number }) => x.id)).toEqual([e.body.data.id]);
    expect((await post(`/rota/exemptions/${e.body.data.id}/cancel`, 'b')).status).toBe(404);
    const cancelled = await post(`/rota/exemptions/${e.body.data.id}/cancel`, 'a');
    expect(cancelled.body.data.status).toBe('cancelled');
    expect(await t.dataSource.getRepository(ExemptionEntity).countBy({ status: 'approved' })).toBe(0);
    await patch(`/admin/rota/rotas/${rotaId}`, 'police', { autoApprove: false });
    const pending = await post('/rota/exemptions', 'b', { rotaId, participantId: shops.b, from: '2027-01-11', to: '2027-01-12', reason: 'illness' });
    expect(pending.body.data.status).toBe('pending');
    expect((await post(`/admin/rota/exemptions/${pending.body.data.id}/review`, 'otherPolice', { approve: true })).status).toBe(404);
    expect((await post(`/admin/rota/exemptions/${pending.body.data.id}/review`, 'police', { approve: false, note: '那周人手不够' })).body.data.status).toBe('rejected');
  });

  it('staff removal, lists of rotas, archiving', async () => {
    await post(`/rota/participants/${shops.a}/staff`, 'a', { phone: '13900002222' });
    expect((await t.http().delete(`/api/rota/participants/${shops.a}/staff/${users.staffer.id}`).set('authorization', as('b'))).status).toBe(404);
    const removed = await t.http().delete(`/api/rota/participants/${shops.a}/staff/${users.staffer.id}`).set('authorization', as('a'));
    expect(removed.body.data.people.map((p: { role: string }) => p.role)).toEqual(['owner']);
    expect((await get('/admin/rota/rotas', 'resident')).status).toBe(403);
    expect((await get('/admin/rota/rotas', 'police')).body.data.map((r: { id: number }) => r.id)).toEqual([rotaId]);
    expect((await get('/admin/rota/rotas', 'otherPolice')).body.data).toEqual([]);
    expect((await get(`/rota/rotas?unitId=${tree.grid.id}`, null)).body.data.map((r: { id: number }) => r.id)).toEqual([rotaId]);
    expect((await get(`/rota/rotas?unitId=${tree.otherGrid.id}`, null)).body.data).toEqual([]);
    const archived = await patch(`/admin/rota/rotas/${rotaId}`, 'police', { archived: true });
    expect(archived.body.data.status).toBe('archived');
    expect((await get('/rota/rotas', null)).body.data).toEqual([]);
    const rota = await t.dataSource.getRepository(RotaEntity).findOneByOrFail({ id: rotaId });
    expect(await t.dataSource.getRepository(DutyEntity).count({ where: { rotaId } })).toBeLessThanOrEqual(rota.plannedUntil * 2);
  });

  it('demo seeder: 120 approved shops on 津浦路 plus one pending, the demo owner owns shop 1; running it again adds nothing', async () => {
    // Same database (last test): the seeders import Pukou over the test tree, which uses the same codes.
    const demo = t;
    {
      await (await demo.get(UnitSeeder)).seed();
      await (await demo.get(AccountSeeder)).seed();
      const seeder = await demo.get(RotaSeeder);
      expect(await seeder.seed()).toBe(DEMO_SHOP_COUNT + 1);
      expect(await seeder.seed()).toBe(0);
      expect(await countRows(demo, 'rota_participants', "status = 'approved' AND seed_key IS NOT NULL")).toBe(DEMO_SHOP_COUNT);
      const owner = await demo.dataSource.getRepository(UserEntity).findOneByOrFail({ demoKey: 'shop_owner' });
      const rows = await demo.dataSource.query("SELECT p.name FROM rota_participants p JOIN rota_participant_users pu ON pu.participant_id = p.id WHERE pu.user_id = ? AND pu.role = 'owner'", [owner.id]);
      expect(rows.map((r: { name: string }) => r.name)).toEqual(['李记便民超市']);
      // Every shop lies inside the grid it is filed under.
      const inside = await demo.dataSource.query('SELECT COUNT(*) AS n FROM rota_participants p JOIN units u ON u.id = p.unit_id WHERE u.code LIKE ?', ['320111001005%']);
      expect(Number(inside[0].n)).toBe(DEMO_SHOP_COUNT + 1 + 4);
    }
  });
});

