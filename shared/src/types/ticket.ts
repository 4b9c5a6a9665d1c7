import type {
  Capacity,
  DeadlineKind,
  FiguresGroupBy,
  LocationMode,
  RefusalReason,
  ResolvedLevel,
  SupervisionPercent,
  TicketAction,
  TicketEventKind,
  TicketLevel,
  TicketSource,
  TicketStatus,
} from '../constants/ticket';
import type { DepartmentCode } from '../constants/departments';
import type { CategoryAnswers } from './category';
import type { UnitRef } from './unit';
import type { Page } from './api';

/** A photo on a ticket or an event, with short-lived signed links (`/`-relative for local storage). */
export interface TicketPhoto {
  id: number;
  url: string;
  thumbUrl: string;
  urlExpiresAt: string;
}

/** Who holds the ticket now: the grid worker of the grid, or departments (first = lead). */
export type TicketAssigneeResponse =
  | { kind: 'grid'; label: string }
  | { kind: 'departments'; label: string; departments: Array<{ code: DepartmentCode; name: string; lead: boolean }> };

/**
 * One ticket as its detail page shows it. What a field holds depends on the caller's view:
 * - `resident` (reporter, co-reporter): staff appear as role + unit, never by name;
 * - `staff` (grid worker, dispatchers, assignee): the reporter appears unless the ticket is
 *   `protectedReporter` and the caller sees it only as a department (assignee), then `reporter` is null.
 */
export interface TicketResponse {
  id: number;
  /** `320111001-20261123-0007`; null until filed. */
  number: string | null;
  view: 'resident' | 'staff';
  source: TicketSource;
  sourceLabel: string;
  category: { code: string; version: number; name: string; majorName: string; onSpotFixable: boolean; sensitive: boolean };
  description: string;
  answers: CategoryAnswers;
  photos: TicketPhoto[];
  location: { mode: LocationMode; lat: number; lng: number; address: string | null };
  grid: UnitRef;
  community: UnitRef;
  street: UnitRef;
  district: UnitRef;
  status: TicketStatus;
  statusLabel: string;
  level: TicketLevel;
  levelLabel: string;
  assignee: TicketAssigneeResponse | null;
  /**
   * Who has the ticket in hand now, in words a resident understands ("泰山街道 街道指挥中心",
   * "城管", "网格员（珠江路网格）", "等待您核查"). Answers "where is my report and who holds it".
   */
  holderLabel: string;
  priority: number;
  coReporterCount: number;
  anonymous: boolean;
  protectedReporter: boolean;
  /** The reporter (staff view; null for hotline/video entries, anonymous-to-departments, and the resident view). */
  reporter: { id: number; nickname: string } | null;
  /** A building head's report for a neighbour (staff view and the reporter only). */
  onBehalfOf: { name: string } | null;
  /** Hotline caller and other outside contact (command centres only). */
  contact: { name: string | null; phone: string | null } | null;
  /** The caller reported it. */
  isMine: boolean;
  /** The caller joined it ("me too"). */
  joined: boolean;
  fileDeadline: string;
  handleDeadline: string | null;
  /** The deadline that applies now (file before dispatch, handle after); null once handled. */
  dueAt: string | null;
  overdue: boolean;
  extensionPending: boolean;
  /** The pending request, while `extensionPending`. */
  extensionRequest: { days: number; reason: string } | null;
  extensionCount: number;
  reworkCount: number;
  resolvedLevel: ResolvedLevel | null;
  resolvedLevelLabel: string | null;
  /** The assignee's report back (handle / self_handle). */
  result: { text: string; photos: TicketPhoto[]; handledAt: string } | null;
  refusal: { reason: RefusalReason; reasonLabel: string; note: string | null } | null;
  /** The ticket's rating (the first one given after the latest closure). */
  rating: { score: number; comment: string | null } | null;
  /** The caller's own rating, when they gave one. */
  myRating: number | null;
  createdAt: string;
  filedAt: string | null;
  dispatchedAt: string | null;
  handledAt: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
  ratedAt: string | null;
  /** Until when a reporter may still say "not fixed" (closed/rated only). */
  reopenUntil: string | null;
  /** Send it back with every action (optimistic lock). */
  version: number;
  /** What the caller may do now (the client shows only these). */
  allowedActions: TicketAction[];
  /** What the caller is to this ticket. */
  capacities: Capacity[];
  /** The timeline as the caller may see it, oldest first. */
  events: TicketEventResponse[];
}

/** How an event's actor is shown: residents see role + unit, never a staff member's name. */
export interface TicketEventActor {
  kind: 'me' | 'reporter' | 'co_reporter' | 'staff' | 'system';
  /** "泰山街道 街道指挥中心", "城管", "网格员", "上报人", "系统" ... */
  label: string;
  capacity: Capacity | null;
  unitName: string | null;
  department: DepartmentCode | null;
  /** Staff view only: the staff member's nickname. */
  name?: string | null;
}

/** One entry of the append-only timeline. */
export interface TicketEventResponse {
  id: number;
  action: TicketEventKind;
  actionLabel: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  actor: TicketEventActor;
  note: string | null;
  photos: TicketPhoto[];
  /**
   * Action details: `reason` (refusal code or a text), `target` (dispatch), `suggestedDepartment`
   * (return), `days` (extension), `rating`, `stage` (supervision: `{ kind, percent }`), `auto` (system).
   */
  data: TicketEventData;
  createdAt: string;
}

export interface TicketEventData {
  reason?: string;
  reasonLabel?: string;
  target?: TicketAssigneeResponse;
  suggestedDepartment?: { code: DepartmentCode; name: string };
  days?: number;
  rating?: number;
  stage?: { kind: DeadlineKind; percent: SupervisionPercent };
  auto?: boolean;
}

/** One row of a list (my tickets, the queues, similar tickets). */
export interface TicketSummary {
  id: number;
  number: string | null;
  source: TicketSource;
  sourceLabel: string;
  category: { code: string; name: string };
  /** The description, shortened to 80 characters. */
  excerpt: string;
  thumbUrl: string | null;
  address: string | null;
  grid: UnitRef;
  community: UnitRef;
  street: UnitRef;
  status: TicketStatus;
  statusLabel: string;
  level: TicketLevel;
  holderLabel: string;
  priority: number;
  coReporterCount: number;
  dueAt: string | null;
  /** Milliseconds left until `dueAt` at the time of the response (negative when overdue). */
  msLeft: number | null;
  overdue: boolean;
  extensionPending: boolean;
  createdAt: string;
  updatedAt: string;
  /** For bulk dispatch from the queue. */
  version: number;
  /** Staff queues only: what the caller may do, for row buttons. */
  allowedActions?: TicketAction[];
}

/** GET /tickets/similar: an open ticket the reporter may join instead of reporting again. */
export interface SimilarTicket {
  id: number;
  number: string | null;
  category: { code: string; name: string };
  excerpt: string;
  thumbUrl: string | null;
  address: string | null;
  distanceMeters: number;
  status: TicketStatus;
  statusLabel: string;
  coReporterCount: number;
  createdAt: string;
  /** The caller already reported or joined it. */
  mine: boolean;
}

/** POST /tickets and POST /command/tickets. `replayed`: the idempotency key was seen before. */
export interface CreateTicketResponse {
  ticket: TicketResponse;
  replayed: boolean;
}

/** POST /tickets/:id/join. `replayed`: the caller had already joined. */
export interface JoinTicketResponse {
  ticket: TicketResponse;
  replayed: boolean;
}

/** One result of a bulk dispatch. A failure carries the error code (and the fresh version on conflict). */
export type BulkDispatchItemResult =
  | { id: number; ok: true; ticket: TicketSummary }
  | { id: number; ok: false; error: string; message: string; version?: number };

export interface BulkDispatchResponse {
  results: BulkDispatchItemResult[];
  dispatched: number;
  failed: number;
}

/** GET /tickets/board: a public board entry, never with the reporter's identity. */
export interface BoardItem {
  id: number;
  number: string | null;
  category: { code: string; name: string; majorName: string };
  excerpt: string;
  thumbUrl: string | null;
  lat: number;
  lng: number;
  address: string | null;
  communityName: string;
  distanceMeters: number;
  status: TicketStatus;
  statusLabel: string;
  coReporterCount: number;
  createdAt: string;
  closedAt: string | null;
}

export interface TicketBoardResponse {
  items: BoardItem[];
  center: { lat: number; lng: number };
  radius: number;
}

/**
 * The figures of one group (or of the whole selection). Definitions: docs/FIGURES.md and
 * `domain/ticket-figures.ts`. Rates are 0..1 rounded to 4 decimals, null when the denominator is 0;
 * average times are minutes rounded to 1 decimal, null when nothing was measured.
 */
export interface FiguresRow {
  /** Group key (unit id, category code, department code, source, `yyyy-mm-dd`, `yyyy-mm`); null = total or "none". */
  key: string | null;
  label: string;
  /** Reports created in the period (any outcome). */
  reported: number;
  /** Reports refused (不予受理) among those created in the period. */
  refused: number;
  /** Tickets filed in the period and not refused afterwards: the denominator of the rates. */
  filed: number;
  handled: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  extended: number;
  rated: number;
  satisfied: number;
  coReporters: number;
  handlingRate: number | null;
  closureRate: number | null;
  onTimeClosureRate: number | null;
  reworkRate: number | null;
  extensionRate: number | null;
  satisfactionRate: number | null;
  avgMinutesToFile: number | null;
  avgMinutesToDispatch: number | null;
  avgMinutesToClose: number | null;
  /** Closed tickets by where they were resolved, and their shares of `closed`. */
  resolvedAt: Record<ResolvedLevel, number>;
  resolvedShare: Record<ResolvedLevel, number | null>;
}

export interface FiguresResponse {
  from: string;
  to: string;
  groupBy: FiguresGroupBy | null;
  scope: { street: UnitRef | null; community: UnitRef | null; categoryCode: string | null; source: TicketSource | null; department: DepartmentCode | null };
  total: FiguresRow;
  /** One row per group, in key order (empty without groupBy). */
  groups: FiguresRow[];
  generatedAt: string;
}

/* Open311 GeoReport v2 responses (the standard's field names; JSON only). */

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number;
  long: number;
  media_url: string | null;
}

export interface Open311CreatedRequest {
  service_request_id: string;
  service_notice: string | null;
  account_id: null;
}

/** Open311 error body (an array, as the standard has it). */
export type Open311Error = Array<{ code: number; description: string }>;

/** A keyset page of ticket summaries. */
export type TicketPage = Page<TicketSummary>;
