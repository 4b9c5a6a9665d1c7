import { z } from 'zod';
import { REQUESTABLE_ROLES, Role } from '../constants/roles';
import { DEPARTMENT_CODES, DepartmentCode } from '../constants/departments';
import { idSchema } from './common';

/** `Taro.login` gives a code valid for 5 minutes, usable once. */
export const wechatLoginSchema = z
  .object({
    code: z.string({ required_error: '缺少微信登录凭证' }).trim().min(1, '缺少微信登录凭证').max(128, '微信登录凭证格式不正确'),
  })
  .strict();
export type WechatLoginInput = z.infer<typeof wechatLoginSchema>;

/** Demo sign-in (H5, demo mode only): the key of one seeded account. */
export const demoLoginSchema = z
  .object({ account: z.string({ required_error: '请选择演示账号' }).min(1, '请选择演示账号').max(40) })
  .strict();
export type DemoLoginInput = z.infer<typeof demoLoginSchema>;

export const updateProfileSchema = z
  .object({
    nickname: z
      .string()
      .trim()
      .min(1, '昵称不能为空')
      .max(20, '昵称最多 20 个字')
      .optional(),
    avatarUrl: z
      .string()
      .trim()
      .max(500, '头像地址太长')
      .regex(/^(https?:\/\/|wxfile:\/\/|\/)/, '头像地址格式不正确')
      .optional(),
  })
  .strict()
  .refine((v) => v.nickname !== undefined || v.avatarUrl !== undefined, { message: '没有要修改的内容', path: ['_'] });
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

/** The code from `<Button openType="getPhoneNumber">` (a different code from the login one). */
export const bindPhoneSchema = z
  .object({ code: z.string({ required_error: '缺少手机号授权凭证' }).trim().min(1, '缺少手机号授权凭证').max(128) })
  .strict();
export type BindPhoneInput = z.infer<typeof bindPhoneSchema>;

export const createRoleRequestSchema = z
  .object({
    role: z.enum(REQUESTABLE_ROLES as [Role, ...Role[]], {
      errorMap: () => ({ message: '请选择要申请的身份' }),
    }),
    unitId: idSchema,
    reason: z.string().trim().min(2, '请简要说明申请理由（至少 2 个字）').max(200, '申请理由最多 200 个字'),
    /** The department of a department_handler (required for that role, refused for the others). */
    department: z.enum(DEPARTMENT_CODES as [DepartmentCode, ...DepartmentCode[]], { errorMap: () => ({ message: '请选择所在的职能部门' }) }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === Role.DepartmentHandler && !v.department) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['department'], message: '请选择所在的职能部门' });
    if (v.role !== Role.DepartmentHandler && v.department) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['department'], message: '只有职能部门身份需要选择部门' });
  });
export type CreateRoleRequestInput = z.infer<typeof createRoleRequestSchema>;

export const reviewRoleRequestSchema = z
  .object({
    approve: z.boolean({ required_error: '请选择通过或驳回', invalid_type_error: '请选择通过或驳回' }),
    note: z.string().trim().max(200, '说明最多 200 个字').optional(),
  })
  .strict()
  .refine((v) => v.approve || (v.note && v.note.length >= 2), { message: '驳回时请填写理由', path: ['note'] });
export type ReviewRoleRequestInput = z.infer<typeof reviewRoleRequestSchema>;

export const deleteAccountSchema = z
  .object({ confirm: z.literal('注销', { errorMap: () => ({ message: '请输入“注销”确认' }) }) })
  .strict();
export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;
