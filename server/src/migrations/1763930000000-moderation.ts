import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Moderation (issue 3): moderation items, user reports (举报) and content-check records.
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Moderation1763930000000 implements MigrationInterface {
  name = 'Moderation1763930000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const created = { name: 'created_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };

    await q.createTable(
      new Table({
        name: 'moderation_items',
        columns: [
          id,
          { name: 'content_type', type: 'varchar', length: '32' },
          { name: 'target_id', type: 'varchar', length: '64' },
          { name: 'owner_id', type: 'integer', isNullable: true },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'excerpt', type: 'varchar', length: '500', isNullable: true },
          { name: 'media_id', type: 'integer', isNullable: true },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '200', isNullable: true },
          { name: 'trace_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'suggest', type: 'varchar', length: '16', isNullable: true },
          { name: 'label', type: 'integer', isNullable: true },
          { name: 'report_count', type: 'integer', default: 0 },
          { name: 'reviewer_id', type: 'integer', isNullable: true },
          { name: 'reviewed_at', type: 'datetime', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        indices: [
          new TableIndex({ name: 'idx_moderation_unit_status', columnNames: ['unit_path', 'status'] }),
          new TableIndex({ name: 'idx_moderation_target', columnNames: ['content_type', 'target_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'content_reports',
        columns: [
          id,
          { name: 'reporter_id', type: 'integer' },
          { name: 'target_type', type: 'varchar', length: '32' },
          { name: 'target_id', type: 'varchar', length: '64' },
          { name: 'reason', type: 'varchar', length: '16' },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          { name: 'item_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'open_key', type: 'integer', isNullable: true },
          created,
          { name: 'closed_at', type: 'datetime', isNullable: true },
        ],
        foreignKeys: [
          { columnNames: ['reporter_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['item_id'], referencedTableName: 'moderation_items', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'uq_content_reports_open', columnNames: ['reporter_id', 'target_type', 'target_id', 'open_key'], isUnique: true }),
          new TableIndex({ name: 'idx_content_reports_item', columnNames: ['item_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'content_checks',
        columns: [
          id,
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'user_id', type: 'integer', isNullable: true },
          { name: 'scene', type: 'integer' },
          { name: 'trace_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'media_id', type: 'integer', isNullable: true },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'suggest', type: 'varchar', length: '16', isNullable: true },
          { name: 'label', type: 'integer', isNullable: true },
          { name: 'note', type: 'varchar', length: '100', isNullable: true },
          created,
          { name: 'completed_at', type: 'datetime', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'idx_content_checks_trace', columnNames: ['trace_id'] }),
          new TableIndex({ name: 'idx_content_checks_status_time', columnNames: ['status', 'created_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['content_checks', 'content_reports', 'moderation_items']) await q.dropTable(t);
  }
}
