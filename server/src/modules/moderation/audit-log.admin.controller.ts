import { Controller, Get, Inject, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { auditLogQuerySchema, Role } from '@linli/shared';
import { requireRole } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { AuditLogService } from './audit-log.service';
import { auditLogCsv, beijingTime, presentAuditLog } from './moderation.presenter';

/** Admins read (never edit) the audit log of their units. */
@Controller('/api')
export class AuditLogAdminController {
  @Inject()
  ctx: Context;

  @Inject()
  auditLogs: AuditLogService;

  @Get('/admin/audit-logs')
  async list(@Query() query: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(auditLogQuerySchema, query);
    const page = await this.auditLogs.list(auth, input);
    return { ok: true, data: { items: page.items.map(presentAuditLog), nextCursor: page.nextCursor } };
  }

  @Get('/admin/audit-logs/export')
  async export(@Query() query: unknown) {
    const auth = requireRole(this.ctx, Role.Admin);
    const input = validate(auditLogQuerySchema.omit({ cursor: true, limit: true }), query);
    const csv = auditLogCsv(await this.auditLogs.exportRows(auth, input));
    const stamp = beijingTime(new Date()).slice(0, 10).replace(/-/g, '');
    this.ctx.set('Content-Disposition', `attachment; filename="audit-logs-${stamp}.csv"`);
    this.ctx.set('Cache-Control', 'no-store');
    this.ctx.type = 'text/csv; charset=utf-8';
    return csv;
  }
}
