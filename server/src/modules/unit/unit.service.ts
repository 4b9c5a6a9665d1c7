import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { In, Repository } from 'typeorm';
import { ErrorCode, LocateQuery, LocateResponse, pathCodes, UNIT_LEVELS, UnitLevel, UnitTreeQuery } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { UnitEntity } from './unit.entity';
import type { UnitDetailRow, UnitRow, UnitTreeRow } from './unit.presenter';
import { UnitSpatialIndex } from './unit.spatial-index';

const IN_CHUNK = 500;

/**
 * Reading the jurisdiction tree: subtrees, one unit's detail, and point lookups. The tree is public
 * (residents pick their community before signing in), so there is no per-caller filtering here.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UnitService {
  @InjectEntityModel(UnitEntity)
  units: Repository<UnitEntity>;

  @Inject()
  spatialIndex: UnitSpatialIndex;

  /**
   * The subtree under `rootId` (as a one-element list), or the top-level units when it is absent,
   * with `depth` levels below the roots. Every node has its direct child count, so a client can tell
   * a leaf from a node whose children were cut off by `depth`. No polygons.
   * Throws UNIT_NOT_FOUND for an unknown rootId.
   */
  async tree(query: UnitTreeQuery): Promise<UnitTreeRow[]> {
    let root: UnitEntity | null = null;
    if (query.rootId !== undefined) {
      root = await this.units.findOne({ select: ['id', 'level', 'path'], where: { id: query.rootId } });
      if (!root) throw new AppError(ErrorCode.UnitNotFound);
    }
    // Top-level units are always districts: every other level needs an existing parent.
    const first = root ? UNIT_LEVELS.indexOf(root.level) : 0;
    const levels = UNIT_LEVELS.slice(first, first + query.depth + 1);
    const qb = this.rowQuery().where('u.level IN (:...levels)', { levels });
    if (root) qb.andWhere('u.path LIKE :prefix', { prefix: `${root.path}%` });
    const rows = await this.withChildCounts(toRows(await qb.orderBy('u.code', 'ASC').getRawMany()));

    const nodes = new Map<number, UnitTreeRow>();
    for (const r of rows) nodes.set(r.id, { ...r, children: [] });
    const roots: UnitTreeRow[] = [];
    for (const n of nodes.values()) {
      const isRoot = root ? n.id === root.id : n.parentId === null;
      const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
      if (isRoot) roots.push(n);
      else if (parent) parent.children.push(n);
    }
    return roots;
  }

  /**
   * One unit with its ancestors (top-down), polygon, direct child count and the number of streets,
   * communities and grids below it. Throws UNIT_NOT_FOUND.
   */
  async detail(id: number): Promise<UnitDetailRow> {
    const unit = await this.units.findOne({ where: { id } });
    if (!unit) throw new AppError(ErrorCode.UnitNotFound);
    const ancestorCodes = pathCodes(unit.path).slice(0, -1);
    const ancestors = ancestorCodes.length
      ? await this.units.find({ select: ['id', 'code', 'name', 'level'], where: { code: In(ancestorCodes) } })
      : [];
    ancestors.sort((a, b) => ancestorCodes.indexOf(a.code) - ancestorCodes.indexOf(b.code));

    const byLevel = await this.units
      .createQueryBuilder('u')
      .select('u.level', 'level')
      .addSelect('COUNT(*)', 'n')
      .where('u.path LIKE :prefix', { prefix: `${unit.path}%` })
      .andWhere('u.id <> :id', { id })
      .groupBy('u.level')
      .getRawMany<{ level: UnitLevel; n: string | number }>();
    const count = (level: UnitLevel) => Number(byLevel.find((r) => r.level === level)?.n ?? 0);
    const childCount = await this.units.count({ where: { parentId: id } });

    return {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parentId: unit.parentId,
      childCount,
      hasPolygon: unit.polygon !== null,
      ancestors: ancestors.map((a) => ({ id: a.id, code: a.code, name: a.name, level: a.level })),
      polygon: unit.polygon,
      counts: { streets: count('street'), communities: count('community'), grids: count('grid') },
    };
  }

  /** The grid, community, street and district of a point; see UnitSpatialIndex.locate for outside points. */
  async locate(query: LocateQuery): Promise<LocateResponse> {
    return this.spatialIndex.locate(query.lng, query.lat);
  }

  private rowQuery() {
    return this.units
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .addSelect('u.code', 'code')
      .addSelect('u.name', 'name')
      .addSelect('u.level', 'level')
      .addSelect('u.parentId', 'parentId')
      .addSelect('CASE WHEN u.polygon IS NULL THEN 0 ELSE 1 END', 'hasPolygon');
  }

  private async withChildCounts(rows: UnitRow[]): Promise<UnitRow[]> {
    const counts = new Map<number, number>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const raw = await this.units
        .createQueryBuilder('u')
        .select('u.parentId', 'parentId')
        .addSelect('COUNT(*)', 'n')
        .where('u.parentId IN (:...ids)', { ids: ids.slice(i, i + IN_CHUNK) })
        .groupBy('u.parentId')
        .getRawMany<{ parentId: number | string; n: number | string }>();
      for (const r of raw) counts.set(Number(r.parentId), Number(r.n));
    }
    return rows.map((r) => ({ ...r, childCount: counts.get(r.id) ?? 0 }));
  }
}

function toRows(raw: Array<Record<string, unknown>>): UnitRow[] {
  return raw.map((r) => ({
    id: Number(r.id),
    code: String(r.code),
    name: String(r.name),
    level: r.level as UnitLevel,
    parentId: r.parentId === null || r.parentId === undefined ? null : Number(r.parentId),
    childCount: 0,
    hasPolygon: Number(r.hasPolygon) === 1,
  }));
}
