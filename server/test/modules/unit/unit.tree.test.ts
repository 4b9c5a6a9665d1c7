import { UnitSeeder } from '../../../src/modules/unit/unit.seeder';
import { startTestApp, TestApp } from '../../helpers/app';
import { unitByCode } from './unit.test-helpers';

describe('GET /api/units/tree and GET /api/units/:id', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await (await t.get(UnitSeeder)).seed();
  });
  afterAll(() => t.close());

  describe('tree', () => {
    it('answers the top-level units down to communities by default (public, no polygons)', async () => {
      const res = await t.http().get('/api/units/tree');
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
      const [district, ...others] = res.body.data;
      expect(others).toEqual([]);
      expect(district).toMatchObject({ code: '320111', name: '浦口区', level: 'district', parentId: null, childCount: 15, hasPolygon: false });
      expect(district.children).toHaveLength(15);
      const taishan = district.children[0];
      expect(taishan).toMatchObject({ code: '320111001', name: '泰山街道', level: 'street', parentId: district.id, childCount: 14 });
      expect(taishan.children).toHaveLength(14);
      // communities are the last level: children cut off, childCount still says 4
      expect(taishan.children[0]).toEqual({
        id: expect.any(Number),
        code: '320111001005',
        name: '津浦社区居委会',
        level: 'community',
        parentId: taishan.id,
        childCount: 4,
        hasPolygon: false,
        children: [],
      });
      expect(JSON.stringify(res.body)).not.toContain('polygon"');
      const communities = district.children.reduce((n: number, s: { children: unknown[] }) => n + s.children.length, 0);
      expect(communities).toBe(125);
    });

    it('honours depth', async () => {
      const res = await t.http().get('/api/units/tree').query({ depth: 1 });
      expect(res.body.data[0].children).toHaveLength(15);
      expect(res.body.data[0].children[0]).toMatchObject({ childCount: 14, children: [] });
      const all = await t.http().get('/api/units/tree').query({ depth: 4 });
      const grids = all.body.data[0].children.flatMap((s: any) => s.children).flatMap((c: any) => c.children);
      expect(grids).toHaveLength(500);
      expect(grids[0]).toMatchObject({ level: 'grid', hasPolygon: true, childCount: 0, children: [] });
    });

    it('answers the subtree under rootId', async () => {
      const jinpu = await unitByCode(t, '320111001005');
      const res = await t.http().get('/api/units/tree').query({ rootId: jinpu!.id, depth: 1 });
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]).toMatchObject({ code: '320111001005', childCount: 4 });
      expect(res.body.data[0].children.map((g: { code: string; name: string }) => `${g.code} ${g.name}`)).toEqual([
        '320111001005001 津浦社区第1网格',
        '320111001005002 津浦社区第2网格',
        '320111001005003 津浦社区第3网格',
        '320111001005004 津浦社区第4网格',
      ]);
      const street = await unitByCode(t, '320111002');
      const two = await t.http().get('/api/units/tree').query({ rootId: street!.id, depth: 2 });
      expect(two.body.data[0].children).toHaveLength(10);
      expect(two.body.data[0].children[0].children).toHaveLength(4);
    });

    it('404 UNIT_NOT_FOUND for an unknown root, 422 for a bad depth or rootId', async () => {
      let res = await t.http().get('/api/units/tree').query({ rootId: 999999 });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'UNIT_NOT_FOUND', message: '辖区不存在' });
      res = await t.http().get('/api/units/tree').query({ depth: 5 });
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ depth: '层数最多为 4' });
      res = await t.http().get('/api/units/tree').query({ depth: 0 });
      expect(res.body.fields).toEqual({ depth: '层数至少为 1' });
      res = await t.http().get('/api/units/tree').query({ rootId: 'x' });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.fields)).toEqual(['rootId']);
    });
  });

  describe('detail', () => {
    it('answers a grid with its ancestors top-down and its polygon', async () => {
      const grid = await unitByCode(t, '320111001005001');
      const res = await t.http().get(`/api/units/${grid!.id}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        id: grid!.id,
        code: '320111001005001',
        name: '津浦社区第1网格',
        level: 'grid',
        childCount: 0,
        hasPolygon: true,
        counts: { streets: 0, communities: 0, grids: 0 },
      });
      expect(res.body.data.ancestors.map((a: { code: string; level: string }) => `${a.level} ${a.code}`)).toEqual([
        'district 320111',
        'street 320111001',
        'community 320111001005',
      ]);
      expect(res.body.data.ancestors[2]).toEqual({ id: grid!.parentId, code: '320111001005', name: '津浦社区居委会', level: 'community' });
      expect(res.body.data.polygon).toEqual(grid!.polygon);
      expect(res.body.data.polygon[0]).toHaveLength(5);
    });

    it('counts the units below a district and a street', async () => {
      const district = await unitByCode(t, '320111');
      let res = await t.http().get(`/api/units/${district!.id}`);
      expect(res.body.data).toMatchObject({ level: 'district', parentId: null, ancestors: [], polygon: null, hasPolygon: false, childCount: 15 });
      expect(res.body.data.counts).toEqual({ streets: 15, communities: 125, grids: 500 });
      const street = await unitByCode(t, '320111001');
      res = await t.http().get(`/api/units/${street!.id}`);
      expect(res.body.data.counts).toEqual({ streets: 0, communities: 14, grids: 56 });
      expect(res.body.data.ancestors).toEqual([{ id: district!.id, code: '320111', name: '浦口区', level: 'district' }]);
    });

    it('404 UNIT_NOT_FOUND for an unknown id, 422 for a malformed one', async () => {
      let res = await t.http().get('/api/units/999999');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'UNIT_NOT_FOUND', message: '辖区不存在' });
      res = await t.http().get('/api/units/abc');
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ id: '编号应为数字' });
      res = await t.http().get('/api/units/-3');
      expect(res.body.fields).toEqual({ id: '编号应为正数' });
    });

    it('does not let /:id capture /tree or /locate', async () => {
      const tree = await t.http().get('/api/units/tree');
      expect(Array.isArray(tree.body.data)).toBe(true);
      const loc = await t.http().get('/api/units/locate').query({ lng: 118.6, lat: 32.1 });
      expect(loc.body.data).toHaveProperty('inside');
    });
  });
});
