import { Catch, MidwayHttpError } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { ApiErrorBody, ErrorCode, ErrorMessageZh, ErrorStatus } from '@linli/shared';
import { AppError } from '../errors/app.error';

/**
 * The single error filter: every failure leaves as `{ ok: false, error, message, fields?, data? }`.
 * Unknown errors are logged with the request id and answered as a bare INTERNAL_ERROR, never echoing
 * the underlying message (it may hold SQL or personal data).
 */
@Catch()
export class AllErrorFilter {
  async catch(err: Error & { status?: number; type?: string; code?: string }, ctx: Context) {
    const body = toBody(err);
    if (body.error === ErrorCode.InternalError) {
      ctx.logger.error('[linli] unhandled error on %s %s: %s', ctx.method, ctx.path, err.stack ?? err);
    }
    ctx.status = ErrorStatus[body.error];
    if (body.error === ErrorCode.RateLimited && body.data?.retryAfterSeconds) {
      ctx.set('Retry-After', String(body.data.retryAfterSeconds));
    }
    ctx.type = 'application/json';
    return body;
  }
}

function toBody(err: Error & { status?: number; type?: string }): ApiErrorBody {
  if (err instanceof AppError) {
    return { ok: false, error: err.code, message: err.message, fields: err.fields, data: err.data };
  }
  const status = err.status ?? (err instanceof MidwayHttpError ? err.status : 500);
  // koa-bodyparser / raw-body errors
  if (status === 413 || err.type === 'entity.too.large') return plain(ErrorCode.PayloadTooLarge);
  if (status === 400 && (err.type === 'entity.parse.failed' || /JSON/i.test(err.message))) {
    return { ok: false, error: ErrorCode.ValidationFailed, message: '请求体不是有效的 JSON', fields: { _: '请求体不是有效的 JSON' } };
  }
  if (status === 404) return plain(ErrorCode.NotFound);
  if (status === 405) return plain(ErrorCode.NotFound);
  if (status === 415) return { ok: false, error: ErrorCode.ValidationFailed, message: '不支持的内容类型' };
  return plain(ErrorCode.InternalError);
}

const plain = (code: ErrorCode): ApiErrorBody => ({ ok: false, error: code, message: ErrorMessageZh[code] });
