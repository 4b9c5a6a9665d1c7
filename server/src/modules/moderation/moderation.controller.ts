import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  createContentReportSchema,
  ErrorCode,
  idParamSchema,
  ModerationLimits,
  ModerationAction,
  moderationActionSchema,
  moderationQueueQuerySchema,
} from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { AppError } from '../../common/errors/app.error';
import { validate } from '../../common/validation/validate';
import { isModerator } from './moderation.policy';
import { presentContentReport, presentModerationItem } from './moderation.presenter';
import { ModerationService } from './moderation.service';

/** 举报 (any signed-in user) and the moderation queue (admins and community police). */
@Controller('/api')
export class ModerationController {
  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  ctx: Context;

  @Inject()
  moderation: ModerationService;

  @Post('/content-reports')
  async report(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    await this.rateLimit.consumeIp('content_report', this.ctx, ModerationLimits.reportsPerHour * 10, 3600);
    const input = validate(createContentReportSchema, body);
    return { ok: true, data: presentContentReport(await this.moderation.report(auth, input)) };
  }

  @Get('/admin/moderation')
  async queue(@Query() query: unknown) {
    const auth = this.requireModerator();
    const input = validate(moderationQueueQuerySchema, query);
    return { ok: true, data: (await this.moderation.queue(auth, input)).map(presentModerationItem) };
  }

  @Post('/admin/moderation/:id/hide')
  async hide(@Param('id') id: string, @Body() body: unknown) {
    return this.act(id, ModerationAction.Hide, body);
  }

  @Post('/admin/moderation/:id/restore')
  async restore(@Param('id') id: string, @Body() body: unknown) {
    return this.act(id, ModerationAction.Restore, body);
  }

  private async act(id: string, action: ModerationAction, body: unknown) {
    const auth = this.requireModerator();
    const params = validate(idParamSchema, { id });
    const input = validate(moderationActionSchema, body);
    return { ok: true, data: presentModerationItem(await this.moderation.act(auth, params.id, action, input)) };
  }

  private requireModerator() {
    const auth = requireAuth(this.ctx);
    if (!isModerator(auth.grants)) throw new AppError(ErrorCode.Forbidden);
    return auth;
  }
}
