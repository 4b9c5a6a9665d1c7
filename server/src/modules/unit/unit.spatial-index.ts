import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import type RBushType from 'rbush';
import type { BBox } from 'rbush';
import { IsNull, Not, Repository } from 'typeorm';
import { distanceToPolygonMeters, LngLat, LocateResponse, pathCodes, pointInPolygon, polygonBBox, UnitLevel, UnitRef } from '@linli/shared';
import { UnitEntity } from './unit.entity';

/**
 * rbush 4 and rbush-knn 4 are ESM-only packages (`"type": "module"`, `"exports": "./index.js"`), and
 * the server is CommonJS, run by jest without ESM support. Both packages ship a UMD build beside
 * index.js; it is loaded here as CommonJS (the exports map forbids requiring it by name).
 */
function loadUmd<T>(pkg: string, file: string): T {
  const filename = join(dirname(require.resolve(pkg)), file);
  const mod = { exports: {} as T };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', readFileSync(filename, 'utf8'))(mod, mod.exports);
  return mod.exports;
}
type Knn = <T>(tree: RBushType<T>, x: number, y: number, n?: number, predicate?: (item: T) => boolean, maxDistance?: number) => T[];
const RBush = loadUmd<typeof RBushType>('rbush', 'rbush.js');
const knn = loadUmd<Knn>('rbush-knn', 'rbush-knn.js');

/** One grid in the R-tree: its bbox, polygon and the refs `locate` answers with. */
export interface GridItem extends BBox {
  grid: UnitRef;
  /** The grid's materialised path (`/district/street/community/grid/`). */
  path: string;
  polygon: LngLat[][];
  community: UnitRef | null;
  street: UnitRef | null;
  district: UnitRef | null;
}

interface Index {
  tree: RBushType<GridItem>;
  builtAt: number;
  size: number;
}

/**
 * Outside every grid, `locate` still names the nearest grid; it also suggests that grid's community,
 * street and district when the point is at most this far from it (a point in another city gets the
 * nearest grid and its distance, but no suggested community).
 */
export const NEAREST_SUGGESTION_MAX_METERS = 2000;

/** How many bbox-nearest candidates are checked exactly at first (doubled until the answer is certain). */
const KNN_FIRST = 8;

/** An index older than this is refreshed in the background (imports through another process). */
const REFRESH_AFTER_MS = 5 * 60_000;
const REFRESH_RETRY_MS = 30_000;

const EARTH_RADIUS_M = 6_371_008.8;

/**
 * In-memory R-tree (rbush) of grid polygons' bounding boxes, for point lookups without a spatial
 * database. Built lazily on first use and rebuilt after every import that changes units (and so after
 * seeding); a build older than REFRESH_AFTER_MS is refreshed in the background so that several server
 * processes converge (lookups keep using the old index meanwhile). With about 500 grids a lookup takes
 * well under 1 ms (p95 ≈ 0.06 ms, see unit.locate.test.ts).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UnitSpatialIndex {
  @InjectEntityModel(UnitEntity)
  units: Repository<UnitEntity>;

  private current: Index | null = null;
  private pending: Promise<Index> | null = null;
  /** When the next background refresh may start (pushed back after a failed one). */
  private nextRefreshAt = Infinity;

  /** Has the index been built at least once in this process? */
  isBuilt(): boolean {
    return this.current !== null;
  }

  /** Number of grids in the index (builds it if needed). */
  async size(): Promise<number> {
    return (await this.ready()).size;
  }

  /** Rebuilds the index from the database; lookups made meanwhile wait for the new index. */
  async rebuild(): Promise<void> {
    const p = this.load();
    this.pending = p;
    try {
      const index = await p;
      if (this.pending === p) {
        this.current = index;
        this.nextRefreshAt = index.builtAt + REFRESH_AFTER_MS;
      }
    } finally {
      if (this.pending === p) this.pending = null;
    }
  }

  /** Drops the index; the next lookup rebuilds it (used when a rebuild after an import failed). */
  invalidate(): void {
    this.current = null;
    this.pending = null;
  }

  /**
   * The grid containing the point (holes honoured) with its community, street and district. Outside
   * every grid: inside false, grid null, `nearest` = the nearest grid with its distance in metres, and
   * the nearest grid's community / street / district as a suggestion when it is within
   * NEAREST_SUGGESTION_MAX_METERS (else null). With no grids at all, everything is null.
   */
  async locate(lng: number, lat: number): Promise<LocateResponse> {
    const index = this.current && !this.pending ? this.current : await this.ready();
    if (Date.now() >= this.nextRefreshAt && !this.pending) this.refreshInBackground();
    return lookup(index.tree, lng, lat);
  }

  /**
   * The indexed grid containing the point, with its path and its community / street / district, or
   * null outside every grid (then `locate` names the nearest one). No query: what a new ticket is
   * routed with.
   */
  async containing(lng: number, lat: number): Promise<GridItem | null> {
    const index = this.current && !this.pending ? this.current : await this.ready();
    if (Date.now() >= this.nextRefreshAt && !this.pending) this.refreshInBackground();
    return containingItem(index.tree, lng, lat);
  }

  /** Loads a fresh index while lookups keep using the current one; on failure, tries again later. */
  private refreshInBackground(): void {
    const from = this.current;
    this.nextRefreshAt = Date.now() + REFRESH_AFTER_MS;
    this.load().then(
      (index) => {
        if (!this.pending && this.current === from) this.current = index;
      },
      () => {
        this.nextRefreshAt = Date.now() + REFRESH_RETRY_MS;
      },
    );
  }

  private async ready(): Promise<Index> {
    if (this.pending) return this.pending;
    if (this.current) return this.current;
    await this.rebuild();
    // null only if invalidate() ran meanwhile: build again
    return this.current ?? this.ready();
  }

  private async load(): Promise<Index> {
    const units = await this.units.find({ select: ['id', 'code', 'name', 'level'] });
    const refs = new Map<string, UnitRef & { level: UnitLevel }>();
    for (const u of units) refs.set(u.code, { id: u.id, code: u.code, name: u.name, level: u.level });
    const grids = await this.units.find({
      select: ['id', 'code', 'name', 'path', 'polygon'],
      where: { level: 'grid', polygon: Not(IsNull()) },
    });
    const items: GridItem[] = [];
    for (const g of grids) {
      const polygon = g.polygon;
      if (!polygon?.length) continue;
      const [minX, minY, maxX, maxY] = polygonBBox(polygon);
      const above = (level: UnitLevel): UnitRef | null => {
        for (const code of pathCodes(g.path)) {
          const r = refs.get(code);
          if (r && r.level === level) return { id: r.id, code: r.code, name: r.name };
        }
        return null;
      };
      items.push({
        minX,
        minY,
        maxX,
        maxY,
        grid: { id: g.id, code: g.code, name: g.name },
        path: g.path,
        polygon,
        community: above('community'),
        street: above('street'),
        district: above('district'),
      });
    }
    const tree = new RBush<GridItem>();
    tree.load(items);
    return { tree, builtAt: Date.now(), size: items.length };
  }
}

/** The grid whose polygon holds the point (holes honoured), or null. */
function containingItem(tree: RBushType<GridItem>, lng: number, lat: number): GridItem | null {
  const p: LngLat = [lng, lat];
  let hit: GridItem | null = null;
  for (const item of tree.search({ minX: lng, minY: lat, maxX: lng, maxY: lat })) {
    // Overlapping grids are bad data; pick the lowest code so the answer is at least stable.
    if (pointInPolygon(p, item.polygon) && (!hit || item.grid.code < hit.grid.code)) hit = item;
  }
  return hit;
}

/** The pure lookup on a built tree (exported for the micro-benchmark). */
export function lookup(tree: RBushType<GridItem>, lng: number, lat: number): LocateResponse {
  const p: LngLat = [lng, lat];
  const hit = containingItem(tree, lng, lat);
  if (hit) return { inside: true, grid: hit.grid, community: hit.community, street: hit.street, district: hit.district, nearest: null };

  const nearest = nearestGrid(tree, p);
  if (!nearest) return { inside: false, grid: null, community: null, street: null, district: null, nearest: null };
  const suggest = nearest.distance <= NEAREST_SUGGESTION_MAX_METERS;
  return {
    inside: false,
    grid: null,
    community: suggest ? nearest.item.community : null,
    street: suggest ? nearest.item.street : null,
    district: suggest ? nearest.item.district : null,
    nearest: { ...nearest.item.grid, distanceMeters: Math.round(nearest.distance) },
  };
}

/**
 * The grid nearest to p by exact polygon distance. rbush-knn orders candidates by bbox distance in
 * degrees; the exact distance to a polygon is at least its bbox distance, and a degree of longitude is
 * the shorter one at these latitudes, so once the next candidate's bbox lower bound (in metres) exceeds
 * the best exact distance the answer is final. Usually the first 8 candidates settle it.
 */
function nearestGrid(tree: RBushType<GridItem>, p: LngLat): { item: GridItem; distance: number } | null {
  const metresPerDegLng = Math.cos((p[1] * Math.PI) / 180) * (Math.PI / 180) * EARTH_RADIUS_M;
  let n = KNN_FIRST;
  for (;;) {
    const candidates = knn(tree, p[0], p[1], n);
    let best: { item: GridItem; distance: number } | null = null;
    for (const item of candidates) {
      const d = distanceToPolygonMeters(p, item.polygon);
      if (!best || d < best.distance || (d === best.distance && item.grid.code < best.item.grid.code)) best = { item, distance: d };
    }
    if (!best || candidates.length < n) return best;
    const last = candidates[candidates.length - 1];
    const dx = Math.max(last.minX - p[0], 0, p[0] - last.maxX);
    const dy = Math.max(last.minY - p[1], 0, p[1] - last.maxY);
    if (Math.hypot(dx, dy) * metresPerDegLng >= best.distance) return best;
    n *= 2;
  }
}
