import { Config, ILogger, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { createDecipheriv } from 'crypto';
import type { LinliConfig } from '../../config/config.default';
import { WechatErrcode, WechatError, wechatToAppError } from './wechat.error';

/** What jscode2session gives the rest of the server: never the session_key. */
export interface WechatIdentity {
  openid: string;
  unionid: string | null;
}

interface CachedToken {
  value: string;
  /** When to stop using it: 5 minutes before WeChat's expiry. */
  refreshAt: number;
}

/** Refresh the access token this long before WeChat's own expiry. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** Retries of errcode -1 (system busy) per call, and the pause before each. */
const BUSY_RETRIES = 2;
const BUSY_BACKOFF_MS = [100, 300];

type Json = Record<string, unknown>;

/** msg_sec_check's verdict: `suggest` decides; label and trace id are kept for audit. */
export interface MsgSecCheckResult {
  suggest: 'pass' | 'review' | 'risky';
  /** WeChat's label (100 normal, 10001 ads, 20001 politics, 20002 porn, 20003 abuse, 20006 crime, ...). */
  label: number;
  traceId: string | null;
  /** True when WeChat refused to judge (61010: the user has not visited recently). */
  notVisited?: boolean;
}

/**
 * The one client for WeChat's server API (base URL from `linli.wechat.baseUrl`, so tests point it at
 * the local fake). It owns the access token: fetched with `POST /cgi-bin/stable_token`, cached until 5
 * minutes before expiry, refreshed single-flight (concurrent callers share one request) and force
 * refreshed when WeChat answers 40001/42001. Every call retries errcode -1 (system busy) twice with a
 * short pause. Failures are `WechatError`s carrying WeChat's errcode and rid.
 *
 * Secrets stay inside: the app secret, the access token and the session_key are never returned, stored
 * or logged (log lines carry the path without its query string, the errcode and the rid).
 *
 * Features built on top (subscription messages, msg_sec_check, media_check_async) should call
 * `callWithToken(path, body)`, which gives them the token handling and retries.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WechatClient {
  @Config('linli')
  config: LinliConfig;

  @Logger()
  logger: ILogger;

  private token: CachedToken | null = null;
  private tokenInFlight: Promise<string> | null = null;

  /**
   * Exchanges a `Taro.login` code for the user's openid (and unionid when the app is bound to an open
   * platform account). The session_key WeChat sends along is dropped here on purpose.
   * @throws AppError WECHAT_CODE_INVALID (40029), WECHAT_RATE_LIMITED (45011), WECHAT_USER_BLOCKED
   *   (40226) or WECHAT_UNAVAILABLE (anything else, including -1 after retries).
   */
  async code2Session(code: string): Promise<WechatIdentity> {
    const { appId, secret } = this.config.wechat;
    const query = new URLSearchParams({ appid: appId, secret, js_code: code, grant_type: 'authorization_code' });
    try {
      const res = await this.withBusyRetry('/sns/jscode2session', () =>
        this.request('GET', '/sns/jscode2session', { query }),
      );
      if (typeof res.openid !== 'string' || !res.openid) {
        throw new WechatError({ kind: 'malformed', path: '/sns/jscode2session', errmsg: 'no openid in answer' });
      }
      return { openid: res.openid, unionid: typeof res.unionid === 'string' && res.unionid ? res.unionid : null };
    } catch (e) {
      throw wechatToAppError(e);
    }
  }

  /**
   * The phone number the user agreed to share through `<Button openType="getPhoneNumber">` (its code is
   * a different one from the login code): `phone_info.purePhoneNumber`, without country code.
   * @throws AppError WECHAT_CODE_INVALID (bad or reused code) or WECHAT_UNAVAILABLE.
   */
  async getPhoneNumber(code: string): Promise<string> {
    try {
      const res = await this.callWithToken<{ phone_info?: { purePhoneNumber?: string } }>('/wxa/business/getuserphonenumber', { code });
      const phone = res.phone_info?.purePhoneNumber;
      if (typeof phone !== 'string' || !phone) {
        throw new WechatError({ kind: 'malformed', path: '/wxa/business/getuserphonenumber', errmsg: 'no phone_info in answer' });
      }
      return phone;
    } catch (e) {
      throw wechatToAppError(e, { WECHAT_CODE_INVALID: '手机号授权凭证无效或已使用，请重新授权' });
    }
  }

  /**
   * WeChat's text check (`POST /wxa/msg_sec_check`, version 2) for content written by the user with
   * `openid`. WeChat answers errcode 0 even for bad text: the decision is `result.suggest`. 61010 (the
   * user has not opened the mini-program recently, so WeChat will not judge) comes back as `review`,
   * i.e. a person decides. Content over 2500 characters is checked in its first 2500.
   * @throws WechatError for any other failure (network, token, -1 after retries).
   */
  async msgSecCheck(input: { openid: string; content: string; scene: 1 | 2 | 3 | 4 }): Promise<MsgSecCheckResult> {
    const path = '/wxa/msg_sec_check';
    try {
      const res = await this.callWithToken<{ trace_id?: string; result?: { suggest?: string; label?: number } }>(path, {
        version: 2,
        openid: input.openid,
        scene: input.scene,
        content: input.content.slice(0, 2500),
      });
      const suggest = res.result?.suggest;
      if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
        throw new WechatError({ kind: 'malformed', path, errmsg: 'no result.suggest in answer' });
      }
      return { suggest, label: Number(res.result?.label ?? 0), traceId: typeof res.trace_id === 'string' ? res.trace_id : null };
    } catch (e) {
      if (e instanceof WechatError && e.errcode === WechatErrcode.UserNotVisited) {
        return { suggest: 'review', label: 0, traceId: null, notVisited: true };
      }
      throw e;
    }
  }

  /**
   * Starts WeChat's asynchronous image check (`POST /wxa/media_check_async`, media_type 2 = image,
   * version 2). `mediaUrl` must be downloadable by WeChat. The verdict arrives later as a
   * `wxa_media_check` push carrying the returned trace id.
   * @throws WechatError (61010 included: the caller decides what an unchecked image becomes).
   */
  async mediaCheckAsync(input: { mediaUrl: string; openid: string; scene: 1 | 2 | 3 | 4 }): Promise<string> {
    const path = '/wxa/media_check_async';
    const res = await this.callWithToken<{ trace_id?: string }>(path, {
      media_url: input.mediaUrl,
      media_type: 2,
      version: 2,
      openid: input.openid,
      scene: input.scene,
    });
    if (typeof res.trace_id !== 'string' || !res.trace_id) {
      throw new WechatError({ kind: 'malformed', path, errmsg: 'no trace_id in answer' });
    }
    return res.trace_id;
  }

  /**
   * Sends a one-time subscription message (`POST /cgi-bin/message/subscribe/send`) and returns WeChat's
   * msgid. Each send uses up one "accept" of the user for that template; WeChat has no idempotency key,
   * so a caller must not resend after an unknown outcome it cannot tolerate twice.
   * @throws WechatError: 43101 (no subscription left / refused), 47003 (bad data value), 40037 (bad
   *   template), 40003 (bad openid), 41030 (page not released), or network/timeout/-1 after retries.
   */
  async sendSubscribeMessage(input: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
    miniprogramState?: 'developer' | 'trial' | 'formal';
    lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
  }): Promise<string> {
    const path = '/cgi-bin/message/subscribe/send';
    const res = await this.callWithToken<{ msgid?: number | string }>(path, {
      touser: input.touser,
      template_id: input.templateId,
      ...(input.page ? { page: input.page } : {}),
      data: input.data,
      miniprogram_state: input.miniprogramState ?? 'formal',
      lang: input.lang ?? 'zh_CN',
    });
    return res.msgid === undefined || res.msgid === null ? '' : String(res.msgid);
  }

  /**
   * Decrypts data a mini-program API handed to the client encrypted with the user's session key (e.g.
   * `getGroupEnterInfo`'s opengid): exchanges the fresh login `code` for the session key, decrypts
   * AES-128-CBC (PKCS#7) and checks the watermark's appid. The session key is used here and dropped:
   * it is never returned, stored or logged.
   * @returns the openid of the login and the decrypted JSON.
   * @throws AppError WECHAT_CODE_INVALID / WECHAT_RATE_LIMITED / WECHAT_USER_BLOCKED / WECHAT_UNAVAILABLE
   *   (the code exchange), or WechatError kind `malformed` when the data cannot be decrypted or belongs
   *   to another app.
   */
  async decryptSessionData(code: string, encryptedData: string, iv: string): Promise<{ openid: string; data: Record<string, unknown> }> {
    const { appId, secret } = this.config.wechat;
    const path = '/sns/jscode2session';
    const query = new URLSearchParams({ appid: appId, secret, js_code: code, grant_type: 'authorization_code' });
    let res: Json;
    try {
      res = await this.withBusyRetry(path, () => this.request('GET', path, { query }));
    } catch (e) {
      throw wechatToAppError(e);
    }
    const sessionKey = typeof res.session_key === 'string' ? res.session_key : '';
    if (typeof res.openid !== 'string' || !res.openid || !sessionKey) throw wechatToAppError(new WechatError({ kind: 'malformed', path, errmsg: 'no openid/session_key in answer' }));
    let data: Record<string, unknown>;
    try {
      const decipher = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(iv, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(encryptedData, 'base64')), decipher.final()]).toString('utf8');
      data = JSON.parse(plain) as Record<string, unknown>;
    } catch {
      throw new WechatError({ kind: 'malformed', path: 'decrypt', errmsg: 'encrypted data could not be decrypted' });
    }
    const watermark = data.watermark as { appid?: unknown } | undefined;
    if (!watermark || watermark.appid !== appId) throw new WechatError({ kind: 'malformed', path: 'decrypt', errmsg: 'watermark of another app' });
    return { openid: res.openid, data };
  }

  /**
   * A mini-program code (`POST /wxa/getwxacodeunlimit`) opening `page` with `scene` (<= 32 characters):
   * image bytes. WeChat answers errors as JSON; 40001/42001 get one token refresh, -1 the usual retries.
   * @throws WechatError (41030 page not released when `checkPath`, 45009 quota, 40169 bad scene, ...).
   */
  async getWxacodeUnlimit(input: { scene: string; page: string; checkPath?: boolean; envVersion?: 'release' | 'trial' | 'develop'; width?: number }): Promise<Buffer> {
    const path = '/wxa/getwxacodeunlimit';
    const body = { scene: input.scene, page: input.page, check_path: input.checkPath ?? false, env_version: input.envVersion ?? 'release', width: input.width ?? 430 };
    const { baseUrl, timeoutMs } = this.config.wechat;
    const once = async (token: string): Promise<Buffer> => {
      let res: Response;
      try {
        res = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const timeout = (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError';
        throw new WechatError({ kind: timeout ? 'timeout' : 'network', path, errmsg: timeout ? `no answer in ${timeoutMs}ms` : 'network error' });
      }
      if (!res.ok) throw new WechatError({ kind: 'http', path, errmsg: `HTTP ${res.status}` });
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!/json/i.test(res.headers.get('content-type') ?? '') && bytes.length > 0) return bytes;
      let data: Json = {};
      try {
        data = JSON.parse(bytes.toString('utf8')) as Json;
      } catch {
        throw new WechatError({ kind: 'malformed', path, errmsg: 'neither an image nor JSON' });
      }
      const err = new WechatError({ kind: 'api', path, errcode: Number(data.errcode ?? -1), errmsg: String(data.errmsg ?? '') });
      this.logger.warn('[wechat] POST %s: errcode=%d rid=%s', path, err.errcode, err.rid ?? '-');
      throw err;
    };
    let token = await this.getAccessToken();
    let refreshed = false;
    for (;;) {
      try {
        return await this.withBusyRetryBinary(path, () => once(token));
      } catch (e) {
        if (e instanceof WechatError && e.isTokenError && !refreshed) {
          refreshed = true;
          token = await this.refreshAfterRejection(token);
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * POSTs `body` as JSON to `path?access_token=...` and returns WeChat's answer when errcode is 0 (or
   * absent). On 40001/42001 it gets a new token (force refresh, shared with concurrent callers) and
   * tries once more; on -1 it retries up to twice with a short pause.
   * @throws WechatError with WeChat's errcode, or kind network/timeout/http/malformed.
   */
  async callWithToken<T = Json>(path: string, body: unknown): Promise<T & Json> {
    let token = await this.getAccessToken();
    let refreshed = false;
    for (;;) {
      try {
        return (await this.withBusyRetry(path, () => this.request('POST', path, { body, accessToken: token }))) as T & Json;
      } catch (e) {
        if (e instanceof WechatError && e.isTokenError && !refreshed) {
          refreshed = true;
          token = await this.refreshAfterRejection(token);
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * A valid access token: the cached one until 5 minutes before its expiry, else a new one from
   * `POST /cgi-bin/stable_token`. Concurrent callers share one in-flight request.
   * @throws WechatError when WeChat refuses our credentials (40013, 40125) or its quota (45009).
   */
  async getAccessToken(opts: { forceRefresh?: boolean } = {}): Promise<string> {
    if (!opts.forceRefresh && this.token && Date.now() < this.token.refreshAt) return this.token.value;
    // A fetch already under way gives a token at least as fresh as a forced one would.
    if (this.tokenInFlight) return this.tokenInFlight;
    const pending = this.fetchToken(Boolean(opts.forceRefresh)).finally(() => {
      if (this.tokenInFlight === pending) this.tokenInFlight = null;
    });
    this.tokenInFlight = pending;
    return pending;
  }

  /** Forgets the cached token (the next call fetches one). */
  clearTokenCache(): void {
    this.token = null;
  }

  /**
   * WeChat rejected `rejected`. If nobody replaced it yet, force a new one (once for all the concurrent
   * callers that were rejected with the same token); else use the replacement.
   */
  private async refreshAfterRejection(rejected: string): Promise<string> {
    if (this.token && this.token.value !== rejected && Date.now() < this.token.refreshAt) return this.token.value;
    if (this.token?.value === rejected) this.token = null;
    return this.getAccessToken({ forceRefresh: true });
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    const { appId, secret } = this.config.wechat;
    const body: Json = { grant_type: 'client_credential', appid: appId, secret };
    if (forceRefresh) body.force_refresh = true;
    const res = await this.withBusyRetry('/cgi-bin/stable_token', () => this.request('POST', '/cgi-bin/stable_token', { body }));
    const value = res.access_token;
    const expiresIn = Number(res.expires_in);
    if (typeof value !== 'string' || !value || !Number.isFinite(expiresIn)) {
      throw new WechatError({ kind: 'malformed', path: '/cgi-bin/stable_token', errmsg: 'no access_token in answer' });
    }
    this.token = { value, refreshAt: Date.now() + expiresIn * 1000 - TOKEN_REFRESH_MARGIN_MS };
    this.logger.info('[wechat] access token %s, valid %ss', forceRefresh ? 'force-refreshed' : 'fetched', expiresIn);
    return value;
  }

  /** withBusyRetry for calls answering bytes. */
  private async withBusyRetryBinary(path: string, attempt: () => Promise<Buffer>): Promise<Buffer> {
    let out: Buffer | null = null;
    await this.withBusyRetry(path, async () => {
      out = await attempt();
      return {};
    });
    return out!;
  }

  /** Runs `attempt`, retrying WeChat's "system busy" (-1) up to BUSY_RETRIES times. */
  private async withBusyRetry(path: string, attempt: () => Promise<Json>): Promise<Json> {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (e) {
        if (e instanceof WechatError && e.isBusy && retry < BUSY_RETRIES) {
          this.logger.warn('[wechat] %s busy (-1), retry %d rid=%s', path, retry + 1, e.rid ?? '-');
          await sleep(BUSY_BACKOFF_MS[retry] ?? 300);
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * One HTTP exchange. Answers with a non-zero errcode become WechatError (logged with errcode and rid);
   * so do network failures, timeouts and non-2xx statuses. Only `path` is logged, never the query string.
   */
  private async request(
    method: 'GET' | 'POST',
    path: string,
    opts: { query?: URLSearchParams; body?: unknown; accessToken?: string },
  ): Promise<Json> {
    const { baseUrl, timeoutMs } = this.config.wechat;
    const query = new URLSearchParams(opts.query);
    if (opts.accessToken) query.set('access_token', opts.accessToken);
    const qs = query.toString();
    const url = `${baseUrl.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: opts.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const timeout = (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError';
      const err = new WechatError({ kind: timeout ? 'timeout' : 'network', path, errmsg: timeout ? `no answer in ${timeoutMs}ms` : 'network error' });
      this.logger.error('[wechat] %s %s: %s', method, path, err.errmsg);
      throw err;
    }
    let data: Json;
    try {
      const text = await res.text();
      data = text ? (JSON.parse(text) as Json) : {};
    } catch {
      data = {};
      if (res.ok) {
        this.logger.error('[wechat] %s %s: answer is not JSON (HTTP %d)', method, path, res.status);
        throw new WechatError({ kind: 'malformed', path, errmsg: 'answer is not JSON' });
      }
    }
    if (!res.ok) {
      this.logger.error('[wechat] %s %s: HTTP %d', method, path, res.status);
      throw new WechatError({ kind: 'http', path, errmsg: `HTTP ${res.status}` });
    }
    const errcode = data.errcode === undefined ? 0 : Number(data.errcode);
    if (errcode !== 0) {
      const err = new WechatError({ kind: 'api', path, errcode, errmsg: String(data.errmsg ?? '') });
      // The user's own doing (bad code, their rate limit, blocked) or handled by retry: warn; else error.
      const expected: number[] = [WechatErrcode.InvalidCode, WechatErrcode.RateLimited, WechatErrcode.UserBlocked, WechatErrcode.UserNotVisited, WechatErrcode.SubscribeRefused];
      const level = expected.includes(errcode) || err.isBusy || err.isTokenError ? 'warn' : 'error';
      this.logger[level]('[wechat] %s %s: errcode=%d rid=%s', method, path, errcode, err.rid ?? '-');
      throw err;
    }
    return data;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
