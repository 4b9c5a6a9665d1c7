import type { CategorySnapshot } from '../types/category';

/** Lower-case, no spaces or punctuation: 「违法 停车！」 and 违法停车 compare equal. */
export function normalizeKeyword(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .trim();
}

/**
 * Ranks catalogue entries against a typed keyword (no pinyin: residents type Chinese, or a code).
 * Score: exact code or name 100, name starts with it 80, name contains it 60, a keyword (synonym)
 * contains it or it contains a keyword 40, the major's name 20, the description 10; 0 = no match.
 * Every character of a multi-character query found in the name in order scores 30 (违停 finds 违法停车).
 */
export function categoryMatchScore(c: Pick<CategorySnapshot, 'code' | 'name' | 'keywords' | 'majorName' | 'description'>, query: string): number {
  const q = normalizeKeyword(query);
  if (!q) return 0;
  const name = normalizeKeyword(c.name);
  if (c.code.toLowerCase() === q || c.code.replace('-', '').toLowerCase() === q || name === q) return 100;
  if (name.startsWith(q)) return 80;
  if (name.includes(q)) return 60;
  const keywords = c.keywords.map(normalizeKeyword).filter(Boolean);
  if (keywords.some((k) => k.includes(q) || (k.length >= 2 && q.includes(k)))) return 40;
  if (q.length >= 2 && isSubsequence(q, name)) return 30;
  if (normalizeKeyword(c.majorName).includes(q)) return 20;
  if (q.length >= 2 && normalizeKeyword(c.description).includes(q)) return 10;
  return 0;
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i++;
  return i === needle.length;
}

/** Entries matching `query`, best first (ties keep the catalogue order). An empty query matches all. */
export function searchCategories<T extends Pick<CategorySnapshot, 'code' | 'name' | 'keywords' | 'majorName' | 'description'>>(
  items: readonly T[],
  query: string | undefined,
): T[] {
  if (!query || !normalizeKeyword(query)) return [...items];
  return items
    .map((item, index) => ({ item, index, score: categoryMatchScore(item, query) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
