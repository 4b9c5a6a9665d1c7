import { Body, Controller, Inject, Post } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { importDivisionsSchema, importGridsSchema, Role } from '@linli/shared';
import { requireRole } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { toImportReport } from './unit.presenter';
import { UnitImportService } from './unit.import.service';

/**
 * Admin imports of the jurisdiction tree. The caller must hold `admin` somewhere (else 403); each row
 * must then land inside one of the caller's admin units, which the import service checks per row.
 */
@Controller('/api/admin/units')
export class UnitAdminController {
  @Inject()
  ctx: Context;

  @Inject()
  imports: UnitImportService;

  @Post('/import-divisions')
  async importDivisions(@Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(importDivisionsSchema, body);
    const report = await this.imports.importDivisions({ kind: 'admin', userId: auth.userId, grants: auth.grants }, input);
    return { ok: true, data: toImportReport(report) };
  }

  @Post('/import-grids')
  async importGrids(@Body() body: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(importGridsSchema, body);
    const report = await this.imports.importGrids({ kind: 'admin', userId: auth.userId, grants: auth.grants }, input);
    return { ok: true, data: toImportReport(report) };
  }
}
