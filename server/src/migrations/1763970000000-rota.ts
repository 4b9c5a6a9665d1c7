import { Provide } from '@midwayjs/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rota tables: shops, watch rotas, duty weeks, swaps, check-ins (issue 6).
 * Table API only, so the same file runs on MySQL/MariaDB and sql.js.
 */
@Provide()
export class Rota1763970000000 implements MigrationInterface {
  name = 'Rota1763970000000';

  async up(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }

  async down(_q: QueryRunner): Promise<void> {
    // filled in by the feature
  }
}
