import type { GroupMemberKind, GroupMemberRole, GroupMemberStatus } from '@linli/shared';
import { GroupEntity, GroupMemberEntity } from '../src/modules/alert/group.entity';
import type { UnitEntity } from '../src/modules/unit/unit.entity';
import type { UserEntity } from '../src/modules/user/user.entity';
import type { TestApp } from './helpers/app';

/** Shared builders of the alert test files (groups, members, credits, photos). */

let codeSeq = 0;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A fresh valid invite code (distinct per call). */
export function inviteCode(): string {
  let n = ++codeSeq + Math.floor(Math.random() * 1e6);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += ALPHABET[n % ALPHABET.length];
    n = Math.floor(n / ALPHABET.length) + i * 7;
  }
  return out;
}

/** Inserts a group for `unit` with `officer` (if any) as its active officer. */
export async function buildGroup(t: TestApp, unit: UnitEntity, officer: UserEntity | null, name = `邻里群${codeSeq + 1}`): Promise<GroupEntity> {
  const repo = t.dataSource.getRepository(GroupEntity);
  const group = await repo.save(
    repo.create({
      name,
      description: null,
      unitId: unit.id,
      unitPath: unit.path,
      stationPath: `/${unit.path.split('/').filter(Boolean).slice(0, 2).join('/')}/`,
      inviteCode: inviteCode(),
      wechatOpengid: null,
      createdBy: officer?.id ?? 0,
    }),
  );
  if (officer) await addMember(t, group, officer, { role: 'officer', kind: 'police' });
  return group;
}

/** Adds a membership row (active member by default). */
export async function addMember(
  t: TestApp,
  group: GroupEntity,
  user: UserEntity | number,
  opts: { role?: GroupMemberRole; kind?: GroupMemberKind; status?: GroupMemberStatus; unit?: UnitEntity } = {},
): Promise<GroupMemberEntity> {
  const repo = t.dataSource.getRepository(GroupMemberEntity);
  return repo.save(
    repo.create({
      groupId: group.id,
      userId: typeof user === 'number' ? user : user.id,
      role: opts.role ?? 'member',
      kind: opts.kind ?? 'shop',
      status: opts.status ?? 'active',
      unitId: opts.unit?.id ?? group.unitId,
      unitPath: opts.unit?.path ?? group.unitPath,
      via: 'invite_code',
      note: null,
      reason: null,
      reviewedBy: null,
      reviewedAt: null,
    }),
  );
}

/** Adds `userIds` as active members with multi-row INSERTs (for the fan-out tests). */
export async function bulkMembers(t: TestApp, group: GroupEntity, userIds: number[], unitPath = group.unitPath): Promise<void> {
  for (let i = 0; i < userIds.length; i += 1000) {
    const part = userIds.slice(i, i + 1000);
    const values = part.map(() => "(?, ?, 'member', 'shop', 'active', ?, ?, 'invite_code')").join(', ');
    await t.dataSource.query(
      `INSERT INTO group_members (group_id, user_id, role, kind, status, unit_id, unit_path, via) VALUES ${values}`,
      part.flatMap((id) => [group.id, id, group.unitId, unitPath]),
    );
  }
}

/** Gives every user in `userIds` `credits` police_alert credits (multi-row INSERTs). */
export async function bulkCredits(t: TestApp, userIds: number[], credits = 1, key = 'police_alert'): Promise<void> {
  for (let i = 0; i < userIds.length; i += 1000) {
    const part = userIds.slice(i, i + 1000);
    const values = part.map(() => "(?, ?, ?, 'accept', 0)").join(', ');
    await t.dataSource.query(
      `INSERT INTO notification_subscriptions (user_id, template_key, credits, last_status, unmatched_count) VALUES ${values}`,
      part.flatMap((id) => [id, key, credits]),
    );
  }
}

/** Inserts a stored photo row for `owner` (no file: enough for attaching and access checks). */
export async function buildPhoto(t: TestApp, owner: UserEntity, purpose: 'alert' | 'tip' | 'report' | 'avatar', checkStatus: 'pending' | 'pass' | 'review' | 'risky' = 'pass'): Promise<number> {
  const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await t.dataSource.query(
    `INSERT INTO media (owner_id, purpose, storage_key, thumb_key, mime, width, height, bytes, sha256, client_key, check_status)
     VALUES (?, ?, ?, ?, 'image/jpeg', 10, 10, 100, 'x', ?, ?)`,
    [owner.id, purpose, `k/${key}.jpg`, `k/${key}.thumb.webp`, key.slice(0, 60), checkStatus],
  );
  const rows = await t.dataSource.query('SELECT id FROM media WHERE client_key = ?', [key.slice(0, 60)]);
  return Number(rows[0].id);
}

/** A valid alert body for `groupIds`, expiring in 7 days. */
export function alertInput(groupIds: number[], over: Record<string, unknown> = {}) {
  return {
    groupIds,
    type: 'suspect',
    severity: 'important',
    title: '注意使用假币购物的男子',
    body: '近日有一名中年男子在津浦社区多家商户使用百元假币购物，请各位商户注意辨别，发现可疑情况及时联系社区民警。',
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    ...over,
  };
}
