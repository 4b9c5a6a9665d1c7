import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { adminCategoryQuerySchema, categoryCodeParamSchema, createCategorySchema, updateCategorySchema, UpdateCategoryInput } from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { CategoryService } from './category.service';

/** Catalogue administration: list, create, edit (new version), history. Access rules in category.policy. */
@Controller('/api/admin')
export class CategoryAdminController {
  @Inject()
  ctx: Context;

  @Inject()
  categories: CategoryService;

  @Get('/categories')
  async list(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(adminCategoryQuerySchema, query);
    return { ok: true, data: await this.categories.adminList(auth, input) };
  }

  @Post('/categories')
  async create(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(createCategorySchema, body);
    const data = await this.categories.create(auth, input);
    this.ctx.status = 201;
    return { ok: true, data };
  }

  @Patch('/categories/:code')
  async update(@Param('code') code: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(categoryCodeParamSchema, { code });
    const input = validate(updateCategorySchema, body) as UpdateCategoryInput;
    return { ok: true, data: await this.categories.update(auth, params.code, input) };
  }

  @Get('/categories/:code/versions')
  async versions(@Param('code') code: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(categoryCodeParamSchema, { code });
    return { ok: true, data: await this.categories.history(auth, params.code) };
  }
}
