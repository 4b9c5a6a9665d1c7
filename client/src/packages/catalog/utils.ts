import {
  changedFields,
  type AdminCategoryResponse,
  type CategoryQuestion,
  type DepartmentCode,
  type MinorCategoryDefinition,
  type QuestionKind,
  type TimeLimitUnit,
  type UserResponse,
} from '@linli/shared';

/** Any admin reads the catalogue pages. */
export function isAdminUser(user: UserResponse | null | undefined): boolean {
  return Boolean(user?.roles.some((r) => r.role === 'admin' && r.unit !== null));
}

/** Only admins of a district (top-level unit) edit the catalogue (the server's category.policy). */
export function canEditCatalogue(user: UserResponse | null | undefined): boolean {
  return Boolean(user?.roles.some((r) => r.role === 'admin' && r.unit?.level === 'district'));
}

/** One question as the form edits it (numbers as text while typing). */
export interface QuestionForm {
  key: string;
  label: string;
  kind: QuestionKind;
  required: boolean;
  options: Array<{ value: string; label: string }>;
  min: string;
  max: string;
  hint: string;
}

/** A minor category as the form edits it. */
export interface MinorForm {
  code: string;
  majorCode: string;
  name: string;
  description: string;
  /** Space- or comma-separated. */
  keywords: string;
  departments: DepartmentCode[];
  onSpotFixable: boolean;
  fileAmount: string;
  fileUnit: TimeLimitUnit;
  handleAmount: string;
  handleUnit: TimeLimitUnit;
  minPhotos: string;
  maxPhotos: string;
  sensitive: boolean;
  protectedReporterSuggested: boolean;
  radius: string;
  window: string;
  active: boolean;
  questions: QuestionForm[];
}

const str = (n: number | undefined) => (n === undefined ? '' : String(n));
const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));

export function emptyMinorForm(majorCode = ''): MinorForm {
  return {
    code: majorCode ? `${majorCode}-` : '',
    majorCode,
    name: '',
    description: '',
    keywords: '',
    departments: [],
    onSpotFixable: false,
    fileAmount: '2',
    fileUnit: 'hours',
    handleAmount: '3',
    handleUnit: 'days',
    minPhotos: '1',
    maxPhotos: '9',
    sensitive: false,
    protectedReporterSuggested: false,
    radius: '100',
    window: '72',
    active: true,
    questions: [],
  };
}

export function minorToForm(def: MinorCategoryDefinition): MinorForm {
  return {
    code: def.code,
    majorCode: def.majorCode,
    name: def.name,
    description: def.description,
    keywords: def.keywords.join(' '),
    departments: [...def.departments],
    onSpotFixable: def.onSpotFixable,
    fileAmount: str(def.fileLimit.amount),
    fileUnit: def.fileLimit.unit,
    handleAmount: str(def.handleLimit.amount),
    handleUnit: def.handleLimit.unit,
    minPhotos: str(def.evidence.minPhotos),
    maxPhotos: str(def.evidence.maxPhotos),
    sensitive: def.sensitive,
    protectedReporterSuggested: def.protectedReporterSuggested,
    radius: str(def.duplicateRadiusMeters),
    window: str(def.duplicateWindowHours),
    active: def.active,
    questions: def.questions.map((q) => ({
      key: q.key,
      label: q.label,
      kind: q.kind,
      required: q.required,
      options: (q.options ?? []).map((o) => ({ ...o })),
      min: str(q.min),
      max: str(q.max),
      hint: q.hint ?? '',
    })),
  };
}

function questionOut(q: QuestionForm): CategoryQuestion {
  const out: CategoryQuestion = { key: q.key.trim(), label: q.label.trim(), kind: q.kind, required: q.required };
  if (q.kind === 'single' || q.kind === 'multiple') out.options = q.options.map((o) => ({ value: o.value, label: o.label.trim() }));
  const min = num(q.min);
  const max = num(q.max);
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  if (q.hint.trim()) out.hint = q.hint.trim();
  return out;
}

/** The definition the form describes (numbers parsed; the shared schema judges it). */
export function formToMinor(f: MinorForm): MinorCategoryDefinition {
  return {
    code: f.code.trim(),
    majorCode: f.majorCode,
    name: f.name.trim(),
    description: f.description.trim(),
    keywords: f.keywords
      .split(/[\s,，、]+/)
      .map((k) => k.trim())
      .filter(Boolean),
    departments: f.departments,
    onSpotFixable: f.onSpotFixable,
    fileLimit: { amount: num(f.fileAmount) as number, unit: f.fileUnit },
    handleLimit: { amount: num(f.handleAmount) as number, unit: f.handleUnit },
    evidence: { minPhotos: num(f.minPhotos) as number, maxPhotos: num(f.maxPhotos) as number },
    sensitive: f.sensitive,
    protectedReporterSuggested: f.protectedReporterSuggested,
    duplicateRadiusMeters: num(f.radius) as number,
    duplicateWindowHours: num(f.window) as number,
    questions: f.questions.map(questionOut),
    active: f.active,
  };
}

/** The fields of `next` that differ from `current` (what PATCH sends besides the version). */
export function minorChanges(current: MinorCategoryDefinition, next: MinorCategoryDefinition): Partial<MinorCategoryDefinition> {
  // Only the definition's own fields: a snapshot also carries version and majorName.
  const keys = changedFields(current, next).filter((k) => k in next && k !== 'code' && k !== 'majorCode') as Array<keyof MinorCategoryDefinition>;
  return Object.fromEntries(keys.map((k) => [k, next[k]])) as Partial<MinorCategoryDefinition>;
}

/** A fresh option value not used in the question yet (`o1`, `o2`, ...). */
export function nextOptionValue(options: Array<{ value: string }>): string {
  let n = options.length + 1;
  while (options.some((o) => o.value === `o${n}`)) n++;
  return `o${n}`;
}

/** A fresh question key (`q1`, `q2`, ...). */
export function nextQuestionKey(questions: Array<{ key: string }>): string {
  let n = questions.length + 1;
  while (questions.some((q) => q.key === `q${n}`)) n++;
  return `q${n}`;
}

/** 已停用 / 启用 badge text and class for a catalogue entry. */
export function activeTag(c: Pick<AdminCategoryResponse, 'active'>): { text: string; className: string } {
  return c.active ? { text: '启用', className: 'tag tag--ok' } : { text: '已停用', className: 'tag tag--neutral' };
}

/** Chinese names of the fields the history lists as changed. */
export const FieldLabelZh: Record<string, string> = {
  name: '名称',
  domain: '所属领域',
  description: '说明',
  keywords: '关键词',
  departments: '责任部门',
  onSpotFixable: '当场处置',
  fileLimit: '立案时限',
  handleLimit: '处置时限',
  evidence: '照片要求',
  sensitive: '敏感类别',
  protectedReporterSuggested: '建议保护举报人',
  duplicateRadiusMeters: '查重半径',
  duplicateWindowHours: '查重时间窗',
  questions: '补充问题',
  active: '启用状态',
};
