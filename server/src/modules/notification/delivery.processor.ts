import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryStatus, NotificationTemplateKey } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { WechatClient } from '../wechat/wechat.client';
import { WechatErrcode, WechatError } from '../wechat/wechat.error';
import { dbTime, execute, kindOf } from './notification.db';
import { SubscriptionService } from './subscription.service';

/** What one `process` call did. */
export type DeliveryOutcome = 'skipped' | 'sent' | 'no_credit' | 'refused' | 'error' | 'retry';

/** WeChat errcodes that will not get better by retrying: the delivery ends as `error`. */
const PERMANENT_ERRCODES: readonly number[] = [
  WechatErrcode.ArgumentInvalid,
  WechatErrcode.InvalidTemplateId,
  WechatErrcode.InvalidOpenid,
  WechatErrcode.InvalidPage,
];

/** Longest wait between two attempts. */
const MAX_BACKOFF_MS = 3600_000;

/** What sending one delivery needs (one row of the lookup below). */
export interface DeliveryRow {
  id: number;
  user_id: number;
  template_key: NotificationTemplateKey;
  payload: string;
  attempts: number;
  page: string;
  openid: string | null;
}

/**
 * Sends ONE delivery row to WeChat. The queue adapters (the in-process poller and BullMQ) only decide
 * when this runs; every rule is here:
 *
 * 1. `queued -> sending` with a conditional UPDATE (status, due time and lock): of several workers
 *    handed the same row, exactly one wins; the others skip it.
 * 2. No openid (demo and deleted accounts) -> `no_credit`. Otherwise one credit is spent with a
 *    conditional UPDATE (credits > 0), or the delivery ends as `no_credit` (inbox only).
 * 3. `subscribe/send` through `WechatClient.callWithToken` (token refresh on 40001/42001, -1 retried).
 *    - ok -> `sent` with msgid;
 *    - 43101 -> `refused`, the template's credits set to 0, never retried;
 *    - 47003 / 40037 / 40003 / 41030 (and unknown errcodes) -> `error`, never retried, credit refunded
 *      (WeChat did not use the user's acceptance);
 *    - -1 after the client's own retries, network, timeout, HTTP errors, 45009 quota, token errors after
 *      a refresh -> back to `queued` with exponential backoff and the credit refunded, at most
 *      `maxAttempts` attempts, then `error`.
 *
 * At-most-once: WeChat's send has no idempotency key. A row found in `sending` whose lock expired (its
 * worker died mid-send) may or may not have reached the user, so `recoverInterrupted` ends it as
 * `error`/`interrupted` and never resends it; the spent credit stays spent. A timeout is the one case
 * that is retried although the message may have arrived (WeChat documents -1/timeouts as retryable);
 * a duplicate then costs the user's next credit or ends in 43101.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class DeliveryProcessor {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  wechat: WechatClient;

  @Inject()
  subscriptions: SubscriptionService;

  @Logger()
  logger: ILogger;

  /**
   * Processes delivery `id`. `owner` is the lock the poller put on the rows it claimed (the row must
   * still carry it); null (BullMQ) means "only if nobody holds a live lock on it".
   */
  async process(id: number, owner: string | null, workerId: string = owner ?? 'bullmq', prefetched?: DeliveryRow): Promise<DeliveryOutcome> {
    const cfg = this.config.notifications;
    const now = new Date();
    const row = await this.write(async (m) => {
      const k = kindOf(m);
      const lockCond = owner ? 'lock_owner = ?' : '(lock_owner IS NULL OR locked_until < ?)';
      const won = await execute(
        m,
        `UPDATE notification_deliveries SET status = 'sending', attempts = attempts + 1, lock_owner = ?, locked_until = ?, updated_at = ?
         WHERE id = ? AND status = 'queued' AND next_attempt_at <= ? AND ${lockCond}`,
        [workerId, dbTime(k, new Date(now.getTime() + cfg.sendLeaseMs)), dbTime(k, now), id, dbTime(k, now), owner ?? dbTime(k, now)],
      );
      if (won !== 1) return null;
      // Looked up before the claim (the poller loads its whole batch at once): attempts is one more now.
      const found = prefetched ? { ...prefetched, attempts: Number(prefetched.attempts) + 1 } : (await this.loadRows([id], m)).get(id);
      if (!found) return null;
      if (!found.openid || !(await this.subscriptions.spendCredit(m, found.user_id, found.template_key))) {
        await this.finish(m, id, workerId, 'no_credit', { errcode: found.openid ? null : 'no_openid' });
        return { ...found, spent: false };
      }
      return { ...found, spent: true };
    });
    if (!row) return 'skipped';
    if (!row.spent) return 'no_credit';

    try {
      const msgid = await this.wechat.sendSubscribeMessage({
        touser: row.openid!,
        templateId: this.config.notifications.templateIds[row.template_key],
        page: row.page,
        data: JSON.parse(row.payload),
        miniprogramState: cfg.miniprogramState,
        lang: cfg.lang,
      });
      await this.write((m) => this.finish(m, id, workerId, 'sent', { msgid }));
      return 'sent';
    } catch (e) {
      return this.handleFailure(row, workerId, e);
    }
  }

  /** What sending needs for each of `ids` (delivery, page of its inbox row, openid of its user). */
  async loadRows(ids: number[], m: EntityManager = this.dataSource.manager): Promise<Map<number, DeliveryRow>> {
    if (!ids.length) return new Map();
    const rows: DeliveryRow[] = await m.query(
      `SELECT d.id, d.user_id, d.template_key, d.payload, d.attempts, n.page, u.openid
       FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id JOIN users u ON u.id = d.user_id
       WHERE d.id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id), user_id: Number(r.user_id), attempts: Number(r.attempts) }]));
  }

  /**
   * Ends every delivery stuck in `sending` whose lock expired before `now` (its worker died or hung
   * mid-send) as `error` with errcode `interrupted`, WITHOUT resending: the message may have been
   * delivered and WeChat cannot tell us. Returns how many rows it ended.
   */
  async recoverInterrupted(now: Date = new Date()): Promise<number> {
    // Read first: an idle poll must not write (on sql.js every write saves the whole database file).
    const stuck = await this.dataSource.query(`SELECT id FROM notification_deliveries WHERE status = 'sending' AND locked_until < ? LIMIT 1`, [
      dbTime(kindOf(this.dataSource.manager), now),
    ]);
    if (!stuck.length) return 0;
    const n = await this.write((m) =>
      execute(
        m,
        `UPDATE notification_deliveries SET status = 'error', last_errcode = 'interrupted', lock_owner = NULL, locked_until = NULL, updated_at = ?
         WHERE status = 'sending' AND locked_until < ?`,
        [dbTime(kindOf(m), now), dbTime(kindOf(m), now)],
      ),
    );
    if (n) this.logger.warn('[notification] %d deliveries interrupted mid-send marked error (not resent)', n);
    return n;
  }

  /** Delay before attempt `attempts + 1`: base * 2^(attempts-1) plus up to 10% jitter, capped at 1 h. */
  backoffMs(attempts: number): number {
    const base = this.config.notifications.backoffBaseMs * 2 ** Math.max(0, attempts - 1);
    return Math.min(MAX_BACKOFF_MS, Math.round(base * (1 + Math.random() * 0.1)));
  }

  private async handleFailure(row: DeliveryRow, workerId: string, e: unknown): Promise<DeliveryOutcome> {
    const cfg = this.config.notifications;
    const err = e instanceof WechatError ? e : null;
    const errcode = err ? (err.kind === 'api' ? String(err.errcode) : err.kind) : 'exception';
    if (!err) this.logger.error('[notification] delivery %d failed: %s', row.id, (e as Error)?.stack ?? e);

    if (err?.errcode === WechatErrcode.SubscribeRefused) {
      await this.write(async (m) => {
        await this.subscriptions.zeroCredits(m, row.user_id, row.template_key);
        await this.finish(m, row.id, workerId, 'refused', { errcode });
      });
      return 'refused';
    }
    const retryable =
      err !== null &&
      !(err.errcode !== null && PERMANENT_ERRCODES.includes(err.errcode)) &&
      (err.kind !== 'api' || err.isBusy || err.isTokenError || err.errcode === WechatErrcode.QuotaExceeded);
    if (!retryable || row.attempts >= cfg.maxAttempts) {
      await this.write(async (m) => {
        await this.subscriptions.refundCredit(m, row.user_id, row.template_key);
        await this.finish(m, row.id, workerId, 'error', { errcode });
      });
      if (err?.errcode === WechatErrcode.ArgumentInvalid) {
        this.logger.error('[notification] template %s: WeChat rejected a value (47003): %s', row.template_key, err.errmsg);
      }
      return 'error';
    }
    const next = new Date(Date.now() + this.backoffMs(row.attempts));
    await this.write(async (m) => {
      const k = kindOf(m);
      await this.subscriptions.refundCredit(m, row.user_id, row.template_key);
      await execute(
        m,
        `UPDATE notification_deliveries SET status = 'queued', next_attempt_at = ?, last_errcode = ?, lock_owner = NULL, locked_until = NULL, updated_at = ?
         WHERE id = ? AND status = 'sending' AND lock_owner = ?`,
        [dbTime(k, next), errcode, dbTime(k, new Date()), row.id, workerId],
      );
    });
    return 'retry';
  }

  /** Final state of a delivery this worker holds (a row taken over as interrupted stays as it is). */
  private async finish(
    m: EntityManager,
    id: number,
    workerId: string,
    status: Exclude<DeliveryStatus, 'queued' | 'sending'>,
    extra: { errcode?: string | null; msgid?: string },
  ): Promise<void> {
    const k = kindOf(m);
    const now = dbTime(k, new Date());
    const n = await execute(
      m,
      `UPDATE notification_deliveries SET status = ?, last_errcode = ?, msgid = ?, sent_at = ?, lock_owner = NULL, locked_until = NULL, updated_at = ?
       WHERE id = ? AND status = 'sending' AND lock_owner = ?`,
      [status, extra.errcode ?? null, extra.msgid ?? null, status === 'sent' ? now : null, now, id, workerId],
    );
    if (n !== 1) this.logger.warn('[notification] delivery %d: lock lost before recording %s', id, status);
  }

  /**
   * Runs the statements of one step. On MySQL they run one by one on the pool, each committing by
   * itself: no step needs atomicity, because every statement is conditional and a crash between two of
   * them leaves a state the rules above already cover (e.g. `sending` with a credit spent -> interrupted).
   * On sql.js they are queued behind other transactions (one shared connection, see TransactionRunner).
   */
  private write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.options.type === 'sqljs' ? this.tx.run(work) : work(this.dataSource.manager);
  }
}
