import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { createHash, randomBytes } from 'crypto';
import { DataSource, IsNull } from 'typeorm';
import { ErrorCode, hasRoleOver, Role, unitPathsFor } from '@linli/shared';
import type { AuthState } from '../../../common/auth/auth.context';
import { AuditService } from '../../../common/audit/audit.service';
import { TransactionRunner } from '../../../common/db/transaction.runner';
import { AppError, forbidden, notFound } from '../../../common/errors/app.error';
import { UnitEntity } from '../../unit/unit.entity';
import { Open311ApiKeyEntity } from './open311.entities';

/** SHA-256 (hex) of an API key: what the table stores and what a lookup compares. */
export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Keys are `o311_` + 32 random bytes in base64url: long enough that guessing is hopeless. */
const KEY_PREFIX = 'o311_';

/**
 * API keys of Open311 clients. Admins issue them for their units (the key's requests are entered in that
 * unit) and revoke them; the plain key is returned once, at issue, and only its hash is stored.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class Open311KeyService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  /**
   * The active key matching `key`, or null (unknown or revoked). Marks it used (at most once a minute,
   * so a busy client does not write on every request).
   */
  async verify(key: string, now = new Date()): Promise<Open311ApiKeyEntity | null> {
    if (!key.startsWith(KEY_PREFIX)) return null;
    const repo = this.dataSource.getRepository(Open311ApiKeyEntity);
    const row = await repo.findOne({ where: { keyHash: hashApiKey(key), revokedAt: IsNull() } });
    if (!row) return null;
    if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 60_000) {
      await repo.update({ id: row.id }, { lastUsedAt: now });
    }
    return row;
  }

  /** Keys of the units the caller administers, newest first. */
  async list(auth: AuthState): Promise<Open311ApiKeyEntity[]> {
    const paths = adminPaths(auth);
    if (!paths.length) throw forbidden();
    const rows = await this.dataSource.getRepository(Open311ApiKeyEntity).find({ order: { id: 'DESC' } });
    return rows.filter((r) => paths.some((p) => r.unitPath.startsWith(p)));
  }

  /**
   * Issues a key for `unitId` (a unit the caller administers). Returns the row and the plain key, which
   * is never available again.
   * @throws AppError FORBIDDEN when the caller does not administer the unit; VALIDATION_FAILED when it is unknown.
   */
  async issue(auth: AuthState, input: { name: string; unitId: number }): Promise<{ key: string; row: Open311ApiKeyEntity }> {
    const unit = await this.dataSource.getRepository(UnitEntity).findOne({ where: { id: input.unitId } });
    if (!unit) throw new AppError(ErrorCode.ValidationFailed, { message: 'unitId: 辖区不存在', fields: { unitId: '辖区不存在' } });
    if (!hasRoleOver(auth.grants, Role.Admin, unit.path)) throw forbidden();
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.tx.run(async (m) => {
      const saved = await m.save(
        m.create(Open311ApiKeyEntity, {
          name: input.name,
          keyHash: hashApiKey(key),
          keyPrefix: key.slice(0, 10),
          unitId: unit.id,
          unitPath: unit.path,
          createdBy: auth.userId,
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: unit.path,
        action: 'open311_key_issue',
        targetType: 'open311_key',
        targetId: saved.id,
        after: { name: saved.name, keyPrefix: saved.keyPrefix },
      });
      return saved;
    });
    return { key, row };
  }

  /**
   * Revokes a key at once (requests with it answer 403 from then on). Revoking twice changes nothing.
   * @throws AppError NOT_FOUND when the key is missing or outside the caller's units.
   */
  async revoke(auth: AuthState, id: number, now = new Date()): Promise<Open311ApiKeyEntity> {
    return this.tx.run(async (m) => {
      const row = await m.findOne(Open311ApiKeyEntity, { where: { id } });
      if (!row || !hasRoleOver(auth.grants, Role.Admin, row.unitPath)) throw notFound();
      if (row.revokedAt) return row;
      row.revokedAt = now;
      await m.save(row);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: row.unitPath,
        action: 'open311_key_revoke',
        targetType: 'open311_key',
        targetId: row.id,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
      });
      return row;
    });
  }
}

function adminPaths(auth: AuthState): string[] {
  return unitPathsFor(auth.grants, Role.Admin);
}
