import type { GroupEntity } from '../src/modules/alert/group.entity';
import { CategorySeeder } from '../src/modules/category/category.seeder';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { UnitSpatialIndex } from '../src/modules/unit/unit.spatial-index';
import type { UserEntity } from '../src/modules/user/user.entity';
import type { WechatFake } from './fakes/wechat-fake';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, startAppWithWechatFake, UnitTree } from './factories';
import type { TestApp } from './helpers/app';
import { addMember, alertInput, buildGroup, buildPhoto } from './alert.helpers';

/**
 * Private tips and questions over HTTP: only the author and the officers of the group's station see them;
 * marking useful awards points through the ledger exactly once; answers (published answers show on the
 * alert without the asker); turning into a ticket through the tickets module; tip photos through /api/media;
 * audit rows.
 */
describe('tips API', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;
  let group: GroupEntity;
  let alertId: number;
  const u: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  const balance = async (userId: number) => {
    const rows = await t.dataSource.query('SELECT COALESCE(SUM(amount), 0) AS n FROM points_entries WHERE user_id = ?', [userId]);
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    tree = await buildUnitTree(t);
    u.police = await buildUser(t, { nickname: '刘警官' });
    await grantRole(t, u.police, 'community_police', tree.community);
    // Same station (street 泰山街道) granted on the street itself: reads the tips, runs no group.
    u.stationPolice = await buildUser(t, { nickname: '所长' });
    await grantRole(t, u.stationPolice, 'community_police', tree.street);
    u.otherPolice = await buildUser(t, { nickname: '江浦民警' });
    await grantRole(t, u.otherPolice, 'community_police', tree.otherCommunity);
    u.admin = await buildUser(t, { nickname: '街道管理员' });
    await grantRole(t, u.admin, 'admin', tree.street);
    u.shop = await buildUser(t, { nickname: '李老板' });
    u.neighbour = await buildUser(t, { nickname: '邻居' });
    u.stranger = await buildUser(t, { nickname: '路人' });
    group = await buildGroup(t, tree.community, u.police, '津浦平安群');
    await addMember(t, group, u.shop);
    await addMember(t, group, u.neighbour);
    for (const [k, v] of Object.entries(u)) tokens[k] = await loginAs(t, v);
    const res = await t.http().post('/api/alerts').set('authorization', as('police')).send(alertInput([group.id]));
    alertId = res.body.data.id;
  });
  afterAll(() => closeAll());

  let tipId: number;
  let tipPhoto: number;

  it('POST /tips: 401, 422, 404 for an alert or group that is not the caller\'s', async () => {
    expect((await t.http().post('/api/tips').send({ alertId, text: '门口有辆没锁的电动车' })).status).toBe(401);
    const invalid = await t.http().post('/api/tips').set('authorization', as('shop')).send({ text: '短' });
    expect([invalid.status, invalid.body.fields]).toEqual([422, { text: '内容至少 2 个字', groupId: '请从警情或邻里群发送' }]);
    expect((await t.http().post('/api/tips').set('authorization', as('stranger')).send({ alertId, text: '我看到了可疑的人' })).status).toBe(404);
    expect((await t.http().post('/api/tips').set('authorization', as('stranger')).send({ groupId: group.id, text: '我看到了可疑的人' })).status).toBe(404);
    const foreignPhoto = await buildPhoto(t, u.neighbour, 'tip');
    const photo = await t.http().post('/api/tips').set('authorization', as('shop')).send({ alertId, text: '我看到了可疑的人', photoIds: [foreignPhoto] });
    expect([photo.status, photo.body.fields]).toEqual([422, { photoIds: '照片不存在，请重新上传' }]);
    expect(await countRows(t, 'tips')).toBe(0);
  });

  it('201: a tip with a photo and a place; risky text refused; a retry with the same key returns it', async () => {
    tipPhoto = await buildPhoto(t, u.shop, 'tip');
    const body = { alertId, text: '刚才那个男的又来店里买烟，穿灰色外套', photoIds: [tipPhoto], place: { name: '津浦路 12 号便利店' }, clientKey: 'tip-key-00001' };
    const res = await t.http().post('/api/tips').set('authorization', as('shop')).send(body);
    expect(res.status).toBe(201);
    tipId = res.body.data.id;
    expect(res.body.data).toMatchObject({
      kind: 'tip',
      kindLabel: '线索',
      status: 'new',
      statusLabel: '待处理',
      group: { id: group.id, name: '津浦平安群' },
      alert: { id: alertId, title: '注意使用假币购物的男子' },
      author: { id: u.shop.id, nickname: '李老板' },
      place: { name: '津浦路 12 号便利店', lat: null, lng: null },
      textCheck: 'pass',
      reply: null,
      useful: null,
      ticket: null,
      abilities: { markUseful: false, toTicket: false, reply: false },
    });
    expect(res.body.data.photos[0]).toMatchObject({ mediaId: tipPhoto, url: expect.any(String) });
    const again = await t.http().post('/api/tips').set('authorization', as('shop')).send(body);
    expect([again.status, again.body.data.id]).toEqual([200, tipId]);
    fake.setTextVerdict('违禁', 'risky');
    await t.dataSource.query("UPDATE users SET openid = 'openid-neighbour' WHERE id = ?", [u.neighbour.id]);
    const risky = await t.http().post('/api/tips').set('authorization', as('neighbour')).send({ groupId: group.id, text: '这是违禁内容' });
    expect([risky.status, risky.body.error]).toEqual([422, 'CONTENT_RISKY']);
    expect(await countRows(t, 'tips')).toBe(1);
    expect(await countRows(t, 'audit_logs', "action = 'tip.create'")).toBe(1);
  });

  it('only the author and the officers of the station see it (not other stations, not admins, not members)', async () => {
    for (const [who, status] of [
      ['shop', 200],
      ['police', 200],
      ['stationPolice', 200],
      ['otherPolice', 404],
      ['admin', 404],
      ['neighbour', 404],
    ] as const) {
      expect([who, (await t.http().get(`/api/tips/${tipId}`).set('authorization', as(who))).status]).toEqual([who, status]);
    }
    const list = await t.http().get('/api/tips').set('authorization', as('stationPolice'));
    expect(list.body.data.items.map((x: { id: number }) => x.id)).toEqual([tipId]);
    expect((await t.http().get('/api/tips').set('authorization', as('otherPolice'))).body.data.items).toEqual([]);
    expect((await t.http().get('/api/tips').set('authorization', as('shop'))).status).toBe(403);
    const mine = await t.http().get('/api/tips/mine').set('authorization', as('shop'));
    expect(mine.body.data.items.map((x: { id: number }) => x.id)).toEqual([tipId]);
    // Tip photos: the officers of the station through /api/media too; nobody else.
    expect((await t.http().get(`/api/media/${tipPhoto}`).set('authorization', as('stationPolice'))).status).toBe(200);
    expect((await t.http().get(`/api/media/${tipPhoto}`).set('authorization', as('neighbour'))).status).toBe(404);
    expect((await t.http().get(`/api/media/${tipPhoto}`).set('authorization', as('otherPolice'))).status).toBe(404);
  });

  it('marking useful: points through the ledger once; the author is told; a second mark is 409; audited', async () => {
    expect((await t.http().post(`/api/tips/${tipId}/useful`).set('authorization', as('shop')).send({})).status).toBe(403);
    expect((await t.http().post(`/api/tips/${tipId}/useful`).set('authorization', as('otherPolice')).send({})).status).toBe(404);
    const before = await balance(u.shop.id);
    const ok = await t.http().post(`/api/tips/${tipId}/useful`).set('authorization', as('police')).send({ note: '已据此抓获嫌疑人' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ status: 'useful', statusLabel: '已采纳', useful: { by: '刘警官', pointsAwarded: true }, abilities: { markUseful: false } });
    expect(await balance(u.shop.id)).toBe(before + 20);
    const entries = await t.dataSource.query("SELECT rule, ref_type, ref_id FROM points_entries WHERE user_id = ?", [u.shop.id]);
    expect(entries).toEqual([expect.objectContaining({ rule: 'tip_useful', ref_type: 'tip', ref_id: String(tipId) })]);
    const twice = await t.http().post(`/api/tips/${tipId}/useful`).set('authorization', as('stationPolice')).send({});
    expect([twice.status, twice.body.error]).toEqual([409, 'TIP_ALREADY_HANDLED']);
    expect(await balance(u.shop.id)).toBe(before + 20);
    const told = await t.dataSource.query("SELECT body FROM notifications WHERE user_id = ? AND template_key = 'tip_answered'", [u.shop.id]);
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('积分+20');
    expect(await countRows(t, 'audit_logs', "action = 'tip.mark_useful'")).toBe(1);
  });

  it('questions: answered privately, or published on the alert for every member without the asker', async () => {
    const q = await t.http().post('/api/tips').set('authorization', as('neighbour')).send({ alertId, kind: 'question', text: '收到假币应该怎么处理？' });
    expect(q.status).toBe(201);
    const qid = q.body.data.id;
    const badPublish = await t.http().post(`/api/tips/${tipId}/reply`).set('authorization', as('police')).send({ text: '谢谢您的线索', publish: true });
    expect([badPublish.status, badPublish.body.fields]).toEqual([422, { publish: '只有针对警情的提问可以公开回答' }]);
    const noText = await t.http().post(`/api/tips/${qid}/reply`).set('authorization', as('police')).send({});
    expect([noText.status, noText.body.fields]).toEqual([422, { text: '请填写回复' }]);
    const ok = await t.http().post(`/api/tips/${qid}/reply`).set('authorization', as('police')).send({ text: '请保留假币，不要再使用，并及时联系社区民警。', publish: true });
    expect(ok.body.data).toMatchObject({ status: 'replied', reply: { public: true, officer: '刘警官' } });
    const alert = await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('shop'));
    expect(alert.body.data.answers).toEqual([{ tipId: qid, question: '收到假币应该怎么处理？', answer: '请保留假币，不要再使用，并及时联系社区民警。', answeredAt: expect.any(String) }]);
    expect(JSON.stringify(alert.body.data.answers)).not.toContain('邻居');
    const told = await t.dataSource.query("SELECT page FROM notifications WHERE user_id = ? AND template_key = 'tip_answered'", [u.neighbour.id]);
    expect(told[0].page).toMatch(new RegExp(`^packages/alert/tip/index\\?id=${qid}`));
    expect(await countRows(t, 'audit_logs', "action = 'tip.reply'")).toBe(1);
  });

  it('turning a tip into a ticket: needs a place; then one ticket (治安线索, anonymous, raised by the officer), once; audited', async () => {
    // The grid gets a polygon so the tickets module can place the ticket; the catalogue is seeded.
    const square = [[[118.62, 32.05], [118.64, 32.05], [118.64, 32.07], [118.62, 32.07], [118.62, 32.05]]];
    await t.dataSource.getRepository(UnitEntity).update({ id: tree.grid.id }, { polygon: square as never });
    await (await t.get(UnitSpatialIndex)).rebuild();
    await (await t.get(CategorySeeder)).seed();
    expect((await t.http().post(`/api/tips/${tipId}/ticket`).set('authorization', as('shop')).send({})).status).toBe(403);
    const noPlace = await t.http().post(`/api/tips/${tipId}/ticket`).set('authorization', as('police')).send({});
    expect([noPlace.status, noPlace.body.fields]).toEqual([422, { location: '线索没有位置，请选择问题所在的位置' }]);
    const badCategory = await t.http().post(`/api/tips/${tipId}/ticket`).set('authorization', as('police')).send({ categoryCode: 'XX', location: { lat: 32.06, lng: 118.63 } });
    expect([badCategory.status, badCategory.body.fields]).toEqual([422, { categoryCode: '请选择问题类别' }]);
    const ok = await t.http().post(`/api/tips/${tipId}/ticket`).set('authorization', as('police')).send({ location: { lat: 32.06, lng: 118.63, address: '津浦路 12 号' }, note: '请网格员上门核实' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ status: 'ticketed', statusLabel: '已转工单', ticket: { id: expect.any(Number), number: null }, abilities: { toTicket: false } });
    // A ticket gets its readable number when the command centre files it (立案).
    const [ticket] = await t.dataSource.query('SELECT source, category_code, reporter_id, submitted_by, anonymous, description FROM tickets WHERE id = ?', [ok.body.data.ticket.id]);
    expect(ticket).toMatchObject({ source: 'wechat_group', category_code: 'ZA-1201', reporter_id: null, description: '刚才那个男的又来店里买烟，穿灰色外套' });
    expect(Number(ticket.submitted_by)).toBe(u.police.id);
    const twice = await t.http().post(`/api/tips/${tipId}/ticket`).set('authorization', as('stationPolice')).send({ location: { lat: 32.06, lng: 118.63 } });
    expect([twice.status, twice.body.error]).toEqual([409, 'TIP_ALREADY_HANDLED']);
    expect(await countRows(t, 'tickets')).toBe(1);
    expect(await countRows(t, 'audit_logs', "action = 'tip.to_ticket'")).toBe(1);
  });

  it('a tip to a group (no alert); tips of a withdrawn alert are refused', async () => {
    const res = await t.http().post('/api/tips').set('authorization', as('shop')).send({ groupId: group.id, text: '夜里小区东门的路灯坏了，很黑' });
    expect([res.status, res.body.data.alert]).toEqual([201, null]);
    await t.http().post(`/api/alerts/${alertId}/withdraw`).set('authorization', as('police')).send({ reason: '案件已破' });
    const late = await t.http().post('/api/tips').set('authorization', as('shop')).send({ alertId, text: '又看到那个人了' });
    expect([late.status, late.body.error]).toEqual([409, 'ALERT_WITHDRAWN']);
    // Withdrawn: published answers are no longer shown.
    const alert = await t.http().get(`/api/alerts/${alertId}`).set('authorization', as('shop'));
    expect(alert.body.data.answers).toEqual([]);
  });
});
