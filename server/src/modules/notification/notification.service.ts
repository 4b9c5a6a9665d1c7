import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  NotificationLimits,
  NotificationListQuery,
  NotificationTemplateKey,
  NotificationVars,
  renderNotification,
} from '@linli/shared';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { notFound } from '../../common/errors/app.error';
import { NotificationDeliveryEntity, NotificationEntity } from './notification.entity';
import { chunks, dbTime, execute, kindOf, marks } from './notification.db';
import { DeliveryQueue } from './notification.queue';

/** Rows per multi-row INSERT (8 and 7 parameters each: far below MySQL's and SQLite's parameter limits). */
const INSERT_CHUNK = 1000;

/** An inbox row with its delivery, as the presenter takes it. */
export interface NotificationView {
  notification: NotificationEntity;
  delivery: Pick<NotificationDeliveryEntity, 'status'> | null;
}

export interface NotifyResult {
  /** Distinct recipients asked for. */
  recipients: number;
  /** Inbox rows (and deliveries) created now; the rest existed from an earlier identical notify. */
  created: number;
}

/**
 * The in-app inbox and the fan-out that fills it. `notify` is what other modules call: it renders the
 * template once, then in ONE transaction writes an inbox row and a queued WeChat delivery per
 * recipient with chunked multi-row INSERTs, idempotently (dedupe key = template + ref + user), and
 * wakes the delivery queue after commit.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class NotificationService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  queue: DeliveryQueue;

  @Logger()
  logger: ILogger;

  /**
   * Notifies `userIds` with template `templateKey` about record `ref`. Renders once (WeChat's value
   * limits applied), then inserts the inbox rows and their deliveries in one transaction. A retried
   * call with the same template, ref and users creates nothing new. Pass `manager` to join a caller's
   * transaction (the queue is then woken by the next poll instead of at once).
   * @throws NotificationRenderError when `vars` cannot be rendered (a programming error: nothing written).
   */
  async notify(
    userIds: readonly number[],
    templateKey: NotificationTemplateKey,
    vars: NotificationVars,
    ref: string | number,
    manager?: EntityManager,
  ): Promise<NotifyResult> {
    const refText = String(ref).slice(0, NotificationLimits.refMaxLength);
    const rendered = renderNotification(templateKey, vars, refText);
    // In dedupe-key order (the unique index's: the keys differ only in the user id's digits), so a notify
    // and its retry running at once lock the same keys in the same order and wait for each other instead
    // of deadlocking.
    const ids = [...new Set(userIds.filter((id) => Number.isInteger(id) && id > 0))].sort((a, b) => (String(a) < String(b) ? -1 : 1));
    if (!ids.length) return { recipients: 0, created: 0 };
    const payload = JSON.stringify(rendered.data);
    const work = async (m: EntityManager) => {
      const k = kindOf(m);
      const now = dbTime(k, new Date());
      let created = 0;
      for (const part of chunks(ids, INSERT_CHUNK)) {
        const keys = part.map((userId) => dedupeKey(templateKey, refText, userId));
        const values = part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
        const params = part.flatMap((userId, i) => [userId, templateKey, rendered.title, rendered.body, rendered.page, refText, keys[i], now]);
        const insert = `INSERT INTO notifications (user_id, template_key, title, body, page, ref, dedupe_key, created_at) VALUES ${values}`;
        await m.query(k === 'mysql' ? `${insert} ON DUPLICATE KEY UPDATE id = id` : `${insert} ON CONFLICT(dedupe_key) DO NOTHING`, params);
        // One delivery per inbox row of these keys that has none yet. A row and its delivery are committed
        // together, so these are the rows just inserted above: a retried notify adds nothing. Found with a
        // plain (non-locking) SELECT and written with a multi-row INSERT ... VALUES; the unique
        // notification_id refuses a second delivery. Never one INSERT ... SELECT: MariaDB runs that as a
        // "bulk insert" holding the table's AUTO-INC lock to the end of the statement while its SELECT
        // takes shared locks, and concurrent notifies deadlocked on it (1467, see docs/DECISIONS.md).
        const fresh: Array<{ id: number | string; user_id: number | string }> = await m.query(
          `SELECT n.id, n.user_id FROM notifications n
           WHERE n.dedupe_key IN (${marks(keys.length)})
             AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.notification_id = n.id)
           ORDER BY n.id`,
          keys,
        );
        if (!fresh.length) continue;
        created += await execute(
          m,
          `INSERT INTO notification_deliveries (notification_id, user_id, template_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
           VALUES ${fresh.map(() => "(?, ?, ?, ?, 'queued', 0, ?, ?, ?)").join(', ')}`,
          fresh.flatMap((n) => [Number(n.id), Number(n.user_id), templateKey, payload, now, now, now]),
        );
      }
      return created;
    };
    const created = manager ? await work(manager) : await this.tx.run(work);
    if (!manager && created > 0) this.queue.wake();
    return { recipients: ids.length, created };
  }

  /** The user's inbox, newest first, `limit` per page; `cursor` is the previous page's nextCursor. */
  async list(userId: number, query: NotificationListQuery): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const qb = this.dataSource.manager
      .createQueryBuilder(NotificationEntity, 'n')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) qb.andWhere('n.id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    return {
      items: await this.withDeliveries(page),
      nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null,
    };
  }

  /** How many of the user's messages are unread. */
  async unreadCount(userId: number): Promise<number> {
    return this.dataSource.manager
      .createQueryBuilder(NotificationEntity, 'n')
      .where('n.user_id = :userId AND n.read_at IS NULL', { userId })
      .getCount();
  }

  /**
   * Marks one of the user's messages read (already read: unchanged).
   * @throws AppError NOT_FOUND when it does not exist or belongs to someone else.
   */
  async markRead(userId: number, id: number): Promise<NotificationView> {
    return this.tx.run(async (m) => {
      const n = await m.findOne(NotificationEntity, { where: { id, userId } });
      if (!n) throw notFound();
      if (!n.readAt) {
        n.readAt = new Date();
        await m.update(NotificationEntity, { id, userId }, { readAt: n.readAt });
      }
      const [view] = await this.withDeliveries([n], m);
      return view;
    });
  }

  /** Marks all the user's messages read; returns how many changed. */
  async markAllRead(userId: number): Promise<number> {
    return this.tx.run(async (m) =>
      execute(m, 'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL', [dbTime(kindOf(m), new Date()), userId]),
    );
  }

  private async withDeliveries(rows: NotificationEntity[], m: EntityManager = this.dataSource.manager): Promise<NotificationView[]> {
    if (!rows.length) return [];
    const deliveries = await m
      .createQueryBuilder(NotificationDeliveryEntity, 'd')
      .select(['d.notificationId', 'd.status'])
      .where('d.notification_id IN (:...ids)', { ids: rows.map((r) => r.id) })
      .getMany();
    const byId = new Map(deliveries.map((d) => [d.notificationId, d]));
    return rows.map((notification) => ({ notification, delivery: byId.get(notification.id) ?? null }));
  }
}

/** One message per template, record and user. */
export function dedupeKey(templateKey: NotificationTemplateKey, ref: string, userId: number): string {
  return `${templateKey}:${ref}:${userId}`;
}
