import { Body, Controller, Del, Get, Inject, Param, Patch, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  addStaffSchema,
  checkinSchema,
  handoverSchema,
  idParamSchema,
  idSchema,
  joinRotaSchema,
  leaveRotaSchema,
  registerShopSchema,
  requestExemptionSchema,
  requestSwapSchema,
  respondSwapSchema,
  rosterQuerySchema,
  rotaListQuerySchema,
  updateParticipantSchema,
} from '@linli/shared';
import { optionalAuth, requireAuth } from '../../common/auth/auth.context';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { validate } from '../../common/validation/validate';
import { DutyService } from './duty.service';
import { ParticipantService } from './participant.service';
import { presentMember, presentParticipant, presentRotaSummary, rosterCsv } from './rota.presenter';
import { RotaService } from './rota.service';
import { SwapService } from './swap.service';

/** Shops, volunteers, rotas, duties, swaps and exemptions as shops and residents use them (issue 6). */
@Controller('/api')
export class RotaController {
  @Inject()
  ctx: Context;

  @Inject()
  participants: ParticipantService;

  @Inject()
  rotas: RotaService;

  @Inject()
  duties: DutyService;

  @Inject()
  swaps: SwapService;

  @Inject()
  rateLimit: RateLimitService;

  // ---- participants ----
  @Post('/rota/shops')
  async registerShop(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(registerShopSchema, body);
    this.ctx.status = 201;
    return { ok: true, data: presentParticipant(await this.participants.registerShop(auth, input)) };
  }

  @Get('/rota/participants/mine')
  async myParticipants() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.participants.mine(auth)).map(presentParticipant) };
  }

  @Patch('/rota/participants/:id')
  async updateParticipant(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(updateParticipantSchema, body);
    return { ok: true, data: presentParticipant(await this.participants.update(auth, params.id, input)) };
  }

  @Post('/rota/participants/:id/staff')
  async addStaff(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(addStaffSchema, body);
    return { ok: true, data: presentParticipant(await this.participants.addStaff(auth, params.id, input)) };
  }

  @Del('/rota/participants/:id/staff/:userId')
  async removeStaff(@Param('id') id: string, @Param('userId') userId: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const user = validate(idSchema, userId);
    return { ok: true, data: presentParticipant(await this.participants.removeStaff(auth, params.id, user)) };
  }

  // ---- rotas ----
  @Get('/rota/rotas')
  async list(@Query() query: unknown) {
    const input = validate(rotaListQuerySchema, query);
    return { ok: true, data: (await this.rotas.list(optionalAuth(this.ctx), input)).map(presentRotaSummary) };
  }

  @Post('/rota/rotas/:id/join')
  async join(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(joinRotaSchema, body);
    const memberId = await this.rotas.join(auth, params.id, input);
    this.ctx.status = 201;
    return { ok: true, data: presentMember(await this.rotas.memberView(this.rotas.dataSource.manager, memberId)) };
  }

  @Post('/rota/rotas/:id/leave')
  async leave(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(leaveRotaSchema, body);
    const memberId = await this.rotas.leave(auth, params.id, input);
    return { ok: true, data: presentMember(await this.rotas.memberView(this.rotas.dataSource.manager, memberId)) };
  }

  @Get('/rota/rotas/:id/roster')
  async roster(@Param('id') id: string, @Query() query: unknown) {
    await this.rateLimit.consumeIp('rota_roster', this.ctx, 120, 60);
    const params = validate(idParamSchema, { id });
    const input = validate(rosterQuerySchema, query);
    return { ok: true, data: await this.rotas.roster(params.id, input) };
  }

  @Get('/rota/rotas/:id/roster.csv')
  async rosterCsv(@Param('id') id: string, @Query() query: unknown) {
    await this.rateLimit.consumeIp('rota_roster', this.ctx, 120, 60);
    const params = validate(idParamSchema, { id });
    const input = validate(rosterQuerySchema, query);
    const roster = await this.rotas.roster(params.id, { ...input, weeks: input.weeks ?? 26 });
    this.ctx.set('Content-Disposition', `attachment; filename="rota-${params.id}-${roster.weeks[0]?.start ?? 'roster'}.csv"`);
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.type = 'text/csv; charset=utf-8';
    return rosterCsv(roster);
  }

  // ---- duties ----
  @Get('/rota/duty')
  async myDuty() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.duties.myDuty(auth) };
  }

  @Get('/rota/duties/:id')
  async duty(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.duties.duty(auth, params.id) };
  }

  @Post('/rota/duties/:id/checkins')
  async checkin(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(checkinSchema, body);
    this.ctx.status = 201;
    return { ok: true, data: await this.duties.checkin(auth, params.id, input) };
  }

  @Post('/rota/duties/:id/handover')
  async handover(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(handoverSchema, body);
    return { ok: true, data: await this.duties.handover(auth, params.id, input) };
  }

  @Post('/rota/duties/:id/swaps')
  async requestSwap(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(requestSwapSchema, body);
    this.ctx.status = 201;
    return { ok: true, data: await this.swaps.request(auth, params.id, input) };
  }

  // ---- swaps ----
  @Get('/rota/swaps')
  async mySwaps() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.swaps.mine(auth) };
  }

  @Get('/rota/swaps/:id')
  async swap(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.swaps.one(auth, params.id) };
  }

  @Post('/rota/swaps/:id/respond')
  async respond(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(respondSwapSchema, body);
    return { ok: true, data: await this.swaps.respond(auth, params.id, input.accept) };
  }

  @Post('/rota/swaps/:id/cancel')
  async cancelSwap(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.swaps.cancel(auth, params.id) };
  }

  // ---- exemptions ----
  @Post('/rota/exemptions')
  async requestExemption(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(requestExemptionSchema, body);
    this.ctx.status = 201;
    return { ok: true, data: await this.swaps.requestExemption(auth, input) };
  }

  @Get('/rota/exemptions')
  async myExemptions() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.swaps.myExemptions(auth) };
  }

  @Post('/rota/exemptions/:id/cancel')
  async cancelExemption(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.swaps.cancelExemption(auth, params.id) };
  }
}
