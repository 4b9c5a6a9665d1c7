import { TransactionRunner } from '../src/common/db/transaction.runner';
import { RedemptionService } from '../src/modules/points/redemption.service';
import { PointsService } from '../src/modules/points/points.service';
import { UserEntity } from '../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, UnitTree } from './factories';
import { startTestApp, TEST_DB, TestApp } from './helpers/app';

/** The points API over HTTP: each endpoint 401 -> 422 -> 403/404 -> 409 -> success, nothing written on failure. */
describe('points API', () => {
  let t: TestApp;
  let tree: UnitTree;
  let ledger: PointsService;
  let tx: TransactionRunner;
  const users: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    ledger = await t.get(PointsService);
    tx = await t.get(TransactionRunner);
    users.resident = await buildUser(t, { nickname: '王阿姨' });
    users.neighbour = await buildUser(t, { nickname: '李大爷' });
    users.poor = await buildUser(t, { nickname: '新居民' });
    users.districtAdmin = await buildUser(t, { nickname: '区管理员' });
    await grantRole(t, users.districtAdmin, 'admin', tree.district);
    users.streetAdmin = await buildUser(t, { nickname: '街道管理员' });
    await grantRole(t, users.streetAdmin, 'admin', tree.street);
    users.otherAdmin = await buildUser(t, { nickname: '江浦管理员' });
    await grantRole(t, users.otherAdmin, 'admin', tree.otherStreet);
    users.shop = await buildUser(t, { nickname: '李老板' });
    await grantRole(t, users.shop, 'shop_owner', tree.grid);
    users.otherShop = await buildUser(t, { nickname: '象山店主' });
    await grantRole(t, users.otherShop, 'shop_owner', tree.otherGrid);
    for (const [k, u] of Object.entries(users)) tokens[k] = await loginAs(t, u);
    // Earned points for the residents (through the ledger API other modules call).
    for (let i = 0; i < 3; i++) {
      await tx.run((m) =>
        ledger.award(m, { userId: users.resident.id, rule: 'report_filed', unitPath: tree.grid.path, ref: { type: 'ticket', id: `r${i}` }, idempotencyKey: `ticket:r${i}:filed` }),
      );
    }
    await tx.run((m) =>
      ledger.award(m, { userId: users.neighbour.id, rule: 'tip_useful', unitPath: tree.community.path, ref: { type: 'tip', id: 'n1' }, idempotencyKey: 'tip:n1:useful' }),
    );
  });
  afterAll(() => t.close());

  const as = (who: string) => bearer(tokens[who]);
  const balance = async (u: UserEntity) => Number((await t.dataSource.query('SELECT balance FROM points_accounts WHERE user_id = ?', [u.id]))[0]?.balance ?? 0);
  const sumEntries = async (u: UserEntity) => Number((await t.dataSource.query('SELECT COALESCE(SUM(amount),0) AS s FROM points_entries WHERE user_id = ?', [u.id]))[0].s);
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const rewardBody = (over: Record<string, unknown> = {}) => ({
    title: '环保购物袋',
    description: '社区定制',
    cost: 10,
    stock: 5,
    perUserLimit: 2,
    validFrom: day(-1),
    validUntil: day(30),
    pickupPlace: '津浦社区服务中心一楼',
    ...over,
  });
  /** A moment as a raw query parameter (sql.js cannot bind a Date; TypeORM stores UTC text there). */
  const at = (d: Date) => (TEST_DB === 'sqljs' ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
  let key = 0;
  const clientKey = () => `test-key-${Date.now()}-${++key}`;

  describe('balance and history', () => {
    it('GET /api/points/me: 401 without a token; my balance from the account row', async () => {
      expect((await t.http().get('/api/points/me')).status).toBe(401);
      const res = await t.http().get('/api/points/me').set('authorization', as('resident'));
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ balance: 30, leaderboardOptOut: false, userId: users.resident.id });
      const none = await t.http().get('/api/points/me').set('authorization', as('poor'));
      expect(none.body.data.balance).toBe(0);
    });

    it('GET /api/points/entries: reasons in Chinese, newest first, keyset pages', async () => {
      expect((await t.http().get('/api/points/entries')).status).toBe(401);
      expect((await t.http().get('/api/points/entries?limit=0').set('authorization', as('resident'))).status).toBe(422);
      const first = await t.http().get('/api/points/entries?limit=2').set('authorization', as('resident'));
      expect(first.status).toBe(200);
      expect(first.body.data.items).toHaveLength(2);
      expect(first.body.data.items[0]).toMatchObject({ amount: 10, rule: 'report_filed', reason: '上报问题被立案', balanceAfter: 30, refType: 'ticket', reversed: false });
      const next = await t.http().get(`/api/points/entries?limit=2&cursor=${first.body.data.nextCursor}`).set('authorization', as('resident'));
      expect(next.body.data.items).toHaveLength(1);
      expect(next.body.data.nextCursor).toBeNull();
    });

    it('PATCH /api/points/me: 422 on a non-boolean; opting out', async () => {
      expect((await t.http().patch('/api/points/me').send({ leaderboardOptOut: true })).status).toBe(401);
      const bad = await t.http().patch('/api/points/me').set('authorization', as('neighbour')).send({ leaderboardOptOut: 'yes' });
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ leaderboardOptOut: '应为是或否' });
      const ok = await t.http().patch('/api/points/me').set('authorization', as('neighbour')).send({ leaderboardOptOut: true });
      expect(ok.body.data).toMatchObject({ balance: 20, leaderboardOptOut: true });
    });
  });

  describe('leaderboard', () => {
    it('per community and street by month; opted-out names hidden; grids refused', async () => {
      expect((await t.http().get(`/api/points/leaderboard?unitId=${tree.community.id}`)).status).toBe(401);
      const grid = await t.http().get(`/api/points/leaderboard?unitId=${tree.grid.id}`).set('authorization', as('resident'));
      expect(grid.status).toBe(422);
      expect((await t.http().get('/api/points/leaderboard?unitId=999999').set('authorization', as('resident'))).status).toBe(404);
      expect((await t.http().get(`/api/points/leaderboard?unitId=${tree.street.id}&month=2026-13`).set('authorization', as('resident'))).status).toBe(422);
      const res = await t.http().get(`/api/points/leaderboard?unitId=${tree.street.id}`).set('authorization', as('resident'));
      expect(res.status).toBe(200);
      expect(res.body.data.entries).toEqual([
        { rank: 1, name: '王阿姨', points: 30, isMe: true },
        { rank: 2, name: '匿名邻居', points: 20, isMe: false },
      ]);
      expect(res.body.data.me).toEqual({ rank: 1, points: 30 });
      const other = await t.http().get(`/api/points/leaderboard?unitId=${tree.otherCommunity.id}`).set('authorization', as('resident'));
      expect(other.body.data.entries).toEqual([]);
      const lastYear = await t.http().get(`/api/points/leaderboard?unitId=${tree.street.id}&month=202001`).set('authorization', as('resident'));
      expect(lastYear.body.data).toMatchObject({ month: 202001, entries: [], me: null });
    });
  });

  describe('earning rules (admin)', () => {
    it('GET /api/admin/points/rules: 401, 403 for residents, defaults as version 0', async () => {
      expect((await t.http().get('/api/admin/points/rules')).status).toBe(401);
      expect((await t.http().get('/api/admin/points/rules').set('authorization', as('resident'))).status).toBe(403);
      const res = await t.http().get('/api/admin/points/rules').set('authorization', as('streetAdmin'));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ districtId: tree.district.id, districtName: '浦口区', version: 0, history: [] });
      expect(res.body.data.config.rules.report_filed).toEqual({ amount: 10, dailyCap: 30, monthlyCap: 300 });
    });

    it('PUT: 422 for negative amounts, 403 for a street admin, 409 for a stale version, then a new version used by awards', async () => {
      const current = (await t.http().get('/api/admin/points/rules').set('authorization', as('districtAdmin'))).body.data;
      const config = { ...current.config, rules: { ...current.config.rules, report_filed: { amount: 15, dailyCap: 45, monthlyCap: 0 } } };
      const bad = await t
        .http()
        .put('/api/admin/points/rules')
        .set('authorization', as('districtAdmin'))
        .send({ districtId: tree.district.id, baseVersion: 0, config: { ...config, rules: { ...config.rules, tip_useful: { amount: -5, dailyCap: 0, monthlyCap: 0 } } } });
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ 'config.rules.tip_useful.amount': '积分不能为负数' });
      const street = await t.http().put('/api/admin/points/rules').set('authorization', as('streetAdmin')).send({ districtId: tree.district.id, baseVersion: 0, config });
      expect(street.status).toBe(403);
      const other = await t.http().put('/api/admin/points/rules').set('authorization', as('otherAdmin')).send({ districtId: tree.district.id, baseVersion: 0, config });
      expect(other.status).toBe(403);
      const ok = await t.http().put('/api/admin/points/rules').set('authorization', as('districtAdmin')).send({ districtId: tree.district.id, baseVersion: 0, config, note: '提高立案积分' });
      expect(ok.status).toBe(200);
      expect(ok.body.data).toMatchObject({ version: 1, note: '提高立案积分', history: [{ version: 1, note: '提高立案积分', createdBy: '区管理员' }] });
      const stale = await t.http().put('/api/admin/points/rules').set('authorization', as('districtAdmin')).send({ districtId: tree.district.id, baseVersion: 0, config });
      expect(stale.status).toBe(409);
      expect(await countRows(t, 'points_rule_sets')).toBe(1);
      expect(await countRows(t, 'audit_logs', "action = 'points.rules_save'")).toBe(1);
      const u = await buildUser(t);
      const award = await tx.run((m) =>
        ledger.award(m, { userId: u.id, rule: 'report_filed', unitPath: tree.grid.path, ref: { type: 'ticket', id: 'v1' }, idempotencyKey: 'ticket:v1:filed' }),
      );
      expect(award?.amount).toBe(15);
      const [e] = await t.dataSource.query('SELECT rule_version FROM points_entries WHERE id = ?', [award!.entryId]);
      expect(Number(e.rule_version)).toBe(1);
    });
  });

  let bagId: number;
  let shopRewardId: number;

  describe('rewards catalogue', () => {
    it('POST /api/admin/points/rewards: 401, 403, 422 for zero and negative values, 404 outside my units, 201 approved and audited', async () => {
      expect((await t.http().post('/api/admin/points/rewards').send(rewardBody())).status).toBe(401);
      expect((await t.http().post('/api/admin/points/rewards').set('authorization', as('resident')).send(rewardBody())).status).toBe(403);
      const bad = await t
        .http()
        .post('/api/admin/points/rewards')
        .set('authorization', as('streetAdmin'))
        .send(rewardBody({ cost: 0, stock: -1, perUserLimit: 0, validUntil: day(-3) }));
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toMatchObject({ cost: '所需积分应大于 0', stock: '库存应大于 0', perUserLimit: '每人限兑数量应大于 0' });
      const past = await t.http().post('/api/admin/points/rewards').set('authorization', as('streetAdmin')).send(rewardBody({ validFrom: day(-10), validUntil: day(-2) }));
      expect(past.status).toBe(422);
      const outside = await t.http().post('/api/admin/points/rewards').set('authorization', as('streetAdmin')).send(rewardBody({ unitId: tree.otherCommunity.id }));
      expect(outside.status).toBe(404);
      expect(await countRows(t, 'points_rewards')).toBe(0);
      const ok = await t.http().post('/api/admin/points/rewards').set('authorization', as('streetAdmin')).send(rewardBody({ unitId: tree.community.id }));
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({ provider: 'community_centre', providerName: '津浦社区居委会', status: 'approved', stockLeft: 5, unitName: '津浦社区居委会' });
      bagId = ok.body.data.id;
      expect(await countRows(t, 'audit_logs', "action = 'points.reward_create'")).toBe(1);
    });

    it('POST /api/points/provider/rewards: residents 403; a shop offer waits for review and is not in the catalogue', async () => {
      expect((await t.http().post('/api/points/provider/rewards').set('authorization', as('resident')).send(rewardBody())).status).toBe(403);
      const res = await t
        .http()
        .post('/api/points/provider/rewards')
        .set('authorization', as('shop'))
        .send(rewardBody({ title: '理发券', cost: 25, stock: 3, perUserLimit: 1, pickupPlace: '李记理发店', providerName: '李记理发店' }));
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ provider: 'shop', status: 'pending', providerName: '李记理发店' });
      shopRewardId = res.body.data.id;
      const catalogue = await t.http().get('/api/points/rewards').set('authorization', as('resident'));
      expect(catalogue.body.data.map((r: { id: number }) => r.id)).toEqual([bagId]);
      expect((await t.http().get(`/api/points/rewards/${shopRewardId}`).set('authorization', as('resident'))).status).toBe(404);
      expect((await t.http().get(`/api/points/rewards/${shopRewardId}`).set('authorization', as('shop'))).status).toBe(200);
    });

    it('review: 404 for an admin elsewhere, 409 for a stale version, approve; then in the catalogue', async () => {
      const body = { decision: 'approve', version: 1 };
      expect((await t.http().post(`/api/admin/points/rewards/${shopRewardId}/review`).set('authorization', as('shop')).send(body)).status).toBe(403);
      expect((await t.http().post(`/api/admin/points/rewards/${shopRewardId}/review`).set('authorization', as('otherAdmin')).send(body)).status).toBe(404);
      const noReason = await t.http().post(`/api/admin/points/rewards/${shopRewardId}/review`).set('authorization', as('streetAdmin')).send({ decision: 'reject', version: 1 });
      expect(noReason.status).toBe(422);
      expect((await t.http().post(`/api/admin/points/rewards/${shopRewardId}/review`).set('authorization', as('streetAdmin')).send({ ...body, version: 7 })).status).toBe(409);
      const list = await t.http().get('/api/admin/points/rewards').set('authorization', as('streetAdmin'));
      expect(list.body.data[0]).toMatchObject({ id: shopRewardId, status: 'pending' });
      const ok = await t.http().post(`/api/admin/points/rewards/${shopRewardId}/review`).set('authorization', as('streetAdmin')).send(body);
      expect(ok.status).toBe(200);
      expect(ok.body.data).toMatchObject({ status: 'approved', version: 2 });
      expect((await t.http().post(`/api/admin/points/rewards/${shopRewardId}/review`).set('authorization', as('streetAdmin')).send({ ...body, version: 2 })).status).toBe(409);
      const catalogue = await t.http().get(`/api/points/rewards?unitId=${tree.grid.id}`).set('authorization', as('resident'));
      expect(catalogue.body.data.map((r: { id: number }) => r.id).sort()).toEqual([bagId, shopRewardId].sort());
      const elsewhere = await t.http().get(`/api/points/rewards?unitId=${tree.otherStreet.id}`).set('authorization', as('resident'));
      expect(elsewhere.body.data).toEqual([]);
    });
  });

  describe('redemption', () => {
    let codeId: number;
    let code: string;

    it('POST /api/points/rewards/:id/redeem: 401, 422, 404, 409 not enough points; nothing written', async () => {
      expect((await t.http().post(`/api/points/rewards/${bagId}/redeem`).send({ clientKey: clientKey() })).status).toBe(401);
      const bad = await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('resident')).send({ clientKey: 'x' });
      expect(bad.status).toBe(422);
      expect((await t.http().post('/api/points/rewards/999999/redeem').set('authorization', as('resident')).send({ clientKey: clientKey() })).status).toBe(404);
      const poor = await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('poor')).send({ clientKey: clientKey() });
      expect(poor.status).toBe(409);
      expect(poor.body).toMatchObject({ error: 'POINTS_INSUFFICIENT', message: '积分不足' });
      expect(await countRows(t, 'points_redemptions')).toBe(0);
      expect(await countRows(t, 'points_entries', "rule = 'redemption'")).toBe(0);
    });

    it('redeems: points deducted, stock taken, code issued; a retry returns the same redemption', async () => {
      const k = clientKey();
      const res = await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('resident')).send({ clientKey: k });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ rewardId: bagId, rewardTitle: '环保购物袋', cost: 10, status: 'issued', statusLabel: '待领取', pickupPlace: '津浦社区服务中心一楼' });
      expect(res.body.data.code).toMatch(/^\d{10}$/);
      expect(res.body.data.qrText).toBe(`LINLI:${res.body.data.code}`);
      codeId = res.body.data.id;
      code = res.body.data.code;
      const again = await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('resident')).send({ clientKey: k });
      expect(again.status).toBe(200);
      expect(again.body.data.id).toBe(codeId);
      expect(await balance(users.resident)).toBe(20);
      expect(await sumEntries(users.resident)).toBe(20);
      const reward = await t.http().get(`/api/points/rewards/${bagId}`).set('authorization', as('resident'));
      expect(reward.body.data).toMatchObject({ stockLeft: 4, myRedeemed: 1, redeemable: true });
      const history = await t.http().get('/api/points/entries?limit=1').set('authorization', as('resident'));
      expect(history.body.data.items[0]).toMatchObject({ amount: -10, reason: '兑换奖品：环保购物袋' });
      // The redemption notice reaches the inbox (sent in the background after the answer).
      let notices = 0;
      for (let i = 0; i < 40 && notices === 0; i++) {
        notices = await countRows(t, 'notifications', "user_id = ? AND template_key = 'redemption_ready'", [users.resident.id]);
        if (!notices) await new Promise((r) => setTimeout(r, 50));
      }
      expect(notices).toBe(1);
    });

    it('per-user limit: 409 REWARD_LIMIT_REACHED, nothing written', async () => {
      expect((await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('resident')).send({ clientKey: clientKey() })).status).toBe(201);
      const over = await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('resident')).send({ clientKey: clientKey() });
      expect(over.status).toBe(409);
      expect(over.body.error).toBe('REWARD_LIMIT_REACHED');
      expect(await balance(users.resident)).toBe(10);
      expect(await countRows(t, 'points_redemptions', 'user_id = ?', [users.resident.id])).toBe(2);
    });

    it('GET /api/points/redemptions: my codes only', async () => {
      const mine = await t.http().get('/api/points/redemptions').set('authorization', as('resident'));
      expect(mine.body.data).toHaveLength(2);
      expect((await t.http().get(`/api/points/redemptions/${codeId}`).set('authorization', as('neighbour'))).status).toBe(404);
      expect((await t.http().get(`/api/points/redemptions/${codeId}`).set('authorization', as('resident'))).body.data.code).toBe(code);
    });

    it('provider lookup and fulfil: 403 for residents, unknown code for another provider, once only', async () => {
      expect((await t.http().post('/api/points/provider/lookup').set('authorization', as('resident')).send({ code })).status).toBe(403);
      expect((await t.http().post('/api/points/provider/lookup').set('authorization', as('streetAdmin')).send({ code: '12' })).status).toBe(422);
      const foreign = await t.http().post('/api/points/provider/lookup').set('authorization', as('otherAdmin')).send({ code });
      expect(foreign.status).toBe(404);
      expect(foreign.body.error).toBe('REDEMPTION_CODE_INVALID');
      const shop = await t.http().post('/api/points/provider/fulfil').set('authorization', as('shop')).send({ code });
      expect(shop.status).toBe(404);
      const typed = `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;
      const look = await t.http().post('/api/points/provider/lookup').set('authorization', as('streetAdmin')).send({ code: typed });
      expect(look.status).toBe(200);
      expect(look.body.data).toMatchObject({ id: codeId, status: 'issued', userNickname: '王阿姨' });
      const done = await t.http().post('/api/points/provider/fulfil').set('authorization', as('streetAdmin')).send({ code: `LINLI:${code}` });
      expect(done.status).toBe(200);
      expect(done.body.data).toMatchObject({ status: 'fulfilled', statusLabel: '已领取' });
      const twice = await t.http().post('/api/points/provider/fulfil').set('authorization', as('streetAdmin')).send({ code });
      expect(twice.status).toBe(409);
      expect(twice.body.error).toBe('REDEMPTION_CLOSED');
      // A fulfilled code cannot be cancelled.
      expect((await t.http().post(`/api/points/redemptions/${codeId}/cancel`).set('authorization', as('resident'))).status).toBe(409);
    });

    it('cancel refunds by reversal and returns the stock; a second cancel is 409', async () => {
      const mine = (await t.http().get('/api/points/redemptions').set('authorization', as('resident'))).body.data;
      const open = mine.find((r: { status: string }) => r.status === 'issued');
      expect((await t.http().post(`/api/points/redemptions/${open.id}/cancel`).set('authorization', as('neighbour'))).status).toBe(404);
      const res = await t.http().post(`/api/points/redemptions/${open.id}/cancel`).set('authorization', as('resident'));
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe('cancelled');
      expect(await balance(users.resident)).toBe(20);
      expect(await sumEntries(users.resident)).toBe(20);
      const [refund] = await t.dataSource.query("SELECT amount, reverses_entry_id FROM points_entries WHERE user_id = ? AND rule = 'redemption_refund'", [users.resident.id]);
      expect(Number(refund.amount)).toBe(10);
      expect(refund.reverses_entry_id).not.toBeNull();
      expect((await t.http().get(`/api/points/rewards/${bagId}`).set('authorization', as('resident'))).body.data).toMatchObject({ stockLeft: 4, myRedeemed: 1 });
      expect((await t.http().post(`/api/points/redemptions/${open.id}/cancel`).set('authorization', as('resident'))).status).toBe(409);
      // A fulfilled code by the lookup of the provider is closed.
      const closed = await t.http().post('/api/points/provider/fulfil').set('authorization', as('streetAdmin')).send({ code: open.code });
      expect(closed.status).toBe(409);
    });

    it('expired codes are refunded by the sweep and cannot be fulfilled', async () => {
      const res = await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('neighbour')).send({ clientKey: clientKey() });
      expect(res.status).toBe(201);
      expect(await balance(users.neighbour)).toBe(10);
      await t.dataSource.query('UPDATE points_redemptions SET expires_at = ? WHERE id = ?', [at(new Date(Date.now() - 1000)), res.body.data.id]);
      const fulfil = await t.http().post('/api/points/provider/fulfil').set('authorization', as('streetAdmin')).send({ code: res.body.data.code });
      expect(fulfil.status).toBe(409);
      const sweeper = await t.get(RedemptionService);
      expect(await sweeper.expireDue(new Date())).toBe(1);
      expect(await sweeper.expireDue(new Date())).toBe(0);
      expect(await balance(users.neighbour)).toBe(20);
      const mine = await t.http().get(`/api/points/redemptions/${res.body.data.id}`).set('authorization', as('neighbour'));
      expect(mine.body.data.status).toBe('expired');
    });

    it('expired and withdrawn items: 409 REWARD_NOT_AVAILABLE; out of stock: 409', async () => {
      const r = await t.http().post('/api/admin/points/rewards').set('authorization', as('streetAdmin')).send(rewardBody({ title: '一件即兑完', cost: 1, stock: 1, perUserLimit: 5 }));
      const id = r.body.data.id;
      expect((await t.http().post(`/api/points/rewards/${id}/redeem`).set('authorization', as('neighbour')).send({ clientKey: clientKey() })).status).toBe(201);
      const none = await t.http().post(`/api/points/rewards/${id}/redeem`).set('authorization', as('neighbour')).send({ clientKey: clientKey() });
      expect(none.status).toBe(409);
      expect(none.body.error).toBe('REWARD_OUT_OF_STOCK');
      await t.dataSource.query('UPDATE points_rewards SET valid_until = ? WHERE id = ?', [at(new Date(Date.now() - 1000)), bagId]);
      const expired = await t.http().post(`/api/points/rewards/${bagId}/redeem`).set('authorization', as('neighbour')).send({ clientKey: clientKey() });
      expect(expired.status).toBe(409);
      expect(expired.body.error).toBe('REWARD_NOT_AVAILABLE');
      const w = await t.http().post(`/api/admin/points/rewards/${shopRewardId}/withdraw`).set('authorization', as('streetAdmin')).send({ reason: '商户暂停营业' });
      expect(w.status).toBe(200);
      expect(w.body.data.status).toBe('withdrawn');
      const withdrawn = await t.http().post(`/api/points/rewards/${shopRewardId}/redeem`).set('authorization', as('neighbour')).send({ clientKey: clientKey() });
      expect(withdrawn.body.error).toBe('REWARD_NOT_AVAILABLE');
      expect(await balance(users.neighbour)).toBe(19);
    });
  });

  describe('admin adjustments and statements', () => {
    it('POST /api/admin/points/adjustments: 401, 403, 422 zero amount / missing reason, 404 outside, 409 below zero, 201 audited, retry once', async () => {
      const body = { userId: users.poor.id, amount: 50, reason: '参加社区志愿服务', unitId: tree.community.id, clientKey: clientKey() };
      expect((await t.http().post('/api/admin/points/adjustments').send(body)).status).toBe(401);
      expect((await t.http().post('/api/admin/points/adjustments').set('authorization', as('resident')).send(body)).status).toBe(403);
      const zero = await t.http().post('/api/admin/points/adjustments').set('authorization', as('streetAdmin')).send({ ...body, amount: 0, reason: '' });
      expect(zero.status).toBe(422);
      expect(zero.body.fields).toEqual({ amount: '调整积分不能为 0', reason: '请填写原因（至少 2 个字）' });
      expect((await t.http().post('/api/admin/points/adjustments').set('authorization', as('streetAdmin')).send({ ...body, unitId: tree.otherStreet.id })).status).toBe(404);
      expect((await t.http().post('/api/admin/points/adjustments').set('authorization', as('streetAdmin')).send({ ...body, userId: 999999 })).status).toBe(404);
      const neg = await t.http().post('/api/admin/points/adjustments').set('authorization', as('streetAdmin')).send({ ...body, amount: -5 });
      expect(neg.status).toBe(409);
      expect(neg.body.error).toBe('POINTS_INSUFFICIENT');
      expect(await countRows(t, 'points_entries', 'user_id = ?', [users.poor.id])).toBe(0);
      const ok = await t.http().post('/api/admin/points/adjustments').set('authorization', as('streetAdmin')).send(body);
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({ amount: 50, rule: 'manual_adjustment', reason: '管理员调整：参加社区志愿服务', balanceAfter: 50 });
      const retry = await t.http().post('/api/admin/points/adjustments').set('authorization', as('streetAdmin')).send(body);
      expect(retry.body.data.id).toBe(ok.body.data.id);
      expect(await balance(users.poor)).toBe(50);
      const [audit] = await t.dataSource.query("SELECT * FROM audit_logs WHERE action = 'points.adjust'");
      expect(audit).toMatchObject({ actor_id: users.streetAdmin.id, unit_path: tree.community.path, target_id: String(users.poor.id) });
      const log = await t.http().get('/api/admin/audit-logs?action=points.adjust').set('authorization', as('streetAdmin'));
      expect(log.body.data.items[0]).toMatchObject({ action: 'points.adjust', actionLabel: '调整积分' });
    });

    it('admin finds users by number or by nickname inside their units, reads and exports a statement (audited)', async () => {
      expect((await t.http().get('/api/admin/points/users?q=').set('authorization', as('streetAdmin'))).status).toBe(422);
      const byId = await t.http().get(`/api/admin/points/users?q=${users.resident.id}`).set('authorization', as('streetAdmin'));
      expect(byId.body.data).toEqual([{ userId: users.resident.id, nickname: '王阿姨', balance: 20, entries: [] }]);
      const byName = await t.http().get(`/api/admin/points/users?q=${encodeURIComponent('王')}`).set('authorization', as('streetAdmin'));
      expect(byName.body.data.map((u: { userId: number }) => u.userId)).toEqual([users.resident.id]);
      const elsewhere = await t.http().get(`/api/admin/points/users?q=${encodeURIComponent('王')}`).set('authorization', as('otherAdmin'));
      expect(elsewhere.body.data).toEqual([]);
      const one = await t.http().get(`/api/admin/points/users/${users.resident.id}`).set('authorization', as('streetAdmin'));
      expect(one.body.data).toMatchObject({ nickname: '王阿姨', balance: 20 });
      expect(one.body.data.entries.length).toBeGreaterThan(3);
      expect((await t.http().get(`/api/admin/points/users/${users.resident.id}/statement`).set('authorization', as('resident'))).status).toBe(403);
      const csv = await t.http().get(`/api/admin/points/users/${users.resident.id}/statement`).set('authorization', as('streetAdmin'));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const text: string = csv.text;
      expect(text.startsWith('\uFEFF')).toBe(true);
      const lines = text.trim().split('\r\n');
      expect(lines[0]).toContain('王阿姨');
      expect(lines[1]).toContain('积分变动');
      expect(lines.some((l) => l.includes(',-10,') && l.includes('兑换奖品'))).toBe(true);
      expect(lines.length - 2).toBe(await countRows(t, 'points_entries', 'user_id = ?', [users.resident.id]));
      expect(await countRows(t, 'audit_logs', "action = 'points.statement_export'")).toBe(1);
    });
  });
});
