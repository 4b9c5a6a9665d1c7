import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import type { LinliConfig } from '../../config/config.default';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { DeliveryOutcome, DeliveryProcessor } from './delivery.processor';
import { dbTime, execute, kindOf } from './notification.db';

/** Counts of what a drain or a round did. */
export type DrainStats = Record<DeliveryOutcome, number> & { claimed: number; interrupted: number; rounds: number };

const emptyStats = (): DrainStats => ({ claimed: 0, interrupted: 0, rounds: 0, skipped: 0, sent: 0, no_credit: 0, refused: 0, error: 0, retry: 0 });

/**
 * The default delivery queue: an in-process poller over the `notification_deliveries` table (durable:
 * the table is the queue, so a restart loses nothing). Each round it
 * 1. ends deliveries interrupted mid-send (expired `sending` locks) without resending them;
 * 2. claims up to `batchSize` due `queued` rows atomically with one UPDATE setting lock_owner /
 *    locked_until (rows locked by another live worker are left alone; an expired claim is taken over);
 * 3. processes the claimed rows with at most `concurrency` sends in flight (DeliveryProcessor).
 *
 * `start()` polls every `pollIntervalMs` and `kick()` (after a notify commits) runs a round at once;
 * tests call `drain()` instead.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class NotificationWorker {
  @Config('linli')
  config: LinliConfig;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  processor: DeliveryProcessor;

  @Logger()
  logger: ILogger;

  /** Unique per worker instance (a restarted process is a new worker). */
  readonly workerId = `${hostname().slice(0, 20)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> | null = null;
  private again = false;
  private stopped = true;

  /** Starts polling (idempotent). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.kick();
      this.timer = setTimeout(tick, this.config.notifications.pollIntervalMs);
      this.timer.unref?.();
    };
    tick();
    this.logger.info('[notification] delivery worker %s started', this.workerId);
  }

  /** Stops polling and waits for the round in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.round) await this.round;
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** Runs rounds now until nothing is due (when started; a round in progress is followed by another). */
  kick(): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = (async () => {
      try {
        do {
          this.again = false;
          const stats = await this.runOnce();
          if (stats.claimed > 0) this.again = true;
        } while (this.again && !this.stopped);
      } catch (e) {
        this.logger.error('[notification] worker round failed: %s', (e as Error)?.stack ?? e);
      } finally {
        this.round = null;
      }
    })();
  }

  /**
   * Runs rounds until no delivery is due (future retries are left for later). For tests and scripts;
   * `maxRounds` guards against a loop.
   */
  async drain(opts: { maxRounds?: number } = {}): Promise<DrainStats> {
    const total = emptyStats();
    for (let i = 0; i < (opts.maxRounds ?? 10_000); i++) {
      const s = await this.runOnce();
      for (const k of Object.keys(total) as (keyof DrainStats)[]) total[k] += s[k];
      if (s.claimed === 0) break;
    }
    return total;
  }

  /** One round: recover interrupted sends, claim a batch, process it. */
  async runOnce(now: Date = new Date()): Promise<DrainStats> {
    const stats = emptyStats();
    stats.rounds = 1;
    stats.interrupted = await this.processor.recoverInterrupted(now);
    const { owner, ids } = await this.claim(now);
    stats.claimed = ids.length;
    const outcomes = await this.processAll(ids, owner);
    for (const o of outcomes) stats[o] += 1;
    return stats;
  }

  /**
   * Claims up to `batchSize` due queued rows for this worker in one UPDATE (portable: MySQL updates
   * with ORDER BY/LIMIT, SQLite through an id subquery) and returns the claim's owner and ids.
   */
  async claim(now: Date = new Date()): Promise<{ owner: string; ids: number[] }> {
    const cfg = this.config.notifications;
    const owner = `${this.workerId}:${++this.seq}`;
    // Read first: an idle poll must not write (on sql.js every write saves the whole database file).
    const due = await this.tx.dataSource.query(
      `SELECT id FROM notification_deliveries WHERE status = 'queued' AND next_attempt_at <= ? AND (lock_owner IS NULL OR locked_until < ?) LIMIT 1`,
      [dbTime(kindOf(this.tx.dataSource.manager), now), dbTime(kindOf(this.tx.dataSource.manager), now)],
    );
    if (!due.length) return { owner, ids: [] };
    const ids = await this.tx.run(async (m) => {
      const k = kindOf(m);
      const until = dbTime(k, new Date(now.getTime() + cfg.claimLeaseMs));
      const at = dbTime(k, now);
      const due = `status = 'queued' AND next_attempt_at <= ? AND (lock_owner IS NULL OR locked_until < ?)`;
      if (k === 'mysql') {
        await execute(m, `UPDATE notification_deliveries SET lock_owner = ?, locked_until = ? WHERE ${due} ORDER BY id LIMIT ?`, [owner, until, at, at, cfg.batchSize]);
      } else {
        await execute(
          m,
          `UPDATE notification_deliveries SET lock_owner = ?, locked_until = ? WHERE id IN (SELECT id FROM notification_deliveries WHERE ${due} ORDER BY id LIMIT ?)`,
          [owner, until, at, at, cfg.batchSize],
        );
      }
      const rows: Array<{ id: number }> = await m.query(`SELECT id FROM notification_deliveries WHERE lock_owner = ? AND status = 'queued' ORDER BY id`, [owner]);
      return rows.map((r) => Number(r.id));
    });
    return { owner, ids };
  }

  /** Processes `ids` (claimed by `owner`) with at most `concurrency` in flight. */
  async processAll(ids: number[], owner: string): Promise<DeliveryOutcome[]> {
    const out: DeliveryOutcome[] = [];
    // One lookup for the whole batch instead of one per delivery.
    const rows = await this.processor.loadRows(ids);
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        try {
          out.push(await this.processor.process(id, owner, owner, rows.get(id)));
        } catch (e) {
          // A database failure mid-way: the row keeps its lock and is recovered when the lease ends.
          this.logger.error('[notification] delivery %d: %s', id, (e as Error)?.stack ?? e);
          out.push('skipped');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.notifications.concurrency, ids.length) }, lane));
    return out;
  }
}
