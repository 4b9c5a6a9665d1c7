import type { Open311ApiKeyResponse } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import { loadUnitNames } from '../figures/names.repository';
import type { Open311ApiKeyEntity } from './open311.entities';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Keys as admins see them, with their units' names (never the key or its hash). */
export async function presentOpen311Keys(m: EntityManager, rows: Open311ApiKeyEntity[]): Promise<Open311ApiKeyResponse[]> {
  const units = await loadUnitNames(m, rows.map((r) => r.unitId));
  return rows.map((r) => {
    const u = units.get(r.unitId);
    return {
      id: r.id,
      name: r.name,
      keyPrefix: r.keyPrefix,
      unit: { id: r.unitId, code: u?.code ?? '', name: u?.name ?? '' },
      createdAt: iso(r.createdAt)!,
      lastUsedAt: iso(r.lastUsedAt),
      revokedAt: iso(r.revokedAt),
    };
  });
}
