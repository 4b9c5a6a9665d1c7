import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Category tables: catalogue of categories, departments, work calendar (issue 4).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Category1763940000000 implements MigrationInterface {
  name = 'Category1763940000000';

  async up(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }

  async down(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }
}
