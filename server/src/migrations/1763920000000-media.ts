import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Media: uploaded photos (storage keys, measurements, content-check state). One row per
 * (owner, clientKey), so a retried upload can never create a second row.
 */
@Provide()
export class Media1763920000000 implements MigrationInterface {
  name = 'Media1763920000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const now = mysql ? 'CURRENT_TIMESTAMP(6)' : "(datetime('now'))";
    await q.createTable(
      new Table({
        name: 'media',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'owner_id', type: 'integer' },
          { name: 'purpose', type: 'varchar', length: '16' },
          { name: 'storage_key', type: 'varchar', length: '200' },
          { name: 'thumb_key', type: 'varchar', length: '200' },
          { name: 'mime', type: 'varchar', length: '32' },
          { name: 'width', type: 'integer' },
          { name: 'height', type: 'integer' },
          { name: 'bytes', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'client_key', type: 'varchar', length: '64' },
          { name: 'check_status', type: 'varchar', length: '16', default: "'pending'" },
          { name: 'check_detail', type: 'varchar', length: '500', isNullable: true },
          { name: 'checked_at', type: 'datetime', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now },
          { name: 'updated_at', type: 'datetime', precision: mysql ? 6 : undefined, default: now },
        ],
        foreignKeys: [{ columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'uq_media_owner_client_key', columnNames: ['owner_id', 'client_key'], isUnique: true }),
          new TableIndex({ name: 'idx_media_owner', columnNames: ['owner_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('media');
  }
}
