import { existsSync } from 'fs';
import { pointInPolygon, polygonBBox } from '@linli/shared';
import { UnitImportService } from '../../../src/modules/unit/unit.import.service';
import { SYSTEM_ACTOR } from '../../../src/modules/unit/unit.policy';
import { PUKOU_BOUNDS, shortCommunityName } from '../../../src/modules/unit/unit.seed-layout';
import { DEMO_GRID_CODE, DEMO_POINT, gridCentre, SEED_DIVISIONS_CSV, seedGrids, UnitSeeder } from '../../../src/modules/unit/unit.seeder';
import { startTestApp, TestApp } from '../../helpers/app';
import { count, PUKOU_CSV, unitByCode } from './unit.test-helpers';

describe(UnitSeeder.name, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('finds the seed CSV relative to the server package', () => {
    expect(SEED_DIVISIONS_CSV).toMatch(/server[/\\]seed-data[/\\]pukou-320111-divisions\.csv$/);
    expect(existsSync(SEED_DIVISIONS_CSV)).toBe(true);
  });

  it('imports the real Pukou file as 141 units on an empty database, then finds them all unchanged', async () => {
    const imports = await t.get(UnitImportService);
    const first = await imports.importDivisions(SYSTEM_ACTOR, { csv: PUKOU_CSV, dryRun: false });
    expect(first).toMatchObject({ dryRun: false, created: 141, updated: 0, unchanged: 0, rejected: [] });
    expect(first.changedCodes).toHaveLength(141);
    expect(await count(t, 'units')).toBe(141);
    expect(await count(t, 'units', "level = 'street'")).toBe(15);
    expect(await count(t, 'units', "level = 'community'")).toBe(125);
    const district = await unitByCode(t, '320111');
    expect(district).toMatchObject({ name: '浦口区', level: 'district', parentId: null, path: '/320111/' });
    expect((await unitByCode(t, '320111001005'))?.path).toBe('/320111/320111001/320111001005/');
    // audited as the system (actor 0)
    const audit = await t.dataSource.query("SELECT actor_id, actor_role, unit_path, after FROM audit_logs WHERE action = 'units.import_divisions'");
    expect(audit).toHaveLength(1);
    expect(Number(audit[0].actor_id)).toBe(0);
    expect(audit[0].actor_role).toBe('system');
    expect(audit[0].unit_path).toBe('/320111/');
    expect(JSON.parse(audit[0].after)).toEqual({ created: 141, updated: 0, unchanged: 0, rejected: 0 });

    const second = await imports.importDivisions(SYSTEM_ACTOR, { csv: PUKOU_CSV, dryRun: false });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 141, rejected: [], changedCodes: [] });
    // a system run that changed nothing leaves no audit row
    expect(await count(t, 'audit_logs')).toBe(1);
  });

  it('seeds 4 grids per community and is idempotent', async () => {
    const seeder = await t.get(UnitSeeder);
    expect(await seeder.seed()).toBe(500); // divisions were imported above
    expect(await count(t, 'units', "level = 'grid'")).toBe(500);
    expect(await seeder.seed()).toBe(0);
    expect(await count(t, 'units')).toBe(641);
    const grid = await unitByCode(t, DEMO_GRID_CODE);
    expect(grid).toMatchObject({ name: '津浦社区第1网格', path: '/320111/320111001/320111001005/320111001005001/' });
    expect(pointInPolygon(DEMO_POINT, grid!.polygon!)).toBe(true);
  });

  it('exposes DEMO_POINT as the centre of 津浦社区第1网格', () => {
    expect(gridCentre(DEMO_GRID_CODE)).toEqual(DEMO_POINT);
    expect(gridCentre('320111001005009')).toBeNull();
  });

  it('generates a deterministic layout that tiles Pukou without gaps or overlaps', () => {
    const grids = seedGrids();
    expect(grids).toHaveLength(500);
    expect(new Set(grids.map((g) => g.code)).size).toBe(500);
    // Areas add up to the bounds (no gaps, given no overlaps) ...
    const area = grids.reduce((a, g) => {
      const [w, s, e, n] = polygonBBox(g.polygon);
      return a + (e - w) * (n - s);
    }, 0);
    const b = PUKOU_BOUNDS;
    expect(area).toBeCloseTo((b.east - b.west) * (b.north - b.south), 9);
    // ... and no two rectangles overlap (they may share edges).
    const boxes = grids.map((g) => polygonBBox(g.polygon));
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [aw, as, ae, an] = boxes[i];
        const [bw, bs, be, bn] = boxes[j];
        if (Math.min(ae, be) - Math.max(aw, bw) > 1e-9 && Math.min(an, bn) - Math.max(as, bs) > 1e-9) overlaps++;
      }
    }
    expect(overlaps).toBe(0);
    // Every grid stays inside the bounds and is sensibly shaped (no side more than 4 times the other).
    for (const [w, s, e, n] of boxes) {
      expect(w).toBeGreaterThanOrEqual(b.west);
      expect(e).toBeLessThanOrEqual(b.east);
      expect(s).toBeGreaterThanOrEqual(b.south);
      expect(n).toBeLessThanOrEqual(b.north);
      const ratio = ((e - w) * 0.85) / (n - s);
      expect(Math.max(ratio, 1 / ratio)).toBeLessThan(4);
    }
  });

  it('shortens community names for grid names', () => {
    expect(shortCommunityName('津浦社区居委会')).toBe('津浦社区');
    expect(shortCommunityName('明发社区居民委员会')).toBe('明发社区');
    expect(shortCommunityName('七联村委会')).toBe('七联村');
    expect(shortCommunityName('七联村村民委员会')).toBe('七联村');
    expect(shortCommunityName('永宁社区')).toBe('永宁社区');
  });
});
