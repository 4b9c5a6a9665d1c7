import { RateLimitService } from '../../../src/common/rate-limit/rate-limit.service';
import { SessionEntity } from '../../../src/modules/auth/session.entity';
import { hashToken } from '../../../src/modules/auth/token';
import { AuthService } from '../../../src/modules/auth/auth.service';
import { AccountSeeder } from '../../../src/modules/user/account.seeder';
import { UserEntity } from '../../../src/modules/user/user.entity';
import { UserService } from '../../../src/modules/user/user.service';
import type { WechatFake } from '../../fakes/wechat-fake';
import { bearer, buildUnitTree, buildUser, countRows, loginAs, startAppWithWechatFake } from '../../factories';
import type { TestApp } from '../../helpers/app';

describe('auth endpoints', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    await buildUnitTree(t);
    await (await t.get(AccountSeeder)).seed();
  });
  afterAll(() => closeAll());
  beforeEach(() => fake.clear());

  const users = () => t.dataSource.getRepository(UserEntity);

  describe('POST /api/auth/wechat-login', () => {
    it('422 without a code, with the field message, and nothing written', async () => {
      const before = await countRows(t, 'users');
      const res = await t.http().post('/api/auth/wechat-login').send({});
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ ok: false, error: 'VALIDATION_FAILED', fields: { code: '缺少微信登录凭证' } });
      expect(res.body.message).toBe('code: 缺少微信登录凭证');
      expect(await countRows(t, 'users')).toBe(before);
      expect(fake.calls).toHaveLength(0);
    });

    it('422 for unknown fields', async () => {
      const res = await t.http().post('/api/auth/wechat-login').send({ code: 'x', openid: 'forged' });
      expect(res.status).toBe(422);
      expect(res.body.fields._).toMatch(/不认识的字段/);
    });

    it('creates a user on first login and returns a session, never the session_key', async () => {
      const res = await t.http().post('/api/auth/wechat-login').send({ code: 'alice#1' });
      expect(res.status).toBe(200);
      const { token, expiresAt, user } = res.body.data;
      expect(typeof token).toBe('string');
      expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(user.nickname).toMatch(/^邻里用户\d{4}$/);
      expect(user.phoneMasked).toBeNull();
      expect(user.roles).toEqual([{ role: 'resident', roleLabel: '居民', unit: null }]);
      expect(user.abilities).toEqual({ manageUnits: false, reviewRoleRequests: false, isStaff: false });
      const raw = JSON.stringify(res.body);
      expect(raw).not.toMatch(/session_key|sessionKey/);
      for (const key of fake.issuedSessionKeys) expect(raw).not.toContain(key);

      const row = await users().findOneByOrFail({ openid: 'openid-alice' });
      expect(row.id).toBe(user.id);
      const sessions = await t.dataSource.query('SELECT token_hash FROM sessions WHERE user_id = ?', [row.id]);
      expect(sessions).toEqual([{ token_hash: hashToken(token) }]);

      const me = await t.http().get('/api/me').set('authorization', bearer(token));
      expect(me.status).toBe(200);
      expect(me.body.data.id).toBe(user.id);
    });

    it('finds the same user on the next login and stores the unionid when WeChat sends one', async () => {
      const first = await users().findOneByOrFail({ openid: 'openid-alice' });
      fake.setUnionid('alice#2', 'union-alice');
      const res = await t.http().post('/api/auth/wechat-login').send({ code: 'alice#2' });
      expect(res.status).toBe(200);
      expect(res.body.data.user.id).toBe(first.id);
      expect((await users().findOneByOrFail({ id: first.id })).unionid).toBe('union-alice');
      expect(await countRows(t, 'users', 'openid = ?', ['openid-alice'])).toBe(1);
    });

    it('400 WECHAT_CODE_INVALID for a reused code, creating nothing', async () => {
      const before = await countRows(t, 'users');
      await t.http().post('/api/auth/wechat-login').send({ code: 'bob#1' }).expect(200);
      const res = await t.http().post('/api/auth/wechat-login').send({ code: 'bob#1' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: 'WECHAT_CODE_INVALID', message: '微信登录凭证无效或已使用，请重试' });
      expect(await countRows(t, 'users')).toBe(before + 1);
    });

    it.each([
      [45011, 429, 'WECHAT_RATE_LIMITED'],
      [40226, 403, 'WECHAT_USER_BLOCKED'],
    ])('maps WeChat %s to %s %s', async (errcode, status, error) => {
      const before = await countRows(t, 'users');
      fake.failNext('/sns/jscode2session', errcode);
      const res = await t.http().post('/api/auth/wechat-login').send({ code: `err-${errcode}` });
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
      expect(await countRows(t, 'users')).toBe(before);
    });

    it('502 WECHAT_UNAVAILABLE when WeChat stays busy (-1 retried twice)', async () => {
      fake.failNext('/sns/jscode2session', -1, 3);
      const res = await t.http().post('/api/auth/wechat-login').send({ code: 'busy' });
      expect(res.status).toBe(502);
      expect(res.body.error).toBe('WECHAT_UNAVAILABLE');
      expect(fake.callsTo('/sns/jscode2session')).toHaveLength(3);
    });

    it('a deleted account does not come back: the same WeChat user gets a fresh account', async () => {
      const login = await t.http().post('/api/auth/wechat-login').send({ code: 'carol#1' });
      const oldId = login.body.data.user.id;
      await (await t.get(UserService)).deleteAccount(oldId);
      const again = await t.http().post('/api/auth/wechat-login').send({ code: 'carol#2' });
      expect(again.status).toBe(200);
      expect(again.body.data.user.id).not.toBe(oldId);
      expect(again.body.data.user.nickname).toMatch(/^邻里用户\d{4}$/);
      expect((await users().findOneByOrFail({ id: oldId })).openid).toBeNull();
    });

    it('is rate limited per IP (429 RATE_LIMITED with Retry-After), counting demo logins too', async () => {
      const rl = await t.get(RateLimitService);
      const saved = rl.config.loginRateLimit;
      rl.config.loginRateLimit = { points: 2, durationSeconds: 60 };
      try {
        await t.http().post('/api/auth/wechat-login').send({ code: 'rl#1' }).expect(200);
        await t.http().post('/api/auth/demo-login').send({ account: 'resident' }).expect(200);
        const res = await t.http().post('/api/auth/wechat-login').send({ code: 'rl#2' });
        expect(res.status).toBe(429);
        expect(res.body.error).toBe('RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(fake.callsTo('/sns/jscode2session')).toHaveLength(1);
      } finally {
        rl.config.loginRateLimit = saved;
      }
    });
  });

  describe('demo sign-in', () => {
    it('GET /api/auth/demo-accounts lists one account per role with unit and description', async () => {
      const res = await t.http().get('/api/auth/demo-accounts');
      expect(res.status).toBe(200);
      const list = res.body.data;
      expect(list.map((a: { key: string }) => a.key)).toEqual([
        'resident',
        'shop_owner',
        'building_head',
        'grid_worker',
        'street_dispatcher',
        'district_dispatcher',
        'department_handler',
        'community_police',
        'admin',
      ]);
      expect(list[0]).toEqual({ key: 'resident', role: 'resident', roleLabel: '居民', nickname: '王阿姨', unitName: null, description: expect.any(String) });
      expect(list.find((a: { key: string }) => a.key === 'street_dispatcher')).toMatchObject({ roleLabel: '街道指挥中心', unitName: '泰山街道' });
      expect(list.find((a: { key: string }) => a.key === 'grid_worker').unitName).toBe('津浦社区第一网格');
      for (const a of list) expect(a.description.length).toBeGreaterThan(5);
    });

    it('POST /api/auth/demo-login: 422 without account, 404 for an unknown one', async () => {
      const bad = await t.http().post('/api/auth/demo-login').send({});
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ account: '请选择演示账号' });
      const unknown = await t.http().post('/api/auth/demo-login').send({ account: 'mayor' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'NOT_FOUND', message: '没有这个演示账号' });
    });

    it('POST /api/auth/demo-login signs in as the admin with its abilities', async () => {
      const res = await t.http().post('/api/auth/demo-login').send({ account: 'admin' });
      expect(res.status).toBe(200);
      const user = res.body.data.user;
      expect(user.nickname).toBe('吴管理员');
      expect(user.roles).toEqual([
        { role: 'resident', roleLabel: '居民', unit: null },
        { role: 'admin', roleLabel: '管理员', unit: { id: expect.any(Number), code: '320111', name: '浦口区', level: 'district' } },
      ]);
      expect(user.abilities).toEqual({ manageUnits: true, reviewRoleRequests: true, isStaff: true });
    });

    it('404 DEMO_MODE_DISABLED for both endpoints when demo mode is off', async () => {
      const auth = await t.get(AuthService);
      auth.config.demoMode = false;
      try {
        const list = await t.http().get('/api/auth/demo-accounts');
        expect(list.status).toBe(404);
        expect(list.body).toEqual({ ok: false, error: 'DEMO_MODE_DISABLED', message: '演示登录未开启' });
        const login = await t.http().post('/api/auth/demo-login').send({ account: 'admin' });
        expect(login.status).toBe(404);
        expect(login.body.error).toBe('DEMO_MODE_DISABLED');
      } finally {
        auth.config.demoMode = true;
      }
    });
  });

  describe('POST /api/auth/renew and /api/auth/logout', () => {
    it('401 UNAUTHENTICATED without a token, SESSION_EXPIRED with an unknown one', async () => {
      for (const path of ['/api/auth/renew', '/api/auth/logout']) {
        const none = await t.http().post(path);
        expect(none.status).toBe(401);
        expect(none.body).toEqual({ ok: false, error: 'UNAUTHENTICATED', message: '请先登录' });
        const bad = await t.http().post(path).set('authorization', 'Bearer not-a-token');
        expect(bad.status).toBe(401);
        expect(bad.body.error).toBe('SESSION_EXPIRED');
      }
    });

    it('renew gives a new token and revokes the old one', async () => {
      const user = await buildUser(t);
      const old = await loginAs(t, user);
      const res = await t.http().post('/api/auth/renew').set('authorization', bearer(old));
      expect(res.status).toBe(200);
      const fresh = res.body.data.token;
      expect(fresh).not.toBe(old);
      expect(res.body.data.user.id).toBe(user.id);
      expect((await t.http().get('/api/me').set('authorization', bearer(old))).body.error).toBe('SESSION_EXPIRED');
      expect((await t.http().get('/api/me').set('authorization', bearer(fresh))).status).toBe(200);
      expect(await countRows(t, 'sessions', 'user_id = ?', [user.id])).toBe(1);
    });

    it('logout ends only the current session', async () => {
      const user = await buildUser(t);
      const phone = await loginAs(t, user);
      const laptop = await loginAs(t, user);
      const res = await t.http().post('/api/auth/logout').set('authorization', bearer(phone));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, data: { loggedOut: true } });
      expect((await t.http().get('/api/me').set('authorization', bearer(phone))).status).toBe(401);
      expect((await t.http().get('/api/me').set('authorization', bearer(laptop))).status).toBe(200);
    });

    it('an expired session answers 401 SESSION_EXPIRED', async () => {
      const user = await buildUser(t);
      const token = await loginAs(t, user);
      await t.dataSource.getRepository(SessionEntity).update({ tokenHash: hashToken(token) }, { expiresAt: new Date(Date.now() - 1000) });
      const res = await t.http().get('/api/me').set('authorization', bearer(token));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ ok: false, error: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' });
    });
  });
});
