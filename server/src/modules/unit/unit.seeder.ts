import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { ErrorCode, LngLat, parseDivisionCsv } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { UnitImportService } from './unit.import.service';
import { SYSTEM_ACTOR } from './unit.policy';
import { layoutSeedGrids, SeedGrid, seedGridsGeoJson } from './unit.seed-layout';

/**
 * The seed CSV. src/modules/unit and dist/modules/unit are both three levels below server/, so the same
 * relative path works from ts (tests, ts-node) and from the compiled build.
 */
export const SEED_DIVISIONS_CSV = join(__dirname, '../../../seed-data/pukou-320111-divisions.csv');

/** The demo grid: 津浦社区第1网格 (泰山街道). */
export const DEMO_GRID_CODE = '320111001005001';

/**
 * The centre of the demo grid 320111001005001 (津浦社区第1网格), [lng, lat] in GCJ-02: a point that
 * `GET /api/units/locate` answers with that grid, 津浦社区居委会, 泰山街道 and 浦口区 once the demo data is
 * seeded. For browser tests and demos. (unit.seeder.test.ts checks it against the generated layout.)
 */
export const DEMO_POINT: LngLat = [118.456338, 32.2429];

let cachedGrids: SeedGrid[] | null = null;

/** The generated demo grids (deterministic: same output on every run). */
export function seedGrids(): SeedGrid[] {
  if (!cachedGrids) cachedGrids = layoutSeedGrids(parseDivisionCsv(readSeedCsv()).rows);
  return cachedGrids;
}

/** Centre [lng, lat] of a generated demo grid, or null for an unknown code. */
export function gridCentre(code: string): LngLat | null {
  return seedGrids().find((g) => g.code === code)?.centre ?? null;
}

function readSeedCsv(): string {
  if (!existsSync(SEED_DIVISIONS_CSV)) {
    throw new AppError(ErrorCode.InternalError, { message: `找不到演示数据文件 ${SEED_DIVISIONS_CSV}` });
  }
  return readFileSync(SEED_DIVISIONS_CSV, 'utf8');
}

/**
 * Demo jurisdiction data: Nanjing Pukou's real divisions (1 district, 15 street-level units, 125
 * communities) from seed-data/, plus 4 generated grids per community (500), imported through the same
 * service as the admin endpoints, as the system actor (audited as actor 0, role `system`, only when
 * something changed). Idempotent: a second run creates and changes nothing (and restores seed names and
 * polygons if someone changed them).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UnitSeeder {
  @Inject()
  imports: UnitImportService;

  /** Seeds the divisions and the demo grids; returns how many units were created. */
  async seed(): Promise<number> {
    const divisions = await this.imports.importDivisions(SYSTEM_ACTOR, { csv: readSeedCsv(), dryRun: false });
    const grids = await this.imports.importGrids(SYSTEM_ACTOR, { geojson: seedGridsGeoJson(seedGrids()), dryRun: false });
    const rejected = [...divisions.rejected, ...grids.rejected];
    if (rejected.length) {
      throw new AppError(ErrorCode.InternalError, {
        message: `演示数据有 ${rejected.length} 行未能导入：${rejected.slice(0, 3).map((r) => `${r.code ?? r.line} ${r.reason}`).join('；')}`,
      });
    }
    return divisions.created + grids.created;
  }
}
