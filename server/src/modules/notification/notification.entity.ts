import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DeliveryStatus, NotificationTemplateKey, SubscriptionStatus } from '@linli/shared';

/**
 * Send credits of one user for one template. WeChat's one-time subscription gives one send per
 * "accept": +1 per accept, -1 per send, 0 on errcode 43101 or a reject event.
 */
@Entity('notification_subscriptions')
@Index(['userId', 'templateKey'], { unique: true })
export class NotificationSubscriptionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'template_key', type: 'varchar', length: 40 })
  templateKey: NotificationTemplateKey;

  /** Sends WeChat still allows (never below 0: spending is a conditional UPDATE). */
  @Column({ type: 'integer', default: 0 })
  credits: number;

  /** The user's last answer: accept / reject / ban, or main_switch_off. */
  @Column({ name: 'last_status', type: 'varchar', length: 20, nullable: true })
  lastStatus: SubscriptionStatus | null;

  /**
   * One tap on "accept" may be reported twice: by the client (POST /notifications/subscriptions) and by
   * WeChat's subscribe_msg_popup_event push. Accepts from one source not yet matched by the other are
   * counted here (for 10 minutes); the other source's report then matches one instead of adding a credit.
   */
  @Column({ name: 'unmatched_source', type: 'varchar', length: 6, nullable: true })
  unmatchedSource: 'client' | 'event' | null;

  @Column({ name: 'unmatched_count', type: 'integer', default: 0 })
  unmatchedCount: number;

  @Column({ name: 'unmatched_at', type: 'datetime', nullable: true })
  unmatchedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** One message in a user's in-app inbox. Every notification lands here, pushed to WeChat or not. */
@Entity('notifications')
@Index(['userId', 'id'])
@Index(['userId', 'readAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'template_key', type: 'varchar', length: 40 })
  templateKey: NotificationTemplateKey;

  @Column({ type: 'varchar', length: 60 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** Mini-program page it opens (no leading slash). */
  @Column({ type: 'varchar', length: 255 })
  page: string;

  /** Id of the record it is about. */
  @Column({ type: 'varchar', length: 64 })
  ref: string;

  /** `<template>:<ref>:<user>`: a retried notify never inserts the same message twice. */
  @Index({ unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 191 })
  dedupeKey: string;

  @Column({ name: 'read_at', type: 'datetime', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/**
 * The WeChat push of one inbox row (exactly one per notification). A durable queue: the worker claims
 * due `queued` rows by setting lock_owner/locked_until, then moves each to `sending` with a conditional
 * UPDATE so only one worker sends it.
 */
@Entity('notification_deliveries')
@Index(['status', 'nextAttemptAt'])
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index({ unique: true })
  @Column({ name: 'notification_id', type: 'integer' })
  notificationId: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'template_key', type: 'varchar', length: 40 })
  templateKey: NotificationTemplateKey;

  /** WeChat `data` (JSON) as rendered when the notification was created. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 12 })
  status: DeliveryStatus;

  /** Send attempts started (queued -> sending transitions). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'datetime' })
  nextAttemptAt: Date;

  /** WeChat's errcode of the last failure, or network / timeout / interrupted / no_openid. */
  @Column({ name: 'last_errcode', type: 'varchar', length: 20, nullable: true })
  lastErrcode: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  msgid: string | null;

  @Index()
  @Column({ name: 'lock_owner', type: 'varchar', length: 64, nullable: true })
  lockOwner: string | null;

  @Column({ name: 'locked_until', type: 'datetime', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'sent_at', type: 'datetime', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
