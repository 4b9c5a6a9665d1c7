import { Body, Controller, Get, Inject, Param, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { idParamSchema, reviewRoleRequestSchema, Role } from '@linli/shared';
import { requireRole } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { RoleRequestService } from './role-request.service';
import { presentRoleRequest } from './user.presenter';

/** Command-centre API: admins review role requests inside their units. */
@Controller('/api')
export class RoleRequestAdminController {
  @Inject()
  ctx: Context;

  @Inject()
  roleRequests: RoleRequestService;

  @Get('/admin/role-requests')
  async queue() {
    const auth = requireRole(this.ctx, Role.Admin);
    return { ok: true, data: (await this.roleRequests.reviewQueue(auth)).map(presentRoleRequest) };
  }

  @Post('/admin/role-requests/:id/review')
  async review(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const params = validate(idParamSchema, { id });
    const input = validate(reviewRoleRequestSchema, body);
    return { ok: true, data: presentRoleRequest(await this.roleRequests.review(auth, params.id, input)) };
  }
}
