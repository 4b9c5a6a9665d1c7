import { Controller, Get, Inject, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { figuresQuerySchema } from '@linli/shared';
import { requireAuth } from '../../../common/auth/auth.context';
import { validate } from '../../../common/validation/validate';
import { figuresCsv, figuresFileName } from './figures.presenter';
import { FiguresService } from './figures.service';

/** The command centre's figures (docs/FIGURES.md) and their CSV export. */
@Controller('/api')
export class FiguresController {
  @Inject()
  ctx: Context;

  @Inject()
  figures: FiguresService;

  @Get('/figures')
  async figuresOf(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(figuresQuerySchema, query);
    return { ok: true, data: await this.figures.compute(auth, input) };
  }

  @Get('/figures/export')
  async export(@Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(figuresQuerySchema, query);
    const figures = await this.figures.compute(auth, input);
    this.ctx.set('Content-Disposition', `attachment; filename="${figuresFileName(figures)}"`);
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.type = 'text/csv; charset=utf-8';
    return figuresCsv(figures);
  }
}
