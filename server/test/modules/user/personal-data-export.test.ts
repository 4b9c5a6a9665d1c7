import type { MyDataExport } from '@linli/shared';
import { TransactionRunner } from '../../../src/common/db/transaction.runner';
import { PointsRedemptionEntity, PointsRewardEntity } from '../../../src/modules/points/points.entity';
import { PointsService } from '../../../src/modules/points/points.service';
import { RotaClock } from '../../../src/modules/rota/rota.clock';
import { DutyEntity } from '../../../src/modules/rota/rota.entity';
import { TicketEntity, TicketEventEntity } from '../../../src/modules/ticket/ticket.entities';
import { PersonalDataRegistry, personalData } from '../../../src/modules/user/personal-data';
import { addMember, alertInput, buildGroup } from '../../alert.helpers';
import { bearer, buildUser, grantRole, loginAs, startAppWithWechatFake } from '../../factories';
import type { WechatFake } from '../../fakes/wechat-fake';
import type { TestApp } from '../../helpers/app';
import { buildTicketWorld, IN_GRID, reportAs, type TicketWorld } from '../../ticket.helpers';

/**
 * PIPL Art. 45: "export my data" covers what the feature modules hold about the user (tickets, points,
 * rota, groups and alerts), each through the exporter its module registers on the user module's
 * `personalData` hook, and nothing of anyone else's.
 */
describe('GET /api/me/export: feature sections', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let w: TicketWorld;
  let exported: MyDataExport;
  let theirs: MyDataExport;
  const ids: Record<string, number> = {};

  const exportOf = async (who: string) => {
    const res = await t.http().get('/api/me/export').set('authorization', w.as(who));
    expect(res.status).toBe(200);
    return res.body.data as MyDataExport;
  };

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    w = await buildTicketWorld(t, ['me', 'neighbour']);
    const { users, tree } = w;
    const police = await buildUser(t, { nickname: '刘警官' });
    await grantRole(t, police, 'community_police', tree.community);
    w.tokens.police = await loginAs(t, police);

    // Tickets: mine, and the neighbour's; each of us joins the other's ("me too").
    const mine = await reportAs(t, w, 'me', { description: '我家楼下有人占道摆摊卖水果', anonymous: true });
    const neighbours = await reportAs(t, w, 'neighbour', { description: '邻居看到的占道经营问题' });
    ids.myTicket = mine.id;
    ids.theirTicket = neighbours.id;
    const join = await t.http().post(`/api/tickets/${neighbours.id}/join`).set('authorization', w.as('me')).send({ note: '我也每天看到这个摊位' });
    expect(join.status).toBe(200);
    const theirJoin = await t.http().post(`/api/tickets/${mine.id}/join`).set('authorization', w.as('neighbour')).send({ note: '邻居的补充说明' });
    expect(theirJoin.status).toBe(200);
    // A co-reporter rated my ticket first (the ticket row keeps that rating); then I rated it.
    const events = t.dataSource.getRepository(TicketEventEntity);
    const ev = (actorId: number, actorRole: string, rating: number, note: string) =>
      events.save(events.create({ ticketId: mine.id, action: 'rate', fromStatus: 'closed', toStatus: 'rated', actorId, actorRole, data: { rating }, note }));
    await ev(users.neighbour.id, 'co_reporter', 1, '别人的评价');
    await ev(users.me.id, 'reporter', 5, '处理得很快');
    await t.dataSource.getRepository(TicketEntity).update({ id: mine.id }, { rating: 1, ratingComment: '别人的评价' });

    // Points: one entry each, and a redemption of mine.
    const points = await t.get(PointsService);
    await (await t.get(TransactionRunner)).run(async (m) => {
      for (const u of [users.me, users.neighbour]) {
        await points.award(m, { userId: u.id, rule: 'report_filed', unitPath: tree.grid.path, ref: { type: 'ticket', id: String(u.id) }, idempotencyKey: `export-test:${u.id}` });
      }
    });
    const rewards = t.dataSource.getRepository(PointsRewardEntity);
    const reward = await rewards.save(
      rewards.create({
        provider: 'community_centre', unitPath: tree.community.path, offeredBy: police.id, providerName: '津浦社区服务中心', title: '环保袋',
        description: '', cost: 0, stockTotal: 10, perUserLimit: 1, validFrom: new Date(Date.now() - 86_400_000),
        validUntil: new Date(Date.now() + 86_400_000), pickupPlace: '服务中心', status: 'approved', reviewedBy: null, reviewNote: null,
      }),
    );
    const redemptions = t.dataSource.getRepository(PointsRedemptionEntity);
    await redemptions.save(redemptions.create({ userId: users.me.id, rewardId: reward.id, cost: 0, clientKey: 'export-r1', code: '1234567890', status: 'issued', expiresAt: new Date(Date.now() + 86_400_000) }));

    // Rota: my shop and the neighbour's on one rota; I check in on my week, ask for a swap and an exemption.
    (await t.get(RotaClock)).set(new Date('2026-12-02T02:00:00Z'));
    const shop = async (who: string, name: string) =>
      (await t.http().post('/api/rota/shops').set('authorization', w.as(who)).send({ name, address: '津浦路', lng: IN_GRID.lng, lat: IN_GRID.lat, phone: who === 'me' ? '13811112222' : '13833334444' })).body.data.id as number;
    ids.myShop = await shop('me', '我的小店');
    ids.theirShop = await shop('neighbour', '邻居小店');
    for (const id of [ids.myShop, ids.theirShop]) {
      expect((await t.http().post(`/api/admin/rota/participants/${id}/review`).set('authorization', w.as('police')).send({ approve: true })).status).toBe(200);
    }
    const rota = await t.http().post('/api/admin/rota/rotas').set('authorization', w.as('police'))
      .send({ name: '津浦路轮值', gridIds: [tree.grid.id], startDate: '2026-11-30', slots: 1, weeksAhead: 4, participantIds: [ids.myShop, ids.theirShop] });
    expect(rota.status).toBe(201);
    ids.rota = rota.body.data.id;
    const duties = await t.dataSource.getRepository(DutyEntity).find({ where: { rotaId: ids.rota }, order: { periodIndex: 'ASC' } });
    const [now, next, later, last] = duties;
    expect([now.participantId, next.participantId, later.participantId, last.participantId]).toEqual([ids.myShop, ids.theirShop, ids.myShop, ids.theirShop]);
    ids.myDuty = now.id;
    const checkin = await t.http().post(`/api/rota/duties/${now.id}/checkins`).set('authorization', w.as('me')).send({ kind: 'start', lng: IN_GRID.lng, lat: IN_GRID.lat, consent: true });
    expect(checkin.status).toBe(201);
    const swap = await t.http().post(`/api/rota/duties/${later.id}/swaps`).set('authorization', w.as('me')).send({ targetDutyId: last.id, reason: '那周家里有事' });
    expect(swap.status).toBe(201);
    const exemption = await t.http().post('/api/rota/exemptions').set('authorization', w.as('me'))
      .send({ rotaId: ids.rota, participantId: ids.myShop, from: '2027-01-04', to: '2027-01-10', reason: 'away', note: '回老家' });
    expect(exemption.status).toBe(201);

    // Groups: both of us in the group; an alert I acknowledge; a tip each.
    const group = await buildGroup(t, tree.community, police, '津浦平安群');
    ids.group = group.id;
    await addMember(t, group, users.me, { kind: 'resident', unit: tree.grid });
    await addMember(t, group, users.neighbour, { kind: 'resident' });
    const alert = await t.http().post('/api/alerts').set('authorization', w.as('police')).send(alertInput([group.id]));
    expect(alert.status).toBe(201);
    ids.alert = alert.body.data.id;
    expect((await t.http().post(`/api/alerts/${ids.alert}/ack`).set('authorization', w.as('me'))).status).toBe(200);
    const tip = (who: string, text: string) => t.http().post('/api/tips').set('authorization', w.as(who)).send({ groupId: group.id, text });
    expect((await tip('me', '小区东门晚上有人撬电动车')).status).toBe(201);
    expect((await tip('neighbour', '邻居发的线索内容')).status).toBe(201);

    exported = await exportOf('me');
    theirs = await exportOf('neighbour');
  });
  afterAll(() => closeAll());
  beforeEach(() => fake.clear());

  it('401 without a token or with an unknown one', async () => {
    expect((await t.http().get('/api/me/export')).status).toBe(401);
    const res = await t.http().get('/api/me/export').set('authorization', bearer('x'.repeat(43)));
    expect(res.status).toBe(401);
  });

  it('registers one exporter per feature section', () => {
    expect(personalData.sections().sort()).toEqual(['groups', 'points', 'rota', 'tickets']);
  });

  it('tickets: my report with my own rating, the ticket I joined with my note, my timeline entries', () => {
    const s = exported.tickets!;
    expect(s.reported).toEqual([
      expect.objectContaining({
        id: ids.myTicket,
        category: { code: 'CG-0101', name: '占道经营' },
        description: '我家楼下有人占道摆摊卖水果',
        address: '津浦路 1 号门口',
        lat: IN_GRID.lat,
        lng: IN_GRID.lng,
        anonymous: true,
        protectedReporter: false,
        statusLabel: expect.any(String),
        createdAt: expect.stringMatching(/Z$/),
        closedAt: null,
        rating: { score: 5, comment: '处理得很快', ratedAt: expect.stringMatching(/Z$/) },
      }),
    ]);
    expect(s.joined).toEqual([
      { ticketId: ids.theirTicket, number: null, note: '我也每天看到这个摊位', photoIds: [], rating: null, ratingComment: null, joinedAt: expect.stringMatching(/Z$/) },
    ]);
    expect(s.actions.map((a) => [a.ticketId, a.action])).toEqual([
      [ids.myTicket, 'report'],
      [ids.theirTicket, 'join'],
      [ids.myTicket, 'rate'],
    ]);
  });

  it('points: balance, my ledger entry, my redemption without its code', () => {
    const s = exported.points!;
    expect(s.entries).toEqual([expect.objectContaining({ rule: 'report_filed', ruleLabel: expect.any(String), createdAt: expect.stringMatching(/Z$/) })]);
    expect(s.balance).toBe(s.entries[0].amount);
    expect(s.balance).toBeGreaterThan(0);
    expect(s.leaderboardOptOut).toBe(false);
    expect(s.redemptions).toEqual([
      expect.objectContaining({ rewardTitle: '环保袋', providerName: '津浦社区服务中心', status: 'issued', statusLabel: '待领取', codeState: 'valid', codeStateLabel: '可使用', fulfilledAt: null }),
    ]);
    expect(JSON.stringify(s)).not.toContain('1234567890');
  });

  it('rota: my shop with its phone, its duties, my check-in with coordinates, my swap and exemption', () => {
    const s = exported.rota!;
    expect(s.participants).toEqual([
      expect.objectContaining({ id: ids.myShop, name: '我的小店', phone: '13811112222', myRole: 'owner', myRoleLabel: '负责人', status: 'approved' }),
    ]);
    expect(s.memberships).toEqual([expect.objectContaining({ rotaId: ids.rota, rotaName: '津浦路轮值', participantId: ids.myShop })]);
    expect(s.duties.length).toBeGreaterThanOrEqual(2);
    expect(s.duties.every((d) => d.participantId === ids.myShop)).toBe(true);
    expect(s.duties[0]).toMatchObject({ id: ids.myDuty, rotaName: '津浦路轮值', weekStart: '2026-11-30', weekEnd: '2026-12-06', checkinCount: 1 });
    expect(s.checkins).toEqual([
      expect.objectContaining({ dutyId: ids.myDuty, kind: 'start', kindLabel: '上岗签到', insideArea: true, lat: IN_GRID.lat, lng: IN_GRID.lng, locationErasedAt: null }),
    ]);
    expect(s.swaps).toEqual([
      expect.objectContaining({ side: 'requester', rotaName: '津浦路轮值', myPeriod: { from: '2026-12-14', to: '2026-12-20' }, otherPeriod: { from: '2026-12-21', to: '2026-12-27' }, reason: '那周家里有事' }),
    ]);
    expect(s.exemptions).toEqual([expect.objectContaining({ from: '2027-01-04', to: '2027-01-10', reason: 'away', reasonLabel: expect.any(String), note: '回老家' })]);
  });

  it('groups: my membership, the alert I acknowledged, my tip', () => {
    const s = exported.groups!;
    expect(s.memberships).toEqual([
      expect.objectContaining({ groupId: ids.group, groupName: '津浦平安群', role: 'member', kind: 'resident', status: 'active', unit: { id: w.tree.grid.id, name: w.tree.grid.name }, joinedAt: expect.stringMatching(/Z$/) }),
    ]);
    expect(s.alerts).toEqual([{ alertId: ids.alert, title: expect.any(String), receivedAt: expect.any(String), openedAt: expect.any(String), ackedAt: expect.stringMatching(/Z$/) }]);
    expect(s.tips).toEqual([expect.objectContaining({ kind: 'tip', kindLabel: '线索', groupName: '津浦平安群', text: '小区东门晚上有人撬电动车', status: 'new', reply: null })]);
  });

  it("holds nothing of another user's, and theirs nothing of mine", () => {
    // The feature sections only: the inbox holds messages about others by design (e.g. a swap request).
    const sections = (x: MyDataExport) => JSON.stringify([x.tickets, x.points, x.rota, x.groups]);
    const mineText = sections(exported);
    for (const foreign of ['邻居看到的占道经营问题', '邻居的补充说明', '别人的评价', '邻居小店', '13833334444', '邻居发的线索内容']) expect(mineText).not.toContain(foreign);
    expect(exported.tickets!.reported.map((x) => x.id)).toEqual([ids.myTicket]);

    // The neighbour reported the ticket I joined and joined mine: they get their report, their join and
    // their rating, not my note, my name or my rating.
    expect(theirs.tickets!.reported.map((x) => x.id)).toEqual([ids.theirTicket]);
    expect(theirs.tickets!.joined).toEqual([expect.objectContaining({ ticketId: ids.myTicket, note: '邻居的补充说明' })]);
    expect(theirs.tickets!.actions.map((a) => [a.ticketId, a.action])).toEqual([
      [ids.theirTicket, 'report'],
      [ids.myTicket, 'join'],
      [ids.myTicket, 'rate'],
    ]);
    expect(theirs.tickets!.reported[0].rating).toBeNull();
    const theirText = sections(theirs);
    for (const foreign of ['我也每天看到这个摊位', '处理得很快', '我的小店', '13811112222', '小区东门晚上有人撬电动车', '那周家里有事', '回老家', w.users.me.nickname]) {
      expect(theirText).not.toContain(foreign);
    }
    expect(theirs.points!.redemptions).toEqual([]);
    expect(theirs.rota!.checkins).toEqual([]);
    expect(theirs.rota!.swaps).toEqual([]);
    expect(theirs.groups!.alerts).toEqual([expect.objectContaining({ alertId: ids.alert, ackedAt: null })]);
  });
});

describe(PersonalDataRegistry.name, () => {
  it('one exporter per section: a second registration replaces the first; unregistering the old one is a no-op', async () => {
    const sut = new PersonalDataRegistry();
    const points = (balance: number) => async () => ({ balance, leaderboardOptOut: false, entries: [], redemptions: [] });
    const offFirst = sut.register('points', points(1));
    sut.register('points', points(2));
    offFirst();
    expect(await sut.collect({} as never, 1)).toEqual({ points: { balance: 2, leaderboardOptOut: false, entries: [], redemptions: [] } });
  });

  it('a failing exporter fails the export', async () => {
    const sut = new PersonalDataRegistry();
    sut.register('rota', async () => {
      throw new Error('db down');
    });
    await expect(sut.collect({} as never, 1)).rejects.toThrow('db down');
  });
});
