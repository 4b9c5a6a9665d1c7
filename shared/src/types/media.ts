import type { ImageMime, MediaCheckStatus, MediaPurpose } from '../domain/media';

/**
 * A stored photo with fresh signed URLs (they expire at `urlExpiresAt`; ask again for new ones).
 * URLs starting with `/` are on the API's own origin.
 */
export interface MediaResponse {
  id: number;
  purpose: MediaPurpose;
  mime: ImageMime;
  width: number;
  height: number;
  bytes: number;
  checkStatus: MediaCheckStatus;
  /** Signed URL of the stored original (metadata removed). */
  url: string;
  /** Signed URL of the thumbnail (320 px long side). */
  thumbUrl: string;
  urlExpiresAt: string;
  /** For avatars: the stable URL to save in the profile (`/api/media/<id>/avatar`). */
  avatarPath: string | null;
  createdAt: string;
}
