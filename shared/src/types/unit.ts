import type { UnitLevel } from '../constants/units';
import type { LngLat } from '../domain/geo';

export interface UnitResponse {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  parentId: number | null;
  /** Number of direct children. */
  childCount: number;
  hasPolygon: boolean;
}

export interface UnitTreeNode extends UnitResponse {
  children: UnitTreeNode[];
}

export interface UnitDetailResponse extends UnitResponse {
  /** Ancestors from the top down, excluding the unit itself. */
  ancestors: Array<{ id: number; code: string; name: string; level: UnitLevel }>;
  polygon: LngLat[][] | null;
  counts: { streets: number; communities: number; grids: number };
}

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface LocateResponse {
  /** True when the point lies inside a grid. */
  inside: boolean;
  grid: UnitRef | null;
  community: UnitRef | null;
  street: UnitRef | null;
  district: UnitRef | null;
  /** When outside every grid: the nearest grid and its distance in metres. */
  nearest: (UnitRef & { distanceMeters: number }) | null;
}

export interface ImportRejection {
  /** CSV line or GeoJSON feature index (1-based). */
  line: number;
  code: string | null;
  reason: string;
}

export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
  /** Codes created or updated (first 200). */
  changedCodes: string[];
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: { kind: 'mysql' | 'sqljs'; reachable: boolean; latencyMs: number | null };
  version: string;
  uptimeSeconds: number;
}
