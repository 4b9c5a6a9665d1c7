import { Config, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { idParamSchema, MediaLimits, mediaFileQuerySchema, uploadMediaFieldsSchema } from '@linli/shared';
import { optionalAuth, requireAuth } from '../../common/auth/auth.context';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { validate } from '../../common/validation/validate';
import type { LinliConfig } from '../../config/config.default';
import { presentMedia } from './media.presenter';
import { MediaService } from './media.service';
import { parseUpload } from './media.upload-parser';

/**
 * Photo uploads and the links that serve them. Uploads are multipart/form-data (Taro.uploadFile);
 * everything else answers JSON, except the signed file link (image bytes) and the avatar URL (302).
 */
@Controller('/api/media')
export class MediaController {
  @Inject()
  ctx: Context;

  @Inject()
  media: MediaService;

  @Inject()
  rateLimit: RateLimitService;

  @Config('linli')
  config: LinliConfig;

  @Post('/')
  async upload() {
    const auth = requireAuth(this.ctx);
    const { points, durationSeconds } = this.config.media.uploadRateLimit;
    await this.rateLimit.consume('upload', String(auth.userId), points, durationSeconds);
    await this.rateLimit.consumeIp('upload', this.ctx, points * 10, durationSeconds);
    const parsed = await parseUpload(this.ctx.req, MediaLimits.maxBytes);
    const fields = validate(uploadMediaFieldsSchema, parsed.fields);
    const { view, created } = await this.media.upload(auth.userId, fields, parsed.file);
    this.ctx.status = created ? 201 : 200;
    return { ok: true, data: presentMedia(view) };
  }

  @Get('/:id')
  async detail(@Param('id') id: string) {
    const input = validate(idParamSchema, { id });
    const viewer = optionalAuth(this.ctx);
    this.ctx.set('Cache-Control', 'no-store');
    return { ok: true, data: presentMedia(await this.media.viewFor(input.id, viewer && { userId: viewer.userId, grants: viewer.grants })) };
  }

  @Get('/:id/file')
  async file(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    const input = validate(idParamSchema, { id });
    const q = validate(mediaFileQuerySchema, query);
    const file = await this.media.openSignedFile(input.id, q);
    const maxAge = Math.max(0, q.exp - Math.floor(Date.now() / 1000));
    this.ctx.set('Cache-Control', `private, max-age=${maxAge}`);
    this.ctx.set('X-Content-Type-Options', 'nosniff');
    this.ctx.set('Content-Disposition', 'inline');
    this.ctx.type = file.mime;
    if (file.size !== undefined) this.ctx.length = file.size;
    return file.stream;
  }

  @Get('/:id/avatar')
  async avatar(@Param('id') id: string) {
    const input = validate(idParamSchema, { id });
    const viewer = optionalAuth(this.ctx);
    const location = await this.media.avatarLocation(input.id, viewer && { userId: viewer.userId, grants: viewer.grants });
    // The signed URL lives 10 minutes: a browser may reuse this redirect for half of that.
    this.ctx.set('Cache-Control', 'private, max-age=300');
    this.ctx.redirect(location);
  }
}
