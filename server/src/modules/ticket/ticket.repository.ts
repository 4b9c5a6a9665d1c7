import { In, type EntityManager } from 'typeorm';
import type { UnitRef } from '@linli/shared';
import { UnitEntity } from '../unit/unit.entity';
import { UserEntity } from '../user/user.entity';
import { TicketCoReporterEntity, TicketEntity, TicketEventEntity } from './ticket.entities';

/**
 * Reusable queries of the ticket module (units and names for presenting, co-reporters, timeline).
 * Plain functions over an EntityManager, so they run inside a caller's transaction as well.
 */

/** Unit refs by id (ids that do not exist are left out). */
export async function loadUnitRefs(m: EntityManager, ids: Iterable<number>): Promise<Map<number, UnitRef>> {
  const unique = [...new Set([...ids].filter((id) => Number.isInteger(id)))];
  if (!unique.length) return new Map();
  const rows = await m.find(UnitEntity, { where: { id: In(unique) }, select: ['id', 'code', 'name'] });
  return new Map(rows.map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]));
}

/** The unit ids every presented ticket refers to. */
export function unitIdsOf(tickets: readonly TicketEntity[]): number[] {
  return tickets.flatMap((t) => [t.gridId, t.communityId, t.streetId, t.districtId]);
}

/** Nicknames by user id (deleted users keep their placeholder nickname). */
export async function loadNicknames(m: EntityManager, ids: Iterable<number | null>): Promise<Map<number, string>> {
  const unique = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
  if (!unique.length) return new Map();
  const rows = await m.find(UserEntity, { where: { id: In(unique) }, select: ['id', 'nickname'] });
  return new Map(rows.map((u) => [u.id, u.nickname]));
}

/** Has `userId` said "me too" on the ticket? (One lookup on the unique index.) */
export async function isCoReporter(m: EntityManager, ticketId: number, userId: number): Promise<boolean> {
  return m.exists(TicketCoReporterEntity, { where: { ticketId, userId } });
}

/** Every co-reporter of a ticket. */
export async function loadCoReporters(m: EntityManager, ticketId: number): Promise<TicketCoReporterEntity[]> {
  return m.find(TicketCoReporterEntity, { where: { ticketId }, order: { id: 'ASC' } });
}

/** The ticket ids among `ticketIds` that `userId` joined. */
export async function joinedAmong(m: EntityManager, userId: number, ticketIds: number[]): Promise<Set<number>> {
  if (!ticketIds.length) return new Set();
  const rows = await m.find(TicketCoReporterEntity, { where: { userId, ticketId: In(ticketIds) }, select: ['ticketId'] });
  return new Set(rows.map((r) => r.ticketId));
}

/** The timeline, oldest first. */
export async function loadEvents(m: EntityManager, ticketId: number): Promise<TicketEventEntity[]> {
  return m.find(TicketEventEntity, { where: { ticketId }, order: { id: 'ASC' } });
}

/** Has `userId` rated the ticket since its latest closure? (One rating per person per closure.) */
export async function hasRatedSinceClosure(m: EntityManager, t: TicketEntity, userId: number): Promise<boolean> {
  if (!t.closedAt) return false;
  const qb = m
    .createQueryBuilder(TicketEventEntity, 'e')
    .where('e.ticket_id = :id', { id: t.id })
    .andWhere('e.action = :action', { action: 'rate' })
    .andWhere('e.actor_id = :userId', { userId })
    .andWhere('e.created_at >= :closedAt', { closedAt: t.closedAt });
  return (await qb.getCount()) > 0;
}
