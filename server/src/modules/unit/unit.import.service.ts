import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { DataSource, EntityManager, In, Like, QueryFailedError } from 'typeorm';
import {
  checkDivisionRow,
  checkGridFeature,
  childPath,
  commonPath,
  ErrorCode,
  GridFeature,
  ImportDivisionsInput,
  ImportGridsInput,
  ImportRejection,
  ImportReport,
  LngLat,
  parentCodeOfPath,
  parentLevel,
  parseDivisionCsv,
  readFeatureCollection,
  UNIT_LEVELS,
  UnitLevel,
  UnitLimits,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import { AppError } from '../../common/errors/app.error';
import { UnitEntity } from './unit.entity';
import { auditActor, canCreateRootUnit, canWriteUnitAt, UnitActor } from './unit.policy';
import { UnitSpatialIndex } from './unit.spatial-index';

/** A unit as the planner sees it in the database (polygon only where needed). */
type StoredUnit = Pick<UnitEntity, 'id' | 'code' | 'name' | 'level' | 'parentId' | 'path' | 'polygon'>;

/** What one accepted row or feature will do. */
interface PlannedUnit {
  line: number;
  code: string;
  name: string;
  level: UnitLevel;
  /** Code of the parent unit; null for a top-level district. */
  parentCode: string | null;
  /** Path after the import. */
  path: string;
  /** Only set by the grid import (divisions never touch polygons). */
  polygon?: LngLat[][];
  current: StoredUnit | null;
  action: 'create' | 'update' | 'unchanged';
}

interface ImportPlan {
  planned: PlannedUnit[];
  rejected: ImportRejection[];
}

const IN_CHUNK = 500;
const CHANGED_CODES_MAX = 200;

/**
 * Imports the jurisdiction tree: divisions from CSV (district / street / community / grid rows) and
 * grid polygons from GeoJSON. Both work the same way: check every row, plan creates / updates /
 * unchanged rows against the database, then (unless a dry run) apply the whole plan and an audit row in
 * one transaction, and rebuild the spatial index after the commit. Rejected rows are reported with
 * their line (CSV) or feature index (GeoJSON) and a Chinese reason; the other rows still apply.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UnitImportService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  spatialIndex: UnitSpatialIndex;

  @Logger()
  logger: ILogger;

  /**
   * Imports division rows `code,name,level,parent_code`. Rows may come in any order (they are applied
   * top-down by level); a parent may be in the database or anywhere in the file. A district whose parent
   * is outside the system (a city such as 3201) becomes a top-level unit only for the system actor; an
   * admin may update their own district row but never create a new top-level unit.
   * Throws IMPORT_MALFORMED (bad header, too many rows), IMPORT_EMPTY (no data rows).
   */
  async importDivisions(actor: UnitActor, input: ImportDivisionsInput): Promise<ImportReport> {
    const parsed = parseDivisionCsv(input.csv);
    if (!parsed.headerOk) {
      throw new AppError(ErrorCode.ImportMalformed, { message: '导入文件格式错误：第 1 行应为表头 code,name,level,parent_code' });
    }
    const total = parsed.rows.length + parsed.malformed.length;
    if (total === 0) throw new AppError(ErrorCode.ImportEmpty);
    if (total > UnitLimits.maxCsvRows) {
      throw new AppError(ErrorCode.ImportMalformed, { message: `导入文件最多 ${UnitLimits.maxCsvRows} 行，实际 ${total} 行` });
    }

    const rejected: ImportRejection[] = parsed.malformed.map((m) => ({ line: m.line, code: null, reason: m.reason }));
    const wellFormed = parsed.rows.filter((row) => {
      const reason = checkDivisionRow(row);
      if (reason) rejected.push({ line: row.line, code: row.code || null, reason });
      return !reason;
    });
    const rows = rejectDuplicates(wellFormed, rejected).map((r) => ({ ...r, level: r.level as UnitLevel }));
    // Parents before children, whatever the order in the file.
    rows.sort((a, b) => UNIT_LEVELS.indexOf(a.level) - UNIT_LEVELS.indexOf(b.level) || a.line - b.line);
    const checkedCodes = new Set(rows.map((r) => r.code));
    const rejectedEarly = parsed.rows.map((r) => r.code).filter((c) => !checkedCodes.has(c));

    const plan = async (m: EntityManager): Promise<ImportPlan> => {
      const existing = await loadByCodes(m, rows.flatMap((r) => [r.code, r.parentCode]), false);
      const planned: PlannedUnit[] = [];
      const accepted = new Map<string, PlannedUnit>();
      const moves: Array<{ from: string; to: string }> = [];
      const rejectedHere = [...rejected];
      const rejectedCodes = new Set(rejectedEarly);
      const reject = (line: number, code: string, reason: string) => {
        rejectedHere.push({ line, code, reason });
        rejectedCodes.add(code);
      };

      for (const row of rows) {
        const current = existing.get(row.code) ?? null;
        if (current && current.level !== row.level) {
          reject(row.line, row.code, `编码“${row.code}”已存在，层级为 ${current.level}`);
          continue;
        }
        let parentPath: string | null = null;
        let parentCode: string | null = null;
        if (row.level === 'district') {
          // A district's parent (a city) is never a Linli unit: the district is a top-level unit.
          if (!current && !canCreateRootUnit(actor)) {
            reject(row.line, row.code, `上级编码“${row.parentCode}”不存在`);
            continue;
          }
        } else {
          const inFile = accepted.get(row.parentCode);
          const stored = existing.get(row.parentCode);
          if (inFile) parentPath = inFile.path;
          else if (stored) parentPath = applyMoves(stored.path, moves);
          else {
            const reason = rejectedCodes.has(row.parentCode)
              ? `上级编码“${row.parentCode}”所在行未能导入`
              : `上级编码“${row.parentCode}”不存在`;
            reject(row.line, row.code, reason);
            continue;
          }
          const level = inFile?.level ?? stored?.level;
          if (level !== parentLevel(row.level)) {
            reject(row.line, row.code, `上级编码“${row.parentCode}”不是上一级辖区`);
            continue;
          }
          parentCode = row.parentCode;
        }
        const path = childPath(parentPath, row.code);
        if (!canWriteUnitAt(actor, path) || (current && !canWriteUnitAt(actor, current.path))) {
          reject(row.line, row.code, `编码“${row.code}”不在您管辖的辖区内`);
          continue;
        }
        const action = !current
          ? 'create'
          : current.name === row.name && parentCodeOfPath(current.path) === parentCode
            ? 'unchanged'
            : 'update';
        const p: PlannedUnit = { line: row.line, code: row.code, name: row.name, level: row.level, parentCode, path, current, action };
        if (current && applyMoves(current.path, moves) !== path) moves.push({ from: current.path, to: path });
        planned.push(p);
        accepted.set(row.code, p);
      }
      return { planned, rejected: rejectedHere };
    };

    return this.run(actor, 'units.import_divisions', input.dryRun, plan);
  }

  /**
   * Imports grids from a GeoJSON FeatureCollection of Polygon features with properties
   * `{ code, name, parent_code }`; the parent must be an existing community inside the actor's units.
   * Creates grids or updates their name, parent and polygon. A MultiPolygon with one polygon is accepted,
   * one with several is rejected (see `checkGridFeature`).
   * Throws IMPORT_MALFORMED (not JSON, not a FeatureCollection, too many features), IMPORT_EMPTY.
   */
  async importGrids(actor: UnitActor, input: ImportGridsInput): Promise<ImportReport> {
    const doc = readFeatureCollection(input.geojson);
    if (!doc.ok) throw new AppError(ErrorCode.ImportMalformed, { message: `导入文件格式错误：${doc.reason}` });
    if (doc.features.length === 0) throw new AppError(ErrorCode.ImportEmpty);
    if (doc.features.length > UnitLimits.maxGridFeatures) {
      throw new AppError(ErrorCode.ImportMalformed, { message: `导入文件最多 ${UnitLimits.maxGridFeatures} 个网格，实际 ${doc.features.length} 个` });
    }

    const rejected: ImportRejection[] = [];
    const checked: Array<GridFeature & { line: number }> = [];
    doc.features.forEach((f, i) => {
      const r = checkGridFeature(f, i + 1);
      if (r.ok) checked.push({ ...r.feature, line: r.feature.index });
      else rejected.push({ line: r.index, code: r.code, reason: r.reason });
    });
    const features = rejectDuplicates(checked, rejected);

    const plan = async (m: EntityManager): Promise<ImportPlan> => {
      const existing = await loadByCodes(m, features.flatMap((f) => [f.code, f.parentCode]), true);
      const planned: PlannedUnit[] = [];
      const rejectedHere = [...rejected];
      for (const f of features) {
        const reject = (reason: string) => rejectedHere.push({ line: f.line, code: f.code, reason });
        const parent = existing.get(f.parentCode);
        const current = existing.get(f.code) ?? null;
        if (!parent) {
          reject(`上级编码“${f.parentCode}”不存在`);
          continue;
        }
        if (parent.level !== 'community') {
          reject(`上级编码“${f.parentCode}”不是社区`);
          continue;
        }
        if (current && current.level !== 'grid') {
          reject(`编码“${f.code}”已存在，层级为 ${current.level}`);
          continue;
        }
        const path = childPath(parent.path, f.code);
        if (!canWriteUnitAt(actor, path) || (current && !canWriteUnitAt(actor, current.path))) {
          reject(`编码“${f.code}”不在您管辖的辖区内`);
          continue;
        }
        const action = !current
          ? 'create'
          : current.name === f.name && current.path === path && JSON.stringify(current.polygon) === JSON.stringify(f.polygon)
            ? 'unchanged'
            : 'update';
        planned.push({ line: f.line, code: f.code, name: f.name, level: 'grid', parentCode: f.parentCode, path, polygon: f.polygon, current, action });
      }
      return { planned, rejected: rejectedHere };
    };

    return this.run(actor, 'units.import_grids', input.dryRun, plan);
  }

  /** Plans (and unless dryRun applies, with the audit row, in one transaction) then reports. */
  private async run(actor: UnitActor, action: string, dryRun: boolean, plan: (m: EntityManager) => Promise<ImportPlan>): Promise<ImportReport> {
    if (dryRun) return toReport(await plan(this.dataSource.manager), true);
    let report: ImportReport;
    try {
      report = await this.tx.run(async (m) => {
        const result = await plan(m);
        await applyPlan(m, result.planned);
        const r = toReport(result, false);
        const changed = r.created + r.updated > 0;
        // The system actor (seeder) leaves no trail for a run that changed nothing; admins always do.
        if (actor.kind === 'admin' || changed) {
          await this.audit.record(m, {
            ...auditActor(actor),
            unitPath: commonPath(result.planned.map((p) => p.path)),
            action,
            targetType: 'unit',
            after: { created: r.created, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected.length },
          });
        }
        return r;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.Conflict);
      throw err;
    }
    if (report.created + report.updated > 0 || !this.spatialIndex.isBuilt()) {
      // The import is committed: a failed rebuild must not turn it into an error. Drop the index instead;
      // the next lookup builds it again.
      await this.spatialIndex.rebuild().catch((err: Error) => {
        this.logger.error('[linli] spatial index rebuild after %s failed: %s', action, err.stack ?? err);
        this.spatialIndex.invalidate();
      });
    }
    return report;
  }
}

/** Rejects every row whose code appears more than once (which of them is right cannot be told). */
function rejectDuplicates<T extends { line: number; code: string }>(rows: T[], rejected: ImportRejection[]): T[] {
  const lines = new Map<string, number[]>();
  for (const r of rows) lines.set(r.code, [...(lines.get(r.code) ?? []), r.line]);
  return rows.filter((r) => {
    const at = lines.get(r.code) as number[];
    if (at.length === 1) return true;
    rejected.push({ line: r.line, code: r.code, reason: `编码“${r.code}”在文件中重复出现（第 ${at.join('、')} 行）` });
    return false;
  });
}

/** Rewrites a stored path for moves planned earlier in the same import (deepest moved ancestor wins). */
function applyMoves(path: string, moves: ReadonlyArray<{ from: string; to: string }>): string {
  let best: { from: string; to: string } | null = null;
  for (const mv of moves) if (path.startsWith(mv.from) && (!best || mv.from.length > best.from.length)) best = mv;
  return best ? best.to + path.slice(best.from.length) : path;
}

async function loadByCodes(m: EntityManager, codes: string[], withPolygon: boolean): Promise<Map<string, StoredUnit>> {
  const unique = [...new Set(codes)];
  const out = new Map<string, StoredUnit>();
  const select: Array<keyof UnitEntity> = ['id', 'code', 'name', 'level', 'parentId', 'path'];
  if (withPolygon) select.push('polygon');
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const rows = await m.find(UnitEntity, { select, where: { code: In(unique.slice(i, i + IN_CHUNK)) } });
    for (const r of rows) out.set(r.code, { ...r, polygon: withPolygon ? r.polygon : null });
  }
  return out;
}

/**
 * Writes the plan level by level (parents first): inserts in chunks, then updates; a unit whose path
 * changes carries its whole subtree along (paths are rewritten by prefix).
 */
async function applyPlan(m: EntityManager, planned: PlannedUnit[]): Promise<void> {
  const ids = new Map<string, number>();
  for (const p of planned) if (p.current) ids.set(p.code, p.current.id);
  const parentIdOf = async (code: string | null): Promise<number | null> => {
    if (code === null) return null;
    const known = ids.get(code);
    if (known !== undefined) return known;
    const row = await m.findOne(UnitEntity, { select: ['id'], where: { code } });
    if (!row) throw new Error(`parent ${code} vanished during the import`);
    ids.set(code, row.id);
    return row.id;
  };

  for (const level of UNIT_LEVELS) {
    const creates = planned.filter((p) => p.level === level && p.action === 'create');
    for (let i = 0; i < creates.length; i += IN_CHUNK) {
      const chunk = creates.slice(i, i + IN_CHUNK);
      const values = [];
      for (const p of chunk) {
        values.push({ code: p.code, name: p.name, level: p.level, parentId: await parentIdOf(p.parentCode), path: p.path, polygon: p.polygon ?? null });
      }
      await m.insert(UnitEntity, values);
      const inserted = await m.find(UnitEntity, { select: ['id', 'code'], where: { code: In(chunk.map((p) => p.code)) } });
      for (const r of inserted) ids.set(r.code, r.id);
    }

    for (const p of planned.filter((q) => q.level === level && q.action === 'update')) {
      const id = p.current!.id;
      // Read the path again: an ancestor moved earlier in this transaction may have rewritten it.
      const now = await m.findOne(UnitEntity, { select: ['id', 'path'], where: { id } });
      if (!now) throw new Error(`unit ${p.code} vanished during the import`);
      if (now.path !== p.path) {
        const below = await m.find(UnitEntity, { select: ['id', 'path'], where: { path: Like(`${now.path}%`) } });
        for (const d of below) if (d.id !== id) await m.update(UnitEntity, { id: d.id }, { path: p.path + d.path.slice(now.path.length) });
      }
      const changes: Partial<UnitEntity> = { name: p.name, parentId: await parentIdOf(p.parentCode), path: p.path };
      if (p.polygon) changes.polygon = p.polygon;
      await m.update(UnitEntity, { id }, changes);
    }
  }
}

function toReport(plan: ImportPlan, dryRun: boolean): ImportReport {
  const count = (a: PlannedUnit['action']) => plan.planned.filter((p) => p.action === a).length;
  return {
    dryRun,
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    rejected: [...plan.rejected].sort((a, b) => a.line - b.line),
    changedCodes: plan.planned
      .filter((p) => p.action !== 'unchanged')
      .sort((a, b) => a.line - b.line)
      .slice(0, CHANGED_CODES_MAX)
      .map((p) => p.code),
  };
}

function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err.driverError as { code?: string } | undefined)?.code;
  return code === 'ER_DUP_ENTRY' || /UNIQUE constraint failed/i.test(err.message);
}
