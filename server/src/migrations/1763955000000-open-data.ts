import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Open data (issue 4): API keys of Open311 GeoReport v2 clients and the link between a request they
 * submitted and the ticket it became. Keys are stored as SHA-256 hashes only (like session tokens): the
 * plain key is shown once, when it is issued. The submitter's personal fields a 311 client may send (email,
 * names, phone, device and account ids) are not stored. Table API only, so the same file runs on MySQL/MariaDB
 * and sql.js.
 */
@Provide()
export class OpenData1763955000000 implements MigrationInterface {
  name = 'OpenData1763955000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    const precision = mysql ? 6 : undefined;

    await q.createTable(
      new Table({
        name: 'open311_api_keys',
        columns: [
          id,
          /** Who the key is for (a 311 app, an aggregator), shown to admins. */
          { name: 'name', type: 'varchar', length: '60' },
          /** SHA-256 (hex) of the key; the key itself is never stored. */
          { name: 'key_hash', type: 'varchar', length: '64' },
          /** First characters of the key, so an admin can tell keys apart. */
          { name: 'key_prefix', type: 'varchar', length: '12' },
          /** Requests submitted with the key are entered in this unit (a district or a street). */
          { name: 'unit_id', type: 'integer' },
          { name: 'unit_path', type: 'varchar', length: '255' },
          { name: 'created_by', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'datetime', precision, default: now },
          { name: 'last_used_at', type: 'datetime', precision, isNullable: true },
          { name: 'revoked_at', type: 'datetime', precision, isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'] }],
        indices: [
          new TableIndex({ name: 'uq_open311_api_keys_hash', columnNames: ['key_hash'], isUnique: true }),
          new TableIndex({ name: 'idx_open311_api_keys_unit', columnNames: ['unit_path'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'open311_submissions',
        columns: [
          id,
          { name: 'api_key_id', type: 'integer' },
          { name: 'ticket_id', type: 'integer' },
          /** The media_url the client sent (we do not fetch it). */
          { name: 'media_url', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', type: 'datetime', precision, default: now },
        ],
        foreignKeys: [
          { columnNames: ['api_key_id'], referencedTableName: 'open311_api_keys', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          new TableIndex({ name: 'uq_open311_submissions_ticket', columnNames: ['ticket_id'], isUnique: true }),
          new TableIndex({ name: 'idx_open311_submissions_key', columnNames: ['api_key_id', 'created_at'] }),
        ],
      }),
    );

    // Public reads of the tickets table. The board reads the bounding box of its circle (lat range, lng
    // and time checked inside the index).
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_board', columnNames: ['lat', 'lng', 'created_at'] }));
    // Figures (docs/FIGURES.md): the cohort is the tickets FILED in a period, the intake those CREATED in
    // it, inside a street (communities through their street) or a district (its streets). These indexes
    // COVER the aggregates (every column they read is in the index), so one street over a year is one
    // range scan of the index alone, without a row lookup per ticket (with 1,000,000 tickets the lookups
    // alone took 1-2 s). At most 16 columns: MySQL's limit per index. The intake index by time also
    // serves Open311's newest requests.
    const cohortColumns = ['status', 'community_id', 'category_code', 'source', 'created_at', 'dispatched_at', 'handled_at', 'closed_at', 'handle_deadline', 'rework_count', 'extension_count', 'rating', 'co_reporter_count', 'resolved_level'];
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_fig_street_cohort', columnNames: ['street_id', 'filed_at', ...cohortColumns] }));
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_fig_cohort', columnNames: ['filed_at', 'street_id', ...cohortColumns] }));
    const intakeColumns = ['status', 'community_id', 'category_code', 'source'];
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_fig_street_intake', columnNames: ['street_id', 'created_at', ...intakeColumns] }));
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_fig_intake', columnNames: ['created_at', 'street_id', ...intakeColumns] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['idx_tickets_fig_intake', 'idx_tickets_fig_street_intake', 'idx_tickets_fig_cohort', 'idx_tickets_fig_street_cohort', 'idx_tickets_board']) {
      await q.dropIndex('tickets', name);
    }
    await q.dropTable('open311_submissions');
    await q.dropTable('open311_api_keys');
  }
}
