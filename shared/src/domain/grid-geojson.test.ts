import { checkGridFeature, readFeatureCollection } from './grid-geojson';

const square = [
  [
    [118.7, 32.1],
    [118.71, 32.1],
    [118.71, 32.11],
    [118.7, 32.11],
    [118.7, 32.1],
  ],
];
const feature = (geometry: unknown, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code: '320111001005001', name: '津浦社区第1网格', parent_code: '320111001005', ...props },
  geometry,
});

describe('readFeatureCollection', () => {
  it('accepts an object or JSON text', () => {
    const fc = { type: 'FeatureCollection', features: [] };
    expect(readFeatureCollection(fc)).toEqual({ ok: true, features: [] });
    expect(readFeatureCollection(JSON.stringify(fc))).toEqual({ ok: true, features: [] });
  });

  it('rejects bad JSON and documents that are not FeatureCollections', () => {
    expect(readFeatureCollection('{"type":')).toEqual({ ok: false, reason: 'GeoJSON 不是有效的 JSON' });
    const notFc = { ok: false, reason: 'GeoJSON 应为 FeatureCollection（含 features 数组）' };
    expect(readFeatureCollection({ type: 'Feature' })).toEqual(notFc);
    expect(readFeatureCollection({ type: 'FeatureCollection', features: {} })).toEqual(notFc);
    expect(readFeatureCollection('[1,2]')).toEqual(notFc);
    expect(readFeatureCollection(null)).toEqual(notFc);
  });
});

describe('checkGridFeature', () => {
  it('accepts a Polygon grid and drops altitudes', () => {
    const withZ = [square[0].map(([x, y]) => [x, y, 12])];
    const r = checkGridFeature(feature({ type: 'Polygon', coordinates: withZ }), 3);
    expect(r).toEqual({
      ok: true,
      feature: { index: 3, code: '320111001005001', name: '津浦社区第1网格', parentCode: '320111001005', polygon: square },
    });
  });

  it('accepts numeric codes', () => {
    const r = checkGridFeature(feature({ type: 'Polygon', coordinates: square }, { code: 320111001005001, parent_code: 320111001005 }), 1);
    expect(r.ok).toBe(true);
  });

  it('unwraps a single-part MultiPolygon and rejects several parts', () => {
    const one = checkGridFeature(feature({ type: 'MultiPolygon', coordinates: [square] }), 1);
    expect(one.ok && one.feature.polygon).toEqual(square);
    const two = checkGridFeature(feature({ type: 'MultiPolygon', coordinates: [square, square] }), 2);
    expect(two).toEqual({ ok: false, index: 2, code: '320111001005001', reason: expect.stringContaining('MultiPolygon 含 2 个多边形') });
  });

  it('rejects bad properties with the division-row reasons', () => {
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: square }, { code: '32011100100501' }), 1)).toMatchObject({
      ok: false,
      reason: '编码“32011100100501”长度应为 15 位（grid）',
    });
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: square }, { name: ' ' }), 1)).toMatchObject({ reason: '名称不能为空' });
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: square }, { parent_code: '320111001006' }), 1)).toMatchObject({
      reason: '编码“320111001005001”应以上级编码“320111001006”开头',
    });
  });

  it('rejects bad geometry', () => {
    const open = [square[0].slice(0, 4).concat([[118.705, 32.1]])];
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: open }), 1)).toMatchObject({ reason: '多边形的环没有闭合（首尾坐标应相同）' });
    const tooFew = [[square[0][0], square[0][1], square[0][0]]];
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: tooFew }), 1)).toMatchObject({ reason: '多边形的每个环至少需要 4 个点（首尾相同）' });
    const paris = [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]];
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: paris }), 1)).toMatchObject({ reason: '坐标 [2.3, 48.8] 不在中国范围内' });
    expect(checkGridFeature(feature({ type: 'Point', coordinates: [118.7, 32.1] }), 1)).toMatchObject({ reason: '几何类型应为 Polygon，实际为 Point' });
    expect(checkGridFeature(feature(null), 1)).toMatchObject({ reason: '缺少几何图形（geometry）' });
    expect(checkGridFeature({ type: 'Feature', properties: null, geometry: null }, 5)).toEqual({
      ok: false,
      index: 5,
      code: null,
      reason: '缺少网格编码（properties.code）',
    });
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: square }, { parent_code: undefined }), 1)).toMatchObject({
      reason: '缺少上级编码（properties.parent_code）',
    });
    expect(checkGridFeature({ type: 'Nope' }, 4)).toEqual({ ok: false, index: 4, code: null, reason: '不是 GeoJSON Feature' });
  });

  it('enforces the vertex limit', () => {
    expect(checkGridFeature(feature({ type: 'Polygon', coordinates: square }), 1, 4)).toMatchObject({ reason: '多边形顶点过多（最多 4 个）' });
  });
});
