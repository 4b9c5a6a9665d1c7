/**
 * Neighbourhood-watch rotas (轮值轮防): participants (shops and volunteer residents), rotas over a watch
 * area, duty periods, swaps, exemptions and check-ins. Statuses are defined once here with Chinese
 * labels and named groups; pages and services never compare raw strings of their own.
 */
import type { DateRange } from '../domain/rota-dates';

export const ParticipantKind = {
  Shop: 'shop',
  Volunteer: 'volunteer',
} as const;
export type ParticipantKind = (typeof ParticipantKind)[keyof typeof ParticipantKind];

export const ParticipantKindLabelZh: Record<ParticipantKind, string> = {
  shop: '商户',
  volunteer: '志愿者',
};

/** A participant profile's review state (registered by its owner, approved by police or a community admin). */
export const ParticipantStatus = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
} as const;
export type ParticipantStatus = (typeof ParticipantStatus)[keyof typeof ParticipantStatus];

export const ParticipantStatusLabelZh: Record<ParticipantStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
};

/** Who acts for a participant: its owner, or staff the owner added. */
export const ParticipantRole = {
  Owner: 'owner',
  Staff: 'staff',
} as const;
export type ParticipantRole = (typeof ParticipantRole)[keyof typeof ParticipantRole];

export const ParticipantRoleLabelZh: Record<ParticipantRole, string> = { owner: '负责人', staff: '店员' };

/** Enrolment of a participant in a rota. */
export const MemberStatus = {
  Pending: 'pending',
  Active: 'active',
  Left: 'left',
  Rejected: 'rejected',
} as const;
export type MemberStatus = (typeof MemberStatus)[keyof typeof MemberStatus];

export const MemberStatusLabelZh: Record<MemberStatus, string> = {
  pending: '待审核',
  active: '轮值中',
  left: '已退出',
  rejected: '未通过',
};

/** Enrolments that hold a place (one per participant and rota at a time). */
export const OPEN_MEMBER_STATUSES: readonly MemberStatus[] = ['pending', 'active'];

export const RotaStatus = {
  Active: 'active',
  Archived: 'archived',
} as const;
export type RotaStatus = (typeof RotaStatus)[keyof typeof RotaStatus];

export const RotaStatusLabelZh: Record<RotaStatus, string> = { active: '进行中', archived: '已归档' };

/** What public holidays do to a rota: no duty in a week that is mostly holiday, or duty as usual. */
export const HolidayPolicy = {
  Skip: 'skip',
  Keep: 'keep',
} as const;
export type HolidayPolicy = (typeof HolidayPolicy)[keyof typeof HolidayPolicy];

export const HolidayPolicyLabelZh: Record<HolidayPolicy, string> = {
  skip: '法定节假日所在周停班',
  keep: '节假日照常值守',
};

/** Swap: requested by A -> accepted by B -> approved by the officer (or the rota auto-approves). */
export const SwapStatus = {
  PendingPeer: 'pending_peer',
  PendingOfficer: 'pending_officer',
  Approved: 'approved',
  Declined: 'declined',
  Rejected: 'rejected',
  Cancelled: 'cancelled',
  /** Overtaken: a week started, or a side left the rota, before it was decided. */
  Expired: 'expired',
} as const;
export type SwapStatus = (typeof SwapStatus)[keyof typeof SwapStatus];

export const SwapStatusLabelZh: Record<SwapStatus, string> = {
  pending_peer: '等待对方同意',
  pending_officer: '等待民警审批',
  approved: '已生效',
  declined: '对方已拒绝',
  rejected: '民警未批准',
  cancelled: '已撤回',
  expired: '已失效',
};

export const OPEN_SWAP_STATUSES: readonly SwapStatus[] = ['pending_peer', 'pending_officer'];

export const ExemptionStatus = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
  Cancelled: 'cancelled',
} as const;
export type ExemptionStatus = (typeof ExemptionStatus)[keyof typeof ExemptionStatus];

export const ExemptionStatusLabelZh: Record<ExemptionStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '未批准',
  cancelled: '已撤回',
};

export const EXEMPTION_REASONS = ['closed', 'away', 'illness', 'other'] as const;
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];

export const ExemptionReasonLabelZh: Record<ExemptionReason, string> = {
  closed: '店铺停业',
  away: '负责人外出',
  illness: '身体原因',
  other: '其他原因',
};

export const CHECKIN_KINDS = ['start', 'patrol'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];

export const CheckinKindLabelZh: Record<CheckinKind, string> = { start: '上岗签到', patrol: '巡逻打卡' };

/** A duty (one participant in one period) as its owner sees it. */
export const DutyState = {
  Upcoming: 'upcoming',
  Current: 'current',
  Completed: 'completed',
  Missed: 'missed',
} as const;
export type DutyState = (typeof DutyState)[keyof typeof DutyState];

export const DutyStateLabelZh: Record<DutyState, string> = {
  upcoming: '未开始',
  current: '值守中',
  completed: '已完成',
  missed: '未完成',
};

export const WEEKDAY_LABELS_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** Opening days as a bit mask: bit 0 = Monday ... bit 6 = Sunday. */
export const ALL_WEEK_MASK = 0b1111111;

export const RotaLimits = {
  nameMax: 40,
  addressMax: 100,
  slotsMin: 1,
  slotsMax: 2,
  periodWeeksMax: 4,
  weeksAheadMin: 1,
  weeksAheadMax: 52,
  checkinsRequiredMax: 21,
  /** Extra metres around the area's grids a check-in may be (GPS error, the pavement across the road). */
  geofenceMetersMax: 500,
  checklistItemsMax: 12,
  checklistItemMax: 60,
  closuresMax: 30,
  gridsMax: 50,
  handoverMax: 500,
  reasonMax: 200,
  staffMax: 5,
  /** Check-ins per duty (a patrol every hour of a long week at most). */
  checkinsPerDutyMax: 100,
  /** Check-ins of one user per minute (a double tap is not two patrols). */
  checkinsPerMinute: 3,
  /** Enrolments one request may add. */
  enrolMax: 2000,
  pastDutiesShown: 10,
  rosterWeeksMax: 52,
} as const;

export const RotaDefaults = {
  slots: 1,
  periodWeeks: 1,
  weeksAhead: 12,
  checkinsRequired: 3,
  geofenceMeters: 100,
  holidayPolicy: 'skip' as HolidayPolicy,
  autoApprove: false,
  /** Beijing hour of the first-morning reminder. */
  morningReminderHour: 8,
  /** Days before the period's first day that the "before the week" reminder goes out. */
  reminderDaysBefore: 2,
  /**
   * Exact check-in coordinates are kept this many days after the duty period ends (long enough to
   * settle a question about a completion or points), then erased; the inside/outside verdict and the
   * distance stay. See docs/DECISIONS.md (Rotas: privacy).
   */
  locationRetentionDays: 30,
};

/** The checklist a new rota starts with (the officer edits it). */
export const DEFAULT_CHECKLIST: readonly string[] = [
  '营业时留意门前和街面的可疑人员、车辆',
  '发现未上锁的电动车、敞开的店门及时提醒',
  '遇到假币、诈骗、盗窃线索立即联系民警',
  '每天至少巡逻一次并在小程序打卡',
  '值守结束前写好交接记录',
];

/**
 * Mainland China's statutory public holidays (the State Council's 放假安排, days off including the
 * bridging days, not the make-up working days). Add each year's schedule when it is published (about
 * November); rotas can declare extra closures of their own.
 */
export const CN_PUBLIC_HOLIDAYS: ReadonlyArray<DateRange & { name: string }> = [
  { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
  { name: '春节', from: '2026-02-15', to: '2026-02-23' },
  { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
  { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
  { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
  { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
  { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
];
