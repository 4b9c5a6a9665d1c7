import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BoardItem, haversineMeters, TicketBoardQuery, TicketBoardResponse, TicketStatusLabelZh } from '@linli/shared';
import { dbTime, fromDbTime, kindOf } from '../ticket.db';
import { MediaEntity } from '../../media/media.entity';
import { MediaService } from '../../media/media.service';
import { loadCategoryNames, loadUnitNames } from '../figures/names.repository';
import { excerptOf, parseIds, PUBLIC_TICKET_COLUMNS, PUBLIC_TICKET_WHERE, PublicTicketRow } from './public-tickets';

/** The board shows what happened recently: tickets reported in the last 90 days. */
export const BOARD_WINDOW_DAYS = 90;
/** Candidates read from the bounding box before the exact distance cut (nearest first). */
const BOARD_CANDIDATES = 1000;
const METERS_PER_DEGREE_LAT = 111_320;

/**
 * The public board (GET /tickets/board): non-sensitive tickets near a point, nearest first, without
 * anything that identifies a reporter. The bounding box of the circle is read through the
 * (lat, lng, created_at) index, candidates are ordered by an equirectangular distance in SQL, and the
 * exact great-circle distance cuts the circle in code.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class BoardService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  media: MediaService;

  /** The board around `query.lat/lng` within `query.radius` metres. */
  async near(query: TicketBoardQuery, now = new Date()): Promise<TicketBoardResponse> {
    const m = this.dataSource.manager;
    const kind = kindOf(m);
    const dLat = query.radius / METERS_PER_DEGREE_LAT;
    const cos = Math.max(Math.cos((query.lat * Math.PI) / 180), 0.01);
    const dLng = query.radius / (METERS_PER_DEGREE_LAT * cos);
    const since = new Date(now.getTime() - BOARD_WINDOW_DAYS * 86_400_000);
    const where = [
      't.lat BETWEEN ? AND ?',
      't.lng BETWEEN ? AND ?',
      't.created_at >= ?',
      PUBLIC_TICKET_WHERE,
    ];
    const params: unknown[] = [query.lat - dLat, query.lat + dLat, query.lng - dLng, query.lng + dLng, dbTime(kind, since)];
    if (query.categoryCode) {
      where.push('t.category_code = ?');
      params.push(query.categoryCode);
    }
    if (query.group === 'open') where.push('t.is_open = 1');
    if (query.group === 'closed') where.push("t.status IN ('closed', 'rated')");
    const sql =
      `SELECT ${PUBLIC_TICKET_COLUMNS} FROM tickets t WHERE ${where.join(' AND ')} ` +
      `ORDER BY (t.lat - ?) * (t.lat - ?) + (t.lng - ?) * (t.lng - ?) * ? , t.id LIMIT ${BOARD_CANDIDATES}`;
    params.push(query.lat, query.lat, query.lng, query.lng, cos * cos);
    const rows: PublicTicketRow[] = await m.query(sql, params);

    const near = rows
      .map((r) => ({ r, d: haversineMeters([query.lng, query.lat], [Number(r.lng), Number(r.lat)]) }))
      .filter((x) => x.d <= query.radius)
      .sort((a, b) => a.d - b.d || Number(a.r.id) - Number(b.r.id))
      .slice(0, query.limit);

    const [names, communities, thumbs] = await Promise.all([
      loadCategoryNames(m),
      loadUnitNames(m, near.map((x) => Number(x.r.community_id))),
      this.thumbs(near.map((x) => parseIds(x.r.photo_ids)[0]).filter((id): id is number => id !== undefined)),
    ]);

    const items: BoardItem[] = near.map(({ r, d }) => {
      const cat = names.get(r.category_code);
      const photo = parseIds(r.photo_ids)[0];
      return {
        id: Number(r.id),
        number: r.number,
        category: { code: r.category_code, name: cat?.name ?? r.category_code, majorName: cat?.majorName ?? '' },
        excerpt: excerptOf(r.description),
        thumbUrl: photo !== undefined ? thumbs.get(photo) ?? null : null,
        lat: Number(r.lat),
        lng: Number(r.lng),
        address: r.address,
        communityName: communities.get(Number(r.community_id))?.name ?? '',
        distanceMeters: Math.round(d),
        status: r.status,
        statusLabel: TicketStatusLabelZh[r.status] ?? r.status,
        coReporterCount: Number(r.co_reporter_count),
        createdAt: fromDbTime(r.created_at)!.toISOString(),
        closedAt: fromDbTime(r.closed_at)?.toISOString() ?? null,
      };
    });
    return { items, center: { lat: query.lat, lng: query.lng }, radius: query.radius };
  }

  /**
   * Signed thumbnail links of the photos that passed the content check (anything else stays off the
   * board: a photo under review is not public).
   */
  async thumbs(mediaIds: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    if (!mediaIds.length) return out;
    const rows = await this.dataSource.getRepository(MediaEntity).findBy({ id: In([...new Set(mediaIds)]) });
    await Promise.all(
      rows
        .filter((media) => media.checkStatus === 'pass')
        .map(async (media) => out.set(media.id, (await this.media.signedView(media)).thumbUrl)),
    );
    return out;
  }
}
