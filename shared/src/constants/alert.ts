/**
 * Neighbourhood groups (邻里群) and police alerts (警情通报): the vocabulary shared by the server and the
 * mini-program. Statuses and kinds are defined once here with their Chinese labels; pages and services
 * never compare raw strings that are not listed here.
 */

/** A member's role inside one group. */
export const GroupMemberRole = {
  /** 民警: runs the group, posts alerts, reads the station's tips. Needs the community_police role. */
  Officer: 'officer',
  /** 协管员: helps the officer (approves join requests); posts nothing. */
  CoAdmin: 'co_admin',
  Member: 'member',
} as const;
export type GroupMemberRole = (typeof GroupMemberRole)[keyof typeof GroupMemberRole];
export const GROUP_MEMBER_ROLES = Object.values(GroupMemberRole) as [GroupMemberRole, ...GroupMemberRole[]];
export const GroupMemberRoleLabelZh: Record<GroupMemberRole, string> = {
  officer: '民警',
  co_admin: '协管员',
  member: '成员',
};

/** Who a member is in the neighbourhood (shown to the officer; chosen when joining). */
export const GroupMemberKind = {
  Shop: 'shop',
  Guard: 'guard',
  BuildingHead: 'building_head',
  Resident: 'resident',
  Police: 'police',
} as const;
export type GroupMemberKind = (typeof GroupMemberKind)[keyof typeof GroupMemberKind];
export const GROUP_MEMBER_KINDS = Object.values(GroupMemberKind) as [GroupMemberKind, ...GroupMemberKind[]];
export const GroupMemberKindLabelZh: Record<GroupMemberKind, string> = {
  shop: '商户',
  guard: '物业保安',
  building_head: '楼栋长',
  resident: '居民',
  police: '民警',
};
/** Kinds a joining member may pick (police join through the officer role, not by choosing it). */
export const JOINABLE_MEMBER_KINDS: readonly GroupMemberKind[] = ['shop', 'guard', 'building_head', 'resident'];

/** State of one membership row. */
export const GroupMemberStatus = {
  /** Asked to join, waiting for the officer's approval. */
  Pending: 'pending',
  Active: 'active',
  Rejected: 'rejected',
  Left: 'left',
  Removed: 'removed',
} as const;
export type GroupMemberStatus = (typeof GroupMemberStatus)[keyof typeof GroupMemberStatus];
export const GROUP_MEMBER_STATUSES = Object.values(GroupMemberStatus) as [GroupMemberStatus, ...GroupMemberStatus[]];
export const GroupMemberStatusLabelZh: Record<GroupMemberStatus, string> = {
  pending: '待审核',
  active: '已加入',
  rejected: '未通过',
  left: '已退出',
  removed: '已移出',
};
/** Statuses after which the user may ask to join again. */
export const GROUP_REJOINABLE_STATUSES: readonly GroupMemberStatus[] = ['rejected', 'left', 'removed'];

/** How someone came to ask to join (kept for the officer; every way needs approval). */
export const GroupJoinVia = {
  InviteCode: 'invite_code',
  QrCode: 'qrcode',
  ShareCard: 'share_card',
  /** The creator of the group, or an officer added by role. */
  Created: 'created',
} as const;
export type GroupJoinVia = (typeof GroupJoinVia)[keyof typeof GroupJoinVia];
export const GROUP_JOIN_VIAS = Object.values(GroupJoinVia) as [GroupJoinVia, ...GroupJoinVia[]];
export const GroupJoinViaLabelZh: Record<GroupJoinVia, string> = {
  invite_code: '邀请码',
  qrcode: '小程序码',
  share_card: '分享卡片',
  created: '创建者',
};

/** What an alert is about. */
export const AlertType = {
  Suspect: 'suspect',
  Fraud: 'fraud',
  MissingPerson: 'missing_person',
  Theft: 'theft',
  Traffic: 'traffic',
  Weather: 'weather',
  Other: 'other',
} as const;
export type AlertType = (typeof AlertType)[keyof typeof AlertType];
export const ALERT_TYPES = Object.values(AlertType) as [AlertType, ...AlertType[]];
export const AlertTypeLabelZh: Record<AlertType, string> = {
  suspect: '嫌疑人/假币',
  fraud: '防诈骗',
  missing_person: '寻人',
  theft: '盗窃',
  traffic: '交通',
  weather: '天气灾害',
  other: '其他',
};

/** How serious an alert is. Urgent alerts remind the members who have not tapped 收到. */
export const AlertSeverity = {
  Info: 'info',
  Important: 'important',
  Urgent: 'urgent',
} as const;
export type AlertSeverity = (typeof AlertSeverity)[keyof typeof AlertSeverity];
export const ALERT_SEVERITIES = Object.values(AlertSeverity) as [AlertSeverity, ...AlertSeverity[]];
/** Also the `level` (phrase, <= 5 Chinese characters) of the police_alert subscription message. */
export const AlertSeverityLabelZh: Record<AlertSeverity, string> = {
  info: '一般',
  important: '重要',
  urgent: '紧急',
};

export const AlertStatus = {
  Published: 'published',
  Withdrawn: 'withdrawn',
} as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];
export const AlertStatusLabelZh: Record<AlertStatus | 'expired', string> = {
  published: '生效中',
  withdrawn: '已撤回',
  expired: '已过期',
};

/** Where an alert goes: whole groups of the officer, or the members of their groups inside an area. */
export const AlertTargetKind = { Group: 'group', Area: 'area' } as const;
export type AlertTargetKind = (typeof AlertTargetKind)[keyof typeof AlertTargetKind];

/** A member's private message to the officers of the group's station. */
export const TipKind = {
  /** 线索: something seen that may help. */
  Tip: 'tip',
  /** 提问: a question to the officer (see docs/DECISIONS.md: members do not post into the group). */
  Question: 'question',
} as const;
export type TipKind = (typeof TipKind)[keyof typeof TipKind];
export const TIP_KINDS = Object.values(TipKind) as [TipKind, ...TipKind[]];
export const TipKindLabelZh: Record<TipKind, string> = { tip: '线索', question: '提问' };

/** Where a tip stands for the officers (a tip may be both useful and turned into a ticket). */
export const TipStatus = {
  New: 'new',
  Replied: 'replied',
  Useful: 'useful',
  Ticketed: 'ticketed',
} as const;
export type TipStatus = (typeof TipStatus)[keyof typeof TipStatus];
export const TIP_STATUSES = Object.values(TipStatus) as [TipStatus, ...TipStatus[]];
export const TipStatusLabelZh: Record<TipStatus, string> = {
  new: '待处理',
  replied: '已回复',
  useful: '已采纳',
  ticketed: '已转工单',
};

/** Which recipients a reach list shows. */
export const ReachFilter = {
  Unacknowledged: 'unacknowledged',
  Acknowledged: 'acknowledged',
  All: 'all',
} as const;
export type ReachFilter = (typeof ReachFilter)[keyof typeof ReachFilter];
export const REACH_FILTERS = Object.values(ReachFilter) as [ReachFilter, ...ReachFilter[]];

export const AlertLimits = {
  groupNameMax: 30,
  groupDescriptionMax: 200,
  /** Invite codes: 8 characters from an alphabet without look-alikes (0/O, 1/I/L). */
  inviteCodeLength: 8,
  inviteCodeAlphabet: 'ABCDEFGHJKMNPQRSTUVWXYZ23456789',
  joinNoteMax: 100,
  titleMax: 40,
  bodyMax: 1000,
  maxPhotos: 9,
  caseNumberMin: 4,
  caseNumberMax: 32,
  placeNameMax: 100,
  /** Default expiry: 7 days after posting. */
  defaultExpiryDays: 7,
  /** An expiry must lie at least this far ahead... */
  minExpiryMinutes: 10,
  /** ...and at most this far. */
  maxExpiryDays: 90,
  maxGroupTargets: 20,
  maxAreaTargets: 20,
  withdrawReasonMax: 200,
  tipTextMax: 1000,
  tipReplyMax: 500,
  /** Urgent alerts: the automatic reminder goes this long after posting to who has not acknowledged. */
  autoReminderAfterMinutes: 30,
  /** Reminders (automatic and by the officer) per alert. */
  maxReminders: 3,
  /** Between two reminders of one alert. */
  reminderGapMinutes: 10,
  feedPageSize: 20,
  listPageMax: 100,
  /** Join attempts (invite code lookups) per user per 10 minutes: codes cannot be guessed. */
  joinAttemptsPer10Min: 20,
  tipsPerHour: 20,
} as const;
