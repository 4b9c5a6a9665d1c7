import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import { CATEGORY_MAJORS, CATEGORY_MINORS } from '@linli/shared';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { CategoryVersionEntity } from './category-version.entity';
import { CategoryEntity } from './category.entity';

/** Rows per INSERT statement. */
const CHUNK = 50;

/**
 * Writes the built-in catalogue (shared/constants/categories.ts) as version 1 of every category into an
 * EMPTY catalogue. It runs at every start-up (production included) and in the demo seed: a fresh database
 * gets the catalogue, an existing one is never touched, so admins' edits (and deliberate removals by
 * deactivation) survive upgrades. New built-in categories of later releases therefore do not appear by
 * themselves in an existing deployment; admins add them (docs/DECISIONS.md).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CategorySeeder {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  /** @returns how many categories were written (0 when the catalogue already had any). */
  async seed(): Promise<number> {
    if ((await this.dataSource.manager.count(CategoryEntity)) > 0) return 0;
    try {
      return await this.tx.run(async (m) => {
        if ((await m.count(CategoryEntity)) > 0) return 0;
        const rows: Partial<CategoryEntity>[] = [
          ...CATEGORY_MAJORS.map((c, i) => ({ code: c.code, kind: 'major' as const, majorCode: null, name: c.name, active: c.active, currentVersion: 1, definition: c, sortOrder: i })),
          ...CATEGORY_MINORS.map((c, i) => ({ code: c.code, kind: 'minor' as const, majorCode: c.majorCode, name: c.name, active: c.active, currentVersion: 1, definition: c, sortOrder: i })),
        ];
        const versions: Partial<CategoryVersionEntity>[] = rows.map((r) => ({ code: r.code, version: 1, kind: r.kind, snapshot: r.definition, editorId: null, note: '内置类别目录' }));
        for (let i = 0; i < rows.length; i += CHUNK) {
          await m.insert(CategoryEntity, rows.slice(i, i + CHUNK));
          await m.insert(CategoryVersionEntity, versions.slice(i, i + CHUNK));
        }
        return rows.length;
      });
    } catch (err) {
      // Two processes starting on one empty database: the unique code index lets one seed win.
      if (/duplicate|unique/i.test(String((err as Error).message)) && (await this.dataSource.manager.count(CategoryEntity)) > 0) return 0;
      throw err;
    }
  }
}
