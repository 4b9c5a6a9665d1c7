import type { RoleGrant } from '@linli/shared';
import { auditActor, canCreateRootUnit, canWriteUnitAt, SYSTEM_ACTOR, UnitActor } from '../../../src/modules/unit/unit.policy';

const admin = (...grants: RoleGrant[]): UnitActor => ({ kind: 'admin', userId: 7, grants });
const grant = (role: RoleGrant['role'], unitPath: string): RoleGrant => ({ role, unitId: 1, unitPath });

describe('unit.policy', () => {
  it('lets an admin write inside their admin units only (their own unit included)', () => {
    const streetAdmin = admin(grant('admin', '/320111/320111001/'));
    expect(canWriteUnitAt(streetAdmin, '/320111/320111001/')).toBe(true);
    expect(canWriteUnitAt(streetAdmin, '/320111/320111001/320111001005/')).toBe(true);
    expect(canWriteUnitAt(streetAdmin, '/320111/320111002/320111002001/')).toBe(false);
    expect(canWriteUnitAt(streetAdmin, '/320111/')).toBe(false);
    // 3201110010 is not below 320111001 (whole path segments)
    expect(canWriteUnitAt(streetAdmin, '/320111/3201110010/')).toBe(false);
  });

  it('ignores grants of other roles', () => {
    expect(canWriteUnitAt(admin(grant('district_dispatcher', '/320111/')), '/320111/320111001/')).toBe(false);
  });

  it('lets only the system create top-level units and write anywhere', () => {
    expect(canCreateRootUnit(SYSTEM_ACTOR)).toBe(true);
    expect(canCreateRootUnit(admin(grant('admin', '/320111/')))).toBe(false);
    expect(canWriteUnitAt(SYSTEM_ACTOR, '/999999/')).toBe(true);
  });

  it('audits the system as actor 0', () => {
    expect(auditActor(SYSTEM_ACTOR)).toEqual({ actorId: 0, actorRole: 'system' });
    expect(auditActor(admin())).toEqual({ actorId: 7, actorRole: 'admin' });
  });
});
