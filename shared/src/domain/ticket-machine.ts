import {
  Capacity,
  ResolvedLevel,
  TICKET_ACTIONS,
  TicketAction,
  TicketAssignee,
  TicketLevel,
  TicketLimits,
  TicketStatus,
  OPEN_TICKET_STATUSES,
} from '../constants/ticket';
import type { UnitLevel } from '../constants/units';
import { ErrorCode } from '../errors';

/**
 * The ticket state machine (docs/design/tickets.md, "States and actions"). Pure: the server enforces it
 * inside the transition's transaction, the client shows `allowedActions` as computed by the server.
 *
 * The machine owns the lifecycle fields below. Fields that depend on an action's body (the assignee
 * chosen at dispatch, deadlines, the rating value, notes) are set by the server from the request; the
 * machine clears the assignee where the lifecycle demands it (return, escalate) and sets it to the grid
 * on `self_handle`.
 */
export interface TicketMachineState {
  status: TicketStatus;
  level: TicketLevel;
  assignee: TicketAssignee | null;
  extensionPending: boolean;
  /** Approved extensions (延期率). */
  extensionCount: number;
  /** Failed verifications + reopenings (返工率). */
  reworkCount: number;
  /** From the category snapshot the ticket was filed under: may a grid worker fix it on the spot? */
  onSpotFixable: boolean;
  resolvedLevel: ResolvedLevel | null;
  filedAt: Date | null;
  /** First dispatch (kept across re-dispatches: the time-to-dispatch figure measures the first one). */
  dispatchedAt: Date | null;
  /** Latest `handle` / `self_handle`. */
  handledAt: Date | null;
  verifiedAt: Date | null;
  closedAt: Date | null;
  ratedAt: Date | null;
}

export type TicketPatch = Partial<TicketMachineState>;

/** Facts about the caller that are not part of the ticket row. */
export interface DecideContext {
  /**
   * Has the caller already rated the ticket since its latest closure? (One rating per person per
   * closure; the server derives it from the timeline.)
   */
  hasRated?: boolean;
  /**
   * Unit level of the grant the caller acts under when handling a ticket assigned to departments:
   * a street-level department team resolves at street level, a district department at department level
   * (see `resolvedLevelOf`). Unknown counts as a district department.
   */
  handlerUnitLevel?: UnitLevel | null;
}

/**
 * Why the machine refuses. `not_allowed_in_state`: the action does not exist in this state (409 with the
 * allowed ones); `not_permitted`: the caller lacks the capacity (403, or 404 when they have no capacity
 * at all); the others are specific guards with their own error codes (`machineErrorCode`).
 */
export type MachineError =
  | 'not_allowed_in_state'
  | 'not_permitted'
  | 'extension_pending'
  | 'reopen_window_passed'
  | 'not_on_spot_fixable'
  | 'already_rated';

export type Decision =
  | { ok: true; patch: TicketPatch }
  | { ok: false; error: MachineError; allowed: TicketAction[] };

type Caps = ReadonlySet<Capacity>;

interface Rule {
  /** States the action exists in. */
  from: readonly TicketStatus[];
  /** Further condition on the ticket for the action to exist (part of the state check). */
  when?: (t: TicketMachineState) => boolean;
  /** May an actor with these capacities do it? */
  who: (caps: Caps, t: TicketMachineState) => boolean;
  /** Checked after state and capacity. */
  guard?: (t: TicketMachineState, now: Date, ctx: DecideContext) => MachineError | null;
  effect: (t: TicketMachineState, now: Date, ctx: DecideContext) => TicketPatch;
}

/**
 * The dispatcher of the ticket's current level: the street centre while level = street, the district
 * centre once escalated.
 */
export function isDispatcherOf(caps: Iterable<Capacity>, level: TicketLevel): boolean {
  const set = caps instanceof Set ? (caps as Caps) : new Set(caps);
  return level === 'street' ? set.has('street_dispatcher') : set.has('district_dispatcher');
}

const dispatcher = (c: Caps, t: TicketMachineState) => isDispatcherOf(c, t.level);
const any =
  (...wanted: Capacity[]) =>
  (c: Caps) =>
    wanted.some((w) => c.has(w));
const reporters = any('reporter', 'co_reporter');
const STAFF_CAPACITIES: Capacity[] = ['grid_worker', 'street_dispatcher', 'district_dispatcher', 'assignee'];

function ms(d: Date | string | null): number | null {
  if (d === null) return null;
  return typeof d === 'string' ? Date.parse(d) : d.getTime();
}

/** Is `now` within the reopen window (72 h, inclusive) after `closedAt`? */
export function withinReopenWindow(closedAt: Date | string | null, now: Date): boolean {
  const closed = ms(closedAt);
  if (closed === null) return false;
  return now.getTime() - closed <= TicketLimits.reopenWindowHours * 3_600_000;
}

/**
 * Where a ticket counts as resolved, decided at each `handle` (the latest one stands at closure):
 * escalated tickets (level district) -> `district`; handled by the grid worker after dispatch -> `street`
 * (the street centre resolved it with its own forces); by departments -> `street` when the handler's
 * grant is below district level (a street team), else `department`. Only `self_handle` (fixed on the
 * spot, never dispatched) gives `grid`. See docs/FIGURES.md.
 */
export function resolvedLevelOf(
  t: Pick<TicketMachineState, 'level' | 'assignee'>,
  handlerUnitLevel?: UnitLevel | null,
): ResolvedLevel {
  if (t.level === 'district') return 'district';
  if (!t.assignee || t.assignee.kind === 'grid') return 'street';
  return handlerUnitLevel && handlerUnitLevel !== 'district' ? 'street' : 'department';
}

const RULES: Record<TicketAction, Rule> = {
  file: {
    from: ['reported'],
    who: dispatcher,
    effect: (_t, now) => ({ status: 'filed', filedAt: now }),
  },
  refuse: {
    from: ['reported', 'filed'],
    who: dispatcher,
    effect: () => ({ status: 'refused', extensionPending: false }),
  },
  cancel: {
    from: ['reported'],
    who: any('reporter'),
    effect: () => ({ status: 'cancelled' }),
  },
  dispatch: {
    from: ['filed', 'returned'],
    who: dispatcher,
    effect: (t, now) => ({ status: 'dispatched', dispatchedAt: t.dispatchedAt ?? now, extensionPending: false }),
  },
  accept: {
    from: ['dispatched'],
    who: any('assignee'),
    effect: () => ({ status: 'handling' }),
  },
  return: {
    from: ['dispatched', 'handling'],
    who: (c, t) => c.has('assignee') && t.assignee?.kind === 'departments',
    effect: () => ({ status: 'returned', assignee: null, extensionPending: false }),
  },
  request_extension: {
    from: ['dispatched', 'handling'],
    who: any('assignee'),
    guard: (t) => (t.extensionPending ? 'extension_pending' : null),
    effect: () => ({ extensionPending: true }),
  },
  approve_extension: {
    from: ['dispatched', 'handling'],
    when: (t) => t.extensionPending,
    who: dispatcher,
    effect: (t) => ({ extensionPending: false, extensionCount: t.extensionCount + 1 }),
  },
  deny_extension: {
    from: ['dispatched', 'handling'],
    when: (t) => t.extensionPending,
    who: dispatcher,
    effect: () => ({ extensionPending: false }),
  },
  handle: {
    from: ['handling'],
    who: any('assignee'),
    effect: (t, now, ctx) => ({
      status: 'handled',
      handledAt: now,
      extensionPending: false,
      resolvedLevel: resolvedLevelOf(t, ctx.handlerUnitLevel),
    }),
  },
  self_handle: {
    from: ['reported'],
    who: any('grid_worker'),
    guard: (t) => (t.onSpotFixable ? null : 'not_on_spot_fixable'),
    effect: (t, now) => ({
      status: 'handled',
      filedAt: t.filedAt ?? now,
      handledAt: now,
      assignee: { kind: 'grid' },
      resolvedLevel: 'grid',
    }),
  },
  verify_pass: {
    from: ['handled'],
    who: (c, t) => c.has('grid_worker') || c.has('reporter') || dispatcher(c, t),
    effect: (_t, now) => ({ status: 'verified', verifiedAt: now }),
  },
  verify_fail: {
    from: ['handled'],
    who: (c, t) => c.has('grid_worker') || c.has('reporter') || dispatcher(c, t),
    effect: (t) => ({ status: 'handling', reworkCount: t.reworkCount + 1, verifiedAt: null }),
  },
  close: {
    from: ['verified'],
    who: dispatcher,
    effect: (_t, now) => ({ status: 'closed', closedAt: now }),
  },
  rate: {
    from: ['closed', 'rated'],
    who: reporters,
    guard: (_t, _now, ctx) => (ctx.hasRated ? 'already_rated' : null),
    // The first rating moves the state; later ones (co-reporters) are stored by the server only.
    effect: (t, now) => (t.status === 'closed' ? { status: 'rated', ratedAt: now } : {}),
  },
  reopen: {
    from: ['closed', 'rated'],
    who: reporters,
    guard: (t, now) => (withinReopenWindow(t.closedAt, now) ? null : 'reopen_window_passed'),
    effect: (t) => ({
      status: 'handling',
      reworkCount: t.reworkCount + 1,
      verifiedAt: null,
      closedAt: null,
      ratedAt: null,
      resolvedLevel: null,
    }),
  },
  escalate: {
    from: ['filed', 'returned', 'dispatched', 'handling'],
    when: (t) => t.level === 'street',
    who: any('street_dispatcher', 'system'),
    effect: () => ({ status: 'filed', level: 'district', assignee: null, extensionPending: false }),
  },
  supervise: {
    from: OPEN_TICKET_STATUSES,
    who: (c, t) => (c.has('street_dispatcher') && t.level === 'street') || c.has('district_dispatcher') || c.has('system'),
    effect: () => ({}),
  },
  comment: {
    from: ['reported', 'filed', 'dispatched', 'handling', 'returned', 'handled', 'verified', 'closed', 'rated'],
    who: any('reporter', 'co_reporter', ...STAFF_CAPACITIES),
    effect: () => ({}),
  },
};

function exists(rule: Rule, t: TicketMachineState): boolean {
  return rule.from.includes(t.status) && (!rule.when || rule.when(t));
}

function check(
  t: TicketMachineState,
  action: TicketAction,
  caps: Caps,
  now: Date,
  ctx: DecideContext,
): { ok: true; patch: TicketPatch } | { ok: false; error: MachineError } {
  const rule = RULES[action];
  if (!rule || !exists(rule, t)) return { ok: false, error: 'not_allowed_in_state' };
  if (!rule.who(caps, t)) return { ok: false, error: 'not_permitted' };
  const guarded = rule.guard?.(t, now, ctx) ?? null;
  if (guarded) return { ok: false, error: guarded };
  return { ok: true, patch: rule.effect(t, now, ctx) };
}

/** The actions an actor with `capacities` may take on the ticket now, in the order of TICKET_ACTIONS. */
export function allowedActions(
  ticket: TicketMachineState,
  capacities: readonly Capacity[],
  now: Date,
  ctx: DecideContext = {},
): TicketAction[] {
  const caps = new Set(capacities);
  return TICKET_ACTIONS.filter((a) => check(ticket, a, caps, now, ctx).ok);
}

/**
 * Decides one action: the patch to apply (with `version + 1`, under the optimistic lock) or why not,
 * with the actions the caller may take instead.
 */
export function decide(
  ticket: TicketMachineState,
  action: TicketAction,
  capacities: readonly Capacity[],
  now: Date,
  ctx: DecideContext = {},
): Decision {
  const caps = new Set(capacities);
  const result = check(ticket, action, caps, now, ctx);
  if (result.ok) return result;
  return { ok: false, error: result.error, allowed: allowedActions(ticket, capacities, now, ctx) };
}

/** The actions that exist in the ticket's state for anyone (ignoring capacities and guards). */
export function actionsInState(ticket: TicketMachineState): TicketAction[] {
  return TICKET_ACTIONS.filter((a) => exists(RULES[a], ticket));
}

/**
 * A caller with no capacity at all on a ticket cannot see it: the server answers 404 as for a missing
 * ticket. (`system` is not a person.)
 */
export function canSeeTicket(capacities: readonly Capacity[]): boolean {
  return capacities.some((c) => c !== 'system');
}

/**
 * The API error for a refusal of the machine. `not_permitted` is FORBIDDEN only for callers who can see
 * the ticket; the server answers NOT_FOUND first when `canSeeTicket` is false.
 */
export function machineErrorCode(error: MachineError): ErrorCode {
  switch (error) {
    case 'not_allowed_in_state':
      return ErrorCode.TicketTransitionNotAllowed;
    case 'not_permitted':
      return ErrorCode.Forbidden;
    case 'extension_pending':
      return ErrorCode.ExtensionPending;
    case 'reopen_window_passed':
      return ErrorCode.ReopenWindowPassed;
    case 'not_on_spot_fixable':
      return ErrorCode.TicketNotOnSpotFixable;
    case 'already_rated':
      return ErrorCode.TicketAlreadyRated;
  }
}
