import { isStaffRole, type RoleGrantResponse, type UserResponse } from '@linli/shared';

/** Staff grants bound to a unit: what the staff home shows. */
export function staffGrants(user: UserResponse): Array<RoleGrantResponse & { unit: NonNullable<RoleGrantResponse['unit']> }> {
  return user.roles.filter((r): r is RoleGrantResponse & { unit: NonNullable<RoleGrantResponse['unit']> } => isStaffRole(r.role) && r.unit !== null);
}

/** Admins and community police work the moderation queue (内容审核). */
export function canModerate(user: UserResponse | null | undefined): boolean {
  return Boolean(user?.roles.some((r) => (r.role === 'admin' || r.role === 'community_police') && r.unit !== null));
}

/** Admins read the audit log (操作日志) of their units. */
export function canReadAuditLog(user: UserResponse | null | undefined): boolean {
  return Boolean(user?.roles.some((r) => r.role === 'admin' && r.unit !== null));
}
