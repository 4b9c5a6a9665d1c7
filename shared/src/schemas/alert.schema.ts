import { z } from 'zod';
import {
  ALERT_SEVERITIES,
  ALERT_TYPES,
  AlertLimits,
  GROUP_JOIN_VIAS,
  GROUP_MEMBER_ROLES,
  GROUP_MEMBER_STATUSES,
  JOINABLE_MEMBER_KINDS,
  REACH_FILTERS,
  TIP_KINDS,
  TIP_STATUSES,
  type GroupMemberKind,
} from '../constants/alert';
import { alertNeedsCaseNumber, isInviteCode, normalizeInviteCode, TIP_TICKET_DEFAULT_CATEGORY } from '../domain/alert';
import { idSchema } from './common';

/**
 * Forms and queries of neighbourhood groups, police alerts and tips. The mini-program validates its
 * forms with these same schemas, so both sides show the same Chinese messages.
 */

const cursorSchema = z.string().trim().regex(/^\d{1,12}$/, '分页参数无效');
const limitSchema = z.coerce.number().int().min(1, '每页至少 1 条').max(AlertLimits.listPageMax, `每页最多 ${AlertLimits.listPageMax} 条`);
/** An idempotency key chosen by the client (a retried submit returns the first result). */
const clientKeySchema = z.string().trim().regex(/^[A-Za-z0-9_-]{8,64}$/, '提交标识无效');

const text = (label: string, max: number, min = 1) =>
  z
    .string({ required_error: `请填写${label}`, invalid_type_error: `请填写${label}` })
    .trim()
    .min(min, min > 1 ? `${label}至少 ${min} 个字` : `请填写${label}`)
    .max(max, `${label}最多 ${max} 个字`);

const inviteCodeSchema = z
  .string({ required_error: '请输入邀请码', invalid_type_error: '请输入邀请码' })
  .transform(normalizeInviteCode)
  .refine(isInviteCode, `邀请码是 ${AlertLimits.inviteCodeLength} 位字母或数字`);

/** A place: a name (address or landmark), optionally with gcj02 coordinates. */
export const alertPlaceSchema = z
  .object({
    name: text('地点', AlertLimits.placeNameMax),
    lat: z.number({ invalid_type_error: '纬度应为数字' }).min(-90, '纬度无效').max(90, '纬度无效').optional(),
    lng: z.number({ invalid_type_error: '经度应为数字' }).min(-180, '经度无效').max(180, '经度无效').optional(),
  })
  .strict()
  .refine((p) => (p.lat === undefined) === (p.lng === undefined), { message: '经纬度需要同时提供', path: ['lat'] });
export type AlertPlaceInput = z.infer<typeof alertPlaceSchema>;

// ---------------------------------------------------------------- groups

export const createGroupSchema = z
  .object({
    name: text('群名称', AlertLimits.groupNameMax, 2),
    description: z.string().trim().max(AlertLimits.groupDescriptionMax, `群简介最多 ${AlertLimits.groupDescriptionMax} 个字`).optional(),
    unitId: idSchema,
  })
  .strict();
export type CreateGroupInput = z.infer<typeof createGroupSchema>;

export const updateGroupSchema = z
  .object({
    name: text('群名称', AlertLimits.groupNameMax, 2).optional(),
    description: z.string().trim().max(AlertLimits.groupDescriptionMax, `群简介最多 ${AlertLimits.groupDescriptionMax} 个字`).optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: '没有要修改的内容', path: ['name'] });
export type UpdateGroupInput = z.infer<typeof updateGroupSchema>;

export const inviteCodeParamSchema = z.object({ code: inviteCodeSchema });

export const joinGroupSchema = z
  .object({
    code: inviteCodeSchema,
    via: z.enum(GROUP_JOIN_VIAS, { errorMap: () => ({ message: '加入方式无效' }) }).refine((v) => v !== 'created', '加入方式无效').default('invite_code'),
    kind: z.enum(JOINABLE_MEMBER_KINDS as [GroupMemberKind, ...GroupMemberKind[]], { errorMap: () => ({ message: '请选择您的身份' }) }),
    /** Where the member lives or works (a grid or community inside the group's unit); default: the group's unit. */
    unitId: idSchema.optional(),
    note: z.string().trim().max(AlertLimits.joinNoteMax, `申请说明最多 ${AlertLimits.joinNoteMax} 个字`).optional(),
  })
  .strict();
export type JoinGroupInput = z.infer<typeof joinGroupSchema>;

export const groupMemberParamsSchema = z.object({ id: idSchema, userId: idSchema });

export const reviewMemberSchema = z
  .object({
    approve: z.boolean({ required_error: '请选择通过或拒绝', invalid_type_error: '请选择通过或拒绝' }),
    reason: z.string().trim().max(100, '理由最多 100 个字').optional(),
  })
  .strict();
export type ReviewMemberInput = z.infer<typeof reviewMemberSchema>;

export const changeMemberRoleSchema = z
  .object({ role: z.enum(GROUP_MEMBER_ROLES, { errorMap: () => ({ message: '请选择角色' }) }) })
  .strict();
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

export const removeMemberSchema = z.object({ reason: text('移出理由', 100, 2) }).strict();
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;

export const groupMembersQuerySchema = z
  .object({
    status: z.enum(GROUP_MEMBER_STATUSES, { errorMap: () => ({ message: '不是可选的状态' }) }).optional(),
    cursor: cursorSchema.optional(),
    limit: limitSchema.optional(),
  })
  .strict();
export type GroupMembersQuery = z.infer<typeof groupMembersQuerySchema>;

/**
 * What `Taro.getGroupEnterInfo` gives a page opened from a share card in a WeChat group, with a fresh
 * `Taro.login` code: the server decrypts the group id (opengid) with that login's session key.
 */
export const wechatGroupContextSchema = z
  .object({
    loginCode: z.string({ required_error: '缺少微信登录凭证' }).trim().min(1, '缺少微信登录凭证').max(128, '微信登录凭证无效'),
    encryptedData: z.string({ required_error: '缺少群信息' }).trim().min(16, '群信息无效').max(4096, '群信息无效'),
    iv: z.string({ required_error: '缺少群信息' }).trim().min(16, '群信息无效').max(64, '群信息无效'),
  })
  .strict();
export type WechatGroupContextInput = z.infer<typeof wechatGroupContextSchema>;

// ---------------------------------------------------------------- alerts

export const alertPhotoSchema = z.object({ mediaId: idSchema, suspect: z.boolean().default(false) }).strict();

const caseNumberSchema = z
  .string()
  .trim()
  .regex(
    new RegExp(`^[A-Za-z0-9-]{${AlertLimits.caseNumberMin},${AlertLimits.caseNumberMax}}$`),
    `案件编号为 ${AlertLimits.caseNumberMin}-${AlertLimits.caseNumberMax} 位字母、数字或短横线`,
  );

export const createAlertSchema = z
  .object({
    groupIds: z.array(idSchema).max(AlertLimits.maxGroupTargets, `最多选择 ${AlertLimits.maxGroupTargets} 个群`).default([]),
    areaUnitIds: z.array(idSchema).max(AlertLimits.maxAreaTargets, `最多选择 ${AlertLimits.maxAreaTargets} 个区域`).default([]),
    type: z.enum(ALERT_TYPES, { errorMap: () => ({ message: '请选择警情类型' }) }),
    severity: z.enum(ALERT_SEVERITIES, { errorMap: () => ({ message: '请选择紧急程度' }) }),
    title: text('标题', AlertLimits.titleMax, 4),
    body: text('警情内容', AlertLimits.bodyMax, 10),
    photos: z.array(alertPhotoSchema).max(AlertLimits.maxPhotos, `最多 ${AlertLimits.maxPhotos} 张照片`).default([]),
    caseNumber: z.union([caseNumberSchema, z.literal('')]).optional(),
    expiresAt: z
      .string({ required_error: '请设定截止时间（警情必须有有效期）', invalid_type_error: '请设定截止时间（警情必须有有效期）' })
      .datetime({ offset: true, message: '截止时间格式不正确' }),
    place: alertPlaceSchema.optional(),
    clientKey: clientKeySchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.groupIds.length + v.areaUnitIds.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: '请至少选择一个群或区域', path: ['groupIds'] });
    }
    if (new Set(v.photos.map((p) => p.mediaId)).size !== v.photos.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: '同一张照片只能添加一次', path: ['photos'] });
    }
    if (alertNeedsCaseNumber(v.photos) && !v.caseNumber) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: '照片中有嫌疑人时必须填写案件编号', path: ['caseNumber'] });
    }
  });
export type CreateAlertInput = z.infer<typeof createAlertSchema>;

export const withdrawAlertSchema = z.object({ reason: text('撤回理由', AlertLimits.withdrawReasonMax, 2) }).strict();
export type WithdrawAlertInput = z.infer<typeof withdrawAlertSchema>;

export const alertFeedQuerySchema = z.object({ cursor: cursorSchema.optional(), limit: limitSchema.optional() }).strict();
export type AlertFeedQuery = z.infer<typeof alertFeedQuerySchema>;

export const alertRecipientsQuerySchema = z
  .object({
    filter: z.enum(REACH_FILTERS, { errorMap: () => ({ message: '不是可选的筛选' }) }).default('unacknowledged'),
    cursor: cursorSchema.optional(),
    limit: limitSchema.optional(),
  })
  .strict();
export type AlertRecipientsQuery = z.infer<typeof alertRecipientsQuerySchema>;

// ---------------------------------------------------------------- tips

export const createTipSchema = z
  .object({
    alertId: idSchema.optional(),
    groupId: idSchema.optional(),
    kind: z.enum(TIP_KINDS, { errorMap: () => ({ message: '请选择线索或提问' }) }).default('tip'),
    text: text('内容', AlertLimits.tipTextMax, 2),
    photoIds: z.array(idSchema).max(AlertLimits.maxPhotos, `最多 ${AlertLimits.maxPhotos} 张照片`).default([]),
    place: alertPlaceSchema.optional(),
    clientKey: clientKeySchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.alertId === undefined && v.groupId === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: '请从警情或邻里群发送', path: ['groupId'] });
    if (new Set(v.photoIds).size !== v.photoIds.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: '同一张照片只能添加一次', path: ['photoIds'] });
  });
export type CreateTipInput = z.infer<typeof createTipSchema>;

export const tipListQuerySchema = z
  .object({
    groupId: idSchema.optional(),
    status: z.enum(TIP_STATUSES, { errorMap: () => ({ message: '不是可选的状态' }) }).optional(),
    cursor: cursorSchema.optional(),
    limit: limitSchema.optional(),
  })
  .strict();
export type TipListQuery = z.infer<typeof tipListQuerySchema>;

export const replyTipSchema = z
  .object({
    text: text('回复', AlertLimits.tipReplyMax, 2),
    /** Publish the question and this answer on the alert for every member (questions on an alert only). */
    publish: z.boolean({ invalid_type_error: '请选择是否公开' }).default(false),
  })
  .strict();
export type ReplyTipInput = z.infer<typeof replyTipSchema>;

export const tipActionSchema = z.object({ note: z.string().trim().max(200, '备注最多 200 个字').optional() }).strict();
export type TipActionInput = z.infer<typeof tipActionSchema>;

/**
 * Turning a tip into a ticket: the category (治安线索 by default) with its answers, and where the problem
 * is when the tip has no coordinates. The ticket follows nobody: the tip's author stays known to the
 * police only.
 */
export const tipToTicketSchema = z
  .object({
    categoryCode: z
      .string({ invalid_type_error: '请选择问题类别' })
      .trim()
      .regex(/^[A-Z]{2}-\d{4}$/, '请选择问题类别')
      .default(TIP_TICKET_DEFAULT_CATEGORY),
    answers: z.record(z.union([z.string().max(500), z.number(), z.array(z.string().max(100)).max(20)])).optional(),
    location: z
      .object({
        lat: z.number({ required_error: '请选择位置', invalid_type_error: '纬度应为数字' }).min(-90, '纬度无效').max(90, '纬度无效'),
        lng: z.number({ required_error: '请选择位置', invalid_type_error: '经度应为数字' }).min(-180, '经度无效').max(180, '经度无效'),
        address: z.string().trim().max(AlertLimits.placeNameMax, `地址最多 ${AlertLimits.placeNameMax} 个字`).optional(),
      })
      .strict()
      .optional(),
    note: z.string().trim().max(200, '备注最多 200 个字').optional(),
  })
  .strict();
export type TipToTicketInput = z.infer<typeof tipToTicketSchema>;
