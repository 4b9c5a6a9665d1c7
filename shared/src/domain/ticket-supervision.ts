import { DeadlineKind, SUPERVISION_PERCENTS, SupervisionPercent, TicketLevel, TicketStatus } from '../constants/ticket';

/**
 * Supervision (督办, docs/design/tickets.md "Supervision"): which reminders are due, whether a ticket is
 * overdue, whether it must be escalated to the district automatically. Pure: the server's job passes
 * the ticket's times and a way to measure working time (`workingMillisBetween` over the work calendar);
 * without one, wall-clock time is used.
 *
 * Which deadline applies (`currentDeadline`):
 * - `file` (from the report, `createdAt`, to `fileDeadline`) while the ticket was never dispatched
 *   (reported, filed, or returned/filed with no handle deadline);
 * - `handle` (from the latest dispatch to `handleDeadline`, moved by approved extensions) once dispatched:
 *   dispatched, handling, returned, and filed again after an escalation;
 * - none once handled (handled, verified) or ended: the ticket waits for verification, not for a holder.
 *
 * Stages are marked once per deadline round: the key names the kind, the dispatch round and the number of
 * approved extensions (`file:50`, `handle#2:80`, `handle#2e1:100`), so a re-dispatch or an extension
 * starts the reminders again for the new deadline, and a job that runs twice records nothing twice
 * (unique (ticket, stage)).
 *
 * Auto-escalation: a street-level ticket whose handle deadline is passed by the category's handle limit
 * again (200 % of the limit) is escalated to the district by the system, once per round.
 */

export interface SupervisionTicket {
  status: TicketStatus;
  level: TicketLevel;
  createdAt: Date;
  fileDeadline: Date;
  handleDeadline: Date | null;
  /** Start of the current handle limit: the latest dispatch. */
  lastDispatchedAt: Date | null;
  /** Dispatches so far (1 after the first). */
  dispatchCount: number;
  /** Approved extensions so far. */
  extensionCount: number;
}

/** Measures time between two instants in milliseconds (working time over the calendar, or wall clock). */
export type Measure = (from: Date, to: Date) => number;
const wallClock: Measure = (a, b) => b.getTime() - a.getTime();

export interface CurrentDeadline {
  kind: DeadlineKind;
  start: Date;
  deadline: Date;
  /** `file` or `handle#<round>` or `handle#<round>e<extensions>`. */
  round: string;
}

const SUPERVISED: readonly TicketStatus[] = ['reported', 'filed', 'dispatched', 'handling', 'returned'];

/** The deadline that applies now, or null when none does (see above). */
export function currentDeadline(t: SupervisionTicket): CurrentDeadline | null {
  if (!SUPERVISED.includes(t.status)) return null;
  const dispatchedBefore = t.handleDeadline !== null && t.lastDispatchedAt !== null && t.dispatchCount > 0;
  if (t.status === 'reported' || !dispatchedBefore) {
    return { kind: 'file', start: t.createdAt, deadline: t.fileDeadline, round: 'file' };
  }
  const round = `handle#${t.dispatchCount}${t.extensionCount > 0 ? `e${t.extensionCount}` : ''}`;
  return { kind: 'handle', start: t.lastDispatchedAt as Date, deadline: t.handleDeadline as Date, round };
}

/** The unique mark of one stage of one deadline round (≤ 32 characters). */
export function supervisionStageKey(round: string, stage: SupervisionPercent | 'escalate'): string {
  return `${round}:${stage}`;
}

export interface SupervisionStatus {
  deadline: CurrentDeadline | null;
  /** Share of the limit used, in percent (may exceed 100); null without a deadline. */
  percentUsed: number | null;
  overdue: boolean;
  /** Stages crossed and not yet recorded, lowest first: record them all. */
  due: Array<{ percent: SupervisionPercent; key: string }>;
  /** Notify the holder once, for the highest due stage (null when nothing is due). */
  notifyPercent: SupervisionPercent | null;
  /** Auto-escalation to the district is due (and not yet recorded). */
  escalate: { key: string } | null;
}

/**
 * What the supervision job must do for one ticket at `now`, given the stage keys already recorded.
 * The percentage is working time used / working time of the whole limit; a zero-length limit counts as
 * fully used as soon as the deadline is reached.
 */
export function supervisionStatus(
  t: SupervisionTicket,
  now: Date,
  recorded: ReadonlySet<string> | readonly string[],
  measure: Measure = wallClock,
): SupervisionStatus {
  const seen = recorded instanceof Set ? (recorded as ReadonlySet<string>) : new Set(recorded as readonly string[]);
  const d = currentDeadline(t);
  if (!d) return { deadline: null, percentUsed: null, overdue: false, due: [], notifyPercent: null, escalate: null };
  const limit = measure(d.start, d.deadline);
  const used = measure(d.start, now);
  const percentUsed = limit > 0 ? (used / limit) * 100 : now.getTime() >= d.deadline.getTime() ? 100 : 0;
  const overdue = now.getTime() > d.deadline.getTime();
  const due = SUPERVISION_PERCENTS.filter((p) => reached(p, percentUsed, now, d))
    .map((percent) => ({ percent, key: supervisionStageKey(d.round, percent) }))
    .filter((s) => !seen.has(s.key));
  let escalate: SupervisionStatus['escalate'] = null;
  if (d.kind === 'handle' && t.level === 'street' && limit > 0 && used >= 2 * limit) {
    const key = supervisionStageKey(d.round, 'escalate');
    if (!seen.has(key)) escalate = { key };
  }
  return { deadline: d, percentUsed, overdue, due, notifyPercent: due.length ? due[due.length - 1].percent : null, escalate };
}

function reached(p: SupervisionPercent, percentUsed: number, now: Date, d: CurrentDeadline): boolean {
  // 100 % is "the deadline has come", by the clock, whatever the rounding of working time.
  if (p === 100) return now.getTime() >= d.deadline.getTime();
  return percentUsed >= p;
}
