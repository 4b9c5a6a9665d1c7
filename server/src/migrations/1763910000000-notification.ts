import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Notifications: send credits per (user, template), the in-app inbox, and one WeChat delivery row per
 * inbox row (the durable queue the delivery worker works through). Table API: runs on MySQL and sql.js.
 */
@Provide()
export class Notification1763910000000 implements MigrationInterface {
  name = 'Notification1763910000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const bigText = mysql ? 'mediumtext' : 'text';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const precision = mysql ? 6 : undefined;
    const created = { name: 'created_at', type: 'datetime', precision, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision, default: now };
    const userFk = { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

    await q.createTable(
      new Table({
        name: 'notification_subscriptions',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'template_key', type: 'varchar', length: '40' },
          { name: 'credits', type: 'integer', default: 0 },
          { name: 'last_status', type: 'varchar', length: '20', isNullable: true },
          { name: 'unmatched_source', type: 'varchar', length: '6', isNullable: true },
          { name: 'unmatched_count', type: 'integer', default: 0 },
          { name: 'unmatched_at', type: 'datetime', precision, isNullable: true },
          updated,
        ],
        foreignKeys: [userFk],
        indices: [new TableIndex({ name: 'uq_notification_subscriptions', columnNames: ['user_id', 'template_key'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'notifications',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'template_key', type: 'varchar', length: '40' },
          { name: 'title', type: 'varchar', length: '60' },
          { name: 'body', type: bigText },
          { name: 'page', type: 'varchar', length: '255' },
          { name: 'ref', type: 'varchar', length: '64' },
          { name: 'dedupe_key', type: 'varchar', length: '191' },
          { name: 'read_at', type: 'datetime', precision, isNullable: true },
          created,
        ],
        foreignKeys: [userFk],
        indices: [
          new TableIndex({ name: 'uq_notifications_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
          new TableIndex({ name: 'idx_notifications_user_id', columnNames: ['user_id', 'id'] }),
          new TableIndex({ name: 'idx_notifications_user_read', columnNames: ['user_id', 'read_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'notification_deliveries',
        columns: [
          id,
          { name: 'notification_id', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          { name: 'template_key', type: 'varchar', length: '40' },
          { name: 'payload', type: bigText },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'datetime', precision },
          { name: 'last_errcode', type: 'varchar', length: '20', isNullable: true },
          { name: 'msgid', type: 'varchar', length: '40', isNullable: true },
          { name: 'lock_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'locked_until', type: 'datetime', precision, isNullable: true },
          { name: 'sent_at', type: 'datetime', precision, isNullable: true },
          created,
          updated,
        ],
        foreignKeys: [
          { columnNames: ['notification_id'], referencedTableName: 'notifications', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          userFk,
        ],
        indices: [
          new TableIndex({ name: 'uq_notification_deliveries_notification', columnNames: ['notification_id'], isUnique: true }),
          new TableIndex({ name: 'idx_notification_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'idx_notification_deliveries_lock', columnNames: ['lock_owner'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notification_deliveries', 'notifications', 'notification_subscriptions']) await q.dropTable(t);
  }
}
