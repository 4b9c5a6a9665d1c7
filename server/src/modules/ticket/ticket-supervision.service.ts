import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { randomUUID } from 'crypto';
import { hostname } from 'os';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { supervisionStatus, type SupervisionTicket } from '@linli/shared';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { acquireLease } from './ticket.db';
import { workingMillis } from './ticket.deadlines';
import { TicketEntity, TicketSupervisionMarkEntity } from './ticket.entities';
import { SYSTEM_ACTOR, TicketLifecycleService } from './ticket-lifecycle.service';

const LEASE = 'ticket_supervision';
/** How often the job runs. */
export const SUPERVISION_INTERVAL_SECONDS = 60;
/** How long a tick's lease lasts: the holder renews it every tick; a dead holder's lapses. */
const LEASE_SECONDS = 3 * SUPERVISION_INTERVAL_SECONDS;
const BATCH = 500;
const SUPERVISED = ['reported', 'filed', 'dispatched', 'handling', 'returned'];

export interface SupervisionTickResult {
  /** False when another process holds the lease (nothing was done here). */
  ran: boolean;
  checked: number;
  reminders: number;
  escalated: number;
  overdueChanged: number;
}

const isDuplicateKeyError = (e: unknown) => /duplicate|unique/i.test(String((e as Error)?.message ?? e));

/**
 * Supervision (督办): every minute, open tickets crossing 50 / 80 / 100 % of their current deadline get a
 * `supervise` event by the system (once per stage: unique (ticket, stage)) and their holder a reminder;
 * the overdue flag follows the deadline; a street-level ticket past twice its handle limit is escalated
 * to the district. The stage rules are shared (`supervisionStatus`), time is working time.
 *
 * One process runs it: `tick` first takes a lease row (conditional UPDATE on ticket_job_locks), renewed
 * by every tick of the holder; another process finds it held and skips until it expires. sql.js is one
 * process anyway. Tests call `tick(now)` directly.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketSupervisionService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  lifecycle: TicketLifecycleService;

  @Logger()
  logger: ILogger;

  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** This process's name on the lease. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  /**
   * Starts the periodic tick. configuration.ts starts it where the notification worker runs
   * (`linli.notifications.workerEnabled`; unit tests call `tick` themselves).
   */
  start(every = SUPERVISION_INTERVAL_SECONDS): void {
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick(new Date())
        .catch((e: Error) => this.logger.error('[ticket] supervision tick failed: %s', e.stack ?? e))
        .finally(() => (this.running = null));
    }, every * 1000);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over the open tickets at `now`. */
  async tick(now = new Date()): Promise<SupervisionTickResult> {
    const result: SupervisionTickResult = { ran: false, checked: 0, reminders: 0, escalated: 0, overdueChanged: 0 };
    const held = await this.tx.run((m) => acquireLease(m, LEASE, this.owner, now, new Date(now.getTime() + LEASE_SECONDS * 1000)));
    if (!held) return result;
    result.ran = true;
    const m = this.dataSource.manager;
    let after = 0;
    for (;;) {
      const batch = await m.find(TicketEntity, {
        where: { isOpen: true, status: In(SUPERVISED), id: MoreThan(after) },
        order: { id: 'ASC' },
        take: BATCH,
      });
      if (!batch.length) break;
      after = batch[batch.length - 1].id;
      const marks = await m.find(TicketSupervisionMarkEntity, { where: { ticketId: In(batch.map((t) => t.id)) }, select: ['ticketId', 'stage'] });
      const byTicket = new Map<number, Set<string>>();
      for (const mk of marks) (byTicket.get(mk.ticketId) ?? byTicket.set(mk.ticketId, new Set()).get(mk.ticketId)!).add(mk.stage);
      for (const t of batch) {
        result.checked++;
        try {
          await this.supervise(t, byTicket.get(t.id) ?? new Set(), now, result);
        } catch (e) {
          this.logger.error('[ticket] supervision of ticket %d failed: %s', t.id, (e as Error).stack ?? e);
        }
      }
      if (batch.length < BATCH) break;
    }
    return result;
  }

  private async supervise(t: TicketEntity, recorded: Set<string>, now: Date, result: SupervisionTickResult): Promise<void> {
    const s = supervisionStatus(toSupervision(t), now, recorded, workingMillis);
    if (s.overdue !== t.overdue) {
      // A derived flag, not a decision: no version bump (nobody's pending action becomes stale).
      await this.tx.run((m) => m.update(TicketEntity, { id: t.id, version: t.version }, { overdue: s.overdue }));
      result.overdueChanged++;
    }
    if (s.due.length) {
      const done = await this.runOnce(s.due.map((d) => d.key), async (m) => {
        const stage = { kind: s.deadline!.kind, percent: s.notifyPercent };
        await this.lifecycle.applyInTransaction(m, SYSTEM_ACTOR, t.id, { action: 'supervise', version: t.version, note: supervisionNote(s.notifyPercent!, s.deadline!.kind) }, now, {
          system: true,
          data: { stage, auto: true },
        });
      }, t.id);
      if (done) result.reminders++;
    }
    if (s.escalate) {
      const fresh = await this.dataSource.manager.findOne(TicketEntity, { where: { id: t.id }, select: ['id', 'version'] });
      if (!fresh) return;
      const done = await this.runOnce([s.escalate.key], async (m) => {
        await this.lifecycle.applyInTransaction(m, SYSTEM_ACTOR, t.id, { action: 'escalate', version: fresh.version, reason: '超过处置时限一倍仍未办结，自动上报区级' }, now, {
          system: true,
          data: { auto: true },
        });
      }, t.id);
      if (done) result.escalated++;
    }
  }

  /**
   * Records the stage marks and does `work` in one transaction; false when another run recorded them
   * first (the unique (ticket, stage) index refuses the second).
   */
  private async runOnce(keys: string[], work: (m: EntityManager) => Promise<void>, ticketId: number): Promise<boolean> {
    try {
      await this.tx.run(async (m) => {
        await m.insert(TicketSupervisionMarkEntity, keys.map((stage) => ({ ticketId, stage })));
        await work(m);
      });
      return true;
    } catch (e) {
      if (isDuplicateKeyError(e)) return false;
      throw e;
    }
  }
}

function toSupervision(t: TicketEntity): SupervisionTicket {
  return {
    status: t.status,
    level: t.level,
    createdAt: t.createdAt,
    fileDeadline: t.fileDeadline,
    handleDeadline: t.handleDeadline,
    lastDispatchedAt: t.lastDispatchedAt,
    dispatchCount: t.dispatchCount,
    extensionCount: t.extensionCount,
  };
}

function supervisionNote(percent: number, kind: 'file' | 'handle'): string {
  const what = kind === 'file' ? '立案' : '处置';
  return percent >= 100 ? `已超过${what}时限，请尽快办理` : `${what}时限已用 ${percent}%，请抓紧办理`;
}
