import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert tables: neighbourhood groups, police alerts, acknowledgements, tips (issue 7).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Alert1763980000000 implements MigrationInterface {
  name = 'Alert1763980000000';

  async up(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }

  async down(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }
}
