import { hasRoleOver, Role, RoleGrant, unitPathsFor } from '@linli/shared';

/**
 * Who manages rotas and reviews shops: community police and admins, inside their units. Pure rules over
 * the caller's grants, so they are tested without a database.
 */
export const ROTA_MANAGER_ROLES: readonly Role[] = [Role.CommunityPolice, Role.Admin];

/** Unit paths the caller manages rotas and reviews participants in. */
export function managedPaths(grants: readonly RoleGrant[]): string[] {
  return ROTA_MANAGER_ROLES.flatMap((r) => unitPathsFor(grants, r));
}

/** May the caller manage a rota (or review a participant) of `unitPath`? */
export function canManage(grants: readonly RoleGrant[], unitPath: string): boolean {
  return ROTA_MANAGER_ROLES.some((r) => hasRoleOver(grants, r, unitPath));
}

/** The role the caller acts in over `unitPath`, for the audit row: police before admin. */
export function managerRoleFor(grants: readonly RoleGrant[], unitPath: string): Role {
  return hasRoleOver(grants, Role.CommunityPolice, unitPath) ? Role.CommunityPolice : Role.Admin;
}
