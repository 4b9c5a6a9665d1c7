/**
 * The one list of error codes. The server throws them (with the HTTP status below), the client maps
 * them to Chinese messages. Every API failure has the shape
 * `{ ok: false, error: ErrorCode, message: string, fields?: Record<string, string> }`.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  SessionExpired: 'SESSION_EXPIRED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  RateLimited: 'RATE_LIMITED',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  InternalError: 'INTERNAL_ERROR',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  // accounts
  WechatCodeInvalid: 'WECHAT_CODE_INVALID',
  WechatRateLimited: 'WECHAT_RATE_LIMITED',
  WechatUserBlocked: 'WECHAT_USER_BLOCKED',
  WechatUnavailable: 'WECHAT_UNAVAILABLE',
  DemoModeDisabled: 'DEMO_MODE_DISABLED',
  AccountDeleted: 'ACCOUNT_DELETED',
  RoleRequestPending: 'ROLE_REQUEST_PENDING',
  RoleAlreadyGranted: 'ROLE_ALREADY_GRANTED',
  RoleUnitMismatch: 'ROLE_UNIT_MISMATCH',
  RoleRequestClosed: 'ROLE_REQUEST_CLOSED',
  // jurisdictions
  UnitNotFound: 'UNIT_NOT_FOUND',
  OutsideJurisdiction: 'OUTSIDE_JURISDICTION',
  ImportEmpty: 'IMPORT_EMPTY',
  ImportMalformed: 'IMPORT_MALFORMED',
  // media
  MediaTypeUnsupported: 'MEDIA_TYPE_UNSUPPORTED',
  MediaCorrupt: 'MEDIA_CORRUPT',
  MediaLinkInvalid: 'MEDIA_LINK_INVALID',
  MediaLinkExpired: 'MEDIA_LINK_EXPIRED',
  // content checks and moderation
  ContentRisky: 'CONTENT_RISKY',
  ContentReportOpen: 'CONTENT_REPORT_OPEN',
  // categories and tickets (issue 4)
  TicketTransitionNotAllowed: 'TICKET_TRANSITION_NOT_ALLOWED',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  ExtensionPending: 'EXTENSION_PENDING',
  ReopenWindowPassed: 'REOPEN_WINDOW_PASSED',
  TicketNotOnSpotFixable: 'TICKET_NOT_ON_SPOT_FIXABLE',
  TicketAlreadyRated: 'TICKET_ALREADY_RATED',
  TicketJoinNotAllowed: 'TICKET_JOIN_NOT_ALLOWED',
  Open311ApiKeyInvalid: 'OPEN311_API_KEY_INVALID',
  // points (issue 5)
  PointsInsufficient: 'POINTS_INSUFFICIENT',
  RewardOutOfStock: 'REWARD_OUT_OF_STOCK',
  RewardLimitReached: 'REWARD_LIMIT_REACHED',
  RewardNotAvailable: 'REWARD_NOT_AVAILABLE',
  RedemptionClosed: 'REDEMPTION_CLOSED',
  RedemptionCodeInvalid: 'REDEMPTION_CODE_INVALID',
  // rotas (issue 6)
  RotaWeekStarted: 'ROTA_WEEK_STARTED',
  RotaDateInPast: 'ROTA_DATE_IN_PAST',
  RotaOutsideArea: 'ROTA_OUTSIDE_AREA',
  RotaNotOnDuty: 'ROTA_NOT_ON_DUTY',
  RotaAlreadyMember: 'ROTA_ALREADY_MEMBER',
  RotaUnknownShop: 'ROTA_UNKNOWN_SHOP',
  RotaSwapInvalid: 'ROTA_SWAP_INVALID',
  RotaRequestClosed: 'ROTA_REQUEST_CLOSED',
  RotaSwappedWeek: 'ROTA_SWAPPED_WEEK',
  RotaAreaInvalid: 'ROTA_AREA_INVALID',
  RotaStaffUserNotFound: 'ROTA_STAFF_USER_NOT_FOUND',
  // groups and alerts (issue 7)
  InviteCodeInvalid: 'INVITE_CODE_INVALID',
  GroupMembershipExists: 'GROUP_MEMBERSHIP_EXISTS',
  GroupLastOfficer: 'GROUP_LAST_OFFICER',
  WechatGroupUnknown: 'WECHAT_GROUP_UNKNOWN',
  AlertNoRecipients: 'ALERT_NO_RECIPIENTS',
  AlertTextHeld: 'ALERT_TEXT_HELD',
  AlertWithdrawn: 'ALERT_WITHDRAWN',
  AlertRemindNotAllowed: 'ALERT_REMIND_NOT_ALLOWED',
  TipAlreadyHandled: 'TIP_ALREADY_HANDLED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status per code: one table so the server never picks statuses ad hoc. */
export const ErrorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  WECHAT_CODE_INVALID: 400,
  WECHAT_RATE_LIMITED: 429,
  WECHAT_USER_BLOCKED: 403,
  WECHAT_UNAVAILABLE: 502,
  DEMO_MODE_DISABLED: 404,
  ACCOUNT_DELETED: 401,
  ROLE_REQUEST_PENDING: 409,
  ROLE_ALREADY_GRANTED: 409,
  ROLE_UNIT_MISMATCH: 422,
  ROLE_REQUEST_CLOSED: 409,
  UNIT_NOT_FOUND: 404,
  OUTSIDE_JURISDICTION: 422,
  IMPORT_EMPTY: 422,
  IMPORT_MALFORMED: 422,
  MEDIA_TYPE_UNSUPPORTED: 422,
  MEDIA_CORRUPT: 422,
  MEDIA_LINK_INVALID: 403,
  MEDIA_LINK_EXPIRED: 410,
  CONTENT_RISKY: 422,
  CONTENT_REPORT_OPEN: 409,
  // categories and tickets (issue 4)
  TICKET_TRANSITION_NOT_ALLOWED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  EXTENSION_PENDING: 409,
  REOPEN_WINDOW_PASSED: 409,
  TICKET_NOT_ON_SPOT_FIXABLE: 409,
  TICKET_ALREADY_RATED: 409,
  TICKET_JOIN_NOT_ALLOWED: 409,
  OPEN311_API_KEY_INVALID: 403,
  // points (issue 5)
  POINTS_INSUFFICIENT: 409,
  REWARD_OUT_OF_STOCK: 409,
  REWARD_LIMIT_REACHED: 409,
  REWARD_NOT_AVAILABLE: 409,
  REDEMPTION_CLOSED: 409,
  REDEMPTION_CODE_INVALID: 404,
  // rotas (issue 6)
  ROTA_WEEK_STARTED: 409,
  ROTA_DATE_IN_PAST: 422,
  ROTA_OUTSIDE_AREA: 422,
  ROTA_NOT_ON_DUTY: 409,
  ROTA_ALREADY_MEMBER: 409,
  ROTA_UNKNOWN_SHOP: 422,
  ROTA_SWAP_INVALID: 422,
  ROTA_REQUEST_CLOSED: 409,
  ROTA_SWAPPED_WEEK: 409,
  ROTA_AREA_INVALID: 422,
  ROTA_STAFF_USER_NOT_FOUND: 404,
  // groups and alerts (issue 7)
  INVITE_CODE_INVALID: 404,
  GROUP_MEMBERSHIP_EXISTS: 409,
  GROUP_LAST_OFFICER: 409,
  WECHAT_GROUP_UNKNOWN: 422,
  ALERT_NO_RECIPIENTS: 422,
  ALERT_TEXT_HELD: 422,
  ALERT_WITHDRAWN: 409,
  ALERT_REMIND_NOT_ALLOWED: 409,
  TIP_ALREADY_HANDLED: 409,
};

/** Chinese message per code, shown to users by the client and sent by the server as `message`. */
export const ErrorMessageZh: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查标红的项目',
  UNAUTHENTICATED: '请先登录',
  SESSION_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或无权查看',
  CONFLICT: '数据已被他人修改，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  PAYLOAD_TOO_LARGE: '提交的内容太大',
  INTERNAL_ERROR: '服务器开小差了，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  WECHAT_CODE_INVALID: '微信登录凭证无效或已使用，请重试',
  WECHAT_RATE_LIMITED: '微信登录太频繁，请一分钟后再试',
  WECHAT_USER_BLOCKED: '微信提示此账号存在风险，暂时无法登录',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  DEMO_MODE_DISABLED: '演示登录未开启',
  ACCOUNT_DELETED: '账号已注销',
  ROLE_REQUEST_PENDING: '已有一份申请正在审核中',
  ROLE_ALREADY_GRANTED: '您已拥有该身份',
  ROLE_UNIT_MISMATCH: '该身份需要选择正确层级的辖区',
  ROLE_REQUEST_CLOSED: '该申请已处理',
  UNIT_NOT_FOUND: '辖区不存在',
  OUTSIDE_JURISDICTION: '该位置不在本平台服务的辖区内',
  IMPORT_EMPTY: '导入文件没有可用的数据行',
  IMPORT_MALFORMED: '导入文件格式错误',
  MEDIA_TYPE_UNSUPPORTED: '只能上传 JPG、PNG 或 WebP 格式的图片',
  MEDIA_CORRUPT: '图片已损坏或不完整，请重新选择',
  MEDIA_LINK_INVALID: '图片链接无效',
  MEDIA_LINK_EXPIRED: '图片链接已过期，请刷新页面',
  CONTENT_RISKY: '内容含有违规信息，请修改后再提交',
  CONTENT_REPORT_OPEN: '您已举报过该内容，我们正在处理',
  // categories and tickets (issue 4)
  TICKET_TRANSITION_NOT_ALLOWED: '工单当前状态下不能进行此操作，请刷新后重试',
  IDEMPOTENCY_KEY_REUSED: '提交标识已用于另一份内容，请重新提交',
  EXTENSION_PENDING: '已有一份延期申请等待审批',
  REOPEN_WINDOW_PASSED: '结案已超过 72 小时，不能再反馈未解决，请重新上报',
  TICKET_NOT_ON_SPOT_FIXABLE: '该类问题不能当场处置，请由指挥中心立案派遣',
  TICKET_ALREADY_RATED: '您已评价过该工单',
  TICKET_JOIN_NOT_ALLOWED: '该工单不能加入（已结束或是您本人上报的）',
  OPEN311_API_KEY_INVALID: 'API 密钥无效',
  // points (issue 5)
  POINTS_INSUFFICIENT: '积分不足',
  REWARD_OUT_OF_STOCK: '该奖品已兑完',
  REWARD_LIMIT_REACHED: '已达到该奖品的每人兑换上限',
  REWARD_NOT_AVAILABLE: '该奖品不在兑换期内或已下架',
  REDEMPTION_CLOSED: '该兑换码已使用、已取消或已过期',
  REDEMPTION_CODE_INVALID: '兑换码无效，请核对后重试',
  // rotas (issue 6)
  ROTA_WEEK_STARTED: '该值守周已经开始，不能再更改',
  ROTA_DATE_IN_PAST: '日期不能早于今天',
  ROTA_OUTSIDE_AREA: '您不在值守区域内，请到责任区内再打卡',
  ROTA_NOT_ON_DUTY: '现在不是您的值守周，不能打卡',
  ROTA_ALREADY_MEMBER: '已加入或已申请加入该轮值',
  ROTA_UNKNOWN_SHOP: '商户不存在或尚未通过审核',
  ROTA_SWAP_INVALID: '无法与该值守周调换',
  ROTA_REQUEST_CLOSED: '该申请已处理',
  ROTA_SWAPPED_WEEK: '这段时间内有已调换确定的值守周，请先与对方协商',
  ROTA_AREA_INVALID: '值守区域只能选择您辖区内的网格',
  ROTA_STAFF_USER_NOT_FOUND: '没有找到绑定该手机号的用户，请让对方先登录邻里并绑定手机号',
  // groups and alerts (issue 7)
  INVITE_CODE_INVALID: '邀请码无效或已更换，请向民警索取新的邀请码',
  GROUP_MEMBERSHIP_EXISTS: '您已在该群中，或加入申请正在审核',
  GROUP_LAST_OFFICER: '群里至少要保留一位民警',
  WECHAT_GROUP_UNKNOWN: '无法识别所在的微信群，请从群聊中的分享卡片打开',
  ALERT_NO_RECIPIENTS: '所选的群和区域里还没有成员，警情未发布',
  ALERT_TEXT_HELD: '内容需要人工复核，警情未发布，请修改措辞后重试',
  ALERT_WITHDRAWN: '该警情已撤回',
  ALERT_REMIND_NOT_ALLOWED: '现在不能发送提醒',
  TIP_ALREADY_HANDLED: '该线索已处理过',
};

/** The error body every failing endpoint returns. */
export interface ApiErrorBody {
  ok: false;
  error: ErrorCode;
  message: string;
  /** Field path (dot-joined) -> Chinese message, for validation failures. */
  fields?: Record<string, string>;
  /** Extra machine-readable detail, e.g. `retryAfterSeconds` for RATE_LIMITED. */
  data?: Record<string, unknown>;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ErrorStatus, value);
}
