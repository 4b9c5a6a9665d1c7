import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import {
  decodeIdCursor,
  decodeQueueCursor,
  encodeIdCursor,
  encodeQueueCursor,
  ErrorCode,
  pathCodes,
  TicketStatusGroupStatuses,
  type MyTicketsQuery,
  type Page,
  type TicketQueueQuery,
  type TicketResponse,
  type TicketSummary,
} from '@linli/shared';
import type { AuthState } from '../../common/auth/auth.context';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { TicketAssignmentEntity, TicketEntity } from './ticket.entities';
import { grantsOf, type TicketActor } from './ticket.policy';
import { TicketReader } from './ticket.reader';

const badCursor = () => new AppError(ErrorCode.ValidationFailed, { message: 'cursor: 分页参数无效', fields: { cursor: '分页参数无效' } });

/** The four staff queues. */
export type QueueKind = 'dispatcher' | 'grid' | 'department' | 'district';

/**
 * Reading tickets: one ticket's detail, "my tickets", and the staff queues. The queues are keyset pages
 * over (due_at, id) inside an equality prefix that an index covers (see the migration), so a page
 * 10,000 deep costs what the first page costs.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketQueueService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  reader: TicketReader;

  /** One ticket for the caller. @throws AppError NOT_FOUND (missing, or no capacity on it). */
  async detail(actor: TicketActor, id: number): Promise<TicketResponse> {
    const m = this.dataSource.manager;
    const access = await this.reader.access(m, actor, id);
    if (!access) throw notFound();
    return this.reader.detail(m, actor, access);
  }

  /** The caller's reports and the ones they joined, newest first. */
  async mine(auth: AuthState, query: MyTicketsQuery): Promise<Page<TicketSummary>> {
    const m = this.dataSource.manager;
    const qb = m
      .createQueryBuilder(TicketEntity, 't')
      .where(
        new Brackets((b) => {
          b.where('t.reporter_id = :me', { me: auth.userId }).orWhere('t.id IN (SELECT c.ticket_id FROM ticket_co_reporters c WHERE c.user_id = :me)', { me: auth.userId });
        }),
      );
    if (query.group) qb.andWhere('t.status IN (:...statuses)', { statuses: TicketStatusGroupStatuses[query.group] });
    if (query.cursor) {
      const id = decodeIdCursor(query.cursor);
      if (id === null) throw badCursor();
      qb.andWhere('t.id < :cursor', { cursor: id });
    }
    const rows = await qb.orderBy('t.id', 'DESC').limit(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    return {
      items: await this.reader.summaries(m, auth, page, { staff: false }),
      nextCursor: rows.length > query.limit ? encodeIdCursor(page[page.length - 1].id) : null,
    };
  }

  /**
   * A staff queue ordered by time left. The scope comes from the caller's grants for the queue's role;
   * a caller without one is FORBIDDEN. Filters narrow it; without `status`, open tickets only.
   */
  async queue(auth: AuthState, kind: QueueKind, query: TicketQueueQuery, now = new Date()): Promise<Page<TicketSummary>> {
    const cursor = query.cursor ? decodeQueueCursor(query.cursor) : null;
    if (query.cursor && (!cursor || cursor.dueAt === null)) throw badCursor();
    const m = this.dataSource.manager;
    let rows: TicketEntity[];
    if (kind === 'department') {
      rows = await this.departmentRows(auth, query, cursor);
    } else {
      const qb = m.createQueryBuilder(TicketEntity, 't');
      this.scope(qb, auth, kind, query);
      this.filters(qb, query, 't');
      if (cursor) {
        qb.andWhere(new Brackets((b) => b.where('t.due_at > :cd', { cd: cursor.dueAt }).orWhere('t.due_at = :cd AND t.id > :cid', { cd: cursor.dueAt, cid: cursor.id })));
      }
      rows = await qb.orderBy('t.due_at', 'ASC').addOrderBy('t.id', 'ASC').limit(query.limit + 1).getMany();
    }
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.reader.summaries(m, auth, page, { staff: true, now }),
      nextCursor: rows.length > query.limit ? encodeQueueCursor({ dueAt: last.dueAt, id: last.id }) : null,
    };
  }

  /** Restricts the query to the caller's units for the queue, or FORBIDDEN. */
  private scope(qb: SelectQueryBuilder<TicketEntity>, auth: AuthState, kind: QueueKind, query: TicketQueueQuery): void {
    if (kind === 'grid') {
      const grids = grantsOf(auth.grants, 'grid_worker').map((g) => g.unitId!);
      if (!grids.length) throw forbidden();
      qb.where('t.grid_id IN (:...grids)', { grids });
      return;
    }
    const districts = grantsOf(auth.grants, 'district_dispatcher').map((g) => g.unitId!);
    if (kind === 'district') {
      if (!districts.length) throw forbidden();
      qb.where('t.district_id IN (:...districts)', { districts }).andWhere('t.level = :district', { district: 'district' });
      if (query.streetId) qb.andWhere('t.street_id = :street', { street: query.streetId });
      return;
    }
    const streets = grantsOf(auth.grants, 'street_dispatcher').map((g) => g.unitId!);
    if (!streets.length && !districts.length) throw forbidden();
    if (query.streetId) {
      // A street filter inside the caller's scope (a district dispatcher picks one of its streets).
      qb.where('t.street_id = :street', { street: query.streetId });
      qb.andWhere(
        new Brackets((b) => {
          if (streets.length) b.orWhere('t.street_id IN (:...streets)', { streets });
          if (districts.length) b.orWhere('t.district_id IN (:...districts)', { districts });
        }),
      );
    } else if (streets.length && !districts.length) {
      qb.where('t.street_id IN (:...streets)', { streets });
    } else {
      qb.where(
        new Brackets((b) => {
          if (streets.length) b.orWhere('t.street_id IN (:...streets)', { streets });
          if (districts.length) b.orWhere('t.district_id IN (:...districts)', { districts });
        }),
      );
    }
    if (query.level) qb.andWhere('t.level = :level', { level: query.level });
  }

  /** The optional filters (on the tickets table under `alias`). */
  private filters(qb: SelectQueryBuilder<any>, query: TicketQueueQuery, alias: string, statusColumn = `${alias}.status`, openColumn = `${alias}.is_open`): void {
    if (query.status?.length) qb.andWhere(`${statusColumn} IN (:...statuses)`, { statuses: query.status });
    else qb.andWhere(`${openColumn} = :open`, { open: true });
    if (query.categoryCode) qb.andWhere(`${alias}.category_code = :category`, { category: query.categoryCode });
    if (query.communityId) qb.andWhere(`${alias}.community_id = :community`, { community: query.communityId });
    if (query.source?.length) qb.andWhere(`${alias}.source IN (:...sources)`, { sources: query.source });
    if (query.overdue !== undefined) qb.andWhere(`${alias}.overdue = :overdue`, { overdue: query.overdue });
    if (query.extensionPending !== undefined) qb.andWhere(`${alias}.extension_pending = :ext`, { ext: query.extensionPending });
  }

  /**
   * The department queue: tickets assigned to the caller's department inside the unit of their grant,
   * read through ticket_assignments (department, district or street, open, due_at, ticket_id).
   */
  private async departmentRows(auth: AuthState, query: TicketQueueQuery, cursor: { dueAt: Date | null; id: number } | null): Promise<TicketEntity[]> {
    const grants = grantsOf(auth.grants, 'department_handler').filter((g) => g.department);
    if (!grants.length) throw forbidden();
    const m = this.dataSource.manager;
    const qb = m
      .createQueryBuilder(TicketAssignmentEntity, 'a')
      .innerJoin(TicketEntity, 't', 't.id = a.ticket_id')
      .select('a.ticket_id', 'id')
      .where(
        new Brackets((b) => {
          grants.forEach((g, i) => {
            const column = pathCodes(g.unitPath!).length <= 1 ? 'a.district_id' : 'a.street_id';
            b.orWhere(`(a.department = :dep${i} AND ${column} = :unit${i})`, { [`dep${i}`]: g.department, [`unit${i}`]: g.unitId });
          });
        }),
      );
    this.filters(qb, query, 't', 'a.status', 'a.is_open');
    if (query.streetId) qb.andWhere('a.street_id = :street', { street: query.streetId });
    if (cursor) {
      qb.andWhere(new Brackets((b) => b.where('a.due_at > :cd', { cd: cursor.dueAt }).orWhere('a.due_at = :cd AND a.ticket_id > :cid', { cd: cursor.dueAt, cid: cursor.id })));
    }
    const ids = (await qb.orderBy('a.due_at', 'ASC').addOrderBy('a.ticket_id', 'ASC').limit(query.limit + 1).getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const tickets = await m.find(TicketEntity, { where: { id: In(unique) } });
    const byId = new Map(tickets.map((t) => [t.id, t]));
    return unique.map((id) => byId.get(id)!).filter(Boolean);
  }
}
