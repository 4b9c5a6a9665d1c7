import type { EntityManager } from 'typeorm';

/**
 * Portable SQL for the ticket module's hot spots (number counters, conditional updates, the job lease),
 * which run as plain SQL on MySQL/MariaDB and on sql.js.
 */

export type DbKind = 'mysql' | 'sqljs';

export const kindOf = (m: EntityManager): DbKind => (m.connection.options.type === 'mysql' ? 'mysql' : 'sqljs');

/**
 * A moment as a raw-query parameter: mysql2 formats Date objects itself (UTC: the data source sets
 * timezone 'Z'); sql.js cannot bind Dates, and TypeORM stores datetimes there as UTC
 * `YYYY-MM-DD HH:mm:ss.SSS` text, which compares correctly as text.
 */
export function dbTime(kind: DbKind, d: Date): Date | string {
  return kind === 'mysql' ? d : d.toISOString().replace('T', ' ').replace('Z', '');
}

/** A datetime as a driver returns it in a raw query (Date on MySQL, UTC text on sql.js) as a Date. */
export function fromDbTime(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

/** Runs a data-changing statement and returns how many rows it changed (MySQL and sql.js alike). */
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

/**
 * The next value of the per-street per-day counter, inside the caller's transaction. The upsert takes
 * the counter row's lock on MySQL and keeps it until the transaction ends, so two filings in one street
 * on one day are serialised on that row and never get the same number (sql.js runs one transaction at
 * a time anyway). A rolled-back filing gives its number back.
 */
export async function nextSequence(m: EntityManager, streetCode: string, day: string): Promise<number> {
  const kind = kindOf(m);
  const upsert =
    kind === 'mysql'
      ? 'INSERT INTO ticket_sequences (street_code, day, value) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE value = value + 1'
      : 'INSERT INTO ticket_sequences (street_code, day, value) VALUES (?, ?, 1) ON CONFLICT(street_code, day) DO UPDATE SET value = value + 1';
  await m.query(upsert, [streetCode, day]);
  const rows: Array<{ value: number | string }> = await m.query('SELECT value FROM ticket_sequences WHERE street_code = ? AND day = ?', [streetCode, day]);
  return Number(rows[0].value);
}

/**
 * Takes or renews the lease `name` for `owner` until `until`, when it is free, expired or already
 * ours. True when this process holds the lease now. One conditional UPDATE decides between processes
 * (the row is created first if missing; a lost insert race is harmless).
 */
export async function acquireLease(m: EntityManager, name: string, owner: string, now: Date, until: Date): Promise<boolean> {
  const kind = kindOf(m);
  const insert =
    kind === 'mysql'
      ? 'INSERT IGNORE INTO ticket_job_locks (name, owner, locked_until) VALUES (?, NULL, NULL)'
      : 'INSERT OR IGNORE INTO ticket_job_locks (name, owner, locked_until) VALUES (?, NULL, NULL)';
  await m.query(insert, [name]);
  const changed = await execute(
    m,
    'UPDATE ticket_job_locks SET owner = ?, locked_until = ? WHERE name = ? AND (owner IS NULL OR owner = ? OR locked_until IS NULL OR locked_until < ?)',
    [owner, dbTime(kind, until), name, owner, dbTime(kind, now)],
  );
  return changed > 0;
}

/** Gives the lease back (when this process holds it). */
export async function releaseLease(m: EntityManager, name: string, owner: string): Promise<void> {
  await execute(m, 'UPDATE ticket_job_locks SET owner = NULL, locked_until = NULL WHERE name = ? AND owner = ?', [name, owner]);
}
