import { hasRoleOver, isStaffRole, Role, RoleGrant, unitPathsFor, UserAbilities } from '@linli/shared';

/**
 * Access rules for accounts and role requests: pure functions over the caller's role grants (with
 * their units' materialised paths), so they are tested without a database.
 */

/** What the client may offer this user (shown with every UserResponse). */
export function abilitiesOf(grants: readonly RoleGrant[]): UserAbilities {
  const admin = grants.some((g) => g.role === Role.Admin);
  return {
    manageUnits: admin,
    reviewRoleRequests: admin,
    isStaff: grants.some((g) => isStaffRole(g.role)),
  };
}

/** Unit paths under which the caller reviews role requests (one per admin grant). */
export function reviewableUnitPaths(grants: readonly RoleGrant[]): string[] {
  return unitPathsFor(grants, Role.Admin);
}

/** May the caller see and decide a request for a unit at `unitPath`? (admin of that unit or above) */
export function canReviewRoleRequest(grants: readonly RoleGrant[], unitPath: string): boolean {
  return hasRoleOver(grants, Role.Admin, unitPath);
}

/** Nobody approves their own request, admin or not: someone else must look at it. */
export function isOwnRequest(reviewerId: number, applicantId: number): boolean {
  return reviewerId === applicantId;
}
