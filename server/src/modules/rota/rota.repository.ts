import { EntityManager, In, IsNull } from 'typeorm';
import type { ParticipantRole } from '@linli/shared';
import { UnitEntity } from '../unit/unit.entity';
import { UserEntity } from '../user/user.entity';
import { ParticipantEntity, ParticipantUserEntity, RotaEntity, RotaMemberEntity } from './rota.entity';

/** Queries shared by the rota services: plain functions over an EntityManager (inside or outside a transaction). */

const unique = (ids: Iterable<number>) => [...new Set(ids)];

export async function byIds<T extends { id: number }>(m: EntityManager, entity: new () => T, ids: Iterable<number>): Promise<Map<number, T>> {
  const list = unique(ids);
  const out = new Map<number, T>();
  for (let i = 0; i < list.length; i += 1000) {
    const rows = await m.find(entity, { where: { id: In(list.slice(i, i + 1000)) } as never });
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

export async function unitNames(m: EntityManager, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = unique(ids);
  if (!list.length) return new Map();
  const rows = await m.find(UnitEntity, { where: { id: In(list) }, select: ['id', 'name'] });
  return new Map(rows.map((u) => [u.id, u.name]));
}

export async function nicknames(m: EntityManager, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = unique(ids);
  if (!list.length) return new Map();
  const rows = await m.find(UserEntity, { where: { id: In(list) }, select: ['id', 'nickname'] });
  return new Map(rows.map((u) => [u.id, u.nickname]));
}

/** The participants `userId` acts for, with the role. */
export async function myParticipantRoles(m: EntityManager, userId: number): Promise<Map<number, ParticipantRole>> {
  const rows = await m.find(ParticipantUserEntity, { where: { userId } });
  return new Map(rows.map((r) => [r.participantId, r.role]));
}

/** The people acting for each participant (owner first). */
export async function peopleOf(m: EntityManager, participantIds: Iterable<number>): Promise<Map<number, ParticipantUserEntity[]>> {
  const list = unique(participantIds);
  const out = new Map<number, ParticipantUserEntity[]>();
  for (let i = 0; i < list.length; i += 1000) {
    const rows = await m.find(ParticipantUserEntity, { where: { participantId: In(list.slice(i, i + 1000)) }, order: { id: 'ASC' } });
    for (const r of rows) out.set(r.participantId, [...(out.get(r.participantId) ?? []), r]);
  }
  for (const [k, v] of out) out.set(k, v.sort((a, b) => (a.role === b.role ? a.id - b.id : a.role === 'owner' ? -1 : 1)));
  return out;
}

/** User ids acting for the participants (for notifications), live accounts only. */
export async function userIdsFor(m: EntityManager, participantIds: Iterable<number>): Promise<number[]> {
  const list = unique(participantIds);
  if (!list.length) return [];
  const rows = await m
    .createQueryBuilder(ParticipantUserEntity, 'pu')
    .innerJoin(UserEntity, 'u', 'u.id = pu.user_id')
    .select('pu.user_id', 'userId')
    .where('pu.participant_id IN (:...list)', { list })
    .andWhere('u.deleted_at IS NULL')
    .getRawMany<{ userId: number }>();
  return unique(rows.map((r) => Number(r.userId)));
}

/** Open (pending/active) and past enrolments of the participants, with rota names. */
export async function membershipsOf(m: EntityManager, participantIds: Iterable<number>): Promise<Map<number, Array<{ member: RotaMemberEntity; rotaName: string }>>> {
  const list = unique(participantIds);
  const out = new Map<number, Array<{ member: RotaMemberEntity; rotaName: string }>>();
  if (!list.length) return out;
  const members = await m.find(RotaMemberEntity, { where: { participantId: In(list) }, order: { id: 'DESC' } });
  const rotas = await byIds(m, RotaEntity, members.map((x) => x.rotaId));
  for (const member of members) {
    out.set(member.participantId, [...(out.get(member.participantId) ?? []), { member, rotaName: rotas.get(member.rotaId)?.name ?? '' }]);
  }
  return out;
}

/** A live user by phone hash (for adding staff). */
export async function userByPhoneHash(m: EntityManager, hash: string): Promise<UserEntity | null> {
  return m.findOne(UserEntity, { where: { phoneHash: hash, deletedAt: IsNull() } });
}

export type { ParticipantEntity };
