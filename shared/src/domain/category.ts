import { DEPARTMENT_CODES } from '../constants/departments';
import type {
  CategoryAnswers,
  CategoryQuestion,
  MajorCategoryDefinition,
  MinorCategoryDefinition,
  QuestionKind,
  TimeLimit,
} from '../types/category';

/** Bounds of a category definition (the admin form and the API share them). */
export const CategoryLimits = {
  nameMax: 30,
  descriptionMax: 200,
  keywordsMax: 12,
  keywordMax: 12,
  departmentsMax: 5,
  questionsMax: 10,
  optionsMax: 20,
  questionLabelMax: 40,
  optionLabelMax: 30,
  hintMax: 60,
  /** Photos a report may carry at most (the reporting form allows 1-9). */
  photosMax: 9,
  /** Limits: hours up to 240 working hours, days up to 90 working days. */
  hoursMax: 240,
  daysMax: 90,
  radiusMin: 10,
  radiusMax: 5000,
  /** Hours; 2160 h = 90 days. */
  windowMax: 2160,
  /** Default length bounds of a text answer. */
  textAnswerMax: 200,
  noteMax: 200,
} as const;

/** `SR`: two capital letters. */
export const MAJOR_CODE_PATTERN = /^[A-Z]{2}$/;
/** `SR-0101`: the major's code, a dash, four digits. */
export const MINOR_CODE_PATTERN = /^[A-Z]{2}-\d{4}$/;
/** Keys of questions (`plate_number`). */
export const QUESTION_KEY_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

export const QUESTION_KINDS: readonly QuestionKind[] = ['text', 'number', 'single', 'multiple'];

export const QuestionKindLabelZh: Record<QuestionKind, string> = {
  text: '文字',
  number: '数字',
  single: '单选',
  multiple: '多选',
};

/** Field errors keyed by dot path (`questions.1.options`), empty when valid. */
export type FieldErrors = Record<string, string>;

function checkLimit(limit: TimeLimit | undefined, path: string, errors: FieldErrors): void {
  if (!limit) return;
  const max = limit.unit === 'days' ? CategoryLimits.daysMax : CategoryLimits.hoursMax;
  if (limit.amount > max) errors[`${path}.amount`] = `最多 ${max} 个${limit.unit === 'days' ? '工作日' : '工作小时'}`;
}

/**
 * Cross-field rules of a question list that a field-by-field schema cannot state: unique keys, options
 * only (and at least two, unique) for choice questions, min <= max.
 */
export function validateQuestions(questions: readonly CategoryQuestion[], path = 'questions'): FieldErrors {
  const errors: FieldErrors = {};
  const keys = new Set<string>();
  questions.forEach((q, i) => {
    const at = `${path}.${i}`;
    if (keys.has(q.key)) errors[`${at}.key`] = '问题标识重复';
    keys.add(q.key);
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice) {
      const options = q.options ?? [];
      if (options.length < 2) errors[`${at}.options`] = '选择题至少需要 2 个选项';
      const values = new Set<string>();
      options.forEach((o, j) => {
        if (values.has(o.value)) errors[`${at}.options.${j}.value`] = '选项值重复';
        values.add(o.value);
      });
    } else if (q.options && q.options.length) {
      errors[`${at}.options`] = '只有选择题可以设置选项';
    }
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) errors[`${at}.min`] = '最小值不能大于最大值';
    if (q.kind === 'text' && ((q.min !== undefined && q.min < 0) || (q.max !== undefined && q.max > 1000))) {
      errors[`${at}.max`] = '文字长度应在 0-1000 之间';
    }
    if (q.kind === 'multiple' && q.max !== undefined && q.options && q.max > q.options.length) {
      errors[`${at}.max`] = '最多可选数不能超过选项数';
    }
  });
  return errors;
}

/**
 * Cross-field rules of a minor category (the schema checks each field): the code belongs to the major,
 * departments are known and unique, min photos <= max photos, limits within bounds, a category that
 * suggests protected reporters is also sensitive, keywords unique, and the question rules above.
 */
export function validateMinorDefinition(def: MinorCategoryDefinition): FieldErrors {
  const errors: FieldErrors = {};
  if (!def.code.startsWith(`${def.majorCode}-`)) errors.code = `小类编码应以大类编码 ${def.majorCode}- 开头`;
  const seen = new Set<string>();
  def.departments.forEach((d, i) => {
    if (!(DEPARTMENT_CODES as readonly string[]).includes(d)) errors[`departments.${i}`] = '不是已知的职能部门';
    else if (seen.has(d)) errors[`departments.${i}`] = '部门重复';
    seen.add(d);
  });
  if (def.evidence.minPhotos > def.evidence.maxPhotos) errors['evidence.minPhotos'] = '最少照片数不能大于最多照片数';
  checkLimit(def.fileLimit, 'fileLimit', errors);
  checkLimit(def.handleLimit, 'handleLimit', errors);
  if (def.protectedReporterSuggested && !def.sensitive) {
    // A reporter who needs protection from departments also needs privacy from the public.
    errors.protectedReporterSuggested = '建议保护举报人的类别必须同时设为敏感类别';
  }
  const keywords = new Set<string>();
  def.keywords.forEach((k, i) => {
    if (keywords.has(k)) errors[`keywords.${i}`] = '关键词重复';
    keywords.add(k);
  });
  Object.assign(errors, validateQuestions(def.questions));
  return errors;
}

/** A major category has no cross-field rules beyond its schema; kept for symmetry with the minor. */
export function validateMajorDefinition(def: MajorCategoryDefinition): FieldErrors {
  const errors: FieldErrors = {};
  if (!MAJOR_CODE_PATTERN.test(def.code)) errors.code = '大类编码应为 2 个大写字母';
  return errors;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/**
 * Checks a report's answers against its category's questions. Returns field errors keyed by question key
 * (`plate_number`; `_` when `answers` is not an object), empty when valid: required questions answered,
 * text within its length, numbers finite and within bounds (numeric strings accepted), single choices one
 * of the options, multiple choices distinct options within `min`/`max`, no answers to unknown questions.
 */
export function validateAnswers(questions: readonly CategoryQuestion[], answers: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (answers === undefined || answers === null) answers = {};
  if (typeof answers !== 'object' || Array.isArray(answers)) return { _: '补充信息格式不正确' };
  const given = answers as Record<string, unknown>;
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(given)) if (!known.has(key)) errors[key] = '不是此类别的问题';
  for (const q of questions) {
    const v = given[q.key];
    if (isBlank(v)) {
      if (q.required) errors[q.key] = q.kind === 'single' || q.kind === 'multiple' ? `请选择${q.label}` : `请填写${q.label}`;
      continue;
    }
    const error = answerError(q, v);
    if (error) errors[q.key] = error;
  }
  return errors;
}

function answerError(q: CategoryQuestion, v: unknown): string | null {
  const values = new Set((q.options ?? []).map((o) => o.value));
  switch (q.kind) {
    case 'text': {
      if (typeof v !== 'string') return `${q.label}应为文字`;
      const len = [...v.trim()].length;
      const min = q.min ?? 0;
      const max = q.max ?? CategoryLimits.textAnswerMax;
      if (len < min) return `${q.label}至少 ${min} 个字`;
      if (len > max) return `${q.label}最多 ${max} 个字`;
      return null;
    }
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
      if (!Number.isFinite(n)) return `${q.label}应为数字`;
      if (q.min !== undefined && n < q.min) return `${q.label}不能小于 ${q.min}`;
      if (q.max !== undefined && n > q.max) return `${q.label}不能大于 ${q.max}`;
      return null;
    }
    case 'single':
      return typeof v === 'string' && values.has(v) ? null : `请从选项中选择${q.label}`;
    case 'multiple': {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !values.has(x))) return `请从选项中选择${q.label}`;
      if (new Set(v).size !== v.length) return `${q.label}有重复的选项`;
      if (q.min !== undefined && v.length < q.min) return `${q.label}至少选择 ${q.min} 项`;
      if (q.max !== undefined && v.length > q.max) return `${q.label}最多选择 ${q.max} 项`;
      return null;
    }
    default:
      return '不支持的问题类型';
  }
}

/**
 * The answers as they should be stored, after `validateAnswers` passed: text trimmed, numbers as numbers,
 * blank optional answers dropped, keys in question order.
 */
export function normalizeAnswers(questions: readonly CategoryQuestion[], answers: unknown): CategoryAnswers {
  const given = (answers && typeof answers === 'object' && !Array.isArray(answers) ? answers : {}) as Record<string, unknown>;
  const out: CategoryAnswers = {};
  for (const q of questions) {
    const v = given[q.key];
    if (isBlank(v)) continue;
    if (q.kind === 'text') out[q.key] = String(v).trim();
    else if (q.kind === 'number') out[q.key] = Number(v);
    else if (q.kind === 'single') out[q.key] = String(v);
    else out[q.key] = [...(v as string[])];
  }
  return out;
}

/** One answer as a reader sees it: the option label for choices, `是`/`否` style text as given. */
export function formatAnswer(q: CategoryQuestion, value: CategoryAnswers[string] | undefined): string {
  if (value === undefined) return '';
  const label = (x: string) => q.options?.find((o) => o.value === x)?.label ?? x;
  if (Array.isArray(value)) return value.map(label).join('、');
  if (q.kind === 'single') return label(String(value));
  return String(value);
}

/** Top-level fields whose values differ between two definitions (for the version history). */
export function changedFields(before: object | null, after: object): string[] {
  if (!before) return [];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
