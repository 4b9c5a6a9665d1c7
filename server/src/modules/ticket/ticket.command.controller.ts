import { Body, Controller, Get, Inject, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { bulkDispatchSchema, staffCreateTicketSchema, ticketQueueQuerySchema } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { TicketReportService } from './ticket-report.service';
import { TicketLifecycleService } from './ticket-lifecycle.service';
import { TicketQueueService, type QueueKind } from './ticket-queue.service';

/** The command centres' and departments' side: queues, staff entry, bulk dispatch. */
@Controller('/api/command')
export class TicketCommandController {
  @Inject()
  ctx: Context;

  @Inject()
  reports: TicketReportService;

  @Inject()
  lifecycle: TicketLifecycleService;

  @Inject()
  queues: TicketQueueService;

  @Get('/queue')
  async queue(@Query() query: unknown) {
    return this.list('dispatcher', query);
  }

  @Get('/grid')
  async grid(@Query() query: unknown) {
    return this.list('grid', query);
  }

  @Get('/department')
  async department(@Query() query: unknown) {
    return this.list('department', query);
  }

  @Get('/district')
  async district(@Query() query: unknown) {
    return this.list('district', query);
  }

  @Post('/tickets')
  async create(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const result = await this.reports.staffEntry(auth, validate(staffCreateTicketSchema, body));
    this.ctx.status = result.replayed ? 200 : 201;
    return { ok: true, data: result };
  }

  @Post('/bulk-dispatch')
  async bulkDispatch(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.lifecycle.bulkDispatch(auth, validate(bulkDispatchSchema, body)) };
  }

  private async list(kind: QueueKind, query: unknown) {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.queues.queue(auth, kind, validate(ticketQueueQuerySchema, query)) };
  }
}
