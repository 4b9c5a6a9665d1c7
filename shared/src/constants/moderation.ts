import { TicketActionLabelZh } from './ticket';

/**
 * Content moderation vocabulary: what can be moderated, where an item came from, its state, the
 * reasons a user can give when reporting, and WeChat's content-check verdicts.
 */

/** Kinds of user content a moderation item or a report points at. Issue 4 adds reports (随手拍). */
export const ModerationContentType = {
  /** A user's nickname (target id = the user's id). */
  Nickname: 'nickname',
  /** An uploaded image (target id = the media id). */
  Media: 'media',
  /** The description of a report (随手拍; target id = the ticket id). */
  Ticket: 'ticket',
} as const;
export type ModerationContentType = (typeof ModerationContentType)[keyof typeof ModerationContentType];
export const MODERATION_CONTENT_TYPES = Object.values(ModerationContentType) as [ModerationContentType, ...ModerationContentType[]];

export const ModerationContentTypeLabelZh: Record<ModerationContentType, string> = {
  nickname: '昵称',
  media: '图片',
  ticket: '随手拍描述',
};

/** Why an item is in the queue. */
export const ModerationSource = {
  /** WeChat's check answered `review`: held until a person decides. */
  MachineReview: 'machine_review',
  /** WeChat's check answered `risky`: hidden at once, a person may restore it. */
  MachineRisky: 'machine_risky',
  /** No verdict from WeChat within 30 minutes: held for a person. */
  Timeout: 'timeout',
  /** A user pressed 举报. The content stays visible until a person decides. */
  UserReport: 'user_report',
  /** WeChat could not check it (no openid, e.g. a demo account; or WeChat unreachable). */
  Unchecked: 'unchecked',
} as const;
export type ModerationSource = (typeof ModerationSource)[keyof typeof ModerationSource];

export const ModerationSourceLabelZh: Record<ModerationSource, string> = {
  machine_review: '机器判定需复核',
  machine_risky: '机器判定违规',
  timeout: '检测超时',
  user_report: '用户举报',
  unchecked: '未经微信检测',
};

/**
 * State of a moderation item. `pending` means "waiting for a person"; whether the content is visible
 * meanwhile depends on the source (held for machine_review/timeout, visible for user_report).
 */
export const ModerationStatus = {
  Pending: 'pending',
  Published: 'published',
  Hidden: 'hidden',
} as const;
export type ModerationStatus = (typeof ModerationStatus)[keyof typeof ModerationStatus];
export const MODERATION_STATUSES = Object.values(ModerationStatus) as [ModerationStatus, ...ModerationStatus[]];

export const ModerationStatusLabelZh: Record<ModerationStatus, string> = {
  pending: '待处理',
  published: '已公开',
  hidden: '已隐藏',
};

/** Moderator actions and the state each one leads to. */
export const ModerationAction = { Hide: 'hide', Restore: 'restore' } as const;
export type ModerationAction = (typeof ModerationAction)[keyof typeof ModerationAction];

/** Reasons offered on the 举报 sheet. */
export const ReportReason = {
  Spam: 'spam',
  Abuse: 'abuse',
  Porn: 'porn',
  Illegal: 'illegal',
  Privacy: 'privacy',
  Other: 'other',
} as const;
export type ReportReason = (typeof ReportReason)[keyof typeof ReportReason];
export const REPORT_REASONS = Object.values(ReportReason) as [ReportReason, ...ReportReason[]];

export const ReportReasonLabelZh: Record<ReportReason, string> = {
  spam: '垃圾广告',
  abuse: '辱骂攻击',
  porn: '色情低俗',
  illegal: '违法违规',
  privacy: '泄露他人隐私',
  other: '其他',
};

/** WeChat's content-check verdicts (msg_sec_check / media_check_async `result.suggest`). */
export type ContentSuggest = 'pass' | 'review' | 'risky';

/** msg_sec_check scenes: 1 资料 (profile), 2 评论, 3 论坛, 4 社交日志. */
export const ContentScene = { Profile: 1, Comment: 2, Forum: 3, SocialLog: 4 } as const;
export type ContentScene = (typeof ContentScene)[keyof typeof ContentScene];

export const ModerationLimits = {
  /** msg_sec_check accepts at most 2500 characters. */
  maxCheckChars: 2500,
  /** A media check without a verdict for this long goes to manual review. */
  mediaVerdictTimeoutMinutes: 30,
  /** 举报: at most this many reports per user per hour. */
  reportsPerHour: 10,
  /** Content posts (nickname changes, later reports and comments) per user per minute. */
  postsPerMinute: 10,
  /** Audit log page size and CSV export cap. */
  auditPageSize: 50,
  auditExportMax: 10000,
} as const;

/** Chinese labels of audit actions; unknown actions are shown as they are. */
export const AuditActionLabelZh: Record<string, string> = {
  'role_request.approve': '通过身份申请',
  'role_request.reject': '驳回身份申请',
  'units.import_divisions': '导入行政区划',
  'units.import_grids': '导入网格',
  'moderation.hide': '隐藏内容',
  'moderation.restore': '恢复内容',
  // catalogue and tickets
  ...Object.fromEntries(Object.entries(TicketActionLabelZh).map(([action, label]) => [`ticket.${action}`, label])),
  'category.create': '新增问题类别',
  'category.update': '修改问题类别',
  'ticket.staff_entry': '录入工单',
  // watch rotas
  'rota.create': '创建值守轮值表',
  'rota.update': '修改值守轮值表',
  'rota.enrol': '加入轮值',
  'rota.member.approve': '通过轮值报名',
  'rota.member.reject': '驳回轮值报名',
  'rota.member.remove': '移出轮值',
  'rota.shop.approve': '通过商户登记',
  'rota.shop.reject': '驳回商户登记',
  'rota.swap.approve': '批准换班',
  'rota.swap.reject': '驳回换班',
  'rota.exemption.approve': '批准免值',
  'rota.exemption.reject': '驳回免值',
  // groups, alerts, tips
  'group.create': '创建邻里群',
  'group.update': '修改邻里群',
  'group.join_request': '申请入群',
  'group.member_approve': '通过入群申请',
  'group.member_reject': '驳回入群申请',
  'group.member_remove': '移出群成员',
  'group.member_role': '调整群成员角色',
  'group.leave': '退出邻里群',
  'group.link_wechat_group': '关联微信群',
  'group.rotate_invite_code': '更换邀请码',
  'alert.publish': '发布警情',
  'alert.remind': '提醒未确认成员',
  'alert.withdraw': '撤回警情',
  'tip.create': '提交线索',
  'tip.ask': '向民警提问',
  'tip.reply': '回复线索',
  'tip.mark_useful': '标记线索有用',
  'tip.to_ticket': '线索转为工单',
};
