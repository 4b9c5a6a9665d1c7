import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { randomUUID } from 'crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  canViewMedia,
  ErrorCode,
  MediaLimits,
  MediaPurpose,
  sniffImageType,
  type MediaCheckVerdict,
  type MediaFileQuery,
  type MediaVariant,
  type UploadMediaFields,
} from '@linli/shared';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, notFound } from '../../common/errors/app.error';
import type { LinliConfig } from '../../config/config.default';
import { mediaAccess, type MediaViewer } from './media.access';
import { MediaEntity } from './media.entity';
import { mediaEvents } from './media.events';
import { extensionOf, processImage } from './media.image';
import { MediaLinkSigner } from './media.link-signer';
import type { StoredObject } from './storage/media-storage';
import { StorageNotFoundError } from './storage/media-storage';
import { MediaStorageProvider } from './storage/media-storage.provider';

/** A photo with fresh signed URLs, as the service hands it to the presenter. */
export interface MediaView {
  media: MediaEntity;
  url: string;
  thumbUrl: string;
  urlExpiresAt: Date;
}

/** A stored file opened through a signed local link. */
export interface MediaFile extends StoredObject {
  mime: string;
  /** When the link expires (unix seconds): the response may be cached until then, not longer. */
  exp: number;
}

const CHECK_VERDICTS: readonly MediaCheckVerdict[] = ['pass', 'review', 'risky'];

/**
 * Photo uploads: recognised by content, re-encoded without metadata, stored with a thumbnail, one row
 * per (owner, clientKey); served through short-lived signed URLs to whoever may see them.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class MediaService {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  storageProvider: MediaStorageProvider;

  @Inject()
  signer: MediaLinkSigner;

  /**
   * Removes every photo row of `ownerId` inside the caller's transaction (account deletion) and returns
   * the storage keys, to be deleted with `removeStored` once the transaction has committed.
   */
  async deleteAllOf(m: EntityManager, ownerId: number): Promise<string[]> {
    const rows = await m.find(MediaEntity, { where: { ownerId }, select: ['id', 'storageKey', 'thumbKey'] });
    if (rows.length) await m.delete(MediaEntity, { ownerId });
    return rows.flatMap((r) => [r.storageKey, r.thumbKey]);
  }

  /** Deletes stored objects; a failure is logged by the caller's handler and leaves an orphan file, never a row. */
  async removeStored(keys: string[]): Promise<void> {
    const storage = this.storageProvider.get();
    await Promise.all(keys.map((k) => storage.delete(k)));
  }

  /** The owner's photos (metadata only), for the data export. */
  async listOwned(ownerId: number): Promise<Array<Pick<MediaEntity, 'id' | 'purpose' | 'mime' | 'bytes' | 'createdAt'>>> {
    return this.dataSource.manager.find(MediaEntity, {
      where: { ownerId },
      select: ['id', 'purpose', 'mime', 'bytes', 'createdAt'],
      order: { id: 'ASC' },
    });
  }

  /**
   * Stores an uploaded photo for `ownerId`. A second upload with the same clientKey (a retry) returns
   * the row stored the first time and stores nothing. Nothing is stored when anything fails: files are
   * written before the row, and removed again if the row cannot be written.
   * After the row commits, `uploaded` is emitted on mediaEvents (for the content check).
   * @throws AppError VALIDATION_FAILED (no file), MEDIA_TYPE_UNSUPPORTED (not JPEG/PNG/WebP by its
   *   bytes), MEDIA_CORRUPT (decoder failed), PAYLOAD_TOO_LARGE (too many pixels)
   */
  async upload(ownerId: number, fields: UploadMediaFields, file: Buffer | null): Promise<{ view: MediaView; created: boolean }> {
    if (!file || file.length === 0) {
      throw new AppError(ErrorCode.ValidationFailed, { message: 'file: 请选择要上传的图片', fields: { file: '请选择要上传的图片' } });
    }
    const repo = this.dataSource.getRepository(MediaEntity);
    const existing = await repo.findOne({ where: { ownerId, clientKey: fields.clientKey } });
    if (existing) return { view: await this.sign(existing), created: false };

    const mime = sniffImageType(file.subarray(0, 16));
    if (!mime) throw new AppError(ErrorCode.MediaTypeUnsupported, { fields: { file: '只能上传 JPG、PNG 或 WebP 格式的图片' } });
    const image = await processImage(file, mime);

    const storage = this.storageProvider.get();
    const now = new Date();
    const base = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
    const storageKey = `${base}.${extensionOf(mime)}`;
    const thumbKey = `${base}.thumb.webp`;
    const removeFiles = () => Promise.allSettled([storage.delete(storageKey), storage.delete(thumbKey)]);
    try {
      await Promise.all([storage.put(storageKey, image.original.buffer, mime), storage.put(thumbKey, image.thumb.buffer, image.thumb.mime)]);
    } catch (e) {
      await removeFiles();
      throw e;
    }

    let media: MediaEntity;
    try {
      media = await this.tx.run((m) =>
        m.save(
          m.create(MediaEntity, {
            ownerId,
            purpose: fields.purpose,
            storageKey,
            thumbKey,
            mime,
            width: image.original.width,
            height: image.original.height,
            bytes: image.original.buffer.length,
            sha256: image.original.sha256,
            clientKey: fields.clientKey,
            checkStatus: 'pending',
            checkDetail: null,
            checkedAt: null,
          }),
        ),
      );
    } catch (e) {
      await removeFiles();
      // The same clientKey committed concurrently (a retry racing the first try): that row is the answer.
      const winner = await repo.findOne({ where: { ownerId, clientKey: fields.clientKey } });
      if (winner) return { view: await this.sign(winner), created: false };
      throw e;
    }

    const external = await this.externalUrl(media, this.config.media.checkUrlSeconds);
    mediaEvents.emit('uploaded', { mediaId: media.id, ownerId, purpose: media.purpose, signedUrl: external.url, signedUrlExpiresAt: external.expiresAt.toISOString() });
    return { view: await this.sign(media), created: true };
  }

  /** The photo with fresh signed URLs, when `viewer` (null: not signed in) may see it; else NOT_FOUND. */
  async viewFor(mediaId: number, viewer: MediaViewer | null): Promise<MediaView> {
    return this.sign(await this.visible(mediaId, viewer));
  }

  /**
   * Where the stable avatar URL `/api/media/:id/avatar` sends its viewer: a fresh signed thumbnail URL.
   * NOT_FOUND when the photo is no avatar or the viewer may not see it (the owner sees it while pending).
   */
  async avatarLocation(mediaId: number, viewer: MediaViewer | null): Promise<string> {
    const media = await this.visible(mediaId, viewer);
    if (media.purpose !== MediaPurpose.Avatar) throw notFound();
    return this.storageProvider.get().signedUrl(media.thumbKey, MediaLimits.signedUrlSeconds, { mediaId: media.id, variant: 'thumb' });
  }

  /**
   * Opens the file behind a signed local link. The signature is checked before anything is looked up.
   * @throws AppError MEDIA_LINK_INVALID (403), MEDIA_LINK_EXPIRED (410), NOT_FOUND (no such photo, or S3 storage)
   */
  async openSignedFile(mediaId: number, query: MediaFileQuery): Promise<MediaFile> {
    this.signer.verify(mediaId, query);
    const storage = this.storageProvider.get();
    if (storage.kind !== 'local') throw notFound();
    const media = await this.dataSource.getRepository(MediaEntity).findOne({ where: { id: mediaId } });
    if (!media) throw notFound();
    const thumb = query.variant === 'thumb';
    try {
      const file = await storage.get(thumb ? media.thumbKey : media.storageKey);
      return { ...file, mime: thumb ? 'image/webp' : media.mime, exp: query.exp };
    } catch (e) {
      if (e instanceof StorageNotFoundError) throw notFound();
      throw e;
    }
  }

  /**
   * Records the content check's verdict on a photo (called by the moderation module). Pass `manager` to
   * write inside the caller's transaction.
   * @throws AppError NOT_FOUND when there is no such photo; Error on a status that is not a verdict
   */
  async setCheckStatus(mediaId: number, status: MediaCheckVerdict, detail?: string | null, manager?: EntityManager): Promise<MediaEntity> {
    if (!CHECK_VERDICTS.includes(status)) throw new Error(`not a check verdict: ${String(status)}`);
    const write = async (m: EntityManager) => {
      const media = await m.findOne(MediaEntity, { where: { id: mediaId } });
      if (!media) throw notFound();
      media.checkStatus = status;
      media.checkDetail = detail ? detail.slice(0, 500) : null;
      media.checkedAt = new Date();
      return m.save(media);
    };
    return manager ? write(manager) : this.tx.run(write);
  }

  /** The row of a photo, or null (for other modules; no access check). */
  async find(mediaId: number): Promise<MediaEntity | null> {
    return this.dataSource.getRepository(MediaEntity).findOne({ where: { id: mediaId } });
  }

  /**
   * A fresh signed thumbnail URL whatever the photo's check status, or null when there is no such
   * photo. For moderators (the moderation module checks who may call it).
   */
  async moderatorThumbUrl(mediaId: number): Promise<string | null> {
    const media = await this.find(mediaId);
    if (!media) return null;
    return this.storageProvider.get().signedUrl(media.thumbKey, MediaLimits.signedUrlSeconds, { mediaId: media.id, variant: 'thumb' });
  }

  /**
   * An absolute URL of the stored original that an outside service can download for `ttlSeconds`
   * (PUBLIC_BASE_URL + signed link for local storage; a presigned URL for S3). For the content check.
   */
  async externalUrl(media: MediaEntity, ttlSeconds = this.config.media.checkUrlSeconds): Promise<{ url: string; expiresAt: Date }> {
    const url = await this.storageProvider.get().signedUrl(media.storageKey, ttlSeconds, { mediaId: media.id, variant: 'original' });
    return { url: url.startsWith('/') ? `${this.config.media.publicBaseUrl}${url}` : url, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
  }

  /**
   * Checks that `mediaId` is an avatar photo of `userId` (before a profile saves its stable URL).
   * @throws AppError VALIDATION_FAILED on `avatarUrl` otherwise
   */
  async assertOwnAvatar(userId: number, mediaId: number): Promise<void> {
    const media = await this.find(mediaId);
    if (!media || media.ownerId !== userId || media.purpose !== MediaPurpose.Avatar) {
      throw new AppError(ErrorCode.ValidationFailed, { message: 'avatarUrl: 头像图片不存在，请重新上传', fields: { avatarUrl: '头像图片不存在，请重新上传' } });
    }
  }

  /**
   * The photo when `viewer` may see it: the base rule (`canViewMedia`), else the resolver its purpose's
   * feature registered on `mediaAccess` (e.g. staff working on the ticket a report photo belongs to).
   */
  private async visible(mediaId: number, viewer: MediaViewer | null): Promise<MediaEntity> {
    const media = await this.find(mediaId);
    if (!media) throw notFound();
    if (canViewMedia(media, viewer?.userId ?? null) || (await mediaAccess.allows(media, viewer))) return media;
    throw notFound();
  }

  /** A photo with fresh signed URLs, without an access check (for features that checked access themselves). */
  async signedView(media: MediaEntity): Promise<MediaView> {
    return this.sign(media);
  }

  private async sign(media: MediaEntity): Promise<MediaView> {
    const storage = this.storageProvider.get();
    const ttl = MediaLimits.signedUrlSeconds;
    const link = (variant: MediaVariant) =>
      storage.signedUrl(variant === 'thumb' ? media.thumbKey : media.storageKey, ttl, { mediaId: media.id, variant });
    const [url, thumbUrl] = await Promise.all([link('original'), link('thumb')]);
    return { media, url, thumbUrl, urlExpiresAt: new Date(Date.now() + ttl * 1000) };
  }
}
