import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Rota tables: shops, watch rotas, duty weeks, swaps, check-ins (issue 6).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js. Dates of the rota calendar are
 * Beijing dates stored as `YYYY-MM-DD` strings (they compare correctly as text on both databases).
 */
@Provide()
export class Rota1763970000000 implements MigrationInterface {
  name = 'Rota1763970000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const created = { name: 'created_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now };
    const date = (name: string, nullable = false) => ({ name, type: 'varchar', length: '10', isNullable: nullable });
    const user = (name: string, nullable = false) => ({ name, type: 'integer', isNullable: nullable });

    await q.createTable(
      new Table({
        name: 'rota_participants',
        columns: [
          id,
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '60' },
          { name: 'address', type: 'varchar', length: '120', isNullable: true },
          { name: 'lng', type: 'double', isNullable: true },
          { name: 'lat', type: 'double', isNullable: true },
          { name: 'unit_id', type: 'integer' },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'opening_days', type: 'integer', default: 127 },
          { name: 'phone_enc', type: 'varchar', length: '255', isNullable: true },
          { name: 'phone_public', type: 'boolean', default: false },
          user('owner_id'),
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'review_note', type: 'varchar', length: '200', isNullable: true },
          user('reviewed_by', true),
          { name: 'reviewed_at', type: 'datetime', isNullable: true },
          { name: 'seed_key', type: 'varchar', length: '40', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        foreignKeys: [
          { columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'] },
        ],
        indices: [
          new TableIndex({ name: 'idx_rota_participants_unit_status', columnNames: ['unit_path', 'status'] }),
          new TableIndex({ name: 'idx_rota_participants_owner', columnNames: ['owner_id'] }),
          new TableIndex({ name: 'uq_rota_participants_seed', columnNames: ['seed_key'], isUnique: true }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'rota_participant_users',
        columns: [id, { name: 'participant_id', type: 'integer' }, user('user_id'), { name: 'role', type: 'varchar', length: '16' }, created],
        foreignKeys: [
          { columnNames: ['participant_id'], referencedTableName: 'rota_participants', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'uq_rota_participant_users', columnNames: ['participant_id', 'user_id'], isUnique: true }),
          new TableIndex({ name: 'idx_rota_participant_users_user', columnNames: ['user_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'rotas',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '60' },
          { name: 'unit_id', type: 'integer' },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'grid_ids', type: 'text' },
          user('officer_id'),
          { name: 'officer_phone_enc', type: 'varchar', length: '255', isNullable: true },
          date('start_date'),
          { name: 'period_weeks', type: 'integer', default: 1 },
          { name: 'slots', type: 'integer', default: 1 },
          { name: 'weeks_ahead', type: 'integer', default: 12 },
          { name: 'checkins_required', type: 'integer', default: 3 },
          { name: 'geofence_meters', type: 'integer', default: 100 },
          { name: 'auto_approve', type: 'boolean', default: false },
          { name: 'holiday_policy', type: 'varchar', length: '8', default: "'skip'" },
          { name: 'closures', type: 'text' },
          { name: 'checklist', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'planned_until', type: 'integer', default: 0 },
          user('created_by'),
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        foreignKeys: [{ columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'idx_rotas_unit_status', columnNames: ['unit_path', 'status'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'rota_members',
        columns: [
          id,
          { name: 'rota_id', type: 'integer' },
          { name: 'participant_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          // 1 while pending/active, NULL after: one open enrolment per participant and rota.
          { name: 'open_key', type: 'integer', isNullable: true },
          { name: 'join_index', type: 'integer', isNullable: true },
          { name: 'leave_index', type: 'integer', isNullable: true },
          user('requested_by', true),
          user('reviewed_by', true),
          { name: 'review_note', type: 'varchar', length: '200', isNullable: true },
          { name: 'reviewed_at', type: 'datetime', isNullable: true },
          created,
          updated,
        ],
        foreignKeys: [
          { columnNames: ['rota_id'], referencedTableName: 'rotas', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['participant_id'], referencedTableName: 'rota_participants', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'uq_rota_members_open', columnNames: ['rota_id', 'participant_id', 'open_key'], isUnique: true }),
          new TableIndex({ name: 'idx_rota_members_rota_status', columnNames: ['rota_id', 'status'] }),
          new TableIndex({ name: 'idx_rota_members_participant', columnNames: ['participant_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'rota_duties',
        columns: [
          id,
          { name: 'rota_id', type: 'integer' },
          { name: 'period_index', type: 'integer' },
          date('week_start'),
          date('week_end'),
          { name: 'participant_id', type: 'integer' },
          { name: 'pinned', type: 'boolean', default: false },
          { name: 'checkin_count', type: 'integer', default: 0 },
          { name: 'completed_at', type: 'datetime', isNullable: true },
          { name: 'points_awarded', type: 'integer', isNullable: true },
          { name: 'handover_note', type: 'varchar', length: '500', isNullable: true },
          user('handover_by', true),
          { name: 'handover_at', type: 'datetime', isNullable: true },
          { name: 'reminded_before', type: 'boolean', default: false },
          { name: 'reminded_morning', type: 'boolean', default: false },
          created,
        ],
        foreignKeys: [
          { columnNames: ['rota_id'], referencedTableName: 'rotas', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['participant_id'], referencedTableName: 'rota_participants', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'uq_rota_duties', columnNames: ['rota_id', 'period_index', 'participant_id'], isUnique: true }),
          new TableIndex({ name: 'idx_rota_duties_participant_week', columnNames: ['participant_id', 'week_start'] }),
          new TableIndex({ name: 'idx_rota_duties_week', columnNames: ['week_start'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'rota_swaps',
        columns: [
          id,
          { name: 'rota_id', type: 'integer' },
          { name: 'requester_participant_id', type: 'integer' },
          { name: 'requester_index', type: 'integer' },
          { name: 'target_participant_id', type: 'integer' },
          { name: 'target_index', type: 'integer' },
          { name: 'reason', type: 'varchar', length: '200' },
          { name: 'status', type: 'varchar', length: '16' },
          user('requested_by'),
          user('responded_by', true),
          user('reviewed_by', true),
          { name: 'review_note', type: 'varchar', length: '200', isNullable: true },
          { name: 'decided_at', type: 'datetime', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        foreignKeys: [
          { columnNames: ['rota_id'], referencedTableName: 'rotas', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['requester_participant_id'], referencedTableName: 'rota_participants', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['target_participant_id'], referencedTableName: 'rota_participants', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'idx_rota_swaps_rota_status', columnNames: ['rota_id', 'status'] }),
          new TableIndex({ name: 'idx_rota_swaps_requester', columnNames: ['requester_participant_id'] }),
          new TableIndex({ name: 'idx_rota_swaps_target', columnNames: ['target_participant_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'rota_exemptions',
        columns: [
          id,
          { name: 'rota_id', type: 'integer' },
          { name: 'participant_id', type: 'integer' },
          date('from_date'),
          date('to_date'),
          { name: 'reason', type: 'varchar', length: '16' },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          user('requested_by'),
          user('reviewed_by', true),
          { name: 'review_note', type: 'varchar', length: '200', isNullable: true },
          { name: 'reviewed_at', type: 'datetime', isNullable: true },
          created,
          updated,
        ],
        foreignKeys: [
          { columnNames: ['rota_id'], referencedTableName: 'rotas', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['participant_id'], referencedTableName: 'rota_participants', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'idx_rota_exemptions_rota_status', columnNames: ['rota_id', 'status'] }),
          new TableIndex({ name: 'idx_rota_exemptions_participant', columnNames: ['participant_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'rota_checkins',
        columns: [
          id,
          { name: 'duty_id', type: 'integer' },
          user('user_id'),
          { name: 'kind', type: 'varchar', length: '16' },
          // Exact coordinates: erased `locationRetentionDays` after the period ends (see DECISIONS.md).
          { name: 'lng', type: 'double', isNullable: true },
          { name: 'lat', type: 'double', isNullable: true },
          { name: 'accuracy', type: 'integer', isNullable: true },
          { name: 'inside_area', type: 'boolean' },
          { name: 'distance_m', type: 'integer' },
          date('erase_after'),
          { name: 'location_erased_at', type: 'datetime', isNullable: true },
          created,
        ],
        foreignKeys: [
          { columnNames: ['duty_id'], referencedTableName: 'rota_duties', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'idx_rota_checkins_duty', columnNames: ['duty_id'] }),
          new TableIndex({ name: 'idx_rota_checkins_user_time', columnNames: ['user_id', 'created_at'] }),
          new TableIndex({ name: 'idx_rota_checkins_erase', columnNames: ['erase_after', 'location_erased_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rota_checkins', 'rota_exemptions', 'rota_swaps', 'rota_duties', 'rota_members', 'rotas', 'rota_participant_users', 'rota_participants']) await q.dropTable(t);
  }
}
