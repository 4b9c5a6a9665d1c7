/**
 * Media (photos) rules shared by the server and the mini-program: what an upload is for, which image
 * types are accepted (recognised by their first bytes, never by file name or declared MIME type), and
 * who may see a stored photo. Pure functions only: this file is compiled into the mini-program.
 */

/** What a photo is uploaded for. Decides who may see it once it has passed the content check. */
export const MediaPurpose = {
  Avatar: 'avatar',
  Report: 'report',
  Alert: 'alert',
  Tip: 'tip',
} as const;
export type MediaPurpose = (typeof MediaPurpose)[keyof typeof MediaPurpose];
export const MEDIA_PURPOSES = Object.values(MediaPurpose) as [MediaPurpose, ...MediaPurpose[]];

/** Content-check state of a photo: `pending` until the check answers; only `pass` is ever shown to others. */
export const MediaCheckStatus = {
  Pending: 'pending',
  Pass: 'pass',
  Review: 'review',
  Risky: 'risky',
} as const;
export type MediaCheckStatus = (typeof MediaCheckStatus)[keyof typeof MediaCheckStatus];
export const MEDIA_CHECK_STATUSES = Object.values(MediaCheckStatus) as [MediaCheckStatus, ...MediaCheckStatus[]];
/** The verdicts a content check may set (a photo never goes back to pending). */
export type MediaCheckVerdict = Exclude<MediaCheckStatus, 'pending'>;

/** Image formats Linli stores. */
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export const MediaLimits = {
  /** Largest accepted upload (the mini-program compresses photos before sending). */
  maxBytes: 10 * 1024 * 1024,
  /** Long side of the stored thumbnail, in pixels. */
  thumbLongSide: 320,
  /**
   * Long side the stored original is shrunk to when larger (phones shoot 4000-8000 px). 2560 px keeps
   * every detail a report needs and takes a third less time than 4096 px (see bench/upload.bench.js).
   */
  originalLongSide: 2560,
  /** Decoded pixel limit: refuses decompression bombs (a small PNG that decodes to gigabytes). */
  maxInputPixels: 50_000_000,
  /** Lifetime of the signed URLs handed to viewers. */
  signedUrlSeconds: 600,
} as const;

/**
 * Purposes whose photos anyone may see once they pass the content check. Reports, alerts and tips get
 * their own rules with their features (e.g. a report's photos follow the report's visibility).
 */
const PUBLIC_PURPOSES: ReadonlySet<MediaPurpose> = new Set<MediaPurpose>([MediaPurpose.Avatar]);

export function isPublicPurpose(purpose: MediaPurpose): boolean {
  return PUBLIC_PURPOSES.has(purpose);
}

/**
 * May `viewerId` (null: not signed in) see this photo? The owner always may (their own pending photo
 * included); anyone else only when it passed the content check and its purpose is public.
 */
export function canViewMedia(
  media: { ownerId: number; purpose: MediaPurpose; checkStatus: MediaCheckStatus },
  viewerId: number | null,
): boolean {
  if (viewerId !== null && viewerId === media.ownerId) return true;
  return media.checkStatus === MediaCheckStatus.Pass && isPublicPurpose(media.purpose);
}

const startsWith = (bytes: ArrayLike<number>, sig: readonly number[], offset = 0): boolean => {
  if (bytes.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[offset + i] !== sig[i]) return false;
  return true;
};

const JPEG = [0xff, 0xd8, 0xff] as const;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const RIFF = [0x52, 0x49, 0x46, 0x46] as const; // "RIFF"
const WEBP = [0x57, 0x45, 0x42, 0x50] as const; // "WEBP" at offset 8

/**
 * The image type of a file judged by its first bytes (JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`,
 * WebP `RIFF....WEBP`), or null for anything else. A text file renamed to .jpg is null.
 */
export function sniffImageType(bytes: ArrayLike<number>): ImageMime | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  return null;
}

/** The stable avatar URL saved in a profile: it redirects to a fresh signed thumbnail URL. */
export function mediaAvatarPath(mediaId: number): string {
  return `/api/media/${mediaId}/avatar`;
}

/** The media id in a stable avatar URL (`/api/media/<id>/avatar`, with or without an origin), else null. */
export function parseMediaAvatarPath(url: string): number | null {
  const m = /^(?:https?:\/\/[^/]+)?\/api\/media\/(\d{1,12})\/avatar$/.exec(url);
  return m ? Number(m[1]) : null;
}
