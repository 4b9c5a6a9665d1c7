import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { createTipSchema, idParamSchema, replyTipSchema, tipActionSchema, tipListQuerySchema, tipToTicketSchema } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { presentTip } from './alert.presenter';
import { TipService } from './tip.service';

/** Private tips and questions to the officers of the station; marking useful, tickets, answers. */
@Controller('/api/tips')
export class TipController {
  @Inject()
  ctx: Context;

  @Inject()
  tips: TipService;

  @Post('/')
  async create(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(createTipSchema, body);
    const { view, created } = await this.tips.create(auth, input);
    this.ctx.status = created ? 201 : 200;
    return { ok: true, data: presentTip(view) };
  }

  @Get('/mine')
  async mine(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(tipListQuerySchema, query);
    const page = await this.tips.mine(auth, input);
    return { ok: true, data: { items: page.items.map(presentTip), nextCursor: page.nextCursor } };
  }

  @Get('/')
  async station(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(tipListQuerySchema, query);
    const page = await this.tips.station(auth, input);
    return { ok: true, data: { items: page.items.map(presentTip), nextCursor: page.nextCursor } };
  }

  @Get('/:id')
  async detail(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentTip(await this.tips.detail(auth, params.id)) };
  }

  @Post('/:id/useful')
  async useful(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(tipActionSchema, body);
    return { ok: true, data: presentTip(await this.tips.markUseful(auth, params.id, input)) };
  }

  @Post('/:id/ticket')
  async ticket(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(tipToTicketSchema, body);
    return { ok: true, data: presentTip(await this.tips.toTicket(auth, params.id, input)) };
  }

  @Post('/:id/reply')
  async reply(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(replyTipSchema, body);
    return { ok: true, data: presentTip(await this.tips.reply(auth, params.id, input)) };
  }
}
