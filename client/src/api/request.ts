/**
 * The one request layer. Every call is keyed by a name from the shared `API` contract, so method,
 * path, body/query types and the response type come from @linli/shared, never from hand-copied models.
 *
 * Errors: every failure becomes an `ApiError` with a Chinese message (ErrorMessageZh per code, the
 * server's own message as fallback). 401: in the mini-program one shared silent re-login
 * (Taro.login -> /auth/wechat-login) serves all concurrent requests and each retries once; in H5
 * the user is sent to the login page.
 */
import Taro from '@tarojs/taro';
import type { z } from 'zod';
import {
  API,
  ErrorMessageZh,
  isErrorCode,
  type ApiErrorBody,
  type AuditLogResponse,
  type ContentReportResponse,
  type ModerationItemResponse,
  type Page,
  type DemoAccountResponse,
  type EndpointName,
  type ErrorCode,
  type HealthResponse,
  type ImportReport,
  type LocateResponse,
  type MediaResponse,
  type MyDataExport,
  type NotificationResponse,
  type ReadAllResponse,
  type SubscriptionResponse,
  type UnreadCountResponse,
  type RoleRequestResponse,
  type SessionResponse,
  type UnitDetailResponse,
  type UnitTreeNode,
  type UserResponse,
  type RotaResponseMap,
  type PointsResponseMap,
  type AlertResponseMap,
  type CategoryResponseMap,
  type BulkDispatchResponse,
  type CreateTicketResponse,
  type FiguresResponse,
  type JoinTicketResponse,
  type Open311CreatedRequest,
  type Open311ApiKeyResponse,
  type IssuedOpen311KeyResponse,
  type Open311Request,
  type Open311Service,
  type Open311ServiceDefinition,
  type SimilarTicket,
  type TicketBoardResponse,
  type TicketResponse,
  type TicketSummary,
} from '@linli/shared';
import { API_BASE, IS_WEAPP } from '../constants/env';
import { Routes } from '../constants/routes';
import { sessionStore } from '../stores/session';

/** Response type per endpoint (the contract names them as strings; this binds them to the types). */
export interface ResponseMap extends RotaResponseMap, PointsResponseMap, AlertResponseMap, CategoryResponseMap {
  health: HealthResponse;
  wechatLogin: SessionResponse;
  demoAccounts: DemoAccountResponse[];
  demoLogin: SessionResponse;
  renew: SessionResponse;
  logout: { loggedOut: true };
  me: UserResponse;
  updateMe: UserResponse;
  bindPhone: UserResponse;
  unbindPhone: UserResponse;
  exportMe: MyDataExport;
  deleteMe: { deleted: true };
  myRoleRequests: RoleRequestResponse[];
  createRoleRequest: RoleRequestResponse;
  unitTree: UnitTreeNode[];
  unitDetail: UnitDetailResponse;
  locate: LocateResponse;
  importDivisions: ImportReport;
  importGrids: ImportReport;
  reviewQueue: RoleRequestResponse[];
  reviewRoleRequest: RoleRequestResponse;
  // notifications
  notifications: Page<NotificationResponse>;
  unreadCount: UnreadCountResponse;
  readNotification: NotificationResponse;
  readAllNotifications: ReadAllResponse;
  subscriptions: SubscriptionResponse[];
  reportSubscriptions: SubscriptionResponse[];
  // media (uploads go through utils/upload.ts; the file and avatar routes are URLs for <Image>)
  uploadMedia: MediaResponse;
  mediaDetail: MediaResponse;
  mediaFile: ArrayBuffer;
  mediaAvatar: never;
  // moderation (the push routes are WeChat's; the CSV export is downloaded by api/moderation.ts)
  wechatPushVerify: string;
  wechatPush: string;
  createContentReport: ContentReportResponse;
  moderationQueue: ModerationItemResponse[];
  hideModerationItem: ModerationItemResponse;
  restoreModerationItem: ModerationItemResponse;
  auditLogs: Page<AuditLogResponse>;
  exportAuditLogs: string;
  // tickets (issue 4; figures and Open311 answer outside this client's pages but are typed here too)
  createTicket: CreateTicketResponse;
  similarTickets: SimilarTicket[];
  myTickets: Page<TicketSummary>;
  ticketBoard: TicketBoardResponse;
  ticketDetail: TicketResponse;
  joinTicket: JoinTicketResponse;
  ticketAction: TicketResponse;
  commandQueue: Page<TicketSummary>;
  commandGrid: Page<TicketSummary>;
  commandDepartment: Page<TicketSummary>;
  commandDistrict: Page<TicketSummary>;
  staffCreateTicket: CreateTicketResponse;
  bulkDispatch: BulkDispatchResponse;
  figures: FiguresResponse;
  figuresExport: string;
  open311Services: Open311Service[];
  open311ServiceDefinition: Open311ServiceDefinition;
  open311Requests: Open311Request[];
  open311CreateRequest: Open311CreatedRequest[];
  open311Request: Open311Request[];
  open311Keys: Open311ApiKeyResponse[];
  createOpen311Key: IssuedOpen311KeyResponse;
  revokeOpen311Key: Open311ApiKeyResponse;
}
type AssertTrue<T extends true> = T;
/** Fails to compile when the contract gains an endpoint that ResponseMap does not cover. */
export type ResponseMapIsComplete = AssertTrue<[Exclude<EndpointName, keyof ResponseMap>] extends [never] ? true : false>;

type Spec = typeof API;
type BodyOf<K extends EndpointName> = Spec[K] extends { body: infer S extends z.ZodTypeAny } ? z.input<S> : never;
type QueryOf<K extends EndpointName> = Spec[K] extends { query: infer S extends z.ZodTypeAny } ? Partial<z.input<S>> : never;
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
type ParamsOf<K extends EndpointName> = [ParamNames<Spec[K]['path']>] extends [never]
  ? never
  : Record<ParamNames<Spec[K]['path']>, string | number>;

export interface CallOptions<K extends EndpointName> {
  body?: BodyOf<K>;
  query?: QueryOf<K>;
  params?: ParamsOf<K>;
}

/** Codes the client produces itself, next to the server's ErrorCode list. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'LOGIN_FAILED' | 'BAD_RESPONSE' | 'UPLOAD_CANCELLED';

const ClientErrorMessageZh: Record<ClientErrorCode, string> = {
  NETWORK_ERROR: '网络不给力，请检查网络后重试',
  LOGIN_FAILED: '微信登录失败，请稍后重试',
  BAD_RESPONSE: '服务器返回了无法识别的内容，请稍后再试',
  UPLOAD_CANCELLED: '已取消上传',
};

export class ApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  /** Field path -> Chinese message, for validation failures. */
  readonly fields: Record<string, string>;
  /** The server's own message, which may carry more detail than the generic one per code. */
  readonly serverMessage: string | null;
  readonly data: Record<string, unknown> | undefined;

  constructor(init: {
    code: ErrorCode | ClientErrorCode;
    message: string;
    status: number;
    fields?: Record<string, string>;
    serverMessage?: string | null;
    data?: Record<string, unknown>;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.fields = init.fields ?? {};
    this.serverMessage = init.serverMessage ?? null;
    this.data = init.data;
  }

  /** Is this "you need to log in (again)"? */
  get isAuthError(): boolean {
    return this.code === 'UNAUTHENTICATED' || this.code === 'SESSION_EXPIRED';
  }
}

export function clientError(code: ClientErrorCode, status = 0): ApiError {
  return new ApiError({ code, status, message: ClientErrorMessageZh[code] });
}

/** Turns anything thrown into a Chinese message for a toast or an error state. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '出了点问题，请稍后再试';
}

const STATUS_FALLBACK: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  502: 'SERVICE_UNAVAILABLE',
  503: 'SERVICE_UNAVAILABLE',
  504: 'SERVICE_UNAVAILABLE',
};

/** Turns a failed answer (status + parsed body) into an ApiError with the Chinese message. */
export function toApiError(status: number, body: unknown): ApiError {
  const b = body as Partial<ApiErrorBody> | null;
  if (b && typeof b === 'object' && b.ok === false && isErrorCode(b.error)) {
    let message = ErrorMessageZh[b.error] || b.message || ClientErrorMessageZh.BAD_RESPONSE;
    const retry = b.data?.retryAfterSeconds;
    if (typeof retry === 'number' && retry > 0) message += `（约 ${Math.ceil(retry)} 秒后可重试）`;
    return new ApiError({ code: b.error, status, message, fields: b.fields, serverMessage: b.message ?? null, data: b.data });
  }
  if (b && typeof b === 'object' && b.ok === false && typeof b.message === 'string') {
    // An error code this client does not know yet (newer server): the server's Chinese message.
    return new ApiError({ code: 'BAD_RESPONSE', status, message: b.message, fields: b.fields, serverMessage: b.message });
  }
  const code = STATUS_FALLBACK[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : null);
  if (code) return new ApiError({ code, status, message: ErrorMessageZh[code] });
  return clientError('BAD_RESPONSE', status);
}

function buildUrl(path: string, params?: Record<string, string | number>, query?: Record<string, unknown>): string {
  const filled = path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(v));
  });
  const qs = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${API_BASE}${filled}${qs ? `?${qs}` : ''}`;
}

const TIMEOUT_MS = 20_000;

async function send<K extends EndpointName>(name: K, opts: CallOptions<K>, retried: boolean): Promise<ResponseMap[K]> {
  const spec = API[name];
  const needsAuth = spec.access !== 'public';
  // Public endpoints get the token too when there is one: some show more to signed-in users (optionalAuth).
  let token = sessionStore.token();
  if (needsAuth && !token) {
    await ensureLogin();
    token = sessionStore.token();
  }
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;

  let res: Taro.request.SuccessCallbackResult<Record<string, unknown> | string>;
  try {
    res = await Taro.request<Record<string, unknown> | string>({
      url: buildUrl(spec.path, opts.params as Record<string, string | number> | undefined, opts.query as Record<string, unknown> | undefined),
      method: spec.method as 'GET',
      header,
      data: spec.method === 'GET' ? undefined : (opts.body ?? {}),
      timeout: TIMEOUT_MS,
      dataType: 'json',
    });
  } catch {
    throw clientError('NETWORK_ERROR');
  }

  let body: unknown = res.data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // leave it: toApiError maps by status
    }
  }
  if (res.statusCode >= 200 && res.statusCode < 300 && body && typeof body === 'object' && (body as { ok?: unknown }).ok === true) {
    return (body as { data: ResponseMap[K] }).data;
  }
  const err = res.statusCode >= 200 && res.statusCode < 300 ? clientError('BAD_RESPONSE', res.statusCode) : toApiError(res.statusCode, body);

  if (needsAuth && err.status === 401) {
    if (err.code === 'ACCOUNT_DELETED') {
      sessionStore.clear();
      throw err;
    }
    if (err.isAuthError) {
      if (IS_WEAPP && !retried) {
        // Only the first request to see this token fail logs in again; the others wait for it.
        if (sessionStore.get().token === token) {
          sessionStore.clear();
        }
        await ensureLogin();
        return send(name, opts, true);
      }
      sessionStore.clear();
      if (!IS_WEAPP) redirectToLogin();
    }
  }
  throw err;
}

/** Calls one endpoint of the contract and returns its `data`, or throws an `ApiError`. */
export function call<K extends EndpointName>(name: K, opts: CallOptions<K> = {}): Promise<ResponseMap[K]> {
  return send(name, opts, false);
}

let loginPromise: Promise<void> | null = null;

/**
 * Mini-program: silent login (no prompt). One promise is shared by every caller until it settles, so
 * ten concurrent 401s cause one Taro.login and one /auth/wechat-login.
 */
export function silentLogin(): Promise<void> {
  if (!loginPromise) {
    loginPromise = (async () => {
      let code: string;
      try {
        code = (await Taro.login()).code;
      } catch {
        throw clientError('LOGIN_FAILED');
      }
      if (!code) throw clientError('LOGIN_FAILED');
      const session = await send('wechatLogin', { body: { code } }, true);
      sessionStore.setSession(session);
    })().finally(() => {
      loginPromise = null;
    });
  }
  return loginPromise;
}

/**
 * Makes sure there is a session. Mini-program: silent WeChat login. H5: opens the login page and
 * throws UNAUTHENTICATED (the page the user was on resumes after login).
 */
export async function ensureLogin(): Promise<void> {
  if (sessionStore.token()) return;
  if (IS_WEAPP) {
    await silentLogin();
    return;
  }
  redirectToLogin();
  throw new ApiError({ code: 'UNAUTHENTICATED', status: 401, message: ErrorMessageZh.UNAUTHENTICATED });
}

let redirecting = false;

/** H5: go to the login page once, remembering where to come back to. */
export function redirectToLogin(): void {
  if (redirecting) return;
  const current = (Taro.getCurrentInstance().router?.path ?? '').split('?')[0];
  if (current.startsWith(Routes.login)) return;
  redirecting = true;
  const back = current && !current.startsWith(Routes.login) ? `?redirect=${encodeURIComponent(current)}` : '';
  Taro.navigateTo({ url: `${Routes.login}${back}` }).finally(() => {
    redirecting = false;
  });
}
