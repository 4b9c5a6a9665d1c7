import { Controller, Get, Inject, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { ticketBoardQuerySchema } from '@linli/shared';
import { RateLimitService } from '../../../common/rate-limit/rate-limit.service';
import { validate } from '../../../common/validation/validate';
import { BoardService } from './board.service';

/**
 * The public board of tickets near a point (no sign-in; never who reported). Same prefix as the ticket
 * controller, so Midway sorts `/board` before `/:id` within one router.
 */
@Controller('/api/tickets')
export class BoardController {
  @Inject()
  ctx: Context;

  @Inject()
  board: BoardService;

  @Inject()
  rateLimit: RateLimitService;

  @Get('/board')
  async near(@Query() query: unknown) {
    // Public and unauthenticated: a per-IP ceiling keeps scrapers from sweeping the whole map.
    await this.rateLimit.consumeIp('ticket_board', this.ctx, 120, 60);
    const input = validate(ticketBoardQuerySchema, query);
    this.ctx.set('Cache-Control', 'public, max-age=30');
    return { ok: true, data: await this.board.near(input) };
  }
}
