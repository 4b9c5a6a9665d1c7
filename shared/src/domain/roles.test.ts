import { ROLES, RoleUnitLevels } from '../constants/roles';
import { hasRoleOver, isStaffRole, roleFitsUnitLevel, roleNeedsApproval, unitContains, unitPathsFor } from './roles';

describe('roles', () => {
  it('marks government roles as staff and the public roles as not', () => {
    expect(isStaffRole('street_dispatcher')).toBe(true);
    expect(isStaffRole('community_police')).toBe(true);
    expect(isStaffRole('resident')).toBe(false);
    expect(isStaffRole('shop_owner')).toBe(false);
  });
  it('needs approval for every role but resident', () => {
    for (const r of ROLES) expect(roleNeedsApproval(r)).toBe(r !== 'resident');
  });
  it('binds each role to the unit levels of its table', () => {
    expect(roleFitsUnitLevel('grid_worker', 'grid')).toBe(true);
    expect(roleFitsUnitLevel('grid_worker', 'street')).toBe(false);
    expect(roleFitsUnitLevel('street_dispatcher', 'street')).toBe(true);
    expect(roleFitsUnitLevel('district_dispatcher', 'community')).toBe(false);
    expect(roleFitsUnitLevel('resident', null)).toBe(true);
    expect(roleFitsUnitLevel('resident', 'grid')).toBe(false);
    expect(roleFitsUnitLevel('admin', null)).toBe(false);
    for (const r of ROLES) for (const l of RoleUnitLevels[r]) expect(roleFitsUnitLevel(r, l)).toBe(true);
  });
});

describe('unit containment', () => {
  it('is a path-prefix test that does not confuse siblings with similar codes', () => {
    expect(unitContains('/320111/', '/320111/320111001/')).toBe(true);
    expect(unitContains('/320111/320111001/', '/320111/320111001/')).toBe(true);
    expect(unitContains('/320111/320111001/', '/320111/320111002/')).toBe(false);
    expect(unitContains('/320111/320111001/', '/320111/')).toBe(false);
  });
  it('hasRoleOver needs the role and a covering unit', () => {
    const grants = [{ role: 'street_dispatcher' as const, unitId: 2, unitPath: '/320111/320111001/' }];
    expect(hasRoleOver(grants, 'street_dispatcher', '/320111/320111001/320111001005/')).toBe(true);
    expect(hasRoleOver(grants, 'street_dispatcher', '/320111/320111002/')).toBe(false);
    expect(hasRoleOver(grants, 'admin', '/320111/320111001/')).toBe(false);
  });
});

describe('unitPathsFor', () => {
  it('lists the unit paths of the grants of one role', () => {
    const grants = [
      { role: 'admin' as const, unitId: 1, unitPath: '/320111/' },
      { role: 'street_dispatcher' as const, unitId: 2, unitPath: '/320111/320111001/' },
      { role: 'admin' as const, unitId: 3, unitPath: '/320111/320111002/' },
    ];
    expect(unitPathsFor(grants, 'admin')).toEqual(['/320111/', '/320111/320111002/']);
    expect(unitPathsFor(grants, 'grid_worker')).toEqual([]);
  });
});
