import { hasRoleOver, Role, RoleGrant } from '@linli/shared';

/**
 * Who writes to the jurisdiction tree: an admin (through the HTTP imports, limited to their units'
 * subtrees) or the system itself (the demo seeder and other bootstrap code, unrestricted).
 */
export type UnitActor = { kind: 'system' } | { kind: 'admin'; userId: number; grants: readonly RoleGrant[] };

export const SYSTEM_ACTOR: UnitActor = { kind: 'system' };

/** May the actor create or change a unit whose path is `path`? (Admins: inside one of their admin units.) */
export function canWriteUnitAt(actor: UnitActor, path: string): boolean {
  return actor.kind === 'system' || hasRoleOver(actor.grants, Role.Admin, path);
}

/**
 * May the actor create a new top-level unit (a district whose parent is outside the system, e.g.
 * 320111 under the city 3201)? Only the system: an admin's grant always points at an existing unit, so
 * an admin's reach never extends beyond an existing tree. A district admin may still re-import (rename)
 * their own district row, which `canWriteUnitAt` allows.
 */
export function canCreateRootUnit(actor: UnitActor): boolean {
  return actor.kind === 'system';
}

/** The audit actor for the log: admins by id, the system as actor 0. */
export function auditActor(actor: UnitActor): { actorId: number; actorRole: string } {
  return actor.kind === 'system' ? { actorId: 0, actorRole: 'system' } : { actorId: actor.userId, actorRole: Role.Admin };
}
