import { z } from 'zod';
import { MEDIA_PURPOSES } from '../domain/media';

/**
 * The form fields sent with an upload (multipart/form-data, one file per call in the field `file`, as
 * `Taro.uploadFile` sends it). `clientKey` is the client's idempotency key: a retried upload with the
 * same key returns the photo stored the first time.
 */
export const uploadMediaFieldsSchema = z
  .object({
    purpose: z.enum(MEDIA_PURPOSES, { errorMap: () => ({ message: '图片用途不正确' }) }),
    clientKey: z
      .string({ required_error: '缺少上传标识' })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '上传标识应为 8-64 位字母、数字、- 或 _'),
  })
  .strict();
export type UploadMediaFields = z.infer<typeof uploadMediaFieldsSchema>;

/** Which stored file a signed link points at. */
export const MEDIA_VARIANTS = ['original', 'thumb'] as const;
export type MediaVariant = (typeof MEDIA_VARIANTS)[number];

/** Query of a signed file link (local storage): variant, expiry (unix seconds) and HMAC signature. */
export const mediaFileQuerySchema = z
  .object({
    variant: z.enum(MEDIA_VARIANTS, { errorMap: () => ({ message: '图片规格不正确' }) }),
    exp: z.coerce.number({ invalid_type_error: '链接有效期不正确' }).int('链接有效期不正确').positive('链接有效期不正确'),
    sig: z.string({ required_error: '缺少链接签名' }).regex(/^[A-Za-z0-9_-]{43}$/, '链接签名格式不正确'),
  })
  .strict();
export type MediaFileQuery = z.infer<typeof mediaFileQuerySchema>;
