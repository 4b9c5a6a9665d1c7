import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Foundation schema: units (jurisdiction tree), users, role grants and requests, sessions, audit log.
 * Written with TypeORM's Table API so the same migration runs on MySQL/MariaDB and on sql.js.
 * @Provide: @midwayjs/typeorm resolves migration classes through Midway's container.
 */
@Provide()
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const bigText = mysql ? 'mediumtext' : 'text';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const created = { name: 'created_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };
    const opts = mysql ? { engine: 'InnoDB' } : {};
    void opts;

    await q.createTable(
      new Table({
        name: 'units',
        columns: [
          id,
          { name: 'code', type: 'varchar', length: '20', isUnique: true },
          { name: 'name', type: 'varchar', length: '60' },
          { name: 'level', type: 'varchar', length: '16' },
          { name: 'parent_id', type: 'integer', isNullable: true },
          { name: 'path', type: 'varchar', length: '255' },
          { name: 'polygon', type: bigText, isNullable: true },
          created,
          updated,
        ],
        foreignKeys: [{ columnNames: ['parent_id'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
        indices: [
          new TableIndex({ name: 'idx_units_parent', columnNames: ['parent_id'] }),
          new TableIndex({ name: 'idx_units_path', columnNames: ['path'] }),
          new TableIndex({ name: 'idx_units_level', columnNames: ['level'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'openid', type: 'varchar', length: '64', isNullable: true, isUnique: true },
          { name: 'unionid', type: 'varchar', length: '64', isNullable: true },
          { name: 'demo_key', type: 'varchar', length: '40', isNullable: true, isUnique: true },
          { name: 'nickname', type: 'varchar', length: '40' },
          { name: 'avatar_url', type: 'varchar', length: '500', isNullable: true },
          { name: 'phone_enc', type: 'varchar', length: '255', isNullable: true },
          { name: 'phone_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'deleted_at', type: 'datetime', isNullable: true },
          created,
          updated,
        ],
        indices: [new TableIndex({ name: 'idx_users_phone_hash', columnNames: ['phone_hash'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'role_grants',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'unit_id', type: 'integer' },
          { name: 'granted_by', type: 'integer', isNullable: true },
          created,
        ],
        foreignKeys: [
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
        indices: [
          new TableIndex({ name: 'uq_role_grants', columnNames: ['user_id', 'role', 'unit_id'], isUnique: true }),
          new TableIndex({ name: 'idx_role_grants_unit', columnNames: ['unit_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'role_requests',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'unit_id', type: 'integer' },
          { name: 'reason', type: 'varchar', length: '200' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'review_note', type: 'varchar', length: '200', isNullable: true },
          { name: 'reviewed_by', type: 'integer', isNullable: true },
          { name: 'reviewed_at', type: 'datetime', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        foreignKeys: [
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
        indices: [
          new TableIndex({ name: 'idx_role_requests_unit_status', columnNames: ['unit_id', 'status'] }),
          new TableIndex({ name: 'idx_role_requests_user_status', columnNames: ['user_id', 'status'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'expires_at', type: 'datetime' },
          { name: 'last_used_at', type: 'datetime', isNullable: true },
          created,
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ name: 'idx_sessions_user', columnNames: ['user_id'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'audit_logs',
        columns: [
          id,
          { name: 'actor_id', type: 'integer' },
          { name: 'actor_role', type: 'varchar', length: '32' },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'target_type', type: 'varchar', length: '32' },
          { name: 'target_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'before', type: bigText, isNullable: true },
          { name: 'after', type: bigText, isNullable: true },
          created,
        ],
        indices: [new TableIndex({ name: 'idx_audit_unit_time', columnNames: ['unit_path', 'created_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_logs', 'sessions', 'role_requests', 'role_grants', 'users', 'units']) await q.dropTable(t);
  }
}
