import { AuditLogEntity } from '../../../src/common/audit/audit-log.entity';
import { HIDDEN_NICKNAME } from '../../../src/modules/moderation/content-check.service';
import { ContentReportEntity } from '../../../src/modules/moderation/content-report.entity';
import { ModerationItemEntity } from '../../../src/modules/moderation/moderation-item.entity';
import { UserEntity } from '../../../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, startAppWithWechatFake, UnitTree } from '../../factories';
import type { TestApp } from '../../helpers/app';

/** 举报 and the moderation queue: reports, rate limit, scoping, hide/restore with audit and 409s. */
describe('moderation API', () => {
  let t: TestApp;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;
  let author: UserEntity;
  let reporter: UserEntity;
  let streetAdmin: UserEntity;
  let police: UserEntity;
  let otherAdmin: UserEntity;
  let resident: UserEntity;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ t, closeAll } = await startAppWithWechatFake());
    tree = await buildUnitTree(t);
    author = await buildUser(t, { nickname: '不雅昵称' });
    await grantRole(t, author, 'shop_owner', tree.grid);
    reporter = await buildUser(t, { nickname: '热心居民' });
    resident = await buildUser(t, { nickname: '路人' });
    streetAdmin = await buildUser(t, { nickname: '街道管理员' });
    await grantRole(t, streetAdmin, 'admin', tree.street);
    police = await buildUser(t, { nickname: '社区民警' });
    await grantRole(t, police, 'community_police', tree.community);
    otherAdmin = await buildUser(t, { nickname: '江浦管理员' });
    await grantRole(t, otherAdmin, 'admin', tree.otherStreet);
    for (const [k, u] of Object.entries({ reporter, resident, streetAdmin, police, otherAdmin, author })) tokens[k] = await loginAs(t, u);
  });
  afterAll(() => closeAll());

  const as = (who: string) => bearer(tokens[who]);
  const items = () => t.dataSource.getRepository(ModerationItemEntity).find({ order: { id: 'ASC' } });

  describe('POST /api/content-reports', () => {
    it('401 without a token', async () => {
      expect((await t.http().post('/api/content-reports').send({ targetType: 'nickname', targetId: author.id, reason: 'abuse' })).status).toBe(401);
    });

    it('422 per field, nothing written', async () => {
      const res = await t.http().post('/api/content-reports').set('authorization', as('reporter')).send({ targetType: 'poster', targetId: 'x', note: '长'.repeat(201) });
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({
        targetType: '不支持举报此类内容',
        targetId: '编号应为数字',
        reason: '请选择举报原因',
        note: '补充说明最多 200 个字',
      });
      expect(await countRows(t, 'content_reports')).toBe(0);
      expect(await countRows(t, 'moderation_items')).toBe(0);
    });

    it('404 for content that does not exist, 403 for one\'s own', async () => {
      const missing = await t.http().post('/api/content-reports').set('authorization', as('reporter')).send({ targetType: 'nickname', targetId: 999999, reason: 'abuse' });
      expect(missing.status).toBe(404);
      const own = await t.http().post('/api/content-reports').set('authorization', as('author')).send({ targetType: 'nickname', targetId: author.id, reason: 'abuse' });
      expect(own.status).toBe(403);
      expect(await countRows(t, 'content_reports')).toBe(0);
    });

    it('files a report: the content stays visible, an item waits in the unit of its author; a second one by the same user is 409', async () => {
      const res = await t.http().post('/api/content-reports').set('authorization', as('reporter')).send({ targetType: 'nickname', targetId: author.id, reason: 'abuse', note: '昵称骂人' });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ id: expect.any(Number), targetType: 'nickname', targetId: author.id, reason: 'abuse', reasonLabel: '辱骂攻击', status: 'open', createdAt: expect.any(String) });
      const [item] = await items();
      expect(item).toMatchObject({ contentType: 'nickname', targetId: String(author.id), status: 'pending', source: 'user_report', excerpt: '不雅昵称', reportCount: 1, unitPath: tree.grid.path });
      expect((await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: author.id })).nickname).toBe('不雅昵称');

      const again = await t.http().post('/api/content-reports').set('authorization', as('reporter')).send({ targetType: 'nickname', targetId: author.id, reason: 'spam' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'CONTENT_REPORT_OPEN', message: '您已举报过该内容，我们正在处理' });
      // Another user's report joins the same item.
      expect((await t.http().post('/api/content-reports').set('authorization', as('resident')).send({ targetType: 'nickname', targetId: author.id, reason: 'other' })).status).toBe(200);
      expect((await items()).map((i) => i.reportCount)).toEqual([2]);
    });

    it('429 after 10 reports an hour, with the wait in seconds', async () => {
      const spammer = await buildUser(t);
      const token = await loginAs(t, spammer);
      for (let i = 0; i < 10; i++) {
        const r = await t.http().post('/api/content-reports').set('authorization', bearer(token)).send({ targetType: 'nickname', targetId: 900000 + i, reason: 'spam' });
        expect(r.status).toBe(404);
      }
      const limited = await t.http().post('/api/content-reports').set('authorization', bearer(token)).send({ targetType: 'nickname', targetId: author.id, reason: 'spam' });
      expect(limited.status).toBe(429);
      expect(limited.body.error).toBe('RATE_LIMITED');
      expect(limited.body.data.retryAfterSeconds).toBeGreaterThan(3000);
      expect(Number(limited.headers['retry-after'])).toBe(limited.body.data.retryAfterSeconds);
      expect(await countRows(t, 'content_reports', 'reporter_id = ?', [spammer.id])).toBe(0);
    });
  });

  describe('GET /api/admin/moderation', () => {
    it('401, 403 for a resident, 422 for a bad status', async () => {
      expect((await t.http().get('/api/admin/moderation')).status).toBe(401);
      expect((await t.http().get('/api/admin/moderation').set('authorization', as('resident'))).status).toBe(403);
      const bad = await t.http().get('/api/admin/moderation?status=deleted').set('authorization', as('streetAdmin'));
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ status: '不是可选的状态' });
    });

    it('admins and community police see items inside their units only, pending first', async () => {
      const streetView = await t.http().get('/api/admin/moderation').set('authorization', as('streetAdmin'));
      expect(streetView.status).toBe(200);
      expect(streetView.body.data).toEqual([
        expect.objectContaining({
          contentType: 'nickname',
          contentTypeLabel: '昵称',
          targetId: String(author.id),
          excerpt: '不雅昵称',
          owner: { id: author.id, nickname: '不雅昵称' },
          unitName: tree.grid.name,
          source: 'user_report',
          sourceLabel: '用户举报',
          status: 'pending',
          statusLabel: '待处理',
          reportCount: 2,
          version: 3,
        }),
      ]);
      const policeView = await t.http().get('/api/admin/moderation').set('authorization', as('police'));
      expect(policeView.body.data).toHaveLength(1);
      const otherView = await t.http().get('/api/admin/moderation').set('authorization', as('otherAdmin'));
      expect(otherView.body.data).toEqual([]);
    });
  });

  describe('POST /api/admin/moderation/:id/hide and /restore', () => {
    let itemId: number;
    let version: number;
    beforeAll(async () => {
      const [item] = await items();
      itemId = item.id;
      version = item.version;
    });
    const auditCount = () => countRows(t, 'audit_logs', "action LIKE 'moderation.%'");

    it('walks 401 -> 403 -> 422 -> 404 (other unit, missing) without writing anything', async () => {
      expect((await t.http().post(`/api/admin/moderation/${itemId}/hide`).send({ reason: '辱骂他人' })).status).toBe(401);
      expect((await t.http().post(`/api/admin/moderation/${itemId}/hide`).set('authorization', as('resident')).send({ reason: '辱骂他人' })).status).toBe(403);
      const noReason = await t.http().post(`/api/admin/moderation/${itemId}/hide`).set('authorization', as('streetAdmin')).send({});
      expect(noReason.status).toBe(422);
      expect(noReason.body.fields).toEqual({ reason: '请填写处理理由' });
      const short = await t.http().post(`/api/admin/moderation/${itemId}/hide`).set('authorization', as('streetAdmin')).send({ reason: '好' });
      expect(short.body.fields).toEqual({ reason: '请填写处理理由（至少 2 个字）' });
      const badId = await t.http().post('/api/admin/moderation/abc/hide').set('authorization', as('streetAdmin')).send({ reason: '辱骂他人' });
      expect(badId.body.fields).toEqual({ id: '编号应为数字' });
      expect((await t.http().post(`/api/admin/moderation/${itemId}/hide`).set('authorization', as('otherAdmin')).send({ reason: '辱骂他人' })).status).toBe(404);
      expect((await t.http().post('/api/admin/moderation/999999/hide').set('authorization', as('streetAdmin')).send({ reason: '辱骂他人' })).status).toBe(404);
      expect((await items())[0]).toMatchObject({ status: 'pending', version });
      expect(await auditCount()).toBe(0);
    });

    it('hide: the nickname is replaced in public, reports close, audit row in the same unit', async () => {
      const res = await t.http().post(`/api/admin/moderation/${itemId}/hide`).set('authorization', as('police')).send({ reason: '昵称辱骂他人', version });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'hidden', statusLabel: '已隐藏', reason: '昵称辱骂他人', reviewer: { id: police.id, nickname: '社区民警' }, reportCount: 0 });
      expect((await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: author.id })).nickname).toBe(HIDDEN_NICKNAME);
      const reports = await t.dataSource.getRepository(ContentReportEntity).find();
      expect(reports.map((r) => [r.status, r.openKey])).toEqual([['closed', null], ['closed', null]]);
      const audit = await t.dataSource.getRepository(AuditLogEntity).findOneByOrFail({ action: 'moderation.hide' });
      expect(audit).toMatchObject({ actorId: police.id, actorRole: 'community_police', unitPath: tree.grid.path, targetType: 'moderation_item', targetId: String(itemId) });
      expect(audit.after).toMatchObject({ status: 'hidden', reason: '昵称辱骂他人', nickname: HIDDEN_NICKNAME });
      // The reporter may report again now that the first report is closed.
      expect((await t.http().post('/api/content-reports').set('authorization', as('reporter')).send({ targetType: 'nickname', targetId: author.id, reason: 'abuse' })).status).toBe(200);
    });

    it('a second, conflicting action answers 409 (already hidden, or a stale version)', async () => {
      const again = await t.http().post(`/api/admin/moderation/${itemId}/hide`).set('authorization', as('streetAdmin')).send({ reason: '重复处理' });
      expect(again.status).toBe(409);
      const stale = await t.http().post(`/api/admin/moderation/${itemId}/restore`).set('authorization', as('streetAdmin')).send({ reason: '误判', version });
      expect(stale.status).toBe(409);
      expect(await auditCount()).toBe(1);
    });

    it('two moderators at once: exactly one wins', async () => {
      const current = (await t.dataSource.getRepository(ModerationItemEntity).findOneByOrFail({ id: itemId })).version;
      const [a, b] = await Promise.all([
        t.http().post(`/api/admin/moderation/${itemId}/restore`).set('authorization', as('streetAdmin')).send({ reason: '复核无问题', version: current }),
        t.http().post(`/api/admin/moderation/${itemId}/restore`).set('authorization', as('police')).send({ reason: '复核无问题', version: current }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect((await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: author.id })).nickname).toBe('不雅昵称');
      expect(await countRows(t, 'audit_logs', "action = 'moderation.restore'")).toBe(1);
    });
  });
});
