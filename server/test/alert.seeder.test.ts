import { AlertSeeder, DEMO_GROUP_NAME } from '../src/modules/alert/alert.seeder';
import { AccountSeeder } from '../src/modules/user/account.seeder';
import { UserEntity } from '../src/modules/user/user.entity';
import { bearer, buildUnitTree, countRows, loginAs } from './factories';
import { startTestApp, TestApp } from './helpers/app';

/** The demo data of the alerts feature: 刘警官's group with the demo members and a sample alert, idempotent. */
describe(AlertSeeder.name, () => {
  let t: TestApp;
  let sut: AlertSeeder;
  beforeAll(async () => {
    t = await startTestApp();
    sut = await t.get(AlertSeeder);
  });
  afterAll(() => t.close());

  it('without the demo units and accounts: nothing, no crash', async () => {
    expect(await sut.seed()).toBe(false);
    expect(await countRows(t, 'neighbourhood_groups')).toBe(0);
  });

  it('seeds the group, its members and one sample alert; a second run changes nothing', async () => {
    await buildUnitTree(t);
    await (await t.get(AccountSeeder)).seed();
    expect(await sut.seed()).toBe(true);
    const groups = await t.dataSource.query('SELECT id, name FROM neighbourhood_groups');
    expect(groups.map((g: { name: string }) => g.name)).toEqual([DEMO_GROUP_NAME]);
    const members = await t.dataSource.query(
      'SELECT u.demo_key AS k, m.role, m.kind, m.status FROM group_members m JOIN users u ON u.id = m.user_id ORDER BY u.demo_key',
    );
    expect(members).toEqual([
      { k: 'building_head', role: 'member', kind: 'building_head', status: 'active' },
      { k: 'community_police', role: 'officer', kind: 'police', status: 'active' },
      { k: 'resident', role: 'member', kind: 'resident', status: 'active' },
      { k: 'shop_owner', role: 'member', kind: 'shop', status: 'active' },
    ]);
    expect(await countRows(t, 'alerts')).toBe(1);
    expect(await countRows(t, 'alert_recipients')).toBe(3);
    expect(await sut.seed()).toBe(false);
    expect(await countRows(t, 'alerts')).toBe(1);
    expect(await countRows(t, 'group_members')).toBe(4);
    // The demo shop owner sees the sample alert in the feed.
    const shop = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ demoKey: 'shop_owner' });
    const feed = await t.http().get('/api/alerts/feed').set('authorization', bearer(await loginAs(t, shop)));
    expect(feed.body.data.items.map((a: { title: string }) => a.title)).toEqual(['注意辨别百元假币']);
  });

  it('does nothing outside demo mode', async () => {
    sut.config.demoMode = false;
    try {
      expect(await sut.seed()).toBe(false);
    } finally {
      sut.config.demoMode = true;
    }
  });
});
