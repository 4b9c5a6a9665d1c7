import { MidwayHttpError } from '@midwayjs/core';
import { ErrorCode, ErrorMessageZh, ErrorStatus } from '@linli/shared';

/**
 * The one error type services throw. It carries a shared ErrorCode; the HTTP status and the default
 * Chinese message come from the shared tables, so server and client always agree.
 */
export class AppError extends MidwayHttpError {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly data?: Record<string, unknown>;

  constructor(code: ErrorCode, opts: { message?: string; fields?: Record<string, string>; data?: Record<string, unknown> } = {}) {
    super(opts.message ?? ErrorMessageZh[code], ErrorStatus[code]);
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields;
    this.data = opts.data;
  }
}

/** The generic answer for a record that does not exist or that the caller may not see. */
export const notFound = () => new AppError(ErrorCode.NotFound);
export const forbidden = (message?: string) => new AppError(ErrorCode.Forbidden, { message });
