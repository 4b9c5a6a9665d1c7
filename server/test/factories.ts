import type { Role, UnitLevel } from '@linli/shared';
import { SessionService } from '../src/modules/auth/session.service';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { PhoneCrypto } from '../src/modules/user/phone.crypto';
import { RoleGrantEntity } from '../src/modules/user/role-grant.entity';
import { UserEntity } from '../src/modules/user/user.entity';
import { startWechatFake, WechatFake } from './fakes/wechat-fake';
import { startTestApp, TestApp } from './helpers/app';

/**
 * Test data builders (outline's buildUser/buildX style) that write straight through the repositories,
 * so a test sets up exactly the rows it needs.
 */

/**
 * Starts the fake WeChat server, points the app at it (config.unittest.ts reads WECHAT_API_BASE when
 * the app is created) and starts the app. Close both with `closeAll`.
 */
export async function startAppWithWechatFake(): Promise<{ t: TestApp; fake: WechatFake; closeAll: () => Promise<void> }> {
  const fake = await startWechatFake();
  process.env.WECHAT_API_BASE = fake.url;
  const t = await startTestApp();
  return {
    t,
    fake,
    closeAll: async () => {
      await t.close();
      await fake.stop();
      delete process.env.WECHAT_API_BASE;
    },
  };
}

export interface UnitTree {
  district: UnitEntity;
  street: UnitEntity;
  community: UnitEntity;
  grid: UnitEntity;
  /** A second street with its own community and grid: outside the first street. */
  otherStreet: UnitEntity;
  otherCommunity: UnitEntity;
  otherGrid: UnitEntity;
}

/** Inserts one unit under `parent` (or as a root), with its materialised path. */
export async function buildUnit(
  t: TestApp,
  attrs: { code: string; name: string; level: UnitLevel; parent?: UnitEntity | null },
): Promise<UnitEntity> {
  const repo = t.dataSource.getRepository(UnitEntity);
  const parent = attrs.parent ?? null;
  return repo.save(
    repo.create({
      code: attrs.code,
      name: attrs.name,
      level: attrs.level,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${attrs.code}/`,
      polygon: null,
    }),
  );
}

/**
 * A tiny Pukou tree with the real codes the demo accounts use:
 * 浦口区 > 泰山街道 > 津浦社区居委会 > grid 001, plus 江浦街道 > 社区 > grid as "somewhere else".
 */
export async function buildUnitTree(t: TestApp): Promise<UnitTree> {
  const district = await buildUnit(t, { code: '320111', name: '浦口区', level: 'district' });
  const street = await buildUnit(t, { code: '320111001', name: '泰山街道', level: 'street', parent: district });
  const community = await buildUnit(t, { code: '320111001005', name: '津浦社区居委会', level: 'community', parent: street });
  const grid = await buildUnit(t, { code: '320111001005001', name: '津浦社区第一网格', level: 'grid', parent: community });
  const otherStreet = await buildUnit(t, { code: '320111002', name: '江浦街道', level: 'street', parent: district });
  const otherCommunity = await buildUnit(t, { code: '320111002001', name: '象山社区居委会', level: 'community', parent: otherStreet });
  const otherGrid = await buildUnit(t, { code: '320111002001001', name: '象山社区第一网格', level: 'grid', parent: otherCommunity });
  return { district, street, community, grid, otherStreet, otherCommunity, otherGrid };
}

let userSeq = 0;

/** Inserts a user (a WeChat user with a unique openid unless told otherwise); `phone` is stored encrypted. */
export async function buildUser(
  t: TestApp,
  attrs: Partial<Pick<UserEntity, 'openid' | 'unionid' | 'demoKey' | 'nickname' | 'avatarUrl'>> & { phone?: string } = {},
): Promise<UserEntity> {
  const seq = ++userSeq;
  const repo = t.dataSource.getRepository(UserEntity);
  const crypto = await t.get(PhoneCrypto);
  return repo.save(
    repo.create({
      openid: attrs.openid === undefined ? `openid-factory-${seq}-${Date.now()}` : attrs.openid,
      unionid: attrs.unionid ?? null,
      demoKey: attrs.demoKey ?? null,
      nickname: attrs.nickname ?? `测试用户${seq}`,
      avatarUrl: attrs.avatarUrl ?? null,
      phoneEnc: attrs.phone ? crypto.encrypt(attrs.phone) : null,
      phoneHash: attrs.phone ? crypto.hmac(attrs.phone) : null,
      deletedAt: null,
    }),
  );
}

/** Grants `role` in `unit` to `user`. */
export async function grantRole(t: TestApp, user: UserEntity, role: Role, unit: UnitEntity): Promise<RoleGrantEntity> {
  const repo = t.dataSource.getRepository(RoleGrantEntity);
  return repo.save(repo.create({ userId: user.id, role, unitId: unit.id, grantedBy: null }));
}

/** A bearer token for `user` (a real session issued by SessionService). */
export async function loginAs(t: TestApp, user: UserEntity): Promise<string> {
  const sessions = await t.get(SessionService);
  return (await sessions.issue(user.id)).token;
}

/** The Authorization header value for `token`. */
export const bearer = (token: string) => `Bearer ${token}`;

/** Row count of `table` (for "nothing was written" checks). */
export async function countRows(t: TestApp, table: string, where = '1=1', params: unknown[] = []): Promise<number> {
  const rows = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params);
  return Number(rows[0].n);
}
