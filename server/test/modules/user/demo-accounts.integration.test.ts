import { DemoService } from '../../../src/modules/demo/demo.service';
import { bearer } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';

/** The demo journey on the real Pukou seed (UnitSeeder + AccountSeeder through DemoService). */
describe('demo accounts on the real Pukou seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const demo = await t.get(DemoService);
    expect((await demo.seed()).accounts).toBe(9);
    // A second seed changes nothing, whatever feature seeders DemoService runs.
    const again = await demo.seed();
    expect(Object.entries(again).filter(([, n]) => n !== 0)).toEqual([]);
    expect(again).toMatchObject({ units: 0, accounts: 0, categories: 0 });
  }, 60000);
  afterAll(() => t.close());

  it('binds the grid roles to the first grid of 津浦社区', async () => {
    const res = await t.http().post('/api/auth/demo-login').send({ account: 'grid_worker' });
    expect(res.status).toBe(200);
    expect(res.body.data.user.roles[1]).toMatchObject({ role: 'grid_worker', unit: { code: '320111001005001', level: 'grid' } });
  });

  it("the demo admin's review queue holds 王阿姨's shop-owner request, and approving it works", async () => {
    const login = await t.http().post('/api/auth/demo-login').send({ account: 'admin' });
    const token = login.body.data.token;
    const queue = await t.http().get('/api/admin/role-requests').set('authorization', bearer(token));
    expect(queue.status).toBe(200);
    expect(queue.body.data).toEqual([
      expect.objectContaining({ role: 'shop_owner', status: 'pending', unit: expect.objectContaining({ code: '320111001005', name: '津浦社区居委会' }), applicant: expect.objectContaining({ nickname: '王阿姨' }) }),
    ]);
    const decided = await t.http().post(`/api/admin/role-requests/${queue.body.data[0].id}/review`).set('authorization', bearer(token)).send({ approve: true });
    expect(decided.status).toBe(200);
    const resident = await t.http().post('/api/auth/demo-login').send({ account: 'resident' });
    expect(resident.body.data.user.roles.map((r: { role: string }) => r.role)).toEqual(['resident', 'shop_owner']);
  });
});
