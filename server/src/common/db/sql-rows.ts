import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Hand-written SQL for the hottest paths (a resident's report, every request's session), through the
 * same connection and the same value conversions as TypeORM, without its query building: building the
 * SQL of a `find` or an INSERT query builder took about a seventh of the CPU of a report
 * (bench/ticket.bench.js, `--cpu-prof`). Identifiers are quoted with backticks, which MySQL and SQLite
 * both accept; parameters are `?` placeholders, one per value (no array expansion: see `placeholders`).
 */

/** `?, ?, ?` for an IN list of `n` values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** A value as the driver stores it in `entity`'s `property` column (dates, booleans, JSON, transformers). */
export function sqlValue<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, property: keyof T & string, value: unknown): unknown {
  const column = m.connection.getMetadata(entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`sqlValue: no column ${property}`);
  return m.connection.driver.preparePersistentValue(value, column);
}

/**
 * Runs a SELECT and hydrates its rows as `entity`: a result column named like one of the entity's
 * columns is converted as TypeORM would (dates, booleans, JSON); any other result column (an alias of
 * a joined table) is kept as it came.
 */
export async function selectRows<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, sql: string, params: unknown[]): Promise<T[]> {
  const meta = m.connection.getMetadata(entity);
  const driver = m.connection.driver;
  const rows: Array<Record<string, unknown>> = await m.query(sql, params);
  return rows.map((row) => {
    const out = meta.create() as T;
    for (const key of Object.keys(row)) {
      const column = meta.findColumnWithDatabaseName(key);
      if (column) column.setEntityValue(out, driver.prepareHydratedValue(row[key], column));
      else (out as Record<string, unknown>)[key] = row[key];
    }
    return out;
  });
}

const insertSql = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * INSERTs one row and answers its generated id, in one statement. `save` and `insert` also make
 * TypeORM read back every column with a default on MySQL (no RETURNING there): a second round trip the
 * caller does not need when it set those values itself. Columns left undefined get their database
 * default. On sql.js (the embedded demo database) TypeORM's own INSERT ... RETURNING is used.
 */
export async function insertRow<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, values: T | QueryDeepPartialEntity<T>): Promise<number> {
  return insertRows(m, entity, [values]);
}

/**
 * INSERTs rows that set the same columns (those the first row defines) in one statement; answers the
 * first generated id.
 */
export async function insertRows<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, rows: Array<T | QueryDeepPartialEntity<T>>): Promise<number> {
  const driver = m.connection.driver;
  if (driver.options.type === 'sqljs') {
    // One row at a time: TypeORM's ids for a multi-row INSERT on sql.js are off (tested).
    const ids: number[] = [];
    for (const row of rows) {
      const r = await m
        .createQueryBuilder()
        .insert()
        .into(entity)
        .values(row as QueryDeepPartialEntity<T>)
        .execute();
      ids.push(Number(r.identifiers[0]?.id));
    }
    return ids[0];
  }
  const meta = m.connection.getMetadata(entity);
  const columns = meta.columns.filter((c) => c.getEntityValue(rows[0]) !== undefined);
  const key = `${rows.length}:${columns.map((c) => c.databaseName).join(',')}`;
  let byColumns = insertSql.get(meta);
  if (!byColumns) insertSql.set(meta, (byColumns = new Map()));
  let sql = byColumns.get(key);
  if (!sql) {
    const tuple = `(${placeholders(columns.length)})`;
    sql = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
    if (byColumns.size < 64) byColumns.set(key, sql);
  }
  const params = rows.flatMap((row) => columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row), c)));
  const result: { insertId: number } = await m.query(sql, params);
  return Number(result.insertId);
}
