import type { DivisionRow, LngLat } from '@linli/shared';

/** Pukou district's rough extent in GCJ-02 degrees, where the generated demo grids are laid out. */
export const PUKOU_BOUNDS = { west: 118.45, south: 31.95, east: 118.75, north: 32.25 } as const;

/** A generated demo grid, as the grid import takes it. */
export interface SeedGrid {
  code: string;
  name: string;
  parentCode: string;
  polygon: LngLat[][];
  /** Centre of the grid's rectangle (inside it). */
  centre: LngLat;
}

/** Grids per community, as 2 x 2 rectangles: 001 north-west, 002 north-east, 003 south-west, 004 south-east. */
const GRID_SEQ = ['001', '002', '003', '004'] as const;

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A rectangle [west, south, east, north] in degrees. */
type Rect = [number, number, number, number];

/**
 * Generates demo grid polygons for every community of the division rows: deterministic rectangles that
 * tile the bounds without gaps or overlaps. The bounds are cut into one rectangle per street (streets
 * without communities get none), each street's rectangle into one per community, each community into
 * 2 x 2 grids. Cutting is a balanced binary slice (a simple treemap): split the list in code order
 * where the weights halve, cut the rectangle across its longer side (in metres) in proportion, recurse;
 * so the cells stay near-square. Every cut is rounded to 1e-6 degrees once and shared by both sides, so
 * the tiling is exact. Rings are counter-clockwise and closed (RFC 7946).
 */
export function layoutSeedGrids(rows: readonly DivisionRow[], bounds = PUKOU_BOUNDS): SeedGrid[] {
  const byStreet = new Map<string, DivisionRow[]>();
  for (const r of rows) if (r.level === 'community') byStreet.set(r.parentCode, [...(byStreet.get(r.parentCode) ?? []), r]);
  const streets = rows
    .filter((r) => r.level === 'street' && byStreet.has(r.code))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) => (byStreet.get(s.code) as DivisionRow[]).sort((a, b) => a.code.localeCompare(b.code)));
  if (!streets.length) return [];
  const cosLat = Math.cos((((bounds.north + bounds.south) / 2) * Math.PI) / 180);

  const out: SeedGrid[] = [];
  const streetRects = slice([bounds.west, bounds.south, bounds.east, bounds.north], streets.map((c) => c.length), cosLat);
  streets.forEach((communities, i) => {
    const cells = slice(streetRects[i], communities.map(() => 1), cosLat);
    communities.forEach((community, j) => {
      const [w, s, e, n] = cells[j];
      const mx = r6((w + e) / 2);
      const my = r6((n + s) / 2);
      const quarters: Rect[] = [
        [w, my, mx, n],
        [mx, my, e, n],
        [w, s, mx, my],
        [mx, s, e, my],
      ];
      quarters.forEach(([cw, cs, ce, cn], k) => {
        out.push({
          code: `${community.code}${GRID_SEQ[k]}`,
          name: `${shortCommunityName(community.name)}第${k + 1}网格`,
          parentCode: community.code,
          polygon: [[[cw, cs], [ce, cs], [ce, cn], [cw, cn], [cw, cs]]],
          centre: [r6((cw + ce) / 2), r6((cs + cn) / 2)],
        });
      });
    });
  });
  return out;
}

/** Cuts `rect` into one rectangle per weight, in order (see layoutSeedGrids). */
function slice(rect: Rect, weights: number[], cosLat: number): Rect[] {
  if (weights.length === 1) return [rect];
  const total = weights.reduce((a, b) => a + b, 0);
  let at = 1;
  let left = weights[0];
  while (at < weights.length - 1 && Math.abs(total / 2 - (left + weights[at])) < Math.abs(total / 2 - left)) left += weights[at++];
  const [w, s, e, n] = rect;
  const share = left / total;
  let a: Rect;
  let b: Rect;
  if ((e - w) * cosLat >= n - s) {
    const x = r6(w + (e - w) * share); // west part first
    a = [w, s, x, n];
    b = [x, s, e, n];
  } else {
    const y = r6(n - (n - s) * share); // north part first
    a = [w, y, e, n];
    b = [w, s, e, y];
  }
  return [...slice(a, weights.slice(0, at), cosLat), ...slice(b, weights.slice(at), cosLat)];
}

/** 津浦社区居委会 -> 津浦社区, 某某村村民委员会 -> 某某村. */
export function shortCommunityName(name: string): string {
  return name.replace(/(村民委员会|村委会)$/, (m, _g, offset: number) => (name[offset - 1] === '村' ? '' : '村')).replace(/(居民委员会|居委会)$/, '');
}

/** The generated grids as a GeoJSON FeatureCollection for the grid import. */
export function seedGridsGeoJson(grids: readonly SeedGrid[]) {
  return {
    type: 'FeatureCollection',
    features: grids.map((g) => ({
      type: 'Feature',
      properties: { code: g.code, name: g.name, parent_code: g.parentCode },
      geometry: { type: 'Polygon', coordinates: g.polygon },
    })),
  };
}
