/**
 * Notifications: one WeChat subscription-message template per event (see WECHAT.md §4). Every template
 * says what it tells the user (shown on the 消息订阅 settings page), which mini-program page it opens, and
 * its data fields with WeChat's value types. The real template ids come from the server's configuration
 * (`WECHAT_TEMPLATE_IDS`); rendering with WeChat's value limits is in domain/notification.ts.
 */

export const NotificationTemplateKey = {
  TicketFiled: 'ticket_filed',
  TicketRefused: 'ticket_refused',
  TicketHandled: 'ticket_handled',
  TicketClosed: 'ticket_closed',
  TicketAssigned: 'ticket_assigned',
  DutyWeekReminder: 'duty_week_reminder',
  SwapRequest: 'swap_request',
  PoliceAlert: 'police_alert',
  TipAnswered: 'tip_answered',
  RedemptionReady: 'redemption_ready',
  RoleRequestReviewed: 'role_request_reviewed',
} as const;
export type NotificationTemplateKey = (typeof NotificationTemplateKey)[keyof typeof NotificationTemplateKey];

export const NOTIFICATION_TEMPLATE_KEYS: readonly NotificationTemplateKey[] = Object.values(NotificationTemplateKey);

/**
 * WeChat's subscription-message value types and their limits (official docs, 订阅消息参数值内容限制):
 * thing <= 20 chars (letters, digits, Chinese, symbols); number <= 32 digits (with a decimal point);
 * letter <= 32 letters; symbol <= 5 symbols; character_string <= 32 letters, digits and symbols;
 * time / date: a 24-hour time / a date; amount: 1 currency sign, <= 10 digits, optional 元;
 * phone_number <= 17 digits, + and -; car_number <= 8 chars; name <= 10 Chinese characters (or <= 20
 * letters); phrase <= 5 Chinese characters.
 */
export type WechatValueType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

/** One data field of a template: `var` names the value in `vars`; WeChat's key is `<type><index>`. */
export interface TemplateField {
  /** Name of the variable in the `vars` object given to `notify`. */
  var: string;
  /** WeChat's key in `data`, e.g. `thing1` (fixed when the template is picked in the WeChat console). */
  key: string;
  type: WechatValueType;
  /** Chinese label, as the template shows it and as the inbox body uses it. */
  label: string;
}

export interface NotificationTemplateDef {
  key: NotificationTemplateKey;
  /** The template's Chinese title (what WeChat shows as the card heading). */
  title: string;
  /** What this template tells the user, for the subscription settings page. */
  description: string;
  /**
   * Mini-program page it opens (no leading slash, WeChat's `page` field). `{ref}` is replaced by the
   * notification's reference (the record id it is about).
   */
  page: string;
  fields: readonly TemplateField[];
}

const f = (v: string, key: string, type: WechatValueType, label: string): TemplateField => ({ var: v, key, type, label });

/** Every template, by key. */
export const NOTIFICATION_TEMPLATES: Record<NotificationTemplateKey, NotificationTemplateDef> = {
  ticket_filed: {
    key: 'ticket_filed',
    title: '问题受理通知',
    description: '您上报的问题被街道指挥中心立案受理时通知您',
    page: 'packages/ticket/detail/index?id={ref}',
    fields: [
      f('ticketNo', 'character_string1', 'character_string', '工单编号'),
      f('summary', 'thing2', 'thing', '问题描述'),
      f('status', 'phrase3', 'phrase', '受理状态'),
      f('time', 'time4', 'time', '受理时间'),
    ],
  },
  ticket_refused: {
    key: 'ticket_refused',
    title: '问题未受理通知',
    description: '您上报的问题未被受理时通知您，并说明原因',
    page: 'packages/ticket/detail/index?id={ref}',
    fields: [
      f('ticketNo', 'character_string1', 'character_string', '工单编号'),
      f('summary', 'thing2', 'thing', '问题描述'),
      f('reason', 'thing3', 'thing', '未受理原因'),
      f('time', 'time4', 'time', '处理时间'),
    ],
  },
  ticket_handled: {
    key: 'ticket_handled',
    title: '问题处理结果通知',
    description: '处理部门办结您上报的问题时通知您，请您查看并评价',
    page: 'packages/ticket/detail/index?id={ref}',
    fields: [
      f('ticketNo', 'character_string1', 'character_string', '工单编号'),
      f('summary', 'thing2', 'thing', '问题描述'),
      f('result', 'thing3', 'thing', '处理结果'),
      f('handler', 'thing4', 'thing', '处理部门'),
      f('time', 'time5', 'time', '办结时间'),
    ],
  },
  ticket_closed: {
    key: 'ticket_closed',
    title: '工单结案通知',
    description: '您上报的问题结案时通知您',
    page: 'packages/ticket/detail/index?id={ref}',
    fields: [
      f('ticketNo', 'character_string1', 'character_string', '工单编号'),
      f('summary', 'thing2', 'thing', '问题描述'),
      f('status', 'phrase3', 'phrase', '工单状态'),
      f('time', 'time4', 'time', '结案时间'),
    ],
  },
  ticket_assigned: {
    key: 'ticket_assigned',
    title: '工单待办提醒',
    description: '有工单派给您、被督办或需要返工时提醒您（工作人员）',
    page: 'packages/ticket/detail/index?id={ref}',
    fields: [
      f('ticketNo', 'character_string1', 'character_string', '工单编号'),
      f('summary', 'thing2', 'thing', '问题描述'),
      f('action', 'phrase3', 'phrase', '待办事项'),
      f('deadline', 'time4', 'time', '办理时限'),
    ],
  },
  duty_week_reminder: {
    key: 'duty_week_reminder',
    title: '值守提醒',
    description: '轮到您的商户值守周开始前提醒您',
    page: 'packages/rota/my-duty/index?id={ref}',
    fields: [
      f('area', 'thing1', 'thing', '值守区域'),
      f('start', 'time2', 'time', '开始时间'),
      f('end', 'time3', 'time', '结束时间'),
      f('note', 'thing4', 'thing', '温馨提示'),
    ],
  },
  swap_request: {
    key: 'swap_request',
    title: '换班申请通知',
    description: '其他商户向您申请调换值守周时通知您',
    page: 'packages/rota/swap/index?id={ref}',
    fields: [
      f('applicant', 'name1', 'name', '申请人'),
      f('week', 'thing2', 'thing', '调换周次'),
      f('reason', 'thing3', 'thing', '申请原因'),
      f('time', 'time4', 'time', '申请时间'),
    ],
  },
  police_alert: {
    key: 'police_alert',
    title: '警情提醒',
    description: '社区民警向您所在的邻里群发布警情时通知您',
    page: 'packages/alert/detail/index?id={ref}',
    fields: [
      f('title', 'thing1', 'thing', '警情内容'),
      f('area', 'thing2', 'thing', '发生区域'),
      f('level', 'phrase3', 'phrase', '警情等级'),
      f('time', 'time4', 'time', '发布时间'),
    ],
  },
  tip_answered: {
    key: 'tip_answered',
    title: '线索回复通知',
    description: '民警回复您提供的线索时通知您',
    page: 'packages/alert/tip/index?id={ref}',
    fields: [
      f('topic', 'thing1', 'thing', '线索主题'),
      f('reply', 'thing2', 'thing', '回复内容'),
      f('officer', 'name3', 'name', '回复民警'),
      f('time', 'time4', 'time', '回复时间'),
    ],
  },
  redemption_ready: {
    key: 'redemption_ready',
    title: '积分兑换通知',
    description: '您用积分兑换的物品可以领取时通知您',
    page: 'packages/points/redemption/index?id={ref}',
    fields: [
      f('item', 'thing1', 'thing', '兑换物品'),
      f('points', 'number2', 'number', '消耗积分'),
      f('place', 'thing3', 'thing', '领取地点'),
      f('code', 'character_string4', 'character_string', '领取码'),
    ],
  },
  role_request_reviewed: {
    key: 'role_request_reviewed',
    title: '身份审核结果通知',
    description: '您申请的身份（如商户、网格员）审核通过或被驳回时通知您',
    page: 'packages/account/role-request/index',
    fields: [
      f('role', 'thing1', 'thing', '申请身份'),
      f('unit', 'thing2', 'thing', '所属辖区'),
      f('result', 'phrase3', 'phrase', '审核结果'),
      f('note', 'thing4', 'thing', '审核说明'),
      f('time', 'time5', 'time', '审核时间'),
    ],
  },
};

/** A user's last answer for a template, as WeChat reports it, or the main switch being off. */
export const SubscriptionStatus = {
  Accept: 'accept',
  Reject: 'reject',
  Ban: 'ban',
  MainSwitchOff: 'main_switch_off',
} as const;
export type SubscriptionStatus = (typeof SubscriptionStatus)[keyof typeof SubscriptionStatus];

export const SubscriptionStatusLabelZh: Record<SubscriptionStatus, string> = {
  accept: '已同意',
  reject: '已拒绝',
  ban: '已被屏蔽',
  main_switch_off: '订阅消息总开关已关闭',
};

/**
 * Statuses after which the client must not ask again (WeChat would not show the popup, or the user said
 * no): it offers `openSetting` with an explanation instead.
 */
export const SUBSCRIPTION_BLOCKED_STATUSES: readonly SubscriptionStatus[] = ['reject', 'ban', 'main_switch_off'];

/** What `wx.requestSubscribeMessage` reports per template id. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filtered'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

/** State of the WeChat push of one inbox message. */
export const DeliveryStatus = {
  Queued: 'queued',
  Sending: 'sending',
  Sent: 'sent',
  NoCredit: 'no_credit',
  Refused: 'refused',
  Error: 'error',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** Delivery states that will not change any more. */
export const DELIVERY_FINAL_STATUSES: readonly DeliveryStatus[] = ['sent', 'no_credit', 'refused', 'error'];

export const DeliveryStatusLabelZh: Record<DeliveryStatus, string> = {
  queued: '待推送',
  sending: '推送中',
  sent: '已推送到微信',
  no_credit: '未订阅，仅站内消息',
  refused: '用户拒收',
  error: '推送失败',
};

/** WeChat allows at most 3 templates per `requestSubscribeMessage` call (verify: 3 vs 5; 3 is safe). */
export const MAX_TEMPLATES_PER_SUBSCRIBE_CALL = 3;

export const NotificationLimits = {
  pageSizeDefault: 20,
  pageSizeMax: 50,
  /** Longest `ref` (the id of the record a notification is about). */
  refMaxLength: 64,
} as const;
