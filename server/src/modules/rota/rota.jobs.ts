import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, beijingHour, beijingMidnight, RotaDefaults, RotaStatus } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { dbTime, execute, kindOf } from '../notification/notification.db';
import { NotificationService } from '../notification/notification.service';
import { RotaClock } from './rota.clock';
import { DutyEntity, RotaEntity } from './rota.entity';
import { RotaPlanner } from './rota.planner';
import { userIdsFor } from './rota.repository';
import { SwapService } from './swap.service';

export interface RotaJobStats {
  replanned: number;
  remindedBefore: number;
  remindedMorning: number;
  expiredSwaps: number;
  erasedLocations: number;
}

/** Default interval of the rota jobs; `linli.rota.jobIntervalMs` overrides it. */
const DEFAULT_INTERVAL_MS = 60_000;

/**
 * The rota module's scheduled work, one round every minute (started from configuration.ts beside the
 * notification worker, off in unit tests, which call `runOnce`):
 * 1. plan rotas further ahead as weeks pass (the publishing horizon rolls forward);
 * 2. remind the shops on duty `reminderDaysBefore` days before their period, and on its first morning
 *    from 08:00 Beijing time (duty_week_reminder; a flag per duty and the notification's dedupe key
 *    make each reminder go out once);
 * 3. expire open swaps whose weeks started;
 * 4. erase the exact coordinates of check-ins past their retention date (privacy).
 * Each step runs on its own; a failure is logged and the next round tries again.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RotaJobs {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  clock: RotaClock;

  @Inject()
  planner: RotaPlanner;

  @Inject()
  swaps: SwapService;

  @Inject()
  notifications: NotificationService;

  @Logger()
  logger: ILogger;

  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> | null = null;

  start(): void {
    if (this.timer) return;
    const interval = (this.config as LinliConfig & { rota?: { jobIntervalMs?: number } }).rota?.jobIntervalMs ?? DEFAULT_INTERVAL_MS;
    const tick = () => {
      if (!this.round) {
        this.round = this.runOnce()
          .catch((e) => this.logger.error('[rota] jobs failed: %s', (e as Error)?.stack ?? e))
          .finally(() => (this.round = null));
      }
    };
    this.timer = setInterval(tick, interval);
    this.timer.unref?.();
    setTimeout(tick, 1000).unref?.();
    this.logger.info('[rota] jobs started (every %d ms)', interval);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.round) await this.round;
  }

  /** One round of every job. */
  async runOnce(): Promise<RotaJobStats> {
    const stats: RotaJobStats = { replanned: 0, remindedBefore: 0, remindedMorning: 0, expiredSwaps: 0, erasedLocations: 0 };
    const step = async (name: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (e) {
        this.logger.error('[rota] %s failed: %s', name, (e as Error)?.stack ?? e);
      }
    };
    await step('planning', async () => {
      stats.replanned = await this.extendHorizons();
    });
    await step('reminders', async () => {
      const r = await this.sendReminders();
      stats.remindedBefore = r.before;
      stats.remindedMorning = r.morning;
    });
    await step('swaps', async () => {
      stats.expiredSwaps = await this.swaps.expireStarted();
    });
    await step('privacy', async () => {
      stats.erasedLocations = await this.eraseLocations();
    });
    return stats;
  }

  /** Replans active rotas whose horizon fell behind. */
  async extendHorizons(): Promise<number> {
    const rotas = await this.dataSource.manager.find(RotaEntity, { where: { status: RotaStatus.Active } });
    let n = 0;
    for (const rota of rotas) {
      if (!this.planner.isBehind(rota)) continue;
      await this.tx.run((m) => this.planner.replan(m, rota.id));
      n++;
    }
    return n;
  }

  /** Sends the reminders that are due; returns how many duties were reminded. */
  async sendReminders(): Promise<{ before: number; morning: number }> {
    const now = this.clock.now();
    const today = this.clock.today();
    const m = this.dataSource.manager;
    const soon = await m
      .createQueryBuilder(DutyEntity, 'd')
      .innerJoin(RotaEntity, 'r', 'r.id = d.rota_id')
      .where('r.status = :active', { active: RotaStatus.Active })
      .andWhere('d.week_start > :today AND d.week_start <= :until', { today, until: addDays(today, RotaDefaults.reminderDaysBefore) })
      .andWhere('d.reminded_before = :no', { no: false })
      .getMany();
    const morning =
      beijingHour(now) >= RotaDefaults.morningReminderHour
        ? await m
            .createQueryBuilder(DutyEntity, 'd')
            .innerJoin(RotaEntity, 'r', 'r.id = d.rota_id')
            .where('r.status = :active', { active: RotaStatus.Active })
            .andWhere('d.week_start = :today', { today })
            .andWhere('d.reminded_morning = :no', { no: false })
            .getMany()
        : [];
    let before = 0;
    let first = 0;
    for (const d of soon) if (await this.remind(d, 'before')) before++;
    for (const d of morning) if (await this.remind(d, 'morning')) first++;
    return { before, morning: first };
  }

  /** One reminder: notify the people acting for the duty's participant, then flag it. */
  private async remind(d: DutyEntity, which: 'before' | 'morning'): Promise<boolean> {
    const m = this.dataSource.manager;
    const rota = await m.findOne(RotaEntity, { where: { id: d.rotaId } });
    if (!rota) return false;
    const users = await userIdsFor(m, [d.participantId]);
    const note = which === 'before' ? '请提前备好红袖章，值守首日记得签到' : '今天开始值守，请签到并留意街面情况';
    // ref: the duty id (the page opens it); the morning one adds ".1" so the dedupe key differs.
    const ref = which === 'before' ? String(d.id) : `${d.id}.1`;
    if (users.length) {
      await this.notifications.notify(
        users,
        'duty_week_reminder',
        { area: rota.name, start: beijingMidnight(d.weekStart), end: new Date(beijingMidnight(addDays(d.weekEnd, 1)).getTime() - 60_000), note },
        ref,
      );
    }
    const flag = which === 'before' ? { remindedBefore: true } : { remindedMorning: true };
    await this.tx.run((tm) => tm.update(DutyEntity, { id: d.id }, flag));
    return users.length > 0;
  }

  /** Erases exact coordinates of check-ins past their retention date; the verdict stays. */
  async eraseLocations(): Promise<number> {
    const today = this.clock.today();
    return this.tx.run(async (m) => {
      const k = kindOf(m);
      return execute(
        m,
        'UPDATE rota_checkins SET lng = NULL, lat = NULL, accuracy = NULL, location_erased_at = ? WHERE erase_after < ? AND location_erased_at IS NULL',
        [dbTime(k, this.clock.now()), today],
      );
    });
  }
}
