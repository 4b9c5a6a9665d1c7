import type { RoleGrant } from './roles';
import {
  actingCapacity,
  assigneeGrants,
  canSeeReporter,
  ticketDistrictPath,
  ticketStreetPath,
  ticketCapacities,
  ticketView,
} from './ticket-capacity';
import type { CapacityTicket } from './ticket-capacity';
import type { TicketMachineState } from './ticket-machine';

const DISTRICT = '/320111/';
const STREET = '/320111/320111001/';
const OTHER_STREET = '/320111/320111002/';
const COMMUNITY = '/320111/320111001/320111001005/';
const GRID = '/320111/320111001/320111001005/320111001005001/';
const OTHER_GRID = '/320111/320111001/320111001005/320111001005002/';

const grant = (role: RoleGrant['role'], unitPath: string | null, department: string | null = null): RoleGrant => ({
  role,
  unitId: 1,
  unitPath,
  department: department as RoleGrant['department'],
});

const base: CapacityTicket = { reporterId: 10, coReporterIds: [11, 12], unitPath: GRID, assignee: null };

describe('ticketCapacities', () => {
  it('reporter and co-reporters by user id; a plain resident is nothing', () => {
    expect(ticketCapacities({ userId: 10, grants: [] }, base)).toEqual(['reporter']);
    expect(ticketCapacities({ userId: 12, grants: [] }, base)).toEqual(['co_reporter']);
    expect(ticketCapacities({ userId: 99, grants: [grant('resident', null)] }, base)).toEqual([]);
    expect(ticketCapacities({ userId: 10, grants: [] }, { ...base, reporterId: null })).toEqual([]);
  });

  it('grid worker of the grid only', () => {
    expect(ticketCapacities({ userId: 1, grants: [grant('grid_worker', GRID)] }, base)).toEqual(['grid_worker']);
    expect(ticketCapacities({ userId: 1, grants: [grant('grid_worker', OTHER_GRID)] }, base)).toEqual([]);
  });

  it('dispatchers over the ticket street / district, whatever the level', () => {
    expect(ticketCapacities({ userId: 1, grants: [grant('street_dispatcher', STREET)] }, base)).toEqual(['street_dispatcher']);
    expect(ticketCapacities({ userId: 1, grants: [grant('street_dispatcher', OTHER_STREET)] }, base)).toEqual([]);
    expect(ticketCapacities({ userId: 1, grants: [grant('district_dispatcher', DISTRICT)] }, base)).toEqual(['district_dispatcher']);
    expect(ticketCapacities({ userId: 1, grants: [grant('district_dispatcher', '/320112/')] }, base)).toEqual([]);
  });

  it('assignee: the grid worker when assigned to the grid', () => {
    const t = { ...base, assignee: { kind: 'grid' as const } };
    expect(ticketCapacities({ userId: 1, grants: [grant('grid_worker', GRID)] }, t)).toEqual(['grid_worker', 'assignee']);
    expect(ticketCapacities({ userId: 1, grants: [grant('grid_worker', OTHER_GRID)] }, t)).toEqual([]);
    expect(ticketCapacities({ userId: 1, grants: [grant('department_handler', DISTRICT, 'chengguan')] }, t)).toEqual([]);
  });

  it('assignee: a handler of an assigned department whose unit contains the ticket', () => {
    const t = { ...base, assignee: { kind: 'departments' as const, departments: ['chengguan', 'police'] } };
    expect(ticketCapacities({ userId: 1, grants: [grant('department_handler', DISTRICT, 'police')] }, t)).toEqual(['assignee']);
    expect(ticketCapacities({ userId: 1, grants: [grant('department_handler', STREET, 'chengguan')] }, t)).toEqual(['assignee']);
    // Wrong department, wrong street, no department, or the grid worker of the grid: not the assignee.
    expect(ticketCapacities({ userId: 1, grants: [grant('department_handler', DISTRICT, 'market')] }, t)).toEqual([]);
    expect(ticketCapacities({ userId: 1, grants: [grant('department_handler', OTHER_STREET, 'police')] }, t)).toEqual([]);
    expect(ticketCapacities({ userId: 1, grants: [grant('department_handler', DISTRICT)] }, t)).toEqual([]);
    expect(ticketCapacities({ userId: 1, grants: [{ role: 'department_handler', unitId: 1, unitPath: DISTRICT }] }, t)).toEqual([]);
    expect(ticketCapacities({ userId: 1, grants: [grant('grid_worker', GRID)] }, t)).toEqual(['grid_worker']);
  });

  it('other roles give nothing, even over the unit', () => {
    for (const role of ['admin', 'community_police', 'shop_owner', 'building_head'] as const) {
      expect(ticketCapacities({ userId: 1, grants: [grant(role, COMMUNITY)] }, base)).toEqual([]);
      expect(ticketCapacities({ userId: 1, grants: [grant(role, DISTRICT)] }, base)).toEqual([]);
    }
  });

  it('several at once, in CAPACITIES order', () => {
    const t = { ...base, assignee: { kind: 'departments' as const, departments: ['chengguan'] } };
    const grants = [grant('department_handler', STREET, 'chengguan'), grant('district_dispatcher', DISTRICT), grant('grid_worker', GRID)];
    expect(ticketCapacities({ userId: 11, grants }, t)).toEqual(['co_reporter', 'grid_worker', 'district_dispatcher', 'assignee']);
    expect(assigneeGrants(grants, t)).toEqual([grants[0]]);
    expect(assigneeGrants(grants, { ...t, assignee: { kind: 'grid' } })).toEqual([]);
  });
});

describe('paths, views, reporter visibility', () => {
  it('derives street and district paths from a grid path', () => {
    expect(ticketStreetPath(GRID)).toBe(STREET);
    expect(ticketDistrictPath(GRID)).toBe(DISTRICT);
    expect(ticketStreetPath(DISTRICT)).toBeNull();
    expect(ticketDistrictPath('/')).toBeNull();
  });

  it('staff view as soon as the caller acts as staff', () => {
    expect(ticketView(['reporter'])).toBe('resident');
    expect(ticketView(['co_reporter'])).toBe('resident');
    expect(ticketView(['reporter', 'grid_worker'])).toBe('staff');
    expect(ticketView(['assignee'])).toBe('staff');
  });

  it('a protected reporter is hidden from the grid and departments, never from the command centres', () => {
    const open = { protectedReporter: false };
    const prot = { protectedReporter: true };
    expect(canSeeReporter(['assignee'], open)).toBe(true);
    expect(canSeeReporter(['assignee'], prot)).toBe(false);
    expect(canSeeReporter(['grid_worker'], prot)).toBe(false);
    expect(canSeeReporter(['street_dispatcher'], prot)).toBe(true);
    expect(canSeeReporter(['district_dispatcher'], prot)).toBe(true);
    expect(canSeeReporter(['reporter'], prot)).toBe(true);
    expect(canSeeReporter(['co_reporter'], open)).toBe(false);
    expect(canSeeReporter([], open)).toBe(false);
  });
});

describe('actingCapacity', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const t = (over: Partial<TicketMachineState>): TicketMachineState => ({
    status: 'handled',
    level: 'street',
    assignee: { kind: 'grid' },
    extensionPending: false,
    extensionCount: 0,
    reworkCount: 0,
    onSpotFixable: true,
    resolvedLevel: null,
    filedAt: null,
    dispatchedAt: null,
    handledAt: null,
    verifiedAt: null,
    closedAt: null,
    ratedAt: null,
    ...over,
  });
  it('prefers the dispatcher of the level, then the assignee, the grid worker, the reporter', () => {
    expect(actingCapacity(t({}), 'verify_pass', ['reporter', 'grid_worker', 'street_dispatcher'], now)).toBe('street_dispatcher');
    expect(actingCapacity(t({}), 'verify_pass', ['reporter', 'grid_worker'], now)).toBe('grid_worker');
    expect(actingCapacity(t({ level: 'district' }), 'verify_pass', ['street_dispatcher', 'reporter'], now)).toBe('reporter');
    expect(actingCapacity(t({ status: 'handling' }), 'comment', ['co_reporter', 'assignee'], now)).toBe('assignee');
    expect(actingCapacity(t({ status: 'handling' }), 'supervise', ['district_dispatcher', 'system'], now)).toBe('district_dispatcher');
    expect(actingCapacity(t({ status: 'handling' }), 'escalate', ['system'], now)).toBe('system');
    expect(actingCapacity(t({ status: 'handling' }), 'close', ['street_dispatcher'], now)).toBeNull();
  });
});
