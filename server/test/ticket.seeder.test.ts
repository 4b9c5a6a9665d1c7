import { CATEGORY_MINORS } from '@linli/shared';
import { TicketEntity } from '../src/modules/ticket/ticket.entities';
import { TicketSeeder } from '../src/modules/ticket/ticket.seeder';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { UnitSpatialIndex } from '../src/modules/unit/unit.spatial-index';
import { UserEntity } from '../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, countRows, loginAs } from './factories';
import { startTestApp, type TestApp } from './helpers/app';
import { grant, IN_GRID, seedCategories } from './ticket.helpers';

/** Demo tickets: in the demo street, from the demo accounts, in several states; seeding twice adds nothing. */
describe('TicketSeeder', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('skips without the demo units and accounts', async () => {
    expect(await (await t.get(TicketSeeder)).seed()).toBe(0);
  });

  it('seeds the demo tickets once: the dispatcher\'s queue and the resident\'s list are not empty', async () => {
    const tree = await buildUnitTree(t);
    const d = 0.01;
    await t.dataSource.getRepository(UnitEntity).update(
      { id: tree.grid.id },
      { polygon: [[[IN_GRID.lng - d, IN_GRID.lat - d], [IN_GRID.lng + d, IN_GRID.lat - d], [IN_GRID.lng + d, IN_GRID.lat + d], [IN_GRID.lng - d, IN_GRID.lat + d], [IN_GRID.lng - d, IN_GRID.lat - d]]] },
    );
    await (await t.get(UnitSpatialIndex)).rebuild();
    const codes = ['JM-0201', 'SR-0101', 'SS-0401', 'JT-0601', 'SS-0402', 'HB-0701', 'JM-0202'];
    await seedCategories(t, CATEGORY_MINORS.filter((c) => codes.includes(c.code)));
    const users: Record<string, UserEntity> = {};
    for (const key of ['resident', 'building_head', 'grid_worker', 'street_dispatcher', 'department_handler']) {
      users[key] = await buildUser(t, { demoKey: key, openid: null });
    }
    await grant(t, users.building_head, 'building_head', tree.grid);
    await grant(t, users.grid_worker, 'grid_worker', tree.grid);
    await grant(t, users.street_dispatcher, 'street_dispatcher', tree.street);
    await grant(t, users.department_handler, 'department_handler', tree.district, 'chengguan');

    const sut = await t.get(TicketSeeder);
    expect(await sut.seed()).toBe(7);
    expect(await sut.seed()).toBe(0);
    expect(await countRows(t, 'tickets')).toBe(7);

    const tickets = await t.dataSource.getRepository(TicketEntity).find({ order: { id: 'ASC' } });
    expect(tickets.map((x) => x.status)).toEqual(['reported', 'dispatched', 'handling', 'handled', 'rated', 'filed', 'handled']);
    expect(tickets.every((x) => x.streetId === tree.street.id && x.gridId === tree.grid.id)).toBe(true);
    expect(tickets.find((x) => x.categoryCode === 'SS-0401')?.onBehalfOf).toEqual({ name: '5 栋李奶奶', consent: true });

    const queue = await t.http().get('/api/command/queue').set('Authorization', bearer(await loginAs(t, users.street_dispatcher)));
    expect(queue.body.data.items.length).toBeGreaterThanOrEqual(5);
    const mine = await t.http().get('/api/tickets/mine').set('Authorization', bearer(await loginAs(t, users.resident)));
    expect(mine.body.data.items.length).toBe(4);
    const handled = mine.body.data.items.find((i: any) => i.status === 'handled');
    expect(handled.holderLabel).toBe('等待您核查');
    const department = await t.http().get('/api/command/department').set('Authorization', bearer(await loginAs(t, users.department_handler)));
    expect(department.body.data.items.map((i: any) => i.category.code)).toEqual(['SR-0101']);
  });
});
