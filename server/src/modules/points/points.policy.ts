import { hasRoleOver, pathCodes, Role, type RoleGrant, unitPathsFor } from '@linli/shared';

/**
 * Who may do what with points, as pure rules over the caller's grants (unit paths), tested without a
 * database. Records outside the caller's reach answer 404 like missing ones (the services decide that).
 */

/** Admin units of the caller: they configure rules, review rewards and adjust points inside them. */
export function adminPaths(grants: readonly RoleGrant[]): string[] {
  return unitPathsFor(grants, Role.Admin);
}

/** May the caller administer points at `unitPath` (an admin grant on it or above)? */
export function canAdminister(grants: readonly RoleGrant[], unitPath: string): boolean {
  return hasRoleOver(grants, Role.Admin, unitPath);
}

/** Rules are set per district: the caller must be an admin of that district itself. */
export function canEditRules(grants: readonly RoleGrant[], districtPath: string): boolean {
  return grants.some((g) => g.role === Role.Admin && g.unitPath === districtPath);
}

/** Districts whose rules the caller may read: the districts of their admin units. */
export function readableRuleDistricts(grants: readonly RoleGrant[]): string[] {
  return [...new Set(adminPaths(grants).map((p) => `/${pathCodes(p)[0]}/`))];
}

/** Shop units the caller may offer rewards in (one per shop-owner grant). */
export function shopPaths(grants: readonly RoleGrant[]): string[] {
  return unitPathsFor(grants, Role.ShopOwner);
}

/**
 * May the caller hand over (fulfil) a redemption of a reward? The shop owner who offered a shop reward;
 * for a community-centre reward, any admin whose unit contains the reward's unit (the centre's staff).
 */
export function canFulfil(
  callerId: number,
  grants: readonly RoleGrant[],
  reward: { provider: string; offeredBy: number; unitPath: string },
): boolean {
  if (reward.provider === 'shop') return reward.offeredBy === callerId;
  return reward.offeredBy === callerId || canAdminister(grants, reward.unitPath);
}

/** Does the caller provide anything (shop owner or admin)? Provider pages are open to them only. */
export function isProvider(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === Role.ShopOwner || g.role === Role.Admin);
}
