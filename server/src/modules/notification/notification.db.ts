import type { EntityManager } from 'typeorm';

/**
 * Small portable-SQL helpers for the notification module's hot paths (bulk inserts, conditional
 * UPDATEs), which run as plain SQL on both MySQL/MariaDB and sql.js.
 */

export type DbKind = 'mysql' | 'sqljs';

export const kindOf = (m: EntityManager): DbKind => (m.connection.options.type === 'mysql' ? 'mysql' : 'sqljs');

/**
 * A moment as a query parameter: mysql2 formats Date objects itself (in UTC: the data source sets
 * timezone 'Z'); sql.js cannot bind Dates, and TypeORM stores its datetimes as UTC
 * `YYYY-MM-DD HH:mm:ss.SSS` strings, which compare correctly as text.
 */
export function dbTime(kind: DbKind, d: Date): Date | string {
  return kind === 'mysql' ? d : d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Runs a data-changing statement and returns how many rows it changed (on MySQL and sql.js alike). */
export async function execute(m: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const own = !m.queryRunner;
  const qr = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const res = await qr.query(sql, params, true);
    return Number(res.affected ?? 0);
  } finally {
    if (own) await qr.release();
  }
}

/** `?, ?, ?` for n placeholders. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Splits `items` into arrays of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
