import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { idParamSchema, notificationListQuerySchema, reportSubscriptionsSchema } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { NotificationService } from './notification.service';
import { presentNotification, presentSubscription } from './notification.presenter';
import { SubscriptionService } from './subscription.service';

/** The signed-in user's inbox and subscription credits (mini-program 消息 / 消息订阅 pages). */
@Controller('/api')
export class NotificationController {
  @Inject()
  ctx: Context;

  @Inject()
  notifications: NotificationService;

  @Inject()
  subscriptions: SubscriptionService;

  @Get('/notifications')
  async list(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(notificationListQuerySchema, query);
    const page = await this.notifications.list(auth.userId, input);
    return { ok: true, data: { items: page.items.map(presentNotification), nextCursor: page.nextCursor } };
  }

  @Get('/notifications/unread-count')
  async unreadCount() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: { count: await this.notifications.unreadCount(auth.userId) } };
  }

  @Post('/notifications/read-all')
  async readAll() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: { updated: await this.notifications.markAllRead(auth.userId) } };
  }

  @Post('/notifications/:id/read')
  async read(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentNotification(await this.notifications.markRead(auth.userId, params.id)) };
  }

  @Get('/notifications/subscriptions')
  async subscriptionList() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.subscriptions.list(auth.userId)).map(presentSubscription) };
  }

  @Post('/notifications/subscriptions')
  async report(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(reportSubscriptionsSchema, body);
    return { ok: true, data: (await this.subscriptions.report(auth.userId, input)).map(presentSubscription) };
  }
}
