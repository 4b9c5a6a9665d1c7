import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { LinliConfig } from '../../config/config.default';
import { DeliveryProcessor, type DeliveryOutcome } from './delivery.processor';
import { dbTime, kindOf } from './notification.db';

export const DELIVERY_QUEUE_NAME = 'linli-notification-deliveries';

/**
 * The job id of a delivery: its id (BullMQ refuses purely numeric custom ids, hence the prefix). Adding
 * a job whose id is already waiting, delayed or running is a no-op in BullMQ.
 */
export const deliveryJobId = (id: number) => `d${id}`;

/** Jobs added per sweep. */
const SWEEP_LIMIT = 2000;

/**
 * BullMQ adapter of the delivery queue (used when REDIS_URL is set, so several server processes share
 * the work). The delivery table stays the source of truth: a sweep enqueues every due `queued` row with
 * `jobId = d<delivery id>`, so a row waiting in Redis is never enqueued twice, and the BullMQ worker calls
 * the same `DeliveryProcessor.process`, whose conditional UPDATE makes a second job for a row a no-op.
 * Retries are not BullMQ's: the processor puts the row back to `queued` with a later next_attempt_at and
 * a later sweep enqueues it again (completed jobs are removed so the id can be reused).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class BullmqDeliveryQueue {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  processor: DeliveryProcessor;

  @Logger()
  logger: ILogger;

  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private connections: IORedis[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;
  /** Outcomes of the jobs this process ran (for tests and logs). */
  readonly outcomes: DeliveryOutcome[] = [];

  /**
   * Connects to Redis and starts the BullMQ worker and the periodic sweep. `prefix` namespaces the
   * Redis keys (tests use one per run); `sweep: false` leaves sweeping to explicit `sweep()` calls.
   */
  async start(redisUrl: string, opts: { prefix?: string; sweep?: boolean } = {}): Promise<void> {
    if (this.queue) return;
    const prefix = opts.prefix ?? 'linli';
    const connect = () => {
      const c = new IORedis(redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: true });
      this.connections.push(c);
      return c;
    };
    this.queue = new Queue(DELIVERY_QUEUE_NAME, { connection: connect(), prefix });
    this.worker = new Worker(
      DELIVERY_QUEUE_NAME,
      async (job) => {
        const outcome = await this.processor.process(Number(job.data.deliveryId), null, `bullmq:${process.pid}:${job.id}`);
        this.outcomes.push(outcome);
        return outcome;
      },
      { connection: connect(), prefix, concurrency: this.config.notifications.concurrency },
    );
    this.worker.on('failed', (job, err) => this.logger.error('[notification] bullmq job %s failed: %s', job?.id, err?.message));
    await this.queue.waitUntilReady();
    await this.worker.waitUntilReady();
    if (opts.sweep !== false) {
      const tick = () => {
        void this.sweep().catch((e) => this.logger.error('[notification] sweep failed: %s', (e as Error)?.message));
        this.timer = setTimeout(tick, this.config.notifications.pollIntervalMs);
        this.timer.unref?.();
      };
      tick();
    }
    this.logger.info('[notification] BullMQ delivery queue started (prefix %s)', prefix);
  }

  /**
   * Ends interrupted sends (see DeliveryProcessor.recoverInterrupted) and enqueues every due queued
   * delivery with jobId = its id. Returns how many ids were offered to the queue.
   */
  async sweep(now: Date = new Date()): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      if (!this.queue) return 0;
      await this.processor.recoverInterrupted(now);
      const k = kindOf(this.dataSource.manager);
      const at = dbTime(k, now);
      const rows: Array<{ id: number }> = await this.dataSource.query(
        `SELECT id FROM notification_deliveries WHERE status = 'queued' AND next_attempt_at <= ? AND (lock_owner IS NULL OR locked_until < ?) ORDER BY id LIMIT ${SWEEP_LIMIT}`,
        [at, at],
      );
      if (rows.length) await this.enqueue(rows.map((r) => Number(r.id)));
      return rows.length;
    })().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /** Adds one job per delivery id (jobId = d<id>: an id already waiting in Redis is not added again). */
  async enqueue(ids: number[]): Promise<void> {
    if (!this.queue || !ids.length) return;
    await this.queue.addBulk(
      ids.map((id) => ({
        name: 'deliver',
        data: { deliveryId: id },
        opts: { jobId: deliveryJobId(id), removeOnComplete: true, removeOnFail: 1000, attempts: 1 },
      })),
    );
  }

  /** Jobs waiting, delayed or running. */
  async pending(): Promise<number> {
    if (!this.queue) return 0;
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  /** Sweeps and waits until Redis holds no pending job and nothing due is left (tests and scripts). */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const offered = await this.sweep();
      if (offered === 0 && (await this.pending()) === 0) return;
      if (Date.now() > deadline) throw new Error('BullMQ delivery queue did not drain in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The underlying queue (tests inspect and clean it). */
  get bullQueue(): Queue | null {
    return this.queue;
  }

  /** Stops the worker (waiting for running jobs), the sweep and the Redis connections. */
  async stop(opts: { obliterate?: boolean } = {}): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.sweeping) await this.sweeping.catch(() => undefined);
    await this.worker?.close();
    if (opts.obliterate) await this.queue?.obliterate({ force: true });
    await this.queue?.close();
    for (const c of this.connections) c.disconnect();
    this.connections = [];
    this.worker = null;
    this.queue = null;
  }
}
