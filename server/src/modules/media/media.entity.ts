import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ImageMime, MediaCheckStatus, MediaPurpose } from '@linli/shared';

/**
 * One uploaded photo: the re-encoded original (metadata removed) and its thumbnail in the media storage,
 * with what was measured of it. `clientKey` is the uploader's idempotency key (unique per owner).
 */
@Entity('media')
@Index('uq_media_owner_client_key', ['ownerId', 'clientKey'], { unique: true })
export class MediaEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The uploading user. */
  @Index('idx_media_owner')
  @Column({ name: 'owner_id', type: 'integer' })
  ownerId: number;

  /** avatar | report | alert | tip: decides who may see it once checked. */
  @Column({ type: 'varchar', length: 16 })
  purpose: MediaPurpose;

  /** Storage key of the re-encoded original. */
  @Column({ name: 'storage_key', type: 'varchar', length: 200 })
  storageKey: string;

  /** Storage key of the thumbnail. */
  @Column({ name: 'thumb_key', type: 'varchar', length: 200 })
  thumbKey: string;

  /** MIME type of the stored original (the thumbnail is always image/webp). */
  @Column({ type: 'varchar', length: 32 })
  mime: ImageMime;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  /** Size of the stored original in bytes. */
  @Column({ type: 'integer' })
  bytes: number;

  /** SHA-256 (hex) of the stored original. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'client_key', type: 'varchar', length: 64 })
  clientKey: string;

  /** pending until the content check answers: pass | review | risky. */
  @Column({ name: 'check_status', type: 'varchar', length: 16, default: 'pending' })
  checkStatus: MediaCheckStatus;

  /** What the content check said (trace id, label...), as its module wrote it. */
  @Column({ name: 'check_detail', type: 'varchar', length: 500, nullable: true })
  checkDetail: string | null;

  @Column({ name: 'checked_at', type: 'datetime', nullable: true })
  checkedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
