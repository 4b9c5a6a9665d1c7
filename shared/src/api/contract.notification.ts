import type { EndpointSpec } from './contract';
import { notificationListQuerySchema, reportSubscriptionsSchema } from '../schemas/notification.schema';

/** Notifications: inbox, subscription credits (issue 3). */
export const NOTIFICATION_API = {
  notifications: { method: 'GET', path: '/notifications', summary: 'My inbox, newest first (keyset pages)', tag: 'notifications', access: 'user', query: notificationListQuerySchema, response: 'Page<NotificationResponse>' },
  unreadCount: { method: 'GET', path: '/notifications/unread-count', summary: 'How many of my messages are unread', tag: 'notifications', access: 'user', response: 'UnreadCountResponse' },
  readNotification: { method: 'POST', path: '/notifications/:id/read', summary: 'Mark one of my messages read', tag: 'notifications', access: 'user', response: 'NotificationResponse' },
  readAllNotifications: { method: 'POST', path: '/notifications/read-all', summary: 'Mark all my messages read', tag: 'notifications', access: 'user', response: 'ReadAllResponse' },
  subscriptions: { method: 'GET', path: '/notifications/subscriptions', summary: 'Every template with its WeChat id, my credits and last answer', tag: 'notifications', access: 'user', response: 'SubscriptionResponse[]' },
  reportSubscriptions: { method: 'POST', path: '/notifications/subscriptions', summary: 'Record what wx.requestSubscribeMessage answered (+1 credit per accept)', tag: 'notifications', access: 'user', body: reportSubscriptionsSchema, response: 'SubscriptionResponse[]' },
} as const satisfies Record<string, EndpointSpec>;
