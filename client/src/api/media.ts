import { parseMediaAvatarPath, type MediaResponse } from '@linli/shared';
import { API_ORIGIN } from '../constants/env';
import { sessionStore } from '../stores/session';
import { call } from './request';

/** A photo with fresh signed URLs (owner always; others once it passed the content check). */
export const fetchMedia = (id: number) => call('mediaDetail', { params: { id } });

/** Media URLs from the API may be relative to its origin; <Image> in the mini-program needs absolute ones. */
export function absoluteMediaUrl(url: string): string {
  return url.startsWith('/') ? `${API_ORIGIN}${url}` : url;
}

const resolved = new Map<number, { src: string; until: number }>();

/** Remembers a freshly uploaded photo so its URL is shown without another request. */
export function rememberMedia(media: MediaResponse): void {
  resolved.set(media.id, { src: absoluteMediaUrl(media.thumbUrl), until: Date.parse(media.urlExpiresAt) - 60_000 });
}

/**
 * What an <Image> should load for a stored avatar URL. The stable `/api/media/<id>/avatar` URL redirects
 * to a signed link but carries no bearer token, so it works for avatars others may see; a signed-in
 * user's own photo (still being checked) is resolved through GET /api/media/:id with the token.
 * Other URLs (WeChat, http) are returned as they are.
 */
export async function resolveMediaSrc(url: string | null): Promise<string | null> {
  if (!url) return null;
  const id = parseMediaAvatarPath(url);
  if (id === null) return absoluteMediaUrl(url);
  const cached = resolved.get(id);
  if (cached && cached.until > Date.now()) return cached.src;
  if (!sessionStore.token()) return absoluteMediaUrl(url);
  try {
    const media = await fetchMedia(id);
    rememberMedia(media);
    return resolved.get(id)!.src;
  } catch {
    return absoluteMediaUrl(url);
  }
}
