import { IsNull } from 'typeorm';
import { AlertPersonalData } from '../../../src/modules/alert/alert.personal-data';
import { GroupMemberEntity } from '../../../src/modules/alert/group.entity';
import { mediaEvents } from '../../../src/modules/media/media.events';
import { SessionEntity } from '../../../src/modules/auth/session.entity';
import { PersonalDataRegistry, personalData } from '../../../src/modules/user/personal-data';
import { RoleGrantEntity } from '../../../src/modules/user/role-grant.entity';
import { UserEntity } from '../../../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs } from '../../factories';
import { addMember, buildGroup } from '../../alert.helpers';
import { startTestApp, TestApp } from '../../helpers/app';
import { listFiles, plainJpeg, upload, useTempMediaDir } from '../media/media.test-helpers';

describe(`${PersonalDataRegistry.name}: erasers`, () => {
  const m = {} as never;

  it('runs the erasers in their fixed order (tickets, points, rota, groups), not in registration order', async () => {
    const sut = new PersonalDataRegistry();
    const calls: string[] = [];
    const eraser = (name: string) => async (_m: unknown, userId: number) => {
      calls.push(`${name}:${userId}`);
    };
    sut.registerEraser('groups', eraser('groups'));
    sut.registerEraser('rota', eraser('rota'));
    sut.registerEraser('tickets', eraser('tickets'));
    expect(sut.erasable()).toEqual(['tickets', 'rota', 'groups']);
    await sut.erase(m, 7);
    expect(calls).toEqual(['tickets:7', 'rota:7', 'groups:7']);
  });

  it('one eraser per section: a second registration replaces the first; unregistering the old one is a no-op', async () => {
    const sut = new PersonalDataRegistry();
    const calls: string[] = [];
    const offFirst = sut.registerEraser('rota', async () => void calls.push('first'));
    const offSecond = sut.registerEraser('rota', async () => void calls.push('second'));
    offFirst();
    await sut.erase(m, 1);
    expect(calls).toEqual(['second']);
    offSecond();
    expect(sut.erasable()).toEqual([]);
  });

  it('an eraser that throws stops the later ones and fails the erasure', async () => {
    const sut = new PersonalDataRegistry();
    const calls: string[] = [];
    sut.registerEraser('groups', async () => void calls.push('groups'));
    sut.registerEraser('points', async () => {
      throw new Error('db down');
    });
    await expect(sut.erase(m, 1)).rejects.toThrow('db down');
    expect(calls).toEqual([]);
  });

  it('erasers and exporters are separate: an exporter alone erases nothing', async () => {
    const sut = new PersonalDataRegistry();
    sut.register('points', async () => ({ balance: 0, leaderboardOptOut: false, entries: [], redemptions: [] }));
    expect(sut.erasable()).toEqual([]);
  });
});

/** Account deletion runs the feature erasers inside its one transaction. */
describe('account deletion runs the personalData erasers in its transaction', () => {
  let t: TestApp;
  let media: ReturnType<typeof useTempMediaDir>;
  beforeAll(async () => {
    media = useTempMediaDir();
    t = await startTestApp();
  });
  afterAll(async () => {
    await mediaEvents.idle();
    await t.close();
    media.cleanup();
  });

  it('the app registers the rota and groups erasers (tickets and points have nothing to erase)', () => {
    expect(personalData.erasable()).toEqual(['rota', 'groups']);
  });

  it('an eraser sees the deletion so far through the same transaction', async () => {
    const user = await buildUser(t);
    const token = await loginAs(t, user);
    const seen: Array<{ deleted: boolean; sessions: number }> = [];
    const off = personalData.registerEraser('tickets', async (m, userId) => {
      const row = await m.findOneByOrFail(UserEntity, { id: userId });
      seen.push({ deleted: row.deletedAt !== null, sessions: await m.countBy(SessionEntity, { userId }) });
    });
    try {
      const res = await t.http().post('/api/me/delete').set('authorization', bearer(token)).send({ confirm: '注销' });
      expect(res.status).toBe(200);
    } finally {
      off();
    }
    expect(seen).toEqual([{ deleted: true, sessions: 0 }]);
  });

  it('an eraser that throws rolls the whole deletion back: user row, sessions, grants, photos and earlier erasers\' writes', async () => {
    const tree = await buildUnitTree(t);
    const user = await buildUser(t, { nickname: '不会被注销', phone: '13500004444' });
    await grantRole(t, user, 'shop_owner', tree.grid);
    const group = await buildGroup(t, tree.community, null);
    await addMember(t, group, user);
    const token = await loginAs(t, user);
    const second = await loginAs(t, user);
    const up = await upload(t, token, await plainJpeg());
    expect(up.status).toBe(201);
    const files = listFiles(media.dir);
    expect(files.length).toBeGreaterThan(0);
    const before = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: user.id });

    // The groups eraser does its real work (memberships end), then fails.
    const alerts = await t.get(AlertPersonalData);
    let erased = 0;
    personalData.registerEraser('groups', async (m, userId) => {
      await alerts.erase(m, userId);
      erased = await m.countBy(GroupMemberEntity, { userId, status: 'left' });
      throw new Error('eraser failed');
    });
    try {
      const res = await t.http().post('/api/me/delete').set('authorization', bearer(token)).send({ confirm: '注销' });
      expect(res.status).toBe(500);
    } finally {
      personalData.registerEraser('groups', (m, userId) => alerts.erase(m, userId));
    }
    expect(erased).toBe(1);

    const after = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: user.id, deletedAt: IsNull() });
    expect(after).toMatchObject({ nickname: '不会被注销', openid: before.openid, phoneEnc: before.phoneEnc, phoneHash: before.phoneHash });
    expect(await countRows(t, 'sessions', 'user_id = ?', [user.id])).toBe(2);
    for (const tk of [token, second]) expect((await t.http().get('/api/me').set('authorization', bearer(tk))).status).toBe(200);
    expect(await t.dataSource.getRepository(RoleGrantEntity).countBy({ userId: user.id })).toBe(1);
    expect(await countRows(t, 'media', 'owner_id = ?', [user.id])).toBe(1);
    expect(listFiles(media.dir)).toEqual(files);
    expect(await t.dataSource.getRepository(GroupMemberEntity).findBy({ userId: user.id })).toEqual([expect.objectContaining({ status: 'active' })]);

    // With the failing eraser gone the same request deletes the account.
    const res = await t.http().post('/api/me/delete').set('authorization', bearer(token)).send({ confirm: '注销' });
    expect(res.status).toBe(200);
    expect(await countRows(t, 'sessions', 'user_id = ?', [user.id])).toBe(0);
    expect(listFiles(media.dir)).toEqual([]);
    expect(await t.dataSource.getRepository(GroupMemberEntity).findBy({ userId: user.id })).toEqual([expect.objectContaining({ status: 'left' })]);
  });
});
