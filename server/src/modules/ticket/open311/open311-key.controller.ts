import { Body, Controller, Get, Inject, Param, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { createOpen311KeySchema, idParamSchema, Role } from '@linli/shared';
import { requireRole } from '../../../common/auth/auth.context';
import { validate } from '../../../common/validation/validate';
import { presentOpen311Keys } from './open311-key.presenter';
import { Open311KeyService } from './open311-key.service';

/** Admins issue and revoke the API keys of Open311 clients for their units. */
@Controller('/api/admin/open311')
export class Open311KeyController {
  @Inject()
  ctx: Context;

  @Inject()
  keys: Open311KeyService;

  @Get('/keys')
  async list() {
    const auth = requireRole(this.ctx, Role.Admin);
    const rows = await this.keys.list(auth);
    return { ok: true, data: await presentOpen311Keys(this.keys.dataSource.manager, rows) };
  }

  @Post('/keys')
  async create(@Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(createOpen311KeySchema, body);
    const { key, row } = await this.keys.issue(auth, input);
    this.ctx.status = 201;
    this.ctx.set('Cache-Control', 'no-store');
    const [apiKey] = await presentOpen311Keys(this.keys.dataSource.manager, [row]);
    return { ok: true, data: { key, apiKey } };
  }

  @Post('/keys/:id/revoke')
  async revoke(@Param() params: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const { id } = validate(idParamSchema, params);
    const row = await this.keys.revoke(auth, id);
    const [apiKey] = await presentOpen311Keys(this.keys.dataSource.manager, [row]);
    return { ok: true, data: apiKey };
  }
}
