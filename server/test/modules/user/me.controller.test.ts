import { AuditLogEntity } from '../../../src/common/audit/audit-log.entity';
import { PhoneCrypto } from '../../../src/modules/user/phone.crypto';
import { RoleGrantEntity } from '../../../src/modules/user/role-grant.entity';
import { RoleRequestEntity } from '../../../src/modules/user/role-request.entity';
import { AccountSeeder } from '../../../src/modules/user/account.seeder';
import { UserEntity } from '../../../src/modules/user/user.entity';
import type { WechatFake } from '../../fakes/wechat-fake';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, startAppWithWechatFake, UnitTree } from '../../factories';
import type { TestApp } from '../../helpers/app';

describe('/api/me', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    tree = await buildUnitTree(t);
  });
  afterAll(() => closeAll());
  beforeEach(() => fake.clear());

  const userRow = (id: number) => t.dataSource.getRepository(UserEntity).findOneByOrFail({ id });

  describe('GET /api/me', () => {
    it('401 without a token', async () => {
      const res = await t.http().get('/api/me');
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('UNAUTHENTICATED');
    });

    it('lists resident first, then granted roles with their units, and the abilities', async () => {
      const user = await buildUser(t, { nickname: '张网格员', phone: '13912345678' });
      await grantRole(t, user, 'admin', tree.street);
      await grantRole(t, user, 'grid_worker', tree.grid);
      const res = await t.http().get('/api/me').set('authorization', bearer(await loginAs(t, user)));
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        id: user.id,
        nickname: '张网格员',
        avatarUrl: null,
        phoneMasked: '139****5678',
        roles: [
          { role: 'resident', roleLabel: '居民', unit: null },
          { role: 'grid_worker', roleLabel: '网格员', unit: { id: tree.grid.id, code: '320111001005001', name: '津浦社区第一网格', level: 'grid' } },
          { role: 'admin', roleLabel: '管理员', unit: { id: tree.street.id, code: '320111001', name: '泰山街道', level: 'street' } },
        ],
        abilities: { manageUnits: true, reviewRoleRequests: true, isStaff: true },
        createdAt: expect.any(String),
      });
    });

    it('a shop owner is not staff', async () => {
      const user = await buildUser(t);
      await grantRole(t, user, 'shop_owner', tree.grid);
      const res = await t.http().get('/api/me').set('authorization', bearer(await loginAs(t, user)));
      expect(res.body.data.abilities).toEqual({ manageUnits: false, reviewRoleRequests: false, isStaff: false });
    });
  });

  describe('PATCH /api/me', () => {
    it('401 without a token', async () => {
      expect((await t.http().patch('/api/me').send({ nickname: '新名字' })).status).toBe(401);
    });

    it('422 per field, and nothing changes', async () => {
      const user = await buildUser(t, { nickname: '原名' });
      const token = await loginAs(t, user);
      const long = await t.http().patch('/api/me').set('authorization', bearer(token)).send({ nickname: '一'.repeat(21) });
      expect(long.status).toBe(422);
      expect(long.body.fields).toEqual({ nickname: '昵称最多 20 个字' });
      expect(long.body.message).toBe('nickname: 昵称最多 20 个字');
      const avatar = await t.http().patch('/api/me').set('authorization', bearer(token)).send({ avatarUrl: 'javascript:alert(1)' });
      expect(avatar.body.fields).toEqual({ avatarUrl: '头像地址格式不正确' });
      const empty = await t.http().patch('/api/me').set('authorization', bearer(token)).send({});
      expect(empty.status).toBe(422);
      expect(empty.body.fields).toEqual({ _: '没有要修改的内容' });
      expect((await userRow(user.id)).nickname).toBe('原名');
    });

    it('changes nickname and avatar', async () => {
      const user = await buildUser(t);
      const res = await t
        .http()
        .patch('/api/me')
        .set('authorization', bearer(await loginAs(t, user)))
        .send({ nickname: ' 李阿姨 ', avatarUrl: 'https://thirdwx.qlogo.cn/a.png' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ nickname: '李阿姨', avatarUrl: 'https://thirdwx.qlogo.cn/a.png' });
      expect(await userRow(user.id)).toMatchObject({ nickname: '李阿姨', avatarUrl: 'https://thirdwx.qlogo.cn/a.png' });
    });
  });

  describe('POST /api/me/phone and DELETE /api/me/phone', () => {
    it('401 without a token', async () => {
      expect((await t.http().post('/api/me/phone').send({ code: 'p' })).status).toBe(401);
      expect((await t.http().delete('/api/me/phone')).status).toBe(401);
    });

    it('422 without a code; WeChat never called', async () => {
      const user = await buildUser(t);
      const res = await t.http().post('/api/me/phone').set('authorization', bearer(await loginAs(t, user))).send({});
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ code: '缺少手机号授权凭证' });
      expect(fake.calls).toHaveLength(0);
    });

    it('400 WECHAT_CODE_INVALID for a bad phone code, nothing stored', async () => {
      const user = await buildUser(t);
      const res = await t.http().post('/api/me/phone').set('authorization', bearer(await loginAs(t, user))).send({ code: 'no-such-code' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: 'WECHAT_CODE_INVALID', message: '手机号授权凭证无效或已使用，请重新授权' });
      expect(await userRow(user.id)).toMatchObject({ phoneEnc: null, phoneHash: null });
    });

    it('stores the number encrypted with an HMAC and shows it masked', async () => {
      const user = await buildUser(t);
      const token = await loginAs(t, user);
      fake.setPhone('phone-code-1', '13812345678');
      const res = await t.http().post('/api/me/phone').set('authorization', bearer(token)).send({ code: 'phone-code-1' });
      expect(res.status).toBe(200);
      expect(res.body.data.phoneMasked).toBe('138****5678');
      expect(JSON.stringify(res.body)).not.toContain('13812345678');

      const [raw] = await t.dataSource.query('SELECT phone_enc, phone_hash FROM users WHERE id = ?', [user.id]);
      expect(raw.phone_enc).not.toContain('13812345678');
      expect(raw.phone_enc).toMatch(/^[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
      const crypto = await t.get(PhoneCrypto);
      expect(crypto.decrypt(raw.phone_enc)).toBe('13812345678');
      expect(raw.phone_hash).toBe(crypto.hmac('13812345678'));

      const me = await t.http().get('/api/me').set('authorization', bearer(token));
      expect(me.body.data.phoneMasked).toBe('138****5678');
    });

    it('DELETE removes the number', async () => {
      const user = await buildUser(t, { phone: '13700001111' });
      const res = await t.http().delete('/api/me/phone').set('authorization', bearer(await loginAs(t, user)));
      expect(res.status).toBe(200);
      expect(res.body.data.phoneMasked).toBeNull();
      expect(await userRow(user.id)).toMatchObject({ phoneEnc: null, phoneHash: null });
    });
  });

  describe('GET /api/me/export', () => {
    it('401 without a token', async () => {
      expect((await t.http().get('/api/me/export')).status).toBe(401);
    });

    it('gives everything held about me, the full phone number included', async () => {
      const user = await buildUser(t, { nickname: '导出测试', phone: '13600002222' });
      await grantRole(t, user, 'building_head', tree.grid);
      const token = await loginAs(t, user);
      await t
        .http()
        .post('/api/me/role-requests')
        .set('authorization', bearer(token))
        .send({ role: 'shop_owner', unitId: tree.community.id, reason: '开了一家小店' })
        .expect(200);
      const res = await t.http().get('/api/me/export').set('authorization', bearer(token));
      expect(res.status).toBe(200);
      const data = res.body.data;
      expect(data.profile).toEqual({ id: user.id, nickname: '导出测试', avatarUrl: null, phone: '13600002222', createdAt: expect.any(String) });
      expect(data.roles.map((r: { role: string }) => r.role)).toEqual(['resident', 'building_head']);
      expect(data.roleRequests).toEqual([expect.objectContaining({ role: 'shop_owner', status: 'pending', reason: '开了一家小店' })]);
      expect(data.sessions).toEqual([{ createdAt: expect.any(String), expiresAt: expect.any(String), lastUsedAt: null }]);
      expect(new Date(data.exportedAt).getTime()).toBeGreaterThan(0);
    });
  });

  describe('POST /api/me/delete', () => {
    it('401 without a token', async () => {
      expect((await t.http().post('/api/me/delete').send({ confirm: '注销' })).status).toBe(401);
    });

    it('422 without the confirmation word, and nothing changes', async () => {
      const user = await buildUser(t);
      const token = await loginAs(t, user);
      const res = await t.http().post('/api/me/delete').set('authorization', bearer(token)).send({ confirm: 'delete' });
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ confirm: '请输入“注销”确认' });
      expect((await userRow(user.id)).deletedAt).toBeNull();
      expect((await t.http().get('/api/me').set('authorization', bearer(token))).status).toBe(200);
    });

    it('wipes personal data, revokes every session, drops grants and withdraws pending requests', async () => {
      const user = await buildUser(t, { nickname: '将注销', phone: '13500003333', avatarUrl: 'https://x/a.png', unionid: 'u-del' });
      await grantRole(t, user, 'shop_owner', tree.grid);
      const token = await loginAs(t, user);
      const other = await loginAs(t, user);
      await t
        .http()
        .post('/api/me/role-requests')
        .set('authorization', bearer(token))
        .send({ role: 'building_head', unitId: tree.grid.id, reason: '我是本楼热心居民' })
        .expect(200);

      const res = await t.http().post('/api/me/delete').set('authorization', bearer(token)).send({ confirm: '注销' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, data: { deleted: true } });

      for (const tk of [token, other]) {
        const after = await t.http().get('/api/me').set('authorization', bearer(tk));
        expect(after.status).toBe(401);
        expect(after.body.error).toBe('SESSION_EXPIRED');
      }
      const row = await userRow(user.id);
      expect(row).toMatchObject({ openid: null, unionid: null, demoKey: null, nickname: '已注销用户', avatarUrl: null, phoneEnc: null, phoneHash: null });
      expect(row.deletedAt).toBeInstanceOf(Date);
      expect(await countRows(t, 'sessions', 'user_id = ?', [user.id])).toBe(0);
      expect(await t.dataSource.getRepository(RoleGrantEntity).countBy({ userId: user.id })).toBe(0);
      const requests = await t.dataSource.getRepository(RoleRequestEntity).findBy({ userId: user.id });
      expect(requests.map((r) => r.status)).toEqual(['withdrawn']);
    });

    it('a demo account is deleted and seeded afresh under the same key', async () => {
      await (await t.get(AccountSeeder)).seed();
      const first = await t.http().post('/api/auth/demo-login').send({ account: 'grid_worker' });
      const oldId = first.body.data.user.id;
      const del = await t.http().post('/api/me/delete').set('authorization', bearer(first.body.data.token)).send({ confirm: '注销' });
      expect(del.status).toBe(200);
      expect((await t.http().get('/api/me').set('authorization', bearer(first.body.data.token))).status).toBe(401);
      expect((await userRow(oldId)).nickname).toBe('已注销用户');

      const again = await t.http().post('/api/auth/demo-login').send({ account: 'grid_worker' });
      expect(again.status).toBe(200);
      expect(again.body.data.user.id).not.toBe(oldId);
      expect(again.body.data.user.nickname).toBe('张网格员');
      expect(again.body.data.user.roles.map((r: { role: string }) => r.role)).toEqual(['resident', 'grid_worker']);
      expect(await t.dataSource.getRepository(AuditLogEntity).count()).toBe(0);
    });
  });
});
