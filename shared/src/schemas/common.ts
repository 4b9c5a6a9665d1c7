import { z } from 'zod';

/**
 * Turns a zod error into `{ 'field.path': 'Chinese message' }`, keeping the first message per field.
 * Used by the server's error shape and by client forms, so both show the same text.
 */
export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

/** Chinese defaults for zod's generic messages; every schema below sets its own where it matters. */
export const zhErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined' || issue.received === 'null') return { message: '此项必填' };
      return { message: '格式不正确' };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return { message: `至少 ${issue.minimum} 个字` };
      if (issue.type === 'array') return { message: `至少选择 ${issue.minimum} 项` };
      return { message: `不能小于 ${issue.minimum}` };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `最多 ${issue.maximum} 个字` };
      if (issue.type === 'array') return { message: `最多 ${issue.maximum} 项` };
      return { message: `不能大于 ${issue.maximum}` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: '不是可选的值' };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `不认识的字段：${issue.keys.join('、')}` };
    case z.ZodIssueCode.invalid_string:
      return { message: '格式不正确' };
    default:
      return { message: ctx.defaultError };
  }
};

// Installed globally (not per parse): zod ranks a per-parse map above each schema's own messages, but
// a global map below them, so '缺少微信登录凭证' wins over the generic '此项必填'.
z.setErrorMap(zhErrorMap);

/**
 * Parses `data` with `schema` using the Chinese error map. Returns a tagged result instead of
 * throwing, so the server and the client can each turn failures into their own error type.
 */
export function safeParseZh<T extends z.ZodTypeAny>(
  schema: T,
  data: unknown,
): { success: true; data: z.infer<T> } | { success: false; fields: Record<string, string> } {
  const result = schema.safeParse(data);
  if (result.success) return { success: true, data: result.data };
  return { success: false, fields: zodFieldErrors(result.error) };
}

/** A positive integer id in a path or query (strings are coerced). */
export const idSchema = z.coerce.number({ invalid_type_error: '编号应为数字' }).int('编号应为整数').positive('编号应为正数');

export const idParamSchema = z.object({ id: idSchema });
