import { z } from 'zod';
import { idSchema } from './common';

/** POST /admin/open311/keys: issue an Open311 API key for a client, entering its requests in `unitId`. */
export const createOpen311KeySchema = z
  .object({
    name: z
      .string({ required_error: '请填写接入方名称', invalid_type_error: '请填写接入方名称' })
      .trim()
      .min(2, '接入方名称至少 2 个字')
      .max(60, '接入方名称最多 60 个字'),
    unitId: idSchema,
  })
  .strict();
export type CreateOpen311KeyInput = z.infer<typeof createOpen311KeySchema>;
