import { pointInPolygon, polygonBBox, type LngLat } from '@linli/shared';

/**
 * A point inside a grid polygon, for a report whose place is given as a typed address plus the grid it
 * lies in (no geocoding service is available): the box centre when it is inside, else the vertex
 * average, else the first inside point of a 12 x 12 scan of the box, else the first vertex.
 */
export function pointInside(polygon: LngLat[][]): { lng: number; lat: number } | null {
  const ring = polygon[0];
  if (!ring || ring.length === 0) return null;
  const [minLng, minLat, maxLng, maxLat] = polygonBBox(polygon);
  const candidates: LngLat[] = [[(minLng + maxLng) / 2, (minLat + maxLat) / 2]];
  const avg = ring.reduce<LngLat>((acc, p) => [acc[0] + p[0] / ring.length, acc[1] + p[1] / ring.length], [0, 0]);
  candidates.push(avg);
  const steps = 12;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      candidates.push([minLng + ((maxLng - minLng) * i) / steps, minLat + ((maxLat - minLat) * j) / steps]);
    }
  }
  const hit = candidates.find((p) => pointInPolygon(p, polygon));
  const p = hit ?? ring[0];
  return { lng: Number(p[0].toFixed(6)), lat: Number(p[1].toFixed(6)) };
}
