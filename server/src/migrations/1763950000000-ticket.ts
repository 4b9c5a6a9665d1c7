import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket tables: tickets: reports, lifecycle, queues, figures, open data (issue 4).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Ticket1763950000000 implements MigrationInterface {
  name = 'Ticket1763950000000';

  async up(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }

  async down(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }
}
