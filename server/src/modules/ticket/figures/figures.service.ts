import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  compareFigureKeys,
  DEPARTMENTS,
  emptyFigureCounts,
  ErrorCode,
  FigureCounts,
  FiguresQuery,
  FiguresResponse,
  figuresPeriod,
  pathCodes,
  figuresRow,
  Role,
  TicketLimits,
  TicketSourceLabelZh,
  TicketSource,
  unitContains,
  UnitRef,
} from '@linli/shared';
import type { AuthState } from '../../../common/auth/auth.context';
import { AppError, forbidden, notFound } from '../../../common/errors/app.error';
import { UnitEntity } from '../../unit/unit.entity';
import { dbTime, kindOf } from '../ticket.db';
import { cohortColumns, groupKey, intakeColumns, leadDepartment } from './figures.sql';
import { loadCategoryNames, loadUnitNames } from './names.repository';

/** Roles that read figures, each inside the units of its grants: the command centres and admins (docs/FIGURES.md). */
export const FIGURES_ROLES: readonly Role[] = [Role.StreetDispatcher, Role.DistrictDispatcher, Role.Admin];

/**
 * The unit a figures query covers and the condition that selects its tickets. Every condition leads
 * with `street_id` (a district: its streets; a community or grid: its street too), the column the
 * covering figures indexes are built on.
 */
interface FiguresScope {
  unit: UnitEntity;
  where: string;
  params: unknown[];
  street: UnitEntity | null;
  community: UnitEntity | null;
}

type Num = number | string | null;
interface IntakeRow {
  k: Num;
  reported: Num;
  refused: Num;
}
interface CohortRow {
  k: Num;
  filed: Num;
  handled: Num;
  closed: Num;
  closed_on_time: Num;
  reworked: Num;
  extended: Num;
  rated: Num;
  satisfied: Num;
  co_reporters: Num;
  file_ms: Num;
  dispatched: Num;
  dispatch_ms: Num;
  close_ms: Num;
  at_grid: Num;
  at_street: Num;
  at_district: Num;
  at_department: Num;
}

const n = (v: Num) => (v === null ? 0 : Number(v));
const keyOf = (v: Num) => (v === null || v === undefined ? null : String(v));

/**
 * The figures (GET /figures, /figures/export), exactly as docs/FIGURES.md defines them: SQL sums per
 * group over the intake (created in the period) and the cohort (filed in the period, not refused), then
 * the shared `figuresRow` for rates and averages. Callers see the units of their dispatcher, admin or
 * department grants.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class FiguresService {
  @InjectDataSource()
  dataSource: DataSource;

  /**
   * The figures of `query` for the caller.
   * @throws AppError FORBIDDEN when the caller reads no figures; NOT_FOUND for a streetId / communityId
   *   that is missing, of another level or outside their grants; VALIDATION_FAILED for a community
   *   outside the given street.
   */
  async compute(auth: AuthState, query: FiguresQuery, now = new Date()): Promise<FiguresResponse> {
    const m = this.dataSource.manager;
    const scope = await this.scope(m, auth, query);
    const kind = kindOf(m);
    const period = figuresPeriod(query);
    const where = [scope.where];
    const params: unknown[] = [...scope.params];
    if (query.categoryCode) {
      where.push('t.category_code = ?');
      params.push(query.categoryCode);
    }
    if (query.source) {
      where.push('t.source = ?');
      params.push(query.source);
    }
    if (query.department) {
      where.push(`${leadDepartment(kind)} = ?`);
      params.push(query.department);
    }
    const range = [dbTime(kind, period.start), dbTime(kind, period.end)];
    const groupBy = query.groupBy ?? null;

    const intakeSql =
      `SELECT ${groupKey(kind, groupBy, 'intake')} AS k, ${intakeColumns()} FROM tickets t ` +
      `WHERE ${where.join(' AND ')} AND t.created_at >= ? AND t.created_at < ? GROUP BY k`;
    const cohortSql =
      `SELECT ${groupKey(kind, groupBy, 'cohort')} AS k, ${cohortColumns(kind, TicketLimits.satisfiedRatingMin)} FROM tickets t ` +
      `WHERE ${where.join(' AND ')} AND t.filed_at >= ? AND t.filed_at < ? AND t.status <> 'refused' GROUP BY k`;
    // Independent statements: on MySQL they run side by side on pooled connections (sql.js has one
    // connection and runs them in turn). The cohort aggregate is the heavy one (every filed ticket of the
    // period); over a long period it is split into two halves of the filing-time range, so two cores share
    // it (MySQL runs one statement on one core). Counts and sums are additive, so the halves just add up.
    const halves = kind === 'mysql' && period.end.getTime() - period.start.getTime() > 60 * 86_400_000 ? 2 : 1;
    const cuts = Array.from({ length: halves + 1 }, (_, i) => new Date(period.start.getTime() + Math.round(((period.end.getTime() - period.start.getTime()) * i) / halves)));
    const [intake, ...cohortParts]: [IntakeRow[], ...CohortRow[][]] = await Promise.all([
      m.query(intakeSql, [...params, ...range]),
      ...cuts.slice(0, -1).map((from, i) => m.query(cohortSql, [...params, dbTime(kind, from), dbTime(kind, cuts[i + 1])])),
    ]);
    const cohort = cohortParts.flat();

    const total = emptyFigureCounts();
    const groups = new Map<string | null, FigureCounts>();
    const group = (k: string | null) => {
      let c = groups.get(k);
      if (!c) groups.set(k, (c = emptyFigureCounts()));
      return c;
    };
    for (const r of intake) {
      for (const c of groupBy ? [total, group(keyOf(r.k))] : [total]) {
        c.reported += n(r.reported);
        c.refused += n(r.refused);
      }
    }
    for (const r of cohort) {
      for (const c of groupBy ? [total, group(keyOf(r.k))] : [total]) addCohort(c, r);
    }

    const labelOf = await this.labeller(m, groupBy, [...groups.keys()]);
    const ref = (u: UnitEntity | null): UnitRef | null => (u ? { id: u.id, code: u.code, name: u.name } : null);
    return {
      from: query.from,
      to: query.to,
      groupBy,
      scope: {
        street: ref(scope.street),
        community: ref(scope.community),
        categoryCode: query.categoryCode ?? null,
        source: (query.source as TicketSource | undefined) ?? null,
        department: query.department ?? null,
      },
      total: figuresRow(total, null, '合计'),
      groups: [...groups.keys()].sort(compareFigureKeys).map((k) => figuresRow(groups.get(k)!, k, labelOf(k))),
      generatedAt: now.toISOString(),
    };
  }

  /** Decides the unit of the query from its filters and the caller's grants. */
  private async scope(m: EntityManager, auth: AuthState, query: FiguresQuery): Promise<FiguresScope> {
    const paths = auth.grants.filter((g) => FIGURES_ROLES.includes(g.role) && g.unitPath).map((g) => g.unitPath as string);
    if (!paths.length) throw forbidden();
    const units = m.getRepository(UnitEntity);
    const mayRead = (u: UnitEntity) => paths.some((p) => unitContains(p, u.path));
    let street: UnitEntity | null = null;
    let community: UnitEntity | null = null;
    // A unit that does not exist, is not of the filter's level, or lies outside the caller's grants: 404,
    // the same answer for each, so unit ids cannot be probed for figures.
    if (query.streetId !== undefined) {
      street = await units.findOne({ where: { id: query.streetId } });
      if (!street || street.level !== 'street' || !mayRead(street)) throw notFound();
    }
    if (query.communityId !== undefined) {
      community = await units.findOne({ where: { id: query.communityId } });
      if (!community || community.level !== 'community' || !mayRead(community)) throw notFound();
      if (street && !unitContains(street.path, community.path)) throw invalid('communityId', '该社区不在所选街道内');
      if (!street && community.parentId) street = await units.findOne({ where: { id: community.parentId } });
    }
    if (community) return { unit: community, where: 't.street_id = ? AND t.community_id = ?', params: [community.parentId, community.id], street, community };
    if (street) return { unit: street, where: 't.street_id = ?', params: [street.id], street, community: null };
    // No filter: the widest unit the caller reads (the district for district staff).
    const widest = [...paths].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
    const code = widest.split('/').filter(Boolean).pop()!;
    const unit = await units.findOne({ where: { code } });
    if (!unit) throw forbidden();
    switch (unit.level) {
      case 'district': {
        const streets = await units.find({ where: { parentId: unit.id }, select: ['id'] });
        const ids = streets.length ? streets.map((x) => x.id) : [0];
        return { unit, where: `t.street_id IN (${ids.map(() => '?').join(', ')})`, params: ids, street: null, community: null };
      }
      case 'street':
        return { unit, where: 't.street_id = ?', params: [unit.id], street: unit, community: null };
      case 'community': {
        const parent = unit.parentId ? await units.findOne({ where: { id: unit.parentId } }) : null;
        return { unit, where: 't.street_id = ? AND t.community_id = ?', params: [unit.parentId, unit.id], street: parent, community: unit };
      }
      default: {
        const ancestors = await units.find({ where: { code: In(pathCodes(unit.path)) } });
        const streetOf = ancestors.find((a) => a.level === 'street') ?? null;
        return { unit, where: 't.street_id = ? AND t.grid_id = ?', params: [streetOf?.id ?? 0, unit.id], street: streetOf, community: ancestors.find((a) => a.level === 'community') ?? null };
      }
    }
  }

  /** Names of the groups: units and categories by their current names, departments, sources, dates. */
  private async labeller(m: EntityManager, groupBy: FiguresQuery['groupBy'] | null, keys: Array<string | null>): Promise<(k: string | null) => string> {
    const none = groupBy === 'department' ? '未派部门' : '未分组';
    switch (groupBy) {
      case 'street':
      case 'community': {
        const names = await loadUnitNames(m, keys.filter((k): k is string => k !== null).map(Number));
        return (k) => (k === null ? none : names.get(Number(k))?.name ?? k);
      }
      case 'category': {
        const names = await loadCategoryNames(m);
        return (k) => (k === null ? none : names.get(k)?.name ?? k);
      }
      case 'department':
        return (k) => (k === null ? none : DEPARTMENTS.find((d) => d.code === k)?.name ?? k);
      case 'source':
        return (k) => (k === null ? none : TicketSourceLabelZh[k as TicketSource] ?? k);
      default:
        return (k) => k ?? none;
    }
  }
}

function addCohort(c: FigureCounts, r: CohortRow): void {
  c.filed += n(r.filed);
  c.handled += n(r.handled);
  c.closed += n(r.closed);
  c.closedOnTime += n(r.closed_on_time);
  c.reworked += n(r.reworked);
  c.extended += n(r.extended);
  c.rated += n(r.rated);
  c.satisfied += n(r.satisfied);
  c.coReporters += n(r.co_reporters);
  c.fileMsSum += n(r.file_ms);
  c.dispatched += n(r.dispatched);
  c.dispatchMsSum += n(r.dispatch_ms);
  c.closeMsSum += n(r.close_ms);
  c.resolvedAt.grid += n(r.at_grid);
  c.resolvedAt.street += n(r.at_street);
  c.resolvedAt.district += n(r.at_district);
  c.resolvedAt.department += n(r.at_department);
}

function invalid(field: string, message: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, { message: `${field}: ${message}`, fields: { [field]: message } });
}
