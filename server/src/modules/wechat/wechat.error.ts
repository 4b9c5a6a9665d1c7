import { ErrorCode, ErrorMessageZh } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';

/** WeChat errcodes the client reacts to (the rest are passed on as they come). */
export const WechatErrcode = {
  /** System busy: retry after a short pause. */
  Busy: -1,
  /** access_token invalid or not the latest. */
  InvalidToken: 40001,
  /** access_token expired. */
  TokenExpired: 42001,
  /** Invalid or already used code (login code or phone code). */
  InvalidCode: 40029,
  /** Too many requests (jscode2session allows 100/min per user). */
  RateLimited: 45011,
  /** High-risk user blocked by WeChat. */
  UserBlocked: 40226,
  /** Content checks: the user has not visited the mini-program recently (WeChat will not judge). */
  UserNotVisited: 61010,
  /** Subscription message: the user has no subscription left for this template (or refused it). */
  SubscribeRefused: 43101,
  /** Subscription message: a data value breaks its type's rule (errmsg names the field). */
  ArgumentInvalid: 47003,
  /** Subscription message: unknown template_id. */
  InvalidTemplateId: 40037,
  /** Invalid openid. */
  InvalidOpenid: 40003,
  /** Subscription message: page is not in the released mini-program. */
  InvalidPage: 41030,
  /** Daily API quota reached. */
  QuotaExceeded: 45009,
} as const;

/** Failure kinds: an errcode answered by WeChat, or no usable answer at all. */
export type WechatErrorKind = 'api' | 'network' | 'timeout' | 'http' | 'malformed';

/**
 * A failed call to the WeChat server API. `errcode` is WeChat's (null when WeChat did not answer with
 * one); `rid` is WeChat's request id from errmsg, the thing to quote to WeChat support. Never holds
 * secrets, tokens or session keys: errmsg is WeChat's text and path has no query string.
 */
export class WechatError extends Error {
  readonly kind: WechatErrorKind;
  readonly errcode: number | null;
  readonly errmsg: string;
  readonly rid: string | null;
  /** API path without the query string (it may carry the secret or the access token). */
  readonly path: string;

  constructor(opts: { kind: WechatErrorKind; path: string; errcode?: number | null; errmsg?: string }) {
    const errmsg = opts.errmsg ?? opts.kind;
    super(`WeChat ${opts.path} failed: ${opts.errcode ?? opts.kind} ${errmsg}`);
    this.name = 'WechatError';
    this.kind = opts.kind;
    this.path = opts.path;
    this.errcode = opts.errcode ?? null;
    this.errmsg = errmsg;
    this.rid = extractRid(errmsg);
  }

  /** True for the errcodes that mean "get a new access token and try again". */
  get isTokenError(): boolean {
    return this.errcode === WechatErrcode.InvalidToken || this.errcode === WechatErrcode.TokenExpired;
  }

  get isBusy(): boolean {
    return this.errcode === WechatErrcode.Busy;
  }
}

/** WeChat appends `rid: 6xxxxxxx-xxxxxxxx-xxxxxxxx` to errmsg; null when absent. */
export function extractRid(errmsg: string | undefined | null): string | null {
  const m = /rid:\s*([0-9a-zA-Z-]+)/.exec(errmsg ?? '');
  return m ? m[1] : null;
}

/**
 * Maps a WeChat failure to the error the user sees: a bad or reused code, WeChat's rate limit and a
 * blocked user are the user's to act on; everything else (network, timeout, busy after retries, our own
 * credentials rejected) is "WeChat is unavailable". `message` overrides the default Chinese text, e.g.
 * for a phone-number code rather than a login code.
 */
export function wechatToAppError(err: unknown, messages: Partial<Record<ErrorCode, string>> = {}): AppError {
  if (err instanceof AppError) return err;
  let code: ErrorCode = ErrorCode.WechatUnavailable;
  if (err instanceof WechatError && err.kind === 'api') {
    if (err.errcode === WechatErrcode.InvalidCode) code = ErrorCode.WechatCodeInvalid;
    else if (err.errcode === WechatErrcode.RateLimited) code = ErrorCode.WechatRateLimited;
    else if (err.errcode === WechatErrcode.UserBlocked) code = ErrorCode.WechatUserBlocked;
  }
  return new AppError(code, { message: messages[code] ?? ErrorMessageZh[code] });
}
