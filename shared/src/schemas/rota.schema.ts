import { z } from 'zod';
import { ALL_WEEK_MASK, CHECKIN_KINDS, EXEMPTION_REASONS, HolidayPolicy, RotaLimits } from '../constants/rota';
import { isMainlandMobile } from '../domain/phone';
import { isIsoDate, isMonday } from '../domain/rota-dates';
import { idSchema } from './common';

/**
 * Forms and query strings of the watch rotas. The same schemas validate the mini-program's forms and
 * the API; rules that need "today" or the database (dates in the past, weeks started, unknown shops)
 * are the server's, with their own error codes.
 */

const dateSchema = z
  .string({ required_error: '请选择日期', invalid_type_error: '日期格式应为 YYYY-MM-DD' })
  .trim()
  .refine(isIsoDate, '日期格式应为 YYYY-MM-DD');

const mondaySchema = dateSchema.refine(isMonday, '开始日期应为星期一');

const phoneSchema = z
  .string({ required_error: '请填写联系电话', invalid_type_error: '请填写联系电话' })
  .trim()
  .refine(isMainlandMobile, '请填写 11 位手机号');

const lngSchema = z.coerce.number({ invalid_type_error: '经度应为数字' }).min(73, '经度不在中国范围内').max(136, '经度不在中国范围内');
const latSchema = z.coerce.number({ invalid_type_error: '纬度应为数字' }).min(3, '纬度不在中国范围内').max(54, '纬度不在中国范围内');

const nameSchema = (what: string) =>
  z
    .string({ required_error: `请填写${what}`, invalid_type_error: `请填写${what}` })
    .trim()
    .min(2, `${what}至少 2 个字`)
    .max(RotaLimits.nameMax, `${what}最多 ${RotaLimits.nameMax} 个字`);

const openingDaysSchema = z
  .number({ invalid_type_error: '请选择营业日' })
  .int()
  .min(1, '至少选择一个营业日')
  .max(ALL_WEEK_MASK, '营业日无效');

const reasonSchema = z.string().trim().max(RotaLimits.reasonMax, `最多 ${RotaLimits.reasonMax} 个字`);

/** A shop registered by its owner (approved later by the community police or a community admin). */
export const registerShopSchema = z
  .object({
    name: nameSchema('店名'),
    address: z.string({ required_error: '请填写地址' }).trim().min(2, '请填写地址').max(RotaLimits.addressMax, `地址最多 ${RotaLimits.addressMax} 个字`),
    lng: lngSchema,
    lat: latSchema,
    openingDays: openingDaysSchema.default(ALL_WEEK_MASK),
    phone: phoneSchema,
    /** The owner agrees that the roster shows the full number (otherwise 138****1234). */
    phonePublic: z.boolean().default(false),
  })
  .strict();
export type RegisterShopInput = z.infer<typeof registerShopSchema>;

/** What the owner may change without a new review. */
export const updateParticipantSchema = z
  .object({
    openingDays: openingDaysSchema.optional(),
    phone: phoneSchema.optional(),
    phonePublic: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' });
export type UpdateParticipantInput = z.infer<typeof updateParticipantSchema>;

/** The owner adds a staff member by the phone number they bound in Linli. */
export const addStaffSchema = z.object({ phone: phoneSchema }).strict();
export type AddStaffInput = z.infer<typeof addStaffSchema>;

/** Approve or reject a shop, a volunteer's enrolment, a swap or an exemption. */
export const rotaReviewSchema = z
  .object({
    approve: z.boolean({ required_error: '请选择通过或不通过', invalid_type_error: '请选择通过或不通过' }),
    note: reasonSchema.optional(),
  })
  .strict()
  .refine((v) => v.approve || (v.note ?? '').length >= 2, { message: '不通过时请填写理由（至少 2 个字）', path: ['note'] });
export type RotaReviewInput = z.infer<typeof rotaReviewSchema>;

const closureSchema = z
  .object({ from: dateSchema, to: dateSchema, name: z.string().trim().max(20, '名称最多 20 个字').optional() })
  .strict()
  .refine((c) => c.from <= c.to, { message: '结束日期不能早于开始日期', path: ['to'] });

const checklistSchema = z
  .array(z.string().trim().min(2, '每项至少 2 个字').max(RotaLimits.checklistItemMax, `每项最多 ${RotaLimits.checklistItemMax} 个字`))
  .max(RotaLimits.checklistItemsMax, `最多 ${RotaLimits.checklistItemsMax} 项`);

const rotaSettings = {
  name: nameSchema('轮值名称'),
  officerPhone: phoneSchema.optional(),
  weeksAhead: z.number({ invalid_type_error: '请填写提前发布的周数' }).int().min(RotaLimits.weeksAheadMin, '至少提前 1 周发布').max(RotaLimits.weeksAheadMax, `最多提前 ${RotaLimits.weeksAheadMax} 周发布`),
  checkinsRequired: z.number({ invalid_type_error: '请填写打卡次数' }).int().min(1, '至少 1 次打卡').max(RotaLimits.checkinsRequiredMax, `最多 ${RotaLimits.checkinsRequiredMax} 次`),
  geofenceMeters: z.number({ invalid_type_error: '请填写允许的偏差' }).int().min(0, '不能小于 0').max(RotaLimits.geofenceMetersMax, `最多 ${RotaLimits.geofenceMetersMax} 米`),
  autoApprove: z.boolean(),
  holidayPolicy: z.enum([HolidayPolicy.Skip, HolidayPolicy.Keep], { errorMap: () => ({ message: '不是可选的节假日安排' }) }),
  closures: z.array(closureSchema).max(RotaLimits.closuresMax, `最多 ${RotaLimits.closuresMax} 段停班日期`),
  checklist: checklistSchema,
};

/**
 * A rota over a watch area: grids (of one community or street the officer covers), an officer, how many
 * on duty at once, a period (Monday to Sunday by default), a start date and the publishing horizon.
 */
export const createRotaSchema = z
  .object({
    ...rotaSettings,
    gridIds: z.array(idSchema, { required_error: '请选择值守区域的网格' }).min(1, '请至少选择一个网格').max(RotaLimits.gridsMax, `最多 ${RotaLimits.gridsMax} 个网格`),
    startDate: mondaySchema,
    periodWeeks: z.number().int().min(1, '至少 1 周').max(RotaLimits.periodWeeksMax, `最多 ${RotaLimits.periodWeeksMax} 周`).default(1),
    slots: z.number({ invalid_type_error: '请选择每周值守的商户数' }).int().min(RotaLimits.slotsMin, '每周至少 1 家').max(RotaLimits.slotsMax, '每周最多 2 家'),
    weeksAhead: rotaSettings.weeksAhead.default(12),
    checkinsRequired: rotaSettings.checkinsRequired.default(3),
    geofenceMeters: rotaSettings.geofenceMeters.default(100),
    autoApprove: rotaSettings.autoApprove.default(false),
    holidayPolicy: rotaSettings.holidayPolicy.default('skip'),
    closures: rotaSettings.closures.default([]),
    checklist: checklistSchema.optional(),
    /** Enrol every approved shop located in the area at once. */
    enrolAllInArea: z.boolean().default(false),
    participantIds: z.array(idSchema).max(RotaLimits.enrolMax).default([]),
  })
  .strict();
export type CreateRotaInput = z.infer<typeof createRotaSchema>;
export type CreateRotaFormInput = z.input<typeof createRotaSchema>;

/** Settings an officer changes later (they apply to weeks not yet started). `version` guards edits. */
export const updateRotaSchema = z
  .object({
    name: rotaSettings.name.optional(),
    officerPhone: rotaSettings.officerPhone,
    weeksAhead: rotaSettings.weeksAhead.optional(),
    checkinsRequired: rotaSettings.checkinsRequired.optional(),
    geofenceMeters: rotaSettings.geofenceMeters.optional(),
    autoApprove: rotaSettings.autoApprove.optional(),
    holidayPolicy: rotaSettings.holidayPolicy.optional(),
    closures: rotaSettings.closures.optional(),
    checklist: rotaSettings.checklist.optional(),
    slots: z.number().int().min(RotaLimits.slotsMin, '每周至少 1 家').max(RotaLimits.slotsMax, '每周最多 2 家').optional(),
    archived: z.boolean().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type UpdateRotaInput = z.infer<typeof updateRotaSchema>;

export const enrolMembersSchema = z
  .object({
    participantIds: z.array(idSchema).max(RotaLimits.enrolMax, `一次最多 ${RotaLimits.enrolMax} 个`).default([]),
    allInArea: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.allInArea || v.participantIds.length > 0, { message: '请选择要加入的商户', path: ['participantIds'] });
export type EnrolMembersInput = z.infer<typeof enrolMembersSchema>;

/** A shop asks to join a rota; or a resident volunteers (name and phone for the roster). */
export const joinRotaSchema = z
  .object({
    participantId: idSchema.optional(),
    volunteer: z
      .object({ name: nameSchema('称呼'), phone: phoneSchema, phonePublic: z.boolean().default(false) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => (v.participantId === undefined) !== (v.volunteer === undefined), { message: '请选择以商户身份加入，或以志愿者身份报名', path: ['participantId'] });
export type JoinRotaInput = z.infer<typeof joinRotaSchema>;

export const leaveRotaSchema = z.object({ participantId: idSchema }).strict();
export type LeaveRotaInput = z.infer<typeof leaveRotaSchema>;

export const rosterQuerySchema = z
  .object({
    from: dateSchema.optional(),
    weeks: z.coerce.number().int().min(1, '至少 1 周').max(RotaLimits.rosterWeeksMax, `最多 ${RotaLimits.rosterWeeksMax} 周`).optional(),
  })
  .strict();
export type RosterQuery = z.infer<typeof rosterQuerySchema>;

export const rotaListQuerySchema = z.object({ unitId: idSchema.optional() }).strict();
export type RotaListQuery = z.infer<typeof rotaListQuerySchema>;

/**
 * A check-in: where the phone is (GCJ-02), and the user's separate consent to this use of their
 * location (PIPL Art. 29: location tracks are sensitive personal information).
 */
export const checkinSchema = z
  .object({
    kind: z.enum(CHECKIN_KINDS, { errorMap: () => ({ message: '不是可选的打卡类型' }) }),
    lng: lngSchema,
    lat: latSchema,
    accuracy: z.number().min(0).max(100_000).optional(),
    consent: z.literal(true, { errorMap: () => ({ message: '请先同意使用位置信息进行值守打卡' }) }),
  })
  .strict();
export type CheckinInput = z.infer<typeof checkinSchema>;

export const handoverSchema = z
  .object({
    note: z
      .string({ required_error: '请填写交接内容' })
      .trim()
      .min(2, '交接内容至少 2 个字')
      .max(RotaLimits.handoverMax, `交接内容最多 ${RotaLimits.handoverMax} 个字`),
  })
  .strict();
export type HandoverInput = z.infer<typeof handoverSchema>;

/** Shop A offers its duty (the path's) for shop B's duty `targetDutyId`. */
export const requestSwapSchema = z
  .object({
    targetDutyId: idSchema,
    reason: z.string({ required_error: '请填写调换原因' }).trim().min(2, '请填写调换原因（至少 2 个字）').max(RotaLimits.reasonMax, `最多 ${RotaLimits.reasonMax} 个字`),
  })
  .strict();
export type RequestSwapInput = z.infer<typeof requestSwapSchema>;

export const respondSwapSchema = z.object({ accept: z.boolean({ required_error: '请选择同意或拒绝' }) }).strict();
export type RespondSwapInput = z.infer<typeof respondSwapSchema>;

export const requestExemptionSchema = z
  .object({
    rotaId: idSchema,
    participantId: idSchema,
    from: dateSchema,
    to: dateSchema,
    reason: z.enum(EXEMPTION_REASONS, { errorMap: () => ({ message: '请选择免值守原因' }) }),
    note: reasonSchema.optional(),
  })
  .strict()
  .refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] })
  .refine((v) => v.from > v.to || (Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`)) / 86_400_000 < 366, { message: '一次最多申请一年', path: ['to'] });
export type RequestExemptionInput = z.infer<typeof requestExemptionSchema>;
