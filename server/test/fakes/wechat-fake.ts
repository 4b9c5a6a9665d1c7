import { createHash, randomBytes } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { findInvalidWechatValue } from '@linli/shared';

/**
 * A local fake of WeChat's server API (see shared/docs/WECHAT.md, "The local fake WeChat server"). It is
 * a real HTTP server on 127.0.0.1 and a random port, speaking the real request and response shapes:
 *
 * - `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code` -> `{openid, session_key,
 *   unionid?}`; openid is `openid-<code>`, where a `#...` suffix is ignored so one person can sign in
 *   twice (`alice#1`, `alice#2` -> `openid-alice`); each code works once (again -> 40029).
 * - `POST /cgi-bin/stable_token` -> `{access_token, expires_in}`; the same token until it expires,
 *   a new one on `force_refresh` (the old one then answers 40001).
 * - `POST /wxa/business/getuserphonenumber?access_token=` `{code}` -> `phone_info` for codes set with
 *   `setPhone(code, phone)`; single use.
 * - `POST /cgi-bin/message/subscribe/send?access_token=` checks its fields like WeChat (touser 40003,
 *   template_id 40037, page 41030 when `releasedPages` is set, every data value against its type's rule:
 *   47003 naming the field, e.g. `data.thing2.value invalid`) and records accepted messages in `sends`.
 *
 * - `POST /wxa/msg_sec_check` -> `{errcode:0, trace_id, result:{suggest,label}, detail}`: `pass` unless the
 *   content contains a string set with `setTextVerdict('违禁', 'risky')`.
 * - `POST /wxa/media_check_async` -> `{errcode:0, trace_id}`; the test then delivers the verdict as a real
 *   signed `wxa_media_check` push to the URL set with `configurePush(url, token)`:
 *   `deliverMediaVerdict(traceId, 'pass' | 'review' | 'risky')`. `pushEvent(body)` sends any other event.
 * - `POST /wxa/getwxacodeunlimit` -> PNG bytes (scene <= 32 chars, else 40169).
 *
 * Token endpoints answer 40001 for an unknown token and 42001 for one made stale with `expireToken()`.
 * Tests inject failures per path with `failNext(path, errcode)` (or `'network'` to drop the connection,
 * `'slow'` to never answer), and read `calls` / `callsTo(path)` afterwards.
 *
 * Wiring: start it, then set `process.env.WECHAT_API_BASE = fake.url` BEFORE `startTestApp()`:
 * config.unittest.ts reads that variable. `startAppWithWechatFake()` in test/factories.ts does both.
 */

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
}

type Failure = { kind: 'errcode'; errcode: number; errmsg?: string } | { kind: 'network' } | { kind: 'slow' };

export interface WechatFakeOptions {
  appId?: string;
  secret?: string;
  /** `expires_in` stable_token answers with (WeChat: 7200). */
  tokenExpiresIn?: number;
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40226: 'high risk user',
  41030: 'invalid page',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  47003: 'argument invalid! data.thing1.value invalid',
  61010: 'user is not visited recently',
  40169: 'invalid length for scene, or the data is not json',
  47001: 'data format error',
};

export class WechatFake {
  readonly appId: string;
  readonly secret: string;
  tokenExpiresIn: number;
  /** Every request received, in order. */
  readonly calls: FakeCall[] = [];
  /** Every session_key handed out, so tests can check none leaks. */
  readonly issuedSessionKeys: string[] = [];

  private server: Server | null = null;
  private port = 0;
  private failures = new Map<string, Failure[]>();
  private usedCodes = new Set<string>();
  private usedPhoneCodes = new Set<string>();
  private phones = new Map<string, string>();
  private unionids = new Map<string, string>();
  private currentToken: { value: string; expiresAt: number } | null = null;
  private staleTokens = new Map<string, 'expired' | 'replaced'>();
  private ridSeq = 0;
  private hanging = new Set<ServerResponse>();
  private textVerdicts: Array<{ needle: string; suggest: 'pass' | 'review' | 'risky'; label: number }> = [];
  private push: { url: string; token: string } | null = null;
  /** Subscription messages WeChat accepted (subscribe/send answered errcode 0), in order. */
  readonly sends: Array<{ touser: string; templateId: string; page: string | null; data: Record<string, { value: string }>; msgid: number }> = [];
  /** When set, subscribe/send knows only these template ids (else 40037); null accepts any. */
  subscribeTemplates: Set<string> | null = null;
  /** When set, subscribe/send accepts only these pages (else 41030); null accepts any. */
  releasedPages: Set<string> | null = null;
  private msgidSeq = 3_000_000_000;
  /** media_check_async requests by trace id (what WeChat would be checking). */
  readonly mediaChecks = new Map<string, { openid: string; mediaUrl: string; scene: number }>();

  constructor(opts: WechatFakeOptions = {}) {
    this.appId = opts.appId ?? 'wx-test-app';
    this.secret = opts.secret ?? 'test-secret';
    this.tokenExpiresIn = opts.tokenExpiresIn ?? 7200;
  }

  /** Base URL to give the client, e.g. `http://127.0.0.1:43121`. */
  get url(): string {
    if (!this.server) throw new Error('WechatFake not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * The next request to `path` fails: with WeChat's `{errcode, errmsg}` for a number, by dropping the
   * connection for 'network', or by never answering for 'slow'. `times` queues that many failures.
   */
  failNext(path: string, failure: number | 'network' | 'slow', times = 1): this {
    const list = this.failures.get(path) ?? [];
    for (let i = 0; i < times; i++) {
      list.push(typeof failure === 'number' ? { kind: 'errcode', errcode: failure } : { kind: failure });
    }
    this.failures.set(path, list);
    return this;
  }

  /** `getuserphonenumber` with `code` answers this number (once). */
  setPhone(code: string, phone: string): this {
    this.phones.set(code, phone);
    return this;
  }

  /** jscode2session for `code` also answers this unionid. */
  setUnionid(code: string, unionid: string): this {
    this.unionids.set(code, unionid);
    return this;
  }

  /** The current access token now answers 42001 (as if WeChat expired it early). */
  expireToken(): this {
    if (this.currentToken) {
      this.staleTokens.set(this.currentToken.value, 'expired');
      this.currentToken = null;
    }
    return this;
  }

  /** The access token currently valid, if any. */
  get token(): string | null {
    return this.currentToken && this.currentToken.expiresAt > Date.now() ? this.currentToken.value : null;
  }

  /** msg_sec_check answers `suggest` (and `label`) for content containing `needle`. */
  setTextVerdict(needle: string, suggest: 'pass' | 'review' | 'risky', label?: number): this {
    this.textVerdicts.push({ needle, suggest, label: label ?? (suggest === 'pass' ? 100 : suggest === 'risky' ? 20006 : 21000) });
    return this;
  }

  /** Where `deliverMediaVerdict` / `pushEvent` POST, and the token they sign with (WECHAT_PUSH_TOKEN). */
  configurePush(url: string, token: string): this {
    this.push = { url, token };
    return this;
  }

  /** The trace id of the latest media_check_async request (throws when there was none). */
  lastMediaTraceId(): string {
    const ids = [...this.mediaChecks.keys()];
    if (!ids.length) throw new Error('no media_check_async request yet');
    return ids[ids.length - 1];
  }

  /**
   * Delivers the verdict of a media check as WeChat does: a signed JSON push of a `wxa_media_check`
   * event to the configured push URL. Returns the HTTP status and body of our server's answer.
   */
  async deliverMediaVerdict(traceId: string, suggest: 'pass' | 'review' | 'risky', label?: number): Promise<{ status: number; body: string }> {
    const check = this.mediaChecks.get(traceId);
    const l = label ?? (suggest === 'pass' ? 100 : suggest === 'risky' ? 20002 : 21000);
    return this.pushEvent({
      ToUserName: 'gh_fake_linli',
      FromUserName: check?.openid ?? 'openid-unknown',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: this.appId,
      trace_id: traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label: l, prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label: l },
    });
  }

  /**
   * POSTs `event` as WeChat's message push (JSON mode) to the configured URL with a valid signature
   * (or with `opts.signature` to forge one).
   */
  async pushEvent(event: Record<string, unknown>, opts: { signature?: string } = {}): Promise<{ status: number; body: string }> {
    if (!this.push) throw new Error('WechatFake.configurePush(url, token) first');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const signature = opts.signature ?? signWechatPush(this.push.token, timestamp, nonce);
    const qs = new URLSearchParams({ signature, timestamp, nonce });
    const res = await fetch(`${this.push.url}?${qs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    return { status: res.status, body: await res.text() };
  }

  callsTo(path: string): FakeCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Forgets calls, sends and pending failures (tokens, used codes and phones are kept). */
  clear(): this {
    this.calls.length = 0;
    this.sends.length = 0;
    this.failures.clear();
    return this;
  }

  private rid(): string {
    this.ridSeq += 1;
    return `6${randomBytes(3).toString('hex').slice(0, 7)}-${String(this.ridSeq).padStart(8, '0')}-${randomBytes(4).toString('hex')}`;
  }

  private error(res: ServerResponse, errcode: number, errmsg?: string): void {
    this.json(res, { errcode, errmsg: `${errmsg ?? ERRMSG[errcode] ?? 'error'}, rid: ${this.rid()}` });
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> | null = null;
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return this.error(res, 47001, 'data format error');
      }
    }
    const path = url.pathname;
    this.calls.push({ method: req.method ?? 'GET', path, query: Object.fromEntries(url.searchParams), body });

    const failure = this.failures.get(path)?.shift();
    if (failure?.kind === 'network') {
      req.socket.destroy();
      return;
    }
    if (failure?.kind === 'slow') {
      this.hanging.add(res);
      return;
    }
    if (failure?.kind === 'errcode') return this.error(res, failure.errcode, failure.errmsg);

    const route = `${req.method} ${path}`;
    switch (route) {
      case 'GET /sns/jscode2session':
        return this.jscode2session(url.searchParams, res);
      case 'POST /cgi-bin/stable_token':
        return this.stableToken(body ?? {}, res);
      case 'POST /wxa/business/getuserphonenumber':
        if (!this.checkToken(url.searchParams, res)) return;
        return this.phoneNumber(body ?? {}, res);
      case 'POST /cgi-bin/message/subscribe/send':
        if (!this.checkToken(url.searchParams, res)) return;
        return this.subscribeSend(body ?? {}, res);
      case 'POST /wxa/msg_sec_check':
        if (!this.checkToken(url.searchParams, res)) return;
        return this.msgSecCheck(body ?? {}, res);
      case 'POST /wxa/media_check_async':
        if (!this.checkToken(url.searchParams, res)) return;
        return this.mediaCheckAsync(body ?? {}, res);
      case 'POST /wxa/getwxacodeunlimit':
        if (!this.checkToken(url.searchParams, res)) return;
        return this.wxacode(body ?? {}, res);
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
    }
  }

  /**
   * subscribe/send checked like WeChat: touser (40003), template_id (40037; only ids in
   * `subscribeTemplates` when that is set), page (41030 when `releasedPages` is set and lacks it),
   * miniprogram_state / lang, and every data value against its type's rule (47003 naming the field).
   * Accepted messages are recorded in `sends`.
   */
  private subscribeSend(b: Record<string, unknown>, res: ServerResponse): void {
    const touser = typeof b.touser === 'string' ? b.touser : '';
    const templateId = typeof b.template_id === 'string' ? b.template_id : '';
    const page = typeof b.page === 'string' ? b.page : undefined;
    if (!touser) return this.error(res, 40003);
    if (!templateId || (this.subscribeTemplates && !this.subscribeTemplates.has(templateId))) return this.error(res, 40037);
    if (page !== undefined && this.releasedPages && !this.releasedPages.has(page.split('?')[0])) return this.error(res, 41030);
    if (b.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(String(b.miniprogram_state))) {
      return this.error(res, 47001, 'data format error: miniprogram_state');
    }
    if (b.lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(String(b.lang))) return this.error(res, 47001, 'data format error: lang');
    const data = b.data;
    if (!data || typeof data !== 'object' || Array.isArray(data) || !Object.keys(data).length) return this.error(res, 47003, 'argument invalid! data is empty');
    const bad = findInvalidWechatValue(data as Record<string, { value?: unknown }>);
    if (bad) return this.error(res, 47003, `argument invalid! data.${bad}.value invalid`);
    const msgid = ++this.msgidSeq;
    this.sends.push({ touser, templateId, page: page ?? null, data: data as Record<string, { value: string }>, msgid });
    this.json(res, { errcode: 0, errmsg: 'ok', msgid });
  }

  private msgSecCheck(b: Record<string, unknown>, res: ServerResponse): void {
    const content = typeof b.content === 'string' ? b.content : '';
    const scene = Number(b.scene);
    if (b.version !== 2 || typeof b.openid !== 'string' || !b.openid || ![1, 2, 3, 4].includes(scene) || !content || content.length > 2500) {
      return this.error(res, 47001);
    }
    const hit = this.textVerdicts.find((v) => content.includes(v.needle));
    const suggest = hit?.suggest ?? 'pass';
    const label = hit?.label ?? 100;
    this.json(res, {
      errcode: 0,
      errmsg: 'ok',
      trace_id: this.rid(),
      result: { suggest, label },
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90, ...(hit ? { keyword: hit.needle } : {}) }],
    });
  }

  private mediaCheckAsync(b: Record<string, unknown>, res: ServerResponse): void {
    const scene = Number(b.scene);
    if (b.version !== 2 || b.media_type !== 2 || typeof b.media_url !== 'string' || !/^https?:\/\//.test(b.media_url) || typeof b.openid !== 'string' || !b.openid || ![1, 2, 3, 4].includes(scene)) {
      return this.error(res, 47001);
    }
    const traceId = this.rid();
    this.mediaChecks.set(traceId, { openid: b.openid, mediaUrl: b.media_url, scene });
    this.json(res, { errcode: 0, errmsg: 'ok', trace_id: traceId });
  }

  private wxacode(b: Record<string, unknown>, res: ServerResponse): void {
    const scene = typeof b.scene === 'string' ? b.scene : '';
    if (!scene || scene.length > 32) return this.error(res, 40169);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(FAKE_PNG);
  }

  private jscode2session(q: URLSearchParams, res: ServerResponse): void {
    if (q.get('appid') !== this.appId) return this.error(res, 40013);
    if (q.get('secret') !== this.secret) return this.error(res, 40125);
    if (q.get('grant_type') !== 'authorization_code') return this.error(res, 40002, 'invalid grant_type');
    const code = q.get('js_code') ?? '';
    if (!code || this.usedCodes.has(code)) return this.error(res, 40029);
    this.usedCodes.add(code);
    const sessionKey = randomBytes(16).toString('base64');
    this.issuedSessionKeys.push(sessionKey);
    const unionid = this.unionids.get(code);
    this.json(res, { session_key: sessionKey, openid: openidOf(code), ...(unionid ? { unionid } : {}) });
  }

  private stableToken(b: Record<string, unknown>, res: ServerResponse): void {
    if (b.grant_type !== 'client_credential') return this.error(res, 40002, 'invalid grant_type');
    if (b.appid !== this.appId) return this.error(res, 40013);
    if (b.secret !== this.secret) return this.error(res, 40125);
    const valid = this.currentToken && this.currentToken.expiresAt > Date.now();
    if (b.force_refresh === true || !valid) {
      if (this.currentToken) this.staleTokens.set(this.currentToken.value, valid ? 'replaced' : 'expired');
      this.currentToken = { value: `token-${randomBytes(12).toString('hex')}`, expiresAt: Date.now() + this.tokenExpiresIn * 1000 };
    }
    const remaining = Math.max(0, Math.round((this.currentToken!.expiresAt - Date.now()) / 1000));
    this.json(res, { access_token: this.currentToken!.value, expires_in: remaining });
  }

  /** 40001 for an unknown or replaced token, 42001 for an expired one; true when the token is good. */
  private checkToken(q: URLSearchParams, res: ServerResponse): boolean {
    const token = q.get('access_token') ?? '';
    if (token && this.token === token) return true;
    if (this.staleTokens.get(token) === 'expired' || (this.currentToken?.value === token && !this.token)) this.error(res, 42001);
    else this.error(res, 40001);
    return false;
  }

  private phoneNumber(b: Record<string, unknown>, res: ServerResponse): void {
    const code = typeof b.code === 'string' ? b.code : '';
    const phone = this.phones.get(code);
    if (!phone || this.usedPhoneCodes.has(code)) return this.error(res, 40029);
    this.usedPhoneCodes.add(code);
    this.json(res, {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: phone,
        purePhoneNumber: phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.appId },
      },
    });
  }
}

/** A 1x1 PNG: what getwxacodeunlimit answers (real WeChat sends the QR image bytes). */
export const FAKE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** WeChat's push signature: sha1 of token, timestamp and nonce sorted and joined. */
export function signWechatPush(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** The openid the fake answers for a login code: `openid-<code without #suffix>`. */
export function openidOf(code: string): string {
  return `openid-${code.split('#')[0]}`;
}

/** Starts a fake WeChat server on 127.0.0.1 and a random port. */
export async function startWechatFake(opts: WechatFakeOptions = {}): Promise<WechatFake> {
  return new WechatFake(opts).start();
}
