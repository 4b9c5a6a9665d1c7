import { hasRoleOver, pathCodes, Role, RoleGrant, unitPathsFor } from '@linli/shared';

/**
 * Who moderates and who reads the audit log: pure rules over the caller's grants (unit paths), so
 * they are tested without a database.
 */

/** Roles that work the moderation queue. */
export const MODERATOR_ROLES: readonly Role[] = [Role.Admin, Role.CommunityPolice];

/** Does the caller hold a moderator role anywhere? */
export function isModerator(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => MODERATOR_ROLES.includes(g.role));
}

/** Unit paths whose items the caller moderates (one per admin or police grant). */
export function moderatedPaths(grants: readonly RoleGrant[]): string[] {
  return grants.filter((g) => MODERATOR_ROLES.includes(g.role) && g.unitPath).map((g) => g.unitPath as string);
}

/**
 * May the caller act on an item of `unitPath`? Inside one of their admin/police units; items with no
 * known unit (`/`) belong to the moderators of a top-level unit (district).
 */
export function canModerate(grants: readonly RoleGrant[], unitPath: string): boolean {
  if (unitPath === '/') return moderatedPaths(grants).some((p) => pathCodes(p).length === 1);
  return MODERATOR_ROLES.some((role) => hasRoleOver(grants, role, unitPath));
}

/** The role the caller acts in on `unitPath` (for the audit row): admin before police. */
export function moderatorRoleFor(grants: readonly RoleGrant[], unitPath: string): Role {
  if (unitPath === '/') return grants.some((g) => g.role === Role.Admin) ? Role.Admin : Role.CommunityPolice;
  return hasRoleOver(grants, Role.Admin, unitPath) ? Role.Admin : Role.CommunityPolice;
}

/** Unit paths whose audit rows the caller reads (admins only, their units and below). */
export function auditReadablePaths(grants: readonly RoleGrant[]): string[] {
  return unitPathsFor(grants, Role.Admin);
}

/** Nobody reports their own content. */
export function isOwnContent(reporterId: number, ownerId: number | null): boolean {
  return ownerId !== null && reporterId === ownerId;
}
