import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { alertFeedQuerySchema, alertRecipientsQuerySchema, createAlertSchema, idParamSchema, withdrawAlertSchema } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { presentAlert, presentRecipient } from './alert.presenter';
import { AlertService } from './alert.service';

/** Police alerts: post, feed, open, 收到, reach, reminders, withdrawal. */
@Controller('/api/alerts')
export class AlertController {
  @Inject()
  ctx: Context;

  @Inject()
  alerts: AlertService;

  @Post('/')
  async create(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(createAlertSchema, body);
    const { view, created } = await this.alerts.create(auth, input);
    this.ctx.status = created ? 201 : 200;
    return { ok: true, data: presentAlert(view) };
  }

  @Get('/feed')
  async feed(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(alertFeedQuerySchema, query);
    const page = await this.alerts.feed(auth, input);
    return { ok: true, data: { items: page.items.map((v) => presentAlert(v)), nextCursor: page.nextCursor } };
  }

  @Get('/posted')
  async posted(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(alertFeedQuerySchema, query);
    const page = await this.alerts.posted(auth, input);
    return { ok: true, data: { items: page.items.map((v) => presentAlert(v)), nextCursor: page.nextCursor } };
  }

  @Get('/:id')
  async detail(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentAlert(await this.alerts.detail(auth, params.id)) };
  }

  @Post('/:id/ack')
  async acknowledge(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentAlert(await this.alerts.acknowledge(auth, params.id)) };
  }

  @Get('/:id/recipients')
  async recipients(@Param('id') id: string, @Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(alertRecipientsQuerySchema, query);
    const page = await this.alerts.recipients(auth, params.id, input);
    return { ok: true, data: { items: page.items.map(presentRecipient), nextCursor: page.nextCursor } };
  }

  @Post('/:id/remind')
  async remind(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.alerts.remind(auth, params.id) };
  }

  @Post('/:id/withdraw')
  async withdraw(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(withdrawAlertSchema, body);
    return { ok: true, data: presentAlert(await this.alerts.withdraw(auth, params.id, input)) };
  }
}
