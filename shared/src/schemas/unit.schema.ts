import { z } from 'zod';
import { UnitLimits } from '../constants/units';

export const locateQuerySchema = z.object({
  lng: z.coerce.number({ invalid_type_error: '经度应为数字' }).min(-180, '经度超出范围').max(180, '经度超出范围'),
  lat: z.coerce.number({ invalid_type_error: '纬度应为数字' }).min(-90, '纬度超出范围').max(90, '纬度超出范围'),
});
export type LocateQuery = z.infer<typeof locateQuerySchema>;

export const unitTreeQuerySchema = z.object({
  /** Root of the subtree; the top-level units when absent. */
  rootId: z.coerce.number().int().positive().optional(),
  /** How many levels below the root to include (1-4). */
  depth: z.coerce.number().int().min(1, '层数至少为 1').max(4, '层数最多为 4').default(2),
});
export type UnitTreeQuery = z.infer<typeof unitTreeQuerySchema>;

const dryRun = z.boolean({ invalid_type_error: 'dryRun 应为 true 或 false' }).default(false);

export const importDivisionsSchema = z
  .object({
    csv: z
      .string({ required_error: '请提供 CSV 内容' })
      .min(1, '请提供 CSV 内容')
      .max(UnitLimits.maxCsvChars, `CSV 内容不能超过 ${UnitLimits.maxCsvChars} 个字符`),
    dryRun,
  })
  .strict();
export type ImportDivisionsInput = z.infer<typeof importDivisionsSchema>;

export const importGridsSchema = z
  .object({
    /** A GeoJSON FeatureCollection of Polygon features with properties { code, name, parent_code }. */
    geojson: z.union([z.string().max(UnitLimits.maxGeoJsonChars, 'GeoJSON 内容太大'), z.record(z.unknown())], {
      errorMap: () => ({ message: '请提供 GeoJSON 内容' }),
    }),
    dryRun,
  })
  .strict();
export type ImportGridsInput = z.infer<typeof importGridsSchema>;
