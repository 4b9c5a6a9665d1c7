import { MidwayWebRouterService } from '@midwayjs/core';
import { API } from '@linli/shared';
import { AuditService } from '../../../src/common/audit/audit.service';
import { TransactionRunner } from '../../../src/common/db/transaction.runner';
import { bearer, buildUnitTree, buildUser, grantRole, loginAs, startAppWithWechatFake, UnitTree } from '../../factories';
import type { TestApp } from '../../helpers/app';
import { UserEntity } from '../../../src/modules/user/user.entity';

/** Reading the audit log: scoping by unit, filters, keyset pages, CSV export; no way to change it. */
describe('GET /api/admin/audit-logs', () => {
  let t: TestApp;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;
  let adminA: UserEntity;
  let adminB: UserEntity;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    ({ t, closeAll } = await startAppWithWechatFake());
    tree = await buildUnitTree(t);
    adminA = await buildUser(t, { nickname: '泰山管理员' });
    await grantRole(t, adminA, 'admin', tree.street);
    adminB = await buildUser(t, { nickname: '江浦管理员' });
    await grantRole(t, adminB, 'admin', tree.otherStreet);
    tokenA = await loginAs(t, adminA);
    tokenB = await loginAs(t, adminB);
    const audit = await t.get(AuditService);
    const tx = await t.get(TransactionRunner);
    const rows = [
      { actorId: adminA.id, unitPath: tree.grid.path, action: 'role_request.approve', at: '2026-11-01T02:00:00Z' },
      { actorId: adminA.id, unitPath: tree.community.path, action: 'role_request.reject', at: '2026-11-02T02:00:00Z' },
      { actorId: 0, unitPath: tree.street.path, action: 'units.import_divisions', at: '2026-11-03T02:00:00Z', after: { note: '=HYPERLINK("http://evil")' } },
      { actorId: adminB.id, unitPath: tree.otherGrid.path, action: 'role_request.approve', at: '2026-11-03T03:00:00Z' },
      { actorId: adminA.id, unitPath: tree.grid.path, action: 'moderation.hide', at: '2026-11-04T02:00:00Z' },
    ];
    for (const r of rows) {
      await tx.run((m) =>
        audit.record(m, { actorId: r.actorId, actorRole: r.actorId ? 'admin' : 'system', unitPath: r.unitPath, action: r.action, targetType: 'x', targetId: 1, after: r.after ?? { ok: true } }),
      );
      await t.dataSource.query('UPDATE audit_logs SET created_at = ? WHERE id = (SELECT m FROM (SELECT MAX(id) AS m FROM audit_logs) AS t)', [
        new Date(r.at).toISOString().replace('T', ' ').replace('Z', ''),
      ]);
    }
  });
  afterAll(() => closeAll());

  const get = (url: string, token = tokenA) => t.http().get(url).set('authorization', bearer(token));

  it('401, 403 for non-admins (community police included), 422 per field', async () => {
    expect((await t.http().get('/api/admin/audit-logs')).status).toBe(401);
    const police = await buildUser(t);
    await grantRole(t, police, 'community_police', tree.community);
    expect((await get('/api/admin/audit-logs', await loginAs(t, police))).status).toBe(403);
    const bad = await get('/api/admin/audit-logs?from=yesterday&cursor=abc&limit=500');
    expect(bad.status).toBe(422);
    expect(bad.body.fields).toEqual({ from: '日期格式应为 YYYY-MM-DD', cursor: '分页参数无效', limit: '每页最多 100 条' });
  });

  it('an admin of street A sees the rows of street A only, newest first, with actor names', async () => {
    const a = await get('/api/admin/audit-logs');
    expect(a.status).toBe(200);
    expect(a.body.data.items.map((r: { action: string }) => r.action)).toEqual(['moderation.hide', 'units.import_divisions', 'role_request.reject', 'role_request.approve']);
    expect(a.body.data.items[0]).toMatchObject({ actor: { id: adminA.id, nickname: '泰山管理员', role: 'admin', roleLabel: '管理员' }, actionLabel: '隐藏内容', unitPath: tree.grid.path });
    expect(a.body.data.items[1].actor).toEqual({ id: 0, nickname: '系统', role: 'system', roleLabel: '系统' });
    expect(a.body.data.nextCursor).toBeNull();
    const b = await get('/api/admin/audit-logs', tokenB);
    expect(b.body.data.items.map((r: { actor: { id: number } }) => r.actor.id)).toEqual([adminB.id]);
  });

  it('filters by action, actor and date range (Beijing days, `to` inclusive)', async () => {
    const byAction = await get('/api/admin/audit-logs?action=role_request.approve');
    expect(byAction.body.data.items).toHaveLength(1);
    const byActor = await get(`/api/admin/audit-logs?actorId=${adminA.id}`);
    expect(byActor.body.data.items).toHaveLength(3);
    const range = await get('/api/admin/audit-logs?from=2026-11-02&to=2026-11-03');
    expect(range.body.data.items.map((r: { action: string }) => r.action)).toEqual(['units.import_divisions', 'role_request.reject']);
  });

  it('keyset pages: the cursor continues exactly where the page ended', async () => {
    const first = await get('/api/admin/audit-logs?limit=3');
    expect(first.body.data.items).toHaveLength(3);
    expect(first.body.data.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/admin/audit-logs?limit=3&cursor=${first.body.data.nextCursor}`);
    expect(second.body.data.items.map((r: { action: string }) => r.action)).toEqual(['role_request.approve']);
    expect(second.body.data.nextCursor).toBeNull();
  });

  it('CSV export: UTF-8 with BOM, the same scope and filters, formulas defused', async () => {
    const res = await get('/api/admin/audit-logs/export?from=2026-11-01').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-logs-\d{8}\.csv"$/);
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = buf.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('编号,时间（北京时间）,操作人,操作人编号,身份,操作,对象类型,对象编号,辖区路径,变更前,变更后');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('2026-11-04 10:00:00,泰山管理员');
    expect(lines.join('\n')).not.toContain('江浦管理员');
    expect(lines[2]).toContain(`"{""note"":""=HYPERLINK(\\""http://evil\\"")""}"`);
    expect((await get('/api/admin/audit-logs/export', tokenB)).text).toContain('江浦管理员');
    expect((await t.http().get('/api/admin/audit-logs/export')).status).toBe(401);
  });

  it('nobody can edit or delete audit rows: no such endpoint in the contract or the router', async () => {
    const writes = Object.values(API).filter((e) => /audit/i.test(e.path) && e.method !== 'GET');
    expect(writes).toEqual([]);
    const router = await t.get(MidwayWebRouterService);
    const routes = (await router.getFlattenRouterTable()).filter((r) => /audit/i.test(String(r.fullUrl)));
    expect(routes.map((r) => String(r.requestMethod).toUpperCase()).sort()).toEqual(['GET', 'GET']);
    for (const method of ['delete', 'patch', 'put'] as const) {
      expect((await t.http()[method]('/api/admin/audit-logs/1').set('authorization', bearer(tokenA))).status).toBe(404);
    }
  });
});
