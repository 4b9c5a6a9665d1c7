import type { DeliveryStatus, NotificationTemplateKey, SubscriptionStatus } from '../constants/notification';

/** One inbox message of the signed-in user. */
export interface NotificationResponse {
  id: number;
  templateKey: NotificationTemplateKey;
  title: string;
  body: string;
  /** Mini-program page to open, without a leading slash (e.g. `packages/account/role-request/index`). */
  page: string;
  /** Id of the record it is about. */
  ref: string;
  read: boolean;
  readAt: string | null;
  createdAt: string;
  /** Whether it also reached WeChat (sent) or stayed in the inbox only. */
  delivery: { status: DeliveryStatus; label: string } | null;
}

export interface UnreadCountResponse {
  count: number;
}

export interface ReadAllResponse {
  updated: number;
}

/** One template on the subscription settings page, with the signed-in user's credits. */
export interface SubscriptionResponse {
  templateKey: NotificationTemplateKey;
  /** WeChat template id to pass to `requestSubscribeMessage`. */
  templateId: string;
  title: string;
  description: string;
  /** Messages WeChat will still let us send (one per acceptance). */
  credits: number;
  lastStatus: SubscriptionStatus | null;
  lastStatusLabel: string | null;
  /** False after a reject/ban or with the main switch off: the client offers openSetting instead. */
  canAsk: boolean;
}
