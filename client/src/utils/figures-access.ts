/** Who reads the figures, and which unit the dashboard opens on (main package: the home entry uses it too). */
import type { Role, UnitLevel, UserResponse } from '@linli/shared';

/** Roles that read figures (the server's FIGURES_ROLES, docs/FIGURES.md): the command centres and admins. */
export const FIGURES_ROLES: readonly Role[] = ['street_dispatcher', 'district_dispatcher', 'admin'];

const LEVEL_ORDER: UnitLevel[] = ['district', 'street', 'community', 'grid'];

export interface FiguresScope {
  unitId: number;
  unitName: string;
  level: UnitLevel;
}

/**
 * The widest unit whose figures the user reads (what the dashboard shows without filters, as the server
 * decides), or null when the user reads none.
 */
export function figuresScopeOf(user: UserResponse | null | undefined): FiguresScope | null {
  const grants = (user?.roles ?? []).filter((r) => FIGURES_ROLES.includes(r.role) && r.unit !== null);
  if (!grants.length) return null;
  const widest = [...grants].sort((a, b) => LEVEL_ORDER.indexOf(a.unit!.level) - LEVEL_ORDER.indexOf(b.unit!.level))[0].unit!;
  return { unitId: widest.id, unitName: widest.name, level: widest.level };
}

/** Does the user read figures (shows the dashboard entry)? */
export const canReadFigures = (user: UserResponse | null | undefined) => figuresScopeOf(user) !== null;
