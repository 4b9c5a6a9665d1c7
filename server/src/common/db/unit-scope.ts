import { Brackets, WhereExpressionBuilder } from 'typeorm';

/**
 * `column` lies in the subtree of any of `paths` (materialised unit paths, `/320111/320111001/`), as SQL:
 * the in-database form of `unitContains` from shared. Paths hold only digits and slashes, so LIKE needs no
 * escaping. `extra` may add more OR-ed conditions inside the same brackets.
 */
export function insideAnyUnit(column: string, paths: readonly string[], extra?: (b: WhereExpressionBuilder) => void): Brackets {
  return new Brackets((b) => {
    paths.forEach((p, n) => b.orWhere(`${column} LIKE :unitScope${n}`, { [`unitScope${n}`]: `${p}%` }));
    extra?.(b);
  });
}
