import { FIGURES_GROUP_BY } from '../constants/ticket';
import { figuresPeriod } from '../schemas/ticket.schema';
import {
  FIGURES_CSV_COLUMNS,
  FigureTicket,
  compareFigureKeys,
  computeFigures,
  figureMinutes,
  figureRate,
  isOnTime,
} from './ticket-figures';

/*
 * A hand-computed month. Times are UTC; Beijing is UTC+8, so November (Beijing) runs from
 * 2026-10-31T16:00Z to 2026-11-30T16:00Z. Each ticket's comment says how it counts.
 */
const d = (iso: string) => new Date(iso);
const base: FigureTicket = {
  status: 'reported',
  source: 'resident',
  categoryCode: 'X',
  streetId: 1,
  communityId: 11,
  leadDepartment: null,
  createdAt: d('2026-11-02T00:00:00Z'),
  filedAt: null,
  dispatchedAt: null,
  handledAt: null,
  closedAt: null,
  handleDeadline: null,
  reworkCount: 0,
  extensionCount: 0,
  rating: null,
  resolvedLevel: null,
  coReporterCount: 0,
};
const T: Record<string, FigureTicket> = {
  // Rated 5, on time, by a district department; file 60 min, dispatch 60 min, close 36 h; 2 co-reporters.
  A: { ...base, status: 'rated', leadDepartment: 'chengguan', createdAt: d('2026-11-02T00:00:00Z'), filedAt: d('2026-11-02T01:00:00Z'), dispatchedAt: d('2026-11-02T02:00:00Z'), handledAt: d('2026-11-03T00:00:00Z'), handleDeadline: d('2026-11-04T00:00:00Z'), closedAt: d('2026-11-03T12:00:00Z'), rating: 5, resolvedLevel: 'department', coReporterCount: 2 },
  // Hotline, closed late after a rework and an extension, by the grid on dispatch (street); file 30, dispatch 60, close 54 h.
  B: { ...base, status: 'closed', source: 'hotline', communityId: 12, createdAt: d('2026-11-05T00:00:00Z'), filedAt: d('2026-11-05T00:30:00Z'), dispatchedAt: d('2026-11-05T01:30:00Z'), handledAt: d('2026-11-07T00:00:00Z'), handleDeadline: d('2026-11-06T00:00:00Z'), closedAt: d('2026-11-07T06:00:00Z'), reworkCount: 1, extensionCount: 1, resolvedLevel: 'street' },
  // Reopened, in handling again; file 120, dispatch 60; 1 co-reporter.
  C: { ...base, status: 'handling', categoryCode: 'Y', leadDepartment: 'police', createdAt: d('2026-11-10T00:00:00Z'), filedAt: d('2026-11-10T02:00:00Z'), dispatchedAt: d('2026-11-10T03:00:00Z'), handleDeadline: d('2026-11-12T00:00:00Z'), reworkCount: 1, coReporterCount: 1 },
  // Fixed on the spot in street 2, waiting for verification; file 10 min, never dispatched.
  D: { ...base, status: 'handled', source: 'grid_patrol', streetId: 2, communityId: 21, createdAt: d('2026-11-12T00:00:00Z'), filedAt: d('2026-11-12T00:10:00Z'), handledAt: d('2026-11-12T00:10:00Z'), resolvedLevel: 'grid' },
  // Filed, then refused: intake only (reported + refused), not in the cohort.
  E: { ...base, status: 'refused', createdAt: d('2026-11-15T00:00:00Z'), filedAt: d('2026-11-15T01:00:00Z') },
  // Refused without filing: reported + refused.
  F: { ...base, status: 'refused', createdAt: d('2026-11-16T00:00:00Z') },
  // Withdrawn: reported only.
  G: { ...base, status: 'cancelled', createdAt: d('2026-11-17T00:00:00Z') },
  // Waiting: reported on 30 Nov, 04:00 Beijing (still in the period).
  H: { ...base, createdAt: d('2026-11-29T20:00:00Z') },
  // Reported 31 Oct 23:00 Beijing (before), self-handled and filed 1 Nov 01:00 Beijing (in): cohort, not intake. Rated 3.
  I: { ...base, status: 'closed', createdAt: d('2026-10-31T15:00:00Z'), filedAt: d('2026-10-31T17:00:00Z'), handledAt: d('2026-10-31T17:00:00Z'), closedAt: d('2026-11-01T00:00:00Z'), rating: 3, resolvedLevel: 'grid' },
  // 1 Dec Beijing: outside the period entirely.
  J: { ...base, status: 'filed', createdAt: d('2026-11-30T17:00:00Z'), filedAt: d('2026-11-30T18:00:00Z') },
  // Street 2, rated 4, on time after one extension, street team; file 20, dispatch 30, close 32 h.
  K: { ...base, status: 'rated', categoryCode: 'Y', streetId: 2, communityId: 21, leadDepartment: 'chengguan', createdAt: d('2026-11-20T00:00:00Z'), filedAt: d('2026-11-20T00:20:00Z'), dispatchedAt: d('2026-11-20T00:50:00Z'), handledAt: d('2026-11-21T00:00:00Z'), handleDeadline: d('2026-11-22T00:00:00Z'), closedAt: d('2026-11-21T08:00:00Z'), extensionCount: 1, rating: 4, resolvedLevel: 'street' },
};
const ALL = Object.values(T);
const NOVEMBER = figuresPeriod({ from: '2026-11-01', to: '2026-11-30' });

describe('figures: the hand-computed month', () => {
  const { total } = computeFigures(ALL, NOVEMBER);

  it('counts intake by creation and the cohort by filing', () => {
    expect(total).toMatchObject({
      reported: 9, // A B C D E F G H K
      refused: 2, // E F
      filed: 6, // A B C D I K
      handled: 5, // A B D I K (C is back in handling)
      closed: 4, // A B I K
      closedOnTime: 3, // A I K (B handled after its deadline)
      reworked: 2, // B C
      extended: 2, // B K
      rated: 3, // A I K
      satisfied: 2, // A K (I rated 3)
      coReporters: 3,
    });
  });

  it('rates over the cohort, 4 decimals', () => {
    expect(total).toMatchObject({
      handlingRate: 0.8333,
      closureRate: 0.6667,
      onTimeClosureRate: 0.5,
      reworkRate: 0.3333,
      extensionRate: 0.3333,
      satisfactionRate: 0.6667,
    });
  });

  it('average times in minutes', () => {
    expect(total.avgMinutesToFile).toBe(60); // (60 + 30 + 120 + 10 + 120 + 20) / 6
    expect(total.avgMinutesToDispatch).toBe(52.5); // (60 + 60 + 60 + 30) / 4
    expect(total.avgMinutesToClose).toBe(1965); // (2160 + 3240 + 540 + 1920) / 4
  });

  it('where closed tickets were resolved', () => {
    expect(total.resolvedAt).toEqual({ grid: 1, street: 2, district: 0, department: 1 });
    expect(total.resolvedShare).toEqual({ grid: 0.25, street: 0.5, district: 0, department: 0.25 });
  });
});

describe('figures: groups and filters', () => {
  it('by street', () => {
    const { groups } = computeFigures(ALL, NOVEMBER, { groupBy: 'street', labelOf: (k) => `街道${k}` });
    expect(groups.map((g) => [g.key, g.label, g.reported, g.refused, g.filed, g.handled, g.closed, g.closedOnTime, g.reworked, g.extended, g.rated, g.satisfied, g.coReporters])).toEqual([
      ['1', '街道1', 7, 2, 4, 3, 3, 2, 2, 1, 2, 1, 3],
      ['2', '街道2', 2, 0, 2, 2, 1, 1, 0, 1, 1, 1, 0],
    ]);
  });

  it('by lead department, with a "none" group last', () => {
    const { groups } = computeFigures(ALL, NOVEMBER, { groupBy: 'department' });
    expect(groups.map((g) => [g.key, g.label, g.reported, g.filed])).toEqual([
      ['chengguan', 'chengguan', 2, 2],
      ['police', 'police', 1, 1],
      [null, '未分组', 6, 3],
    ]);
  });

  it('by Beijing day: cohort by filing day, intake by creation day', () => {
    const { groups } = computeFigures(ALL, NOVEMBER, { groupBy: 'day' });
    const byKey = Object.fromEntries(groups.map((g) => [g.key, g]));
    expect(byKey['2026-11-01']).toMatchObject({ reported: 0, filed: 1 }); // I
    expect(byKey['2026-11-30']).toMatchObject({ reported: 1, filed: 0 }); // H
    expect(byKey['2026-10-31']).toBeUndefined();
    expect(groups.map((g) => g.key)).toEqual([...groups.map((g) => g.key)].sort());
  });

  it('by month', () => {
    const { groups } = computeFigures(ALL, NOVEMBER, { groupBy: 'month' });
    expect(groups.map((g) => [g.key, g.reported, g.filed])).toEqual([['2026-11', 9, 6]]);
  });

  it('filters by community, category, source', () => {
    expect(computeFigures(ALL, NOVEMBER, { filter: { communityId: 21 } }).total).toMatchObject({ reported: 2, filed: 2 });
    expect(computeFigures(ALL, NOVEMBER, { filter: { categoryCode: 'Y' } }).total).toMatchObject({ reported: 2, filed: 2, closed: 1 });
    expect(computeFigures(ALL, NOVEMBER, { filter: { source: 'hotline', streetId: 1 } }).total).toMatchObject({ reported: 1, filed: 1, closedOnTime: 0 });
  });

  it.each(FIGURES_GROUP_BY.map((g) => [g]))('groups by %s add up to the total', (groupBy) => {
    const { total, groups } = computeFigures(ALL, NOVEMBER, { groupBy });
    const keys = ['reported', 'refused', 'filed', 'handled', 'closed', 'closedOnTime', 'reworked', 'extended', 'rated', 'satisfied', 'coReporters'] as const;
    for (const k of keys) expect([k, groups.reduce((s, g) => s + g[k], 0)]).toEqual([k, total[k]]);
  });

  it('an empty period gives zero counts and null rates', () => {
    const { total, groups } = computeFigures(ALL, figuresPeriod({ from: '2025-01-01', to: '2025-01-31' }), { groupBy: 'street' });
    expect(groups).toEqual([]);
    expect(total).toMatchObject({ filed: 0, handlingRate: null, satisfactionRate: null, avgMinutesToClose: null });
    expect(total.resolvedShare).toEqual({ grid: null, street: null, district: null, department: null });
  });
});

describe('figures: building blocks', () => {
  it('rates and minutes round as documented', () => {
    expect(figureRate(1, 3)).toBe(0.3333);
    expect(figureRate(2, 3)).toBe(0.6667);
    expect(figureRate(0, 0)).toBeNull();
    expect(figureMinutes(90_000, 1)).toBe(1.5);
    expect(figureMinutes(100_000, 3)).toBe(0.6); // 33.33 s
    expect(figureMinutes(0, 0)).toBeNull();
  });
  it('on time: handled no later than the deadline in force; no deadline is on time; not handled is not', () => {
    expect(isOnTime({ ...base, handledAt: d('2026-11-04T00:00:00Z'), handleDeadline: d('2026-11-04T00:00:00Z') })).toBe(true);
    expect(isOnTime({ ...base, handledAt: d('2026-11-04T00:00:00.001Z'), handleDeadline: d('2026-11-04T00:00:00Z') })).toBe(false);
    expect(isOnTime({ ...base, handledAt: d('2026-11-04T00:00:00Z') })).toBe(true);
    expect(isOnTime(base)).toBe(false);
  });
  it('orders keys numerically, then textually, none last', () => {
    expect(['10', null, '9', 'b', 'a'].sort(compareFigureKeys)).toEqual(['9', '10', 'a', 'b', null]);
  });
  it('CSV columns cover every figure', () => {
    const { total } = computeFigures(ALL, NOVEMBER);
    const cells = FIGURES_CSV_COLUMNS.map((c) => c.cell(total));
    expect(FIGURES_CSV_COLUMNS.map((c) => c.header)).toContain('按期办结率');
    expect(cells).toEqual(['合计', 9, 2, 6, 5, 4, 3, 2, 2, 3, 2, 0.8333, 0.6667, 0.5, 0.3333, 0.3333, 0.6667, 60, 52.5, 1965, 0.25, 0.5, 0, 0.25]);
  });
});
