import { TransactionRunner } from '../src/common/db/transaction.runner';
import { PointsService } from '../src/modules/points/points.service';
import { UserEntity } from '../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, grantRole, loginAs, UnitTree } from './factories';
import { startTestApp, TEST_DB, TestApp } from './helpers/app';

/**
 * The ledger under concurrency, through the real HTTP endpoints (issue 5, "Done when"): on MariaDB every
 * request gets its own pooled connection and transaction, so these are real races.
 */
describe(`points under concurrency (${TEST_DB})`, () => {
  let t: TestApp;
  let tree: UnitTree;
  let ledger: PointsService;
  let tx: TransactionRunner;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    ledger = await t.get(PointsService);
    tx = await t.get(TransactionRunner);
    const admin = await buildUser(t, { nickname: '管理员' });
    await grantRole(t, admin, 'admin', tree.street);
    adminToken = await loginAs(t, admin);
  });
  afterAll(() => t.close());

  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const createReward = async (stock: number, cost: number, perUserLimit: number) => {
    const res = await t
      .http()
      .post('/api/admin/points/rewards')
      .set('authorization', bearer(adminToken))
      .send({ title: '并发测试奖品', cost, stock, perUserLimit, validFrom: day(-1), validUntil: day(10), pickupPlace: '社区服务中心', unitId: tree.community.id });
    expect(res.status).toBe(201);
    return res.body.data.id as number;
  };
  const give = (u: UserEntity, amount: number, key: string) =>
    tx.run(async (m) => {
      await ledger.lockAccount(m, u.id);
      await ledger.post(m, { userId: u.id, amount, rule: 'manual_adjustment', unitPath: tree.community.path, ref: { type: 'test', id: key }, idempotencyKey: key });
    });
  /** Every user's balance equals the sum of their entries, none is negative, no entry left a negative balance. */
  const expectLedgerConsistent = async () => {
    const mismatched = await t.dataSource.query(
      `SELECT a.user_id, a.balance, COALESCE(SUM(e.amount), 0) AS s FROM points_accounts a
         LEFT JOIN points_entries e ON e.user_id = a.user_id GROUP BY a.user_id, a.balance HAVING a.balance <> COALESCE(SUM(e.amount), 0)`,
    );
    expect(mismatched).toEqual([]);
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM points_accounts WHERE balance < 0'))[0].n)).toBe(0);
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM points_entries WHERE balance_after < 0'))[0].n)).toBe(0);
  };

  it('200 parallel redemptions of an item with stock 10: exactly 10 succeed, no balance negative, entries = balances', async () => {
    const rewardId = await createReward(10, 10, 5);
    // 100 users with 15 points each (enough for ONE redemption), two requests each: 200 in parallel.
    const users: { u: UserEntity; token: string }[] = [];
    for (let i = 0; i < 100; i++) {
      const u = await buildUser(t);
      await give(u, 15, `seed:${u.id}`);
      users.push({ u, token: await loginAs(t, u) });
    }
    const requests = users.flatMap(({ token }, i) =>
      [0, 1].map((j) =>
        t
          .http()
          .post(`/api/points/rewards/${rewardId}/redeem`)
          .set('authorization', bearer(token))
          .send({ clientKey: `race-${i}-${j}-key` }),
      ),
    );
    const results = await Promise.all(requests);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const errors = new Set(results.filter((r) => r.status === 409).map((r) => r.body.error));
    expect([...errors].every((e) => e === 'REWARD_OUT_OF_STOCK' || e === 'POINTS_INSUFFICIENT')).toBe(true);
    const [reward] = await t.dataSource.query('SELECT SUM(stock_left) AS stock_left FROM points_reward_stock WHERE reward_id = ?', [rewardId]);
    expect(Number(reward.stock_left)).toBe(0);
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM points_redemptions WHERE reward_id = ?', [rewardId]))[0].n)).toBe(10);
    expect(Number((await t.dataSource.query("SELECT COUNT(*) AS n FROM points_entries WHERE rule = 'redemption'"))[0].n)).toBe(10);
    await expectLedgerConsistent();
  }, 120_000);

  it('one redemption request retried 20 times in parallel: one redemption, one spend', async () => {
    const rewardId = await createReward(50, 10, 5);
    const u = await buildUser(t);
    await give(u, 100, `seed:${u.id}`);
    const token = await loginAs(t, u);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http().post(`/api/points/rewards/${rewardId}/redeem`).set('authorization', bearer(token)).send({ clientKey: 'same-request-key-1' })),
    );
    expect(results.map((r) => `${r.status} ${r.body.error ?? ""} ${r.body.message ?? ""}`).sort()).toEqual([...Array(19).fill("200  "), "201  "]);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM points_redemptions WHERE user_id = ?', [u.id]))[0].n)).toBe(1);
    expect(Number((await t.dataSource.query('SELECT balance FROM points_accounts WHERE user_id = ?', [u.id]))[0].balance)).toBe(90);
    await expectLedgerConsistent();
  }, 60_000);

  it('awards, claw-backs, redemptions and cancellations racing on one user stay exact', async () => {
    const rewardId = await createReward(100, 10, 100);
    const u = await buildUser(t);
    const token = await loginAs(t, u);
    const award = (i: number) =>
      tx.run((m) => ledger.award(m, { userId: u.id, rule: 'tip_useful', unitPath: tree.grid.path, ref: { type: 'tip', id: `mix-${i}` }, idempotencyKey: `tip:mix-${i}` }));
    const clawBack = (i: number) => tx.run((m) => ledger.reverseBySource(m, { ref: { type: 'tip', id: `mix-${i}` }, reason: '线索不实' }));
    // The rules are the defaults: tip_useful 20, daily cap 40, overall daily cap 100.
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) {
      jobs.push(award(i), award(i));
      if (i % 2 === 1) jobs.push(clawBack(i));
      jobs.push(t.http().post(`/api/points/rewards/${rewardId}/redeem`).set('authorization', bearer(token)).send({ clientKey: `mix-redeem-${i}` }));
    }
    const settled = await Promise.allSettled(jobs);
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    // Cancel whatever was redeemed, in parallel with more claw-backs.
    const mine = (await t.http().get('/api/points/redemptions').set('authorization', bearer(token))).body.data as { id: number }[];
    await Promise.all([
      ...mine.map((r) => t.http().post(`/api/points/redemptions/${r.id}/cancel`).set('authorization', bearer(token))),
      ...[0, 2, 4].map(clawBack),
    ]);
    await expectLedgerConsistent();
    // Caps held: at most 40 earned by tip_useful today, whatever the order.
    const earned = await t.dataSource.query("SELECT COALESCE(SUM(amount), 0) AS s FROM points_entries WHERE user_id = ? AND rule = 'tip_useful'", [u.id]);
    expect(Number(earned[0].s)).toBeLessThanOrEqual(40 + 40); // a claw-back gives today's cap room back
    const redeemed = await t.dataSource.query("SELECT COUNT(*) AS n FROM points_redemptions WHERE user_id = ? AND status = 'issued'", [u.id]);
    expect(Number(redeemed[0].n)).toBe(0);
    const [reward] = await t.dataSource.query('SELECT SUM(stock_left) AS stock_left FROM points_reward_stock WHERE reward_id = ?', [rewardId]);
    expect(Number(reward.stock_left)).toBe(100);
  }, 60_000);
});
