import { Body, Controller, Del, Get, Inject, Patch, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { bindPhoneSchema, createRoleRequestSchema, deleteAccountSchema, ModerationLimits, updateProfileSchema } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { validate } from '../../common/validation/validate';
import { RoleRequestService } from './role-request.service';
import { presentExport, presentRoleRequest, presentUser } from './user.presenter';
import { UserService } from './user.service';

/** The signed-in user's own account (mini-program "我的" page). */
@Controller('/api')
export class MeController {
  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  ctx: Context;

  @Inject()
  users: UserService;

  @Inject()
  roleRequests: RoleRequestService;

  @Get('/me')
  async me() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: presentUser(await this.users.view(auth.userId)) };
  }

  @Patch('/me')
  async update(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    await this.rateLimit.consumeIp('content_post', this.ctx, ModerationLimits.postsPerMinute * 10, 60);
    const input = validate(updateProfileSchema, body);
    const view = await this.users.updateProfile(auth.userId, input);
    // `held`: the new nickname waits for a moderator; the response shows the one still public.
    return { ok: true, data: view.held ? { ...presentUser(view), held: view.held } : presentUser(view) };
  }

  @Post('/me/phone')
  async bindPhone(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(bindPhoneSchema, body);
    return { ok: true, data: presentUser(await this.users.bindPhone(auth.userId, input.code)) };
  }

  @Del('/me/phone')
  async unbindPhone() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: presentUser(await this.users.unbindPhone(auth.userId)) };
  }

  @Get('/me/export')
  async export() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: presentExport(await this.users.exportData(auth.userId)) };
  }

  @Post('/me/delete')
  async delete(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    validate(deleteAccountSchema, body);
    await this.users.deleteAccount(auth.userId);
    return { ok: true, data: { deleted: true } };
  }

  @Get('/me/role-requests')
  async myRoleRequests() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.roleRequests.listMine(auth.userId)).map(presentRoleRequest) };
  }

  @Post('/me/role-requests')
  async createRoleRequest(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(createRoleRequestSchema, body);
    return { ok: true, data: presentRoleRequest(await this.roleRequests.create(auth.userId, input)) };
  }
}
