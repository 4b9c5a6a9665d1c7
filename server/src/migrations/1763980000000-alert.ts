import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Alert tables: neighbourhood groups, police alerts, acknowledgements, tips (issue 7).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 *
 * - `neighbourhood_groups` / `group_members`: Linli's own groups (WeChat has no server API into group
 *   chats); one membership row per (group, user) whatever its state, so a user can never be a member twice.
 * - `alerts` with `alert_targets` (groups and areas) and `alert_photos`.
 * - `alert_recipients`: the members' feed, one row per (user, alert), written in one INSERT ... SELECT at
 *   posting; it carries opened / acknowledged times (reach). WeChat delivery state lives in the
 *   notification module's tables (template police_alert, ref = alert id).
 * - `alert_reminders`: one row per reminder of an urgent alert (unique per alert and sequence number).
 * - `tips` / `tip_photos`: private tips and questions to the officers of the group's station.
 */
@Provide()
export class Alert1763980000000 implements MigrationInterface {
  name = 'Alert1763980000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const bigText = mysql ? 'mediumtext' : 'text';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const precision = mysql ? 6 : undefined;
    const created = { name: 'created_at', type: 'datetime', precision, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision, default: now };
    const at = (name: string) => ({ name, type: 'datetime', precision, isNullable: true });
    const fk = (column: string, table: string, onDelete = 'CASCADE') => ({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

    await q.createTable(
      new Table({
        name: 'neighbourhood_groups',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '30' },
          { name: 'description', type: 'varchar', length: '200', isNullable: true },
          { name: 'unit_id', type: 'integer' },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'station_path', type: 'varchar', length: '255' },
          { name: 'invite_code', type: 'varchar', length: '12' },
          { name: 'wechat_opengid', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_by', type: 'integer' },
          created,
          updated,
        ],
        foreignKeys: [fk('unit_id', 'units', 'RESTRICT')],
        indices: [
          new TableIndex({ name: 'uq_groups_invite_code', columnNames: ['invite_code'], isUnique: true }),
          new TableIndex({ name: 'idx_groups_unit_path', columnNames: ['unit_path'] }),
          new TableIndex({ name: 'idx_groups_station_path', columnNames: ['station_path'] }),
          new TableIndex({ name: 'idx_groups_opengid', columnNames: ['wechat_opengid'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'group_members',
        columns: [
          id,
          { name: 'group_id', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          { name: 'role', type: 'varchar', length: '12' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'unit_id', type: 'integer', isNullable: true },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'via', type: 'varchar', length: '16' },
          { name: 'note', type: 'varchar', length: '100', isNullable: true },
          { name: 'reason', type: 'varchar', length: '100', isNullable: true },
          { name: 'reviewed_by', type: 'integer', isNullable: true },
          at('reviewed_at'),
          created,
          updated,
        ],
        foreignKeys: [fk('group_id', 'neighbourhood_groups'), fk('user_id', 'users')],
        indices: [
          new TableIndex({ name: 'uq_group_members', columnNames: ['group_id', 'user_id'], isUnique: true }),
          new TableIndex({ name: 'idx_group_members_user', columnNames: ['user_id', 'status'] }),
          new TableIndex({ name: 'idx_group_members_fanout', columnNames: ['group_id', 'status', 'unit_path'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'alerts',
        columns: [
          id,
          { name: 'author_id', type: 'integer' },
          { name: 'type', type: 'varchar', length: '20' },
          { name: 'severity', type: 'varchar', length: '12' },
          { name: 'title', type: 'varchar', length: '40' },
          { name: 'body', type: bigText },
          { name: 'case_number', type: 'varchar', length: '32', isNullable: true },
          { name: 'place_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'place_lat', type: 'double', isNullable: true },
          { name: 'place_lng', type: 'double', isNullable: true },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'text_check', type: 'varchar', length: '12' },
          { name: 'expires_at', type: 'datetime', precision },
          { name: 'published_at', type: 'datetime', precision },
          at('withdrawn_at'),
          { name: 'withdrawn_by', type: 'integer', isNullable: true },
          { name: 'withdraw_reason', type: 'varchar', length: '200', isNullable: true },
          { name: 'recipient_count', type: 'integer', default: 0 },
          { name: 'reminders_sent', type: 'integer', default: 0 },
          at('last_reminded_at'),
          { name: 'client_key', type: 'varchar', length: '64', isNullable: true },
          created,
          updated,
        ],
        foreignKeys: [fk('author_id', 'users', 'RESTRICT')],
        indices: [
          new TableIndex({ name: 'uq_alerts_client_key', columnNames: ['author_id', 'client_key'], isUnique: true }),
          new TableIndex({ name: 'idx_alerts_reminders', columnNames: ['severity', 'status', 'reminders_sent'] }),
          new TableIndex({ name: 'idx_alerts_unit_path', columnNames: ['unit_path'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'alert_targets',
        columns: [
          id,
          { name: 'alert_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'group_id', type: 'integer', isNullable: true },
          { name: 'unit_id', type: 'integer', isNullable: true },
          { name: 'unit_path', type: 'varchar', length: '255', isNullable: true },
        ],
        foreignKeys: [fk('alert_id', 'alerts')],
        indices: [
          new TableIndex({ name: 'idx_alert_targets_alert', columnNames: ['alert_id'] }),
          new TableIndex({ name: 'idx_alert_targets_group', columnNames: ['group_id', 'alert_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'alert_photos',
        columns: [
          id,
          { name: 'alert_id', type: 'integer' },
          { name: 'media_id', type: 'integer' },
          { name: 'position', type: 'integer' },
          { name: 'suspect', type: 'boolean', default: false },
        ],
        foreignKeys: [fk('alert_id', 'alerts')],
        indices: [
          new TableIndex({ name: 'uq_alert_photos', columnNames: ['alert_id', 'media_id'], isUnique: true }),
          new TableIndex({ name: 'idx_alert_photos_media', columnNames: ['media_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'alert_recipients',
        columns: [id, { name: 'alert_id', type: 'integer' }, { name: 'user_id', type: 'integer' }, at('opened_at'), at('acked_at'), created],
        foreignKeys: [fk('alert_id', 'alerts'), fk('user_id', 'users')],
        indices: [
          // The member's feed (keyset on alert_id) and "one row per member and alert".
          new TableIndex({ name: 'uq_alert_recipients', columnNames: ['user_id', 'alert_id'], isUnique: true }),
          // Reach: who has (not) acknowledged one alert.
          new TableIndex({ name: 'idx_alert_recipients_ack', columnNames: ['alert_id', 'acked_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'alert_reminders',
        columns: [
          id,
          { name: 'alert_id', type: 'integer' },
          { name: 'seq', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'actor_id', type: 'integer', isNullable: true },
          { name: 'recipients', type: 'integer', default: 0 },
          created,
        ],
        foreignKeys: [fk('alert_id', 'alerts')],
        indices: [new TableIndex({ name: 'uq_alert_reminders', columnNames: ['alert_id', 'seq'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'tips',
        columns: [
          id,
          { name: 'group_id', type: 'integer' },
          { name: 'alert_id', type: 'integer', isNullable: true },
          { name: 'author_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'text', type: bigText },
          { name: 'place_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'place_lat', type: 'double', isNullable: true },
          { name: 'place_lng', type: 'double', isNullable: true },
          { name: 'station_path', type: 'varchar', length: '255' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'text_check', type: 'varchar', length: '12' },
          { name: 'reply_text', type: 'varchar', length: '500', isNullable: true },
          { name: 'reply_public', type: 'boolean', default: false },
          { name: 'replied_by', type: 'integer', isNullable: true },
          at('replied_at'),
          { name: 'useful_by', type: 'integer', isNullable: true },
          at('useful_at'),
          { name: 'points_awarded', type: 'boolean', default: false },
          { name: 'ticket_id', type: 'varchar', length: '40', isNullable: true },
          { name: 'ticket_number', type: 'varchar', length: '40', isNullable: true },
          { name: 'ticketed_by', type: 'integer', isNullable: true },
          at('ticketed_at'),
          { name: 'client_key', type: 'varchar', length: '64', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        foreignKeys: [fk('group_id', 'neighbourhood_groups'), fk('author_id', 'users'), fk('alert_id', 'alerts', 'SET NULL')],
        indices: [
          new TableIndex({ name: 'uq_tips_client_key', columnNames: ['author_id', 'client_key'], isUnique: true }),
          new TableIndex({ name: 'idx_tips_station', columnNames: ['station_path', 'id'] }),
          new TableIndex({ name: 'idx_tips_alert_public', columnNames: ['alert_id', 'reply_public'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'tip_photos',
        columns: [id, { name: 'tip_id', type: 'integer' }, { name: 'media_id', type: 'integer' }, { name: 'position', type: 'integer' }],
        foreignKeys: [fk('tip_id', 'tips')],
        indices: [
          new TableIndex({ name: 'uq_tip_photos', columnNames: ['tip_id', 'media_id'], isUnique: true }),
          new TableIndex({ name: 'idx_tip_photos_media', columnNames: ['media_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['tip_photos', 'tips', 'alert_reminders', 'alert_recipients', 'alert_photos', 'alert_targets', 'alerts', 'group_members', 'neighbourhood_groups']) {
      await q.dropTable(t, true);
    }
  }
}
