import { checkinSchema, createRotaSchema, joinRotaSchema, requestExemptionSchema, rotaReviewSchema } from '../schemas/rota.schema';
import { safeParseZh } from '../schemas/common';
import { areaCentre, checkGeofence, dutyState, formatPeriodZh, openingDaysLabel, rosterPhone } from './rota';
import { beijingDateAt, beijingMidnight, firstOpenIndex, isoWeekday, mondayOf, periodIndexOn } from './rota-dates';
import type { LngLat } from './geo';

const square: LngLat[][] = [[[118.6, 32.0], [118.61, 32.0], [118.61, 32.01], [118.6, 32.01], [118.6, 32.0]]];

describe('rota rules', () => {
  it('geofence: inside, within tolerance, outside; an area without shapes is never inside', () => {
    expect(checkGeofence([118.605, 32.005], [square], 0)).toEqual({ inside: true, distanceMeters: 0 });
    const near = checkGeofence([118.6105, 32.005], [null, square], 100);
    expect(near.inside).toBe(true);
    expect(near.distanceMeters).toBeGreaterThan(30);
    expect(checkGeofence([118.62, 32.005], [square], 100).inside).toBe(false);
    expect(checkGeofence([118.605, 32.005], [null], 100)).toEqual({ inside: false, distanceMeters: -1 });
    const c = areaCentre([square])!;
    expect(c[0]).toBeCloseTo(118.605, 6);
    expect(c[1]).toBeCloseTo(32.005, 6);
  });

  it('labels: opening days, periods, phones on the roster, duty states', () => {
    expect(openingDaysLabel(0b1111111)).toBe('每天');
    expect(openingDaysLabel(0b0011111)).toBe('周一至周五');
    expect(openingDaysLabel(0b1000001)).toBe('周一、周日');
    expect(formatPeriodZh({ from: '2026-12-07', to: '2026-12-13' })).toBe('12月7日—12月13日');
    expect(rosterPhone('13812345678', false)).toBe('138****5678');
    expect(rosterPhone('13812345678', true)).toBe('13812345678');
    const p = { from: '2026-12-07', to: '2026-12-13' };
    expect([dutyState(p, '2026-12-06', false), dutyState(p, '2026-12-07', false), dutyState(p, '2026-12-14', false), dutyState(p, '2026-12-14', true)]).toEqual(['upcoming', 'current', 'missed', 'completed']);
  });

  it('Beijing dates: the day turns at 16:00 UTC; weeks start on Monday; started periods are frozen', () => {
    expect(beijingDateAt(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
    expect(beijingDateAt(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
    expect(beijingMidnight('2026-11-30').toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    const cal = { startDate: '2026-11-30', periodWeeks: 1 };
    expect(periodIndexOn(cal, '2026-11-29')).toBe(-1);
    expect([firstOpenIndex(cal, '2026-11-29'), firstOpenIndex(cal, '2026-11-30'), firstOpenIndex(cal, '2026-12-07')]).toEqual([0, 1, 2]);
  });
});

describe('rota schemas (Chinese messages per field)', () => {
  it('create rota: Monday start, 1-2 on duty, grids required', () => {
    const r = safeParseZh(createRotaSchema, { name: '轮', gridIds: [], startDate: '2026-12-02', slots: 3 });
    expect(r).toEqual({ success: false, fields: { name: '轮值名称至少 2 个字', gridIds: '请至少选择一个网格', startDate: '开始日期应为星期一', slots: '每周最多 2 家' } });
    const ok = safeParseZh(createRotaSchema, { name: '津浦路轮值', gridIds: [1], startDate: '2026-11-30', slots: 1 });
    expect(ok.success && ok.data).toMatchObject({ weeksAhead: 12, checkinsRequired: 3, holidayPolicy: 'skip', enrolAllInArea: false });
  });

  it('check-in needs the separate consent; exemption dates in order; rejection needs a reason; join is shop xor volunteer', () => {
    expect(safeParseZh(checkinSchema, { kind: 'start', lng: 118.6, lat: 32 })).toEqual({ success: false, fields: { consent: '请先同意使用位置信息进行值守打卡' } });
    expect(safeParseZh(requestExemptionSchema, { rotaId: 1, participantId: 2, from: '2026-12-10', to: '2026-12-01', reason: 'away' })).toEqual({ success: false, fields: { to: '结束日期不能早于开始日期' } });
    expect(safeParseZh(rotaReviewSchema, { approve: false })).toEqual({ success: false, fields: { note: '不通过时请填写理由（至少 2 个字）' } });
    expect(safeParseZh(joinRotaSchema, {}).success).toBe(false);
    expect(safeParseZh(joinRotaSchema, { participantId: 3 }).success).toBe(true);
  });
});
