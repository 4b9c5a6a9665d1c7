import { DEFAULT_POINTS_RULES } from '../constants/points';
import {
  addCapUsage,
  beijingDay,
  beijingDayStart,
  beijingMonth,
  beijingMonthRange,
  beijingMonthStart,
  calculateAward,
  completeRuleSet,
  currentCapUsage,
  districtPathOf,
  earnedFromUsage,
  formatRedemptionCode,
  normalizeRedemptionCode,
  redemptionQrText,
} from './points';
import { adjustmentSchema, redemptionCodeSchema, rewardInputSchema, saveRuleSetSchema } from '../schemas/points.schema';
import { safeParseZh } from '../schemas/common';

const none = { ruleDay: 0, ruleMonth: 0, allDay: 0, allMonth: 0 };

describe('calculateAward', () => {
  it('gives the rule amount when no cap is near', () => {
    expect(calculateAward(DEFAULT_POINTS_RULES, 'report_filed', none)).toBe(10);
  });

  it('cuts to what is left under the tightest cap, and gives 0 at a cap', () => {
    expect(calculateAward(DEFAULT_POINTS_RULES, 'report_filed', { ...none, ruleDay: 25 })).toBe(5);
    expect(calculateAward(DEFAULT_POINTS_RULES, 'report_filed', { ...none, ruleDay: 30 })).toBe(0);
    expect(calculateAward(DEFAULT_POINTS_RULES, 'report_filed', { ...none, ruleMonth: 299 })).toBe(1);
    expect(calculateAward(DEFAULT_POINTS_RULES, 'tip_useful', { ...none, allDay: 95 })).toBe(5);
    expect(calculateAward(DEFAULT_POINTS_RULES, 'tip_useful', { ...none, allMonth: 1000 })).toBe(0);
  });

  it('0 means no cap; a rule of 0 gives nothing', () => {
    const config = completeRuleSet({ rules: { ...DEFAULT_POINTS_RULES.rules, report_filed: { amount: 7, dailyCap: 0, monthlyCap: 0 } }, dailyCap: 0, monthlyCap: 0 });
    expect(calculateAward(config, 'report_filed', { ruleDay: 1e6, ruleMonth: 1e6, allDay: 1e6, allMonth: 1e6 })).toBe(7);
    const off = completeRuleSet({ rules: { ...DEFAULT_POINTS_RULES.rules, tip_useful: { amount: 0, dailyCap: 0, monthlyCap: 0 } } });
    expect(calculateAward(off, 'tip_useful', none)).toBe(0);
  });
});

describe('cap usage', () => {
  // 2026-11-23 23:30 Beijing = 15:30 UTC
  const late = new Date('2026-11-23T15:30:00Z');
  const nextDay = new Date('2026-11-23T16:30:00Z'); // 00:30 Beijing on the 24th

  it('counts per rule and in total, and starts afresh on a new Beijing day / month', () => {
    let u = currentCapUsage({ day: 0, month: 0, d: {}, m: {} }, late);
    u = addCapUsage(u, 'report_filed', 10, late);
    u = addCapUsage(u, 'tip_useful', 20, late);
    expect(earnedFromUsage(u, 'report_filed')).toEqual({ ruleDay: 10, ruleMonth: 10, allDay: 30, allMonth: 30 });
    const tomorrow = currentCapUsage(u, nextDay);
    expect(earnedFromUsage(tomorrow, 'report_filed')).toEqual({ ruleDay: 0, ruleMonth: 10, allDay: 0, allMonth: 30 });
    const december = currentCapUsage(u, new Date('2026-11-30T16:00:00Z'));
    expect(earnedFromUsage(december, 'tip_useful')).toEqual(none);
  });

  it('a claw-back gives room back only in the periods of the original, never below 0', () => {
    let u = currentCapUsage({ day: 0, month: 0, d: {}, m: {} }, nextDay);
    u = addCapUsage(u, 'report_filed', 10, nextDay);
    const yesterdayAward = addCapUsage(u, 'report_filed', -10, late); // earned yesterday: only the month changes
    expect(earnedFromUsage(yesterdayAward, 'report_filed')).toEqual({ ruleDay: 10, ruleMonth: 0, allDay: 10, allMonth: 0 });
    expect(earnedFromUsage(addCapUsage(u, 'report_filed', -50, nextDay), 'report_filed')).toEqual(none);
  });
});

describe('Beijing periods', () => {
  it('day and month boundaries are in Beijing time', () => {
    expect(beijingDay(new Date('2026-11-23T15:59:59Z'))).toBe(20261123);
    expect(beijingDay(new Date('2026-11-23T16:00:00Z'))).toBe(20261124);
    expect(beijingDayStart(new Date('2026-11-23T10:00:00Z')).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(beijingMonth(new Date('2026-11-30T16:00:00Z'))).toBe(202612);
    expect(beijingMonthStart(new Date('2026-12-05T00:00:00Z')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(beijingMonthRange(202612).map((d) => d.toISOString())).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
  });

  it('the district of a unit path', () => {
    expect(districtPathOf('/320111/320111001/320111001005/')).toBe('/320111/');
    expect(districtPathOf(null)).toBeNull();
    expect(districtPathOf('/')).toBeNull();
  });
});

describe('redemption codes', () => {
  it('formats, normalises typed or scanned text, and builds the QR text', () => {
    expect(formatRedemptionCode('1234567890')).toBe('123 456 7890');
    expect(normalizeRedemptionCode('LINLI:123 456-7890')).toBe('1234567890');
    expect(redemptionQrText('123 456 7890')).toBe('LINLI:1234567890');
  });

  it('the code schema accepts typed and scanned forms and refuses anything else', () => {
    expect(safeParseZh(redemptionCodeSchema, { code: ' 123 456 7890 ' })).toEqual({ success: true, data: { code: '1234567890' } });
    expect(safeParseZh(redemptionCodeSchema, { code: 'linli:1234567890' })).toEqual({ success: true, data: { code: '1234567890' } });
    expect(safeParseZh(redemptionCodeSchema, { code: '12345' })).toEqual({ success: false, fields: { code: '兑换码应为 10 位数字' } });
    expect(safeParseZh(redemptionCodeSchema, {})).toEqual({ success: false, fields: { code: '请输入兑换码' } });
  });
});

describe('bad input (schemas)', () => {
  const reward = { title: '购物袋', cost: 10, stock: 5, perUserLimit: 1, validFrom: '2026-11-01', validUntil: '2026-12-31', pickupPlace: '服务中心' };

  it('rewards: zero or negative cost, stock and limit; an end before the start', () => {
    expect(safeParseZh(rewardInputSchema, reward).success).toBe(true);
    const bad = safeParseZh(rewardInputSchema, { ...reward, cost: 0, stock: -2, perUserLimit: 0 });
    expect(bad).toEqual({ success: false, fields: { cost: '所需积分应大于 0', stock: '库存应大于 0', perUserLimit: '每人限兑数量应大于 0' } });
    expect(safeParseZh(rewardInputSchema, { ...reward, validUntil: '2026-10-01' })).toEqual({ success: false, fields: { validUntil: '截止日期应晚于开始日期' } });
  });

  it('adjustments: a zero amount and a missing reason', () => {
    expect(safeParseZh(adjustmentSchema, { userId: 1, amount: 0, reason: ' ', unitId: 1, clientKey: 'abcdefgh' })).toEqual({
      success: false,
      fields: { amount: '调整积分不能为 0', reason: '请填写原因（至少 2 个字）' },
    });
    expect(safeParseZh(adjustmentSchema, { userId: 1, amount: -5, reason: '更正', unitId: 1, clientKey: 'abcdefgh' }).success).toBe(true);
  });

  it('rules: negative amounts refused, every rule required', () => {
    const config = { ...DEFAULT_POINTS_RULES, rules: { ...DEFAULT_POINTS_RULES.rules, tip_useful: { amount: -1, dailyCap: 0, monthlyCap: 0 } } };
    expect(safeParseZh(saveRuleSetSchema, { districtId: 1, baseVersion: 0, config })).toEqual({ success: false, fields: { 'config.rules.tip_useful.amount': '积分不能为负数' } });
    const { tip_useful: _omit, ...missing } = DEFAULT_POINTS_RULES.rules;
    const res = safeParseZh(saveRuleSetSchema, { districtId: 1, baseVersion: 0, config: { ...DEFAULT_POINTS_RULES, rules: missing } });
    expect(res.success).toBe(false);
  });
});
