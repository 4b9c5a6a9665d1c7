import { mediaAvatarPath, MediaPurpose, type MediaResponse } from '@linli/shared';
import type { MediaView } from './media.service';

/** A photo with its signed URLs. */
export function presentMedia(v: MediaView): MediaResponse {
  const m = v.media;
  return {
    id: m.id,
    purpose: m.purpose,
    mime: m.mime,
    width: m.width,
    height: m.height,
    bytes: m.bytes,
    checkStatus: m.checkStatus,
    url: v.url,
    thumbUrl: v.thumbUrl,
    urlExpiresAt: v.urlExpiresAt.toISOString(),
    avatarPath: m.purpose === MediaPurpose.Avatar ? mediaAvatarPath(m.id) : null,
    createdAt: new Date(m.createdAt).toISOString(),
  };
}
