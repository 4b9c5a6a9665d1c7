import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Points tables: points ledger, earning rules, rewards, redemption (issue 5).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Points1763960000000 implements MigrationInterface {
  name = 'Points1763960000000';

  async up(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }

  async down(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }
}
