import type { ImportReport, LocateResponse, LngLat, UnitDetailResponse, UnitLevel, UnitResponse, UnitTreeNode } from '@linli/shared';

/** A unit row as the read queries return it (no polygon). */
export interface UnitRow {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  parentId: number | null;
  childCount: number;
  hasPolygon: boolean;
}

/** A subtree as UnitService.tree builds it. */
export interface UnitTreeRow extends UnitRow {
  children: UnitTreeRow[];
}

export interface UnitDetailRow extends UnitRow {
  ancestors: Array<{ id: number; code: string; name: string; level: UnitLevel }>;
  polygon: LngLat[][] | null;
  counts: { streets: number; communities: number; grids: number };
}

export function toUnitResponse(u: UnitRow): UnitResponse {
  return { id: u.id, code: u.code, name: u.name, level: u.level, parentId: u.parentId, childCount: u.childCount, hasPolygon: u.hasPolygon };
}

export function toUnitTree(nodes: UnitTreeRow[]): UnitTreeNode[] {
  return nodes.map((n) => ({ ...toUnitResponse(n), children: toUnitTree(n.children) }));
}

export function toUnitDetail(u: UnitDetailRow): UnitDetailResponse {
  return {
    ...toUnitResponse(u),
    ancestors: u.ancestors.map((a) => ({ id: a.id, code: a.code, name: a.name, level: a.level })),
    polygon: u.polygon,
    counts: { ...u.counts },
  };
}

export function toLocateResponse(r: LocateResponse): LocateResponse {
  return {
    inside: r.inside,
    grid: r.grid,
    community: r.community,
    street: r.street,
    district: r.district,
    nearest: r.nearest,
  };
}

export function toImportReport(r: ImportReport): ImportReport {
  return {
    dryRun: r.dryRun,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected.map((x) => ({ line: x.line, code: x.code, reason: x.reason })),
    changedCodes: r.changedCodes,
  };
}
