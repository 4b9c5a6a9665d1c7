import {
  AlertLimits,
  AlertSeverity,
  AlertStatus,
  GroupMemberRole,
  GroupMemberStatus,
  type AlertStatus as AlertStatusT,
} from '../constants/alert';
import { Role } from '../constants/roles';
import { hasRoleOver, unitContains, unitPathsFor, type RoleGrant } from './roles';
import { pathCodes } from './unit-path';

/**
 * Pure rules of neighbourhood groups and police alerts, used by the server (policies, services) and the
 * mini-program (what to show and enable). No I/O, no Node-only APIs: compiled into the mini-program.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// ---------------------------------------------------------------- expiry and suspect photos

/** The expiry an alert form starts with: 7 days after `now`. */
export function defaultAlertExpiry(now: Date): Date {
  return new Date(now.getTime() + AlertLimits.defaultExpiryDays * DAY_MS);
}

/**
 * Why `expiresAt` is not acceptable for an alert posted at `now` (Chinese message), or null when it is:
 * at least 10 minutes and at most 90 days ahead.
 */
export function alertExpiryProblem(expiresAt: Date, now: Date): string | null {
  if (Number.isNaN(expiresAt.getTime())) return '请选择有效的截止时间';
  if (expiresAt.getTime() < now.getTime() + AlertLimits.minExpiryMinutes * MINUTE_MS) return `截止时间至少要在 ${AlertLimits.minExpiryMinutes} 分钟之后`;
  if (expiresAt.getTime() > now.getTime() + AlertLimits.maxExpiryDays * DAY_MS) return `截止时间最多为 ${AlertLimits.maxExpiryDays} 天之后`;
  return null;
}

export function isAlertExpired(alert: { expiresAt: Date | string }, now: Date): boolean {
  return new Date(alert.expiresAt).getTime() <= now.getTime();
}

/** What a member sees: withdrawn wins over expired, expired over published. */
export function alertDisplayStatus(alert: { status: AlertStatusT; expiresAt: Date | string }, now: Date): AlertStatusT | 'expired' {
  if (alert.status === AlertStatus.Withdrawn) return AlertStatus.Withdrawn;
  return isAlertExpired(alert, now) ? 'expired' : AlertStatus.Published;
}

/**
 * May members still see a photo of this alert? Photos of a suspect disappear at expiry (and with a
 * withdrawal); every photo disappears with a withdrawal. The officers who run it still see them.
 */
export function alertPhotoVisibleToMembers(alert: { status: AlertStatusT; expiresAt: Date | string }, photo: { suspect: boolean }, now: Date): boolean {
  if (alert.status === AlertStatus.Withdrawn) return false;
  return !photo.suspect || !isAlertExpired(alert, now);
}

/** A case number is required as soon as one photo shows a suspect. */
export function alertNeedsCaseNumber(photos: readonly { suspect: boolean }[]): boolean {
  return photos.some((p) => p.suspect);
}

// ---------------------------------------------------------------- reminders

/** The notification ref of reminder `seq` of alert `alertId`: keeps the page link `?id=<alertId>` valid. */
export function alertReminderRef(alertId: number, seq: number): string {
  return `${alertId}&reminder=${seq}`;
}

export interface ReminderState {
  status: AlertStatusT;
  severity: AlertSeverity;
  expiresAt: Date | string;
  publishedAt: Date | string;
  remindersSent: number;
  lastRemindedAt: Date | string | null;
}

/**
 * Why an officer may not remind now (Chinese), or null: only urgent, published, unexpired alerts, at most
 * `maxReminders` times, `reminderGapMinutes` apart (counted from posting for the first one).
 */
export function reminderProblem(a: ReminderState, now: Date): string | null {
  if (a.severity !== AlertSeverity.Urgent) return '只有紧急警情可以提醒未确认的成员';
  if (a.status !== AlertStatus.Published) return '警情已撤回';
  if (isAlertExpired(a, now)) return '警情已过期';
  if (a.remindersSent >= AlertLimits.maxReminders) return `每条警情最多提醒 ${AlertLimits.maxReminders} 次`;
  const last = new Date(a.lastRemindedAt ?? a.publishedAt).getTime();
  if (now.getTime() - last < AlertLimits.reminderGapMinutes * MINUTE_MS) return `两次提醒至少间隔 ${AlertLimits.reminderGapMinutes} 分钟`;
  return null;
}

/** Is the automatic reminder of an urgent alert due? (Once, `autoReminderAfterMinutes` after posting.) */
export function autoReminderDue(a: ReminderState, now: Date): boolean {
  if (a.remindersSent > 0) return false;
  if (now.getTime() - new Date(a.publishedAt).getTime() < AlertLimits.autoReminderAfterMinutes * MINUTE_MS) return false;
  return reminderProblem(a, now) === null;
}

// ---------------------------------------------------------------- invite codes, QR codes, share cards

/** Upper-cases and strips spaces and dashes (people type codes the way they read them). */
export function normalizeInviteCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

export function isInviteCode(code: string): boolean {
  if (code.length !== AlertLimits.inviteCodeLength) return false;
  return Array.from(code).every((ch) => AlertLimits.inviteCodeAlphabet.includes(ch));
}

/** A new invite code from `random` (bytes from a secure source): rejection sampling keeps it uniform. */
export function makeInviteCode(random: (n: number) => ArrayLike<number>): string {
  const alphabet = AlertLimits.inviteCodeAlphabet;
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < AlertLimits.inviteCodeLength) {
    const bytes = random(16);
    for (let i = 0; i < bytes.length && out.length < AlertLimits.inviteCodeLength; i++) {
      if (bytes[i] < limit) out += alphabet[bytes[i] % alphabet.length];
    }
  }
  return out;
}

/** The mini-program page joining a group opens (no leading slash: WeChat's `page` form). */
export const GROUP_JOIN_PAGE = 'packages/alert/join/index';

/** The `scene` of a group's mini-program code (getwxacodeunlimit: <= 32 visible characters). */
export function groupQrScene(code: string): string {
  return `c=${code}`;
}

/** The invite code in a mini-program code's scene (URL-decoded or not), or null. */
export function parseGroupQrScene(scene: string): string | null {
  let s = scene;
  try {
    s = decodeURIComponent(scene);
  } catch {
    return null;
  }
  const m = /^c=([A-Za-z0-9]+)$/.exec(s);
  if (!m) return null;
  const code = normalizeInviteCode(m[1]);
  return isInviteCode(code) ? code : null;
}

/** The path a share card of the group opens (leading slash: Taro's share `path`). */
export function groupSharePath(code: string): string {
  return `/${GROUP_JOIN_PAGE}?code=${code}&via=share_card`;
}

// ---------------------------------------------------------------- units and the police station

/** Unit levels a group may cover (a group is for a street, a community or a grid). */
export const GROUP_UNIT_DEPTHS = { min: 2, max: 4 } as const;

/** May a group cover the unit at `unitPath`? (street, community or grid: 2-4 codes deep) */
export function isGroupUnitPath(unitPath: string): boolean {
  const depth = pathCodes(unitPath).length;
  return depth >= GROUP_UNIT_DEPTHS.min && depth <= GROUP_UNIT_DEPTHS.max;
}

/**
 * The police station (派出所) of a unit: Linli maps one station to one street (街道), so it is the street
 * part of the path (`/320111/320111001/`), or null above street level.
 */
export function stationPathOf(unitPath: string): string | null {
  const codes = pathCodes(unitPath);
  return codes.length >= 2 ? `/${codes.slice(0, 2).join('/')}/` : null;
}

/** Is the caller an officer of the station at `stationPath` (a police grant on the street or inside it)? */
export function isStationOfficer(grants: readonly RoleGrant[], stationPath: string): boolean {
  return unitPathsFor(grants, Role.CommunityPolice).some((p) => unitContains(stationPath, p));
}

export function isPolice(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === Role.CommunityPolice);
}

/** May the caller create a group for the unit at `unitPath`? Police or admin over it; street to grid. */
export function canCreateGroupIn(grants: readonly RoleGrant[], unitPath: string): boolean {
  if (!isGroupUnitPath(unitPath)) return false;
  return hasRoleOver(grants, Role.CommunityPolice, unitPath) || hasRoleOver(grants, Role.Admin, unitPath);
}

/** A caller's standing in one group, as the policies need it. */
export interface GroupStanding {
  /** The group's unit. */
  unitPath: string;
  /** The caller's membership (null: not a member). */
  membership: { role: GroupMemberRole; status: GroupMemberStatus } | null;
}

/** What the caller may do in a group (sent to the client as abilities, checked by the server). */
export interface GroupAbilities {
  /** Post alerts to it: an active officer member who holds the community_police role. */
  post: boolean;
  /** Approve join requests: officers, co-admins, admins over the group's unit. */
  approve: boolean;
  /** Edit the group, change roles, remove members, rotate the invite code: officers and admins. */
  manage: boolean;
  /** Read the group's tips: officers of its station (police grant inside its street). */
  readTips: boolean;
  /** See alerts and the member list: active members and the managers above. */
  view: boolean;
}

export function groupAbilities(grants: readonly RoleGrant[], g: GroupStanding): GroupAbilities {
  const active = g.membership?.status === GroupMemberStatus.Active;
  const role = active ? g.membership!.role : null;
  const admin = hasRoleOver(grants, Role.Admin, g.unitPath);
  const officer = role === GroupMemberRole.Officer;
  const station = stationPathOf(g.unitPath);
  return {
    post: officer && isPolice(grants),
    approve: officer || role === GroupMemberRole.CoAdmin || admin,
    manage: officer || admin,
    readTips: station !== null && isStationOfficer(grants, station),
    view: active || admin,
  };
}

/** May the caller send an alert to the members of their groups inside the unit at `unitPath`? */
export function canTargetArea(grants: readonly RoleGrant[], unitPath: string): boolean {
  return pathCodes(unitPath).length >= 3 && hasRoleOver(grants, Role.CommunityPolice, unitPath);
}

/** Is a role change allowed: only holders of the police role may be made officers. */
export function roleChangeProblem(target: { isPolice: boolean }, role: GroupMemberRole): string | null {
  if (role === GroupMemberRole.Officer && !target.isPolice) return '只有社区民警可以设为群民警';
  return null;
}

/** The catalogue category a tip becomes by default when an officer turns it into a ticket: 治安线索. */
export const TIP_TICKET_DEFAULT_CATEGORY = 'ZA-1201';

/** Categories offered when turning a tip into a ticket, with the answers their required questions get. */
export const TIP_TICKET_CATEGORIES: ReadonlyArray<{ code: string; label: string; answers: Record<string, string> }> = [
  { code: 'ZA-1201', label: '治安线索', answers: { ongoing: 'unknown' } },
  { code: 'ZA-1206', label: '治安防范隐患', answers: {} },
  { code: 'ZA-1207', label: '电信诈骗线索', answers: {} },
];
