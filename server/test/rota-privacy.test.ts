import { TransactionRunner } from '../src/common/db/transaction.runner';
import { RotaClock } from '../src/modules/rota/rota.clock';
import { DutyEntity, ParticipantEntity } from '../src/modules/rota/rota.entity';
import { RotaService } from '../src/modules/rota/rota.service';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { UnitSpatialIndex } from '../src/modules/unit/unit.spatial-index';
import { bearer, buildUnitTree, buildUser, grantRole, loginAs } from './factories';
import { startTestApp, TestApp } from './helpers/app';

/** Privacy: what account deletion does to rota data (RotaService.forgetUser). */
describe('rota data on account deletion (RotaService.forgetUser)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('erases check-in coordinates now, drops staff links, takes owned shops off their rotas and clears their phone', async () => {
    t = await startTestApp();
    const tree = await buildUnitTree(t);
    const [x, y] = [118.6, 32.05];
    await t.dataSource.getRepository(UnitEntity).update({ id: tree.grid.id }, { polygon: [[[x - 0.003, y - 0.002], [x + 0.003, y - 0.002], [x + 0.003, y + 0.002], [x - 0.003, y + 0.002], [x - 0.003, y - 0.002]]] });
    (await t.get(UnitSpatialIndex)).invalidate();
    (await t.get(RotaClock)).set(new Date('2026-12-02T02:00:00Z'));
    const owner = await buildUser(t, { openid: null });
    const other = await buildUser(t, { openid: null });
    const police = await buildUser(t, { openid: null });
    await grantRole(t, police, 'community_police', tree.community);
    const tok = { owner: await loginAs(t, owner), other: await loginAs(t, other), police: await loginAs(t, police) };
    const shop = async (token: string) => (await t.http().post('/api/rota/shops').set('authorization', bearer(token)).send({ name: '测试小店', address: '津浦路', lng: x, lat: y, phone: '13811112222' })).body.data.id as number;
    const mine = await shop(tok.owner);
    const theirs = await shop(tok.other);
    for (const id of [mine, theirs]) await t.http().post(`/api/admin/rota/participants/${id}/review`).set('authorization', bearer(tok.police)).send({ approve: true });
    const rota = await t.http().post('/api/admin/rota/rotas').set('authorization', bearer(tok.police)).send({ name: '测试轮值', gridIds: [tree.grid.id], startDate: '2026-11-30', slots: 1, weeksAhead: 4, participantIds: [mine, theirs] });
    const duty = await t.dataSource.getRepository(DutyEntity).findOneByOrFail({ rotaId: rota.body.data.id, periodIndex: 0 });
    expect(duty.participantId).toBe(mine);
    await t.http().post(`/api/rota/duties/${duty.id}/checkins`).set('authorization', bearer(tok.owner)).send({ kind: 'start', lng: x, lat: y, consent: true });

    const rotas = await t.get(RotaService);
    await (await t.get(TransactionRunner)).run((m) => rotas.forgetUser(m, owner.id));

    const checkins = await t.dataSource.query('SELECT lng, lat, inside_area FROM rota_checkins');
    expect(checkins).toHaveLength(1);
    expect(checkins[0].lng).toBeNull();
    const p = await t.dataSource.getRepository(ParticipantEntity).findOneByOrFail({ id: mine });
    expect(p).toMatchObject({ phoneEnc: null, status: 'rejected' });
    // The current week stays as it was; later weeks go to the other shop.
    const later = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId: rota.body.data.id }, order: { periodIndex: 'ASC' } });
    expect(later[0].participantId).toBe(mine);
    expect(later.slice(1).every((d) => d.participantId === theirs)).toBe(true);
  });
});
