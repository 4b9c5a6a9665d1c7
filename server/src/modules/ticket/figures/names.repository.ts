import type { MinorCategoryDefinition, TimeLimit } from '@linli/shared';
import type { EntityManager } from 'typeorm';

/** Current names of the catalogue: minor category code -> its name, its major's code and name. */
export interface CategoryNames {
  get(code: string): CategoryName | undefined;
}

export interface CategoryName {
  name: string;
  majorCode: string | null;
  majorName: string;
  /** The current handling time limit (Open311's service_notice). */
  handleLimit: TimeLimit | null;
}

/**
 * Loads the names of every category in one query (the catalogue has a few hundred rows). Figures, the
 * board and Open311 show the CURRENT name of a category, whatever version a ticket was filed under.
 */
export async function loadCategoryNames(m: EntityManager): Promise<CategoryNames> {
  const rows: Array<{ code: string; kind: string; major_code: string | null; name: string; definition: string | null }> = await m.query(
    'SELECT code, kind, major_code, name, definition FROM categories',
  );
  const majors = new Map(rows.filter((r) => r.kind === 'major').map((r) => [r.code, r.name]));
  const minors = new Map(
    rows
      .filter((r) => r.kind === 'minor')
      .map((r): [string, CategoryName] => [
        r.code,
        { name: r.name, majorCode: r.major_code, majorName: (r.major_code && majors.get(r.major_code)) || r.major_code || '', handleLimit: handleLimitOf(r.definition) },
      ]),
  );
  return { get: (code) => minors.get(code) };
}

/** id -> { code, name } of the given units (one query). */
export async function loadUnitNames(m: EntityManager, ids: Iterable<number>): Promise<Map<number, { id: number; code: string; name: string; level: string }>> {
  const list = [...new Set([...ids].filter((n) => Number.isInteger(n)))];
  const out = new Map<number, { id: number; code: string; name: string; level: string }>();
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const rows: Array<{ id: number | string; code: string; name: string; level: string }> = await m.query(
      `SELECT id, code, name, level FROM units WHERE id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    for (const r of rows) out.set(Number(r.id), { id: Number(r.id), code: r.code, name: r.name, level: r.level });
  }
  return out;
}

function handleLimitOf(definition: string | null): TimeLimit | null {
  if (!definition) return null;
  try {
    return (JSON.parse(definition) as MinorCategoryDefinition).handleLimit ?? null;
  } catch {
    return null;
  }
}
