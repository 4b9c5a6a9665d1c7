import { createRoleRequestSchema } from './auth.schema';
import { safeParseZh } from './common';
import { categoryCodeParamSchema, categoryListQuerySchema, createCategorySchema, updateCategorySchema } from './category.schema';

const minor = {
  kind: 'minor',
  code: 'SR-0199',
  majorCode: 'SR',
  name: '测试小类',
  departments: ['chengguan'],
  onSpotFixable: false,
  fileLimit: { amount: 2, unit: 'hours' },
  handleLimit: { amount: 3, unit: 'days' },
  evidence: { minPhotos: 1, maxPhotos: 9 },
  sensitive: false,
  duplicateRadiusMeters: 100,
  duplicateWindowHours: 72,
};

describe('createCategorySchema', () => {
  it('accepts a minor with defaults for the optional parts', () => {
    const r = safeParseZh(createCategorySchema, minor);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data).toMatchObject({ description: '', keywords: [], questions: [], active: true, protectedReporterSuggested: false });
  });

  it('accepts a major', () => {
    expect(safeParseZh(createCategorySchema, { kind: 'major', code: 'XX', name: '新大类', domain: '城市管理' }).success).toBe(true);
  });

  it('names each bad field in Chinese', () => {
    const r = safeParseZh(createCategorySchema, { ...minor, code: 'sr-1', departments: [], fileLimit: { amount: 0, unit: 'weeks' }, evidence: { minPhotos: 3, maxPhotos: 1 } });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.fields.code).toBe('小类编码应为大类编码加 4 位数字，如 SR-0101');
      expect(r.fields.departments).toBe('至少选择 1 个责任部门');
      expect(r.fields['fileLimit.amount']).toBe('时限至少为 1');
      expect(r.fields['fileLimit.unit']).toBe('时限单位应为工作小时或工作日');
    }
  });

  it('runs the cross-field rules (code prefix, photos, questions)', () => {
    const r = safeParseZh(createCategorySchema, {
      ...minor,
      code: 'JM-0199',
      evidence: { minPhotos: 3, maxPhotos: 1 },
      questions: [{ key: 'q1', label: '问题', kind: 'single', required: true, options: [{ value: 'a', label: 'A' }] }],
    });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.fields).toMatchObject({
        code: '小类编码应以大类编码 SR- 开头',
        'evidence.minPhotos': '最少照片数不能大于最多照片数',
        'questions.0.options': '选择题至少需要 2 个选项',
      });
    }
  });

  it('refuses unknown kinds and unknown fields', () => {
    expect(safeParseZh(createCategorySchema, { ...minor, kind: 'other' }).success).toBe(false);
    const r = safeParseZh(createCategorySchema, { ...minor, colour: 'red' });
    expect(r.success).toBe(false);
  });
});

describe('updateCategorySchema', () => {
  it('needs a version and at least one change', () => {
    expect(safeParseZh(updateCategorySchema, { name: '新名字' })).toMatchObject({ success: false, fields: { version: '缺少版本号' } });
    expect(safeParseZh(updateCategorySchema, { version: 1, note: '只是说明' })).toMatchObject({ success: false, fields: { _: '没有要修改的内容' } });
    expect(safeParseZh(updateCategorySchema, { version: 1, handleLimit: { amount: 2, unit: 'days' } }).success).toBe(true);
  });

  it('checks changed fields like the create schema does', () => {
    expect(safeParseZh(updateCategorySchema, { version: 1, duplicateRadiusMeters: 1 })).toMatchObject({ success: false, fields: { duplicateRadiusMeters: '查重半径至少 10 米' } });
    expect(safeParseZh(updateCategorySchema, { version: 1, code: 'SR-0102' }).success).toBe(false);
  });
});

describe('query and path schemas', () => {
  it('accepts codes of both levels and refuses others', () => {
    expect(safeParseZh(categoryCodeParamSchema, { code: 'SR' }).success).toBe(true);
    expect(safeParseZh(categoryCodeParamSchema, { code: 'SR-0101' }).success).toBe(true);
    expect(safeParseZh(categoryCodeParamSchema, { code: 'SR-01' }).success).toBe(false);
  });

  it('bounds the keyword', () => {
    expect(safeParseZh(categoryListQuerySchema, { q: '垃圾' }).success).toBe(true);
    expect(safeParseZh(categoryListQuerySchema, { q: 'x'.repeat(31) })).toMatchObject({ success: false, fields: { q: '关键词最多 30 个字' } });
  });
});

describe('createRoleRequestSchema: the department of a department handler', () => {
  it('is required for department_handler, refused for other roles, checked against the catalogue', () => {
    const base = { unitId: 1, reason: '区城管局执法人员' };
    expect(safeParseZh(createRoleRequestSchema, { ...base, role: 'department_handler' })).toMatchObject({ success: false, fields: { department: '请选择所在的职能部门' } });
    expect(safeParseZh(createRoleRequestSchema, { ...base, role: 'department_handler', department: 'mars' })).toMatchObject({ success: false, fields: { department: '请选择所在的职能部门' } });
    expect(safeParseZh(createRoleRequestSchema, { ...base, role: 'shop_owner', department: 'market' })).toMatchObject({ success: false, fields: { department: '只有职能部门身份需要选择部门' } });
    expect(safeParseZh(createRoleRequestSchema, { ...base, role: 'department_handler', department: 'chengguan' })).toMatchObject({ success: true, data: { department: 'chengguan' } });
    expect(safeParseZh(createRoleRequestSchema, { ...base, role: 'shop_owner' }).success).toBe(true);
  });
});
