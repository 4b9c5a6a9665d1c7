import { addWorkingTime, workingMillisBetween, type TimeLimit } from '@linli/shared';

/**
 * Deadlines over the work calendar (shared `domain/work-calendar.ts`: 08:30-12:00 and 13:30-17:30
 * Beijing time, Monday-Friday, minus public holidays, plus the official make-up working days).
 */

/** The moment `limit` of working time after `start`. */
export function deadlineAfter(start: Date, limit: TimeLimit): Date {
  return addWorkingTime(start, limit);
}

/** Working milliseconds between two moments (the supervision job's measure). */
export function workingMillis(from: Date, to: Date): number {
  return workingMillisBetween(from, to);
}
