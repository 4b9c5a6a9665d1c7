/** A [longitude, latitude] pair in GCJ-02 degrees (what WeChat's location APIs return). */
export type LngLat = [number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres between two points. */
export function haversineMeters(a: LngLat, b: LngLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Is the point inside the ring (even-odd rule)? The ring may or may not repeat its first vertex. */
export function pointInRing(p: LngLat, ring: LngLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Is the point inside the polygon (outer ring, minus holes)? */
export function pointInPolygon(p: LngLat, polygon: LngLat[][]): boolean {
  if (!polygon.length || !pointInRing(p, polygon[0])) return false;
  for (let h = 1; h < polygon.length; h++) if (pointInRing(p, polygon[h])) return false;
  return true;
}

/**
 * Approximate distance in metres from a point to a polygon's boundary (0 when inside), using a local
 * equirectangular projection: accurate to well under 1% at city scale, which is what "the nearest
 * grid" needs.
 */
export function distanceToPolygonMeters(p: LngLat, polygon: LngLat[][]): number {
  if (pointInPolygon(p, polygon)) return 0;
  const kx = Math.cos(rad(p[1])) * (Math.PI / 180) * EARTH_RADIUS_M;
  const ky = (Math.PI / 180) * EARTH_RADIUS_M;
  let best = Infinity;
  for (const ring of polygon) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % ring.length];
      const ax = (a[0] - p[0]) * kx;
      const ay = (a[1] - p[1]) * ky;
      const bx = (b[0] - p[0]) * kx;
      const by = (b[1] - p[1]) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      const d = Math.hypot(ax + t * dx, ay + t * dy);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Bounding box [minLng, minLat, maxLng, maxLat] of a polygon's outer ring. */
export function polygonBBox(polygon: LngLat[][]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon[0] ?? []) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Checks a GeoJSON Polygon's coordinates. Returns a Chinese reason, or null when valid: at least 4
 * positions per ring, closed rings, finite coordinates within China's rough bounds, no zero area.
 */
export function checkPolygon(coords: unknown, maxVertices = 5000): string | null {
  if (!Array.isArray(coords) || coords.length === 0) return '多边形坐标为空';
  let total = 0;
  for (const ring of coords) {
    if (!Array.isArray(ring) || ring.length < 4) return '多边形的每个环至少需要 4 个点（首尾相同）';
    for (const pos of ring) {
      if (!Array.isArray(pos) || pos.length < 2) return '坐标应为 [经度, 纬度]';
      const [x, y] = pos;
      if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
        return '坐标应为数字';
      }
      if (x < 73 || x > 136 || y < 3 || y > 54) return `坐标 [${x}, ${y}] 不在中国范围内`;
    }
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) return '多边形的环没有闭合（首尾坐标应相同）';
    total += ring.length;
    if (Math.abs(ringArea(ring as LngLat[])) < 1e-12) return '多边形面积为零';
  }
  if (total > maxVertices) return `多边形顶点过多（最多 ${maxVertices} 个）`;
  return null;
}

function ringArea(ring: LngLat[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return a / 2;
}
