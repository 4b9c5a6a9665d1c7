import { CATEGORY_MAJORS, CATEGORY_MINORS } from '../constants/categories';
import { categoryMatchScore, normalizeKeyword, searchCategories } from './category-search';

const items = CATEGORY_MINORS.map((m) => ({ ...m, majorName: CATEGORY_MAJORS.find((x) => x.code === m.majorCode)!.name }));

describe(searchCategories.name, () => {
  it('finds by name, exact name first', () => {
    const found = searchCategories(items, '违法停车');
    expect(found[0].name).toBe('违法停车');
    expect(found.map((c) => c.name)).toContain('人行道违法停车');
  });

  it('finds by the words residents use (synonyms), not only official names', () => {
    expect(searchCategories(items, '摆摊')[0].name).toBe('占道经营');
    expect(searchCategories(items, '违停')[0].name).toBe('违法停车');
    expect(searchCategories(items, '井盖')[0].name).toBe('窨井盖缺失破损');
    expect(searchCategories(items, '黑诊所')[0].name).toBe('非法行医');
  });

  it('finds by code, with or without the dash, and ignores spaces and punctuation', () => {
    expect(searchCategories(items, 'sr-0101')[0].code).toBe('SR-0101');
    expect(searchCategories(items, 'SR0101')[0].code).toBe('SR-0101');
    expect(searchCategories(items, ' 暴露 垃圾！')[0].name).toBe('暴露垃圾');
    expect(normalizeKeyword('「违法 停车！」')).toBe('违法停车');
  });

  it('matches by the major category name below name and synonym matches', () => {
    const found = searchCategories(items, '消防安全');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((c) => c.majorName === '消防安全' || categoryMatchScore(c, '消防安全') > 20)).toBe(true);
  });

  it('returns everything for an empty query and nothing for nonsense', () => {
    expect(searchCategories(items, '')).toHaveLength(items.length);
    expect(searchCategories(items, undefined)).toHaveLength(items.length);
    expect(searchCategories(items, '量子计算机')).toEqual([]);
  });
});
