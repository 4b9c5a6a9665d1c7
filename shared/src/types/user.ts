import type { Role, RoleRequestStatus } from '../constants/roles';
import type { UnitLevel } from '../constants/units';
import type { DepartmentCode } from '../constants/departments';
import type { MyFeatureData } from './my-data';

export interface RoleGrantResponse {
  role: Role;
  roleLabel: string;
  unit: { id: number; code: string; name: string; level: UnitLevel } | null;
  /** Department of a department_handler grant (issue 4). */
  department?: { code: DepartmentCode; name: string };
}

/** What the client may offer this user; computed by the server's policies. */
export interface UserAbilities {
  manageUnits: boolean;
  reviewRoleRequests: boolean;
  isStaff: boolean;
}

export interface UserResponse {
  id: number;
  nickname: string;
  avatarUrl: string | null;
  /** `138****1234`; the full number never leaves the server. */
  phoneMasked: string | null;
  roles: RoleGrantResponse[];
  abilities: UserAbilities;
  createdAt: string;
  /**
   * Only on PATCH /me: changes held for review instead of published (the old value stays public
   * until a moderator approves the new one).
   */
  held?: { nickname?: string };
}

export interface SessionResponse {
  token: string;
  expiresAt: string;
  user: UserResponse;
}

export interface DemoAccountResponse {
  key: string;
  role: Role;
  roleLabel: string;
  nickname: string;
  unitName: string | null;
  description: string;
}

export interface RoleRequestResponse {
  id: number;
  role: Role;
  roleLabel: string;
  unit: { id: number; code: string; name: string; level: UnitLevel };
  reason: string;
  /** Department asked for by a department_handler request (issue 4). */
  department?: { code: DepartmentCode; name: string };
  status: RoleRequestStatus;
  statusLabel: string;
  reviewNote: string | null;
  createdAt: string;
  reviewedAt: string | null;
  /** Shown to reviewers only. */
  applicant?: { id: number; nickname: string; phoneMasked: string | null };
}

/**
 * Everything Linli holds about the user (PIPL Art. 45), as exported by GET /api/me/export: the account's
 * own records here, plus the sections the feature modules register (`MyFeatureData`: tickets, points,
 * rota, groups).
 */
export interface MyDataExport extends MyFeatureData {
  exportedAt: string;
  profile: { id: number; nickname: string; avatarUrl: string | null; phone: string | null; createdAt: string };
  roles: RoleGrantResponse[];
  roleRequests: RoleRequestResponse[];
  sessions: Array<{ createdAt: string; expiresAt: string; lastUsedAt: string | null }>;
  /** In-app messages (inbox). */
  notifications: Array<{ title: string; body: string; createdAt: string; readAt: string | null }>;
  /** Uploaded photos (metadata; the files are reachable through GET /api/media/:id). */
  media: Array<{ id: number; purpose: string; mime: string; bytes: number; createdAt: string }>;
}
