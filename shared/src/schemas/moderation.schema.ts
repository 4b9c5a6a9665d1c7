import { z } from 'zod';
import { MODERATION_CONTENT_TYPES, MODERATION_STATUSES, REPORT_REASONS } from '../constants/moderation';
import { idSchema } from './common';

/** 举报: what is reported, why, and optionally a few words. */
export const createContentReportSchema = z
  .object({
    targetType: z.enum(MODERATION_CONTENT_TYPES, { errorMap: () => ({ message: '不支持举报此类内容' }) }),
    targetId: idSchema,
    reason: z.enum(REPORT_REASONS, { errorMap: () => ({ message: '请选择举报原因' }) }),
    note: z.string().trim().max(200, '补充说明最多 200 个字').optional(),
  })
  .strict();
export type CreateContentReportInput = z.infer<typeof createContentReportSchema>;

/** The moderation queue: pending first; optionally one status only. */
export const moderationQueueQuerySchema = z
  .object({
    status: z.enum(MODERATION_STATUSES, { errorMap: () => ({ message: '不是可选的状态' }) }).optional(),
  })
  .strict();
export type ModerationQueueQuery = z.infer<typeof moderationQueueQuerySchema>;

/** Hide or restore: a reason is required; `version` (from the queue) makes a stale action a 409. */
export const moderationActionSchema = z
  .object({
    reason: z
      .string({ required_error: '请填写处理理由', invalid_type_error: '请填写处理理由' })
      .trim()
      .min(2, '请填写处理理由（至少 2 个字）')
      .max(200, '处理理由最多 200 个字'),
    version: z.number({ invalid_type_error: '版本号应为数字' }).int().positive().optional(),
  })
  .strict();
export type ModerationActionInput = z.infer<typeof moderationActionSchema>;

const dateLike = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, '日期格式应为 YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00+08:00` : v)), '日期无效');

/**
 * Audit log filters. `from`/`to` are dates (YYYY-MM-DD, Beijing time, `to` inclusive) or ISO times.
 * `cursor` is the opaque value from the previous page.
 */
export const auditLogQuerySchema = z
  .object({
    action: z.string().trim().max(64, '操作类型太长').optional(),
    actorId: idSchema.optional(),
    from: dateLike.optional(),
    to: dateLike.optional(),
    cursor: z.string().trim().regex(/^\d{1,12}$/, '分页参数无效').optional(),
    limit: z.coerce.number().int().min(1, '每页至少 1 条').max(100, '每页最多 100 条').optional(),
  })
  .strict();
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

/** Parses an audit filter date: a bare date is Beijing midnight (start of day, or end of day for `to`). */
export function parseAuditDate(value: string, endOfDay: boolean): Date {
  if (value.length === 10) return new Date(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}+08:00`);
  return new Date(value);
}
