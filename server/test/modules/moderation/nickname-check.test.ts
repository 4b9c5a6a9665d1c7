import { ModerationItemEntity } from '../../../src/modules/moderation/moderation-item.entity';
import { ContentCheckEntity } from '../../../src/modules/moderation/content-check.entity';
import { UserEntity } from '../../../src/modules/user/user.entity';
import type { WechatFake } from '../../fakes/wechat-fake';
import { bearer, buildUnitTree, buildUser, grantRole, loginAs, startAppWithWechatFake, UnitTree } from '../../factories';
import type { TestApp } from '../../helpers/app';

/** PATCH /api/me nickname through WeChat's msg_sec_check: pass, review (held), risky, and no openid. */
describe('nickname content check', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    tree = await buildUnitTree(t);
    fake.setTextVerdict('待定', 'review').setTextVerdict('违禁', 'risky', 20006);
  });
  afterAll(() => closeAll());
  beforeEach(() => fake.clear());

  const nicknameOf = async (id: number) => (await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id })).nickname;
  const itemsOf = (userId: number) =>
    t.dataSource.getRepository(ModerationItemEntity).find({ where: { contentType: 'nickname', targetId: String(userId) }, order: { id: 'ASC' } });
  const checksOf = (userId: number) => t.dataSource.getRepository(ContentCheckEntity).find({ where: { userId }, order: { id: 'ASC' } });
  const patch = async (user: UserEntity, nickname: string) =>
    t.http().patch('/api/me').set('authorization', bearer(await loginAs(t, user))).send({ nickname });

  it('pass: published at once, checked with version 2, scene 1 (资料) and the user openid', async () => {
    const user = await buildUser(t, { nickname: '旧名' });
    const res = await patch(user, '张阿姨');
    expect(res.status).toBe(200);
    expect(res.body.data.nickname).toBe('张阿姨');
    expect(res.body.data.held).toBeUndefined();
    expect(await nicknameOf(user.id)).toBe('张阿姨');
    const calls = fake.callsTo('/wxa/msg_sec_check');
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ version: 2, openid: user.openid, scene: 1, content: '张阿姨' });
    expect(await itemsOf(user.id)).toEqual([]);
    const [check] = await checksOf(user.id);
    expect(check).toMatchObject({ kind: 'text', status: 'done', suggest: 'pass', label: 100, traceId: expect.any(String) });
  });

  it('review: held; the old nickname stays public until a moderator approves the new one', async () => {
    const user = await buildUser(t, { nickname: '旧名' });
    await grantRole(t, user, 'building_head', tree.grid);
    const res = await patch(user, '待定的名字');
    expect(res.status).toBe(200);
    expect(res.body.data.nickname).toBe('旧名');
    expect(res.body.data.held).toEqual({ nickname: '待定的名字' });
    expect(await nicknameOf(user.id)).toBe('旧名');
    const [item] = await itemsOf(user.id);
    expect(item).toMatchObject({ status: 'pending', source: 'machine_review', excerpt: '待定的名字', suggest: 'review', label: 21000, unitPath: tree.grid.path });
    expect(item.traceId).toEqual(expect.any(String));

    const admin = await buildUser(t);
    await grantRole(t, admin, 'admin', tree.street);
    const ok = await t.http().post(`/api/admin/moderation/${item.id}/restore`).set('authorization', bearer(await loginAs(t, admin))).send({ reason: '昵称无问题' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.status).toBe('published');
    expect(await nicknameOf(user.id)).toBe('待定的名字');
  });

  it('a newer nickname supersedes a held one, so the old one can no longer be approved over it', async () => {
    const user = await buildUser(t, { nickname: '旧名' });
    await patch(user, '待定一号');
    expect((await patch(user, '新名字')).body.data.nickname).toBe('新名字');
    const items = await itemsOf(user.id);
    expect(items.map((i) => [i.excerpt, i.status])).toEqual([['待定一号', 'hidden']]);
  });

  it('risky: 422 CONTENT_RISKY with the label, nothing changes, the verdict is kept for audit', async () => {
    const user = await buildUser(t, { nickname: '旧名' });
    const res = await patch(user, '违禁词昵称');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, error: 'CONTENT_RISKY', message: '内容含有违规信息，请修改后再提交', data: { label: 20006 } });
    expect(await nicknameOf(user.id)).toBe('旧名');
    expect(await itemsOf(user.id)).toEqual([]);
    expect((await checksOf(user.id)).map((c) => [c.suggest, c.label])).toEqual([['risky', 20006]]);
  });

  it('61010 (user not visited recently): treated as review, held', async () => {
    const user = await buildUser(t, { nickname: '旧名' });
    fake.failNext('/wxa/msg_sec_check', 61010);
    const res = await patch(user, '普通名字');
    expect(res.status).toBe(200);
    expect(res.body.data.held).toEqual({ nickname: '普通名字' });
    const [item] = await itemsOf(user.id);
    expect(item).toMatchObject({ status: 'pending', source: 'machine_review', suggest: 'review' });
    expect((await checksOf(user.id))[0].note).toMatch(/61010/);
  });

  it('WeChat unreachable (busy after retries): held as unchecked rather than published', async () => {
    const user = await buildUser(t, { nickname: '旧名' });
    fake.failNext('/wxa/msg_sec_check', -1, 3);
    const res = await patch(user, '另一个名字');
    expect(res.status).toBe(200);
    expect(res.body.data.held).toEqual({ nickname: '另一个名字' });
    expect((await itemsOf(user.id))[0]).toMatchObject({ status: 'pending', source: 'unchecked' });
  });

  it('no openid (H5 demo account): local blocklist refuses; otherwise published with an item for a later look', async () => {
    const user = await buildUser(t, { openid: null, demoKey: 'demo-moder-x', nickname: '演示' });
    const bad = await patch(user, '赌博 达人');
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('CONTENT_RISKY');
    expect(await nicknameOf(user.id)).toBe('演示');
    const ok = await patch(user, '快乐邻居');
    expect(ok.status).toBe(200);
    expect(ok.body.data.nickname).toBe('快乐邻居');
    expect(fake.callsTo('/wxa/msg_sec_check')).toHaveLength(0);
    expect((await itemsOf(user.id)).map((i) => [i.excerpt, i.status, i.source])).toEqual([['快乐邻居', 'published', 'unchecked']]);
  });

  it('the same nickname again is not checked; changes are rate limited (429 with the wait)', async () => {
    const user = await buildUser(t, { nickname: '同名' });
    expect((await patch(user, '同名')).status).toBe(200);
    expect(fake.callsTo('/wxa/msg_sec_check')).toHaveLength(0);
    for (let i = 0; i < 10; i++) expect((await patch(user, `名字${i}`)).status).toBe(200);
    const limited = await patch(user, '第十一个');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('RATE_LIMITED');
    expect(limited.body.data.retryAfterSeconds).toBeGreaterThan(0);
    expect(await nicknameOf(user.id)).toBe('名字9');
  });
});
