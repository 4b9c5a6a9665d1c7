import type { RoleGrant } from '@linli/shared';
import { abilitiesOf, canReviewRoleRequest, isOwnRequest, reviewableUnitPaths } from '../../../src/modules/user/user.policy';
import { presentRoles } from '../../../src/modules/user/user.presenter';

const g = (role: RoleGrant['role'], unitPath: string): RoleGrant => ({ role, unitId: 1, unitPath });

describe('user.policy', () => {
  it('abilities: admin manages units and reviews; staff roles make isStaff', () => {
    expect(abilitiesOf([])).toEqual({ manageUnits: false, reviewRoleRequests: false, isStaff: false });
    expect(abilitiesOf([g('shop_owner', '/1/'), g('building_head', '/1/')])).toEqual({ manageUnits: false, reviewRoleRequests: false, isStaff: false });
    expect(abilitiesOf([g('grid_worker', '/1/')])).toEqual({ manageUnits: false, reviewRoleRequests: false, isStaff: true });
    expect(abilitiesOf([g('admin', '/1/')])).toEqual({ manageUnits: true, reviewRoleRequests: true, isStaff: true });
  });

  it('an admin reviews requests in their unit and below, not beside or above', () => {
    const grants = [g('admin', '/320111/320111001/'), g('grid_worker', '/320111/320111002/')];
    expect(reviewableUnitPaths(grants)).toEqual(['/320111/320111001/']);
    expect(canReviewRoleRequest(grants, '/320111/320111001/')).toBe(true);
    expect(canReviewRoleRequest(grants, '/320111/320111001/320111001005/320111001005001/')).toBe(true);
    expect(canReviewRoleRequest(grants, '/320111/320111002/')).toBe(false);
    expect(canReviewRoleRequest(grants, '/320111/')).toBe(false);
    // A code that merely starts with the same digits is not inside (paths end with '/').
    expect(canReviewRoleRequest(grants, '/320111/3201110019/')).toBe(false);
  });

  it('nobody reviews their own request', () => {
    expect(isOwnRequest(3, 3)).toBe(true);
    expect(isOwnRequest(3, 4)).toBe(false);
  });

  it('presentRoles lists resident first, then by role order', () => {
    const unit = (code: string) => ({ id: Number(code), code, name: code, level: 'grid' as const, path: `/${code}/` });
    const roles = presentRoles([
      { role: 'admin', unit: unit('2') },
      { role: 'shop_owner', unit: unit('3') },
      { role: 'shop_owner', unit: unit('1') },
    ]);
    expect(roles.map((r) => `${r.role}:${r.unit?.code ?? '-'}`)).toEqual(['resident:-', 'shop_owner:1', 'shop_owner:3', 'admin:2']);
  });
});
