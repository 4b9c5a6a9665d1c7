import type { z } from 'zod';
import {
  bindPhoneSchema,
  createRoleRequestSchema,
  deleteAccountSchema,
  demoLoginSchema,
  reviewRoleRequestSchema,
  updateProfileSchema,
  wechatLoginSchema,
} from '../schemas/auth.schema';
import { MEDIA_API } from './contract.media';
import { MODERATION_API } from './contract.moderation';
import { NOTIFICATION_API } from './contract.notification';
import { CATEGORY_API } from './contract.category';
import { TICKET_API } from './contract.ticket';
import { POINTS_API } from './contract.points';
import { ROTA_API } from './contract.rota';
import { ALERT_API } from './contract.alert';
import { importDivisionsSchema, importGridsSchema, locateQuerySchema, unitTreeQuerySchema } from '../schemas/unit.schema';

/** Who may call an endpoint; finer, per-record rules live in the server's policies. */
export type Access = 'public' | 'user' | 'admin';

export interface EndpointSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under /api, with `:param` segments. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: z.ZodTypeAny;
  /** How the body is sent: JSON unless said (`multipart`: form fields per `body` plus a file). */
  bodyEncoding?: 'json' | 'multipart';
  query?: z.ZodTypeAny;
  /** Name of the shared response type, for readers of the OpenAPI document. */
  response: string;
}

/**
 * Every endpoint of Linli's API. The OpenAPI document is generated from this table, and a server test
 * checks that the routes Midway registers and this table are the same set.
 */
/** Foundation endpoints (issue 2). Feature contracts live beside this file and are merged into API. */
export const CORE_API = {
  health: { method: 'GET', path: '/health', summary: 'Liveness and database reachability', tag: 'system', access: 'public', response: 'HealthResponse' },
  wechatLogin: { method: 'POST', path: '/auth/wechat-login', summary: 'Exchange a Taro.login code for a session', tag: 'auth', access: 'public', body: wechatLoginSchema, response: 'SessionResponse' },
  demoAccounts: { method: 'GET', path: '/auth/demo-accounts', summary: 'Seeded demo accounts (demo mode only)', tag: 'auth', access: 'public', response: 'DemoAccountResponse[]' },
  demoLogin: { method: 'POST', path: '/auth/demo-login', summary: 'Sign in as a seeded demo account (demo mode only)', tag: 'auth', access: 'public', body: demoLoginSchema, response: 'SessionResponse' },
  renew: { method: 'POST', path: '/auth/renew', summary: 'Renew the current session token', tag: 'auth', access: 'user', response: 'SessionResponse' },
  logout: { method: 'POST', path: '/auth/logout', summary: 'End the current session', tag: 'auth', access: 'user', response: '{ loggedOut: true }' },
  me: { method: 'GET', path: '/me', summary: 'The signed-in user with roles and abilities', tag: 'me', access: 'user', response: 'UserResponse' },
  updateMe: { method: 'PATCH', path: '/me', summary: 'Change nickname or avatar', tag: 'me', access: 'user', body: updateProfileSchema, response: 'UserResponse' },
  bindPhone: { method: 'POST', path: '/me/phone', summary: 'Bind a phone number from a getPhoneNumber code', tag: 'me', access: 'user', body: bindPhoneSchema, response: 'UserResponse' },
  unbindPhone: { method: 'DELETE', path: '/me/phone', summary: 'Remove the bound phone number', tag: 'me', access: 'user', response: 'UserResponse' },
  exportMe: { method: 'GET', path: '/me/export', summary: 'Everything Linli holds about me', tag: 'me', access: 'user', response: 'MyDataExport' },
  deleteMe: { method: 'POST', path: '/me/delete', summary: 'Delete my account and personal data', tag: 'me', access: 'user', body: deleteAccountSchema, response: '{ deleted: true }' },
  myRoleRequests: { method: 'GET', path: '/me/role-requests', summary: 'My role requests', tag: 'me', access: 'user', response: 'RoleRequestResponse[]' },
  createRoleRequest: { method: 'POST', path: '/me/role-requests', summary: 'Ask for a role in a unit', tag: 'me', access: 'user', body: createRoleRequestSchema, response: 'RoleRequestResponse' },
  unitTree: { method: 'GET', path: '/units/tree', summary: 'The jurisdiction tree (public)', tag: 'units', access: 'public', query: unitTreeQuerySchema, response: 'UnitTreeNode[]' },
  unitDetail: { method: 'GET', path: '/units/:id', summary: 'One unit with ancestors, polygon and counts', tag: 'units', access: 'public', response: 'UnitDetailResponse' },
  locate: { method: 'GET', path: '/units/locate', summary: 'Grid, community and street of a point (nearest unit when outside)', tag: 'units', access: 'public', query: locateQuerySchema, response: 'LocateResponse' },
  importDivisions: { method: 'POST', path: '/admin/units/import-divisions', summary: 'Import divisions from CSV code,name,level,parent_code', tag: 'admin', access: 'admin', body: importDivisionsSchema, response: 'ImportReport' },
  importGrids: { method: 'POST', path: '/admin/units/import-grids', summary: 'Import grid polygons from GeoJSON', tag: 'admin', access: 'admin', body: importGridsSchema, response: 'ImportReport' },
  reviewQueue: { method: 'GET', path: '/admin/role-requests', summary: 'Pending role requests inside my units', tag: 'admin', access: 'admin', response: 'RoleRequestResponse[]' },
  reviewRoleRequest: { method: 'POST', path: '/admin/role-requests/:id/review', summary: 'Approve or reject a role request', tag: 'admin', access: 'admin', body: reviewRoleRequestSchema, response: 'RoleRequestResponse' },
} as const satisfies Record<string, EndpointSpec>;

export const API = {
  ...CORE_API,
  ...NOTIFICATION_API,
  ...MEDIA_API,
  ...MODERATION_API,
  ...CATEGORY_API,
  ...TICKET_API,
  ...POINTS_API,
  ...ROTA_API,
  ...ALERT_API,
} as const;

export type EndpointName = keyof typeof API;
