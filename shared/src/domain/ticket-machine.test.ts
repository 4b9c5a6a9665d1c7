import {
  CAPACITIES,
  Capacity,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  TicketAction,
  TicketLevel,
  TicketStatus,
} from '../constants/ticket';
import { ErrorCode } from '../errors';
import {
  DecideContext,
  MachineError,
  TicketMachineState,
  actionsInState,
  allowedActions,
  canSeeTicket,
  decide,
  machineErrorCode,
  resolvedLevelOf,
  withinReopenWindow,
} from './ticket-machine';

/*
 * The state machine, exhaustively: every action x state x capacity (each one alone, and every one of
 * the 128 combinations of capacities) x level, against the tables below, written out by hand from
 * docs/design/tickets.md. Then the guards (extension pending, reopen window, on-spot fix, one rating),
 * the patches each transition applies, and the helpers.
 */

const NOW = new Date('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;

function ticket(over: Partial<TicketMachineState> = {}): TicketMachineState {
  return {
    status: 'reported',
    level: 'street',
    assignee: { kind: 'departments', departments: ['chengguan'] },
    extensionPending: false,
    extensionCount: 0,
    reworkCount: 0,
    onSpotFixable: true,
    resolvedLevel: null,
    filedAt: null,
    dispatchedAt: null,
    handledAt: null,
    verifiedAt: null,
    closedAt: new Date(NOW.getTime() - HOUR),
    ratedAt: null,
    ...over,
  };
}

/** Capacity letters of the tables. */
const LETTER: Record<string, Capacity> = {
  R: 'reporter',
  C: 'co_reporter',
  G: 'grid_worker',
  S: 'street_dispatcher',
  D: 'district_dispatcher',
  A: 'assignee',
  Y: 'system',
};

const STATE_COLUMNS: TicketStatus[] = [
  'reported',
  'refused',
  'filed',
  'dispatched',
  'handling',
  'returned',
  'handled',
  'verified',
  'closed',
  'rated',
  'cancelled',
];

/**
 * One row per action, one cell per state in STATE_COLUMNS order: `-` = the action does not exist in that
 * state (409 TICKET_TRANSITION_NOT_ALLOWED for everyone); otherwise the letters of the capacities that
 * may do it (anyone else: not_permitted). Base ticket: no extension pending, assigned to departments,
 * on-spot fixable category, closed 1 h ago, caller has not rated.
 */
type Table = Record<TicketAction, string>;

//                          reported refused filed dispatched handling returned handled verified closed rated cancelled
const STREET: Table = {
  file:              row('S        -       -     -          -        -        -       -        -      -     -'),
  refuse:            row('S        -       S     -          -        -        -       -        -      -     -'),
  cancel:            row('R        -       -     -          -        -        -       -        -      -     -'),
  dispatch:          row('-        -       S     -          -        S        -       -        -      -     -'),
  accept:            row('-        -       -     A          -        -        -       -        -      -     -'),
  return:            row('-        -       -     A          A        -        -       -        -      -     -'),
  request_extension: row('-        -       -     A          A        -        -       -        -      -     -'),
  approve_extension: row('-        -       -     -          -        -        -       -        -      -     -'),
  deny_extension:    row('-        -       -     -          -        -        -       -        -      -     -'),
  handle:            row('-        -       -     -          A        -        -       -        -      -     -'),
  self_handle:       row('G        -       -     -          -        -        -       -        -      -     -'),
  verify_pass:       row('-        -       -     -          -        -        GRS     -        -      -     -'),
  verify_fail:       row('-        -       -     -          -        -        GRS     -        -      -     -'),
  close:             row('-        -       -     -          -        -        -       S        -      -     -'),
  rate:              row('-        -       -     -          -        -        -       -        RC     RC    -'),
  reopen:            row('-        -       -     -          -        -        -       -        RC     RC    -'),
  escalate:          row('-        -       SY    SY         SY       SY       -       -        -      -     -'),
  supervise:         row('SDY      -       SDY   SDY        SDY      SDY      SDY     SDY      -      -     -'),
  comment:           row('RCGSDA   -       RCGSDA RCGSDA    RCGSDA   RCGSDA   RCGSDA  RCGSDA   RCGSDA RCGSDA -'),
};

/** Level district: the district centre is the dispatcher; no further escalation; the street centre only comments. */
const DISTRICT: Table = {
  file:              row('D        -       -     -          -        -        -       -        -      -     -'),
  refuse:            row('D        -       D     -          -        -        -       -        -      -     -'),
  cancel:            row('R        -       -     -          -        -        -       -        -      -     -'),
  dispatch:          row('-        -       D     -          -        D        -       -        -      -     -'),
  accept:            row('-        -       -     A          -        -        -       -        -      -     -'),
  return:            row('-        -       -     A          A        -        -       -        -      -     -'),
  request_extension: row('-        -       -     A          A        -        -       -        -      -     -'),
  approve_extension: row('-        -       -     -          -        -        -       -        -      -     -'),
  deny_extension:    row('-        -       -     -          -        -        -       -        -      -     -'),
  handle:            row('-        -       -     -          A        -        -       -        -      -     -'),
  self_handle:       row('G        -       -     -          -        -        -       -        -      -     -'),
  verify_pass:       row('-        -       -     -          -        -        GRD     -        -      -     -'),
  verify_fail:       row('-        -       -     -          -        -        GRD     -        -      -     -'),
  close:             row('-        -       -     -          -        -        -       D        -      -     -'),
  rate:              row('-        -       -     -          -        -        -       -        RC     RC    -'),
  reopen:            row('-        -       -     -          -        -        -       -        RC     RC    -'),
  escalate:          row('-        -       -     -          -        -        -       -        -      -     -'),
  supervise:         row('DY       -       DY    DY         DY       DY       DY      DY       -      -     -'),
  comment:           row('RCGSDA   -       RCGSDA RCGSDA    RCGSDA   RCGSDA   RCGSDA  RCGSDA   RCGSDA RCGSDA -'),
};

function row(spec: string): string {
  return spec;
}

function cells(spec: string): Record<TicketStatus, Set<Capacity> | null> {
  const parts = spec.trim().split(/\s+/);
  if (parts.length !== STATE_COLUMNS.length) throw new Error(`bad row: ${spec}`);
  const out = {} as Record<TicketStatus, Set<Capacity> | null>;
  STATE_COLUMNS.forEach((s, i) => {
    out[s] = parts[i] === '-' ? null : new Set([...parts[i]].map((l) => LETTER[l]));
  });
  return out;
}

/** Every subset of the capacities (2^7 = 128, the empty one included). */
const SUBSETS: Capacity[][] = Array.from({ length: 1 << CAPACITIES.length }, (_, mask) =>
  CAPACITIES.filter((_c, i) => mask & (1 << i)),
);

type Outcome = 'ok' | MachineError;

function expected(table: Table, action: TicketAction, status: TicketStatus, caps: readonly Capacity[]): Outcome {
  const cell = cells(table[action])[status];
  if (cell === null) return 'not_allowed_in_state';
  return caps.some((c) => cell.has(c)) ? 'ok' : 'not_permitted';
}

function outcome(t: TicketMachineState, action: TicketAction, caps: readonly Capacity[], ctx?: DecideContext): Outcome {
  const d = decide(t, action, caps, NOW, ctx);
  return d.ok ? 'ok' : d.error;
}

describe('ticket machine: the tables cover the vocabulary', () => {
  it('has one row per action and one column per state', () => {
    expect(Object.keys(STREET).sort()).toEqual([...TICKET_ACTIONS].sort());
    expect(Object.keys(DISTRICT).sort()).toEqual([...TICKET_ACTIONS].sort());
    expect([...STATE_COLUMNS].sort()).toEqual([...TICKET_STATUSES].sort());
  });
});

describe.each<[TicketLevel, Table]>([
  ['street', STREET],
  ['district', DISTRICT],
])('ticket machine at level %s', (level, table) => {
  it.each(TICKET_ACTIONS.map((a) => [a]))('%s: every state x every single capacity', (action) => {
    const mismatches: string[] = [];
    for (const status of TICKET_STATUSES) {
      for (const cap of CAPACITIES) {
        const want = expected(table, action, status, [cap]);
        const got = outcome(ticket({ status, level }), action, [cap]);
        if (want !== got) mismatches.push(`${status}/${cap}: want ${want}, got ${got}`);
      }
      // No capacity at all: never allowed.
      const none = outcome(ticket({ status, level }), action, []);
      const wantNone = expected(table, action, status, []);
      if (none !== wantNone) mismatches.push(`${status}/none: want ${wantNone}, got ${none}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('every combination of capacities is the union of its members (all 128 subsets x states x actions)', () => {
    const mismatches: string[] = [];
    for (const status of TICKET_STATUSES) {
      const t = ticket({ status, level });
      for (const caps of SUBSETS) {
        const allowed = allowedActions(t, caps, NOW);
        const want = TICKET_ACTIONS.filter((a) => expected(table, a, status, caps) === 'ok');
        if (allowed.join() !== want.join()) mismatches.push(`${status}/[${caps}]: want ${want}, got ${allowed}`);
        for (const action of TICKET_ACTIONS) {
          const w = expected(table, action, status, caps);
          const g = outcome(t, action, caps);
          if (w !== g) mismatches.push(`${status}/${action}/[${caps}]: want ${w}, got ${g}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a refusal carries the actions the caller may take instead', () => {
    for (const status of TICKET_STATUSES) {
      const t = ticket({ status, level });
      for (const caps of SUBSETS) {
        for (const action of TICKET_ACTIONS) {
          const d = decide(t, action, caps, NOW);
          if (!d.ok) expect(d.allowed).toEqual(allowedActions(t, caps, NOW));
        }
      }
    }
  });

  it('actionsInState lists the actions that exist in each state, for anyone', () => {
    for (const status of TICKET_STATUSES) {
      const want = TICKET_ACTIONS.filter((a) => cells(table[a])[status] !== null);
      expect(actionsInState(ticket({ status, level }))).toEqual(want);
    }
  });
});

describe('ticket machine: extension pending', () => {
  const pending = (status: TicketStatus, level: TicketLevel) => ticket({ status, level, extensionPending: true });
  const dispatcherOf = (level: TicketLevel): Capacity => (level === 'street' ? 'street_dispatcher' : 'district_dispatcher');

  it.each<[TicketLevel]>([['street'], ['district']])('at level %s: a second request is refused, the dispatcher decides', (level) => {
    const dispatcher = dispatcherOf(level);
    for (const status of TICKET_STATUSES) {
      const t = pending(status, level);
      const inWork = status === 'dispatched' || status === 'handling';
      for (const cap of CAPACITIES) {
        expect([status, cap, outcome(t, 'request_extension', [cap])]).toEqual([
          status,
          cap,
          !inWork ? 'not_allowed_in_state' : cap === 'assignee' ? 'extension_pending' : 'not_permitted',
        ]);
        for (const a of ['approve_extension', 'deny_extension'] as const) {
          expect([status, cap, a, outcome(t, a, [cap])]).toEqual([
            status,
            cap,
            a,
            !inWork ? 'not_allowed_in_state' : cap === dispatcher ? 'ok' : 'not_permitted',
          ]);
        }
      }
    }
  });

  it('the assignee is not offered a second request while one is pending', () => {
    expect(allowedActions(pending('handling', 'street'), ['assignee'], NOW)).toEqual(['return', 'handle', 'comment']);
    expect(allowedActions(ticket({ status: 'handling' }), ['assignee'], NOW)).toEqual(['return', 'request_extension', 'handle', 'comment']);
    expect(allowedActions(pending('dispatched', 'street'), ['street_dispatcher'], NOW)).toEqual([
      'approve_extension',
      'deny_extension',
      'escalate',
      'supervise',
      'comment',
    ]);
  });

  it('approval counts the extension; denial does not; both clear the request', () => {
    const t = pending('handling', 'street');
    expect(decide({ ...t, extensionCount: 2 }, 'approve_extension', ['street_dispatcher'], NOW)).toEqual({
      ok: true,
      patch: { extensionPending: false, extensionCount: 3 },
    });
    expect(decide(t, 'deny_extension', ['street_dispatcher'], NOW)).toEqual({ ok: true, patch: { extensionPending: false } });
    expect(decide(ticket({ status: 'dispatched' }), 'request_extension', ['assignee'], NOW)).toEqual({
      ok: true,
      patch: { extensionPending: true },
    });
  });

  it('handling, returning, escalating or refusing drop a pending request', () => {
    expect(decide(pending('handling', 'street'), 'handle', ['assignee'], NOW)).toMatchObject({ ok: true, patch: { extensionPending: false } });
    expect(decide(pending('handling', 'street'), 'return', ['assignee'], NOW)).toMatchObject({ ok: true, patch: { extensionPending: false } });
    expect(decide(pending('handling', 'street'), 'escalate', ['system'], NOW)).toMatchObject({ ok: true, patch: { extensionPending: false } });
  });
});

describe('ticket machine: guards', () => {
  it('only departments can return a ticket: the grid worker as assignee cannot', () => {
    for (const status of ['dispatched', 'handling'] as const) {
      expect(outcome(ticket({ status, assignee: { kind: 'grid' } }), 'return', ['assignee', 'grid_worker'])).toBe('not_permitted');
      expect(outcome(ticket({ status, assignee: { kind: 'departments', departments: ['police'] } }), 'return', ['assignee'])).toBe('ok');
    }
  });

  it('self_handle needs an on-spot fixable category', () => {
    const t = ticket({ status: 'reported', onSpotFixable: false });
    expect(outcome(t, 'self_handle', ['grid_worker'])).toBe('not_on_spot_fixable');
    expect(outcome(t, 'self_handle', ['reporter'])).toBe('not_permitted');
    expect(allowedActions(t, ['grid_worker'], NOW)).toEqual(['comment']);
    expect(allowedActions(ticket({ status: 'reported' }), ['grid_worker'], NOW)).toEqual(['self_handle', 'comment']);
  });

  it('one rating per person per closure', () => {
    for (const status of ['closed', 'rated'] as const) {
      for (const cap of ['reporter', 'co_reporter'] as const) {
        expect(outcome(ticket({ status }), 'rate', [cap], { hasRated: true })).toBe('already_rated');
        expect(outcome(ticket({ status }), 'rate', [cap], { hasRated: false })).toBe('ok');
      }
      expect(allowedActions(ticket({ status }), ['reporter'], NOW, { hasRated: true })).toEqual(['reopen', 'comment']);
    }
  });

  describe('reopen window (72 h after closure)', () => {
    const at = (msAfterClose: number) => ticket({ status: 'closed', closedAt: new Date(NOW.getTime() - msAfterClose) });
    it('is open up to and including 72 h', () => {
      expect(outcome(at(0), 'reopen', ['reporter'])).toBe('ok');
      expect(outcome(at(72 * HOUR - 1), 'reopen', ['co_reporter'])).toBe('ok');
      expect(outcome(at(72 * HOUR), 'reopen', ['reporter'])).toBe('ok');
    });
    it('is shut after 72 h, for closed and rated tickets alike', () => {
      expect(outcome(at(72 * HOUR + 1), 'reopen', ['reporter'])).toBe('reopen_window_passed');
      expect(outcome({ ...at(80 * HOUR), status: 'rated' }, 'reopen', ['co_reporter'])).toBe('reopen_window_passed');
      expect(allowedActions(at(72 * HOUR + 1), ['reporter'], NOW)).toEqual(['rate', 'comment']);
    });
    it('staff cannot reopen, in or out of the window', () => {
      expect(outcome(at(HOUR), 'reopen', ['street_dispatcher', 'grid_worker', 'assignee', 'system', 'district_dispatcher'])).toBe('not_permitted');
      expect(outcome(at(100 * HOUR), 'reopen', ['street_dispatcher'])).toBe('not_permitted');
    });
    it('without a closure time the window is shut', () => {
      expect(outcome(ticket({ status: 'closed', closedAt: null }), 'reopen', ['reporter'])).toBe('reopen_window_passed');
      expect(withinReopenWindow(null, NOW)).toBe(false);
    });
    it('accepts ISO strings as closure times', () => {
      expect(withinReopenWindow(new Date(NOW.getTime() - 72 * HOUR).toISOString(), NOW)).toBe(true);
      expect(withinReopenWindow(new Date(NOW.getTime() - 72 * HOUR - 1).toISOString(), NOW)).toBe(false);
    });
  });

  it('checks the state before the capacity, and the capacity before a guard', () => {
    // Not in state beats not permitted.
    expect(outcome(ticket({ status: 'filed' }), 'cancel', ['street_dispatcher'])).toBe('not_allowed_in_state');
    // Not permitted beats the guards (no hint about the ticket's internals to the wrong person).
    expect(outcome(ticket({ status: 'handling', extensionPending: true }), 'request_extension', ['reporter'])).toBe('not_permitted');
    expect(outcome(ticket({ status: 'closed', closedAt: new Date(0) }), 'reopen', ['grid_worker'])).toBe('not_permitted');
    expect(outcome(ticket({ status: 'reported', onSpotFixable: false }), 'self_handle', ['assignee'])).toBe('not_permitted');
  });
});

describe('ticket machine: patches', () => {
  const base = ticket({ closedAt: null });
  const d = (over: Partial<TicketMachineState>, action: TicketAction, caps: Capacity[], ctx?: DecideContext) => {
    const r = decide({ ...base, ...over }, action, caps, NOW, ctx);
    if (!r.ok) throw new Error(`${action} refused: ${r.error}`);
    return r.patch;
  };
  const earlier = new Date('2026-11-20T08:00:00.000Z');
  const yesterday = new Date(NOW.getTime() - 24 * HOUR);

  it('file records the filing time', () => {
    expect(d({ status: 'reported' }, 'file', ['street_dispatcher'])).toEqual({ status: 'filed', filedAt: NOW });
  });
  it('refuse and cancel end the ticket', () => {
    expect(d({ status: 'filed' }, 'refuse', ['street_dispatcher'])).toEqual({ status: 'refused', extensionPending: false });
    expect(d({ status: 'reported' }, 'cancel', ['reporter'])).toEqual({ status: 'cancelled' });
  });
  it('dispatch keeps the first dispatch time', () => {
    expect(d({ status: 'filed' }, 'dispatch', ['street_dispatcher'])).toEqual({ status: 'dispatched', dispatchedAt: NOW, extensionPending: false });
    expect(d({ status: 'returned', dispatchedAt: earlier }, 'dispatch', ['street_dispatcher'])).toEqual({
      status: 'dispatched',
      dispatchedAt: earlier,
      extensionPending: false,
    });
  });
  it('accept starts handling; return hands the ticket back without an assignee', () => {
    expect(d({ status: 'dispatched' }, 'accept', ['assignee'])).toEqual({ status: 'handling' });
    expect(d({ status: 'handling' }, 'return', ['assignee'])).toEqual({ status: 'returned', assignee: null, extensionPending: false });
  });
  it('handle records where the ticket was resolved', () => {
    expect(d({ status: 'handling' }, 'handle', ['assignee'], { handlerUnitLevel: 'district' })).toEqual({
      status: 'handled',
      handledAt: NOW,
      extensionPending: false,
      resolvedLevel: 'department',
    });
    expect(d({ status: 'handling' }, 'handle', ['assignee'], { handlerUnitLevel: 'street' })).toMatchObject({ resolvedLevel: 'street' });
    expect(d({ status: 'handling', assignee: { kind: 'grid' } }, 'handle', ['assignee'])).toMatchObject({ resolvedLevel: 'street' });
    expect(d({ status: 'handling', level: 'district' }, 'handle', ['assignee'], { handlerUnitLevel: 'street' })).toMatchObject({
      resolvedLevel: 'district',
    });
  });
  it('self_handle files and handles at once, by the grid', () => {
    expect(d({ status: 'reported', assignee: null }, 'self_handle', ['grid_worker'])).toEqual({
      status: 'handled',
      filedAt: NOW,
      handledAt: NOW,
      assignee: { kind: 'grid' },
      resolvedLevel: 'grid',
    });
  });
  it('verification passes or sends the ticket back to handling as rework', () => {
    expect(d({ status: 'handled' }, 'verify_pass', ['reporter'])).toEqual({ status: 'verified', verifiedAt: NOW });
    expect(d({ status: 'handled', reworkCount: 1 }, 'verify_fail', ['grid_worker'])).toEqual({
      status: 'handling',
      reworkCount: 2,
      verifiedAt: null,
    });
  });
  it('close records the closure; the first rating moves the state, later ones do not', () => {
    expect(d({ status: 'verified' }, 'close', ['street_dispatcher'])).toEqual({ status: 'closed', closedAt: NOW });
    expect(d({ status: 'closed', closedAt: earlier }, 'rate', ['co_reporter'])).toEqual({ status: 'rated', ratedAt: NOW });
    expect(d({ status: 'rated', closedAt: earlier }, 'rate', ['reporter'])).toEqual({});
  });
  it('reopen is rework: back to handling, closure undone', () => {
    expect(
      d({ status: 'rated', closedAt: yesterday, ratedAt: yesterday, verifiedAt: yesterday, resolvedLevel: 'street', reworkCount: 0 }, 'reopen', [
        'reporter',
      ]),
    ).toEqual({ status: 'handling', reworkCount: 1, verifiedAt: null, closedAt: null, ratedAt: null, resolvedLevel: null });
  });
  it('escalate hands the ticket to the district centre as a filed ticket', () => {
    for (const status of ['filed', 'returned', 'dispatched', 'handling'] as const) {
      expect(d({ status }, 'escalate', ['system'])).toEqual({ status: 'filed', level: 'district', assignee: null, extensionPending: false });
    }
  });
  it('supervise and comment change nothing', () => {
    expect(d({ status: 'handling' }, 'supervise', ['district_dispatcher'])).toEqual({});
    expect(d({ status: 'closed' }, 'comment', ['co_reporter'])).toEqual({});
  });
});

describe('ticket machine: walks', () => {
  /** Applies a sequence of actions, each by the given capacities, and returns the final state. */
  function walk(start: TicketMachineState, steps: Array<[TicketAction, Capacity[], DecideContext?]>): TicketMachineState {
    let t = start;
    for (const [action, caps, ctx] of steps) {
      const r = decide(t, action, caps, NOW, ctx);
      if (!r.ok) throw new Error(`${action} by ${caps} in ${t.status}: ${r.error} (allowed ${r.allowed})`);
      t = { ...t, ...r.patch };
    }
    return t;
  }

  it('the journey of the issue: report, file, dispatch, handle, verify, close, rate', () => {
    const t = walk(ticket({ assignee: null, closedAt: null }), [
      ['file', ['street_dispatcher']],
      ['dispatch', ['street_dispatcher']],
    ]);
    const end = walk({ ...t, assignee: { kind: 'departments', departments: ['chengguan'] } }, [
      ['accept', ['assignee']],
      ['handle', ['assignee'], { handlerUnitLevel: 'district' }],
      ['verify_pass', ['reporter']],
      ['close', ['street_dispatcher']],
      ['rate', ['reporter']],
    ]);
    expect(end).toMatchObject({ status: 'rated', resolvedLevel: 'department', reworkCount: 0, filedAt: NOW, closedAt: NOW, ratedAt: NOW });
  });

  it('return, redispatch, escalation, district closure', () => {
    const t = walk(ticket({ status: 'dispatched', filedAt: NOW, dispatchedAt: NOW, closedAt: null }), [
      ['return', ['assignee']],
      ['escalate', ['street_dispatcher']],
      ['dispatch', ['district_dispatcher']],
    ]);
    expect(t).toMatchObject({ status: 'dispatched', level: 'district', assignee: null });
    const end = walk({ ...t, assignee: { kind: 'grid' } }, [
      ['accept', ['assignee']],
      ['handle', ['assignee']],
      ['verify_fail', ['grid_worker']],
      ['handle', ['assignee']],
      ['verify_pass', ['district_dispatcher']],
      ['close', ['district_dispatcher']],
    ]);
    expect(end).toMatchObject({ status: 'closed', resolvedLevel: 'district', reworkCount: 1 });
  });
});

describe('resolvedLevelOf', () => {
  it('follows the 80/20 rule: grid on the spot, street with its own forces, departments, district backstop', () => {
    expect(resolvedLevelOf({ level: 'street', assignee: { kind: 'grid' } })).toBe('street');
    expect(resolvedLevelOf({ level: 'street', assignee: null })).toBe('street');
    expect(resolvedLevelOf({ level: 'street', assignee: { kind: 'departments', departments: ['police'] } }, 'street')).toBe('street');
    expect(resolvedLevelOf({ level: 'street', assignee: { kind: 'departments', departments: ['police'] } }, 'district')).toBe('department');
    expect(resolvedLevelOf({ level: 'street', assignee: { kind: 'departments', departments: ['police'] } })).toBe('department');
    expect(resolvedLevelOf({ level: 'district', assignee: { kind: 'grid' } })).toBe('district');
  });
});

describe('visibility and error codes', () => {
  it('no capacity (or only the system) means the ticket is not visible', () => {
    expect(canSeeTicket([])).toBe(false);
    expect(canSeeTicket(['system'])).toBe(false);
    for (const c of CAPACITIES.filter((x) => x !== 'system')) expect(canSeeTicket([c])).toBe(true);
  });
  it('maps every refusal to an API error', () => {
    expect(machineErrorCode('not_allowed_in_state')).toBe(ErrorCode.TicketTransitionNotAllowed);
    expect(machineErrorCode('not_permitted')).toBe(ErrorCode.Forbidden);
    expect(machineErrorCode('extension_pending')).toBe(ErrorCode.ExtensionPending);
    expect(machineErrorCode('reopen_window_passed')).toBe(ErrorCode.ReopenWindowPassed);
    expect(machineErrorCode('not_on_spot_fixable')).toBe(ErrorCode.TicketNotOnSpotFixable);
    expect(machineErrorCode('already_rated')).toBe(ErrorCode.TicketAlreadyRated);
  });
  it('answers not_allowed_in_state for an unknown action instead of throwing', () => {
    expect(outcome(ticket(), 'explode' as TicketAction, ['street_dispatcher'])).toBe('not_allowed_in_state');
  });
});
