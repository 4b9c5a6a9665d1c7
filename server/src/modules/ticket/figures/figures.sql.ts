import type { FiguresGroupBy } from '@linli/shared';
import type { DbKind } from '../ticket.db';

/**
 * The figures as grouped aggregates over the tickets table (docs/FIGURES.md,
 * `shared/src/domain/ticket-figures.ts`). Two statements per request, each one index range scan:
 *
 * - intake: reports CREATED in the period -> reported, refused;
 * - cohort: tickets FILED in the period and not refused -> every other count and the millisecond sums of
 *   the average times.
 *
 * Every count is a SUM of a boolean (0/1) expression, so one pass computes them all; the server adds the groups
 * up and finishes rates and averages with the shared `figuresRow` (the same rounding as the reference).
 * The SQL is portable between MySQL/MariaDB and SQLite (sql.js) except for the few expressions below.
 */

/** Milliseconds from `from` to `to` (both DATETIME in UTC), exact to the millisecond. */
export function msBetween(kind: DbKind, from: string, to: string): string {
  return kind === 'mysql'
    ? `(TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) DIV 1000)`
    : `CAST(ROUND((julianday(${to}) - julianday(${from})) * 86400000.0) AS INTEGER)`;
}

/** `yyyy-mm-dd` (or `yyyy-mm`) of the Beijing day of a UTC DATETIME column. */
export function beijingDay(kind: DbKind, column: string, month = false): string {
  return kind === 'mysql'
    ? `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '${month ? '%Y-%m' : '%Y-%m-%d'}')`
    : `strftime('${month ? '%Y-%m' : '%Y-%m-%d'}', ${column}, '+8 hours')`;
}

/** The lead department: the first department of the current dispatch to departments, else NULL. */
export function leadDepartment(kind: DbKind): string {
  const first = kind === 'mysql' ? `JSON_UNQUOTE(JSON_EXTRACT(t.assignee_departments, '$[0]'))` : `json_extract(t.assignee_departments, '$[0]')`;
  return `CASE WHEN t.assignee_kind = 'departments' THEN ${first} END`;
}

/** The group key expression of a grouping; `part` picks the time column of day / month groups. */
export function groupKey(kind: DbKind, groupBy: FiguresGroupBy | null | undefined, part: 'intake' | 'cohort'): string {
  switch (groupBy) {
    case 'street':
      return 't.street_id';
    case 'community':
      return 't.community_id';
    case 'category':
      return 't.category_code';
    case 'source':
      return 't.source';
    case 'department':
      return leadDepartment(kind);
    case 'day':
    case 'month':
      return beijingDay(kind, part === 'cohort' ? 't.filed_at' : 't.created_at', groupBy === 'month');
    default:
      return 'NULL';
  }
}

/** Statuses counted as handled / closed (HANDLED_TICKET_STATUSES, CLOSED_TICKET_STATUSES). */
const HANDLED = "('handled', 'verified', 'closed', 'rated')";
const CLOSED = "('closed', 'rated')";

/** SELECT list of the intake statement (after the group key `k`). */
export function intakeColumns(): string {
  return ["COUNT(*) AS reported", "SUM(t.status = 'refused') AS refused"].join(', ');
}

/**
 * SELECT list of the cohort statement (after the group key `k`). Conditions are summed as booleans
 * (1/0, NULL ignored by SUM) on both databases: a third cheaper per row than CASE expressions.
 */
export function cohortColumns(kind: DbKind, satisfiedMin: number): string {
  const closed = `t.status IN ${CLOSED}`;
  return [
    'COUNT(*) AS filed',
    `SUM(t.status IN ${HANDLED}) AS handled`,
    `SUM(${closed}) AS closed`,
    `SUM(${closed} AND t.handled_at IS NOT NULL AND (t.handle_deadline IS NULL OR t.handled_at <= t.handle_deadline)) AS closed_on_time`,
    'SUM(t.rework_count > 0) AS reworked',
    'SUM(t.extension_count > 0) AS extended',
    'SUM(t.rating IS NOT NULL) AS rated',
    `SUM(t.rating >= ${Number(satisfiedMin)}) AS satisfied`,
    'SUM(t.co_reporter_count) AS co_reporters',
    `SUM(${msBetween(kind, 't.created_at', 't.filed_at')}) AS file_ms`,
    'SUM(t.dispatched_at IS NOT NULL) AS dispatched',
    `SUM(CASE WHEN t.dispatched_at IS NOT NULL THEN ${msBetween(kind, 't.filed_at', 't.dispatched_at')} ELSE 0 END) AS dispatch_ms`,
    `SUM(CASE WHEN ${closed} AND t.closed_at IS NOT NULL THEN ${msBetween(kind, 't.created_at', 't.closed_at')} ELSE 0 END) AS close_ms`,
    `SUM(${closed} AND t.resolved_level = 'grid') AS at_grid`,
    `SUM(${closed} AND t.resolved_level = 'street') AS at_street`,
    `SUM(${closed} AND t.resolved_level = 'district') AS at_district`,
    `SUM(${closed} AND t.resolved_level = 'department') AS at_department`,
  ].join(', ');
}
