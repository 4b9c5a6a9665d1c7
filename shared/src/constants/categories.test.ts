import { majorCategoryDefinitionSchema, minorCategoryDefinitionSchema } from '../schemas/category.schema';
import { DEPARTMENTS, Department, DepartmentNameZh } from './departments';
import { CATEGORY_MAJORS, CATEGORY_MINORS, CategoryCode } from './categories';

const byCode = new Map(CATEGORY_MINORS.map((c) => [c.code, c]));

describe('the built-in catalogue', () => {
  it('has at least 15 major and 80 minor categories, every major with minors', () => {
    expect(CATEGORY_MAJORS.length).toBeGreaterThanOrEqual(15);
    expect(CATEGORY_MINORS.length).toBeGreaterThanOrEqual(80);
    for (const major of CATEGORY_MAJORS) expect([major.code, CATEGORY_MINORS.some((m) => m.majorCode === major.code)]).toEqual([major.code, true]);
  });

  it('every entry passes the same schema admins are held to', () => {
    for (const major of CATEGORY_MAJORS) expect([major.code, majorCategoryDefinitionSchema.safeParse(major).success]).toEqual([major.code, true]);
    for (const minor of CATEGORY_MINORS) {
      const r = minorCategoryDefinitionSchema.safeParse(minor);
      expect([minor.code, r.success ? null : r.error.issues]).toEqual([minor.code, null]);
    }
  });

  it('codes and names are unique', () => {
    expect(new Set(CATEGORY_MINORS.map((c) => c.code)).size).toBe(CATEGORY_MINORS.length);
    expect(new Set(CATEGORY_MINORS.map((c) => c.name)).size).toBe(CATEGORY_MINORS.length);
    expect(new Set(CATEGORY_MAJORS.map((c) => c.code)).size).toBe(CATEGORY_MAJORS.length);
  });

  it('keeps the time limits the articles name', () => {
    expect(byCode.get(CategoryCode.ExposedGarbage)).toMatchObject({ name: '暴露垃圾', handleLimit: { amount: 1, unit: 'days' }, onSpotFixable: true });
    expect(byCode.get(CategoryCode.DirtyRoad)).toMatchObject({ name: '道路不洁', handleLimit: { amount: 5, unit: 'hours' } });
    expect(byCode.get(CategoryCode.IllegalConstruction)).toMatchObject({ name: '违法建设', handleLimit: { amount: 15, unit: 'days' }, onSpotFixable: false });
  });

  it('routes the articles examples to the usual departments', () => {
    expect(byCode.get(CategoryCode.IllegalParking)).toMatchObject({ name: '违法停车', departments: ['traffic'] });
    expect(byCode.get(CategoryCode.StreetStall)).toMatchObject({ name: '占道经营', departments: ['chengguan'] });
    expect(byCode.get(CategoryCode.ShopFrontOverflow)!.name).toBe('店外经营');
    expect(byCode.get(CategoryCode.GroupRenting)!.departments[0]).toBe('housing');
    expect(byCode.get(CategoryCode.OilFumes)!.name).toBe('餐饮油烟扰民');
    expect(byCode.get(CategoryCode.UnlicensedClinic)!.departments[0]).toBe('health');
    expect(byCode.get(CategoryCode.StreetLight)!.name).toBe('路灯不亮');
    expect(byCode.get(CategoryCode.Manhole)!.name).toBe('窨井盖缺失破损');
  });

  it('pyramid selling, drugs and public-security leads are sensitive, suggest protection and need no photo', () => {
    for (const code of [CategoryCode.PyramidSelling, CategoryCode.Drugs, 'ZA-1201']) {
      expect(byCode.get(code)).toMatchObject({ sensitive: true, protectedReporterSuggested: true, evidence: { minPhotos: 0 } });
    }
    // and ordinary city-management problems are public
    expect(byCode.get(CategoryCode.ExposedGarbage)!.sensitive).toBe(false);
  });

  it('on-the-spot fixes are never offered for leads that need the police or a protected reporter', () => {
    const onSpot = CATEGORY_MINORS.filter((c) => c.onSpotFixable);
    expect(onSpot.length).toBeGreaterThan(10);
    expect(onSpot.filter((c) => c.protectedReporterSuggested || c.majorCode === 'ZA').map((c) => c.code)).toEqual([]);
  });
});

describe('the departments', () => {
  it('the constant object and the list agree', () => {
    expect(new Set(Object.values(Department))).toEqual(new Set(DEPARTMENTS.map((x) => x.code)));
    expect(DepartmentNameZh.chengguan).toBe('城管');
  });

  it('every department a category names exists', () => {
    const known = new Set(DEPARTMENTS.map((x) => x.code));
    for (const c of CATEGORY_MINORS) for (const dep of c.departments) expect([c.code, known.has(dep)]).toEqual([c.code, true]);
  });
});
