import type { Role, RoleGrantResponse, UserResponse } from '@linli/shared';

type UnitGrant = RoleGrantResponse & { unit: NonNullable<RoleGrantResponse['unit']> };

/** The user's grants of `role` that are bound to a unit (first = the one the page works in). */
export function grantsOf(user: UserResponse | null | undefined, role: Role): UnitGrant[] {
  return (user?.roles ?? []).filter((r): r is UnitGrant => r.role === role && r.unit !== null);
}
