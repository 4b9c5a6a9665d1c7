import type { TimeLimit } from '../types/category';

/**
 * Working time for ticket deadlines: 08:30-12:00 and 13:30-17:30 Beijing time (7.5 working hours a day),
 * Monday-Friday, minus public holidays, plus the official make-up working days (调休上班), as the State
 * Council's yearly notices (国务院办公厅关于 YYYY 年部分节假日安排的通知) publish them.
 *
 * Pure and dependency-free: it runs in the mini-program (time left on a ticket) and on the server
 * (deadlines, supervision). China has had no daylight saving time since 1991, so Beijing time is UTC+8.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BEIJING_OFFSET = 8 * HOUR;

/** Working periods of a working day, in minutes after Beijing midnight: 08:30-12:00, 13:30-17:30. */
export const WORKING_PERIODS: ReadonlyArray<readonly [number, number]> = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

/**
 * Working hours in a working day: 7.5, the length of the two periods above. A limit of N days is N x
 * this, so "1 working day" from Friday 16:00 ends on the next working day at 16:00. (The design note
 * said "8 h a day" next to these very hours; the hours win, see docs/DECISIONS.md.)
 */
export const WORKING_HOURS_PER_DAY = WORKING_PERIODS.reduce((sum, [s, e]) => sum + (e - s), 0) / 60;

/** One holiday of a State Council notice: days off `from`..`to` (inclusive) and the make-up working days. */
export interface HolidayArrangement {
  name: string;
  /** Beijing dates, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Weekend days that are working days because of this holiday (调休上班). */
  makeUpWorkdays: string[];
}

export interface HolidayYear {
  year: number;
  /** The notice the dates come from. */
  source: string;
  /**
   * True when the year's notice had not been published when this table was written: the days off are
   * then only the statutory ones (全国年节及纪念日放假办法, 2024 revision) without bridging days or
   * make-up working days. Replace the year with the notice's dates once it is published.
   */
  provisional: boolean;
  holidays: HolidayArrangement[];
}

/**
 * Holidays of 2025-2027. 2025: 国办发明电〔2024〕12号 (2024-11-12); 2026: notice of 2025-11-04.
 * 2027: provisional, statutory days only (see `provisional`).
 */
export const CHINA_HOLIDAYS: readonly HolidayYear[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    provisional: false,
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01', makeUpWorkdays: [] },
      { name: '春节', from: '2025-01-28', to: '2025-02-04', makeUpWorkdays: ['2025-01-26', '2025-02-08'] },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06', makeUpWorkdays: [] },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05', makeUpWorkdays: ['2025-04-27'] },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02', makeUpWorkdays: [] },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', makeUpWorkdays: ['2025-09-28', '2025-10-11'] },
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    provisional: false,
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', makeUpWorkdays: ['2026-01-04'] },
      { name: '春节', from: '2026-02-15', to: '2026-02-23', makeUpWorkdays: ['2026-02-14', '2026-02-28'] },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06', makeUpWorkdays: [] },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05', makeUpWorkdays: ['2026-05-09'] },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21', makeUpWorkdays: [] },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27', makeUpWorkdays: [] },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07', makeUpWorkdays: ['2026-09-20', '2026-10-10'] },
    ],
  },
  {
    year: 2027,
    source: '全国年节及纪念日放假办法（2024年修订）规定的法定假日；2027年放假安排通知发布后替换',
    provisional: true,
    holidays: [
      { name: '元旦', from: '2027-01-01', to: '2027-01-01', makeUpWorkdays: [] },
      // 除夕 2027-02-05 (Friday) to 正月初三 2027-02-08.
      { name: '春节', from: '2027-02-05', to: '2027-02-08', makeUpWorkdays: [] },
      { name: '清明节', from: '2027-04-05', to: '2027-04-05', makeUpWorkdays: [] },
      { name: '劳动节', from: '2027-05-01', to: '2027-05-02', makeUpWorkdays: [] },
      { name: '端午节', from: '2027-06-09', to: '2027-06-09', makeUpWorkdays: [] },
      { name: '中秋节', from: '2027-09-15', to: '2027-09-15', makeUpWorkdays: [] },
      { name: '国庆节', from: '2027-10-01', to: '2027-10-03', makeUpWorkdays: [] },
    ],
  },
];

/**
 * A work calendar: which Beijing days are working days. Days are numbered from 1970-01-01 (Beijing).
 * Outside the years in the table every Monday-Friday is a working day.
 */
export interface WorkCalendar {
  /** Days off that would otherwise be working days (and holiday weekends, harmlessly). */
  readonly daysOff: ReadonlySet<number>;
  /** Weekend days that are working days. */
  readonly extraWorkdays: ReadonlySet<number>;
  /** Years the table covers (outside them: plain Monday-Friday). */
  readonly years: readonly number[];
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. */
export function dayNumberOf(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The Beijing day an instant falls on. */
export function beijingDayNumber(at: Date | number): number {
  return Math.floor((+at + BEIJING_OFFSET) / DAY);
}

/** `YYYY-MM-DD` of the Beijing day an instant falls on. */
export function beijingDate(at: Date | number): string {
  return dateOfDayNumber(beijingDayNumber(at));
}

/** Builds a calendar from holiday years (later entries win over earlier ones for the same day). */
export function createWorkCalendar(years: readonly HolidayYear[]): WorkCalendar {
  const daysOff = new Set<number>();
  const extraWorkdays = new Set<number>();
  for (const y of years) {
    for (const h of y.holidays) {
      const from = dayNumberOf(h.from);
      const to = dayNumberOf(h.to);
      if (to < from) throw new Error(`Holiday ${h.name} ${y.year} ends before it starts`);
      for (let d = from; d <= to; d++) {
        daysOff.add(d);
        extraWorkdays.delete(d);
      }
      for (const w of h.makeUpWorkdays) {
        const d = dayNumberOf(w);
        extraWorkdays.add(d);
        daysOff.delete(d);
      }
    }
  }
  return { daysOff, extraWorkdays, years: years.map((y) => y.year) };
}

/** The calendar Linli uses: mainland China's public holidays of 2025-2027. */
export const CHINA_WORK_CALENDAR: WorkCalendar = createWorkCalendar(CHINA_HOLIDAYS);

/** Is Beijing day `day` (a day number or `YYYY-MM-DD`) a working day? */
export function isWorkingDay(day: number | string, calendar: WorkCalendar = CHINA_WORK_CALENDAR): boolean {
  const d = typeof day === 'string' ? dayNumberOf(day) : day;
  if (calendar.extraWorkdays.has(d)) return true;
  if (calendar.daysOff.has(d)) return false;
  const weekday = (d + 4) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

/** Milliseconds of working time a limit stands for (a day is one full working day, 7.5 working hours). */
export function limitToMillis(limit: TimeLimit): number {
  return limit.amount * (limit.unit === 'days' ? WORKING_HOURS_PER_DAY : 1) * HOUR;
}

/** Is the instant inside a working period (start inclusive, end exclusive)? */
export function isWorkingTime(at: Date | number, calendar: WorkCalendar = CHINA_WORK_CALENDAR): boolean {
  const t = +at;
  const day = beijingDayNumber(t);
  if (!isWorkingDay(day, calendar)) return false;
  const minuteMs = t + BEIJING_OFFSET - day * DAY;
  return WORKING_PERIODS.some(([s, e]) => minuteMs >= s * MINUTE && minuteMs < e * MINUTE);
}

/** Upper bound on days scanned, so a malformed calendar can never loop forever (about 30 years). */
const MAX_SCAN_DAYS = 11_000;

/**
 * The instant `limit` of working time after `start` (a deadline). Time outside working periods does not
 * count: a report at 18:00 on Friday with a 5-hour limit is due at 14:00 on Monday (if Monday works).
 * A deadline that falls exactly at the end of a period is that end (17:30), not the next morning.
 * A zero limit returns `start` itself.
 */
export function addWorkingTime(start: Date, limit: TimeLimit | number, calendar: WorkCalendar = CHINA_WORK_CALENDAR): Date {
  let remaining = typeof limit === 'number' ? limit : limitToMillis(limit);
  if (!(remaining >= 0) || !Number.isFinite(remaining)) throw new RangeError('A working-time limit must be a finite, non-negative amount');
  const t0 = +start;
  if (remaining === 0) return new Date(t0);
  let day = beijingDayNumber(t0);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day++) {
    if (!isWorkingDay(day, calendar)) continue;
    const midnight = day * DAY - BEIJING_OFFSET;
    for (const [s, e] of WORKING_PERIODS) {
      const from = Math.max(midnight + s * MINUTE, t0);
      const to = midnight + e * MINUTE;
      if (to <= from) continue;
      if (to - from >= remaining) return new Date(from + remaining);
      remaining -= to - from;
    }
  }
  throw new RangeError('Working-time limit too far in the future');
}

/**
 * Working time between two instants in milliseconds; negative when `b` is before `a` (time left on a
 * deadline that has passed). `workingMillisBetween(s, addWorkingTime(s, L)) === L`.
 */
export function workingMillisBetween(a: Date | number, b: Date | number, calendar: WorkCalendar = CHINA_WORK_CALENDAR): number {
  const ta = +a;
  const tb = +b;
  if (tb < ta) return -workingMillisBetween(tb, ta, calendar);
  let total = 0;
  const last = beijingDayNumber(tb);
  for (let day = beijingDayNumber(ta); day <= last; day++) {
    if (!isWorkingDay(day, calendar)) continue;
    const midnight = day * DAY - BEIJING_OFFSET;
    for (const [s, e] of WORKING_PERIODS) {
      const from = Math.max(midnight + s * MINUTE, ta);
      const to = Math.min(midnight + e * MINUTE, tb);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** Working hours between two instants (fractional; negative when `b` is before `a`). */
export function workingHoursBetween(a: Date | number, b: Date | number, calendar: WorkCalendar = CHINA_WORK_CALENDAR): number {
  return workingMillisBetween(a, b, calendar) / HOUR;
}

/** A limit in Chinese for forms and ticket pages: 5 个工作时 / 15 个工作日. */
export function formatTimeLimit(limit: TimeLimit): string {
  return `${limit.amount} 个${limit.unit === 'days' ? '工作日' : '工作小时'}`;
}
