/**
 * Canned answers of Linli's API for the simulated mini-program, in the real response shapes
 * (`{ ok: true, data }` with the types from @linli/shared). Keyed by `METHOD /path` under /api;
 * `:id` segments match any value.
 */
import type {
  DemoAccountResponse,
  HealthResponse,
  ImportReport,
  LocateResponse,
  MyDataExport,
  RoleRequestResponse,
  SessionResponse,
  UnitDetailResponse,
  UnitTreeNode,
  UserResponse,
} from '@linli/shared';

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

export interface ApiReply {
  statusCode: number;
  data: unknown;
}

export type ApiHandler = (req: { method: string; path: string; query: Record<string, string>; body: unknown }) => ApiReply;

const ok = (data: unknown): ApiReply => ({ statusCode: 200, data: { ok: true, data } });

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
    'GET /admin/role-requests': () => ok([pendingRequest]),
    'POST /admin/role-requests/:id/review': () => ok({ ...pendingRequest, status: 'approved', statusLabel: '已通过' }),
  };
}
