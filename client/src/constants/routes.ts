/** Every page path in one place; keep in sync with app.config.ts. */
export const Routes = {
  home: '/pages/home/index',
  me: '/pages/me/index',
  login: '/pages/login/index',
  profile: '/packages/account/profile/index',
  myData: '/packages/account/my-data/index',
  roleRequest: '/packages/account/role-request/index',
  settings: '/packages/account/settings/index',
  privacy: '/packages/account/privacy/index',
  adminUnits: '/packages/admin/units/index',
  adminRoleRequests: '/packages/admin/role-requests/index',
  locate: '/packages/units/locate/index',
  inbox: '/packages/notification/inbox/index',
  subscriptions: '/packages/notification/subscriptions/index',
  moderationQueue: '/packages/moderation/queue/index',
  auditLogs: '/packages/moderation/audit/index',
  ticketReport: '/packages/ticket/report/index',
  ticketMine: '/packages/ticket/mine/index',
  ticketDetail: '/packages/ticket/detail/index',
  commandDispatcher: '/packages/command/dispatcher/index',
  commandGrid: '/packages/command/grid/index',
  commandDepartment: '/packages/command/department/index',
  commandDistrict: '/packages/command/district/index',
  commandEntry: '/packages/command/entry/index',
} as const;

export const TAB_ROUTES: readonly string[] = [Routes.home, Routes.me];
