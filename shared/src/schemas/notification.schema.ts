import { z } from 'zod';
import { NotificationLimits, SUBSCRIBE_RESULTS } from '../constants/notification';

/** GET /notifications: keyset pages, newest first. */
export const notificationListQuerySchema = z
  .object({
    /** The `nextCursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^[1-9]\d{0,15}$/, '分页参数不正确')
      .optional(),
    limit: z.coerce
      .number({ invalid_type_error: '每页条数应为数字' })
      .int('每页条数应为整数')
      .min(1, '每页至少 1 条')
      .max(NotificationLimits.pageSizeMax, `每页最多 ${NotificationLimits.pageSizeMax} 条`)
      .default(NotificationLimits.pageSizeDefault),
  })
  .strict();
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

/**
 * POST /notifications/subscriptions: what `wx.requestSubscribeMessage` answered, per template id
 * (accept / reject / ban / filtered), and whether the user's main switch is on (false after errCode 20004).
 */
export const reportSubscriptionsSchema = z
  .object({
    results: z
      .record(
        z.string().min(1, '模板编号不能为空').max(64, '模板编号太长'),
        z.enum(SUBSCRIBE_RESULTS, { errorMap: () => ({ message: '订阅结果应为 accept、reject、ban 或 filtered' }) }),
      )
      .default({}),
    mainSwitch: z.boolean({ invalid_type_error: '总开关状态应为 true 或 false' }).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v.results).length > 0 || v.mainSwitch !== undefined, { message: '没有要记录的订阅结果', path: ['results'] })
  .refine((v) => Object.keys(v.results).length <= 10, { message: '一次最多记录 10 个模板', path: ['results'] });
export type ReportSubscriptionsInput = z.infer<typeof reportSubscriptionsSchema>;
