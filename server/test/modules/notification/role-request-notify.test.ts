import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';

describe('role request review notifies the applicant', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('approve and reject each leave a message in the applicant inbox, after the review committed', async () => {
    const tree = await buildUnitTree(t);
    const admin = await buildUser(t);
    await grantRole(t, admin, 'admin', tree.street);
    const adminToken = await loginAs(t, admin);
    const applicant = await buildUser(t);
    const token = await loginAs(t, applicant);

    const file = (role: string, unitId: number) =>
      t.http().post('/api/me/role-requests').set('authorization', bearer(token)).send({ role, unitId, reason: '开了一家便利店' });
    const ok = (await file('shop_owner', tree.grid.id)).body.data;
    const no = (await file('building_head', tree.grid.id)).body.data;
    await t.http().post(`/api/admin/role-requests/${ok.id}/review`).set('authorization', bearer(adminToken)).send({ approve: true }).expect(200);
    await t.http().post(`/api/admin/role-requests/${no.id}/review`).set('authorization', bearer(adminToken)).send({ approve: false, note: '请提供楼栋长任命材料' }).expect(200);
    // A failed review (already decided) notifies nobody again.
    await t.http().post(`/api/admin/role-requests/${no.id}/review`).set('authorization', bearer(adminToken)).send({ approve: true }).expect(409);

    const inbox = await t.http().get('/api/notifications').set('authorization', bearer(token));
    expect(inbox.body.data.items.map((n: any) => [n.templateKey, n.ref, n.read])).toEqual([
      ['role_request_reviewed', String(no.id), false],
      ['role_request_reviewed', String(ok.id), false],
    ]);
    expect(inbox.body.data.items[1].body).toContain('申请身份：商户\n所属辖区：津浦社区第一网格\n审核结果：通过');
    expect(inbox.body.data.items[0].body).toContain('审核结果：驳回\n审核说明：请提供楼栋长任命材料');
    expect(await countRows(t, 'notifications', 'user_id = ?', [admin.id])).toBe(0);
  });
});
