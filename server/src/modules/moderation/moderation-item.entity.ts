import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ContentSuggest, ModerationContentType, ModerationSource, ModerationStatus } from '@linli/shared';

/**
 * A piece of user content that needs (or got) a person's decision: held by WeChat's check, timed out,
 * unchecked, or reported by users. One item per content (type + target); reports join it.
 */
@Entity('moderation_items')
@Index(['unitPath', 'status'])
@Index(['contentType', 'targetId'])
export class ModerationItemEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'content_type', type: 'varchar', length: 32 })
  contentType: ModerationContentType;

  /** The content's id in its own table (a user id for nicknames, a media id for images). */
  @Column({ name: 'target_id', type: 'varchar', length: 64 })
  targetId: string;

  /** Who wrote or uploaded it (null once unknown). */
  @Column({ name: 'owner_id', type: 'integer', nullable: true })
  ownerId: number | null;

  /** Unit the item belongs to, for scoping the queue (`/320111/320111001/`; `/` when none is known). */
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  /** The text concerned (a held nickname is only stored here until approved). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  excerpt: string | null;

  @Column({ name: 'media_id', type: 'integer', nullable: true })
  mediaId: number | null;

  @Column({ type: 'varchar', length: 16 })
  source: ModerationSource;

  @Column({ type: 'varchar', length: 16 })
  status: ModerationStatus;

  /** The last moderator's reason. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  /** WeChat's check, kept for audit. */
  @Column({ name: 'trace_id', type: 'varchar', length: 64, nullable: true })
  traceId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  suggest: ContentSuggest | null;

  @Column({ type: 'integer', nullable: true })
  label: number | null;

  /** Open user reports on this content. */
  @Column({ name: 'report_count', type: 'integer', default: 0 })
  reportCount: number;

  @Column({ name: 'reviewer_id', type: 'integer', nullable: true })
  reviewerId: number | null;

  @Column({ name: 'reviewed_at', type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  /** Optimistic lock: hide/restore update only the version they read. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
