import { mkdirSync } from 'fs';
import { dirname } from 'path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export type DbKind = 'mysql' | 'sqljs';

/**
 * TypeORM options for either production MySQL/MariaDB (through mysql2) or the embedded sql.js file.
 * Both run the same migrations at start-up; `synchronize` is never used.
 */
export function buildDataSourceOptions(opts: { databaseUrl?: string; sqljsFile?: string | null }): DataSourceOptions & {
  kind: DbKind;
} {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false as const,
  };
  if (opts.databaseUrl) {
    return {
      ...common,
      kind: 'mysql',
      type: 'mysql',
      url: opts.databaseUrl,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      extra: { connectionLimit: 20 },
    } as DataSourceOptions & { kind: DbKind };
  }
  if (opts.sqljsFile) mkdirSync(dirname(opts.sqljsFile), { recursive: true });
  return {
    ...common,
    kind: 'sqljs',
    type: 'sqljs',
    // '' (not undefined) so a config merged over another one really turns persistence off.
    location: opts.sqljsFile ?? '',
    autoSave: Boolean(opts.sqljsFile),
    useLocalForage: false,
  } as DataSourceOptions & { kind: DbKind };
}
