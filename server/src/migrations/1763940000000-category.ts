import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Category tables (issue 4): the catalogue (`categories`, one row per major or minor category pointing at
 * its current version) and its append-only history (`category_versions`), plus the department of a
 * department handler's grant and request (`department_code` on `role_grants` and `role_requests`).
 * The catalogue's rows are written by the CategorySeeder at start-up, not here.
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Category1763940000000 implements MigrationInterface {
  name = 'Category1763940000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const created = { name: 'created_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };
    const jsonText = mysql ? 'mediumtext' : 'text';

    await q.createTable(
      new Table({
        name: 'categories',
        columns: [
          id,
          { name: 'code', type: 'varchar', length: '16' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'major_code', type: 'varchar', length: '16', isNullable: true },
          { name: 'name', type: 'varchar', length: '50' },
          { name: 'active', type: 'boolean', default: 1 },
          { name: 'current_version', type: 'integer' },
          { name: 'definition', type: jsonText },
          { name: 'sort_order', type: 'integer', default: 0 },
          created,
          updated,
        ],
        indices: [
          new TableIndex({ name: 'uq_categories_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'idx_categories_kind_major', columnNames: ['kind', 'major_code'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'category_versions',
        columns: [
          id,
          { name: 'code', type: 'varchar', length: '16' },
          { name: 'version', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'snapshot', type: jsonText },
          { name: 'editor_id', type: 'integer', isNullable: true },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          created,
        ],
        indices: [new TableIndex({ name: 'uq_category_versions_code_version', columnNames: ['code', 'version'], isUnique: true })],
      }),
    );

    await q.addColumn('role_grants', new TableColumn({ name: 'department_code', type: 'varchar', length: '32', isNullable: true }));
    await q.addColumn('role_requests', new TableColumn({ name: 'department_code', type: 'varchar', length: '32', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('role_requests', 'department_code');
    await q.dropColumn('role_grants', 'department_code');
    await q.dropTable('category_versions');
    await q.dropTable('categories');
  }
}
