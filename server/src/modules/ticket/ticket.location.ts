import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import { ErrorCode, pathCodes, type LocationMode, type TicketLocationInput, type UnitRef } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { UnitEntity } from '../unit/unit.entity';
import { UnitSpatialIndex } from '../unit/unit.spatial-index';

/** A location resolved to the unit tree. */
export interface ResolvedLocation {
  mode: LocationMode;
  lat: number;
  lng: number;
  address: string | null;
  grid: UnitRef & { path: string };
  community: UnitRef;
  street: UnitRef;
  district: UnitRef;
}

const ref = (u: UnitEntity): UnitRef => ({ id: u.id, code: u.code, name: u.name });

const invalid = (field: string, message: string) => new AppError(ErrorCode.ValidationFailed, { message: `${field}: ${message}`, fields: { [field]: message } });

/**
 * Routing: a point (current position or picked on the map) to its grid, community, street and district
 * through the unit module's in-memory spatial index (no query); a typed address to the grid the
 * reporter picked (read from the database).
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
  async resolvePoint(_m: EntityManager, mode: LocationMode, lat: number, lng: number, address: string | null): Promise<ResolvedLocation> {
    const item = await this.spatialIndex.containing(lng, lat);
    if (!item) {
      const hit = await this.spatialIndex.locate(lng, lat);
      throw new AppError(ErrorCode.OutsideJurisdiction, {
        data: { nearest: hit.nearest, suggestion: { community: hit.community, street: hit.street, district: hit.district } },
      });
    }
    // A grid always hangs under community < street < district (the import refuses anything else).
    if (!item.community || !item.street || !item.district) throw new AppError(ErrorCode.OutsideJurisdiction, { data: { nearest: null, suggestion: null } });
    return { mode, lat, lng, address, grid: { ...item.grid, path: item.path }, community: item.community, street: item.street, district: item.district };
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
    return { grid: { ...ref(grid), path: grid.path }, community: ref(community), street: ref(street), district: ref(district) };
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
