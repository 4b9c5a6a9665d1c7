import { CAPACITIES, Capacity, TicketAction, TicketAssignee } from '../constants/ticket';
import type { TicketLevel } from '../constants/ticket';
import { RoleGrant, hasRoleOver, unitContains } from './roles';
import { pathCodes } from './unit-path';
import { DecideContext, TicketMachineState, decide, isDispatcherOf } from './ticket-machine';

/** The caller as the capacity rule sees them: their id and role grants (unit paths, department). */
export interface CapacityActor {
  userId: number;
  grants: readonly RoleGrant[];
}

/** What the capacity rule needs of a ticket. */
export interface CapacityTicket {
  /** Null for staff entries without a resident reporter (hotline, video, ...). */
  reporterId: number | null;
  /** Users who said "me too". Pass just the caller's id when only that is known (one indexed lookup). */
  coReporterIds: readonly number[];
  /** The grid's materialised path (`/320111/320111001/320111001005/320111001005001/`). */
  unitPath: string;
  assignee: TicketAssignee | null;
}

/**
 * What the actor is to the ticket (docs/design/tickets.md, "States and actions"), in CAPACITIES order:
 * - `reporter` / `co_reporter`: by user id;
 * - `grid_worker`: a grid_worker grant whose unit contains the ticket's grid;
 * - `street_dispatcher` / `district_dispatcher`: a grant of that role over the ticket's grid (whatever the
 *   ticket's level: the machine decides what each may do at each level);
 * - `assignee`: the grid worker of the grid when the ticket is assigned to the grid; a department_handler
 *   whose department is one of the assigned departments and whose unit contains the ticket.
 * `system` is never computed here: time-driven jobs pass it themselves.
 */
export function ticketCapacities(actor: CapacityActor, ticket: CapacityTicket): Capacity[] {
  const caps = new Set<Capacity>();
  if (ticket.reporterId !== null && ticket.reporterId === actor.userId) caps.add('reporter');
  if (ticket.coReporterIds.includes(actor.userId)) caps.add('co_reporter');
  const path = ticket.unitPath;
  const gridWorker = hasRoleOver(actor.grants, 'grid_worker', path);
  if (gridWorker) caps.add('grid_worker');
  if (hasRoleOver(actor.grants, 'street_dispatcher', path)) caps.add('street_dispatcher');
  if (hasRoleOver(actor.grants, 'district_dispatcher', path)) caps.add('district_dispatcher');
  const a = ticket.assignee;
  if (a?.kind === 'grid' && gridWorker) caps.add('assignee');
  if (a?.kind === 'departments' && departmentHandlerOf(actor.grants, a.departments, path)) caps.add('assignee');
  return CAPACITIES.filter((c) => caps.has(c));
}

/** Does a department_handler grant of one of `departments` cover the unit at `unitPath`? */
export function departmentHandlerOf(grants: readonly RoleGrant[], departments: readonly string[], unitPath: string): boolean {
  return grants.some(
    (g) =>
      g.role === 'department_handler' &&
      g.unitPath !== null &&
      g.department != null &&
      departments.includes(g.department) &&
      unitContains(g.unitPath, unitPath),
  );
}

/** The department_handler grants that make the actor an assignee (to record the department on events). */
export function assigneeGrants(grants: readonly RoleGrant[], ticket: Pick<CapacityTicket, 'assignee' | 'unitPath'>): RoleGrant[] {
  const a = ticket.assignee;
  if (a?.kind !== 'departments') return [];
  return grants.filter(
    (g) =>
      g.role === 'department_handler' &&
      g.unitPath !== null &&
      g.department != null &&
      a.departments.includes(g.department) &&
      unitContains(g.unitPath, ticket.unitPath),
  );
}

/** Path of the street containing a grid path (`/district/street/`), or null when the path is shorter. */
export function ticketStreetPath(unitPath: string): string | null {
  const codes = pathCodes(unitPath);
  return codes.length >= 2 ? `/${codes[0]}/${codes[1]}/` : null;
}

/** Path of the district containing a unit path (`/district/`). */
export function ticketDistrictPath(unitPath: string): string | null {
  const codes = pathCodes(unitPath);
  return codes.length >= 1 ? `/${codes[0]}/` : null;
}

const STAFF: readonly Capacity[] = ['grid_worker', 'street_dispatcher', 'district_dispatcher', 'assignee'];

/** Which view of the ticket the caller gets: staff as soon as they act on it as staff. */
export function ticketView(capacities: readonly Capacity[]): 'staff' | 'resident' {
  return capacities.some((c) => STAFF.includes(c)) ? 'staff' : 'resident';
}

/**
 * May the caller see who reported? The reporter themself; the command centres always; the grid worker
 * and departments unless the reporter chose protected mode; co-reporters and the public never.
 * (Anonymity only hides the reporter from the public board and Open311, which show no reporter at all.)
 */
export function canSeeReporter(capacities: readonly Capacity[], ticket: { protectedReporter: boolean }): boolean {
  if (capacities.includes('reporter')) return true;
  if (capacities.includes('street_dispatcher') || capacities.includes('district_dispatcher')) return true;
  if (capacities.includes('grid_worker') || capacities.includes('assignee')) return !ticket.protectedReporter;
  return false;
}

/**
 * The capacity an allowed action is taken in, for the timeline's "actor role": the dispatcher of the
 * ticket's level first, then the assignee, the grid worker, the reporter, a co-reporter, the other
 * dispatcher, the system. Null when no single capacity of the caller allows it.
 */
export function actingCapacity(
  ticket: TicketMachineState,
  action: TicketAction,
  capacities: readonly Capacity[],
  now: Date,
  ctx: DecideContext = {},
): Capacity | null {
  const order = capacityPriority(ticket.level);
  for (const c of order) {
    if (capacities.includes(c) && decide(ticket, action, [c], now, ctx).ok) return c;
  }
  return null;
}

function capacityPriority(level: TicketLevel): Capacity[] {
  const own: Capacity = isDispatcherOf(['street_dispatcher'], level) ? 'street_dispatcher' : 'district_dispatcher';
  const other: Capacity = own === 'street_dispatcher' ? 'district_dispatcher' : 'street_dispatcher';
  return [own, 'assignee', 'grid_worker', 'reporter', 'co_reporter', other, 'system'];
}
