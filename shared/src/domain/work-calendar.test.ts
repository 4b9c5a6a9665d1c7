import fc from 'fast-check';
import {
  addWorkingTime,
  beijingDate,
  CHINA_HOLIDAYS,
  CHINA_WORK_CALENDAR,
  createWorkCalendar,
  dateOfDayNumber,
  dayNumberOf,
  formatTimeLimit,
  isWorkingDay,
  isWorkingTime,
  limitToMillis,
  workingHoursBetween,
  workingMillisBetween,
} from './work-calendar';

const HOUR = 3_600_000;
/** A Beijing wall-clock time as an instant. */
const bj = (s: string) => new Date(`${s}+08:00`);

describe('the holiday table', () => {
  it('follows the 2025 notice (国办发明电〔2024〕12号): days off and make-up working days', () => {
    for (const d of ['2025-01-01', '2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04', '2025-04-04', '2025-05-01', '2025-05-05', '2025-06-02', '2025-10-01', '2025-10-08']) {
      expect([d, isWorkingDay(d)]).toEqual([d, false]);
    }
    for (const d of ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']) expect([d, isWorkingDay(d)]).toEqual([d, true]);
    expect(isWorkingDay('2025-02-05')).toBe(true); // first working day after 春节
    expect(isWorkingDay('2025-10-09')).toBe(true);
  });

  it('follows the 2026 notice (2025-11-04): days off and make-up working days', () => {
    for (const d of ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-20', '2026-02-23', '2026-04-06', '2026-05-04', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-07']) {
      expect([d, isWorkingDay(d)]).toEqual([d, false]);
    }
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) expect([d, isWorkingDay(d)]).toEqual([d, true]);
    expect(isWorkingDay('2026-10-08')).toBe(true);
  });

  it('holds 2027 as provisional statutory days (no make-up days) until its notice is published', () => {
    const y2027 = CHINA_HOLIDAYS.find((y) => y.year === 2027)!;
    expect(y2027.provisional).toBe(true);
    expect(isWorkingDay('2027-02-05')).toBe(false); // 除夕, a Friday
    expect(isWorkingDay('2027-02-08')).toBe(false); // 正月初三, a Monday
    expect(isWorkingDay('2027-06-09')).toBe(false); // 端午, a Wednesday
    expect(isWorkingDay('2027-10-04')).toBe(true); // statutory 国庆 is 1-3 October only
  });

  it('every notice year: make-up days are weekends, holidays are proper ranges, the years are distinct', () => {
    const years = CHINA_HOLIDAYS.map((y) => y.year);
    expect(new Set(years).size).toBe(years.length);
    for (const y of CHINA_HOLIDAYS) {
      for (const h of y.holidays) {
        expect(dayNumberOf(h.to)).toBeGreaterThanOrEqual(dayNumberOf(h.from));
        expect(h.from.startsWith(String(y.year))).toBe(true);
        for (const w of h.makeUpWorkdays) {
          const weekday = new Date(`${w}T00:00:00Z`).getUTCDay();
          expect([w, weekday === 0 || weekday === 6]).toEqual([w, true]);
        }
      }
    }
  });

  it('counts 247-250 working days in each published year (a plausibility check of the table)', () => {
    for (const year of [2025, 2026]) {
      let n = 0;
      for (let d = dayNumberOf(`${year}-01-01`); d <= dayNumberOf(`${year}-12-31`); d++) if (isWorkingDay(d)) n++;
      expect(n).toBeGreaterThanOrEqual(247);
      expect(n).toBeLessThanOrEqual(250);
    }
  });

  it('outside the table, Monday-Friday work', () => {
    expect(isWorkingDay('2030-01-01')).toBe(true); // a Tuesday, not in the table
    expect(isWorkingDay('2030-01-05')).toBe(false); // Saturday
    expect(CHINA_WORK_CALENDAR.years).toEqual([2025, 2026, 2027]);
  });

  it('day numbers round-trip and refuse malformed dates', () => {
    expect(dateOfDayNumber(dayNumberOf('2026-02-28'))).toBe('2026-02-28');
    expect(() => dayNumberOf('2026/02/28')).toThrow();
    expect(() => createWorkCalendar([{ year: 2030, source: 'x', provisional: true, holidays: [{ name: 'bad', from: '2030-02-02', to: '2030-02-01', makeUpWorkdays: [] }] }])).toThrow();
  });
});

describe(addWorkingTime.name, () => {
  it('exposed garbage, 1 working day, reported Friday 16:00 (Beijing) is due Monday 16:00', () => {
    expect(addWorkingTime(bj('2026-11-20T16:00:00'), { amount: 1, unit: 'days' }).toISOString()).toBe(bj('2026-11-23T16:00:00').toISOString());
  });

  it('dirty road, 5 working hours, reported at 10:00 is due 16:30 (the lunch break does not count)', () => {
    expect(addWorkingTime(bj('2026-11-23T10:00:00'), { amount: 5, unit: 'hours' })).toEqual(bj('2026-11-23T16:30:00'));
  });

  it('a report in the evening starts counting the next working morning', () => {
    expect(addWorkingTime(bj('2026-11-23T19:45:00'), { amount: 2, unit: 'hours' })).toEqual(bj('2026-11-24T10:30:00'));
    expect(addWorkingTime(bj('2026-11-24T06:00:00'), { amount: 2, unit: 'hours' })).toEqual(bj('2026-11-24T10:30:00'));
  });

  it('a report at lunch starts counting at 13:30', () => {
    expect(addWorkingTime(bj('2026-11-23T12:10:00'), { amount: 1, unit: 'hours' })).toEqual(bj('2026-11-23T14:30:00'));
  });

  it('a deadline exactly at the end of a period is that end, not the next period', () => {
    expect(addWorkingTime(bj('2026-11-23T08:30:00'), { amount: 1, unit: 'days' })).toEqual(bj('2026-11-23T17:30:00'));
    expect(addWorkingTime(bj('2026-11-23T08:30:00'), 3.5 * HOUR)).toEqual(bj('2026-11-23T12:00:00'));
  });

  it('skips the National Day holiday and works the make-up Saturday (2025)', () => {
    // Tue 30 Sep 16:00 + 1 day (7.5 h): 1.5 h that day, then 1-8 Oct off, Thu 9 Oct 16:00.
    expect(addWorkingTime(bj('2025-09-30T16:00:00'), { amount: 1, unit: 'days' })).toEqual(bj('2025-10-09T16:00:00'));
    // Fri 26 Sep 17:00 + 2 h: 0.5 h Friday, then Sunday 28 Sep is a working day.
    expect(addWorkingTime(bj('2025-09-26T17:00:00'), { amount: 2, unit: 'hours' })).toEqual(bj('2025-09-28T10:00:00'));
  });

  it('illegal construction, 15 working days from before 春节 2026 spans the 9-day holiday and both make-up Saturdays', () => {
    // From Mon 9 Feb 2026 08:30: 9-13 Feb (5), Sat 14 Feb (6), 15-23 Feb off, 24-27 Feb (10), Sat 28 Feb (11),
    // 2-5 Mar (15) -> Thursday 5 March 17:30.
    expect(addWorkingTime(bj('2026-02-09T08:30:00'), { amount: 15, unit: 'days' })).toEqual(bj('2026-03-05T17:30:00'));
  });

  it('a zero limit is the start itself; negative or infinite limits are refused', () => {
    const start = bj('2026-11-22T03:00:00');
    expect(addWorkingTime(start, 0)).toEqual(start);
    expect(() => addWorkingTime(start, -1)).toThrow(RangeError);
    expect(() => addWorkingTime(start, Infinity)).toThrow(RangeError);
    expect(() => addWorkingTime(start, NaN)).toThrow(RangeError);
  });
});

describe(workingMillisBetween.name, () => {
  it('counts only working periods of working days, signed', () => {
    expect(workingHoursBetween(bj('2026-11-23T08:00:00'), bj('2026-11-23T18:00:00'))).toBe(7.5);
    expect(workingHoursBetween(bj('2026-11-20T17:00:00'), bj('2026-11-23T09:30:00'))).toBe(1.5);
    expect(workingHoursBetween(bj('2026-11-23T09:30:00'), bj('2026-11-20T17:00:00'))).toBe(-1.5);
    expect(workingMillisBetween(bj('2026-10-01T09:00:00'), bj('2026-10-07T17:00:00'))).toBe(0);
  });
});

describe('properties over 2024-2028 (fast-check)', () => {
  const instant = fc.integer({ min: Date.UTC(2024, 11, 1), max: Date.UTC(2028, 0, 31) }).map((t) => new Date(t));
  const limitMs = fc.oneof(
    fc.integer({ min: 1, max: 40 * 8 * 60 }).map((min) => min * 60_000),
    fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: fc.constantFrom('hours' as const, 'days' as const) }).map(limitToMillis),
  );

  it('the working time between a start and its deadline is exactly the limit', () => {
    fc.assert(fc.property(instant, limitMs, (s, l) => workingMillisBetween(s, addWorkingTime(s, l)) === l));
  });

  it('a deadline lies on a working day, inside a period or at its end', () => {
    fc.assert(
      fc.property(instant, limitMs, (s, l) => {
        const d = addWorkingTime(s, l);
        return isWorkingTime(d) || isWorkingTime(+d - 1);
      }),
    );
  });

  it('deadlines are monotonic in the limit and additive', () => {
    fc.assert(
      fc.property(instant, limitMs, limitMs, (s, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return +addWorkingTime(s, lo) <= +addWorkingTime(s, hi) && +addWorkingTime(addWorkingTime(s, a), b) === +addWorkingTime(s, a + b);
      }),
    );
  });

  it('working time is additive over consecutive intervals, antisymmetric and at most the wall time', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => +p - +q);
        const ab = workingMillisBetween(a, b);
        return (
          ab + workingMillisBetween(b, c) === workingMillisBetween(a, c) &&
          workingMillisBetween(b, a) === -ab &&
          ab >= 0 &&
          ab <= +b - +a
        );
      }),
    );
  });

  it('a full working day holds 7.5 working hours (one day limit), a day off none', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumberOf('2025-01-01'), max: dayNumberOf('2027-12-31') }), (day) => {
        const date = dateOfDayNumber(day);
        const hours = workingHoursBetween(bj(`${date}T00:00:00`), bj(`${date}T23:59:59`));
        return hours === (isWorkingDay(day) ? 7.5 : 0) && limitToMillis({ amount: 1, unit: 'days' }) === 7.5 * HOUR && beijingDate(bj(`${date}T23:59:59`)) === date;
      }),
    );
  });
});

it('formats limits in Chinese', () => {
  expect(formatTimeLimit({ amount: 5, unit: 'hours' })).toBe('5 个工作小时');
  expect(formatTimeLimit({ amount: 15, unit: 'days' })).toBe('15 个工作日');
});
