import { Body, Controller, Get, Inject, Param, Post, Put, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  adjustmentSchema,
  adminPointsUsersQuerySchema,
  adminRewardsQuerySchema,
  idParamSchema,
  reviewRewardSchema,
  rewardInputSchema,
  Role,
  ruleSetQuerySchema,
  saveRuleSetSchema,
  withdrawRewardSchema,
} from '@linli/shared';
import { requireRole } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { beijingTime } from '../moderation/moderation.presenter';
import { PointsAccountService } from './points-account.service';
import { PointsRulesService } from './points-rules.service';
import { presentEntry, presentReward, statementCsv } from './points.presenter';
import { RewardService } from './reward.service';

/** Admins: earning rules per district, rewards review, manual adjustments and statements. */
@Controller('/api')
export class PointsAdminController {
  @Inject()
  ctx: Context;

  @Inject()
  rules: PointsRulesService;

  @Inject()
  rewards: RewardService;

  @Inject()
  accounts: PointsAccountService;

  @Get('/admin/points/rules')
  async ruleSet(@Query() query: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(ruleSetQuerySchema, query);
    return { ok: true, data: await this.rules.get(auth, input) };
  }

  @Put('/admin/points/rules')
  async saveRuleSet(@Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(saveRuleSetSchema, body);
    return { ok: true, data: await this.rules.save(auth, input) };
  }

  @Get('/admin/points/rewards')
  async list(@Query() query: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(adminRewardsQuerySchema, query);
    return { ok: true, data: (await this.rewards.adminList(auth, input)).map((v) => presentReward(v)) };
  }

  @Post('/admin/points/rewards')
  async create(@Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(rewardInputSchema, body);
    this.ctx.status = 201;
    return { ok: true, data: presentReward(await this.rewards.create(auth, input)) };
  }

  @Post('/admin/points/rewards/:id/review')
  async review(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const params = validate(idParamSchema, { id });
    const input = validate(reviewRewardSchema, body);
    return { ok: true, data: presentReward(await this.rewards.review(auth, params.id, input)) };
  }

  @Post('/admin/points/rewards/:id/withdraw')
  async withdraw(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const params = validate(idParamSchema, { id });
    const input = validate(withdrawRewardSchema, body);
    return { ok: true, data: presentReward(await this.rewards.withdraw(auth, params.id, input)) };
  }

  @Get('/admin/points/users')
  async users(@Query() query: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(adminPointsUsersQuerySchema, query);
    const found = await this.accounts.findUsers(auth, input.q);
    return { ok: true, data: found.map((f) => ({ userId: f.user.id, nickname: f.user.nickname, balance: f.balance, entries: [] })) };
  }

  @Get('/admin/points/users/:id')
  async user(@Param('id') id: string) {
    const auth = requireRole(this.ctx, Role.Admin);
    const params = validate(idParamSchema, { id });
    const v = await this.accounts.adminUser(auth, params.id);
    return {
      ok: true,
      data: { userId: v.user.id, nickname: v.user.nickname, balance: v.balance, entries: v.entries.map((e) => presentEntry(e.entry, e.reversed)) },
    };
  }

  @Get('/admin/points/users/:id/statement')
  async statement(@Param('id') id: string) {
    const auth = requireRole(this.ctx, Role.Admin);
    const params = validate(idParamSchema, { id });
    const s = await this.accounts.statement(auth, params.id);
    const stamp = beijingTime(new Date()).slice(0, 10).replace(/-/g, '');
    this.ctx.set('Content-Disposition', `attachment; filename="points-statement-${s.user.id}-${stamp}.csv"`);
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.type = 'text/csv; charset=utf-8';
    return statementCsv({ id: s.user.id, nickname: s.user.nickname, balance: s.balance }, s.entries, s.reversed);
  }

  @Post('/admin/points/adjustments')
  async adjust(@Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(adjustmentSchema, body);
    const v = await this.accounts.adjust(auth, input);
    this.ctx.status = 201;
    return { ok: true, data: presentEntry(v.entry, v.reversed) };
  }
}
