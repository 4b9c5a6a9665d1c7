import { formatPeriodZh, type DutyState } from '@linli/shared';

/** Small helpers shared by the rota pages. */

export const periodText = (start: string, end: string) => formatPeriodZh({ from: start, to: end });

export const STATE_TAG: Record<DutyState, string> = {
  upcoming: 'tag--neutral',
  current: 'tag--accent',
  completed: 'tag--ok',
  missed: 'tag--bad',
};

/** A positive integer from a page parameter (notification links may carry `12.1`: the leading number). */
export function idParam(value: string | undefined): number | null {
  const m = /^\d+/.exec(value ?? '');
  const n = m ? Number(m[0]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Today's date in Beijing, `YYYY-MM-DD`. */
export function beijingToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
