import { EntityManager } from 'typeorm';
import { startTestApp, TestApp } from '../../helpers/app';
import { collection, count, gridFeature, PUKOU_CSV, rect, signedIn, unitByCode } from './unit.test-helpers';
import { UnitImportService } from '../../../src/modules/unit/unit.import.service';
import { SYSTEM_ACTOR } from '../../../src/modules/unit/unit.policy';

const URL = '/api/admin/units/import-grids';
// 津浦社区 (泰山街道) and 顶山街道's first community
const JINPU = '320111001005';
const DINGSHAN_COMMUNITY = '320111002001';

describe('POST /api/admin/units/import-grids', () => {
  let t: TestApp;
  let streetAdmin: string;
  let luheAdmin: string;
  let resident: string;
  const post = (auth: string | null, body: unknown) => {
    const req = t.http().post(URL);
    if (auth) req.set('Authorization', auth);
    return req.send(body as object);
  };
  const jinpuGrids = () =>
    collection(
      gridFeature(`${JINPU}001`, '津浦社区第1网格', JINPU, [rect(118.70, 32.10, 118.71, 32.11)]),
      gridFeature(`${JINPU}002`, '津浦社区第2网格', JINPU, [rect(118.71, 32.10, 118.72, 32.11)]),
    );

  beforeAll(async () => {
    t = await startTestApp();
    const imports = await t.get(UnitImportService);
    await imports.importDivisions(SYSTEM_ACTOR, { csv: `${PUKOU_CSV}\n320116,六合区,district,3201`, dryRun: false });
    streetAdmin = (await signedIn(t, 'admin', '320111001')).auth; // 泰山街道
    luheAdmin = (await signedIn(t, 'admin', '320116')).auth;
    resident = (await signedIn(t, null, null)).auth;
  });
  afterAll(() => t.close());

  describe('the walk', () => {
    it('401 without a session', async () => {
      const res = await post(null, { geojson: jinpuGrids() });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('UNAUTHENTICATED');
    });

    it('422 on invalid input, per field', async () => {
      let res = await post(streetAdmin, {});
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED', message: 'geojson: 请提供 GeoJSON 内容', fields: { geojson: '请提供 GeoJSON 内容' } });
      res = await post(streetAdmin, { geojson: 42 });
      expect(res.body.fields).toEqual({ geojson: '请提供 GeoJSON 内容' });
      res = await post(streetAdmin, { geojson: jinpuGrids(), dryRun: 1 });
      expect(res.body.fields).toEqual({ dryRun: 'dryRun 应为 true 或 false' });
    });

    it('422 IMPORT_MALFORMED for bad JSON or a document that is not a FeatureCollection, IMPORT_EMPTY for no features', async () => {
      let res = await post(streetAdmin, { geojson: '{"type": "FeatureCollection", "features": [' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'IMPORT_MALFORMED', message: '导入文件格式错误：GeoJSON 不是有效的 JSON' });
      res = await post(streetAdmin, { geojson: gridFeature(`${JINPU}001`, '网格', JINPU, [rect(118.7, 32.1, 118.71, 32.11)]) });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'IMPORT_MALFORMED', message: '导入文件格式错误：GeoJSON 应为 FeatureCollection（含 features 数组）' });
      res = await post(streetAdmin, { geojson: { type: 'FeatureCollection', features: [] } });
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('IMPORT_EMPTY');
    });

    it('403 for a caller who is not an admin', async () => {
      const res = await post(resident, { geojson: jinpuGrids() });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
    });

    it('rejects grids outside the units of an admin of another district', async () => {
      const res = await post(luheAdmin, { geojson: jinpuGrids() });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ created: 0, unchanged: 0, updated: 0 });
      expect(res.body.data.rejected).toEqual([
        { line: 1, code: `${JINPU}001`, reason: `编码“${JINPU}001”不在您管辖的辖区内` },
        { line: 2, code: `${JINPU}002`, reason: `编码“${JINPU}002”不在您管辖的辖区内` },
      ]);
      expect(await count(t, 'units', "level = 'grid'")).toBe(0);
    });

    it('dry run reports and writes nothing', async () => {
      const audits = await count(t, 'audit_logs');
      const res = await post(streetAdmin, { geojson: jinpuGrids(), dryRun: true });
      expect(res.body.data).toEqual({ dryRun: true, created: 2, updated: 0, unchanged: 0, rejected: [], changedCodes: [`${JINPU}001`, `${JINPU}002`] });
      expect(await count(t, 'units', "level = 'grid'")).toBe(0);
      expect(await count(t, 'audit_logs')).toBe(audits);
    });

    it('creates grids with polygons, then finds them unchanged, and updates a changed polygon', async () => {
      const res = await post(streetAdmin, { geojson: jinpuGrids() });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ dryRun: false, created: 2, updated: 0, unchanged: 0, rejected: [], changedCodes: [`${JINPU}001`, `${JINPU}002`] });
      const grid = await unitByCode(t, `${JINPU}001`);
      const community = await unitByCode(t, JINPU);
      expect(grid).toMatchObject({ level: 'grid', name: '津浦社区第1网格', parentId: community!.id, path: `${community!.path}${JINPU}001/` });
      expect(grid!.polygon).toEqual([rect(118.7, 32.1, 118.71, 32.11)]);

      // the same document as a string: all unchanged
      const again = await post(streetAdmin, { geojson: JSON.stringify(jinpuGrids()) });
      expect(again.body.data).toMatchObject({ created: 0, updated: 0, unchanged: 2, changedCodes: [] });

      const moved = collection(
        gridFeature(`${JINPU}001`, '津浦社区第1网格', JINPU, [rect(118.70, 32.10, 118.71, 32.111)]),
        gridFeature(`${JINPU}002`, '津浦社区第2网格', JINPU, [rect(118.71, 32.10, 118.72, 32.11)]),
      );
      const third = await post(streetAdmin, { geojson: moved });
      expect(third.body.data).toMatchObject({ created: 0, updated: 1, unchanged: 1, changedCodes: [`${JINPU}001`] });
      expect((await unitByCode(t, `${JINPU}001`))!.polygon![0][2]).toEqual([118.71, 32.111]);

      const audits = await t.dataSource.query("SELECT actor_role, unit_path, after FROM audit_logs WHERE action = 'units.import_grids' ORDER BY id");
      // luhe admin (all rejected), then three imports by the street admin; none for the dry run
      expect(audits).toHaveLength(4);
      expect(audits[1]).toMatchObject({ actor_role: 'admin', unit_path: `/320111/320111001/${JINPU}/` });
      expect(JSON.parse(audits[3].after)).toEqual({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
    });
  });

  it('reports bad features with their index and reason while the good ones apply', async () => {
    const ok = [rect(118.72, 32.10, 118.73, 32.11)];
    const unclosed = [rect(118.73, 32.10, 118.74, 32.11).slice(0, 4)];
    const paris = [rect(2.3, 48.8, 2.4, 48.9)];
    const triangle = [[[118.7, 32.1], [118.71, 32.1], [118.7, 32.1]]];
    const res = await post(streetAdmin, {
      geojson: collection(
        gridFeature(`${JINPU}003`, '津浦社区第3网格', JINPU, ok), // 1 ok
        gridFeature(`${JINPU}004`, '未闭合', JINPU, unclosed), // 2
        gridFeature(`${JINPU}005`, '在巴黎', JINPU, paris), // 3
        gridFeature(`${JINPU}006`, '点太少', JINPU, triangle), // 4
        gridFeature('320111001099001', '无上级', '320111001099', ok), // 5 unknown parent
        gridFeature(`${DINGSHAN_COMMUNITY}001`, '隔壁街道', DINGSHAN_COMMUNITY, ok), // 6 outside the street admin's street
        gridFeature(`${JINPU}007`, '两块', JINPU, [ok, [rect(118.75, 32.1, 118.76, 32.11)]], 'MultiPolygon'), // 7
        gridFeature(`${JINPU}008`, '一块', JINPU, [[rect(118.74, 32.10, 118.75, 32.11)]], 'MultiPolygon'), // 8 ok
        gridFeature(`${JINPU}009`, '重复', JINPU, ok), // 9
        gridFeature(`${JINPU}009`, '重复', JINPU, ok), // 10
        { type: 'Feature', properties: null, geometry: null }, // 11
        gridFeature(`${JINPU}010`, '挂在街道下', '320111001', ok), // 12
      ),
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ created: 2, updated: 0, unchanged: 0, changedCodes: [`${JINPU}003`, `${JINPU}008`] });
    expect(res.body.data.rejected).toEqual([
      { line: 2, code: `${JINPU}004`, reason: '多边形的环没有闭合（首尾坐标应相同）' },
      { line: 3, code: `${JINPU}005`, reason: '坐标 [2.3, 48.8] 不在中国范围内' },
      { line: 4, code: `${JINPU}006`, reason: '多边形的每个环至少需要 4 个点（首尾相同）' },
      { line: 5, code: '320111001099001', reason: '上级编码“320111001099”不存在' },
      { line: 6, code: `${DINGSHAN_COMMUNITY}001`, reason: `编码“${DINGSHAN_COMMUNITY}001”不在您管辖的辖区内` },
      { line: 7, code: `${JINPU}007`, reason: 'MultiPolygon 含 2 个多边形；网格应为一个连续区域，请拆分为多个网格' },
      { line: 9, code: `${JINPU}009`, reason: `编码“${JINPU}009”在文件中重复出现（第 9、10 行）` },
      { line: 10, code: `${JINPU}009`, reason: `编码“${JINPU}009”在文件中重复出现（第 9、10 行）` },
      { line: 11, code: null, reason: '缺少网格编码（properties.code）' },
      { line: 12, code: `${JINPU}010`, reason: `上级编码“320111001”不是上一级辖区的编码` },
    ]);
    expect((await unitByCode(t, `${JINPU}008`))!.polygon).toEqual([rect(118.74, 32.10, 118.75, 32.11)]);
  });

  it('makes new grids visible to locate at once (index rebuilt after the import)', async () => {
    let res = await t.http().get('/api/units/locate').query({ lng: 118.745, lat: 32.105 });
    expect(res.body.data).toMatchObject({ inside: true, grid: { code: `${JINPU}008` } });
    await post(streetAdmin, { geojson: collection(gridFeature(`${JINPU}011`, '新网格', JINPU, [rect(118.76, 32.10, 118.77, 32.11)])) });
    res = await t.http().get('/api/units/locate').query({ lng: 118.765, lat: 32.105 });
    expect(res.body.data).toMatchObject({ inside: true, grid: { code: `${JINPU}011`, name: '新网格' }, community: { code: JINPU } });
  });

  it('writes nothing when the database fails in the middle of the transaction', async () => {
    const before = { units: await count(t, 'units'), audits: await count(t, 'audit_logs') };
    const original = EntityManager.prototype.update;
    let calls = 0;
    const spy = jest.spyOn(EntityManager.prototype, 'update').mockImplementation(function (this: EntityManager, ...args: Parameters<EntityManager['update']>) {
      calls += 1;
      if (calls === 2) return Promise.reject(new Error('connection lost'));
      return original.apply(this, args);
    });
    const res = await post(streetAdmin, {
      geojson: collection(
        gridFeature(`${JINPU}012`, '失败新建', JINPU, [rect(118.77, 32.10, 118.78, 32.11)]),
        gridFeature(`${JINPU}001`, '失败改名一', JINPU, [rect(118.70, 32.10, 118.71, 32.11)]),
        gridFeature(`${JINPU}002`, '失败改名二', JINPU, [rect(118.71, 32.10, 118.72, 32.11)]),
      ),
    });
    spy.mockRestore();
    expect(calls).toBe(2);
    expect(res.status).toBe(500);
    expect(await count(t, 'units')).toBe(before.units);
    expect(await count(t, 'audit_logs')).toBe(before.audits);
    expect(await unitByCode(t, `${JINPU}012`)).toBeNull();
    expect((await unitByCode(t, `${JINPU}001`))!.name).toBe('津浦社区第1网格');
  });
});
