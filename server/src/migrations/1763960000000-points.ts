import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Points tables: points ledger, earning rules, rewards, redemption (issue 5).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Points1763960000000 implements MigrationInterface {
  name = 'Points1763960000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const precision = mysql ? 6 : undefined;
    const created = { name: 'created_at', type: 'datetime', precision, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision, default: now };
    const userFk = (col: string) => ({ columnNames: [col], referencedTableName: 'users', referencedColumnNames: ['id'] });

    await q.createTable(
      new Table({
        name: 'points_accounts',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'balance', type: 'integer', default: 0 },
          { name: 'cap_day', type: 'integer', default: 0 },
          { name: 'cap_month', type: 'integer', default: 0 },
          { name: 'cap_usage', type: 'varchar', length: '1000', default: "'{}'" },
          { name: 'leaderboard_opt_out', type: 'boolean', default: 0 },
          updated,
        ],
        foreignKeys: [{ ...userFk('user_id'), onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'points_entries',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'amount', type: 'integer' },
          { name: 'rule', type: 'varchar', length: '32' },
          { name: 'rule_district', type: 'varchar', length: '64', isNullable: true },
          { name: 'rule_version', type: 'integer', isNullable: true },
          { name: 'unit_path', type: 'varchar', length: '255', isNullable: true },
          { name: 'ref_type', type: 'varchar', length: '32' },
          { name: 'ref_id', type: 'varchar', length: '64' },
          { name: 'idempotency_key', type: 'varchar', length: '191' },
          { name: 'reverses_entry_id', type: 'integer', isNullable: true },
          { name: 'balance_after', type: 'integer' },
          { name: 'period_month', type: 'integer' },
          { name: 'note', type: 'varchar', length: '255', isNullable: true },
          { name: 'actor_id', type: 'integer', isNullable: true },
          created,
        ],
        foreignKeys: [
          { ...userFk('user_id'), onDelete: 'CASCADE' },
          { columnNames: ['reverses_entry_id'], referencedTableName: 'points_entries', referencedColumnNames: ['id'] },
        ],
        indices: [
          new TableIndex({ name: 'uq_points_entries_key', columnNames: ['idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'uq_points_entries_reverses', columnNames: ['reverses_entry_id'], isUnique: true }),
          new TableIndex({ name: 'idx_points_entries_user', columnNames: ['user_id', 'id'] }),
          new TableIndex({ name: 'idx_points_entries_ref', columnNames: ['ref_type', 'ref_id'] }),
          new TableIndex({ name: 'idx_points_entries_board', columnNames: ['period_month', 'unit_path'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'points_rule_sets',
        columns: [
          id,
          { name: 'district_path', type: 'varchar', length: '64' },
          { name: 'version', type: 'integer' },
          { name: 'config', type: 'text' },
          { name: 'note', type: 'varchar', length: '255', isNullable: true },
          { name: 'created_by', type: 'integer', isNullable: true },
          created,
        ],
        indices: [new TableIndex({ name: 'uq_points_rule_sets_version', columnNames: ['district_path', 'version'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'points_rewards',
        columns: [
          id,
          { name: 'provider', type: 'varchar', length: '20' },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'offered_by', type: 'integer' },
          { name: 'provider_name', type: 'varchar', length: '60' },
          { name: 'title', type: 'varchar', length: '40' },
          { name: 'description', type: 'varchar', length: '500', default: "''" },
          { name: 'cost', type: 'integer' },
          { name: 'stock_total', type: 'integer' },
          { name: 'per_user_limit', type: 'integer' },
          { name: 'valid_from', type: 'datetime', precision },
          { name: 'valid_until', type: 'datetime', precision },
          { name: 'pickup_place', type: 'varchar', length: '100' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'reviewed_by', type: 'integer', isNullable: true },
          { name: 'review_note', type: 'varchar', length: '200', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        foreignKeys: [userFk('offered_by')],
        indices: [
          new TableIndex({ name: 'idx_points_rewards_status_unit', columnNames: ['status', 'unit_path'] }),
          new TableIndex({ name: 'idx_points_rewards_offered_by', columnNames: ['offered_by'] }),
        ],
      }),
    );

    // Stock in shards: a redemption takes one unit from a shard that no other transaction holds, so
    // redemptions of one popular reward do not queue on one row lock that is held through every commit.
    await q.createTable(
      new Table({
        name: 'points_reward_stock',
        columns: [
          { name: 'reward_id', type: 'integer', isPrimary: true },
          { name: 'shard', type: 'integer', isPrimary: true },
          { name: 'stock_left', type: 'integer' },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'points_redemptions',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'reward_id', type: 'integer' },
          { name: 'cost', type: 'integer' },
          { name: 'client_key', type: 'varchar', length: '64' },
          { name: 'code', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'expires_at', type: 'datetime', precision },
          { name: 'fulfilled_at', type: 'datetime', precision, isNullable: true },
          { name: 'fulfilled_by', type: 'integer', isNullable: true },
          { name: 'closed_at', type: 'datetime', precision, isNullable: true },
          created,
        ],
        // No foreign key to points_rewards on purpose: its check takes a shared lock on the reward row,
        // and two redemptions holding it would deadlock on the stock UPDATE. Rewards are never deleted.
        foreignKeys: [{ ...userFk('user_id'), onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'uq_points_redemptions_client', columnNames: ['user_id', 'client_key'], isUnique: true }),
          new TableIndex({ name: 'uq_points_redemptions_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'idx_points_redemptions_user', columnNames: ['user_id', 'id'] }),
          new TableIndex({ name: 'idx_points_redemptions_reward_user', columnNames: ['reward_id', 'user_id'] }),
          new TableIndex({ name: 'idx_points_redemptions_due', columnNames: ['status', 'expires_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['points_redemptions', 'points_reward_stock', 'points_rewards', 'points_rule_sets', 'points_entries', 'points_accounts']) {
      await q.dropTable(t);
    }
  }
}
