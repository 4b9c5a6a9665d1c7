import {
  DepartmentCode,
  DepartmentNameZh,
  maskPhone,
  Role,
  RoleGrant,
  RoleGrantResponse,
  RoleLabelZh,
  RoleRequestResponse,
  RoleRequestStatusLabelZh,
  ROLES,
  MyDataExport,
  MyFeatureData,
  UnitLevel,
  UserResponse,
} from '@linli/shared';
import type { SessionEntity } from '../auth/session.entity';
import type { RoleRequestEntity } from './role-request.entity';
import type { UserEntity } from './user.entity';
import { abilitiesOf } from './user.policy';

/** The part of a unit responses show. */
export interface UnitSummary {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  path: string;
}

/** A role grant with its unit, as services hand it to presenters. */
export interface GrantView {
  role: Role;
  unit: UnitSummary;
  /** Department of a department_handler grant; null (or absent) otherwise. */
  department?: DepartmentCode | null;
}

/** A user as services hand it to presenters: `phone` is decrypted, presenters decide what to show. */
export interface UserView {
  user: UserEntity;
  phone: string | null;
  grants: GrantView[];
}

export interface RoleRequestView {
  request: RoleRequestEntity;
  unit: UnitSummary;
  /** Present for reviewers only. */
  applicant?: { id: number; nickname: string; phone: string | null };
}

export interface ExportView extends UserView {
  requests: RoleRequestView[];
  sessions: SessionEntity[];
  notifications: Array<{ title: string; body: string; createdAt: Date; readAt: Date | null }>;
  media: Array<{ id: number; purpose: string; mime: string; bytes: number; createdAt: Date }>;
  /** The feature modules' sections, already presented by their exporters. */
  features: MyFeatureData;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const unitOut = (u: UnitSummary) => ({ id: u.id, code: u.code, name: u.name, level: u.level });
/** `department` only on grants that carry one, so other responses keep their shape. */
const departmentOut = (d: DepartmentCode | null | undefined) => (d ? { department: { code: d, name: DepartmentNameZh[d] ?? d } } : {});

/** The grants in the shape policies take. */
export function toRoleGrants(grants: readonly GrantView[]): RoleGrant[] {
  return grants.map((g) => ({ role: g.role, unitId: g.unit.id, unitPath: g.unit.path, department: g.department ?? null }));
}

/** Roles list: resident first (everyone holds it, bound to no unit), then by role order and unit code. */
export function presentRoles(grants: readonly GrantView[]): RoleGrantResponse[] {
  const sorted = [...grants].sort(
    (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.unit.code.localeCompare(b.unit.code),
  );
  return [
    { role: Role.Resident, roleLabel: RoleLabelZh.resident, unit: null },
    ...sorted.filter((g) => g.role !== Role.Resident).map((g) => ({ role: g.role, roleLabel: RoleLabelZh[g.role], unit: unitOut(g.unit), ...departmentOut(g.department) })),
  ];
}

/** The signed-in user: phone masked, roles, abilities. */
export function presentUser(v: UserView): UserResponse {
  return {
    id: v.user.id,
    nickname: v.user.nickname,
    avatarUrl: v.user.avatarUrl,
    phoneMasked: maskPhone(v.phone),
    roles: presentRoles(v.grants),
    abilities: abilitiesOf(toRoleGrants(v.grants)),
    createdAt: iso(v.user.createdAt)!,
  };
}

export function presentRoleRequest(v: RoleRequestView): RoleRequestResponse {
  const r = v.request;
  const out: RoleRequestResponse = {
    id: r.id,
    role: r.role,
    roleLabel: RoleLabelZh[r.role],
    unit: unitOut(v.unit),
    reason: r.reason,
    ...departmentOut(r.departmentCode),
    status: r.status,
    statusLabel: RoleRequestStatusLabelZh[r.status],
    reviewNote: r.reviewNote,
    createdAt: iso(r.createdAt)!,
    reviewedAt: iso(r.reviewedAt),
  };
  if (v.applicant) {
    out.applicant = { id: v.applicant.id, nickname: v.applicant.nickname, phoneMasked: maskPhone(v.applicant.phone) };
  }
  return out;
}

/** Everything held about the user, the full phone number included (it is their own data). */
export function presentExport(v: ExportView): MyDataExport {
  return {
    exportedAt: new Date().toISOString(),
    profile: { id: v.user.id, nickname: v.user.nickname, avatarUrl: v.user.avatarUrl, phone: v.phone, createdAt: iso(v.user.createdAt)! },
    roles: presentRoles(v.grants),
    roleRequests: v.requests.map(presentRoleRequest),
    sessions: v.sessions.map((s) => ({ createdAt: iso(s.createdAt)!, expiresAt: iso(s.expiresAt)!, lastUsedAt: iso(s.lastUsedAt) })),
    notifications: v.notifications.map((n) => ({ title: n.title, body: n.body, createdAt: iso(n.createdAt)!, readAt: iso(n.readAt) })),
    media: v.media.map((x) => ({ id: x.id, purpose: x.purpose, mime: x.mime, bytes: x.bytes, createdAt: iso(x.createdAt)! })),
    ...v.features,
  };
}
