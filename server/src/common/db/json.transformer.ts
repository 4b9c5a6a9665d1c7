import type { ValueTransformer } from 'typeorm';

/**
 * JSON in a text column. Used instead of TypeORM's `simple-json` so the migration can pick the text
 * size per database (MEDIUMTEXT on MySQL, TEXT on SQLite) for large polygons.
 */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? null : JSON.parse(value)),
};
