import { UnitLimits } from '../constants/units';
import { checkDivisionRow } from './division';
import { checkPolygon, LngLat } from './geo';

/** One grid read from a GeoJSON Feature, ready to be checked against the tree. */
export interface GridFeature {
  /** 1-based position of the feature in the collection. */
  index: number;
  code: string;
  name: string;
  parentCode: string;
  /** Polygon rings as [lng, lat] pairs (any altitude dropped). */
  polygon: LngLat[][];
}

export type GridFeatureResult =
  | { ok: true; feature: GridFeature }
  | { ok: false; index: number; code: string | null; reason: string };

/**
 * Reads a GeoJSON FeatureCollection given as an object or as JSON text. Returns its features, or a
 * Chinese reason why the whole document is unusable (not JSON, not a FeatureCollection).
 */
export function readFeatureCollection(input: unknown): { ok: true; features: unknown[] } | { ok: false; reason: string } {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch {
      return { ok: false, reason: 'GeoJSON 不是有效的 JSON' };
    }
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return { ok: false, reason: 'GeoJSON 应为 FeatureCollection（含 features 数组）' };
  }
  return { ok: true, features: doc.features };
}

/**
 * Checks one Feature as a grid: properties `{ code, name, parent_code }` (checked like a division row
 * of level grid) and a Polygon geometry checked with `checkPolygon`.
 *
 * MultiPolygon: a grid is one contiguous area, so a MultiPolygon with exactly one polygon (what many
 * GIS exports write) is accepted as that polygon, and one with several polygons is rejected: keeping
 * only the largest would silently drop territory that `locate` would then miss.
 */
export function checkGridFeature(feature: unknown, index: number, maxVertices: number = UnitLimits.maxPolygonVertices): GridFeatureResult {
  if (!isObject(feature) || feature.type !== 'Feature') return { ok: false, index, code: null, reason: '不是 GeoJSON Feature' };
  const props = isObject(feature.properties) ? feature.properties : {};
  const code = text(props.code);
  const fail = (reason: string): GridFeatureResult => ({ ok: false, index, code: code || null, reason });
  const name = text(props.name);
  const parentCode = text(props.parent_code);
  if (!code) return fail('缺少网格编码（properties.code）');
  if (!parentCode) return fail('缺少上级编码（properties.parent_code）');
  const rowProblem = checkDivisionRow({ code, name, level: 'grid', parentCode });
  if (rowProblem) return fail(rowProblem);

  const geometry = feature.geometry;
  if (!isObject(geometry)) return fail('缺少几何图形（geometry）');
  let coords: unknown;
  if (geometry.type === 'Polygon') coords = geometry.coordinates;
  else if (geometry.type === 'MultiPolygon') {
    const parts = geometry.coordinates;
    if (!Array.isArray(parts) || parts.length === 0) return fail('多边形坐标为空');
    if (parts.length > 1) return fail(`MultiPolygon 含 ${parts.length} 个多边形；网格应为一个连续区域，请拆分为多个网格`);
    coords = parts[0];
  } else {
    return fail(`几何类型应为 Polygon，实际为 ${typeof geometry.type === 'string' ? geometry.type : '未知'}`);
  }
  const polygonProblem = checkPolygon(coords, maxVertices);
  if (polygonProblem) return fail(polygonProblem);
  const polygon = (coords as number[][][]).map((ring) => ring.map((pos) => [pos[0], pos[1]] as LngLat));
  return { ok: true, feature: { index, code, name, parentCode, polygon } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}
