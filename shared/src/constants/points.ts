import { AuditActionLabelZh } from './moderation';

/**
 * Points (积分): why an entry was written, the earning rules an admin configures per district, and the
 * states of rewards and redemptions. Points come from verified contributions only, are never given for
 * sharing and are never convertible to cash (WECHAT.md).
 */

/** The reason of a ledger entry. The first five are earning rules configured per district. */
export const PointsRule = {
  /** A report filed as valid (立案), first reporter. */
  ReportFiled: 'report_filed',
  /** A co-reporter of a filed report who added new evidence. */
  ReportCoReporter: 'report_co_reporter',
  /** The reporter confirmed the fix (核查 by the reporter). */
  ReportConfirmedFix: 'report_confirmed_fix',
  /** A shop's duty week (值守周) completed. */
  DutyWeekCompleted: 'duty_week_completed',
  /** A tip (线索) marked useful by the police. */
  TipUseful: 'tip_useful',
  /** An admin's manual adjustment (mandatory reason, audited). */
  ManualAdjustment: 'manual_adjustment',
  /** Points spent on a reward. */
  Redemption: 'redemption',
  /** Refund of a cancelled or expired redemption (a reversal of the redemption entry). */
  RedemptionRefund: 'redemption_refund',
  /** Claw-back or correction: reverses an earlier entry. */
  Reversal: 'reversal',
} as const;
export type PointsRule = (typeof PointsRule)[keyof typeof PointsRule];

export const POINTS_RULES: readonly PointsRule[] = Object.values(PointsRule);

/** The rules an admin configures per district (amounts and caps). */
export const EARNING_RULES = [
  'report_filed',
  'report_co_reporter',
  'report_confirmed_fix',
  'duty_week_completed',
  'tip_useful',
] as const satisfies readonly PointsRule[];
export type EarningRule = (typeof EARNING_RULES)[number];

export const isEarningRule = (r: string): r is EarningRule => (EARNING_RULES as readonly string[]).includes(r);

export const PointsRuleLabelZh: Record<PointsRule, string> = {
  report_filed: '上报问题被立案',
  report_co_reporter: '补充有效证据（共同上报）',
  report_confirmed_fix: '确认问题已解决',
  duty_week_completed: '完成轮值值守周',
  tip_useful: '提供有用线索',
  manual_adjustment: '管理员调整',
  redemption: '兑换奖品',
  redemption_refund: '兑换退回',
  reversal: '积分冲正',
};

/** One earning rule of a rule set: points per event and the caps per user (0 = no cap). */
export interface EarningRuleConfig {
  amount: number;
  dailyCap: number;
  monthlyCap: number;
}

/** A district's earning rules: one config per rule plus caps over all earning rules together (0 = none). */
export interface PointsRuleSetConfig {
  rules: Record<EarningRule, EarningRuleConfig>;
  dailyCap: number;
  monthlyCap: number;
}

/** What a district earns before its admin saves a rule set of its own (version 0). */
export const DEFAULT_POINTS_RULES: PointsRuleSetConfig = {
  rules: {
    report_filed: { amount: 10, dailyCap: 30, monthlyCap: 300 },
    report_co_reporter: { amount: 3, dailyCap: 9, monthlyCap: 90 },
    report_confirmed_fix: { amount: 2, dailyCap: 6, monthlyCap: 60 },
    duty_week_completed: { amount: 50, dailyCap: 50, monthlyCap: 100 },
    tip_useful: { amount: 20, dailyCap: 40, monthlyCap: 200 },
  },
  dailyCap: 100,
  monthlyCap: 1000,
};

export const PointsLimits = {
  /** Largest amount of one rule, one manual adjustment or one reward's cost. */
  maxAmount: 100_000,
  /** Largest cap value. */
  maxCap: 1_000_000,
  maxStock: 100_000,
  maxPerUserLimit: 100,
  reasonMin: 2,
  reasonMax: 200,
  titleMax: 40,
  descriptionMax: 500,
  pickupPlaceMax: 100,
  /** Rows of one statement export. */
  statementMaxRows: 10_000,
  /** Leaderboard length. */
  leaderboardSize: 50,
} as const;

/** Who provides a reward. */
export const RewardProvider = {
  CommunityCentre: 'community_centre',
  Shop: 'shop',
} as const;
export type RewardProvider = (typeof RewardProvider)[keyof typeof RewardProvider];

export const RewardProviderLabelZh: Record<RewardProvider, string> = {
  community_centre: '社区服务中心',
  shop: '商户',
};

/** A reward item's review state: a shop's offer waits for an admin; the community centre's are approved at once. */
export const RewardStatus = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
  Withdrawn: 'withdrawn',
} as const;
export type RewardStatus = (typeof RewardStatus)[keyof typeof RewardStatus];

export const RewardStatusLabelZh: Record<RewardStatus, string> = {
  pending: '待审核',
  approved: '已上架',
  rejected: '未通过',
  withdrawn: '已下架',
};

export const RedemptionStatus = {
  Issued: 'issued',
  Fulfilled: 'fulfilled',
  Cancelled: 'cancelled',
  Expired: 'expired',
} as const;
export type RedemptionStatus = (typeof RedemptionStatus)[keyof typeof RedemptionStatus];

export const RedemptionStatusLabelZh: Record<RedemptionStatus, string> = {
  issued: '待领取',
  fulfilled: '已领取',
  cancelled: '已取消',
  expired: '已过期',
};

/** Redemption codes: 10 digits (typed by the provider when scanning is not possible), shown as 3-3-4. */
export const REDEMPTION_CODE_LENGTH = 10;

/** Chinese labels of the points actions in the audit log (操作日志). */
export const PointsAuditActionLabelZh: Record<string, string> = {
  'points.rules_save': '修改积分规则',
  'points.reward_create': '新建社区奖品',
  'points.reward_approve': '通过商户奖品',
  'points.reward_reject': '驳回商户奖品',
  'points.reward_withdraw': '下架奖品',
  'points.adjust': '调整积分',
  'points.statement_export': '导出积分对账单',
};
// The audit log's label table lives with the moderation feature; the points actions join it here.
Object.assign(AuditActionLabelZh, PointsAuditActionLabelZh);
