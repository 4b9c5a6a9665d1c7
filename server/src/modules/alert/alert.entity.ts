import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AlertSeverity, AlertStatus, AlertTargetKind, AlertType } from '@linli/shared';

/** How an alert's text passed the content check: `pass`, or `unchecked` (author without openid). */
export type AlertTextCheck = 'pass' | 'unchecked';

/** A police alert (警情通报) posted by an officer to groups and/or areas. */
@Entity('alerts')
@Index(['authorId', 'clientKey'], { unique: true })
@Index(['severity', 'status', 'remindersSent'])
export class AlertEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'author_id', type: 'integer' })
  authorId: number;

  @Column({ type: 'varchar', length: 20 })
  type: AlertType;

  @Column({ type: 'varchar', length: 12 })
  severity: AlertSeverity;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** Required when a photo shows a suspect. */
  @Column({ name: 'case_number', type: 'varchar', length: 32, nullable: true })
  caseNumber: string | null;

  @Column({ name: 'place_name', type: 'varchar', length: 100, nullable: true })
  placeName: string | null;

  @Column({ name: 'place_lat', type: 'double', nullable: true })
  placeLat: number | null;

  @Column({ name: 'place_lng', type: 'double', nullable: true })
  placeLng: number | null;

  /** Common unit of its targets: where its audit rows belong and which admins may withdraw it. */
  @Index()
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  @Column({ type: 'varchar', length: 12 })
  status: AlertStatus;

  @Column({ name: 'text_check', type: 'varchar', length: 12 })
  textCheck: AlertTextCheck;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @Column({ name: 'published_at', type: 'datetime' })
  publishedAt: Date;

  @Column({ name: 'withdrawn_at', type: 'datetime', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawn_by', type: 'integer', nullable: true })
  withdrawnBy: number | null;

  @Column({ name: 'withdraw_reason', type: 'varchar', length: 200, nullable: true })
  withdrawReason: string | null;

  /** Feed rows written at posting (members of the targets, deduplicated, author excluded). */
  @Column({ name: 'recipient_count', type: 'integer', default: 0 })
  recipientCount: number;

  @Column({ name: 'reminders_sent', type: 'integer', default: 0 })
  remindersSent: number;

  @Column({ name: 'last_reminded_at', type: 'datetime', nullable: true })
  lastRemindedAt: Date | null;

  /** The poster's idempotency key: a retried submit returns the first alert. */
  @Column({ name: 'client_key', type: 'varchar', length: 64, nullable: true })
  clientKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** One target of an alert: a whole group, or the members of the author's groups inside an area. */
@Entity('alert_targets')
export class AlertTargetEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index()
  @Column({ name: 'alert_id', type: 'integer' })
  alertId: number;

  @Column({ type: 'varchar', length: 8 })
  kind: AlertTargetKind;

  @Column({ name: 'group_id', type: 'integer', nullable: true })
  groupId: number | null;

  @Column({ name: 'unit_id', type: 'integer', nullable: true })
  unitId: number | null;

  @Column({ name: 'unit_path', type: 'varchar', length: 255, nullable: true })
  unitPath: string | null;
}

/** A photo of an alert; suspect photos are hidden from members once the alert expires. */
@Entity('alert_photos')
@Index(['alertId', 'mediaId'], { unique: true })
export class AlertPhotoEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'alert_id', type: 'integer' })
  alertId: number;

  @Index()
  @Column({ name: 'media_id', type: 'integer' })
  mediaId: number;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'boolean', default: false })
  suspect: boolean;
}

/** A member's copy of an alert (their feed row), with when they opened and acknowledged it. */
@Entity('alert_recipients')
@Index(['userId', 'alertId'], { unique: true })
@Index(['alertId', 'ackedAt'])
export class AlertRecipientEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'alert_id', type: 'integer' })
  alertId: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'opened_at', type: 'datetime', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'acked_at', type: 'datetime', nullable: true })
  ackedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** One reminder of an urgent alert to the members who had not acknowledged it. */
@Entity('alert_reminders')
@Index(['alertId', 'seq'], { unique: true })
export class AlertReminderEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'alert_id', type: 'integer' })
  alertId: number;

  /** 1, 2, 3: the unique index makes two processes reminding at once give one reminder. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 8 })
  kind: 'auto' | 'manual';

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'integer', default: 0 })
  recipients: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
