import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { EntityManager } from 'typeorm';
import { AuditLogEntity } from './audit-log.entity';

export interface AuditEntry {
  actorId: number;
  actorRole: string;
  /** Path of the unit the action belongs to (`/320111/320111001/`). */
  unitPath: string;
  action: string;
  targetType: string;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends staff actions to the audit log. Always called with the transaction's EntityManager, so an
 * action and its audit row commit or roll back together.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const row: Partial<AuditLogEntity> = {
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      unitPath: entry.unitPath,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      before: (entry.before ?? null) as object | null,
      after: (entry.after ?? null) as object | null,
    };
    await manager.insert(AuditLogEntity, row);
  }
}
