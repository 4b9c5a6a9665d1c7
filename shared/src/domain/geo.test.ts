import { checkPolygon, distanceToPolygonMeters, haversineMeters, LngLat, pointInPolygon, polygonBBox } from './geo';

const square = (x: number, y: number, s: number): LngLat[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('haversineMeters', () => {
  it('is about 111 km per degree of latitude', () => {
    expect(haversineMeters([118.6, 32], [118.6, 33])).toBeGreaterThan(110_000);
    expect(haversineMeters([118.6, 32], [118.6, 33])).toBeLessThan(112_000);
  });
  it('is zero for the same point', () => {
    expect(haversineMeters([118.6, 32.1], [118.6, 32.1])).toBe(0);
  });
});

describe('pointInPolygon', () => {
  const outer = square(118.6, 32.0, 0.1);
  const hole = square(118.63, 32.03, 0.02);
  it('finds points inside and outside', () => {
    expect(pointInPolygon([118.65, 32.01], [outer])).toBe(true);
    expect(pointInPolygon([118.75, 32.05], [outer])).toBe(false);
  });
  it('honours holes', () => {
    expect(pointInPolygon([118.64, 32.04], [outer, hole])).toBe(false);
    expect(pointInPolygon([118.61, 32.01], [outer, hole])).toBe(true);
  });
  it('treats an empty polygon as containing nothing', () => {
    expect(pointInPolygon([118.6, 32], [])).toBe(false);
  });
});

describe('distanceToPolygonMeters', () => {
  const poly = [square(118.6, 32.0, 0.01)];
  it('is zero inside', () => {
    expect(distanceToPolygonMeters([118.605, 32.005], poly)).toBe(0);
  });
  it('measures to the nearest edge outside, within 1% of the great-circle distance', () => {
    const p: LngLat = [118.605, 32.02];
    const expected = haversineMeters(p, [118.605, 32.01]);
    expect(Math.abs(distanceToPolygonMeters(p, poly) - expected) / expected).toBeLessThan(0.01);
  });
});

describe('polygonBBox', () => {
  it('bounds the outer ring', () => {
    expect(polygonBBox([square(118.6, 32.0, 0.5)])).toEqual([118.6, 32.0, 119.1, 32.5]);
  });
});

describe('checkPolygon', () => {
  it('accepts a closed ring in China', () => {
    expect(checkPolygon([square(118.6, 32, 0.01)])).toBeNull();
  });
  it.each([
    [[], /为空/],
    [[[[118.6, 32], [118.7, 32], [118.6, 32]]], /至少需要 4 个点/],
    [[[[118.6, 32], [118.7, 32], [118.7, 32.1], [118.6, 32.1]]], /没有闭合/],
    [[square(10, 10, 1)], /不在中国范围内/],
    [[[[118.6, 32], [118.7, 32], [118.8, 32], [118.6, 32]]], /面积为零/],
    [[[[118.6, 32], ['x', 32], [118.7, 32.1], [118.6, 32]]], /应为数字/],
    ['nope', /为空/],
  ])('rejects %j', (coords, reason) => {
    expect(checkPolygon(coords)).toMatch(reason);
  });
  it('limits the vertex count', () => {
    expect(checkPolygon([square(118.6, 32, 0.01)], 4)).toMatch(/顶点过多/);
  });
});
