import { z } from 'zod';
import { DEPARTMENT_CODES, DepartmentCode } from '../constants/departments';
import {
  CategoryLimits,
  MAJOR_CODE_PATTERN,
  MINOR_CODE_PATTERN,
  QUESTION_KEY_PATTERN,
  validateMinorDefinition,
} from '../domain/category';

const name = (what: string) =>
  z
    .string({ required_error: `请填写${what}`, invalid_type_error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(CategoryLimits.nameMax, `${what}最多 ${CategoryLimits.nameMax} 个字`);

export const majorCodeSchema = z
  .string({ required_error: '请填写大类编码', invalid_type_error: '请填写大类编码' })
  .trim()
  .regex(MAJOR_CODE_PATTERN, '大类编码应为 2 个大写字母，如 SR');

export const minorCodeSchema = z
  .string({ required_error: '请填写小类编码', invalid_type_error: '请填写小类编码' })
  .trim()
  .regex(MINOR_CODE_PATTERN, '小类编码应为大类编码加 4 位数字，如 SR-0101');

/** A path parameter: a major or a minor code. */
export const categoryCodeParamSchema = z
  .object({ code: z.string().trim().regex(/^[A-Z]{2}(-\d{4})?$/, '类别编码格式不正确') })
  .strict();

export const timeLimitSchema = z
  .object({
    amount: z
      .number({ required_error: '请填写时限', invalid_type_error: '时限应为数字' })
      .int('时限应为整数')
      .min(1, '时限至少为 1'),
    unit: z.enum(['hours', 'days'], { errorMap: () => ({ message: '时限单位应为工作小时或工作日' }) }),
  })
  .strict();

const optionSchema = z
  .object({
    value: z
      .string({ required_error: '请填写选项值' })
      .trim()
      .regex(/^[a-z0-9_]{1,32}$/, '选项值只能用小写字母、数字和下划线'),
    label: z.string({ required_error: '请填写选项文字' }).trim().min(1, '请填写选项文字').max(CategoryLimits.optionLabelMax, `选项文字最多 ${CategoryLimits.optionLabelMax} 个字`),
  })
  .strict();

export const categoryQuestionSchema = z
  .object({
    key: z.string({ required_error: '请填写问题标识' }).trim().regex(QUESTION_KEY_PATTERN, '问题标识只能用小写字母开头的字母、数字和下划线'),
    label: z.string({ required_error: '请填写问题' }).trim().min(1, '请填写问题').max(CategoryLimits.questionLabelMax, `问题最多 ${CategoryLimits.questionLabelMax} 个字`),
    kind: z.enum(['text', 'number', 'single', 'multiple'], { errorMap: () => ({ message: '请选择问题类型' }) }),
    required: z.boolean({ required_error: '请选择是否必答', invalid_type_error: '请选择是否必答' }),
    options: z.array(optionSchema).max(CategoryLimits.optionsMax, `最多 ${CategoryLimits.optionsMax} 个选项`).optional(),
    min: z.number({ invalid_type_error: '应为数字' }).finite().optional(),
    max: z.number({ invalid_type_error: '应为数字' }).finite().optional(),
    hint: z.string().trim().max(CategoryLimits.hintMax, `提示最多 ${CategoryLimits.hintMax} 个字`).optional(),
  })
  .strict();

const departmentSchema = z.enum(DEPARTMENT_CODES as [DepartmentCode, ...DepartmentCode[]], { errorMap: () => ({ message: '不是已知的职能部门' }) });

/** The editable fields of a minor category (everything but code and major). */
const minorFields = {
  name: name('小类名称'),
  description: z.string({ invalid_type_error: '说明应为文字' }).trim().max(CategoryLimits.descriptionMax, `说明最多 ${CategoryLimits.descriptionMax} 个字`),
  keywords: z
    .array(z.string().trim().min(1, '关键词不能为空').max(CategoryLimits.keywordMax, `关键词最多 ${CategoryLimits.keywordMax} 个字`))
    .max(CategoryLimits.keywordsMax, `最多 ${CategoryLimits.keywordsMax} 个关键词`),
  departments: z
    .array(departmentSchema, { required_error: '请选择责任部门', invalid_type_error: '请选择责任部门' })
    .min(1, '至少选择 1 个责任部门')
    .max(CategoryLimits.departmentsMax, `最多 ${CategoryLimits.departmentsMax} 个责任部门`),
  onSpotFixable: z.boolean({ required_error: '请选择能否当场处置', invalid_type_error: '请选择能否当场处置' }),
  fileLimit: timeLimitSchema,
  handleLimit: timeLimitSchema,
  evidence: z
    .object({
      minPhotos: z.number({ invalid_type_error: '应为数字' }).int('应为整数').min(0, '不能小于 0').max(CategoryLimits.photosMax, `不能大于 ${CategoryLimits.photosMax}`),
      maxPhotos: z.number({ invalid_type_error: '应为数字' }).int('应为整数').min(1, '至少允许 1 张照片').max(CategoryLimits.photosMax, `不能大于 ${CategoryLimits.photosMax}`),
    })
    .strict(),
  sensitive: z.boolean({ required_error: '请选择是否敏感', invalid_type_error: '请选择是否敏感' }),
  protectedReporterSuggested: z.boolean({ invalid_type_error: '请选择是否建议保护举报人' }),
  duplicateRadiusMeters: z
    .number({ required_error: '请填写查重半径', invalid_type_error: '查重半径应为数字' })
    .int('查重半径应为整数')
    .min(CategoryLimits.radiusMin, `查重半径至少 ${CategoryLimits.radiusMin} 米`)
    .max(CategoryLimits.radiusMax, `查重半径最多 ${CategoryLimits.radiusMax} 米`),
  duplicateWindowHours: z
    .number({ required_error: '请填写查重时间窗', invalid_type_error: '查重时间窗应为数字' })
    .int('查重时间窗应为整数')
    .min(1, '查重时间窗至少 1 小时')
    .max(CategoryLimits.windowMax, `查重时间窗最多 ${CategoryLimits.windowMax} 小时`),
  questions: z.array(categoryQuestionSchema).max(CategoryLimits.questionsMax, `最多 ${CategoryLimits.questionsMax} 个问题`),
  active: z.boolean({ invalid_type_error: '请选择是否启用' }),
};

function refineMinor(def: z.infer<typeof minorCategoryDefinitionSchemaBase>, ctx: z.RefinementCtx): void {
  for (const [path, message] of Object.entries(validateMinorDefinition(def as never))) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) });
  }
}

const minorCategoryDefinitionSchemaBase = z
  .object({ code: minorCodeSchema, majorCode: majorCodeSchema, ...minorFields })
  .strict();

/** A complete minor category definition (the built-in catalogue is checked against it by a test). */
export const minorCategoryDefinitionSchema = minorCategoryDefinitionSchemaBase.superRefine(refineMinor);

export const majorCategoryDefinitionSchema = z
  .object({
    code: majorCodeSchema,
    name: name('大类名称'),
    domain: z.string({ required_error: '请填写所属领域' }).trim().min(1, '请填写所属领域').max(20, '所属领域最多 20 个字'),
    active: z.boolean({ invalid_type_error: '请选择是否启用' }),
  })
  .strict();

/** POST /admin/categories: a new major or minor category (its first version). */
export const createCategorySchema = z.discriminatedUnion(
  'kind',
  [
    majorCategoryDefinitionSchema.extend({ kind: z.literal('major'), active: z.boolean().default(true) }).strict(),
    minorCategoryDefinitionSchemaBase
      .extend({
        kind: z.literal('minor'),
        description: minorFields.description.default(''),
        keywords: minorFields.keywords.default([]),
        protectedReporterSuggested: minorFields.protectedReporterSuggested.default(false),
        questions: minorFields.questions.default([]),
        active: z.boolean().default(true),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: '请选择新建大类还是小类' }) },
).superRefine((v, ctx) => {
  if (v.kind === 'minor') refineMinor(v as never, ctx);
});
export type CreateCategoryInput = z.infer<typeof createCategorySchema>;

/**
 * PATCH /admin/categories/:code: the fields to change (a major: name, domain, active; a minor: any
 * editable field), the `version` the editor started from (optimistic lock), and an optional note kept
 * in the history. The server merges the change into the current definition and validates the result.
 */
export const updateCategorySchema = z
  .object({
    version: z.number({ required_error: '缺少版本号', invalid_type_error: '版本号应为数字' }).int('版本号应为整数').positive('版本号应为正数'),
    note: z.string().trim().max(CategoryLimits.noteMax, `修改说明最多 ${CategoryLimits.noteMax} 个字`).optional(),
    domain: majorCategoryDefinitionSchema.shape.domain.optional(),
    ...Object.fromEntries(Object.entries(minorFields).map(([k, s]) => [k, (s as z.ZodTypeAny).optional()])),
    name: name('名称').optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).some((k) => k !== 'version' && k !== 'note'), { message: '没有要修改的内容', path: ['_'] });

/** The typed shape of an update (the object above is built from the minor fields, so spelled out). */
export interface UpdateCategoryInput {
  version: number;
  note?: string;
  name?: string;
  domain?: string;
  description?: string;
  keywords?: string[];
  departments?: DepartmentCode[];
  onSpotFixable?: boolean;
  fileLimit?: z.infer<typeof timeLimitSchema>;
  handleLimit?: z.infer<typeof timeLimitSchema>;
  evidence?: { minPhotos: number; maxPhotos: number };
  sensitive?: boolean;
  protectedReporterSuggested?: boolean;
  duplicateRadiusMeters?: number;
  duplicateWindowHours?: number;
  questions?: z.infer<typeof categoryQuestionSchema>[];
  active?: boolean;
}

/** GET /categories: optional keyword (name, synonyms, code; no pinyin) and major. */
export const categoryListQuerySchema = z
  .object({
    q: z.string().trim().max(30, '关键词最多 30 个字').optional(),
    major: majorCodeSchema.optional(),
  })
  .strict();
export type CategoryListQuery = z.infer<typeof categoryListQuerySchema>;

/** GET /admin/categories: keyword, kind, and whether inactive entries are listed (default yes). */
export const adminCategoryQuerySchema = z
  .object({
    q: z.string().trim().max(30, '关键词最多 30 个字').optional(),
    kind: z.enum(['major', 'minor'], { errorMap: () => ({ message: '类型应为大类或小类' }) }).optional(),
    major: majorCodeSchema.optional(),
    active: z.enum(['true', 'false'], { errorMap: () => ({ message: '应为 true 或 false' }) }).optional(),
  })
  .strict();
export type AdminCategoryQuery = z.infer<typeof adminCategoryQuerySchema>;
