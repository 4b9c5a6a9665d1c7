import { z } from 'zod';
import {
  FIGURES_GROUP_BY,
  IDEMPOTENCY_KEY_PATTERN,
  LOCATION_MODES,
  REFUSAL_REASONS,
  STAFF_ENTRY_SOURCES,
  RESIDENT_REPORT_SOURCES,
  TICKET_LEVELS,
  TICKET_SOURCES,
  TICKET_STATUSES,
  TICKET_STATUS_GROUPS,
  TicketLimits as L,
} from '../constants/ticket';
import { isDepartmentCode } from '../constants/departments';
import type { DepartmentCode } from '../constants/departments';
import { idSchema } from './common';

/*
 * Ticket request schemas (issue 4). The same schema validates the client's form and the API body.
 * Messages are Chinese; field paths are what `zodFieldErrors` reports.
 */

export const idempotencyKeySchema = z
  .string({ required_error: '缺少提交标识', invalid_type_error: '提交标识格式不正确' })
  .regex(IDEMPOTENCY_KEY_PATTERN, '提交标识应为 8-64 位字母、数字、- 或 _');

export const categoryCodeSchema = z
  .string({ required_error: '请选择问题类别', invalid_type_error: '请选择问题类别' })
  .trim()
  .regex(/^[A-Za-z0-9-]{2,16}$/, '问题类别不正确');

export const departmentCodeSchema = z
  .string({ required_error: '请选择部门', invalid_type_error: '请选择部门' })
  .refine((v): v is DepartmentCode => isDepartmentCode(v), '不是可选的部门') as unknown as z.ZodType<DepartmentCode, z.ZodTypeDef, string>;

const uniqueIds = (ids: number[]) => new Set(ids).size === ids.length;

/** Photo ids (uploaded first through POST /api/media with purpose `ticket`), no repeats. */
export function photoIdsSchema(min: number, max: number) {
  return z
    .array(idSchema, { invalid_type_error: '照片格式不正确', required_error: min > 0 ? `请至少上传 ${min} 张照片` : '照片格式不正确' })
    .min(min, `请至少上传 ${min} 张照片`)
    .max(max, `最多上传 ${max} 张照片`)
    .refine(uniqueIds, '照片重复了');
}

const description = z
  .string({ required_error: '请描述问题', invalid_type_error: '请描述问题' })
  .trim()
  .min(L.descriptionMin, `请把问题描述清楚（至少 ${L.descriptionMin} 个字）`)
  .max(L.descriptionMax, `问题描述最多 ${L.descriptionMax} 个字`);

const note = z.string({ invalid_type_error: '说明格式不正确' }).trim().max(L.noteMax, `说明最多 ${L.noteMax} 个字`);

const reason = (what: string) =>
  z
    .string({ required_error: `请填写${what}`, invalid_type_error: `请填写${what}` })
    .trim()
    .min(L.reasonMin, `请填写${what}（至少 ${L.reasonMin} 个字）`)
    .max(L.reasonMax, `${what}最多 ${L.reasonMax} 个字`);

const lat = z.coerce.number({ invalid_type_error: '纬度应为数字', required_error: '缺少纬度' }).min(-90, '纬度超出范围').max(90, '纬度超出范围');
const lng = z.coerce.number({ invalid_type_error: '经度应为数字', required_error: '缺少经度' }).min(-180, '经度超出范围').max(180, '经度超出范围');

/**
 * Where the problem is: the current position (`gps`) or a point picked on the map (`map`), both with
 * coordinates; or a typed address (`address`) with the grid picked in the unit picker (no geocoding: the
 * grid routes the ticket, the address tells the handler where to go).
 */
export const ticketLocationSchema = z
  .object({
    mode: z.enum(LOCATION_MODES, { errorMap: () => ({ message: '请选择位置方式' }) }),
    lat: lat.optional(),
    lng: lng.optional(),
    address: z.string({ invalid_type_error: '地址格式不正确' }).trim().max(L.addressMax, `地址最多 ${L.addressMax} 个字`).optional(),
    /** Required with mode `address`: the grid the reporter picked. */
    gridId: idSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.mode === 'address') {
      if (!v.address || v.address.length < 2) ctx.addIssue({ code: 'custom', path: ['address'], message: '请填写详细地址' });
      if (v.gridId === undefined) ctx.addIssue({ code: 'custom', path: ['gridId'], message: '请选择所在网格' });
    } else {
      if (v.lat === undefined) ctx.addIssue({ code: 'custom', path: ['lat'], message: '请选择位置' });
      if (v.lng === undefined) ctx.addIssue({ code: 'custom', path: ['lng'], message: '请选择位置' });
    }
  });
export type TicketLocationInput = z.infer<typeof ticketLocationSchema>;

/** Answers to the category's extra questions; the server checks them against the category snapshot. */
export const ticketAnswersSchema = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, '问题编号不正确'),
    z.union([
      z.string().trim().max(L.answerTextMax, `回答最多 ${L.answerTextMax} 个字`),
      z.number({ invalid_type_error: '应为数字' }).finite('应为数字'),
      z.array(z.string().trim().max(64, '选项不正确')).max(20, '选项太多'),
    ], { errorMap: () => ({ message: '回答格式不正确' }) }),
  )
  .refine((a) => Object.keys(a).length <= L.answersMax, '回答太多');

/** A building head reporting for a neighbour (with the neighbour's consent). */
export const onBehalfOfSchema = z
  .object({
    name: z
      .string({ required_error: '请填写邻居称呼', invalid_type_error: '请填写邻居称呼' })
      .trim()
      .min(1, '请填写邻居称呼')
      .max(L.onBehalfNameMax, `称呼最多 ${L.onBehalfNameMax} 个字`),
    consent: z.literal(true, { errorMap: () => ({ message: '请确认已征得邻居同意' }) }),
  })
  .strict();

/** POST /tickets: a resident's report (随手拍). A retry with the same key returns the first ticket. */
export const createTicketSchema = z
  .object({
    idempotencyKey: idempotencyKeySchema,
    categoryCode: categoryCodeSchema,
    description,
    photoIds: photoIdsSchema(L.reportPhotosMin, L.reportPhotosMax),
    location: ticketLocationSchema,
    answers: ticketAnswersSchema.default({}),
    /** Hide the reporter from the public (board, Open311). */
    anonymous: z.boolean({ invalid_type_error: '应为是或否' }).default(false),
    /** Hide the reporter from departments too (only the command centres see who reported). */
    protectedReporter: z.boolean({ invalid_type_error: '应为是或否' }).default(false),
    onBehalfOf: onBehalfOfSchema.optional(),
    /** `duty_patrol` when sent from a watch duty (轮值轮防); the server checks the reporter is on duty today. */
    source: z.enum(RESIDENT_REPORT_SOURCES, { errorMap: () => ({ message: '不是可选的来源' }) }).default('resident'),
  })
  .strict();
export type CreateTicketInput = z.infer<typeof createTicketSchema>;

/** POST /command/tickets: staff entry (hotline, video patrol, grid patrol, ...). */
export const staffCreateTicketSchema = z
  .object({
    idempotencyKey: idempotencyKeySchema,
    source: z.enum(STAFF_ENTRY_SOURCES, { errorMap: () => ({ message: '请选择案件来源' }) }),
    categoryCode: categoryCodeSchema,
    description,
    photoIds: photoIdsSchema(L.staffPhotosMin, L.reportPhotosMax).default([]),
    location: ticketLocationSchema,
    answers: ticketAnswersSchema.default({}),
    /** Hotline caller or other outside reporter, kept for the command centre only (never public). */
    contactName: z.string().trim().max(L.onBehalfNameMax, `称呼最多 ${L.onBehalfNameMax} 个字`).optional(),
    contactPhone: z
      .string()
      .trim()
      .regex(/^[0-9+\- ]{5,20}$/, '联系电话格式不正确')
      .optional(),
    /** A dispatcher entering the ticket may file it at once (the entry is then `filed`, not `reported`). */
    fileNow: z.boolean({ invalid_type_error: '应为是或否' }).default(false),
  })
  .strict();
export type StaffCreateTicketInput = z.infer<typeof staffCreateTicketSchema>;

/** Whom a dispatch sends the ticket to: the grid worker of its grid, or 1+ departments (first = lead). */
export const dispatchTargetSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('grid') }).strict(),
    z
      .object({
        kind: z.literal('departments'),
        departments: z
          .array(departmentCodeSchema, { required_error: '请选择承办部门', invalid_type_error: '请选择承办部门' })
          .min(1, '请选择承办部门')
          .max(L.dispatchDepartmentsMax, `最多选择 ${L.dispatchDepartmentsMax} 个部门`)
          .refine((d) => new Set(d).size === d.length, '部门重复了'),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: '请选择派遣对象' }) },
);
export type DispatchTarget = z.infer<typeof dispatchTargetSchema>;

const version = z
  .number({ required_error: '缺少版本号，请刷新后重试', invalid_type_error: '版本号应为数字' })
  .int('版本号应为整数')
  .nonnegative('版本号不正确');

const act = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) =>
  z.object({ action: z.literal(action), version, ...shape }).strict();

const notePhotos = photoIdsSchema(0, L.notePhotosMax);
const resultPhotos = photoIdsSchema(L.resultPhotosMin, L.reportPhotosMax);
const result = z
  .string({ required_error: '请填写处置结果', invalid_type_error: '请填写处置结果' })
  .trim()
  .min(L.resultMin, `请填写处置结果（至少 ${L.resultMin} 个字）`)
  .max(L.resultMax, `处置结果最多 ${L.resultMax} 个字`);

/**
 * POST /tickets/:id/actions: one body per action, discriminated by `action`; `version` is the ticket
 * version the client saw (a stale one answers 409 CONFLICT with the fresh ticket).
 */
export const ticketActionSchema = z.discriminatedUnion(
  'action',
  [
    act('file', { note: note.optional() }),
    act('refuse', {
      reason: z.enum(REFUSAL_REASONS, { errorMap: () => ({ message: '请选择不予受理的原因' }) }),
      note: note.optional(),
    }),
    act('cancel', { note: note.optional() }),
    act('dispatch', { target: dispatchTargetSchema, note: note.optional() }),
    act('accept', { note: note.optional() }),
    act('return', { suggestedDepartment: departmentCodeSchema, reason: reason('退回理由') }),
    act('request_extension', {
      days: z
        .number({ required_error: '请填写延期天数', invalid_type_error: '延期天数应为数字' })
        .int('延期天数应为整数')
        .min(L.extensionDaysMin, `至少延期 ${L.extensionDaysMin} 个工作日`)
        .max(L.extensionDaysMax, `最多延期 ${L.extensionDaysMax} 个工作日`),
      reason: reason('延期理由'),
    }),
    act('approve_extension', {
      /** Grant fewer working days than asked; the requested number when absent. */
      days: z
        .number({ invalid_type_error: '延期天数应为数字' })
        .int('延期天数应为整数')
        .min(L.extensionDaysMin, `至少延期 ${L.extensionDaysMin} 个工作日`)
        .max(L.extensionDaysMax, `最多延期 ${L.extensionDaysMax} 个工作日`)
        .optional(),
      note: note.optional(),
    }),
    act('deny_extension', { reason: reason('驳回理由') }),
    act('handle', { result, photoIds: resultPhotos }),
    act('self_handle', { result, photoIds: resultPhotos }),
    act('verify_pass', { note: note.optional(), photoIds: notePhotos.optional() }),
    act('verify_fail', { reason: reason('核查不通过的原因'), photoIds: notePhotos.optional() }),
    act('close', { note: note.optional() }),
    act('rate', {
      rating: z
        .number({ required_error: '请选择评分', invalid_type_error: '请选择评分' })
        .int('请选择评分')
        .min(L.ratingMin, '请选择评分')
        .max(L.ratingMax, '请选择评分'),
      comment: z.string({ invalid_type_error: '评价格式不正确' }).trim().max(L.commentMax, `评价最多 ${L.commentMax} 个字`).optional(),
    }),
    act('reopen', { reason: reason('未解决的情况'), photoIds: notePhotos.optional() }),
    act('escalate', { reason: reason('上报理由') }),
    act('supervise', { note: reason('督办意见') }),
    act('comment', {
      note: z
        .string({ required_error: '请填写说明', invalid_type_error: '请填写说明' })
        .trim()
        .min(1, '请填写说明')
        .max(L.noteMax, `说明最多 ${L.noteMax} 个字`),
      photoIds: notePhotos.optional(),
    }),
  ],
  { errorMap: (issue, ctx) => (issue.code === 'invalid_union_discriminator' ? { message: '不支持的操作' } : { message: ctx.defaultError }) },
);
export type TicketActionInput = z.infer<typeof ticketActionSchema>;
/** The body of one action, e.g. `TicketActionBody<'dispatch'>`. */
export type TicketActionBody<A extends TicketActionInput['action']> = Extract<TicketActionInput, { action: A }>;

/** POST /tickets/:id/join ("me too"). Idempotent per user. */
export const joinTicketSchema = z
  .object({
    note: note.optional(),
    photoIds: notePhotos.optional(),
  })
  .strict();
export type JoinTicketInput = z.infer<typeof joinTicketSchema>;

/** GET /tickets/similar: open tickets of the category near the point (duplicate candidates). */
export const similarTicketsQuerySchema = z
  .object({
    categoryCode: categoryCodeSchema,
    lat,
    lng,
  })
  .strict();
export type SimilarTicketsQuery = z.infer<typeof similarTicketsQuerySchema>;

/** An opaque keyset cursor from the previous page. */
export const cursorSchema = z.string({ invalid_type_error: '分页参数无效' }).trim().regex(/^[A-Za-z0-9_-]{1,200}$/, '分页参数无效');
const limit = z.coerce
  .number({ invalid_type_error: '每页条数应为数字' })
  .int('每页条数应为整数')
  .min(1, '每页至少 1 条')
  .max(L.pageSizeMax, `每页最多 ${L.pageSizeMax} 条`)
  .default(L.pageSizeDefault);

/** `true`/`false`/`1`/`0` in a query string. */
const queryBoolean = z
  .enum(['true', 'false', '1', '0'], { errorMap: () => ({ message: '应为 true 或 false' }) })
  .transform((v) => v === 'true' || v === '1');

/** One value or a comma-separated list in a query string (`status=filed,dispatched`). */
function queryList<T extends [string, ...string[]]>(values: T, message: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.enum(values, { errorMap: () => ({ message }) })).min(1, message),
  );
}

/** GET /tickets/mine: my reports and the ones I joined, newest first. */
export const myTicketsQuerySchema = z
  .object({
    group: z.enum(TICKET_STATUS_GROUPS, { errorMap: () => ({ message: '不是可选的分组' }) }).optional(),
    cursor: cursorSchema.optional(),
    limit,
  })
  .strict();
export type MyTicketsQuery = z.infer<typeof myTicketsQuerySchema>;

/**
 * The staff queues (GET /command/queue, /command/grid, /command/department, /command/district): keyset
 * pages ordered by time left (`due_at`, then id). Without `status`, open tickets only.
 */
export const ticketQueueQuerySchema = z
  .object({
    status: queryList(TICKET_STATUSES, '不是可选的状态').optional(),
    categoryCode: categoryCodeSchema.optional(),
    communityId: idSchema.optional(),
    /** Street filter for district-level users (a street dispatcher sees their street only). */
    streetId: idSchema.optional(),
    source: queryList(TICKET_SOURCES, '不是可选的来源').optional(),
    overdue: queryBoolean.optional(),
    level: z.enum(TICKET_LEVELS, { errorMap: () => ({ message: '不是可选的层级' }) }).optional(),
    /** Tickets waiting for a decision on an extension. */
    extensionPending: queryBoolean.optional(),
    cursor: cursorSchema.optional(),
    limit,
  })
  .strict();
export type TicketQueueQuery = z.infer<typeof ticketQueueQuerySchema>;

/** POST /command/bulk-dispatch: the same target for several tickets; results per ticket. */
export const bulkDispatchSchema = z
  .object({
    items: z
      .array(z.object({ id: idSchema, version }).strict(), { required_error: '请选择工单', invalid_type_error: '请选择工单' })
      .min(1, '请选择工单')
      .max(L.bulkDispatchMax, `一次最多派遣 ${L.bulkDispatchMax} 件`)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, '工单重复了'),
    target: dispatchTargetSchema,
    note: note.optional(),
  })
  .strict();
export type BulkDispatchInput = z.infer<typeof bulkDispatchSchema>;

const day = z
  .string({ required_error: '请选择日期', invalid_type_error: '日期格式应为 YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((v) => {
    const t = Date.parse(`${v}T00:00:00+08:00`);
    // Round trip, so 2026-02-30 is refused instead of rolling over into March.
    return !Number.isNaN(t) && new Date(t + 8 * 3_600_000).toISOString().slice(0, 10) === v;
  }, '日期无效');

/** Beijing midnight at the start of `yyyy-mm-dd`. */
function dayStart(dayString: string): Date {
  return new Date(`${dayString}T00:00:00.000+08:00`);
}

/**
 * The instants a figures query covers: from Beijing midnight of `from` (inclusive) to Beijing midnight
 * after `to` (exclusive).
 */
export function figuresPeriod(q: { from: string; to: string }): { start: Date; end: Date } {
  return { start: dayStart(q.from), end: new Date(dayStart(q.to).getTime() + 86_400_000) };
}

/**
 * GET /figures and /figures/export: tickets filed from `from` to `to` (Beijing days, both inclusive),
 * optionally inside one street / community, of one category or source, grouped. See docs/FIGURES.md.
 */
export const figuresQuerySchema = z
  .object({
    from: day,
    to: day,
    streetId: idSchema.optional(),
    communityId: idSchema.optional(),
    categoryCode: categoryCodeSchema.optional(),
    source: z.enum(TICKET_SOURCES, { errorMap: () => ({ message: '不是可选的来源' }) }).optional(),
    /** Lead department of the current dispatch to departments (docs/FIGURES.md). */
    department: departmentCodeSchema.optional(),
    groupBy: z.enum(FIGURES_GROUP_BY, { errorMap: () => ({ message: '不是可选的分组' }) }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const from = dayStart(v.from).getTime();
    const to = dayStart(v.to).getTime();
    if (Number.isNaN(from) || Number.isNaN(to)) return;
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    else if ((to - from) / 86_400_000 + 1 > L.figuresMaxDays)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `统计区间最长 ${L.figuresMaxDays} 天` });
  });
export type FiguresQuery = z.infer<typeof figuresQuerySchema>;

/** GET /tickets/board: public, non-sensitive tickets near a point, nearest first. */
export const ticketBoardQuerySchema = z
  .object({
    lat,
    lng,
    radius: z.coerce
      .number({ invalid_type_error: '范围应为数字' })
      .int('范围应为整数')
      .min(100, '范围至少 100 米')
      .max(L.boardRadiusMax, `范围最多 ${L.boardRadiusMax} 米`)
      .default(L.boardRadiusDefault),
    categoryCode: categoryCodeSchema.optional(),
    group: z.enum(['open', 'closed'], { errorMap: () => ({ message: '不是可选的分组' }) }).optional(),
    limit: z.coerce
      .number({ invalid_type_error: '条数应为数字' })
      .int('条数应为整数')
      .min(1, '至少 1 条')
      .max(L.boardLimitMax, `最多 ${L.boardLimitMax} 条`)
      .default(L.boardLimitDefault),
  })
  .strict();
export type TicketBoardQuery = z.infer<typeof ticketBoardQuerySchema>;

/*
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/). Field names are the standard's
 * snake_case; unknown fields are ignored (not refused) because existing clients send extras.
 */

/** GET /open311/v2/requests.json */
export const open311RequestsQuerySchema = z.object({
  /** Comma-separated ticket ids; when present, the other filters are ignored (the standard's rule). */
  service_request_id: z.string().regex(/^\d+(,\d+)*$/, 'service_request_id must be comma-separated ids').optional(),
  service_code: z.string().max(16).optional(),
  start_date: z.string().datetime({ offset: true, message: 'start_date must be ISO 8601 (w3c)' }).optional(),
  end_date: z.string().datetime({ offset: true, message: 'end_date must be ISO 8601 (w3c)' }).optional(),
  status: z.enum(['open', 'closed'], { errorMap: () => ({ message: "status must be 'open' or 'closed'" }) }).optional(),
  jurisdiction_id: z.string().max(64).optional(),
});
export type Open311RequestsQuery = z.infer<typeof open311RequestsQuerySchema>;

/** Query of the other Open311 GETs (jurisdiction_id is accepted and ignored: one jurisdiction). */
export const open311JurisdictionQuerySchema = z.object({ jurisdiction_id: z.string().max(64).optional() });

/**
 * POST /open311/v2/requests.json (form-encoded or JSON). `attribute` holds the answers to the service
 * definition (`attribute[KEY]=value`; multivalued lists as `attribute[KEY][]=a`). The api_key names the
 * submitting organisation; personal fields (email, names, phone, device id) are not stored.
 */
export const open311CreateRequestSchema = z.object({
  api_key: z.string({ required_error: 'api_key required' }).min(1, 'api_key required').max(128),
  service_code: z.string({ required_error: 'service_code required' }).min(1, 'service_code required').max(16),
  lat: z.coerce.number({ required_error: 'lat required', invalid_type_error: 'lat must be a number' }).min(-90).max(90),
  long: z.coerce.number({ required_error: 'long required', invalid_type_error: 'long must be a number' }).min(-180).max(180),
  address_string: z.string().max(L.addressMax).optional(),
  description: z.string({ required_error: 'description required' }).min(L.descriptionMin, 'description too short').max(L.descriptionMax, 'description too long'),
  media_url: z.string().url('media_url must be a URL').max(500).optional(),
  attribute: z.record(z.union([z.string().max(L.answerTextMax), z.array(z.string().max(64)).max(20)])).optional(),
  jurisdiction_id: z.string().max(64).optional(),
  email: z.string().max(200).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  phone: z.string().max(40).optional(),
});
export type Open311CreateRequestInput = z.infer<typeof open311CreateRequestSchema>;
