import type { EntityManager } from 'typeorm';

/**
 * Runs an INSERT and returns the new row's id. On MySQL from the statement's own result; on sql.js
 * (one connection, one transaction at a time) `last_insert_rowid()` right after it. With `sql` null,
 * only reads the id of the statement just run (sql.js).
 */
export async function insertId(m: EntityManager, sql: string | null, params: unknown[]): Promise<number> {
  const own = !m.queryRunner;
  const qr = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    if (m.connection.options.type === 'mysql') {
      const res = await qr.query(sql as string, params, true);
      return Number((res.raw as { insertId: number }).insertId);
    }
    if (sql) await qr.query(sql, params);
    const rows: { id: number }[] = await qr.query('SELECT last_insert_rowid() AS id');
    return Number(rows[0].id);
  } finally {
    if (own) await qr.release();
  }
}
