import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  createTicketSchema,
  idParamSchema,
  joinTicketSchema,
  myTicketsQuerySchema,
  similarTicketsQuerySchema,
  ticketActionSchema,
} from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { validate } from '../../common/validation/validate';
import { REPORT_RATE_LIMIT, TicketReportService } from './ticket-report.service';
import { TicketLifecycleService } from './ticket-lifecycle.service';
import { TicketQueueService } from './ticket-queue.service';

/** Residents' side of tickets: report, duplicates and "me too", my tickets, detail, actions. */
@Controller('/api/tickets')
export class TicketController {
  @Inject()
  ctx: Context;

  @Inject()
  reports: TicketReportService;

  @Inject()
  lifecycle: TicketLifecycleService;

  @Inject()
  queues: TicketQueueService;

  @Inject()
  rateLimit: RateLimitService;

  @Post('/')
  async create(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    await this.rateLimit.consumeIp('ticket_report', this.ctx, REPORT_RATE_LIMIT.points * 10, REPORT_RATE_LIMIT.durationSeconds);
    const input = validate(createTicketSchema, body);
    const result = await this.reports.report(auth, input);
    this.ctx.status = result.replayed ? 200 : 201;
    return { ok: true, data: result };
  }

  @Get('/similar')
  async similar(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.reports.similar(auth, validate(similarTicketsQuerySchema, query)) };
  }

  @Get('/mine')
  async mine(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.queues.mine(auth, validate(myTicketsQuerySchema, query)) };
  }

  @Get('/:id')
  async detail(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.queues.detail(auth, params.id) };
  }

  @Post('/:id/join')
  async join(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.reports.join(auth, params.id, validate(joinTicketSchema, body)) };
  }

  @Post('/:id/actions')
  async act(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.lifecycle.act(auth, params.id, validate(ticketActionSchema, body)) };
  }
}
