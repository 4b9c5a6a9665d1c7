import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CategorySnapshot, ErrorCode, MajorCategoryDefinition, MinorCategoryDefinition } from '@linli/shared';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError } from '../../common/errors/app.error';
import { CategoryVersionEntity } from './category-version.entity';
import { CategoryEntity } from './category.entity';

/** Versions are immutable, so a process may keep them; this caps the cache. */
const VERSION_CACHE_LIMIT = 2000;

/**
 * The category catalogue: current and historical versions of minor categories for the ticket module,
 * the public tree, admin edits (each edit a new version, optimistic-locked, audited).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CategoryService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  /** (code@version) -> snapshot without majorName; versions never change once written. */
  private readonly versions = new Map<string, MinorCategoryDefinition>();

  /**
   * The current version of an active minor category, as a new ticket files it.
   * @throws AppError VALIDATION_FAILED on field `categoryCode` when the code is unknown, a major
   *   category, or inactive (itself or its major).
   */
  async current(code: string, m: EntityManager = this.dataSource.manager): Promise<CategorySnapshot> {
    const row = typeof code === 'string' && code.length <= 16 ? await m.findOne(CategoryEntity, { where: { code } }) : null;
    if (!row || row.kind !== 'minor' || !row.active) throw unknownCategory();
    const major = await m.findOne(CategoryEntity, { where: { code: row.majorCode! } });
    if (!major || !major.active) throw unknownCategory();
    return { ...(row.definition as MinorCategoryDefinition), version: row.currentVersion, majorName: major.name };
  }

  /**
   * Version `version` of minor category `code`, whatever its current state (a ticket keeps the version it
   * was filed under, even after the category is edited or deactivated).
   * @throws AppError NOT_FOUND when that version does not exist.
   */
  async version(code: string, version: number, m: EntityManager = this.dataSource.manager): Promise<CategorySnapshot> {
    const key = `${code}@${version}`;
    let def = this.versions.get(key);
    if (!def) {
      const row = await m.findOne(CategoryVersionEntity, { where: { code, version } });
      if (!row || row.kind !== 'minor') throw new AppError(ErrorCode.NotFound);
      def = row.snapshot as MinorCategoryDefinition;
      if (this.versions.size >= VERSION_CACHE_LIMIT) this.versions.clear();
      this.versions.set(key, def);
    }
    const major = await m.findOne(CategoryEntity, { where: { code: def.majorCode }, select: ['id', 'name', 'definition'] });
    const majorName = major ? (major.definition as MajorCategoryDefinition).name : def.majorCode;
    return { ...def, version, majorName };
  }
}

function unknownCategory(): AppError {
  return new AppError(ErrorCode.ValidationFailed, {
    message: 'categoryCode: 请选择有效的问题类别',
    fields: { categoryCode: '请选择有效的问题类别' },
  });
}
