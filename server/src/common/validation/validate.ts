import type { z } from 'zod';
import { ErrorCode, safeParseZh } from '@linli/shared';
import { AppError } from '../errors/app.error';

/**
 * Parses input with a shared schema (the same one the client form uses). Failure throws
 * VALIDATION_FAILED with a Chinese message per field; the top-level message names the first field.
 */
export function validate<T extends z.ZodTypeAny>(schema: T, data: unknown): z.infer<T> {
  const result = safeParseZh(schema, data ?? {});
  if (result.success) return result.data;
  const [field, message] = Object.entries(result.fields)[0] ?? ['_', undefined];
  throw new AppError(ErrorCode.ValidationFailed, {
    message: message ? (field === '_' ? message : `${field}: ${message}`) : undefined,
    fields: result.fields,
  });
}
