import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { LinliConfig } from '../../config/config.default';
import { BullmqDeliveryQueue } from './notification.bullmq';
import { NotificationWorker } from './notification.worker';

/**
 * Which delivery queue runs: BullMQ when REDIS_URL is set, else the in-process poller over the delivery
 * table. Started from configuration.ts when `linli.notifications.workerEnabled` (off in unit tests,
 * which drive NotificationWorker / BullmqDeliveryQueue themselves).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class DeliveryQueue {
  @Config('linli')
  config: LinliConfig;

  @Inject()
  poller: NotificationWorker;

  @Inject()
  bullmq: BullmqDeliveryQueue;

  @Logger()
  logger: ILogger;

  private mode: 'off' | 'poller' | 'bullmq' = 'off';

  async start(): Promise<void> {
    if (this.mode !== 'off') return;
    if (this.config.redisUrl) {
      await this.bullmq.start(this.config.redisUrl);
      this.mode = 'bullmq';
    } else {
      this.poller.start();
      this.mode = 'poller';
    }
  }

  async stop(): Promise<void> {
    if (this.mode === 'bullmq') await this.bullmq.stop();
    if (this.mode === 'poller') await this.poller.stop();
    this.mode = 'off';
  }

  /** New deliveries were committed: process them now rather than at the next poll. */
  wake(): void {
    if (this.mode === 'poller') this.poller.kick();
    else if (this.mode === 'bullmq') void this.bullmq.sweep().catch((e) => this.logger.error('[notification] sweep failed: %s', (e as Error)?.message));
  }
}
