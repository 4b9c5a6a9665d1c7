/**
 * Calendar arithmetic of the watch rotas, on plain Beijing dates (`YYYY-MM-DD`, no time zone games):
 * a duty period starts on a Monday at 00:00 Beijing time and lasts `periodWeeks` weeks. Pure and
 * allocation-light, because the scheduler calls it for every period of every rota.
 */

/** A calendar date in Beijing, `YYYY-MM-DD`. */
export type IsoDate = string;

/** An inclusive range of dates. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a date (UTC calendar arithmetic: no DST, no offsets). */
export function dayNumber(date: IsoDate): number {
  return Math.floor(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

/** The date of a day number. */
export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Is `value` a real calendar date written `YYYY-MM-DD`? */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return fromDayNumber(dayNumber(value)) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `b - a` in days. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function isMonday(date: IsoDate): boolean {
  return isoWeekday(date) === 1;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The Beijing calendar date at instant `now`. */
export function beijingDateAt(now: Date): IsoDate {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing hour (0-23) at instant `now`. */
export function beijingHour(now: Date): number {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCHours();
}

/** The instant `date` starts in Beijing (00:00 +08:00). */
export function beijingMidnight(date: IsoDate): Date {
  return new Date(dayNumber(date) * DAY_MS - BEIJING_OFFSET_MS);
}

/** Do two inclusive date ranges share a day? */
export function rangesOverlap(a: DateRange, b: DateRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** How many days of `range` fall inside `other` (both inclusive). */
export function overlapDays(range: DateRange, other: DateRange): number {
  const from = range.from > other.from ? range.from : other.from;
  const to = range.to < other.to ? range.to : other.to;
  return from > to ? 0 : diffDays(from, to) + 1;
}

/** The shape of a rota's calendar: periods of `periodWeeks` weeks from `startDate` (a Monday). */
export interface RotaCalendar {
  startDate: IsoDate;
  periodWeeks: number;
}

/** Length of one period in days. */
export const periodDays = (cal: RotaCalendar): number => cal.periodWeeks * 7;

/** First and last day of period `index` (0 = the period starting on `startDate`). */
export function periodRange(cal: RotaCalendar, index: number): DateRange {
  const from = addDays(cal.startDate, index * periodDays(cal));
  return { from, to: addDays(from, periodDays(cal) - 1) };
}

/** Index of the period holding `date` (negative before the start). */
export function periodIndexOn(cal: RotaCalendar, date: IsoDate): number {
  return Math.floor(diffDays(cal.startDate, date) / periodDays(cal));
}

/**
 * The first period that has not started on `today`: periods before it (the past and the current one)
 * are frozen and never change again.
 */
export function firstOpenIndex(cal: RotaCalendar, today: IsoDate): number {
  if (today < cal.startDate) return 0;
  return periodIndexOn(cal, today) + 1;
}

/** The Mondays of the weeks period `index` covers (what "the same week" means across rotas). */
export function periodMondays(cal: RotaCalendar, index: number): IsoDate[] {
  const first = periodRange(cal, index).from;
  return Array.from({ length: cal.periodWeeks }, (_, w) => addDays(first, w * 7));
}

/** Indices of the periods (clamped to [0, horizon)) that share at least one day with `range`. */
export function periodsTouching(cal: RotaCalendar, range: DateRange, horizon: number): number[] {
  const first = Math.max(0, periodIndexOn(cal, range.from));
  const last = Math.min(horizon - 1, periodIndexOn(cal, range.to));
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}

/**
 * Periods with no duty because most of them is public holiday or declared closure: more than half of
 * the period's days fall inside `holidays`. (A one-day holiday in a week does not stop the rota; the
 * Spring Festival week does.)
 */
export function holidayPeriods(cal: RotaCalendar, holidays: readonly DateRange[], horizon: number): number[] {
  const out: number[] = [];
  const days = periodDays(cal);
  for (let i = 0; i < horizon; i++) {
    const range = periodRange(cal, i);
    const covered = new Set<number>();
    for (const h of holidays) {
      if (!rangesOverlap(range, h)) continue;
      const from = Math.max(dayNumber(range.from), dayNumber(h.from));
      const to = Math.min(dayNumber(range.to), dayNumber(h.to));
      for (let d = from; d <= to; d++) covered.add(d);
    }
    if (covered.size * 2 > days) out.push(i);
  }
  return out;
}
