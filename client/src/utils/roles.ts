import { isStaffRole, type RoleGrantResponse, type UserResponse } from '@linli/shared';

/** Staff grants bound to a unit: what the staff home shows. */
export function staffGrants(user: UserResponse): Array<RoleGrantResponse & { unit: NonNullable<RoleGrantResponse['unit']> }> {
  return user.roles.filter((r): r is RoleGrantResponse & { unit: NonNullable<RoleGrantResponse['unit']> } => isStaffRole(r.role) && r.unit !== null);
}
