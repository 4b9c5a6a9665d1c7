import { Controller, Get, Inject, Param, Query } from '@midwayjs/core';
import { idParamSchema, locateQuerySchema, unitTreeQuerySchema } from '@linli/shared';
import { validate } from '../../common/validation/validate';
import { toLocateResponse, toUnitDetail, toUnitTree } from './unit.presenter';
import { UnitService } from './unit.service';

/**
 * Public reads of the jurisdiction tree (no login: residents choose their community first).
 * `/tree` and `/locate` are static routes, which Midway matches before `/:id`.
 */
@Controller('/api/units')
export class UnitController {
  @Inject()
  units: UnitService;

  @Get('/tree')
  async tree(@Query() query: Record<string, unknown>) {
    const input = validate(unitTreeQuerySchema, query);
    return { ok: true, data: toUnitTree(await this.units.tree(input)) };
  }

  @Get('/locate')
  async locate(@Query() query: Record<string, unknown>) {
    const input = validate(locateQuerySchema, query);
    return { ok: true, data: toLocateResponse(await this.units.locate(input)) };
  }

  @Get('/:id')
  async detail(@Param('id') id: string) {
    const input = validate(idParamSchema, { id });
    return { ok: true, data: toUnitDetail(await this.units.detail(input.id)) };
  }
}
