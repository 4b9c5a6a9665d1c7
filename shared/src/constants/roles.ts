import type { UnitLevel } from './units';

/** Every role a user can hold. A user always holds `resident`; the others are granted. */
export const Role = {
  Resident: 'resident',
  ShopOwner: 'shop_owner',
  BuildingHead: 'building_head',
  GridWorker: 'grid_worker',
  StreetDispatcher: 'street_dispatcher',
  DistrictDispatcher: 'district_dispatcher',
  DepartmentHandler: 'department_handler',
  CommunityPolice: 'community_police',
  Admin: 'admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = Object.values(Role);

export const RoleLabelZh: Record<Role, string> = {
  resident: '居民',
  shop_owner: '商户',
  building_head: '楼栋长',
  grid_worker: '网格员',
  street_dispatcher: '街道指挥中心',
  district_dispatcher: '区指挥中心',
  department_handler: '职能部门',
  community_police: '社区民警',
  admin: '管理员',
};

/** Staff act for the government inside a unit; they see and act only inside it. */
export const STAFF_ROLES: readonly Role[] = [
  'grid_worker',
  'street_dispatcher',
  'district_dispatcher',
  'department_handler',
  'community_police',
  'admin',
];

/**
 * The unit levels a role may be bound to. `resident` is bound to nothing; the others need a unit
 * of one of these levels (a shop owner to the community or grid where the shop is, and so on).
 */
export const RoleUnitLevels: Record<Role, readonly UnitLevel[]> = {
  resident: [],
  shop_owner: ['community', 'grid'],
  building_head: ['community', 'grid'],
  grid_worker: ['grid'],
  street_dispatcher: ['street'],
  district_dispatcher: ['district'],
  department_handler: ['street', 'district'],
  community_police: ['community', 'street'],
  admin: ['district', 'street', 'community'],
};

/** Roles a user may ask for (every one but resident, which everyone holds). */
export const REQUESTABLE_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'resident');

export const RoleRequestStatus = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
  Withdrawn: 'withdrawn',
} as const;
export type RoleRequestStatus = (typeof RoleRequestStatus)[keyof typeof RoleRequestStatus];

export const RoleRequestStatusLabelZh: Record<RoleRequestStatus, string> = {
  pending: '审核中',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};
