import { Controller, Get, Inject, Param, Query } from '@midwayjs/core';
import { categoryCodeParamSchema, categoryListQuerySchema } from '@linli/shared';
import { validate } from '../../common/validation/validate';
import { presentDepartments } from './category.presenter';
import { CategoryService } from './category.service';

/** The public catalogue (the reporting form reads it before sign-in) and the departments. */
@Controller('/api')
export class CategoryController {
  @Inject()
  categories: CategoryService;

  @Get('/categories')
  async tree(@Query() query: unknown) {
    const input = validate(categoryListQuerySchema, query);
    return { ok: true, data: await this.categories.tree(input) };
  }

  @Get('/categories/:code')
  async detail(@Param('code') code: string) {
    const params = validate(categoryCodeParamSchema, { code });
    return { ok: true, data: await this.categories.detail(params.code) };
  }

  @Get('/departments')
  async departments() {
    return { ok: true, data: presentDepartments() };
  }
}
