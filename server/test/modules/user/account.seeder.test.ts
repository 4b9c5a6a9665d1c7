import { format } from 'util';
import { AccountSeeder, DEMO_ACCOUNTS } from '../../../src/modules/user/account.seeder';
import { RoleGrantEntity } from '../../../src/modules/user/role-grant.entity';
import { RoleRequestEntity } from '../../../src/modules/user/role-request.entity';
import { UserEntity } from '../../../src/modules/user/user.entity';
import { buildUnitTree, UnitTree } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';

describe(AccountSeeder.name, () => {
  let t: TestApp;
  let sut: AccountSeeder;
  beforeAll(async () => {
    t = await startTestApp();
    sut = await t.get(AccountSeeder);
  });
  afterAll(() => t.close());

  const counts = async () => ({
    users: await t.dataSource.getRepository(UserEntity).count(),
    grants: await t.dataSource.getRepository(RoleGrantEntity).count(),
    requests: await t.dataSource.getRepository(RoleRequestEntity).count(),
  });

  it('does nothing outside demo mode', async () => {
    sut.config.demoMode = false;
    try {
      expect(await sut.seed()).toBe(0);
      expect((await counts()).users).toBe(0);
    } finally {
      sut.config.demoMode = true;
    }
  });

  it('without the Pukou units: creates the accounts, grants nothing, warns, does not crash', async () => {
    const warnings: string[] = [];
    const spy = jest.spyOn(sut.logger, 'warn').mockImplementation(((...a: unknown[]) => warnings.push(format(...(a as [unknown])))) as never);
    try {
      expect(await sut.seed()).toBe(DEMO_ACCOUNTS.length);
    } finally {
      spy.mockRestore();
    }
    expect(await counts()).toEqual({ users: 9, grants: 0, requests: 0 });
    expect(warnings.join('\n')).toMatch(/units missing \(district, street, community, grid\)/);
    const list = await sut.list();
    expect(list).toHaveLength(9);
    expect(list.every((a) => a.unitName === null)).toBe(true);
  });

  describe('with the units', () => {
    let tree: UnitTree;
    beforeAll(async () => {
      tree = await buildUnitTree(t);
    });

    it('adds the missing grants and the sample request on the next run, creating no new account', async () => {
      expect(await sut.seed()).toBe(0);
      expect(await counts()).toEqual({ users: 9, grants: 8, requests: 1 });
      const byKey = async (key: string) => {
        const u = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ demoKey: key });
        return t.dataSource.getRepository(RoleGrantEntity).findBy({ userId: u.id });
      };
      expect((await byKey('resident')).length).toBe(0);
      expect((await byKey('grid_worker')).map((g) => [g.role, g.unitId])).toEqual([['grid_worker', tree.grid.id]]);
      expect((await byKey('street_dispatcher')).map((g) => g.unitId)).toEqual([tree.street.id]);
      expect((await byKey('community_police')).map((g) => g.unitId)).toEqual([tree.community.id]);
      expect((await byKey('admin')).map((g) => g.unitId)).toEqual([tree.district.id]);
      const [sample] = await t.dataSource.getRepository(RoleRequestEntity).find();
      expect(sample).toMatchObject({ role: 'shop_owner', unitId: tree.community.id, status: 'pending' });
    });

    it('is idempotent', async () => {
      const before = await counts();
      expect(await sut.seed()).toBe(0);
      expect(await sut.seed()).toBe(0);
      expect(await counts()).toEqual(before);
    });

    it('lists the accounts with their unit names and descriptions, in role order', async () => {
      const list = await sut.list();
      expect(list.map((a) => a.role)).toEqual(DEMO_ACCOUNTS.map((d) => d.role));
      expect(list.find((a) => a.key === 'shop_owner')).toMatchObject({ nickname: '李老板', roleLabel: '商户', unitName: tree.grid.name });
      expect(list.find((a) => a.key === 'district_dispatcher')).toMatchObject({ unitName: '浦口区' });
      expect(list.find((a) => a.key === 'community_police')).toMatchObject({ unitName: '津浦社区居委会' });
      expect(new Set(list.map((a) => a.nickname)).size).toBe(9);
    });

    it('every demo grant fits its role (RoleUnitLevels)', async () => {
      const { roleFitsUnitLevel } = await import('@linli/shared');
      const rows: Array<{ role: string; level: string }> = await t.dataSource.query(
        'SELECT g.role AS role, u.level AS level FROM role_grants g JOIN units u ON u.id = g.unit_id',
      );
      for (const r of rows) expect(roleFitsUnitLevel(r.role as never, r.level as never)).toBe(true);
    });
  });
});
