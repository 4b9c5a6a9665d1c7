import { Body, Controller, Get, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { demoLoginSchema, wechatLoginSchema } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { validate } from '../../common/validation/validate';
import { presentSession } from './auth.presenter';
import { AuthService } from './auth.service';

/** Sign-in, renewal and sign-out. Sign-in attempts are rate limited per client IP. */
@Controller('/api/auth')
export class AuthController {
  @Inject()
  ctx: Context;

  @Inject()
  auth: AuthService;

  @Inject()
  rateLimit: RateLimitService;

  @Post('/wechat-login')
  async wechatLogin(@Body() body: unknown) {
    await this.rateLimit.consumeLogin(this.ctx);
    const input = validate(wechatLoginSchema, body);
    return { ok: true, data: presentSession(await this.auth.wechatLogin(input.code)) };
  }

  @Get('/demo-accounts')
  async demoAccounts() {
    return { ok: true, data: await this.auth.listDemoAccounts() };
  }

  @Post('/demo-login')
  async demoLogin(@Body() body: unknown) {
    this.auth.assertDemoMode();
    await this.rateLimit.consumeLogin(this.ctx);
    const input = validate(demoLoginSchema, body);
    return { ok: true, data: presentSession(await this.auth.demoLogin(input.account)) };
  }

  @Post('/renew')
  async renew() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: presentSession(await this.auth.renew(auth)) };
  }

  @Post('/logout')
  async logout() {
    const auth = requireAuth(this.ctx);
    await this.auth.logout(auth);
    return { ok: true, data: { loggedOut: true } };
  }
}
