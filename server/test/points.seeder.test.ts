import { DemoService } from '../src/modules/demo/demo.service';
import { PointsSeeder } from '../src/modules/points/points.seeder';
import { countRows } from './factories';
import { startTestApp, TestApp } from './helpers/app';

/** Demo data of points: rewards in the demo street and points for the demo resident, seeded once. */
describe(PointsSeeder.name, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds rewards and the resident points through DemoService, idempotently', async () => {
    const demo = await t.get(DemoService);
    const first = await demo.seed();
    expect(first).toMatchObject({ pointsRewards: 4, pointsAwards: 3 });
    const [resident] = await t.dataSource.query("SELECT id FROM users WHERE demo_key = 'resident'");
    const [mine] = await t.dataSource.query("SELECT SUM(amount) AS s FROM points_entries WHERE user_id = ? AND idempotency_key LIKE 'demo:resident:%'", [resident.id]);
    expect(Number(mine.s)).toBe(20 + 20 + 2);
    // Other features' demo data may award points too (through the same ledger): the balance is their sum.
    const [account] = await t.dataSource.query('SELECT balance FROM points_accounts WHERE user_id = ?', [resident.id]);
    const [all] = await t.dataSource.query('SELECT SUM(amount) AS s FROM points_entries WHERE user_id = ?', [resident.id]);
    expect(Number(account.balance)).toBe(Number(all.s));
    expect(await countRows(t, 'points_rewards', "status = 'approved'")).toBe(3);
    expect(await countRows(t, 'points_rewards', "status = 'pending' AND provider = 'shop'")).toBe(1);
    const again = await demo.seed();
    expect(again).toMatchObject({ pointsRewards: 0, pointsAwards: 0 });
    expect(await countRows(t, 'points_rewards')).toBe(4);
    expect(await countRows(t, 'points_entries', "idempotency_key LIKE 'demo:resident:%'")).toBe(3);
  }, 60_000);
});
