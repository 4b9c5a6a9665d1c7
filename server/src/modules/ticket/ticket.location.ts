import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import { ErrorCode, pathCodes, type LocationMode, type TicketLocationInput } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { UnitEntity } from '../unit/unit.entity';
import { UnitSpatialIndex } from '../unit/unit.spatial-index';

/** A location resolved to the unit tree. */
export interface ResolvedLocation {
  mode: LocationMode;
  lat: number;
  lng: number;
  address: string | null;
  grid: UnitEntity;
  community: UnitEntity;
  street: UnitEntity;
  district: UnitEntity;
}

const invalid = (field: string, message: string) => new AppError(ErrorCode.ValidationFailed, { message: `${field}: ${message}`, fields: { [field]: message } });

/**
 * Routing: a point (current position or picked on the map) to its grid, community, street and district
 * through the unit module's spatial index; a typed address to the grid the reporter picked.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketLocator {
  @Inject()
  spatialIndex: UnitSpatialIndex;

  /**
   * @throws AppError OUTSIDE_JURISDICTION (422) with `data.nearest` (the nearest grid and its distance)
   *   and `data.suggestion` (its community / street / district when close) for a point outside every
   *   grid; VALIDATION_FAILED on `location.gridId` for an address in an unknown grid.
   */
  async resolve(m: EntityManager, loc: TicketLocationInput): Promise<ResolvedLocation> {
    const address = loc.address ? loc.address : null;
    if (loc.mode === 'address') {
      const grid = await m.findOne(UnitEntity, { where: { id: loc.gridId!, level: 'grid' } });
      if (!grid) throw invalid('location.gridId', '请选择所在网格');
      const point = loc.lat !== undefined && loc.lng !== undefined ? { lat: loc.lat, lng: loc.lng } : centreOf(grid);
      if (!point) throw invalid('location.gridId', '该网格没有边界数据，请在地图上选点');
      return { mode: loc.mode, ...point, address, ...(await this.ancestors(m, grid)) };
    }
    return this.resolvePoint(m, loc.mode, loc.lat!, loc.lng!, address);
  }

  /** A point to its units (for staff entries and other modules, e.g. an alert's tip). */
  async resolvePoint(m: EntityManager, mode: LocationMode, lat: number, lng: number, address: string | null): Promise<ResolvedLocation> {
    const hit = await this.spatialIndex.locate(lng, lat);
    if (!hit.inside || !hit.grid) {
      throw new AppError(ErrorCode.OutsideJurisdiction, {
        data: { nearest: hit.nearest, suggestion: { community: hit.community, street: hit.street, district: hit.district } },
      });
    }
    const grid = await m.findOne(UnitEntity, { where: { id: hit.grid.id } });
    if (!grid) throw new AppError(ErrorCode.OutsideJurisdiction, { data: { nearest: null, suggestion: null } });
    return { mode, lat, lng, address, ...(await this.ancestors(m, grid)) };
  }

  private async ancestors(m: EntityManager, grid: UnitEntity): Promise<Pick<ResolvedLocation, 'grid' | 'community' | 'street' | 'district'>> {
    const codes = pathCodes(grid.path);
    const rows = await m.find(UnitEntity, { where: { code: In(codes) } });
    const byLevel = new Map(rows.map((u) => [u.level, u]));
    const community = byLevel.get('community');
    const street = byLevel.get('street');
    const district = byLevel.get('district');
    // A grid always hangs under community < street < district (the import refuses anything else).
    if (!community || !street || !district) throw new AppError(ErrorCode.OutsideJurisdiction, { data: { nearest: null, suggestion: null } });
    return { grid, community, street, district };
  }
}

/** The centre of a grid's bounding box (a typed address has no coordinates of its own). */
function centreOf(grid: UnitEntity): { lat: number; lng: number } | null {
  const ring = grid.polygon?.[0];
  if (!ring?.length) return null;
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return { lng: (Math.min(...lngs) + Math.max(...lngs)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}
