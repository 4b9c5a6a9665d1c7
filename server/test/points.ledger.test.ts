import { DEFAULT_POINTS_RULES } from '@linli/shared';
import { TransactionRunner } from '../src/common/db/transaction.runner';
import { PointsRuleSetEntity } from '../src/modules/points/points.entity';
import { PointsService } from '../src/modules/points/points.service';
import { buildUnitTree, buildUser, countRows, UnitTree } from './factories';
import { startTestApp, TestApp } from './helpers/app';

/** The ledger API other modules call inside their own transactions: award and reverseBySource. */
describe(PointsService.name, () => {
  let t: TestApp;
  let sut: PointsService;
  let tx: TransactionRunner;
  let tree: UnitTree;

  beforeAll(async () => {
    t = await startTestApp();
    sut = await t.get(PointsService);
    tx = await t.get(TransactionRunner);
    tree = await buildUnitTree(t);
  });
  afterAll(() => t.close());

  const balance = async (userId: number) => {
    const rows = await t.dataSource.query('SELECT balance FROM points_accounts WHERE user_id = ?', [userId]);
    return rows.length ? Number(rows[0].balance) : 0;
  };
  const entrySum = async (userId: number) => {
    const rows = await t.dataSource.query('SELECT COALESCE(SUM(amount), 0) AS s FROM points_entries WHERE user_id = ?', [userId]);
    return Number(rows[0].s);
  };
  const award = (userId: number, key: string, rule = 'report_filed' as const, refId = key) =>
    tx.run((m) =>
      sut.award(m, { userId, rule, unitPath: tree.grid.path, ref: { type: 'ticket', id: refId }, idempotencyKey: key }),
    );

  it('awards the default rule amount, records the version, and keeps the balance equal to the entries', async () => {
    const u = await buildUser(t);
    const res = await award(u.id, 'ticket:1:filed');
    expect(res).toEqual({ entryId: expect.any(Number), amount: DEFAULT_POINTS_RULES.rules.report_filed.amount });
    const [e] = await t.dataSource.query('SELECT * FROM points_entries WHERE id = ?', [res!.entryId]);
    expect(e).toMatchObject({ rule: 'report_filed', rule_district: '/320111/', unit_path: tree.grid.path, ref_type: 'ticket' });
    expect(Number(e.rule_version)).toBe(0);
    expect(Number(e.balance_after)).toBe(10);
    expect(await balance(u.id)).toBe(10);
    expect(await entrySum(u.id)).toBe(10);
  });

  it('is idempotent: the same key awards nothing again', async () => {
    const u = await buildUser(t);
    expect(await award(u.id, 'ticket:2:filed')).not.toBeNull();
    expect(await award(u.id, 'ticket:2:filed')).toBeNull();
    expect(await countRows(t, 'points_entries', 'user_id = ?', [u.id])).toBe(1);
    expect(await balance(u.id)).toBe(10);
  });

  it('uses the district current rule version and stops at the daily cap (partial remainder first)', async () => {
    await t.dataSource.getRepository(PointsRuleSetEntity).save({
      districtPath: '/320111/',
      version: 1,
      config: { ...DEFAULT_POINTS_RULES, rules: { ...DEFAULT_POINTS_RULES.rules, tip_useful: { amount: 7, dailyCap: 10, monthlyCap: 0 } } },
      note: null,
      createdBy: null,
    });
    const u = await buildUser(t);
    const first = await award(u.id, 'tip:1', 'tip_useful' as never);
    expect(first?.amount).toBe(7);
    const second = await award(u.id, 'tip:2', 'tip_useful' as never);
    expect(second?.amount).toBe(3);
    expect(await award(u.id, 'tip:3', 'tip_useful' as never)).toBeNull();
    const rows = await t.dataSource.query('SELECT rule_version FROM points_entries WHERE user_id = ?', [u.id]);
    expect(rows.map((r: { rule_version: number }) => Number(r.rule_version))).toEqual([1, 1]);
    expect(await balance(u.id)).toBe(10);
  });

  it('a rule of 0 points awards nothing', async () => {
    await t.dataSource.getRepository(PointsRuleSetEntity).save({
      districtPath: '/320111/',
      version: 2,
      config: { ...DEFAULT_POINTS_RULES, rules: { ...DEFAULT_POINTS_RULES.rules, report_confirmed_fix: { amount: 0, dailyCap: 0, monthlyCap: 0 } } },
      note: null,
      createdBy: null,
    });
    const u = await buildUser(t);
    expect(await award(u.id, 'ticket:9:confirm', 'report_confirmed_fix' as never)).toBeNull();
    expect(await countRows(t, 'points_entries', 'user_id = ?', [u.id])).toBe(0);
  });

  it('reverseBySource reverses each entry once and is idempotent', async () => {
    const u = await buildUser(t);
    const co = await buildUser(t);
    await award(u.id, 'ticket:50:filed', 'report_filed', '50');
    await tx.run((m) =>
      sut.award(m, { userId: co.id, rule: 'report_co_reporter', unitPath: tree.grid.path, ref: { type: 'ticket', id: '50' }, idempotencyKey: 'ticket:50:co:' + co.id }),
    );
    expect(await tx.run((m) => sut.reverseBySource(m, { ref: { type: 'ticket', id: '50' }, reason: '上报被认定为重复' }))).toBe(2);
    expect(await tx.run((m) => sut.reverseBySource(m, { ref: { type: 'ticket', id: '50' }, reason: '上报被认定为重复' }))).toBe(0);
    expect(await balance(u.id)).toBe(0);
    expect(await balance(co.id)).toBe(0);
    expect(await entrySum(u.id)).toBe(0);
    const [rev] = await t.dataSource.query("SELECT * FROM points_entries WHERE user_id = ? AND rule = 'reversal'", [u.id]);
    expect(rev.note).toBe('上报被认定为重复');
    // The key of the original award stays used: the report cannot earn again.
    expect(await award(u.id, 'ticket:50:filed', 'report_filed', '50')).toBeNull();
  });

  it('reverseBySource with userId touches only that user', async () => {
    const a = await buildUser(t);
    const b = await buildUser(t);
    await award(a.id, 'ticket:60:a', 'report_filed', '60');
    await award(b.id, 'ticket:60:b', 'report_filed', '60');
    expect(await tx.run((m) => sut.reverseBySource(m, { ref: { type: 'ticket', id: '60' }, userId: a.id, reason: '虚假上报' }))).toBe(1);
    expect(await balance(a.id)).toBe(0);
    expect(await balance(b.id)).toBe(10);
  });

  it('a claw-back never takes the balance below 0 and says what could not be recovered', async () => {
    const u = await buildUser(t);
    await award(u.id, 'ticket:70:filed', 'report_filed', '70');
    // Spend 8 of the 10 points.
    await tx.run(async (m) => {
      await sut.lockAccount(m, u.id);
      await sut.post(m, { userId: u.id, amount: -8, rule: 'redemption', unitPath: null, ref: { type: 'redemption', id: 'x' }, idempotencyKey: 'spend-x' });
    });
    await tx.run((m) => sut.reverseBySource(m, { ref: { type: 'ticket', id: '70' }, reason: '虚假上报' }));
    expect(await balance(u.id)).toBe(0);
    expect(await entrySum(u.id)).toBe(0);
    const [rev] = await t.dataSource.query("SELECT amount, note FROM points_entries WHERE user_id = ? AND rule = 'reversal'", [u.id]);
    expect(Number(rev.amount)).toBe(-2);
    expect(rev.note).toContain('8 分未能追回');
  });

  it('a failure in the caller transaction rolls the award back with it', async () => {
    const u = await buildUser(t);
    await expect(
      tx.run(async (m) => {
        await sut.award(m, { userId: u.id, rule: 'report_filed', unitPath: tree.grid.path, ref: { type: 'ticket', id: '80' }, idempotencyKey: 'ticket:80' });
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await countRows(t, 'points_entries', 'user_id = ?', [u.id])).toBe(0);
    expect(await balance(u.id)).toBe(0);
    expect(await award(u.id, 'ticket:80', 'report_filed', '80')).not.toBeNull();
  });

  it('parallel awards never pass a cap', async () => {
    const u = await buildUser(t);
    // version 2 of the district: report_filed 10 per report, daily cap 30
    const res = await Promise.all(Array.from({ length: 25 }, (_, i) => award(u.id, `cap-race:${i}`, 'report_filed', `cap-race-${i}`)));
    expect(res.filter(Boolean)).toHaveLength(3);
    expect(await balance(u.id)).toBe(30);
    expect(await entrySum(u.id)).toBe(30);
  });

  it('racing awards, retries and claw-backs on one user stay exact', async () => {
    // Caps off so every distinct award counts.
    await t.dataSource.getRepository(PointsRuleSetEntity).save({
      districtPath: '/320111/',
      version: 3,
      config: { ...DEFAULT_POINTS_RULES, rules: { ...DEFAULT_POINTS_RULES.rules, report_filed: { amount: 10, dailyCap: 0, monthlyCap: 0 } }, dailyCap: 0, monthlyCap: 0 },
      note: null,
      createdBy: null,
    });
    const u = await buildUser(t);
    const n = 40;
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      // every award is sent three times; every even-numbered source is also clawed back twice
      for (let r = 0; r < 3; r++) jobs.push(award(u.id, `race:${i}`, 'report_filed', `race-${i}`));
      if (i % 2 === 0) for (let r = 0; r < 2; r++) jobs.push(tx.run((m) => sut.reverseBySource(m, { ref: { type: 'ticket', id: `race-${i}` }, reason: '重复' })));
    }
    await Promise.all(jobs);
    // Claw-backs that ran before their award found nothing; run them again now, as a caller's retry would.
    for (let i = 0; i < n; i += 2) await tx.run((m) => sut.reverseBySource(m, { ref: { type: 'ticket', id: `race-${i}` }, reason: '重复' }));
    expect(await countRows(t, 'points_entries', "user_id = ? AND rule = 'report_filed'", [u.id])).toBe(n);
    expect(await countRows(t, 'points_entries', "user_id = ? AND rule = 'reversal'", [u.id])).toBe(n / 2);
    expect(await balance(u.id)).toBe((n / 2) * 10);
    expect(await entrySum(u.id)).toBe(await balance(u.id));
    const neg = await t.dataSource.query('SELECT COUNT(*) AS n FROM points_entries WHERE user_id = ? AND balance_after < 0', [u.id]);
    expect(Number(neg[0].n)).toBe(0);
  }, 60_000);
});
