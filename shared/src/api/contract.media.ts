import { mediaFileQuerySchema, uploadMediaFieldsSchema } from '../schemas/media.schema';
import type { EndpointSpec } from './contract';

/**
 * Media uploads and signed URLs (issue 3). Uploads are multipart/form-data exactly as `Taro.uploadFile`
 * sends them: one file per call in the field `file`, plus the form fields of `uploadMediaFieldsSchema`.
 */
export const MEDIA_API = {
  uploadMedia: { method: 'POST', path: '/media', summary: 'Upload one photo (JPEG/PNG/WebP <= 10 MB, field `file`); metadata removed, thumbnail made; idempotent per clientKey', tag: 'media', access: 'user', body: uploadMediaFieldsSchema, bodyEncoding: 'multipart', response: 'MediaResponse' },
  mediaDetail: { method: 'GET', path: '/media/:id', summary: 'A photo with fresh signed URLs (owner; others when it passed the check and is public)', tag: 'media', access: 'public', response: 'MediaResponse' },
  mediaFile: { method: 'GET', path: '/media/:id/file', summary: 'The bytes behind a signed link (local storage; 403 bad signature, 410 expired)', tag: 'media', access: 'public', query: mediaFileQuerySchema, response: 'image bytes' },
  mediaAvatar: { method: 'GET', path: '/media/:id/avatar', summary: 'Stable avatar URL: 302 to a fresh signed thumbnail URL when the viewer may see it', tag: 'media', access: 'public', response: '302 redirect' },
} as const satisfies Record<string, EndpointSpec>;
