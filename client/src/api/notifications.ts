import type { ReportSubscriptionsInput } from '@linli/shared';
import { subscriptionStore } from '../stores/subscriptions';
import { call } from './request';

export const fetchNotifications = (cursor?: string | null, limit = 20) =>
  call('notifications', { query: { limit, ...(cursor ? { cursor } : {}) } });

export const fetchUnreadCount = () => call('unreadCount');

export const markNotificationRead = (id: number) => call('readNotification', { params: { id } });

export const markAllNotificationsRead = () => call('readAllNotifications');

/** Loads every template with my credits and keeps the subscription store (used by askSubscribe) in step. */
export async function fetchSubscriptions() {
  const list = await call('subscriptions');
  subscriptionStore.set(list);
  return list;
}

/** Records what requestSubscribeMessage answered; the store gets the server's new view. */
export async function reportSubscriptions(input: ReportSubscriptionsInput) {
  const list = await call('reportSubscriptions', { body: input });
  subscriptionStore.set(list);
  return list;
}
