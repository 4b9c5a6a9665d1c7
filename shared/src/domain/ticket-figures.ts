import {
  CLOSED_TICKET_STATUSES,
  FiguresGroupBy,
  HANDLED_TICKET_STATUSES,
  RESOLVED_LEVELS,
  ResolvedLevel,
  ResolvedLevelLabelZh,
  TicketLimits,
  TicketSource,
  TicketStatus,
} from '../constants/ticket';
import type { FiguresRow } from '../types/ticket';

/**
 * The REFERENCE definitions of the figures (docs/FIGURES.md). The server computes the same numbers
 * with SQL (sums and counts per group) and finishes them with `figuresRow`, so rounding is shared; a
 * server test compares its results with `computeFigures` over the same tickets.
 *
 * In short: the period is a range of Beijing days. The ticket cohort of a period is the tickets FILED in
 * it (filedAt in [start, end)) that were not refused afterwards; every rate has that cohort as its
 * denominator (except 满意率: rated tickets of the cohort) and counts its numerator inside the cohort, as
 * the tickets stand now. `reported` and `refused` count intake: reports CREATED in the period.
 */

/** One ticket as the figures see it (a plain record: a row of the tickets table). */
export interface FigureTicket {
  status: TicketStatus;
  source: TicketSource;
  categoryCode: string;
  streetId: number;
  communityId: number;
  /** The lead department of the (latest) dispatch to departments; null when not dispatched to departments. */
  leadDepartment: string | null;
  createdAt: Date;
  filedAt: Date | null;
  /** First dispatch. */
  dispatchedAt: Date | null;
  /** Latest handle / self_handle. */
  handledAt: Date | null;
  closedAt: Date | null;
  /** The handle deadline in force (after approved extensions); null when never dispatched. */
  handleDeadline: Date | null;
  reworkCount: number;
  extensionCount: number;
  /** The ticket's rating: the first one given after its latest closure (co-reporters' later ones excluded). */
  rating: number | null;
  resolvedLevel: ResolvedLevel | null;
  coReporterCount: number;
}

export interface FiguresPeriod {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

export interface FiguresFilter {
  streetId?: number;
  communityId?: number;
  categoryCode?: string;
  source?: TicketSource;
  /** Tickets whose lead department (`leadDepartment`) is this one. */
  department?: string;
}

/** The additive part of the figures: what SQL sums per group. */
export interface FigureCounts {
  reported: number;
  refused: number;
  filed: number;
  handled: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  extended: number;
  rated: number;
  satisfied: number;
  coReporters: number;
  /** Σ (filedAt − createdAt) over `filed`, in ms. */
  fileMsSum: number;
  /** Σ (dispatchedAt − filedAt) over the cohort tickets with a dispatch, and their number. */
  dispatchMsSum: number;
  dispatched: number;
  /** Σ (closedAt − createdAt) over `closed`, in ms. */
  closeMsSum: number;
  resolvedAt: Record<ResolvedLevel, number>;
}

export function emptyFigureCounts(): FigureCounts {
  return {
    reported: 0,
    refused: 0,
    filed: 0,
    handled: 0,
    closed: 0,
    closedOnTime: 0,
    reworked: 0,
    extended: 0,
    rated: 0,
    satisfied: 0,
    coReporters: 0,
    fileMsSum: 0,
    dispatchMsSum: 0,
    dispatched: 0,
    closeMsSum: 0,
    resolvedAt: { grid: 0, street: 0, district: 0, department: 0 },
  };
}

const inPeriod = (d: Date | null, p: FiguresPeriod) => d !== null && d.getTime() >= p.start.getTime() && d.getTime() < p.end.getTime();

/** Reported in the period (intake): any ticket created in it, whatever became of it. */
export function isReportedIn(t: FigureTicket, p: FiguresPeriod): boolean {
  return inPeriod(t.createdAt, p);
}

/** In the cohort of the period: filed in it and not refused afterwards. */
export function isFiledIn(t: FigureTicket, p: FiguresPeriod): boolean {
  return inPeriod(t.filedAt, p) && t.status !== 'refused';
}

/** Handled on time: the latest handling came no later than the handle deadline in force (none: on time). */
export function isOnTime(t: FigureTicket): boolean {
  return t.handledAt !== null && (t.handleDeadline === null || t.handledAt.getTime() <= t.handleDeadline.getTime());
}

export function isSatisfied(rating: number | null): boolean {
  return rating !== null && rating >= TicketLimits.satisfiedRatingMin;
}

/** Adds one ticket to `c` (intake counts by creation, cohort counts by filing). Mutates and returns `c`. */
export function addFigureTicket(c: FigureCounts, t: FigureTicket, p: FiguresPeriod, part: 'intake' | 'cohort' | 'both' = 'both'): FigureCounts {
  if (part !== 'cohort' && isReportedIn(t, p)) {
    c.reported += 1;
    if (t.status === 'refused') c.refused += 1;
  }
  if (part !== 'intake' && isFiledIn(t, p)) {
    const filedAt = t.filedAt as Date;
    c.filed += 1;
    c.fileMsSum += filedAt.getTime() - t.createdAt.getTime();
    if (t.dispatchedAt) {
      c.dispatched += 1;
      c.dispatchMsSum += t.dispatchedAt.getTime() - filedAt.getTime();
    }
    if (HANDLED_TICKET_STATUSES.includes(t.status)) c.handled += 1;
    if (CLOSED_TICKET_STATUSES.includes(t.status)) {
      c.closed += 1;
      if (t.closedAt) c.closeMsSum += t.closedAt.getTime() - t.createdAt.getTime();
      if (isOnTime(t)) c.closedOnTime += 1;
      if (t.resolvedLevel) c.resolvedAt[t.resolvedLevel] += 1;
    }
    if (t.reworkCount > 0) c.reworked += 1;
    if (t.extensionCount > 0) c.extended += 1;
    if (t.rating !== null) {
      c.rated += 1;
      if (isSatisfied(t.rating)) c.satisfied += 1;
    }
    c.coReporters += t.coReporterCount;
  }
  return c;
}

/** numerator / denominator rounded to 4 decimals; null when the denominator is 0. */
export function figureRate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;
}

/** Mean of a millisecond sum over `n`, in minutes rounded to 1 decimal; null when n is 0. */
export function figureMinutes(msSum: number, n: number): number | null {
  return n > 0 ? Math.round(msSum / n / 6_000) / 10 : null;
}

/** The finished row: counts, rates and averages, as the API returns it. */
export function figuresRow(c: FigureCounts, key: string | null, label: string): FiguresRow {
  const resolvedShare = {} as Record<ResolvedLevel, number | null>;
  for (const l of RESOLVED_LEVELS) resolvedShare[l] = figureRate(c.resolvedAt[l], c.closed);
  return {
    key,
    label,
    reported: c.reported,
    refused: c.refused,
    filed: c.filed,
    handled: c.handled,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    reworked: c.reworked,
    extended: c.extended,
    rated: c.rated,
    satisfied: c.satisfied,
    coReporters: c.coReporters,
    handlingRate: figureRate(c.handled, c.filed),
    closureRate: figureRate(c.closed, c.filed),
    onTimeClosureRate: figureRate(c.closedOnTime, c.filed),
    reworkRate: figureRate(c.reworked, c.filed),
    extensionRate: figureRate(c.extended, c.filed),
    satisfactionRate: figureRate(c.satisfied, c.rated),
    avgMinutesToFile: figureMinutes(c.fileMsSum, c.filed),
    avgMinutesToDispatch: figureMinutes(c.dispatchMsSum, c.dispatched),
    avgMinutesToClose: figureMinutes(c.closeMsSum, c.closed),
    resolvedAt: { ...c.resolvedAt },
    resolvedShare,
  };
}

/** `yyyy-mm-dd` of the Beijing day containing `d`. */
export function figuresBeijingDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The group of a ticket. Time groupings (day, month) use the filing time for the cohort counts and the
 * creation time for the intake counts (`reported`, `refused`), each in Beijing time.
 */
export function figuresGroupKey(t: FigureTicket, groupBy: FiguresGroupBy, part: 'intake' | 'cohort'): string | null {
  switch (groupBy) {
    case 'street':
      return String(t.streetId);
    case 'community':
      return String(t.communityId);
    case 'category':
      return t.categoryCode;
    case 'department':
      return t.leadDepartment;
    case 'source':
      return t.source;
    case 'day':
    case 'month': {
      const at = part === 'cohort' ? t.filedAt : t.createdAt;
      if (!at) return null;
      const day = figuresBeijingDay(at);
      return groupBy === 'day' ? day : day.slice(0, 7);
    }
  }
}

export function matchesFiguresFilter(t: FigureTicket, f: FiguresFilter): boolean {
  return (
    (f.streetId === undefined || t.streetId === f.streetId) &&
    (f.communityId === undefined || t.communityId === f.communityId) &&
    (f.categoryCode === undefined || t.categoryCode === f.categoryCode) &&
    (f.source === undefined || t.source === f.source) &&
    (f.department === undefined || t.leadDepartment === f.department)
  );
}

/** Group keys in order: numbers numerically, text by code point, the "none" group (null) last. */
export function compareFigureKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : 1;
}

/**
 * The figures of `tickets` for a period, filters and optional grouping. Groups appear when they have
 * any intake or cohort ticket. `labelOf` names a group (unit and category names are the server's).
 */
export function computeFigures(
  tickets: Iterable<FigureTicket>,
  period: FiguresPeriod,
  options: { filter?: FiguresFilter; groupBy?: FiguresGroupBy | null; labelOf?: (key: string | null) => string } = {},
): { total: FiguresRow; groups: FiguresRow[] } {
  const filter = options.filter ?? {};
  const total = emptyFigureCounts();
  const groups = new Map<string | null, FigureCounts>();
  const group = (key: string | null) => {
    let c = groups.get(key);
    if (!c) groups.set(key, (c = emptyFigureCounts()));
    return c;
  };
  for (const t of tickets) {
    if (!matchesFiguresFilter(t, filter)) continue;
    addFigureTicket(total, t, period);
    if (!options.groupBy) continue;
    if (isReportedIn(t, period)) addFigureTicket(group(figuresGroupKey(t, options.groupBy, 'intake')), t, period, 'intake');
    if (isFiledIn(t, period)) addFigureTicket(group(figuresGroupKey(t, options.groupBy, 'cohort')), t, period, 'cohort');
  }
  const label = options.labelOf ?? ((k: string | null) => k ?? '未分组');
  return {
    total: figuresRow(total, null, '合计'),
    groups: [...groups.keys()].sort(compareFigureKeys).map((k) => figuresRow(groups.get(k) as FigureCounts, k, label(k))),
  };
}

/** Columns of the CSV export, in order: header (Chinese) and how to read the cell from a row. */
export const FIGURES_CSV_COLUMNS: ReadonlyArray<{ header: string; cell: (r: FiguresRow) => string | number | null }> = [
  { header: '分组', cell: (r) => r.label },
  { header: '上报数', cell: (r) => r.reported },
  { header: '不予受理数', cell: (r) => r.refused },
  { header: '立案数', cell: (r) => r.filed },
  { header: '处置数', cell: (r) => r.handled },
  { header: '结案数', cell: (r) => r.closed },
  { header: '按期结案数', cell: (r) => r.closedOnTime },
  { header: '返工数', cell: (r) => r.reworked },
  { header: '延期数', cell: (r) => r.extended },
  { header: '评价数', cell: (r) => r.rated },
  { header: '满意数', cell: (r) => r.satisfied },
  { header: '处置率', cell: (r) => r.handlingRate },
  { header: '办结率', cell: (r) => r.closureRate },
  { header: '按期办结率', cell: (r) => r.onTimeClosureRate },
  { header: '返工率', cell: (r) => r.reworkRate },
  { header: '延期率', cell: (r) => r.extensionRate },
  { header: '满意率', cell: (r) => r.satisfactionRate },
  { header: '平均立案用时（分钟）', cell: (r) => r.avgMinutesToFile },
  { header: '平均派遣用时（分钟）', cell: (r) => r.avgMinutesToDispatch },
  { header: '平均结案用时（分钟）', cell: (r) => r.avgMinutesToClose },
  ...RESOLVED_LEVELS.map((l) => ({ header: `${ResolvedLevelLabelZh[l]}解决占比`, cell: (r: FiguresRow) => r.resolvedShare[l] })),
];
