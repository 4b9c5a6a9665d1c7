import type { CategoryQuestion, MinorCategoryDefinition } from '../types/category';
import { changedFields, formatAnswer, normalizeAnswers, validateAnswers, validateMinorDefinition, validateQuestions } from './category';

const questions: CategoryQuestion[] = [
  { key: 'plate_number', label: '车牌号', kind: 'text', required: false, max: 10 },
  { key: 'count', label: '数量', kind: 'number', required: true, min: 1, max: 50 },
  { key: 'blocking', label: '是否堵塞', kind: 'single', required: true, options: [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }] },
  {
    key: 'kinds',
    label: '垃圾类型',
    kind: 'multiple',
    required: false,
    max: 2,
    options: [{ value: 'a', label: '生活垃圾' }, { value: 'b', label: '建筑垃圾' }, { value: 'c', label: '大件' }],
  },
];

describe(validateAnswers.name, () => {
  it('accepts complete, well-formed answers (numeric strings for numbers too)', () => {
    expect(validateAnswers(questions, { plate_number: '苏A12345', count: 3, blocking: 'yes', kinds: ['a', 'b'] })).toEqual({});
    expect(validateAnswers(questions, { count: '7', blocking: 'no' })).toEqual({});
  });

  it('names each missing required answer, with choose/fill wording', () => {
    expect(validateAnswers(questions, {})).toEqual({ count: '请填写数量', blocking: '请选择是否堵塞' });
    expect(validateAnswers(questions, undefined)).toEqual({ count: '请填写数量', blocking: '请选择是否堵塞' });
    expect(validateAnswers(questions, { count: '  ', blocking: '' })).toEqual({ count: '请填写数量', blocking: '请选择是否堵塞' });
  });

  it('refuses wrong types, out-of-range numbers, unknown options and overlong text', () => {
    expect(validateAnswers(questions, { plate_number: 123, count: 0, blocking: 'maybe', kinds: 'a' })).toEqual({
      plate_number: '车牌号应为文字',
      count: '数量不能小于 1',
      blocking: '请从选项中选择是否堵塞',
      kinds: '请从选项中选择垃圾类型',
    });
    expect(validateAnswers(questions, { plate_number: '苏A123456789', count: 51, blocking: 'yes', kinds: ['a', 'a'] })).toEqual({
      plate_number: '车牌号最多 10 个字',
      count: '数量不能大于 50',
      kinds: '垃圾类型有重复的选项',
    });
    expect(validateAnswers(questions, { count: 'abc', blocking: 'yes', kinds: ['a', 'b', 'c'] })).toEqual({ count: '数量应为数字', kinds: '垃圾类型最多选择 2 项' });
    expect(validateAnswers(questions, { count: Infinity, blocking: 'yes' })).toEqual({ count: '数量应为数字' });
  });

  it('counts characters, not UTF-16 units, for text length', () => {
    const q: CategoryQuestion[] = [{ key: 't', label: '说明', kind: 'text', required: true, max: 2 }];
    expect(validateAnswers(q, { t: '𠮷𠮷' })).toEqual({});
  });

  it('refuses answers to unknown questions and non-object answers', () => {
    expect(validateAnswers(questions, { count: 1, blocking: 'yes', extra: 'x' })).toEqual({ extra: '不是此类别的问题' });
    expect(validateAnswers(questions, [1, 2])).toEqual({ _: '补充信息格式不正确' });
    expect(validateAnswers(questions, 'x')).toEqual({ _: '补充信息格式不正确' });
    expect(validateAnswers([], {})).toEqual({});
  });
});

describe(normalizeAnswers.name, () => {
  it('trims text, turns numeric strings into numbers and drops blank optional answers', () => {
    expect(normalizeAnswers(questions, { plate_number: '  苏A1 ', count: '7', blocking: 'yes', kinds: [] })).toEqual({ plate_number: '苏A1', count: 7, blocking: 'yes' });
  });

  it('formats answers with option labels', () => {
    expect(formatAnswer(questions[3], ['a', 'c'])).toBe('生活垃圾、大件');
    expect(formatAnswer(questions[2], 'no')).toBe('否');
    expect(formatAnswer(questions[1], 4)).toBe('4');
    expect(formatAnswer(questions[1], undefined)).toBe('');
  });
});

const base: MinorCategoryDefinition = {
  code: 'SR-0101',
  name: '暴露垃圾',
  majorCode: 'SR',
  description: '',
  keywords: [],
  departments: ['chengguan'],
  onSpotFixable: true,
  fileLimit: { amount: 2, unit: 'hours' },
  handleLimit: { amount: 1, unit: 'days' },
  evidence: { minPhotos: 1, maxPhotos: 9 },
  sensitive: false,
  protectedReporterSuggested: false,
  duplicateRadiusMeters: 50,
  duplicateWindowHours: 48,
  questions: [],
  active: true,
};

describe(validateMinorDefinition.name, () => {
  it('accepts a consistent definition', () => {
    expect(validateMinorDefinition(base)).toEqual({});
  });

  it('names every cross-field problem by its path', () => {
    const errors = validateMinorDefinition({
      ...base,
      code: 'JM-0101',
      departments: ['chengguan', 'chengguan', 'mars' as never],
      evidence: { minPhotos: 5, maxPhotos: 2 },
      handleLimit: { amount: 91, unit: 'days' },
      fileLimit: { amount: 241, unit: 'hours' },
      protectedReporterSuggested: true,
      keywords: ['垃圾', '垃圾'],
      questions: [
        { key: 'a', label: 'A', kind: 'single', required: true, options: [{ value: 'x', label: 'X' }] },
        { key: 'a', label: 'B', kind: 'text', required: false, options: [{ value: 'x', label: 'X' }], min: 5, max: 2 },
        { key: 'c', label: 'C', kind: 'multiple', required: false, max: 3, options: [{ value: 'x', label: 'X' }, { value: 'x', label: 'Y' }] },
      ],
    });
    expect(errors).toEqual({
      code: '小类编码应以大类编码 SR- 开头',
      'departments.1': '部门重复',
      'departments.2': '不是已知的职能部门',
      'evidence.minPhotos': '最少照片数不能大于最多照片数',
      'handleLimit.amount': '最多 90 个工作日',
      'fileLimit.amount': '最多 240 个工作小时',
      protectedReporterSuggested: '建议保护举报人的类别必须同时设为敏感类别',
      'keywords.1': '关键词重复',
      'questions.0.options': '选择题至少需要 2 个选项',
      'questions.1.key': '问题标识重复',
      'questions.1.options': '只有选择题可以设置选项',
      'questions.1.min': '最小值不能大于最大值',
      'questions.2.options.1.value': '选项值重复',
      'questions.2.max': '最多可选数不能超过选项数',
    });
  });

  it('validateQuestions accepts an empty list', () => {
    expect(validateQuestions([])).toEqual({});
  });
});

describe(changedFields.name, () => {
  it('lists the top-level fields that differ, none for a first version', () => {
    expect(changedFields(base, { ...base, name: '垃圾', evidence: { minPhotos: 0, maxPhotos: 9 } })).toEqual(['evidence', 'name']);
    expect(changedFields(null, base)).toEqual([]);
  });
});
