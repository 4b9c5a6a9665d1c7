import { EntityManager, In } from 'typeorm';
import type { Role } from '@linli/shared';
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

/** The user's role grants with their units, oldest first. */
export async function loadGrantViews(m: EntityManager, userId: number): Promise<GrantView[]> {
  const grants = await m.find(RoleGrantEntity, { where: { userId }, order: { id: 'ASC' } });
  const units = await loadUnits(m, grants.map((g) => g.unitId));
  return grants.filter((g) => units.has(g.unitId)).map((g) => ({ role: g.role as Role, unit: units.get(g.unitId)! }));
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
