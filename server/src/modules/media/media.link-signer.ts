import { Config, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { createHmac, timingSafeEqual } from 'crypto';
import { ErrorCode, type MediaFileQuery, type MediaVariant } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import type { LinliConfig } from '../../config/config.default';
import type { LinkRef } from './storage/media-storage';

/**
 * Signed links to locally stored photos: `/api/media/:id/file?variant=&exp=&sig=` where `sig` is
 * base64url(HMAC-SHA256(key, "id\nvariant\nexp")). Anyone holding the link may fetch that one variant
 * until `exp`; changing any part of it breaks the signature.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class MediaLinkSigner {
  @Config('linli')
  config: LinliConfig;

  /** The signature of (mediaId, variant, exp). */
  sign(mediaId: number, variant: MediaVariant, exp: number): string {
    return createHmac('sha256', this.config.media.signingKey).update(`${mediaId}\n${variant}\n${exp}`).digest('base64url');
  }

  /** The relative app URL serving `ref` until `exp` (unix seconds). */
  localUrl(ref: LinkRef, exp: number): string {
    return `/api/media/${ref.mediaId}/file?variant=${ref.variant}&exp=${exp}&sig=${this.sign(ref.mediaId, ref.variant, exp)}`;
  }

  /**
   * Checks a link: a wrong signature is MEDIA_LINK_INVALID (403) whatever else is wrong; a genuine but
   * past link is MEDIA_LINK_EXPIRED (410), so the client knows to ask for a fresh one.
   */
  verify(mediaId: number, q: MediaFileQuery, nowSeconds = Math.floor(Date.now() / 1000)): void {
    const expected = Buffer.from(this.sign(mediaId, q.variant, q.exp));
    const given = Buffer.from(q.sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError(ErrorCode.MediaLinkInvalid);
    if (q.exp < nowSeconds) throw new AppError(ErrorCode.MediaLinkExpired);
  }
}
