/** Levels of the jurisdiction tree, top-down. */
export const UnitLevel = {
  District: 'district',
  Street: 'street',
  Community: 'community',
  Grid: 'grid',
} as const;
export type UnitLevel = (typeof UnitLevel)[keyof typeof UnitLevel];

export const UNIT_LEVELS: readonly UnitLevel[] = ['district', 'street', 'community', 'grid'];

export const UnitLevelLabelZh: Record<UnitLevel, string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
};

/** Limits the imports and lookups enforce. */
export const UnitLimits = {
  /** Largest CSV accepted by the division import, in characters. */
  maxCsvChars: 2_000_000,
  maxCsvRows: 20_000,
  /** Largest GeoJSON accepted by the polygon import, in characters. */
  maxGeoJsonChars: 10_000_000,
  maxGridFeatures: 20_000,
  maxPolygonVertices: 5_000,
  nameMaxLength: 60,
} as const;
