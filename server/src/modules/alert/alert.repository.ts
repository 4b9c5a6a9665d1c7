import { EntityManager, In } from 'typeorm';
import { DELIVERY_FINAL_STATUSES, DeliveryStatus, GroupMemberStatus, Role, type DeliveryStatus as DeliveryStatusT } from '@linli/shared';
import { UnitEntity } from '../unit/unit.entity';
import { RoleGrantEntity } from '../user/role-grant.entity';
import { UserEntity } from '../user/user.entity';
import { GroupEntity, GroupMemberEntity } from './group.entity';

/**
 * Queries the alert module's services share. Plain functions over an EntityManager (the caller's
 * transaction or the data source's manager), so each service stays one use case per method.
 */

export interface UnitRef {
  id: number;
  name: string;
  level: string;
  path: string;
}

export async function loadUnits(m: EntityManager, ids: number[]): Promise<Map<number, UnitRef>> {
  const unique = [...new Set(ids.filter((i) => Number.isInteger(i) && i > 0))];
  if (!unique.length) return new Map();
  const rows = await m.find(UnitEntity, { where: { id: In(unique) }, select: ['id', 'name', 'level', 'path'] });
  return new Map(rows.map((u) => [u.id, { id: u.id, name: u.name, level: u.level, path: u.path }]));
}

export async function loadUnitsByPath(m: EntityManager, paths: string[]): Promise<Map<string, UnitRef>> {
  const unique = [...new Set(paths.filter(Boolean))];
  if (!unique.length) return new Map();
  const rows = await m.find(UnitEntity, { where: { path: In(unique) }, select: ['id', 'name', 'level', 'path'] });
  return new Map(rows.map((u) => [u.path, { id: u.id, name: u.name, level: u.level, path: u.path }]));
}

export interface UserRef {
  id: number;
  nickname: string;
  avatarUrl: string | null;
}

export async function loadUsers(m: EntityManager, ids: Array<number | null>): Promise<Map<number, UserRef>> {
  const unique = [...new Set(ids.filter((i): i is number => i !== null && i > 0))];
  if (!unique.length) return new Map();
  const rows = await m.find(UserEntity, { where: { id: In(unique) }, select: ['id', 'nickname', 'avatarUrl'] });
  return new Map(rows.map((u) => [u.id, { id: u.id, nickname: u.nickname, avatarUrl: u.avatarUrl }]));
}

/** Does the user hold the community_police role anywhere? (Officers of a group must.) */
export async function holdsPoliceRole(m: EntityManager, userId: number): Promise<boolean> {
  return m.exists(RoleGrantEntity, { where: { userId, role: Role.CommunityPolice } });
}

export async function findMembership(m: EntityManager, groupId: number, userId: number): Promise<GroupMemberEntity | null> {
  return m.findOne(GroupMemberEntity, { where: { groupId, userId } });
}

/** The user's membership rows of `groupIds`, by group id. */
export async function membershipsOf(m: EntityManager, userId: number, groupIds: number[]): Promise<Map<number, GroupMemberEntity>> {
  if (!groupIds.length) return new Map();
  const rows = await m.find(GroupMemberEntity, { where: { userId, groupId: In([...new Set(groupIds)]) } });
  return new Map(rows.map((r) => [r.groupId, r]));
}

/** Ids of the groups where the user is an active officer. */
export async function officerGroupIds(m: EntityManager, userId: number): Promise<number[]> {
  const rows = await m.find(GroupMemberEntity, { where: { userId, role: 'officer', status: GroupMemberStatus.Active }, select: ['groupId'] });
  return rows.map((r) => r.groupId);
}

export interface GroupCounts {
  active: number;
  pending: number;
}

/** Active and pending members per group. */
export async function memberCounts(m: EntityManager, groupIds: number[]): Promise<Map<number, GroupCounts>> {
  const out = new Map<number, GroupCounts>(groupIds.map((id) => [id, { active: 0, pending: 0 }]));
  if (!groupIds.length) return out;
  const rows: Array<{ group_id: number; status: string; n: number }> = await m
    .createQueryBuilder(GroupMemberEntity, 'g')
    .select('g.group_id', 'group_id')
    .addSelect('g.status', 'status')
    .addSelect('COUNT(*)', 'n')
    .where('g.group_id IN (:...ids)', { ids: groupIds })
    .andWhere('g.status IN (:...statuses)', { statuses: [GroupMemberStatus.Active, GroupMemberStatus.Pending] })
    .groupBy('g.group_id')
    .addGroupBy('g.status')
    .getRawMany();
  for (const r of rows) {
    const c = out.get(Number(r.group_id));
    if (!c) continue;
    if (r.status === GroupMemberStatus.Active) c.active = Number(r.n);
    else c.pending = Number(r.n);
  }
  return out;
}

/** Active officers per group (id and nickname), for the group cards. */
export async function officersOf(m: EntityManager, groupIds: number[]): Promise<Map<number, Array<{ id: number; nickname: string }>>> {
  const out = new Map<number, Array<{ id: number; nickname: string }>>(groupIds.map((id) => [id, []]));
  if (!groupIds.length) return out;
  const rows: Array<{ group_id: number; id: number; nickname: string }> = await m
    .createQueryBuilder(GroupMemberEntity, 'g')
    .innerJoin(UserEntity, 'u', 'u.id = g.user_id')
    .select('g.group_id', 'group_id')
    .addSelect('u.id', 'id')
    .addSelect('u.nickname', 'nickname')
    .where('g.group_id IN (:...ids)', { ids: groupIds })
    .andWhere("g.role = 'officer' AND g.status = :active", { active: GroupMemberStatus.Active })
    .orderBy('g.id', 'ASC')
    .getRawMany();
  for (const r of rows) out.get(Number(r.group_id))?.push({ id: Number(r.id), nickname: r.nickname });
  return out;
}

export async function loadGroups(m: EntityManager, ids: number[]): Promise<Map<number, GroupEntity>> {
  if (!ids.length) return new Map();
  const rows = await m.find(GroupEntity, { where: { id: In([...new Set(ids)]) } });
  return new Map(rows.map((g) => [g.id, g]));
}

/** The dedupe-key prefix of an alert's own police_alert notifications (reminders have `<id>&reminder=n`). */
export const alertNotificationPrefix = (alertId: number) => `police_alert:${alertId}:`;

/** WeChat delivery counts of an alert's police_alert notifications (reminders not included). */
export async function deliveryCounts(m: EntityManager, alertId: number): Promise<Record<DeliveryStatusT, number>> {
  const counts = Object.fromEntries(Object.values(DeliveryStatus).map((s) => [s, 0])) as Record<DeliveryStatusT, number>;
  const rows: Array<{ status: DeliveryStatusT; n: number }> = await m.query(
    `SELECT d.status AS status, COUNT(*) AS n FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id
     WHERE n.dedupe_key LIKE ? GROUP BY d.status`,
    [`${alertNotificationPrefix(alertId)}%`],
  );
  for (const r of rows) if (r.status in counts) counts[r.status] = Number(r.n);
  return counts;
}

/** Delivery state of the alert's message per user, with WeChat's errcode (or interrupted / withdrawn / no_openid). */
export async function deliveryStates(m: EntityManager, alertId: number, userIds: number[]): Promise<Map<number, { status: DeliveryStatusT; errcode: string | null }>> {
  if (!userIds.length) return new Map();
  const keys = userIds.map((id) => `${alertNotificationPrefix(alertId)}${id}`);
  const rows: Array<{ user_id: number; status: DeliveryStatusT; last_errcode: string | null }> = await m.query(
    `SELECT n.user_id AS user_id, d.status AS status, d.last_errcode AS last_errcode FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id
     WHERE n.dedupe_key IN (${keys.map(() => '?').join(', ')})`,
    keys,
  );
  return new Map(rows.map((r) => [Number(r.user_id), { status: r.status, errcode: r.last_errcode }]));
}

/** Is a delivery state final (it will not change any more)? */
export const isFinalDelivery = (s: DeliveryStatusT) => DELIVERY_FINAL_STATUSES.includes(s);
