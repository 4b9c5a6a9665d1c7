import { EntityManager, In, IsNull } from 'typeorm';
import { commonPath, pathCodes } from '@linli/shared';
import { UnitEntity } from '../unit/unit.entity';
import { RoleGrantEntity } from '../user/role-grant.entity';
import { RoleRequestEntity } from '../user/role-request.entity';
import { UserEntity } from '../user/user.entity';

/**
 * The unit a user's content is moderated in. Residents have no unit of their own yet (issue 4 passes
 * the unit of a report explicitly), so: the units of the user's role grants (their common path), else
 * the unit of their latest role request, else the only top-level unit when exactly one exists (one
 * district per deployment), else `/` (seen by the moderators of top-level units).
 */
export async function ownerUnitPath(m: EntityManager, userId: number | null): Promise<string> {
  if (userId !== null) {
    const grants = await m
      .createQueryBuilder(RoleGrantEntity, 'g')
      .innerJoin(UnitEntity, 'u', 'u.id = g.unit_id')
      .select('u.path', 'path')
      .where('g.user_id = :userId', { userId })
      .getRawMany<{ path: string }>();
    if (grants.length) return commonPath(grants.map((g) => g.path));
    const request = await m
      .createQueryBuilder(RoleRequestEntity, 'r')
      .innerJoin(UnitEntity, 'u', 'u.id = r.unit_id')
      .select('u.path', 'path')
      .where('r.user_id = :userId', { userId })
      .orderBy('r.id', 'DESC')
      .limit(1)
      .getRawOne<{ path: string }>();
    if (request) return request.path;
  }
  const roots = await m.find(UnitEntity, { where: { parentId: IsNull() }, select: ['id', 'path'], take: 2 });
  return roots.length === 1 ? roots[0].path : '/';
}

/** Nicknames by user id (deleted users keep their row as 已注销用户). */
export async function loadNicknames(m: EntityManager, ids: Array<number | null>): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((i): i is number => i !== null && i > 0))];
  if (!unique.length) return new Map();
  const rows = await m.find(UserEntity, { where: { id: In(unique) }, select: ['id', 'nickname'] });
  return new Map(rows.map((u) => [u.id, u.nickname]));
}

/** Unit names by path (the unit whose own code ends the path). */
export async function loadUnitNamesByPath(m: EntityManager, paths: string[]): Promise<Map<string, string>> {
  const codes = [...new Set(paths.map((p) => pathCodes(p).pop()).filter((c): c is string => Boolean(c)))];
  if (!codes.length) return new Map();
  const rows = await m.find(UnitEntity, { where: { code: In(codes) }, select: ['code', 'name', 'path'] });
  return new Map(rows.map((u) => [u.path, u.name]));
}
