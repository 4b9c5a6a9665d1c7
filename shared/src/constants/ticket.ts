/**
 * Ticket vocabulary (issue 4): states and their groups, actions, sources, refusal reasons, levels,
 * capacities, supervision stages, and the limits the schemas and the server enforce. Pages and services
 * ask for groups (`OPEN_TICKET_STATUSES`, `isOpenTicketStatus`) instead of comparing raw strings.
 * See docs/design/tickets.md and docs/FIGURES.md.
 */

/** Where a ticket stands. */
export const TicketStatus = {
  /** 待受理: sent by a resident (or entered by staff), waiting for the command centre. */
  Reported: 'reported',
  /** 不予受理: refused with a reason (terminal). */
  Refused: 'refused',
  /** 已立案: accepted as a case; waiting for dispatch (also after an escalation). */
  Filed: 'filed',
  /** 已派遣: sent to the grid worker or to departments, not yet accepted. */
  Dispatched: 'dispatched',
  /** 处置中: accepted by the assignee (also after rework). */
  Handling: 'handling',
  /** 已退回: the department says it is not theirs; back with the dispatcher. */
  Returned: 'returned',
  /** 已处置（待核查）: the assignee reported back with the result and after-photos. */
  Handled: 'handled',
  /** 已核查: verification passed; waiting for the dispatcher to close. */
  Verified: 'verified',
  /** 已结案. Final, except `reopen` by a reporter within 72 h. */
  Closed: 'closed',
  /** 已评价: closed and rated. Final, except `reopen` within 72 h of closure. */
  Rated: 'rated',
  /** 已撤回: withdrawn by the reporter before filing (terminal). */
  Cancelled: 'cancelled',
} as const;
export type TicketStatus = (typeof TicketStatus)[keyof typeof TicketStatus];
export const TICKET_STATUSES = Object.values(TicketStatus) as [TicketStatus, ...TicketStatus[]];

export const TicketStatusLabelZh: Record<TicketStatus, string> = {
  reported: '待受理',
  refused: '不予受理',
  filed: '已立案',
  dispatched: '已派遣',
  handling: '处置中',
  returned: '已退回',
  handled: '已处置（待核查）',
  verified: '已核查',
  closed: '已结案',
  rated: '已评价',
  cancelled: '已撤回',
};

/** States in which the ticket still needs someone's work (supervision, duplicates, "me too"). */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = [
  'reported',
  'filed',
  'dispatched',
  'handling',
  'returned',
  'handled',
  'verified',
];
/** Ended without a case: nothing can happen any more. */
export const TERMINAL_TICKET_STATUSES: readonly TicketStatus[] = ['refused', 'cancelled'];
/** Closed cases (final except `reopen` within the reopen window). */
export const CLOSED_TICKET_STATUSES: readonly TicketStatus[] = ['closed', 'rated'];
/** The assignee has reported back (counted as handled by 处置率; see docs/FIGURES.md). */
export const HANDLED_TICKET_STATUSES: readonly TicketStatus[] = ['handled', 'verified', 'closed', 'rated'];

export function isOpenTicketStatus(status: TicketStatus): boolean {
  return OPEN_TICKET_STATUSES.includes(status);
}
export function isClosedTicketStatus(status: TicketStatus): boolean {
  return CLOSED_TICKET_STATUSES.includes(status);
}
export function isHandledTicketStatus(status: TicketStatus): boolean {
  return HANDLED_TICKET_STATUSES.includes(status);
}

/** Status groups a resident filters "my tickets" by. */
export const TicketStatusGroup = { Open: 'open', Closed: 'closed', Ended: 'ended' } as const;
export type TicketStatusGroup = (typeof TicketStatusGroup)[keyof typeof TicketStatusGroup];
export const TICKET_STATUS_GROUPS = Object.values(TicketStatusGroup) as [TicketStatusGroup, ...TicketStatusGroup[]];
export const TicketStatusGroupStatuses: Record<TicketStatusGroup, readonly TicketStatus[]> = {
  open: OPEN_TICKET_STATUSES,
  closed: CLOSED_TICKET_STATUSES,
  ended: TERMINAL_TICKET_STATUSES,
};
export const TicketStatusGroupLabelZh: Record<TicketStatusGroup, string> = {
  open: '进行中',
  closed: '已结案',
  ended: '未受理/已撤回',
};

/** Every transition (and event-only action) of the state machine. */
export const TicketAction = {
  File: 'file',
  Refuse: 'refuse',
  Cancel: 'cancel',
  Dispatch: 'dispatch',
  Accept: 'accept',
  Return: 'return',
  RequestExtension: 'request_extension',
  ApproveExtension: 'approve_extension',
  DenyExtension: 'deny_extension',
  Handle: 'handle',
  SelfHandle: 'self_handle',
  VerifyPass: 'verify_pass',
  VerifyFail: 'verify_fail',
  Close: 'close',
  Rate: 'rate',
  Reopen: 'reopen',
  Escalate: 'escalate',
  Supervise: 'supervise',
  Comment: 'comment',
} as const;
export type TicketAction = (typeof TicketAction)[keyof typeof TicketAction];
export const TICKET_ACTIONS = Object.values(TicketAction) as [TicketAction, ...TicketAction[]];

export const TicketActionLabelZh: Record<TicketAction, string> = {
  file: '立案',
  refuse: '不予受理',
  cancel: '撤回',
  dispatch: '派遣',
  accept: '签收',
  return: '退回',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  deny_extension: '驳回延期',
  handle: '处置完毕',
  self_handle: '当场处置',
  verify_pass: '核查通过',
  verify_fail: '核查不通过',
  close: '结案',
  rate: '评价',
  reopen: '未解决',
  escalate: '上报区级',
  supervise: '督办',
  comment: '补充说明',
};

/**
 * Kinds of timeline events: every action, plus `report` (the ticket was created) and `join`
 * (someone said "me too"). Supervision by the system is a `supervise` event with `data.stage`;
 * automatic escalation is an `escalate` event by the system.
 */
export const TICKET_EVENT_KINDS = ['report', 'join', ...TICKET_ACTIONS] as [TicketEventKind, ...TicketEventKind[]];
export type TicketEventKind = TicketAction | 'report' | 'join';
export const TicketEventKindLabelZh: Record<TicketEventKind, string> = {
  report: '上报',
  join: '我也遇到',
  ...TicketActionLabelZh,
};

/** Where a ticket came from (every ticket records one). */
export const TicketSource = {
  /** A resident, shop owner or building head in the mini-program (随手拍). */
  Resident: 'resident',
  /** Found by a grid worker on patrol. */
  GridPatrol: 'grid_patrol',
  /** Video patrol (视频巡查). */
  Video: 'video',
  /** 12345 hotline. */
  Hotline: 'hotline',
  /** Neighbourhood committee (社区居委会). */
  Committee: 'committee',
  /** Reported in a WeChat group. */
  WechatGroup: 'wechat_group',
  /** Assigned by a superior (上级交办). */
  Superior: 'superior',
  /** Found by the shop on watch duty (轮值轮防). */
  DutyPatrol: 'duty_patrol',
  /** Submitted through the Open311 GeoReport v2 API. */
  Open311: 'open311',
} as const;
export type TicketSource = (typeof TicketSource)[keyof typeof TicketSource];
export const TICKET_SOURCES = Object.values(TicketSource) as [TicketSource, ...TicketSource[]];

export const TicketSourceLabelZh: Record<TicketSource, string> = {
  resident: '居民随手拍',
  grid_patrol: '网格巡查',
  video: '视频巡查',
  hotline: '12345热线',
  committee: '社区居委会',
  wechat_group: '微信群',
  superior: '上级交办',
  duty_patrol: '商户值守',
  open311: '开放接口',
};

/** Sources staff may enter a ticket under (POST /command/tickets). */
export const STAFF_ENTRY_SOURCES = [
  'grid_patrol',
  'video',
  'hotline',
  'committee',
  'wechat_group',
  'superior',
  'duty_patrol',
] as const satisfies readonly TicketSource[];
export type StaffEntrySource = (typeof STAFF_ENTRY_SOURCES)[number];

/** Sources of a resident's own report (POST /tickets): the mini-program, or a shop/volunteer on watch duty. */
export const RESIDENT_REPORT_SOURCES = ['resident', 'duty_patrol'] as const satisfies readonly TicketSource[];
export type ResidentReportSource = (typeof RESIDENT_REPORT_SOURCES)[number];

/** Why a report is not filed (不予受理). */
export const RefusalReason = {
  Invalid: 'invalid',
  OutOfScope: 'out_of_scope',
  Duplicate: 'duplicate',
  FalseReport: 'false_report',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];
export const REFUSAL_REASONS = Object.values(RefusalReason) as [RefusalReason, ...RefusalReason[]];
export const RefusalReasonLabelZh: Record<RefusalReason, string> = {
  invalid: '信息无效',
  out_of_scope: '不属于受理范围',
  duplicate: '重复上报',
  false_report: '虚假上报',
};

/** Which command centre owns the ticket now (二级响应: street first, the district as backstop). */
export const TicketLevel = { Street: 'street', District: 'district' } as const;
export type TicketLevel = (typeof TicketLevel)[keyof typeof TicketLevel];
export const TICKET_LEVELS = Object.values(TicketLevel) as [TicketLevel, ...TicketLevel[]];
export const TicketLevelLabelZh: Record<TicketLevel, string> = { street: '街道', district: '区级' };

/** Where a closed ticket was resolved (the 80/20 figures; rule in `resolvedLevelOf`). */
export const ResolvedLevel = { Grid: 'grid', Street: 'street', District: 'district', Department: 'department' } as const;
export type ResolvedLevel = (typeof ResolvedLevel)[keyof typeof ResolvedLevel];
export const RESOLVED_LEVELS = Object.values(ResolvedLevel) as [ResolvedLevel, ...ResolvedLevel[]];
export const ResolvedLevelLabelZh: Record<ResolvedLevel, string> = {
  grid: '网格',
  street: '街道',
  district: '区级',
  department: '职能部门',
};

/** Who holds a dispatched ticket. */
export type TicketAssignee = { kind: 'grid' } | { kind: 'departments'; departments: string[] };
export const ASSIGNEE_KINDS = ['grid', 'departments'] as const;
export type AssigneeKind = (typeof ASSIGNEE_KINDS)[number];

/**
 * What an actor is to a ticket (computed by `ticketCapacities`). The machine decides on capacities,
 * never on raw roles.
 */
export const Capacity = {
  Reporter: 'reporter',
  CoReporter: 'co_reporter',
  GridWorker: 'grid_worker',
  StreetDispatcher: 'street_dispatcher',
  DistrictDispatcher: 'district_dispatcher',
  Assignee: 'assignee',
  System: 'system',
} as const;
export type Capacity = (typeof Capacity)[keyof typeof Capacity];
export const CAPACITIES = Object.values(Capacity) as [Capacity, ...Capacity[]];
export const CapacityLabelZh: Record<Capacity, string> = {
  reporter: '上报人',
  co_reporter: '共同上报人',
  grid_worker: '网格员',
  street_dispatcher: '街道指挥中心',
  district_dispatcher: '区指挥中心',
  assignee: '承办单位',
  system: '系统',
};

/** How the reporter gave the location. */
export const LocationMode = { Gps: 'gps', Map: 'map', Address: 'address' } as const;
export type LocationMode = (typeof LocationMode)[keyof typeof LocationMode];
export const LOCATION_MODES = Object.values(LocationMode) as [LocationMode, ...LocationMode[]];

/** Percentages of a time limit at which supervision reminders are due (100 = overdue). */
export const SUPERVISION_PERCENTS = [50, 80, 100] as const;
export type SupervisionPercent = (typeof SUPERVISION_PERCENTS)[number];
/** Which deadline a supervision stage refers to. */
export type DeadlineKind = 'file' | 'handle';

/** Groupings of the figures endpoint. */
export const FIGURES_GROUP_BY = ['street', 'community', 'category', 'department', 'source', 'day', 'month'] as const;
export type FiguresGroupBy = (typeof FIGURES_GROUP_BY)[number];

/** Limits enforced by the schemas (client forms and API) and by the server. */
export const TicketLimits = {
  descriptionMin: 5,
  descriptionMax: 500,
  /** Photos of a resident's report. The category's evidence rule may ask for more than the minimum. */
  reportPhotosMin: 1,
  reportPhotosMax: 9,
  /** Photos of a staff entry (a hotline call has none). */
  staffPhotosMin: 0,
  /** After-photos of handle / self_handle. */
  resultPhotosMin: 1,
  /** Photos attached to a note (comment, verification, reopen). */
  notePhotosMax: 9,
  addressMax: 120,
  noteMax: 500,
  resultMin: 2,
  resultMax: 500,
  reasonMin: 2,
  reasonMax: 200,
  commentMax: 200,
  onBehalfNameMax: 20,
  answerTextMax: 500,
  answersMax: 20,
  /** A reporter may say "not fixed" (reopen) this long after closure. */
  reopenWindowHours: 72,
  /** Working days one extension may ask for. */
  extensionDaysMin: 1,
  extensionDaysMax: 30,
  ratingMin: 1,
  ratingMax: 5,
  /** Ratings at or above this count as satisfied (满意率). */
  satisfiedRatingMin: 4,
  /** Departments one dispatch may name (first = lead). */
  dispatchDepartmentsMax: 5,
  bulkDispatchMax: 50,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  boardRadiusDefault: 1000,
  boardRadiusMax: 5000,
  boardLimitDefault: 50,
  boardLimitMax: 100,
  similarLimit: 10,
  /** Highest priority; "me too" raises it by one per joiner up to this. */
  priorityMax: 3,
  /** Longest period of one figures query, in days. */
  figuresMaxDays: 400,
} as const;

/** Idempotency keys (client-generated, kept with the device draft): 8-64 of [A-Za-z0-9_-]. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
