import {
  Capacity,
  decide,
  formatTicketNumber,
  isOpenTicketStatus,
  REFUSAL_REASONS,
  TicketAction,
  TicketMachineState,
  TicketSource,
  TimeLimit,
  beijingDayKey,
  DecideContext,
} from '@linli/shared';

/**
 * Lifecycles of tickets played through the shared state machine (`decide`) at chosen instants, so rows
 * inserted directly (the figures test's varied data, the bench's 1,000,000 tickets) are ones the real
 * service could have produced: every status change is a patch the machine allowed, and the server-set
 * fields (assignee, deadlines, rating, refusal reason, number) are filled as the service fills them.
 * Actions whose instant lies after `now` do not happen, so recent tickets are still open.
 *
 * Deterministic for a given random source. Used by server/test/figures*.test.ts and bench/seed-tickets.js.
 */

/** A random source returning [0, 1). */
export type Rng = () => number;

/** mulberry32: small, fast, seedable. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimCategory {
  code: string;
  version: number;
  onSpotFixable: boolean;
  /** Owning departments, first = lead. */
  departments: string[];
  fileLimit: TimeLimit;
  handleLimit: TimeLimit;
  sensitive: boolean;
}

export interface SimPlace {
  gridId: number;
  gridPath: string;
  communityId: number;
  streetId: number;
  streetCode: string;
  districtId: number;
  lat: number;
  lng: number;
}

export interface SimInput {
  rng: Rng;
  createdAt: Date;
  now: Date;
  category: SimCategory;
  place: SimPlace;
  source: TicketSource;
  /** The reporting user (resident sources); null for staff entries. */
  reporterId: number | null;
  /** Next sequence number of (street code, Beijing day); the caller keeps the counters. */
  nextSeq: (streetCode: string, day: string) => number;
  /** The report's text (a varied default otherwise). */
  description?: string;
  /** Deadline arithmetic; defaults to wall-clock (working days counted as calendar days). */
  addLimit?: (start: Date, limit: TimeLimit) => Date;
}

/** A row of the tickets table (snake_case column -> value) plus its department assignments. */
export interface SimTicket {
  row: Record<string, unknown>;
  assignments: Array<{ department: string; is_lead: number }>;
}

const DESCRIPTIONS = [
  '路口有车辆长时间占用人行道，行人只能走机动车道',
  '小区门口垃圾堆放两天没人清运，气味很大',
  '店铺把货架摆到门外占道经营',
  '楼道里堆满杂物，堵住了消防通道',
  '窨井盖松动，晚上有电动车经过很危险',
  '夜间施工噪声很大，影响休息',
  '路灯坏了好几天，晚上一片漆黑',
  '绿化带被人毁坏种菜',
];

const ALL: Capacity[] = ['reporter', 'co_reporter', 'grid_worker', 'street_dispatcher', 'district_dispatcher', 'assignee', 'system'];
const MIN = 60_000;
const HOUR = 3_600_000;

function wallClock(start: Date, limit: TimeLimit): Date {
  return new Date(start.getTime() + limit.amount * (limit.unit === 'days' ? 24 * HOUR : HOUR));
}

/** The limit as milliseconds of wall-clock (a working day is about a calendar day and a half of waiting). */
function limitMs(limit: TimeLimit): number {
  return limit.amount * (limit.unit === 'days' ? 36 * HOUR : 3 * HOUR);
}

/** Log-normal delay with the given median (ms) and spread. */
function lognormal(rng: Rng, median: number, sigma = 1): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(30_000, median * Math.exp(sigma * z));
}

const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng();

function pickRating(rng: Rng): number {
  const r = rng();
  return r < 0.62 ? 5 : r < 0.86 ? 4 : r < 0.93 ? 3 : r < 0.97 ? 2 : 1;
}

/** Plays one ticket's life and returns its row. */
export function simulateTicket(input: SimInput): SimTicket {
  const { rng, category: cat, place, source, now } = input;
  const addLimit = input.addLimit ?? wallClock;
  const created = input.createdAt;
  let state: TicketMachineState = {
    status: 'reported',
    level: 'street',
    assignee: null,
    extensionPending: false,
    extensionCount: 0,
    reworkCount: 0,
    onSpotFixable: cat.onSpotFixable,
    resolvedLevel: null,
    filedAt: null,
    dispatchedAt: null,
    handledAt: null,
    verifiedAt: null,
    closedAt: null,
    ratedAt: null,
  };
  const fileDeadline = addLimit(created, cat.fileLimit);
  const row: Record<string, unknown> = {
    number: null,
    source,
    description: input.description ?? DESCRIPTIONS[Math.floor(rng() * DESCRIPTIONS.length)],
    location_mode: 'gps',
    category_code: cat.code,
    category_version: cat.version,
    sensitive: cat.sensitive ? 1 : 0,
    grid_id: place.gridId,
    community_id: place.communityId,
    street_id: place.streetId,
    district_id: place.districtId,
    unit_path: place.gridPath,
    lat: place.lat,
    lng: place.lng,
    reporter_id: input.reporterId,
    file_deadline: fileDeadline,
    handle_deadline: null,
    refusal_reason: null,
    refused_at: null,
    escalated_at: null,
    accepted_at: null,
    rating: null,
    dispatch_count: 0,
    co_reporter_count: input.reporterId !== null && rng() < 0.08 ? 1 + Math.floor(rng() * 3) : 0,
  };
  let departments: string[] = [];
  let t = created.getTime();
  let stopped = false;

  /** Applies `action` at t + delay unless that is after now; false when the story stops here. */
  const act = (action: TicketAction, delay: number, ctx: DecideContext = {}, server?: (at: Date) => void): boolean => {
    if (stopped) return false;
    const at = t + Math.round(delay);
    if (at > now.getTime()) {
      stopped = true;
      return false;
    }
    const d = decide(state, action, ALL, new Date(at), ctx);
    if (!d.ok) throw new Error(`simulation bug: ${action} refused in ${state.status} (${d.error})`);
    t = at;
    state = { ...state, ...d.patch };
    server?.(new Date(at));
    return true;
  };
  const file = (at: Date) => {
    row.number = formatTicketNumber(place.streetCode, at, input.nextSeq(place.streetCode, beijingDayKey(at)));
  };
  const dispatchTo = (target: 'grid' | 'departments') => (at: Date) => {
    row.dispatch_count = Number(row.dispatch_count) + 1;
    if (target === 'grid') {
      state = { ...state, assignee: { kind: 'grid' } };
      departments = [];
    } else {
      departments = [cat.departments[0] ?? 'chengguan'];
      if (cat.departments[1] && rng() < 0.2) departments.push(cat.departments[1]);
      state = { ...state, assignee: { kind: 'departments', departments } };
    }
    row.handle_deadline = addLimit(at, cat.handleLimit);
  };
  const handlerLevel = rng() < 0.3 ? 'street' : 'district';

  const story = () => {
    if (source === 'resident' && rng() < 0.012) {
      act('cancel', uniform(rng, 5 * MIN, 180 * MIN));
      return;
    }
    const onSpot = cat.onSpotFixable && (source === 'grid_patrol' || source === 'duty_patrol' ? rng() < 0.8 : rng() < 0.12);
    if (onSpot) {
      if (!act('self_handle', lognormal(rng, 15 * MIN, 0.8), {}, file)) return;
    } else {
      const fileDelay = lognormal(rng, 25 * MIN, 1.2);
      if (rng() < 0.05) {
        act('refuse', fileDelay, {}, (at) => {
          row.refusal_reason = REFUSAL_REASONS[Math.floor(rng() * REFUSAL_REASONS.length)];
          row.refused_at = at;
        });
        return;
      }
      if (!act('file', fileDelay, {}, file)) return;
      if (rng() < 0.01) {
        act('refuse', uniform(rng, HOUR, 48 * HOUR), {}, (at) => {
          row.refusal_reason = 'duplicate';
          row.refused_at = at;
        });
        return;
      }
      if (rng() < 0.035 && !act('escalate', uniform(rng, 0.5 * HOUR, 24 * HOUR), {}, (at) => (row.escalated_at = at))) return;
      const target = cat.onSpotFixable && rng() < 0.5 ? 'grid' : 'departments';
      if (!act('dispatch', lognormal(rng, 30 * MIN, 1), {}, dispatchTo(target))) return;
      if (target === 'departments' && rng() < 0.04) {
        if (!act('return', uniform(rng, HOUR, 24 * HOUR))) return;
        departments = [];
        if (!act('dispatch', uniform(rng, 0.5 * HOUR, 8 * HOUR), {}, dispatchTo(rng() < 0.5 ? 'grid' : 'departments'))) return;
      }
      if (!act('accept', lognormal(rng, HOUR, 1), {}, (at) => (row.accepted_at = at))) return;
      if (rng() < 0.06) {
        const days = 1 + Math.floor(rng() * 5);
        if (!act('request_extension', uniform(rng, HOUR, 24 * HOUR))) return;
        const approve = rng() < 0.8;
        if (
          !act(approve ? 'approve_extension' : 'deny_extension', uniform(rng, 0.5 * HOUR, 8 * HOUR), {}, () => {
            if (approve && row.handle_deadline) row.handle_deadline = new Date((row.handle_deadline as Date).getTime() + days * 24 * HOUR);
          })
        )
          return;
      }
      const late = rng() < 0.08;
      const handleCtx = { handlerUnitLevel: handlerLevel } as DecideContext;
      if (!act('handle', limitMs(cat.handleLimit) * (late ? uniform(rng, 1.1, 3) : uniform(rng, 0.05, 0.9)), handleCtx)) return;
    }
    // verification, with a failed one now and then (rework)
    if (rng() < 0.06) {
      if (!act('verify_fail', lognormal(rng, 2 * HOUR, 1))) return;
      if (!act('handle', lognormal(rng, 6 * HOUR, 1), { handlerUnitLevel: handlerLevel })) return;
    }
    if (!act('verify_pass', lognormal(rng, 2 * HOUR, 1))) return;
    if (!act('close', lognormal(rng, 3 * HOUR, 1))) return;
    const reporter = input.reporterId !== null;
    if (reporter && rng() < 0.012) {
      if (!act('reopen', uniform(rng, HOUR, 60 * HOUR), {}, () => (row.rating = null))) return;
      if (!act('handle', lognormal(rng, 8 * HOUR, 1), { handlerUnitLevel: handlerLevel })) return;
      if (!act('verify_pass', lognormal(rng, 2 * HOUR, 1))) return;
      if (!act('close', lognormal(rng, 3 * HOUR, 1))) return;
    }
    if (reporter && rng() < 0.65) {
      const score = pickRating(rng);
      act('rate', uniform(rng, HOUR, 72 * HOUR), {}, () => (row.rating = score));
    }
  };
  story();

  const open = isOpenTicketStatus(state.status);
  const dispatched = state.dispatchedAt !== null && state.status !== 'filed' && state.status !== 'returned';
  const dueAt = dispatched && row.handle_deadline ? (row.handle_deadline as Date) : fileDeadline;
  Object.assign(row, {
    status: state.status,
    is_open: open ? 1 : 0,
    level: state.level,
    assignee_kind: state.assignee?.kind ?? null,
    assignee_departments: state.assignee?.kind === 'departments' ? JSON.stringify(state.assignee.departments) : null,
    priority: Math.min(3, Number(row.co_reporter_count)),
    due_at: dueAt,
    overdue: open && state.status !== 'handled' && state.status !== 'verified' && dueAt.getTime() < now.getTime() ? 1 : 0,
    extension_pending: state.extensionPending ? 1 : 0,
    extension_count: state.extensionCount,
    rework_count: state.reworkCount,
    resolved_level: state.resolvedLevel,
    filed_at: state.filedAt,
    dispatched_at: state.dispatchedAt,
    handled_at: state.handledAt,
    verified_at: state.verifiedAt,
    closed_at: state.closedAt,
    rated_at: state.ratedAt,
    created_at: created,
    updated_at: new Date(t),
  });
  if (row.rating !== null && state.status !== 'rated' && state.ratedAt === null) row.rating = null;
  return {
    row,
    assignments:
      state.assignee?.kind === 'departments' ? state.assignee.departments.map((department, i) => ({ department, is_lead: i === 0 ? 1 : 0 })) : [],
  };
}

/** The columns every simulated row has, in a fixed order (for multi-row INSERTs). */
export const SIM_COLUMNS = [
  'number',
  'source',
  'description',
  'location_mode',
  'category_code',
  'category_version',
  'sensitive',
  'grid_id',
  'community_id',
  'street_id',
  'district_id',
  'unit_path',
  'lat',
  'lng',
  'reporter_id',
  'file_deadline',
  'handle_deadline',
  'refusal_reason',
  'refused_at',
  'escalated_at',
  'accepted_at',
  'rating',
  'dispatch_count',
  'co_reporter_count',
  'status',
  'is_open',
  'level',
  'assignee_kind',
  'assignee_departments',
  'priority',
  'due_at',
  'overdue',
  'extension_pending',
  'extension_count',
  'rework_count',
  'resolved_level',
  'filed_at',
  'dispatched_at',
  'handled_at',
  'verified_at',
  'closed_at',
  'rated_at',
  'created_at',
  'updated_at',
] as const;
