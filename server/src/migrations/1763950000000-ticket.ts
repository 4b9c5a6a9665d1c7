import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Ticket tables (issue 4): tickets, their department assignments, the append-only timeline, "me too"
 * co-reporters, the per-street per-day number counters, supervision marks and the job lock.
 *
 * The queues page by keyset over (due_at, id) inside one equality prefix, so every queue has an index
 * ending in (due_at, id): the street dispatcher's (street_id, is_open | status, due_at, id), the grid
 * worker's (grid_id, is_open, due_at, id), the district's (district_id, level, is_open, due_at, id) and
 * the department's (department, street_id | district_id, is_open, due_at, ticket_id). Pages 10,000 deep
 * then cost what page 1 costs (an index range scan from the cursor).
 *
 * Times are DATETIME(3) on MySQL (JavaScript's millisecond precision, so a keyset cursor compares equal to
 * the stored value). Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Ticket1763950000000 implements MigrationInterface {
  name = 'Ticket1763950000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const precision = mysql ? 3 : undefined;
    const now = mysql ? 'CURRENT_TIMESTAMP(3)' : "(datetime('now'))";
    const time = (name: string, nullable = true) => ({ name, type: 'datetime', precision, isNullable: nullable });
    const created = { name: 'created_at', type: 'datetime', precision, default: now };
    const updated = { name: 'updated_at', type: 'datetime', precision, default: now };
    const text = (name: string, nullable = true) => ({ name, type: 'text', isNullable: nullable });

    await q.createTable(
      new Table({
        name: 'tickets',
        columns: [
          id,
          /** Readable number `{streetCode}-{yyyymmdd}-{seq4}`, assigned at filing. */
          { name: 'number', type: 'varchar', length: '32', isNullable: true },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'category_code', type: 'varchar', length: '16' },
          { name: 'category_version', type: 'integer' },
          text('description', false),
          text('answers'),
          text('photo_ids'),
          { name: 'lat', type: 'double' },
          { name: 'lng', type: 'double' },
          { name: 'address', type: 'varchar', length: '200', isNullable: true },
          { name: 'location_mode', type: 'varchar', length: '8' },
          { name: 'grid_id', type: 'integer' },
          { name: 'community_id', type: 'integer' },
          { name: 'street_id', type: 'integer' },
          { name: 'district_id', type: 'integer' },
          /** Materialised path of the grid: every scope check is a prefix test on it. */
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'reporter_id', type: 'integer', isNullable: true },
          /** Who sent the request (reporter, building head, staff member): owner of the idempotency key. */
          { name: 'submitted_by', type: 'integer', isNullable: true },
          { name: 'idempotency_key', type: 'varchar', length: '64', isNullable: true },
          /** SHA-256 of the submitted body: the same key with another body is refused. */
          { name: 'request_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'anonymous', type: 'boolean', default: 0 },
          { name: 'protected_reporter', type: 'boolean', default: 0 },
          text('on_behalf_of'),
          /** Outside contact of a staff entry (hotline caller): name, and phone AES-GCM encrypted like users' phones. */
          { name: 'contact_name', type: 'varchar', length: '20', isNullable: true },
          { name: 'contact_phone_enc', type: 'varchar', length: '255', isNullable: true },
          /** The description's content check held it: never shown to the public until a moderator decides. */
          { name: 'text_held', type: 'boolean', default: 0 },
          { name: 'sensitive', type: 'boolean', default: 0 },
          { name: 'status', type: 'varchar', length: '16' },
          /** 1 while the status is one of OPEN_TICKET_STATUSES (the queues' default filter). */
          { name: 'is_open', type: 'boolean', default: 1 },
          { name: 'level', type: 'varchar', length: '10' },
          { name: 'assignee_kind', type: 'varchar', length: '12', isNullable: true },
          text('assignee_departments'),
          { name: 'priority', type: 'integer', default: 0 },
          { name: 'co_reporter_count', type: 'integer', default: 0 },
          time('file_deadline', false),
          time('handle_deadline'),
          /** The deadline that applies now (file before dispatch, handle after): the queues' order. */
          time('due_at', false),
          { name: 'overdue', type: 'boolean', default: 0 },
          { name: 'extension_pending', type: 'boolean', default: 0 },
          { name: 'extension_days', type: 'integer', isNullable: true },
          { name: 'extension_count', type: 'integer', default: 0 },
          { name: 'rework_count', type: 'integer', default: 0 },
          /** Dispatch rounds so far: supervision stages are per round. */
          { name: 'dispatch_count', type: 'integer', default: 0 },
          { name: 'resolved_level', type: 'varchar', length: '12', isNullable: true },
          { name: 'refusal_reason', type: 'varchar', length: '16', isNullable: true },
          text('result'),
          text('result_photo_ids'),
          { name: 'rating', type: 'integer', isNullable: true },
          { name: 'rating_comment', type: 'varchar', length: '200', isNullable: true },
          time('filed_at'),
          time('dispatched_at'),
          /** Start of the current handle limit (the latest dispatch); dispatched_at keeps the first. */
          time('last_dispatched_at'),
          time('accepted_at'),
          time('handled_at'),
          time('verified_at'),
          time('closed_at'),
          time('rated_at'),
          time('refused_at'),
          time('escalated_at'),
          { name: 'version', type: 'integer', default: 1 },
          created,
          updated,
        ],
        indices: [
          new TableIndex({ name: 'uq_tickets_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'uq_tickets_submitter_key', columnNames: ['submitted_by', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'idx_tickets_street_open_due', columnNames: ['street_id', 'is_open', 'due_at', 'id'] }),
          new TableIndex({ name: 'idx_tickets_street_status_due', columnNames: ['street_id', 'status', 'due_at', 'id'] }),
          new TableIndex({ name: 'idx_tickets_grid_open_due', columnNames: ['grid_id', 'is_open', 'due_at', 'id'] }),
          new TableIndex({ name: 'idx_tickets_district_level_due', columnNames: ['district_id', 'level', 'is_open', 'due_at', 'id'] }),
          new TableIndex({ name: 'idx_tickets_reporter', columnNames: ['reporter_id', 'id'] }),
          new TableIndex({ name: 'idx_tickets_category_created', columnNames: ['category_code', 'created_at'] }),
          new TableIndex({ name: 'idx_tickets_open_due', columnNames: ['is_open', 'due_at'] }),
          new TableIndex({ name: 'idx_tickets_street_created', columnNames: ['street_id', 'created_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'ticket_assignments',
        columns: [
          id,
          { name: 'ticket_id', type: 'integer' },
          { name: 'department', type: 'varchar', length: '24' },
          /** The first department named by the dispatch leads. */
          { name: 'is_lead', type: 'boolean', default: 0 },
          { name: 'street_id', type: 'integer' },
          { name: 'district_id', type: 'integer' },
          { name: 'unit_path', type: 'varchar', length: '255' },
          /** Copies of the ticket's status and deadline, kept in step by every transition. */
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'is_open', type: 'boolean', default: 1 },
          time('due_at', false),
          created,
        ],
        foreignKeys: [{ columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'uq_ticket_assignments', columnNames: ['ticket_id', 'department'], isUnique: true }),
          new TableIndex({ name: 'idx_ticket_assignments_district', columnNames: ['department', 'district_id', 'is_open', 'due_at', 'ticket_id'] }),
          new TableIndex({ name: 'idx_ticket_assignments_street', columnNames: ['department', 'street_id', 'is_open', 'due_at', 'ticket_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'ticket_events',
        columns: [
          id,
          { name: 'ticket_id', type: 'integer' },
          /** report, join, or a TicketAction. */
          { name: 'action', type: 'varchar', length: '24' },
          { name: 'from_status', type: 'varchar', length: '16', isNullable: true },
          { name: 'to_status', type: 'varchar', length: '16', isNullable: true },
          /** Never shown to residents. Null for the system. */
          { name: 'actor_id', type: 'integer', isNullable: true },
          /** The capacity the actor acted in (reporter, street_dispatcher, assignee, system...). */
          { name: 'actor_role', type: 'varchar', length: '24' },
          { name: 'actor_unit_id', type: 'integer', isNullable: true },
          { name: 'actor_unit_name', type: 'varchar', length: '60', isNullable: true },
          { name: 'department', type: 'varchar', length: '24', isNullable: true },
          text('note'),
          text('photo_ids'),
          text('data'),
          created,
        ],
        foreignKeys: [{ columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ name: 'idx_ticket_events_ticket', columnNames: ['ticket_id', 'id'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'ticket_co_reporters',
        columns: [
          id,
          { name: 'ticket_id', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          text('photo_ids'),
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'rating', type: 'integer', isNullable: true },
          { name: 'rating_comment', type: 'varchar', length: '200', isNullable: true },
          created,
        ],
        foreignKeys: [{ columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'uq_ticket_co_reporters', columnNames: ['ticket_id', 'user_id'], isUnique: true }),
          new TableIndex({ name: 'idx_ticket_co_reporters_user', columnNames: ['user_id', 'ticket_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'ticket_media',
        columns: [
          id,
          { name: 'ticket_id', type: 'integer' },
          /** A photo attached to the ticket (report, "me too", result, timeline): who may see it follows the ticket. */
          { name: 'media_id', type: 'integer' },
        ],
        foreignKeys: [{ columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'uq_ticket_media', columnNames: ['media_id', 'ticket_id'], isUnique: true }),
          new TableIndex({ name: 'idx_ticket_media_ticket', columnNames: ['ticket_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'ticket_sequences',
        columns: [
          { name: 'street_code', type: 'varchar', length: '20', isPrimary: true },
          /** Beijing day, yyyymmdd. */
          { name: 'day', type: 'varchar', length: '8', isPrimary: true },
          { name: 'value', type: 'integer', default: 0 },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'ticket_supervision_marks',
        columns: [
          id,
          { name: 'ticket_id', type: 'integer' },
          /** `file:50`, `handle#2:80`...: deadline kind, dispatch round and percentage. */
          { name: 'stage', type: 'varchar', length: '32' },
          created,
        ],
        foreignKeys: [{ columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ name: 'uq_ticket_supervision_marks', columnNames: ['ticket_id', 'stage'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'ticket_job_locks',
        columns: [
          { name: 'name', type: 'varchar', length: '48', isPrimary: true },
          { name: 'owner', type: 'varchar', length: '64', isNullable: true },
          time('locked_until'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ticket_job_locks', 'ticket_supervision_marks', 'ticket_sequences', 'ticket_media', 'ticket_co_reporters', 'ticket_events', 'ticket_assignments', 'tickets']) {
      await q.dropTable(t);
    }
  }
}
