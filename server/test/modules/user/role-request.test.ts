import { AuditLogEntity } from '../../../src/common/audit/audit-log.entity';
import { RoleGrantEntity } from '../../../src/modules/user/role-grant.entity';
import { RoleRequestEntity } from '../../../src/modules/user/role-request.entity';
import type { UserEntity } from '../../../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, UnitTree } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';

describe('role requests', () => {
  let t: TestApp;
  let tree: UnitTree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
  });
  afterAll(() => t.close());

  const requests = () => t.dataSource.getRepository(RoleRequestEntity);
  const grants = () => t.dataSource.getRepository(RoleGrantEntity);
  const audits = () => t.dataSource.getRepository(AuditLogEntity);

  async function applicant(): Promise<{ user: UserEntity; token: string }> {
    const user = await buildUser(t, { phone: '13812345678' });
    return { user, token: await loginAs(t, user) };
  }

  async function admin(unit = tree.street): Promise<{ user: UserEntity; token: string }> {
    const user = await buildUser(t);
    await grantRole(t, user, 'admin', unit);
    return { user, token: await loginAs(t, user) };
  }

  function fileRequest(token: string, body: Record<string, unknown>) {
    return t.http().post('/api/me/role-requests').set('authorization', bearer(token)).send(body);
  }

  describe('POST /api/me/role-requests', () => {
    it('401 without a token', async () => {
      const res = await t.http().post('/api/me/role-requests').send({ role: 'shop_owner', unitId: tree.grid.id, reason: '开店' });
      expect(res.status).toBe(401);
    });

    it('422 per field, nothing written', async () => {
      const { token } = await applicant();
      const before = await requests().count();
      const role = await fileRequest(token, { role: 'resident', unitId: tree.grid.id, reason: '开店了' });
      expect(role.status).toBe(422);
      expect(role.body.fields).toEqual({ role: '请选择要申请的身份' });
      const reason = await fileRequest(token, { role: 'shop_owner', unitId: tree.grid.id, reason: '店' });
      expect(reason.body.fields).toEqual({ reason: '请简要说明申请理由（至少 2 个字）' });
      const unit = await fileRequest(token, { role: 'shop_owner', unitId: 'abc', reason: '开店了' });
      expect(unit.body.fields).toEqual({ unitId: '编号应为数字' });
      expect(await requests().count()).toBe(before);
    });

    it('404 UNIT_NOT_FOUND and 422 ROLE_UNIT_MISMATCH', async () => {
      const { token } = await applicant();
      const missing = await fileRequest(token, { role: 'shop_owner', unitId: 999999, reason: '开店了' });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ ok: false, error: 'UNIT_NOT_FOUND', message: '辖区不存在' });
      const mismatch = await fileRequest(token, { role: 'grid_worker', unitId: tree.community.id, reason: '我是网格员' });
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.error).toBe('ROLE_UNIT_MISMATCH');
    });

    it('files a pending request; a second one for the same role and unit is 409 ROLE_REQUEST_PENDING', async () => {
      const { user, token } = await applicant();
      const res = await fileRequest(token, { role: 'shop_owner', unitId: tree.grid.id, reason: ' 开了一家便利店 ' });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        id: expect.any(Number),
        role: 'shop_owner',
        roleLabel: '商户',
        unit: { id: tree.grid.id, code: tree.grid.code, name: tree.grid.name, level: 'grid' },
        reason: '开了一家便利店',
        status: 'pending',
        statusLabel: '审核中',
        reviewNote: null,
        createdAt: expect.any(String),
        reviewedAt: null,
      });
      const again = await fileRequest(token, { role: 'shop_owner', unitId: tree.grid.id, reason: '再申请一次' });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('ROLE_REQUEST_PENDING');
      expect(await requests().countBy({ userId: user.id })).toBe(1);
    });

    it('409 ROLE_ALREADY_GRANTED', async () => {
      const { user, token } = await applicant();
      await grantRole(t, user, 'building_head', tree.grid);
      const res = await fileRequest(token, { role: 'building_head', unitId: tree.grid.id, reason: '我是楼栋长' });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('ROLE_ALREADY_GRANTED');
    });
  });

  describe('GET /api/me/role-requests', () => {
    it('401 without a token', async () => {
      expect((await t.http().get('/api/me/role-requests')).status).toBe(401);
    });

    it('lists only my own requests, newest first', async () => {
      const me = await applicant();
      const someoneElse = await applicant();
      await fileRequest(me.token, { role: 'shop_owner', unitId: tree.grid.id, reason: '第一个申请' }).expect(200);
      await fileRequest(me.token, { role: 'community_police', unitId: tree.community.id, reason: '我是社区民警' }).expect(200);
      await fileRequest(someoneElse.token, { role: 'shop_owner', unitId: tree.grid.id, reason: '别人的申请' }).expect(200);
      const res = await t.http().get('/api/me/role-requests').set('authorization', bearer(me.token));
      expect(res.status).toBe(200);
      expect(res.body.data.map((r: { role: string }) => r.role)).toEqual(['community_police', 'shop_owner']);
      expect(res.body.data[0].applicant).toBeUndefined();
    });
  });

  describe('GET /api/admin/role-requests', () => {
    it('401 without a token, 403 FORBIDDEN for a non-admin (even staff)', async () => {
      expect((await t.http().get('/api/admin/role-requests')).status).toBe(401);
      const worker = await buildUser(t);
      await grantRole(t, worker, 'grid_worker', tree.grid);
      const res = await t.http().get('/api/admin/role-requests').set('authorization', bearer(await loginAs(t, worker)));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ ok: false, error: 'FORBIDDEN', message: '没有权限进行此操作' });
    });

    it('shows pending requests inside my units only, oldest first, with the applicant masked', async () => {
      const streetAdmin = await admin(tree.street);
      const inside = await applicant();
      const outside = await applicant();
      const a = await fileRequest(inside.token, { role: 'shop_owner', unitId: tree.community.id, reason: '社区里开店' });
      const b = await fileRequest(inside.token, { role: 'community_police', unitId: tree.street.id, reason: '街道民警' });
      const c = await fileRequest(outside.token, { role: 'shop_owner', unitId: tree.otherGrid.id, reason: '别的街道开店' });
      const own = await fileRequest(streetAdmin.token, { role: 'shop_owner', unitId: tree.grid.id, reason: '管理员自己开店' });
      for (const r of [a, b, c, own]) expect(r.status).toBe(200);

      const res = await t.http().get('/api/admin/role-requests').set('authorization', bearer(streetAdmin.token));
      expect(res.status).toBe(200);
      const ids = res.body.data.map((r: { id: number }) => r.id);
      expect(ids).toEqual(expect.arrayContaining([a.body.data.id, b.body.data.id]));
      expect(ids).not.toContain(c.body.data.id);
      expect(ids).not.toContain(own.body.data.id);
      expect([...ids].sort((x: number, y: number) => x - y)).toEqual(ids);
      const shown = res.body.data.find((r: { id: number }) => r.id === a.body.data.id);
      expect(shown.applicant).toEqual({ id: inside.user.id, nickname: inside.user.nickname, phoneMasked: '138****5678' });

      const districtAdmin = await admin(tree.district);
      const all = await t.http().get('/api/admin/role-requests').set('authorization', bearer(districtAdmin.token));
      expect(all.body.data.map((r: { id: number }) => r.id)).toEqual(expect.arrayContaining([a.body.data.id, c.body.data.id, own.body.data.id]));
    });
  });

  describe('POST /api/admin/role-requests/:id/review', () => {
    const review = (token: string | null, id: number | string, body: Record<string, unknown>) => {
      const req = t.http().post(`/api/admin/role-requests/${id}/review`);
      if (token) req.set('authorization', bearer(token));
      return req.send(body);
    };

    it('401 -> 422 -> 403 -> 404 -> 200 -> 409, with the database checked at each step', async () => {
      const { user, token } = await applicant();
      const filed = await fileRequest(token, { role: 'shop_owner', unitId: tree.grid.id, reason: '网格里开店' });
      const id = filed.body.data.id;

      expect((await review(null, id, { approve: true })).status).toBe(401);

      const streetAdmin = await admin(tree.street);
      const missingApprove = await review(streetAdmin.token, id, {});
      expect(missingApprove.status).toBe(422);
      expect(missingApprove.body.fields).toEqual({ approve: '请选择通过或驳回' });
      const rejectNoNote = await review(streetAdmin.token, id, { approve: false });
      expect(rejectNoNote.status).toBe(422);
      expect(rejectNoNote.body.fields).toEqual({ note: '驳回时请填写理由' });
      const badId = await review(streetAdmin.token, 'abc', { approve: true });
      expect(badId.status).toBe(422);
      expect(badId.body.fields).toEqual({ id: '编号应为数字' });

      // The applicant is no admin at all.
      expect((await review(token, id, { approve: true })).status).toBe(403);

      // An admin of another street may not see it: same answer as a missing request.
      const otherAdmin = await admin(tree.otherStreet);
      const hidden = await review(otherAdmin.token, id, { approve: true });
      expect(hidden.status).toBe(404);
      expect(hidden.body.error).toBe('NOT_FOUND');
      expect((await review(otherAdmin.token, 987654, { approve: true })).body).toEqual(hidden.body);
      expect((await requests().findOneByOrFail({ id })).status).toBe('pending');
      expect(await audits().countBy({ targetId: String(id) })).toBe(0);

      const ok = await review(streetAdmin.token, id, { approve: true, note: '欢迎加入' });
      expect(ok.status).toBe(200);
      expect(ok.body.data).toMatchObject({ id, status: 'approved', statusLabel: '已通过', reviewNote: '欢迎加入', applicant: { id: user.id } });
      expect(ok.body.data.reviewedAt).toEqual(expect.any(String));

      const grant = await grants().findOneByOrFail({ userId: user.id, role: 'shop_owner', unitId: tree.grid.id });
      expect(grant.grantedBy).toBe(streetAdmin.user.id);
      const row = await requests().findOneByOrFail({ id });
      expect(row).toMatchObject({ status: 'approved', reviewedBy: streetAdmin.user.id, version: 2 });
      const [audit] = await audits().findBy({ targetType: 'role_request', targetId: String(id) });
      expect(audit).toMatchObject({
        actorId: streetAdmin.user.id,
        actorRole: 'admin',
        unitPath: tree.grid.path,
        action: 'role_request.approve',
        before: { status: 'pending', role: 'shop_owner', unitId: tree.grid.id, userId: user.id },
        after: { status: 'approved', reviewNote: '欢迎加入', grantId: grant.id },
      });

      const me = await t.http().get('/api/me').set('authorization', bearer(token));
      expect(me.body.data.roles.map((r: { role: string }) => r.role)).toEqual(['resident', 'shop_owner']);

      const again = await review(streetAdmin.token, id, { approve: false, note: '改主意了' });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ ok: false, error: 'ROLE_REQUEST_CLOSED', message: '该申请已处理' });
      expect(await audits().countBy({ targetId: String(id) })).toBe(1);
    });

    it('reject records the note and an audit row, and grants nothing', async () => {
      const { user, token } = await applicant();
      const id = (await fileRequest(token, { role: 'building_head', unitId: tree.grid.id, reason: '想当楼栋长' })).body.data.id;
      const districtAdmin = await admin(tree.district);
      const res = await review(districtAdmin.token, id, { approve: false, note: '请先联系社区核实' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'rejected', statusLabel: '未通过', reviewNote: '请先联系社区核实' });
      expect(await grants().countBy({ userId: user.id })).toBe(0);
      const [audit] = await audits().findBy({ targetId: String(id) });
      expect(audit).toMatchObject({ action: 'role_request.reject', after: { status: 'rejected', reviewNote: '请先联系社区核实', grantId: null } });
    });

    it('an admin cannot review their own request (403)', async () => {
      const districtAdmin = await admin(tree.district);
      const own = await fileRequest(districtAdmin.token, { role: 'shop_owner', unitId: tree.grid.id, reason: '自己开店' });
      const res = await review(districtAdmin.token, own.body.data.id, { approve: true });
      expect(res.status).toBe(403);
      expect((await requests().findOneByOrFail({ id: own.body.data.id })).status).toBe('pending');
    });

    it('two admins at once: one 200, one 409, one grant, one audit row', async () => {
      const { user, token } = await applicant();
      const id = (await fileRequest(token, { role: 'shop_owner', unitId: tree.community.id, reason: '同时审核测试' })).body.data.id;
      const a = await admin(tree.district);
      const b = await admin(tree.street);
      const [ra, rb] = await Promise.all([review(a.token, id, { approve: true }), review(b.token, id, { approve: false, note: '资料不全' })]);
      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      const loser = ra.status === 409 ? ra : rb;
      expect(loser.body.error).toBe('ROLE_REQUEST_CLOSED');
      const winner = ra.status === 200 ? ra : rb;
      const row = await requests().findOneByOrFail({ id });
      expect(row.status).toBe(winner.body.data.status);
      expect(row.version).toBe(2);
      expect(await grants().countBy({ userId: user.id })).toBe(winner === ra ? 1 : 0);
      expect(await audits().countBy({ targetId: String(id) })).toBe(1);
      expect(await countRows(t, 'audit_logs', 'target_id = ?', [String(id)])).toBe(1);
    });

    it('many admins at once on several requests: every request decided exactly once', async () => {
      const admins = await Promise.all([admin(tree.district), admin(tree.street), admin(tree.community)]);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { token } = await applicant();
        ids.push((await fileRequest(token, { role: 'shop_owner', unitId: tree.grid.id, reason: `并发测试${i}` })).body.data.id);
      }
      const results = await Promise.all(ids.flatMap((id) => admins.map((ad) => review(ad.token, id, { approve: true }))));
      expect(results.filter((r) => r.status === 200)).toHaveLength(3);
      expect(results.filter((r) => r.status === 409)).toHaveLength(6);
      for (const id of ids) expect(await audits().countBy({ targetId: String(id) })).toBe(1);
    });
  });
});
