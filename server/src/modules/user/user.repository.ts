import { EntityManager, In } from 'typeorm';
import type { DepartmentCode, Role } from '@linli/shared';
import { UnitEntity } from '../unit/unit.entity';
import { RoleGrantEntity } from './role-grant.entity';
import type { GrantView, UnitSummary } from './user.presenter';

/**
 * Queries shared by the account services. Plain functions over an EntityManager, so they run inside
 * or outside a transaction alike.
 */

export function toUnitSummary(u: UnitEntity): UnitSummary {
  return { id: u.id, code: u.code, name: u.name, level: u.level, path: u.path };
}

/** The user's role grants with their units, oldest first (one query). */
export async function loadGrantViews(m: EntityManager, userId: number): Promise<GrantView[]> {
  const rows = await m
    .createQueryBuilder(RoleGrantEntity, 'g')
    .innerJoin(UnitEntity, 'u', 'u.id = g.unit_id')
    .select(['g.role AS role', 'u.id AS id', 'u.code AS code', 'u.name AS name', 'u.level AS level', 'u.path AS path', 'g.department_code AS department'])
    .where('g.user_id = :userId', { userId })
    .orderBy('g.id', 'ASC')
    .getRawMany<{ role: Role; department: DepartmentCode | null } & UnitSummary>();
  return rows.map(({ role, department, ...unit }) => ({ role, unit: { ...unit, id: Number(unit.id) }, department: department ?? null }));
}

/** Units by id (missing ids are simply absent from the map). */
export async function loadUnits(m: EntityManager, ids: number[]): Promise<Map<number, UnitSummary>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await m.find(UnitEntity, {
    where: { id: In(unique) },
    select: ['id', 'code', 'name', 'level', 'path'],
  });
  return new Map(rows.map((u) => [u.id, toUnitSummary(u)]));
}
