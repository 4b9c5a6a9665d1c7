import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  idParamSchema,
  leaderboardQuerySchema,
  pointsHistoryQuerySchema,
  redeemSchema,
  redemptionCodeSchema,
  rewardInputSchema,
  rewardsQuerySchema,
  updatePointsSettingsSchema,
} from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { validate } from '../../common/validation/validate';
import { PointsAccountService } from './points-account.service';
import { presentEntry, presentRedemption, presentReward } from './points.presenter';
import { RedemptionService } from './redemption.service';
import { RewardService } from './reward.service';

/** Residents' points (balance, history, leaderboard, catalogue, redemption) and the providers' side. */
@Controller('/api')
export class PointsController {
  @Inject()
  ctx: Context;

  @Inject()
  accounts: PointsAccountService;

  @Inject()
  rewards: RewardService;

  @Inject()
  redemptions: RedemptionService;

  @Inject()
  rateLimit: RateLimitService;

  @Get('/points/me')
  async summary() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: await this.accounts.summary(auth) };
  }

  @Patch('/points/me')
  async updateSettings(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(updatePointsSettingsSchema, body);
    return { ok: true, data: await this.accounts.updateSettings(auth, input.leaderboardOptOut) };
  }

  @Get('/points/entries')
  async history(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(pointsHistoryQuerySchema, query);
    const page = await this.accounts.history(auth, input);
    return { ok: true, data: { items: page.items.map((v) => presentEntry(v.entry, v.reversed)), nextCursor: page.nextCursor } };
  }

  @Get('/points/leaderboard')
  async leaderboard(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(leaderboardQuerySchema, query);
    return { ok: true, data: await this.accounts.leaderboard(auth, input) };
  }

  @Get('/points/rewards')
  async catalogue(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(rewardsQuerySchema, query);
    return { ok: true, data: (await this.rewards.catalogue(auth, input)).map((v) => presentReward(v)) };
  }

  @Get('/points/rewards/:id')
  async reward(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentReward(await this.rewards.get(auth, params.id)) };
  }

  @Post('/points/rewards/:id/redeem')
  async redeem(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(redeemSchema, body);
    const { view, replayed } = await this.redemptions.redeem(auth, params.id, input.clientKey);
    this.ctx.status = replayed ? 200 : 201;
    return { ok: true, data: presentRedemption(view) };
  }

  @Get('/points/redemptions')
  async mine() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.redemptions.mine(auth)).map(presentRedemption) };
  }

  @Get('/points/redemptions/:id')
  async one(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentRedemption(await this.redemptions.one(auth, params.id)) };
  }

  @Post('/points/redemptions/:id/cancel')
  async cancel(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentRedemption(await this.redemptions.cancel(auth, params.id)) };
  }

  @Get('/points/provider/rewards')
  async providerRewards() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.rewards.providerList(auth)).map((v) => presentReward(v)) };
  }

  @Post('/points/provider/rewards')
  async offer(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(rewardInputSchema, body);
    this.ctx.status = 201;
    return { ok: true, data: presentReward(await this.rewards.offer(auth, input)) };
  }

  @Post('/points/provider/lookup')
  async lookup(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    // Codes are 10 random digits; a per-user ceiling keeps a provider account from walking the space.
    await this.rateLimit.consume('points_code_lookup', String(auth.userId), 120, 60);
    const input = validate(redemptionCodeSchema, body);
    return { ok: true, data: presentRedemption(await this.redemptions.lookup(auth, input.code)) };
  }

  @Post('/points/provider/fulfil')
  async fulfil(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    await this.rateLimit.consume('points_code_lookup', String(auth.userId), 120, 60);
    const input = validate(redemptionCodeSchema, body);
    return { ok: true, data: presentRedemption(await this.redemptions.fulfil(auth, input.code)) };
  }
}
