import { Body, Controller, Get, Inject, Param, Patch, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { createRotaSchema, enrolMembersSchema, idParamSchema, rotaReviewSchema, updateRotaSchema } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { ParticipantService } from './participant.service';
import { presentMember, presentParticipant, presentRotaSummary } from './rota.presenter';
import { RotaService } from './rota.service';
import { SwapService } from './swap.service';

/**
 * The officer's side of the rotas (community police and admins, inside their units): shop review,
 * rotas, enrolment, attendance, and the approval of joins, swaps and exemptions. Access per record is
 * the services' (a rota outside the caller's units answers 404).
 */
@Controller('/api/admin/rota')
export class RotaAdminController {
  @Inject()
  ctx: Context;

  @Inject()
  participants: ParticipantService;

  @Inject()
  rotas: RotaService;

  @Inject()
  swaps: SwapService;

  @Get('/participants')
  async participantQueue() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.participants.queue(auth)).map(presentParticipant) };
  }

  @Post('/participants/:id/review')
  async reviewParticipant(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(rotaReviewSchema, body);
    return { ok: true, data: presentParticipant(await this.participants.review(auth, params.id, input)) };
  }

  @Get('/rotas')
  async list() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.rotas.managed(auth)).map(presentRotaSummary) };
  }

  @Post('/rotas')
  async create(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(createRotaSchema, body);
    const id = await this.rotas.create(auth, input);
    this.ctx.status = 201;
    return { ok: true, data: await this.rotas.detail(auth, id) };
  }

  @Get('/rotas/:id')
  async detail(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.rotas.detail(auth, params.id) };
  }

  @Patch('/rotas/:id')
  async update(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(updateRotaSchema, body);
    await this.rotas.update(auth, params.id, input);
    return { ok: true, data: await this.rotas.detail(auth, params.id) };
  }

  @Post('/rotas/:id/members')
  async enrol(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(enrolMembersSchema, body);
    await this.rotas.enrol(auth, params.id, input);
    return { ok: true, data: await this.rotas.detail(auth, params.id) };
  }

  @Get('/rotas/:id/attendance')
  async attendance(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: await this.rotas.attendance(auth, params.id) };
  }

  @Post('/members/:id/review')
  async reviewMember(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(rotaReviewSchema, body);
    const memberId = await this.rotas.reviewMember(auth, params.id, input);
    return { ok: true, data: presentMember(await this.rotas.memberView(this.rotas.dataSource.manager, memberId)) };
  }

  @Post('/members/:id/remove')
  async removeMember(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const memberId = await this.rotas.removeMember(auth, params.id);
    return { ok: true, data: presentMember(await this.rotas.memberView(this.rotas.dataSource.manager, memberId)) };
  }

  @Post('/swaps/:id/review')
  async reviewSwap(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(rotaReviewSchema, body);
    return { ok: true, data: await this.swaps.review(auth, params.id, input) };
  }

  @Post('/exemptions/:id/review')
  async reviewExemption(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(rotaReviewSchema, body);
    return { ok: true, data: await this.swaps.reviewExemption(auth, params.id, input) };
  }
}
