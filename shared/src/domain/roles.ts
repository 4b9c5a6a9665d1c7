import { Role, RoleUnitLevels, STAFF_ROLES } from '../constants/roles';
import type { UnitLevel } from '../constants/units';
import type { DepartmentCode } from '../constants/departments';

export function isStaffRole(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

/** Every role but resident is granted after approval by an admin of the unit. */
export function roleNeedsApproval(role: Role): boolean {
  return role !== 'resident';
}

/** May `role` be bound to a unit of `level`? */
export function roleFitsUnitLevel(role: Role, level: UnitLevel | null): boolean {
  const levels = RoleUnitLevels[role];
  if (levels.length === 0) return level === null;
  return level !== null && levels.includes(level);
}

/**
 * Is unit path `inner` equal to or below `outer`? Unit paths are materialised as
 * `/320111/320111001/320111001005/` so a prefix test decides containment.
 */
export function unitContains(outerPath: string, innerPath: string): boolean {
  return innerPath.startsWith(outerPath);
}

/** A granted role as it reaches the policy layer. */
export interface RoleGrant {
  role: Role;
  unitId: number | null;
  unitPath: string | null;
  /** Department of a department_handler grant (`chengguan`); null or absent for every other grant. */
  department?: DepartmentCode | null;
}

/** Does any grant of `role` cover the unit at `unitPath`? */
export function hasRoleOver(grants: readonly RoleGrant[], role: Role, unitPath: string): boolean {
  return grants.some((g) => g.role === role && g.unitPath !== null && unitContains(g.unitPath, unitPath));
}

/** Unit paths of the caller's grants of `role` (the subtrees that role acts in). */
export function unitPathsFor(grants: readonly RoleGrant[], role: Role): string[] {
  return grants.filter((g) => g.role === role && g.unitPath).map((g) => g.unitPath as string);
}
