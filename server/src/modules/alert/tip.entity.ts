import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TipKind, TipStatus } from '@linli/shared';

/** How a tip's text came through the content check (officers see the last two flagged). */
export type TipTextCheck = 'pass' | 'review' | 'unchecked';

/**
 * A member's private tip (线索) or question (提问) to the officers of the group's station. Only they and
 * the author see it; an officer may mark it useful (points), turn it into a ticket, or answer it.
 */
@Entity('tips')
@Index(['authorId', 'clientKey'], { unique: true })
@Index(['stationPath', 'id'])
@Index(['alertId', 'replyPublic'])
export class TipEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'group_id', type: 'integer' })
  groupId: number;

  @Column({ name: 'alert_id', type: 'integer', nullable: true })
  alertId: number | null;

  @Column({ name: 'author_id', type: 'integer' })
  authorId: number;

  @Column({ type: 'varchar', length: 10 })
  kind: TipKind;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'place_name', type: 'varchar', length: 100, nullable: true })
  placeName: string | null;

  @Column({ name: 'place_lat', type: 'double', nullable: true })
  placeLat: number | null;

  @Column({ name: 'place_lng', type: 'double', nullable: true })
  placeLng: number | null;

  /** The group's station when the tip was sent: its officers read it. */
  @Column({ name: 'station_path', type: 'varchar', length: 255 })
  stationPath: string;

  @Column({ type: 'varchar', length: 12 })
  status: TipStatus;

  @Column({ name: 'text_check', type: 'varchar', length: 12 })
  textCheck: TipTextCheck;

  @Column({ name: 'reply_text', type: 'varchar', length: 500, nullable: true })
  replyText: string | null;

  /** The question and its answer are shown on the alert to every member (asker not named). */
  @Column({ name: 'reply_public', type: 'boolean', default: false })
  replyPublic: boolean;

  @Column({ name: 'replied_by', type: 'integer', nullable: true })
  repliedBy: number | null;

  @Column({ name: 'replied_at', type: 'datetime', nullable: true })
  repliedAt: Date | null;

  @Column({ name: 'useful_by', type: 'integer', nullable: true })
  usefulBy: number | null;

  @Column({ name: 'useful_at', type: 'datetime', nullable: true })
  usefulAt: Date | null;

  /** The points ledger awarded points for it (false when the ledger refused, e.g. the daily cap). */
  @Column({ name: 'points_awarded', type: 'boolean', default: false })
  pointsAwarded: boolean;

  @Column({ name: 'ticket_id', type: 'varchar', length: 40, nullable: true })
  ticketId: string | null;

  @Column({ name: 'ticket_number', type: 'varchar', length: 40, nullable: true })
  ticketNumber: string | null;

  @Column({ name: 'ticketed_by', type: 'integer', nullable: true })
  ticketedBy: number | null;

  @Column({ name: 'ticketed_at', type: 'datetime', nullable: true })
  ticketedAt: Date | null;

  @Column({ name: 'client_key', type: 'varchar', length: 64, nullable: true })
  clientKey: string | null;

  /** Optimistic lock: two officers acting at once give one winner. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

@Entity('tip_photos')
@Index(['tipId', 'mediaId'], { unique: true })
export class TipPhotoEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'tip_id', type: 'integer' })
  tipId: number;

  @Index()
  @Column({ name: 'media_id', type: 'integer' })
  mediaId: number;

  @Column({ type: 'integer' })
  position: number;
}
