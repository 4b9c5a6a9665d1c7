import {
  Capacity,
  canSeeReporter,
  canSeeTicket,
  ticketCapacities,
  ticketView,
  type RoleGrant,
  type TicketAssignee,
  type TicketMachineState,
} from '@linli/shared';
import type { TicketEntity } from './ticket.entities';

/**
 * Who may do what with a ticket. The machine (shared `decide`) rules on actions from capacities; this
 * file turns a ticket row and a caller into those capacities and answers the presentation questions
 * (which view, may the reporter be shown, which photos).
 */

/** The caller as the ticket module sees them. */
export interface TicketActor {
  userId: number;
  grants: readonly RoleGrant[];
}

/** The assignee of a ticket row, in the machine's shape. */
export function assigneeOf(t: Pick<TicketEntity, 'assigneeKind' | 'assigneeDepartments'>): TicketAssignee | null {
  if (t.assigneeKind === 'grid') return { kind: 'grid' };
  if (t.assigneeKind === 'departments') return { kind: 'departments', departments: t.assigneeDepartments ?? [] };
  return null;
}

/** The machine's view of a ticket row. `onSpotFixable` comes from the ticket's category version. */
export function machineState(t: TicketEntity, onSpotFixable: boolean): TicketMachineState {
  return {
    status: t.status,
    level: t.level,
    assignee: assigneeOf(t),
    extensionPending: t.extensionPending,
    extensionCount: t.extensionCount,
    reworkCount: t.reworkCount,
    onSpotFixable,
    resolvedLevel: t.resolvedLevel,
    filedAt: t.filedAt,
    dispatchedAt: t.dispatchedAt,
    handledAt: t.handledAt,
    verifiedAt: t.verifiedAt,
    closedAt: t.closedAt,
    ratedAt: t.ratedAt,
  };
}

/** The caller's capacities on a ticket; `isCoReporter` from one indexed lookup of the caller's join row. */
export function capacitiesOf(actor: TicketActor, t: TicketEntity, isCoReporter: boolean): Capacity[] {
  return ticketCapacities(
    { userId: actor.userId, grants: actor.grants },
    { reporterId: t.reporterId, coReporterIds: isCoReporter ? [actor.userId] : [], unitPath: t.unitPath, assignee: assigneeOf(t) },
  );
}

/** May the caller see the ticket at all? Otherwise every answer is 404, as for a missing ticket. */
export const canSee = canSeeTicket;

export const viewOf = ticketView;

/** The command centres (street or district dispatcher): they see outside contacts of staff entries. */
export function isCommandCentre(capacities: readonly Capacity[]): boolean {
  return capacities.includes('street_dispatcher') || capacities.includes('district_dispatcher');
}

/** May the caller see the reporter (staff view; protected reporters are hidden from grid and departments)? */
export function seesReporter(capacities: readonly Capacity[], t: Pick<TicketEntity, 'protectedReporter'>): boolean {
  return canSeeReporter(capacities, t);
}

/** Capacities that act for the government (audited). */
export function isStaffCapacity(c: Capacity): boolean {
  return c === 'grid_worker' || c === 'street_dispatcher' || c === 'district_dispatcher' || c === 'assignee';
}

/**
 * May a viewer see a photo of the ticket, given its check status? Staff working on the ticket see
 * evidence still being checked (pending / review) so they can act on it; the reporter and co-reporters
 * see checked photos (and each their own, through the media module's owner rule); a photo the check or a
 * moderator judged risky is shown to nobody but its owner.
 */
export function photoVisibleTo(view: 'staff' | 'resident' | 'public', checkStatus: string): boolean {
  if (checkStatus === 'risky') return false;
  if (view === 'staff') return true;
  return checkStatus === 'pass';
}

/** Grants of `role` (street/district dispatcher, grid worker, department handler) with their unit ids. */
export function grantsOf(grants: readonly RoleGrant[], role: RoleGrant['role']): RoleGrant[] {
  return grants.filter((g) => g.role === role && g.unitId !== null && g.unitPath !== null);
}
