import { createCipheriv, randomBytes } from 'crypto';
import type { ServerResponse } from 'http';
import { GroupEntity, GroupMemberEntity } from '../src/modules/alert/group.entity';
import { UserEntity } from '../src/modules/user/user.entity';
import { FAKE_PNG, type WechatFake } from './fakes/wechat-fake';
import { bearer, buildUnit, buildUnitTree, buildUser, countRows, grantRole, loginAs, startAppWithWechatFake, UnitTree } from './factories';
import type { TestApp } from './helpers/app';
import { addMember, buildGroup } from './alert.helpers';

/**
 * Neighbourhood groups over HTTP: create, invite code preview, join with approval, review, roles, remove,
 * leave, invite code rotation, the mini-program code (getwxacodeunlimit through the WeChat client and the
 * fake), the WeChat group association (opengid decrypted with a fresh session key), audit rows.
 */
describe('neighbourhood groups API', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;
  const u: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    tree = await buildUnitTree(t);
    u.police = await buildUser(t, { nickname: '刘警官', openid: 'openid-officer-liu' });
    await grantRole(t, u.police, 'community_police', tree.community);
    u.police2 = await buildUser(t, { nickname: '陈警官' });
    await grantRole(t, u.police2, 'community_police', tree.community);
    u.otherPolice = await buildUser(t, { nickname: '江浦民警' });
    await grantRole(t, u.otherPolice, 'community_police', tree.otherCommunity);
    u.admin = await buildUser(t, { nickname: '街道管理员' });
    await grantRole(t, u.admin, 'admin', tree.street);
    u.shop = await buildUser(t, { nickname: '李老板', openid: 'openid-shop-li' });
    u.resident = await buildUser(t, { nickname: '王阿姨' });
    u.guard = await buildUser(t, { nickname: '保安老张' });
    u.prober = await buildUser(t, { nickname: '猜码的人' });
    for (const [k, v] of Object.entries(u)) tokens[k] = await loginAs(t, v);
  });
  afterAll(() => closeAll());

  const audits = (action: string) => countRows(t, 'audit_logs', 'action = ?', [action]);

  describe('POST /api/groups', () => {
    it('401 without a token', async () => {
      expect((await t.http().post('/api/groups').send({ name: '津浦平安群', unitId: tree.community.id })).status).toBe(401);
    });

    it('422 per field, nothing written', async () => {
      const res = await t.http().post('/api/groups').set('authorization', as('police')).send({ name: '群', unitId: 'x', extra: 1 });
      expect(res.status).toBe(422);
      expect(res.body.fields).toMatchObject({ name: '群名称至少 2 个字', unitId: '编号应为数字' });
      expect(await countRows(t, 'neighbourhood_groups')).toBe(0);
    });

    it('403 for a resident, for police of another community, and for a district', async () => {
      for (const [who, unitId] of [
        ['resident', tree.community.id],
        ['otherPolice', tree.community.id],
        ['admin', tree.district.id],
      ] as const) {
        const res = await t.http().post('/api/groups').set('authorization', as(who)).send({ name: '津浦平安群', unitId });
        expect([who, res.status, res.body.error]).toEqual([who, 403, 'FORBIDDEN']);
      }
      expect(await countRows(t, 'neighbourhood_groups')).toBe(0);
    });

    it('404 UNIT_NOT_FOUND for an unknown unit', async () => {
      const res = await t.http().post('/api/groups').set('authorization', as('police')).send({ name: '津浦平安群', unitId: 999999 });
      expect([res.status, res.body.error]).toEqual([404, 'UNIT_NOT_FOUND']);
    });

    it('201: a police creator is its first officer; the invite code and share path are theirs to hand out; audited', async () => {
      const res = await t.http().post('/api/groups').set('authorization', as('police')).send({ name: '津浦平安群', description: '商户联防', unitId: tree.community.id });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        name: '津浦平安群',
        description: '商户联防',
        unit: { id: tree.community.id, name: '津浦社区居委会', level: 'community' },
        officers: [{ id: u.police.id, nickname: '刘警官' }],
        memberCount: 1,
        pendingCount: 0,
        wechatGroupLinked: false,
        my: { role: 'officer', status: 'active', kind: 'police', roleLabel: '民警' },
        abilities: { post: true, approve: true, manage: true, readTips: true, view: true },
      });
      expect(res.body.data.inviteCode).toMatch(/^[A-HJ-KM-NP-Z2-9]{8}$/);
      expect(res.body.data.sharePath).toBe(`/packages/alert/join/index?code=${res.body.data.inviteCode}&via=share_card`);
      expect(await audits('group.create')).toBe(1);
    });

    it('201: an admin creates a group they run through their admin role, without membership', async () => {
      const res = await t.http().post('/api/groups').set('authorization', as('admin')).send({ name: '网格一群', unitId: tree.grid.id });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ officers: [], memberCount: 0, my: null, abilities: { post: false, approve: true, manage: true, view: true } });
    });
  });

  describe('joining with approval', () => {
    let group: GroupEntity;
    beforeAll(async () => {
      group = await buildGroup(t, tree.community, u.police, '泰山平安群');
    });

    it('GET /groups/invite/:code: 401, 422 malformed, 404 unknown, 200 preview without the code', async () => {
      expect((await t.http().get(`/api/groups/invite/${group.inviteCode}`)).status).toBe(401);
      const bad = await t.http().get('/api/groups/invite/abc').set('authorization', as('shop'));
      expect([bad.status, bad.body.fields]).toEqual([422, { code: '邀请码是 8 位字母或数字' }]);
      const unknown = await t.http().get('/api/groups/invite/ZZZZ2222').set('authorization', as('shop'));
      expect([unknown.status, unknown.body.error]).toEqual([404, 'INVITE_CODE_INVALID']);
      const ok = await t.http().get(`/api/groups/invite/${group.inviteCode.toLowerCase()}`).set('authorization', as('shop'));
      expect(ok.status).toBe(200);
      expect(ok.body.data).toEqual({ id: group.id, name: '泰山平安群', description: null, unit: expect.objectContaining({ name: '津浦社区居委会' }), officers: [{ id: u.police.id, nickname: '刘警官' }], memberCount: 1, my: null });
    });

    it('POST /groups/join: 401, 422, 404, 422 unit outside the group, then pending (audited), 409 twice', async () => {
      const body = { code: group.inviteCode, kind: 'shop', via: 'qrcode', unitId: tree.grid.id, note: '津浦路 12 号便利店' };
      expect((await t.http().post('/api/groups/join').send(body)).status).toBe(401);
      const invalid = await t.http().post('/api/groups/join').set('authorization', as('shop')).send({ code: group.inviteCode });
      expect([invalid.status, invalid.body.fields]).toEqual([422, { kind: '请选择您的身份' }]);
      const unknown = await t.http().post('/api/groups/join').set('authorization', as('shop')).send({ ...body, code: 'ZZZZ2222' });
      expect([unknown.status, unknown.body.error]).toEqual([404, 'INVITE_CODE_INVALID']);
      const outside = await t.http().post('/api/groups/join').set('authorization', as('shop')).send({ ...body, unitId: tree.otherGrid.id });
      expect([outside.status, outside.body.fields]).toEqual([422, { unitId: '请选择本群范围内的网格或社区' }]);
      expect(await countRows(t, 'group_members', 'user_id = ?', [u.shop.id])).toBe(0);

      const res = await t.http().post('/api/groups/join').set('authorization', as('shop')).send(body);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ id: group.id, my: { status: 'pending', kind: 'shop', statusLabel: '待审核' }, inviteCode: null, abilities: { view: false, post: false } });
      const again = await t.http().post('/api/groups/join').set('authorization', as('shop')).send(body);
      expect([again.status, again.body.error]).toEqual([409, 'GROUP_MEMBERSHIP_EXISTS']);
      expect(await audits('group.join_request')).toBe(1);
    });

    it('a pending applicant sees the group card but not the member list; a stranger gets 404', async () => {
      const mine = await t.http().get(`/api/groups/${group.id}`).set('authorization', as('shop'));
      expect(mine.status).toBe(200);
      expect(mine.body.data.my.status).toBe('pending');
      const list = await t.http().get(`/api/groups/${group.id}/members`).set('authorization', as('shop'));
      expect([list.status, list.body.error]).toEqual([403, 'FORBIDDEN']);
      expect((await t.http().get(`/api/groups/${group.id}`).set('authorization', as('resident'))).status).toBe(404);
      expect((await t.http().get(`/api/groups/${group.id}`).set('authorization', as('otherPolice'))).status).toBe(404);
    });

    it('the officer sees the request, approves it (audited); a second review is 409', async () => {
      const list = await t.http().get(`/api/groups/${group.id}/members?status=pending`).set('authorization', as('police'));
      expect(list.status).toBe(200);
      expect(list.body.data.items).toEqual([
        expect.objectContaining({ userId: u.shop.id, nickname: '李老板', status: 'pending', kind: 'shop', kindLabel: '商户', unitName: '津浦社区第一网格', via: 'qrcode', viaLabel: '小程序码', note: '津浦路 12 号便利店' }),
      ]);
      const forbidden = await t.http().post(`/api/groups/${group.id}/members/${u.shop.id}/review`).set('authorization', as('resident')).send({ approve: true });
      expect(forbidden.status).toBe(404);
      const invalid = await t.http().post(`/api/groups/${group.id}/members/${u.shop.id}/review`).set('authorization', as('police')).send({});
      expect([invalid.status, invalid.body.fields]).toEqual([422, { approve: '请选择通过或拒绝' }]);
      const ok = await t.http().post(`/api/groups/${group.id}/members/${u.shop.id}/review`).set('authorization', as('police')).send({ approve: true });
      expect([ok.status, ok.body.data.status]).toEqual([200, 'active']);
      const again = await t.http().post(`/api/groups/${group.id}/members/${u.shop.id}/review`).set('authorization', as('police')).send({ approve: false });
      expect([again.status, again.body.error]).toEqual([409, 'CONFLICT']);
      expect(await audits('group.member_approve')).toBe(1);
      const card = await t.http().get(`/api/groups/${group.id}`).set('authorization', as('shop'));
      expect(card.body.data).toMatchObject({ memberCount: 2, my: { status: 'active' }, abilities: { view: true, approve: false } });
    });

    it('rejection, then asking again after a rejection', async () => {
      await t.http().post('/api/groups/join').set('authorization', as('resident')).send({ code: group.inviteCode, kind: 'resident' });
      const no = await t.http().post(`/api/groups/${group.id}/members/${u.resident.id}/review`).set('authorization', as('police')).send({ approve: false, reason: '非本社区居民' });
      expect(no.body.data).toMatchObject({ status: 'rejected', statusLabel: '未通过' });
      const again = await t.http().post('/api/groups/join').set('authorization', as('resident')).send({ code: group.inviteCode, kind: 'resident', note: '我住津浦路 8 号' });
      expect(again.body.data.my.status).toBe('pending');
      expect(await countRows(t, 'group_members', 'user_id = ? AND group_id = ?', [u.resident.id, group.id])).toBe(1);
    });

    it('roles: only police become officers; a co-admin approves but does not manage', async () => {
      await addMember(t, group, u.guard, { kind: 'guard' });
      const notPolice = await t.http().patch(`/api/groups/${group.id}/members/${u.guard.id}`).set('authorization', as('police')).send({ role: 'officer' });
      expect([notPolice.status, notPolice.body.fields]).toEqual([422, { role: '只有社区民警可以设为群民警' }]);
      const byMember = await t.http().patch(`/api/groups/${group.id}/members/${u.guard.id}`).set('authorization', as('shop')).send({ role: 'co_admin' });
      expect(byMember.status).toBe(403);
      const co = await t.http().patch(`/api/groups/${group.id}/members/${u.guard.id}`).set('authorization', as('police')).send({ role: 'co_admin' });
      expect(co.body.data).toMatchObject({ role: 'co_admin', roleLabel: '协管员' });
      const approve = await t.http().post(`/api/groups/${group.id}/members/${u.resident.id}/review`).set('authorization', as('guard')).send({ approve: true });
      expect(approve.body.data.status).toBe('active');
      const manage = await t.http().post(`/api/groups/${group.id}/invite-code`).set('authorization', as('guard'));
      expect(manage.status).toBe(403);
      expect(await audits('group.member_role')).toBe(1);
    });

    it('a second police officer can be made officer; the last officer cannot leave or be demoted', async () => {
      await addMember(t, group, u.police2, { kind: 'resident' });
      const make = await t.http().patch(`/api/groups/${group.id}/members/${u.police2.id}`).set('authorization', as('police')).send({ role: 'officer' });
      expect(make.body.data).toMatchObject({ role: 'officer', kind: 'police' });
      const demoteOther = await t.http().patch(`/api/groups/${group.id}/members/${u.police2.id}`).set('authorization', as('police')).send({ role: 'member' });
      expect(demoteOther.body.data.role).toBe('member');
      const last = await t.http().post(`/api/groups/${group.id}/leave`).set('authorization', as('police'));
      expect([last.status, last.body.error]).toEqual([409, 'GROUP_LAST_OFFICER']);
      const self = await t.http().patch(`/api/groups/${group.id}/members/${u.police.id}`).set('authorization', as('police')).send({ role: 'member' });
      expect([self.status, self.body.error]).toEqual([409, 'GROUP_LAST_OFFICER']);
    });

    it('remove needs a reason; the removed member is out', async () => {
      const noReason = await t.http().post(`/api/groups/${group.id}/members/${u.police2.id}/remove`).set('authorization', as('police')).send({});
      expect([noReason.status, noReason.body.fields]).toEqual([422, { reason: '请填写移出理由' }]);
      const ok = await t.http().post(`/api/groups/${group.id}/members/${u.police2.id}/remove`).set('authorization', as('police')).send({ reason: '调离本社区' });
      expect(ok.body.data).toMatchObject({ status: 'removed' });
      expect(await audits('group.member_remove')).toBe(1);
    });

    it('leave: a member leaves (audited) and may ask again later; leaving twice is 404', async () => {
      const left = await t.http().post(`/api/groups/${group.id}/leave`).set('authorization', as('resident'));
      expect([left.status, left.body.data.my.status]).toEqual([200, 'left']);
      expect((await t.http().post(`/api/groups/${group.id}/leave`).set('authorization', as('resident'))).status).toBe(404);
      expect(await audits('group.leave')).toBe(1);
    });

    it('PATCH /groups/:id renames (officer), 403 for a member; 422 with nothing to change', async () => {
      expect((await t.http().patch(`/api/groups/${group.id}`).set('authorization', as('shop')).send({ name: '新名字' })).status).toBe(403);
      const empty = await t.http().patch(`/api/groups/${group.id}`).set('authorization', as('police')).send({});
      expect([empty.status, empty.body.fields]).toEqual([422, { name: '没有要修改的内容' }]);
      const ok = await t.http().patch(`/api/groups/${group.id}`).set('authorization', as('police')).send({ name: '泰山街道平安群' });
      expect(ok.body.data.name).toBe('泰山街道平安群');
    });

    it('rotating the invite code retires the old one', async () => {
      const old = group.inviteCode;
      const res = await t.http().post(`/api/groups/${group.id}/invite-code`).set('authorization', as('police'));
      expect(res.status).toBe(200);
      expect(res.body.data.inviteCode).not.toBe(old);
      const gone = await t.http().get(`/api/groups/invite/${old}`).set('authorization', as('guard'));
      expect(gone.body.error).toBe('INVITE_CODE_INVALID');
      group.inviteCode = res.body.data.inviteCode;
      expect(await audits('group.rotate_invite_code')).toBe(1);
    });

    it('GET /groups lists my groups with my membership; admins see the groups of their units', async () => {
      const shop = await t.http().get('/api/groups').set('authorization', as('shop'));
      expect(shop.body.data.map((g: { id: number }) => g.id)).toEqual([group.id]);
      const admin = await t.http().get('/api/groups').set('authorization', as('admin'));
      expect(admin.body.data.length).toBeGreaterThanOrEqual(3);
      expect(admin.body.data.every((g: { abilities: { manage: boolean } }) => g.abilities.manage)).toBe(true);
    });

    it('invite code lookups are rate limited per user (20 per 10 minutes)', async () => {
      let last = 0;
      for (let i = 0; i < 21; i++) last = (await t.http().get('/api/groups/invite/ZZZZ2222').set('authorization', as('prober'))).status;
      expect(last).toBe(429);
    });
  });

  describe('mini-program code and WeChat group association', () => {
    let group: GroupEntity;
    beforeAll(async () => {
      group = await buildGroup(t, tree.grid, u.police, '一网格群');
      await addMember(t, group, u.shop);
    });
    beforeEach(() => fake.clear());

    it('GET /groups/:id/qrcode: the PNG from getwxacodeunlimit with scene c=<code> and the join page', async () => {
      expect((await t.http().get(`/api/groups/${group.id}/qrcode`)).status).toBe(401);
      expect((await t.http().get(`/api/groups/${group.id}/qrcode`).set('authorization', as('shop'))).status).toBe(403);
      const res = await t.http().get(`/api/groups/${group.id}/qrcode`).set('authorization', as('police')).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(res.body as Buffer, FAKE_PNG)).toBe(0);
      const call = fake.callsTo('/wxa/getwxacodeunlimit')[0];
      expect(call.body).toMatchObject({ scene: `c=${group.inviteCode}`, page: 'packages/alert/join/index', check_path: false, env_version: 'release' });
    });

    it('an expired access token (42001) is refreshed once and the code still comes back', async () => {
      await t.http().get(`/api/groups/${group.id}/qrcode`).set('authorization', as('police'));
      fake.clear();
      fake.expireToken();
      const res = await t.http().get(`/api/groups/${group.id}/qrcode`).set('authorization', as('police'));
      expect([res.status, res.headers['content-type']]).toEqual([200, 'image/png']);
      expect(fake.callsTo('/cgi-bin/stable_token')).toHaveLength(1);
      expect(fake.callsTo('/wxa/getwxacodeunlimit')).toHaveLength(2);
    });

    it('a WeChat error (45009) answers 502 WECHAT_UNAVAILABLE', async () => {
      fake.failNext('/wxa/getwxacodeunlimit', 45009);
      const res = await t.http().get(`/api/groups/${group.id}/qrcode`).set('authorization', as('police'));
      expect([res.status, res.body.error]).toEqual([502, 'WECHAT_UNAVAILABLE']);
    });

    /** Makes the fake answer jscode2session for `code` with a known session key; returns the encrypted group info. */
    function groupContext(code: string, opengid: string, appid = fake.appId) {
      const sessionKey = randomBytes(16);
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-128-cbc', sessionKey, iv);
      const encryptedData = Buffer.concat([cipher.update(JSON.stringify({ opengid, watermark: { appid, timestamp: 1 } })), cipher.final()]).toString('base64');
      const f = fake as unknown as { jscode2session: (q: URLSearchParams, res: ServerResponse) => void; json: (res: ServerResponse, b: unknown) => void };
      const original = f.jscode2session.bind(fake);
      f.jscode2session = (q, res) => {
        if (q.get('js_code') !== code) return original(q, res);
        f.jscode2session = original;
        f.json(res, { openid: `openid-${code.split('#')[0]}`, session_key: sessionKey.toString('base64') });
      };
      return { loginCode: code, encryptedData, iv: iv.toString('base64') };
    }

    it('an officer associates the WeChat group; someone opening a card there is offered to join', async () => {
      const link = await t.http().post(`/api/groups/${group.id}/wechat-group`).set('authorization', as('police')).send(groupContext('officer-liu#1', 'opengid-xyz'));
      expect([link.status, link.body.data.wechatGroupLinked]).toEqual([200, true]);
      expect(await audits('group.link_wechat_group')).toBe(1);
      // A member of the group is not offered it again; a new WeChat user is.
      const shop = await t.http().post('/api/groups/wechat-suggest').set('authorization', as('shop')).send(groupContext('shop-li', 'opengid-xyz'));
      expect([shop.status, shop.body.data]).toEqual([200, []]);
      const newcomer = await buildUser(t, { openid: 'openid-newcomer' });
      const res = await t.http().post('/api/groups/wechat-suggest').set('authorization', bearer(await loginAs(t, newcomer))).send(groupContext('newcomer', 'opengid-xyz'));
      expect(res.body.data).toEqual([expect.objectContaining({ id: group.id, name: '一网格群', my: null })]);
      // The opengid is no proof of anything: nothing was joined.
      expect(await countRows(t, 'group_members', 'user_id = ?', [newcomer.id])).toBe(0);
    });

    it('refuses another user\'s login code, another app\'s data, garbage, and non-managers', async () => {
      const other = await t.http().post('/api/groups/wechat-suggest').set('authorization', as('shop')).send(groupContext('someone-else', 'opengid-xyz'));
      expect([other.status, other.body.error]).toEqual([422, 'WECHAT_GROUP_UNKNOWN']);
      const app = await t.http().post('/api/groups/wechat-suggest').set('authorization', as('shop')).send(groupContext('shop-li#2', 'opengid-xyz', 'wx-other'));
      expect(app.body.error).toBe('WECHAT_GROUP_UNKNOWN');
      const garbage = await t.http().post('/api/groups/wechat-suggest').set('authorization', as('shop')).send({ loginCode: 'shop-li#3', encryptedData: 'A'.repeat(32), iv: 'B'.repeat(24) });
      expect(garbage.body.error).toBe('WECHAT_GROUP_UNKNOWN');
      const member = await t.http().post(`/api/groups/${group.id}/wechat-group`).set('authorization', as('shop')).send(groupContext('shop-li#4', 'opengid-evil'));
      expect(member.status).toBe(403);
      const row = await t.dataSource.getRepository(GroupEntity).findOneByOrFail({ id: group.id });
      expect(row.wechatOpengid).toBe('opengid-xyz');
      // The session key never leaves the WeChat client: not in any answer, not stored.
      const members = await t.dataSource.getRepository(GroupMemberEntity).find();
      expect(JSON.stringify(members)).not.toContain(fake.issuedSessionKeys[0] ?? '###');
    });
  });

  it('a group cannot be built on a unit deeper than a grid', async () => {
    const building = await buildUnit(t, { code: '320111001005001001', name: '1 号楼', level: 'grid', parent: tree.grid });
    const res = await t.http().post('/api/groups').set('authorization', as('police')).send({ name: '楼栋群', unitId: building.id });
    expect(res.status).toBe(403);
  });

  it('deleting an account ends its group memberships (no more alerts to a deleted user)', async () => {
    const repo = t.dataSource.getRepository(GroupMemberEntity);
    const before = await repo.find({ where: { userId: u.shop.id } });
    expect(before.some((r) => r.status === 'active' || r.status === 'pending')).toBe(true);
    const res = await t.http().post('/api/me/delete').set('authorization', as('shop')).send({ confirm: '注销' });
    expect(res.status).toBe(200);
    const after = await repo.find({ where: { userId: u.shop.id } });
    expect(after).toHaveLength(before.length);
    expect(after.filter((r) => r.status === 'active' || r.status === 'pending')).toEqual([]);
  });
});
