import {
  DeliveryStatusLabelZh,
  NOTIFICATION_TEMPLATES,
  SUBSCRIPTION_BLOCKED_STATUSES,
  SubscriptionStatusLabelZh,
  type NotificationResponse,
  type SubscriptionResponse,
} from '@linli/shared';
import type { NotificationView } from './notification.service';
import type { SubscriptionView } from './subscription.service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function presentNotification(v: NotificationView): NotificationResponse {
  const n = v.notification;
  return {
    id: n.id,
    templateKey: n.templateKey,
    title: n.title,
    body: n.body,
    page: n.page,
    ref: n.ref,
    read: Boolean(n.readAt),
    readAt: iso(n.readAt),
    createdAt: iso(n.createdAt)!,
    delivery: v.delivery ? { status: v.delivery.status, label: DeliveryStatusLabelZh[v.delivery.status] } : null,
  };
}

export function presentSubscription(v: SubscriptionView): SubscriptionResponse {
  const def = NOTIFICATION_TEMPLATES[v.templateKey];
  return {
    templateKey: v.templateKey,
    templateId: v.templateId,
    title: def.title,
    description: def.description,
    credits: v.credits,
    lastStatus: v.lastStatus,
    lastStatusLabel: v.lastStatus ? SubscriptionStatusLabelZh[v.lastStatus] : null,
    canAsk: !v.lastStatus || !SUBSCRIPTION_BLOCKED_STATUSES.includes(v.lastStatus),
  };
}
