/**
 * Canned answers of Linli's API for the simulated mini-program, in the real response shapes
 * (`{ ok: true, data }` with the types from @linli/shared). Keyed by `METHOD /path` under /api;
 * `:id` segments match any value.
 */
import type {
  AuditLogResponse,
  ContentReportResponse,
  ModerationItemResponse,
  DemoAccountResponse,
  HealthResponse,
  ImportReport,
  LocateResponse,
  MediaResponse,
  MyDataExport,
  NotificationResponse,
  SubscriptionResponse,
  RoleRequestResponse,
  SessionResponse,
  UnitDetailResponse,
  UnitTreeNode,
  UserResponse,
} from '@linli/shared';

import { categoryApi } from './fixtures/category';
import { ticketApi } from './fixtures/ticket';
import { pointsApi } from './fixtures/points';
import { rotaApi } from './fixtures/rota';
import { alertApi } from './fixtures/alert';

export const NOW = '2026-11-23T08:00:00.000Z';
/** Far enough ahead that the app never tries to renew during a test. */
export const EXPIRES = '2099-01-01T00:00:00.000Z';

const pukou = { id: 1, code: '320111', name: '浦口区', level: 'district' as const };
const jiangpu = { id: 2, code: '320111001', name: '江浦街道', level: 'street' as const };
const qiaolin = { id: 3, code: '320111001001', name: '求雨山社区', level: 'community' as const };
const grid1 = { id: 4, code: '320111001001001', name: '求雨山第一网格', level: 'grid' as const };

export const adminUser: UserResponse = {
  id: 7,
  nickname: '王主任',
  avatarUrl: null,
  phoneMasked: '138****1234',
  roles: [
    { role: 'admin', roleLabel: '管理员', unit: pukou },
    { role: 'resident', roleLabel: '居民', unit: null },
  ],
  abilities: { manageUnits: true, reviewRoleRequests: true, isStaff: true },
  createdAt: NOW,
};

export const residentUser: UserResponse = {
  id: 42,
  nickname: '微信用户',
  avatarUrl: null,
  phoneMasked: null,
  roles: [{ role: 'resident', roleLabel: '居民', unit: null }],
  abilities: { manageUnits: false, reviewRoleRequests: false, isStaff: false },
  createdAt: NOW,
};

export function sessionFor(user: UserResponse, token = `token-${user.id}`): SessionResponse {
  return { token, expiresAt: EXPIRES, user };
}

const node = (u: { id: number; code: string; name: string; level: UnitTreeNode['level'] }, parentId: number | null, children: UnitTreeNode[], childCount = children.length): UnitTreeNode => ({
  ...u,
  parentId,
  childCount,
  hasPolygon: u.level === 'grid',
  children,
});

export const unitTree: UnitTreeNode[] = [node(pukou, null, [node(jiangpu, 1, [], 1)], 1)];

export const unitDetail: UnitDetailResponse = {
  ...pukou,
  parentId: null,
  childCount: 1,
  hasPolygon: false,
  ancestors: [],
  polygon: null,
  counts: { streets: 12, communities: 86, grids: 412 },
};

export const locateResult: LocateResponse = {
  inside: true,
  grid: { id: grid1.id, code: grid1.code, name: grid1.name },
  community: { id: qiaolin.id, code: qiaolin.code, name: qiaolin.name },
  street: { id: jiangpu.id, code: jiangpu.code, name: jiangpu.name },
  district: { id: pukou.id, code: pukou.code, name: pukou.name },
  nearest: null,
};

export const pendingRequest: RoleRequestResponse = {
  id: 11,
  role: 'building_head',
  roleLabel: '楼栋长',
  unit: qiaolin,
  reason: '我是 3 栋的老住户，愿意为邻居们服务',
  status: 'pending',
  statusLabel: '审核中',
  reviewNote: null,
  createdAt: NOW,
  reviewedAt: null,
  applicant: { id: 42, nickname: '李阿姨', phoneMasked: '139****5678' },
};

export const myRequest: RoleRequestResponse = { ...pendingRequest, id: 12, applicant: undefined };

export const myDataExport: MyDataExport = {
  exportedAt: NOW,
  profile: { id: adminUser.id, nickname: adminUser.nickname, avatarUrl: null, phone: '13800001234', createdAt: NOW },
  roles: adminUser.roles,
  roleRequests: [myRequest],
  sessions: [{ createdAt: NOW, expiresAt: EXPIRES, lastUsedAt: NOW }],
  notifications: [{ title: '身份审核结果通知', body: '您申请的商户身份已通过', createdAt: NOW, readAt: null }],
  media: [{ id: 7, purpose: 'avatar', mime: 'image/jpeg', bytes: 48213, createdAt: NOW }],
  tickets: {
    reported: [
      {
        id: 31, number: null, source: 'resident', category: { code: 'CG-0101', name: '占道经营' }, description: '门口有人摆摊', answers: null,
        address: '津浦路 1 号', lat: 32.06, lng: 118.63, anonymous: false, protectedReporter: false, onBehalfOf: null,
        status: 'reported', statusLabel: '待受理', photoIds: [], createdAt: NOW, closedAt: null, rating: null,
      },
    ],
    joined: [],
    actions: [{ ticketId: 31, action: 'report', actionLabel: '上报', note: null, createdAt: NOW }],
  },
  points: { balance: 25, leaderboardOptOut: false, entries: [], redemptions: [] },
  groups: {
    memberships: [],
    alerts: [
      { alertId: 1, title: '注意假币', receivedAt: NOW, openedAt: NOW, ackedAt: NOW },
      { alertId: 2, title: '暴雨预警', receivedAt: NOW, openedAt: null, ackedAt: null },
    ],
    tips: [],
  },
};

export const demoAccounts: DemoAccountResponse[] = [
  { key: 'resident', role: 'resident', roleLabel: '居民', nickname: '演示居民', unitName: null, description: '普通居民' },
  { key: 'admin', role: 'admin', roleLabel: '管理员', nickname: '演示管理员', unitName: '浦口区', description: '区级管理员' },
];

export const importReport: ImportReport = { dryRun: true, created: 2, updated: 0, unchanged: 0, rejected: [], changedCodes: ['320111', '320111001'] };

export const health: HealthResponse = {
  status: 'ok',
  database: { kind: 'sqljs', reachable: true, latencyMs: 1 },
  version: '0.1.0',
  uptimeSeconds: 1,
};

/** A resident's avatar photo just uploaded (local storage: signed links on the API's origin). */
export const avatarMedia: MediaResponse = {
  id: 31,
  purpose: 'avatar',
  mime: 'image/jpeg',
  width: 1080,
  height: 1080,
  bytes: 182_344,
  checkStatus: 'pending',
  url: '/api/media/31/file?variant=original&exp=1795420800&sig=2f0cQyq0t9m2cJb3cM0xg8Z3Wm9v7l1a0b2c3d4e5f6',
  thumbUrl: '/api/media/31/file?variant=thumb&exp=1795420800&sig=Xk2mQ9b1Lp0sT7vY3nR5cW8dZ4aE6fH1jK0gU2iO3qM',
  urlExpiresAt: '2026-11-23T08:10:00.000Z',
  avatarPath: '/api/media/31/avatar',
  createdAt: NOW,
};

export const moderationItem: ModerationItemResponse = {
  id: 21,
  contentType: 'nickname',
  contentTypeLabel: '昵称',
  targetId: '42',
  excerpt: '卖房加微信',
  mediaId: null,
  thumbnailUrl: null,
  owner: { id: 42, nickname: '李阿姨' },
  unitName: qiaolin.name,
  source: 'user_report',
  sourceLabel: '用户举报',
  status: 'pending',
  statusLabel: '待处理',
  reason: null,
  reportCount: 2,
  traceId: null,
  suggest: null,
  label: null,
  reviewer: null,
  reviewedAt: null,
  createdAt: NOW,
  version: 3,
};

export const contentReport: ContentReportResponse = { id: 5, targetType: 'nickname', targetId: 42, reason: 'spam', reasonLabel: '垃圾广告', status: 'open', createdAt: NOW };

export const auditRow: AuditLogResponse = {
  id: 301,
  actor: { id: adminUser.id, nickname: adminUser.nickname, role: 'admin', roleLabel: '管理员' },
  action: 'role_request.approve',
  actionLabel: '通过身份申请',
  targetType: 'role_request',
  targetId: '11',
  unitPath: '/320111/320111001/320111001001/',
  before: { status: 'pending' },
  after: { status: 'approved', grantId: 3 },
  createdAt: NOW,
};

export interface ApiReply {
  statusCode: number;
  data: unknown;
}

export type ApiHandler = (req: { method: string; path: string; query: Record<string, string>; body: unknown }) => ApiReply;

const ok = (data: unknown): ApiReply => ({ statusCode: 200, data: { ok: true, data } });

/** Inbox: one unread review result and one read ticket message. */
export const inboxItems: NotificationResponse[] = [
  {
    id: 501,
    templateKey: 'role_request_reviewed',
    title: '身份审核结果通知',
    body: '申请身份：商户\n所属辖区：求雨山第一网格\n审核结果：通过\n审核说明：身份已生效\n审核时间：2026年11月23日 16:00',
    page: 'packages/account/role-request/index',
    ref: '12',
    read: false,
    readAt: null,
    createdAt: NOW,
    delivery: { status: 'sent', label: '已推送到微信' },
  },
  {
    id: 500,
    templateKey: 'ticket_closed',
    title: '工单结案通知',
    body: '工单编号：T20261120001\n问题描述：路灯不亮\n工单状态：已结案\n结案时间：2026年11月20日 10:00',
    page: 'packages/ticket/detail/index?id=9',
    ref: '9',
    read: true,
    readAt: NOW,
    createdAt: '2026-11-20T02:00:00.000Z',
    delivery: { status: 'no_credit', label: '未订阅，仅站内消息' },
  },
];

/** Subscription settings: one template accepted twice, one refused, the rest never asked. */
export const subscriptions: SubscriptionResponse[] = [
  ['ticket_filed', '问题受理通知', '您上报的问题被街道指挥中心立案受理时通知您', 0, null],
  ['role_request_reviewed', '身份审核结果通知', '您申请的身份（如商户、网格员）审核通过或被驳回时通知您', 2, 'accept'],
  ['police_alert', '警情提醒', '社区民警向您所在的邻里群发布警情时通知您', 0, 'reject'],
].map(([templateKey, title, description, credits, lastStatus]) => ({
  templateKey: templateKey as SubscriptionResponse['templateKey'],
  templateId: `tpl-${templateKey}`,
  title: title as string,
  description: description as string,
  credits: credits as number,
  lastStatus: lastStatus as SubscriptionResponse['lastStatus'],
  lastStatusLabel: lastStatus === 'accept' ? '已同意' : lastStatus === 'reject' ? '已拒绝' : null,
  canAsk: lastStatus !== 'reject',
}));

/** The default table: a signed-in admin's view of the world. Tests may override entries. */
export function defaultApi(user: UserResponse = adminUser): Record<string, ApiHandler> {
  return {
    'GET /health': () => ok(health),
    'POST /auth/wechat-login': () => ok(sessionFor(user)),
    'GET /auth/demo-accounts': () => ok(demoAccounts),
    'POST /auth/demo-login': () => ok(sessionFor(user)),
    'POST /auth/renew': () => ok(sessionFor(user)),
    'POST /auth/logout': () => ok({ loggedOut: true }),
    'GET /me': () => ok(user),
    'PATCH /me': () => ok(user),
    'POST /me/phone': () => ok(user),
    'DELETE /me/phone': () => ok({ ...user, phoneMasked: null }),
    'GET /me/export': () => ok(myDataExport),
    'POST /me/delete': () => ok({ deleted: true }),
    'GET /me/role-requests': () => ok([myRequest]),
    'POST /me/role-requests': () => ok(myRequest),
    'GET /units/tree': () => ok(unitTree),
    'GET /units/locate': () => ok(locateResult),
    'GET /units/:id': () => ok(unitDetail),
    'POST /admin/units/import-divisions': (req) => ok({ ...importReport, dryRun: Boolean((req.body as { dryRun?: boolean })?.dryRun) }),
    'POST /admin/units/import-grids': (req) => ok({ ...importReport, dryRun: Boolean((req.body as { dryRun?: boolean })?.dryRun) }),
    'POST /media': () => ({ statusCode: 201, data: { ok: true, data: avatarMedia } }),
    'GET /media/:id': () => ok(avatarMedia),
    'GET /media/:id/file': () => ({ statusCode: 200, data: '' }),
    'GET /media/:id/avatar': () => ({ statusCode: 302, data: '' }),
    // notifications
    'GET /notifications': () => ok({ items: inboxItems, nextCursor: null }),
    'GET /notifications/unread-count': () => ok({ count: 1 }),
    'POST /notifications/:id/read': () => ok({ ...inboxItems[0], read: true, readAt: NOW }),
    'POST /notifications/read-all': () => ok({ updated: 1 }),
    'GET /notifications/subscriptions': () => ok(subscriptions),
    'POST /notifications/subscriptions': () => ok(subscriptions),
    'GET /admin/role-requests': () => ok([pendingRequest]),
    'POST /admin/role-requests/:id/review': () => ok({ ...pendingRequest, status: 'approved', statusLabel: '已通过' }),
    // moderation (the push routes answer WeChat in text/plain)
    'GET /wechat/push': () => ({ statusCode: 200, data: 'echostr' }),
    'POST /wechat/push': () => ({ statusCode: 200, data: 'success' }),
    'POST /content-reports': () => ok(contentReport),
    'GET /admin/moderation': () => ok([moderationItem]),
    'POST /admin/moderation/:id/hide': (req) => ok({ ...moderationItem, status: 'hidden', statusLabel: '已隐藏', reason: (req.body as { reason?: string })?.reason ?? null }),
    'POST /admin/moderation/:id/restore': (req) => ok({ ...moderationItem, status: 'published', statusLabel: '已公开', reason: (req.body as { reason?: string })?.reason ?? null }),
    'GET /admin/audit-logs': () => ok({ items: [auditRow], nextCursor: null }),
    'GET /admin/audit-logs/export': () => ({ statusCode: 200, data: '\uFEFF编号,时间（北京时间）\r\n301,2026-11-23 16:00:00\r\n' }),
    ...categoryApi(user),
    ...ticketApi(user),
    ...pointsApi(user),
    ...rotaApi(user),
    ...alertApi(user),
  };
}
