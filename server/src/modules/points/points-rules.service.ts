import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, Role, type RuleSetQuery, type RuleSetResponse, type SaveRuleSetInput } from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { UnitEntity } from '../unit/unit.entity';
import { loadNicknames } from '../moderation/moderation.repository';
import { PointsRuleSetEntity } from './points.entity';
import { canEditRules, readableRuleDistricts } from './points.policy';
import { PointsService } from './points.service';

/**
 * Earning rules per district, with versions: saving never edits a version, it adds the next one, and
 * every entry records the version it used. The admin sends the version they edited; a stale one is 409.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PointsRulesService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  ledger: PointsService;

  @Inject()
  audit: AuditService;

  /**
   * The rules in force in a district the caller administers (their first district when none is named).
   * @throws FORBIDDEN without an admin grant; NOT_FOUND for a district outside the caller's units.
   */
  async get(auth: AuthState, query: RuleSetQuery): Promise<RuleSetResponse> {
    const districts = readableRuleDistricts(auth.grants);
    if (!districts.length) throw forbidden();
    const m = this.dataSource.manager;
    const district = query.districtId
      ? await m.findOneBy(UnitEntity, { id: query.districtId })
      : await m.findOneBy(UnitEntity, { path: districts[0] });
    if (!district || district.level !== 'district' || !districts.includes(district.path)) throw notFound();
    return this.view(m, district);
  }

  /**
   * Saves the next version of a district's rules. Only an admin of the district itself may (a street
   * admin reads them). Audited in the same transaction.
   * @throws CONFLICT when `baseVersion` is not the version in force (someone saved meanwhile).
   */
  async save(auth: AuthState, input: SaveRuleSetInput): Promise<RuleSetResponse> {
    const districts = readableRuleDistricts(auth.grants);
    if (!districts.length) throw forbidden();
    return this.tx.run(async (m) => {
      const district = await m.findOneBy(UnitEntity, { id: input.districtId });
      if (!district || district.level !== 'district' || !districts.includes(district.path)) throw notFound();
      if (!canEditRules(auth.grants, district.path)) throw forbidden('只有区级管理员可以修改积分规则');
      const current = await this.ledger.effectiveRules(m, district.path);
      if (current.version !== input.baseVersion) throw new AppError(ErrorCode.Conflict, { data: { version: current.version } });
      const version = current.version + 1;
      // The unique (district, version) index makes two simultaneous saves of the same base give one winner.
      try {
        await m.insert(PointsRuleSetEntity, {
          districtPath: district.path,
          version,
          config: input.config,
          note: input.note ?? null,
          createdBy: auth.userId,
        });
      } catch (err) {
        if (isDuplicate(err)) throw new AppError(ErrorCode.Conflict);
        throw err;
      }
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: district.path,
        action: 'points.rules_save',
        targetType: 'points_rule_set',
        targetId: `${district.code}:v${version}`,
        before: { version: current.version, config: current.config },
        after: { version, config: input.config, note: input.note ?? null },
      });
      return this.view(m, district);
    });
  }

  private async view(m: EntityManager, district: UnitEntity): Promise<RuleSetResponse> {
    const current = await this.ledger.effectiveRules(m, district.path);
    const versions = await m.find(PointsRuleSetEntity, { where: { districtPath: district.path }, order: { version: 'DESC' }, take: 50 });
    const names = await loadNicknames(m, versions.map((v) => v.createdBy));
    return {
      districtId: district.id,
      districtPath: district.path,
      districtName: district.name,
      version: current.version,
      config: current.config,
      note: versions[0]?.note ?? null,
      history: versions.map((v) => ({
        version: v.version,
        note: v.note,
        createdAt: new Date(v.createdAt).toISOString(),
        createdBy: v.createdBy ? names.get(v.createdBy) ?? null : null,
      })),
    };
  }
}

/** A unique-index violation on MySQL (1062) or SQLite. */
export function isDuplicate(err: unknown): boolean {
  const e = err as { errno?: number; code?: string; message?: string };
  return e?.errno === 1062 || e?.code === 'ER_DUP_ENTRY' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}
