import { z } from 'zod';
import { EARNING_RULES, PointsLimits, REDEMPTION_CODE_LENGTH, type EarningRule } from '../constants/points';
import { normalizeRedemptionCode } from '../domain/points';
import { idSchema } from './common';

const L = PointsLimits;

/** A keyset page of my ledger entries. */
export const pointsHistoryQuerySchema = z
  .object({
    cursor: z.string().trim().regex(/^\d{1,12}$/, '分页参数无效').optional(),
    limit: z.coerce.number().int().min(1, '每页至少 1 条').max(100, '每页最多 100 条').optional(),
  })
  .strict();
export type PointsHistoryQuery = z.infer<typeof pointsHistoryQuerySchema>;

export const updatePointsSettingsSchema = z
  .object({
    leaderboardOptOut: z.boolean({ required_error: '请选择是否在排行榜上隐藏姓名', invalid_type_error: '应为是或否' }),
  })
  .strict();
export type UpdatePointsSettingsInput = z.infer<typeof updatePointsSettingsSchema>;

/** The catalogue, optionally only the rewards offered inside one unit. */
export const rewardsQuerySchema = z.object({ unitId: idSchema.optional() }).strict();
export type RewardsQuery = z.infer<typeof rewardsQuerySchema>;

/** The client's key of one redemption request: retries with the same key redeem once. */
export const clientKeySchema = z
  .string({ required_error: '缺少请求编号', invalid_type_error: '请求编号格式不正确' })
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');

export const redeemSchema = z.object({ clientKey: clientKeySchema }).strict();
export type RedeemInput = z.infer<typeof redeemSchema>;

/** A redemption code as typed (spaces and dashes allowed) or scanned (`LINLI:` prefix allowed). */
export const redemptionCodeSchema = z
  .object({
    code: z
      .string({ required_error: '请输入兑换码', invalid_type_error: '请输入兑换码' })
      .trim()
      .max(40, '兑换码格式不正确')
      .transform(normalizeRedemptionCode)
      .refine((c) => new RegExp(`^\\d{${REDEMPTION_CODE_LENGTH}}$`).test(c), `兑换码应为 ${REDEMPTION_CODE_LENGTH} 位数字`),
  })
  .strict();
export type RedemptionCodeInput = z.infer<typeof redemptionCodeSchema>;

/** A month as `YYYY-MM` or `YYYYMM`, parsed to the number YYYYMM. */
export const monthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-?(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  .transform((v) => Number(v.replace('-', '')));

export const leaderboardQuerySchema = z
  .object({
    unitId: idSchema,
    month: monthSchema.optional(),
  })
  .strict();
export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;

const amountField = (label: string) =>
  z
    .number({ required_error: `请填写${label}`, invalid_type_error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负数`)
    .max(L.maxAmount, `${label}不能大于 ${L.maxAmount}`);
const capField = (label: string) =>
  z
    .number({ required_error: `请填写${label}`, invalid_type_error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负数（0 表示不设上限）`)
    .max(L.maxCap, `${label}不能大于 ${L.maxCap}`);

const earningRuleConfigSchema = z
  .object({ amount: amountField('积分'), dailyCap: capField('每日上限'), monthlyCap: capField('每月上限') })
  .strict();

export const pointsRuleSetConfigSchema = z
  .object({
    rules: z
      .object(Object.fromEntries(EARNING_RULES.map((r) => [r, earningRuleConfigSchema])) as Record<EarningRule, typeof earningRuleConfigSchema>)
      .strict(),
    dailyCap: capField('每日总上限'),
    monthlyCap: capField('每月总上限'),
  })
  .strict();

export const ruleSetQuerySchema = z.object({ districtId: idSchema.optional() }).strict();
export type RuleSetQuery = z.infer<typeof ruleSetQuerySchema>;

/** A new version of a district's rules; `baseVersion` is the version the admin edited (stale: 409). */
export const saveRuleSetSchema = z
  .object({
    districtId: idSchema,
    baseVersion: z.number({ required_error: '缺少版本号', invalid_type_error: '版本号应为数字' }).int().min(0),
    config: pointsRuleSetConfigSchema,
    note: z.string().trim().max(200, '说明最多 200 个字').optional(),
  })
  .strict();
export type SaveRuleSetInput = z.infer<typeof saveRuleSetSchema>;

const isoDate = (label: string) =>
  z
    .string({ required_error: `请选择${label}`, invalid_type_error: `请选择${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, `${label}格式应为 YYYY-MM-DD`)
    .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00+08:00` : v)), `${label}无效`);

/**
 * A reward offered by a shop owner or created by an admin for the community centre. Dates are Beijing
 * days (YYYY-MM-DD: from the start of `validFrom` to the end of `validUntil`) or ISO times.
 */
export const rewardInputSchema = z
  .object({
    title: z.string({ required_error: '请填写奖品名称' }).trim().min(2, '奖品名称至少 2 个字').max(L.titleMax, `奖品名称最多 ${L.titleMax} 个字`),
    description: z.string().trim().max(L.descriptionMax, `说明最多 ${L.descriptionMax} 个字`).optional(),
    cost: z
      .number({ required_error: '请填写所需积分', invalid_type_error: '所需积分应为数字' })
      .int('所需积分应为整数')
      .min(1, '所需积分应大于 0')
      .max(L.maxAmount, `所需积分不能大于 ${L.maxAmount}`),
    stock: z
      .number({ required_error: '请填写库存', invalid_type_error: '库存应为数字' })
      .int('库存应为整数')
      .min(1, '库存应大于 0')
      .max(L.maxStock, `库存不能大于 ${L.maxStock}`),
    perUserLimit: z
      .number({ required_error: '请填写每人限兑数量', invalid_type_error: '每人限兑数量应为数字' })
      .int('每人限兑数量应为整数')
      .min(1, '每人限兑数量应大于 0')
      .max(L.maxPerUserLimit, `每人限兑数量不能大于 ${L.maxPerUserLimit}`),
    validFrom: isoDate('开始日期'),
    validUntil: isoDate('截止日期'),
    pickupPlace: z.string({ required_error: '请填写领取地点' }).trim().min(2, '请填写领取地点').max(L.pickupPlaceMax, `领取地点最多 ${L.pickupPlaceMax} 个字`),
    /** Admins: the unit (community or street) offering it. Shop owners: their shop's unit is used. */
    unitId: idSchema.optional(),
    /** Shown as the provider (shop or centre name); defaults to the unit's or the shop owner's name. */
    providerName: z.string().trim().min(2, '提供方名称至少 2 个字').max(60, '提供方名称最多 60 个字').optional(),
  })
  .strict()
  .refine((v) => parseRewardDate(v.validUntil, true) > parseRewardDate(v.validFrom, false), {
    path: ['validUntil'],
    message: '截止日期应晚于开始日期',
  });
export type RewardInput = z.infer<typeof rewardInputSchema>;

/** Parses a reward date: a bare date is Beijing midnight (start of day, or end of day for `validUntil`). */
export function parseRewardDate(value: string, endOfDay: boolean): Date {
  if (value.length === 10) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    return new Date(endOfDay ? start + 86_400_000 - 1 : start);
  }
  return new Date(value);
}

export const adminRewardsQuerySchema = z
  .object({ status: z.enum(['pending', 'approved', 'rejected', 'withdrawn'], { errorMap: () => ({ message: '不是可选的状态' }) }).optional() })
  .strict();
export type AdminRewardsQuery = z.infer<typeof adminRewardsQuerySchema>;

export const reviewRewardSchema = z
  .object({
    decision: z.enum(['approve', 'reject'], { errorMap: () => ({ message: '请选择通过或驳回' }) }),
    note: z.string().trim().max(200, '审核意见最多 200 个字').optional(),
    version: z.number({ required_error: '缺少版本号', invalid_type_error: '版本号应为数字' }).int().positive(),
  })
  .strict()
  .refine((v) => v.decision === 'approve' || (v.note?.length ?? 0) >= 2, { path: ['note'], message: '驳回时请填写理由（至少 2 个字）' });
export type ReviewRewardInput = z.infer<typeof reviewRewardSchema>;

const reasonSchema = z
  .string({ required_error: '请填写原因', invalid_type_error: '请填写原因' })
  .trim()
  .min(L.reasonMin, `请填写原因（至少 ${L.reasonMin} 个字）`)
  .max(L.reasonMax, `原因最多 ${L.reasonMax} 个字`);

export const withdrawRewardSchema = z.object({ reason: reasonSchema }).strict();
export type WithdrawRewardInput = z.infer<typeof withdrawRewardSchema>;

/** An admin's manual adjustment: a non-zero amount (negative takes points away), a mandatory reason. */
export const adjustmentSchema = z
  .object({
    userId: idSchema,
    amount: z
      .number({ required_error: '请填写调整积分', invalid_type_error: '调整积分应为数字' })
      .int('调整积分应为整数')
      .min(-L.maxAmount, `调整积分不能小于 -${L.maxAmount}`)
      .max(L.maxAmount, `调整积分不能大于 ${L.maxAmount}`)
      .refine((n) => n !== 0, '调整积分不能为 0'),
    reason: reasonSchema,
    /** The admin unit the adjustment is made for (audit log, leaderboards). */
    unitId: idSchema,
    clientKey: clientKeySchema,
  })
  .strict();
export type AdjustmentInput = z.infer<typeof adjustmentSchema>;

/** Admin search: a user number, or part of a nickname (users with points activity inside the admin's units). */
export const adminPointsUsersQuerySchema = z
  .object({ q: z.string({ required_error: '请输入昵称或用户编号' }).trim().min(1, '请输入昵称或用户编号').max(40, '最多 40 个字') })
  .strict();
export type AdminPointsUsersQuery = z.infer<typeof adminPointsUsersQuerySchema>;
