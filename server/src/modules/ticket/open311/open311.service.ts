import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CategorySnapshot,
  MajorCategoryDefinition,
  MinorCategoryDefinition,
  Open311Request,
  Open311RequestsQuery,
  Open311Service as Open311ServiceItem,
  Open311ServiceDefinition,
} from '@linli/shared';
import { AppError } from '../../../common/errors/app.error';
import { CategoryEntity } from '../../category/category.entity';
import { CategoryService } from '../../category/category.service';
import { dbTime, kindOf } from '../ticket.db';
import { loadCategoryNames, loadUnitNames } from '../figures/names.repository';
import { Open311SubmissionEntity } from './open311.entities';
import { presentOpen311Request, presentService, presentServiceDefinition } from './open311.presenter';
import { PUBLIC_TICKET_COLUMNS, PUBLIC_TICKET_WHERE, PUBLIC_TICKET_WHERE_WITH_REFUSED, PublicTicketRow } from './public-tickets';

/** The standard's defaults: a span of at most 90 days, the first 1000 requests. */
export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_MAX_REQUESTS = 1000;
/** Ticket numbers (`320111001-20261123-0007`) are accepted wherever an id is. */
const TICKET_NUMBER = /^\d{6,12}-\d{8}-\d{4,}$/;

/**
 * An Open311 failure: the HTTP status and the English description the standard's error array carries.
 * The controller turns it (and any AppError) into `[{ code, description }]`.
 */
export class Open311Failure extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
  }
}

/**
 * Open311 GeoReport v2, read side: services (active minor categories), service definitions (their
 * questions), requests (public tickets, without reporters). The write side is `Open311SubmitService`.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class Open311QueryService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  categories: CategoryService;

  /** Active minor categories of active majors, in catalogue order. */
  async services(): Promise<Open311ServiceItem[]> {
    return (await this.activeSnapshots()).map(presentService);
  }

  /**
   * The questions of one active category as attributes.
   * @throws Open311Failure 404 when the code is unknown or inactive.
   */
  async definition(code: string): Promise<Open311ServiceDefinition> {
    return presentServiceDefinition(await this.snapshot(code));
  }

  /** The current snapshot of an active minor category, or 404 in the standard's words. */
  async snapshot(code: string, m?: EntityManager): Promise<CategorySnapshot> {
    try {
      return await this.categories.current(code, m);
    } catch (e) {
      if (e instanceof AppError) throw new Open311Failure(404, `service_code ${code} not found`);
      throw e;
    }
  }

  /**
   * Requests matching the query: by ids (comma list; overrides the rest), else those requested in the
   * window (default: the last 90 days; at most 90 days), of the service codes and status given, newest
   * first, at most 1000.
   * @throws Open311Failure 400 for a window that is reversed or longer than 90 days.
   */
  async requests(query: Open311RequestsQuery, now = new Date()): Promise<Open311Request[]> {
    const m = this.dataSource.manager;
    if (query.service_request_id) {
      const ids = [...new Set(query.service_request_id.split(',').map(Number))].slice(0, OPEN311_MAX_REQUESTS);
      const rows: PublicTicketRow[] = await m.query(
        `SELECT ${PUBLIC_TICKET_COLUMNS} FROM tickets t WHERE t.id IN (${ids.map(() => '?').join(',')}) AND ${PUBLIC_TICKET_WHERE_WITH_REFUSED} ORDER BY t.id DESC`,
        ids,
      );
      return this.present(m, rows);
    }
    const end = query.end_date ? new Date(query.end_date) : now;
    const start = query.start_date ? new Date(query.start_date) : new Date(end.getTime() - OPEN311_WINDOW_DAYS * 86_400_000);
    if (start.getTime() > end.getTime()) throw new Open311Failure(400, 'start_date must not be after end_date');
    if (end.getTime() - start.getTime() > OPEN311_WINDOW_DAYS * 86_400_000) {
      throw new Open311Failure(400, `the range of start_date and end_date may not span more than ${OPEN311_WINDOW_DAYS} days`);
    }
    const kind = kindOf(m);
    const where = ['t.created_at >= ?', 't.created_at <= ?', PUBLIC_TICKET_WHERE];
    const params: unknown[] = [dbTime(kind, start), dbTime(kind, end)];
    const codes = (query.service_code ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (codes.length) {
      where.push(`t.category_code IN (${codes.map(() => '?').join(',')})`);
      params.push(...codes);
    }
    if (query.status === 'open') where.push('t.is_open = 1');
    if (query.status === 'closed') where.push('t.is_open = 0');
    const rows: PublicTicketRow[] = await m.query(
      `SELECT ${PUBLIC_TICKET_COLUMNS} FROM tickets t WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT ${OPEN311_MAX_REQUESTS}`,
      params,
    );
    return this.present(m, rows);
  }

  /**
   * One request by ticket id or ticket number (an array of one, as the standard has it).
   * @throws Open311Failure 404 when there is no such public request.
   */
  async request(idOrNumber: string): Promise<Open311Request[]> {
    const m = this.dataSource.manager;
    let rows: PublicTicketRow[] = [];
    if (/^\d{1,10}$/.test(idOrNumber)) {
      rows = await m.query(`SELECT ${PUBLIC_TICKET_COLUMNS} FROM tickets t WHERE t.id = ? AND ${PUBLIC_TICKET_WHERE_WITH_REFUSED}`, [Number(idOrNumber)]);
    } else if (TICKET_NUMBER.test(idOrNumber)) {
      rows = await m.query(`SELECT ${PUBLIC_TICKET_COLUMNS} FROM tickets t WHERE t.number = ? AND ${PUBLIC_TICKET_WHERE_WITH_REFUSED}`, [idOrNumber]);
    }
    if (!rows.length) throw new Open311Failure(404, `service_request_id ${idOrNumber} not found`);
    return this.present(m, rows);
  }

  private async present(m: EntityManager, rows: PublicTicketRow[]): Promise<Open311Request[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => Number(r.id));
    const [names, units, submissions] = await Promise.all([
      loadCategoryNames(m),
      loadUnitNames(m, rows.flatMap((r) => [Number(r.street_id), Number(r.district_id)])),
      m.getRepository(Open311SubmissionEntity).find({ where: { ticketId: In(ids) }, select: ['ticketId', 'mediaUrl'] }),
    ]);
    const mediaUrls = new Map(submissions.map((s) => [s.ticketId, s.mediaUrl]));
    return rows.map((r) =>
      presentOpen311Request(r, { category: names.get(r.category_code), units, mediaUrl: mediaUrls.get(Number(r.id)) ?? null }),
    );
  }

  /** Current snapshots of the active minor categories under active majors, in catalogue order. */
  private async activeSnapshots(): Promise<CategorySnapshot[]> {
    const rows = await this.dataSource.getRepository(CategoryEntity).find({ where: { active: true }, order: { sortOrder: 'ASC', code: 'ASC' } });
    const majors = new Map(rows.filter((r) => r.kind === 'major').map((r) => [r.code, r.definition as MajorCategoryDefinition]));
    return rows
      .filter((r) => r.kind === 'minor' && r.majorCode && majors.has(r.majorCode))
      .map((r) => ({ ...(r.definition as MinorCategoryDefinition), version: r.currentVersion, majorName: majors.get(r.majorCode!)!.name }));
  }
}
