import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { insideAnyUnit } from '../../common/db/unit-scope';
import { AuditLogQuery, ModerationLimits, parseAuditDate } from '@linli/shared';
import { AuditLogEntity } from '../../common/audit/audit-log.entity';
import type { AuthState } from '../../common/auth/auth.context';
import { forbidden } from '../../common/errors/app.error';
import { auditReadablePaths } from './moderation.policy';
import type { AuditLogView } from './moderation.presenter';
import { loadNicknames } from './moderation.repository';

/**
 * Reading the audit log: admins see the rows whose unit lies inside one of their admin units. Newest
 * first with keyset pages (`id < cursor`), so a page never shifts while new rows arrive. Read only:
 * the product has no way to edit or delete an audit row.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AuditLogService {
  @InjectDataSource()
  dataSource: DataSource;

  /**
   * One page of rows matching the filters.
   * @throws AppError FORBIDDEN when the caller administers no unit.
   */
  async list(auth: AuthState, query: AuditLogQuery): Promise<{ items: AuditLogView[]; nextCursor: string | null }> {
    const limit = query.limit ?? ModerationLimits.auditPageSize;
    const qb = this.filtered(auth, query);
    if (query.cursor) qb.andWhere('a.id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('a.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return { items: await this.withActors(page), nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
  }

  /**
   * Every row matching the filters (newest first, at most 10 000) for the CSV export.
   * @throws AppError FORBIDDEN when the caller administers no unit.
   */
  async exportRows(auth: AuthState, query: AuditLogQuery): Promise<AuditLogView[]> {
    const rows = await this.filtered(auth, query).orderBy('a.id', 'DESC').limit(ModerationLimits.auditExportMax).getMany();
    return this.withActors(rows);
  }

  private filtered(auth: AuthState, query: AuditLogQuery): SelectQueryBuilder<AuditLogEntity> {
    const paths = auditReadablePaths(auth.grants);
    if (!paths.length) throw forbidden();
    const qb = this.dataSource.manager.createQueryBuilder(AuditLogEntity, 'a').where(insideAnyUnit('a.unit_path', paths));
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) qb.andWhere('a.created_at >= :from', { from: parseAuditDate(query.from, false) });
    if (query.to) qb.andWhere('a.created_at <= :to', { to: parseAuditDate(query.to, true) });
    return qb;
  }

  private async withActors(rows: AuditLogEntity[]): Promise<AuditLogView[]> {
    const names = await loadNicknames(this.dataSource.manager, rows.map((r) => r.actorId));
    return rows.map((row) => ({ row, actorNickname: row.actorId === 0 ? '系统' : names.get(row.actorId) ?? '未知用户' }));
  }
}
