import { Destroy, ILogger, Init, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { randomInt } from 'crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, NotificationTemplateKey, REDEMPTION_CODE_LENGTH } from '@linli/shared';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, notFound } from '../../common/errors/app.error';
import { dbTime, execute, kindOf } from '../notification/notification.db';
import { NotificationService } from '../notification/notification.service';
import { loadNicknames } from '../moderation/moderation.repository';
import { PointsEntryEntity, PointsRedemptionEntity, PointsRewardEntity } from './points.entity';
import { insertId } from './points.db';
import { canFulfil, isProvider } from './points.policy';
import { giveBack, takeUnit } from './points.stock';
import type { RedemptionView } from './points.presenter';
import { PointsService } from './points.service';

/** MySQL errors worth retrying the whole transaction for: deadlock, lock wait timeout. */
const RETRYABLE = new Set([1213, 1205]);

/**
 * Redemption: points are deducted and a code is issued in one transaction; the provider scans or types
 * the code to hand the reward over; a cancelled or expired code is refunded by reversing the spend and
 * gives the stock back.
 *
 * Locking order (no deadlocks between redemptions): the user's account row first (that also makes the
 * per-user limit and the `clientKey` replay exact), one stock shard of the reward last (see
 * points.stock.ts), so a contended reward's locks are held only from that UPDATE to the commit, and
 * concurrent redemptions take different shards. The redemption row has no foreign key to the reward on
 * purpose: the check would take a shared lock on the reward row in every redemption.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RedemptionService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  ledger: PointsService;

  @Inject()
  notifications: NotificationService;

  @Logger()
  logger: ILogger;

  private timer: NodeJS.Timeout | null = null;

  /** Redemption notices, sent one after another (never rejects: notifyIssued logs its failures). */
  private noticeTail: Promise<void> = Promise.resolve();

  @Init()
  init() {
    // Expired codes are refunded every 5 minutes (and whenever their owner or a provider looks at them).
    // Unit tests call expireDue(now) themselves.
    if (process.env.MIDWAY_SERVER_ENV === 'unittest') return;
    this.timer = setInterval(() => {
      this.expireDue(new Date()).catch((err: Error) => this.logger.error('[points] expiry sweep failed: %s', err.stack ?? err));
    }, 5 * 60_000);
    this.timer.unref?.();
  }

  @Destroy()
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Redeems a reward: checks, deducts the cost, takes one from stock and issues a code, all or nothing.
   * A request repeated with the same `clientKey` returns the first redemption (`replayed`).
   * @throws NOT_FOUND unknown or unapproved reward; REWARD_NOT_AVAILABLE outside its period;
   *   POINTS_INSUFFICIENT; REWARD_LIMIT_REACHED; REWARD_OUT_OF_STOCK.
   */
  async redeem(auth: AuthState, rewardId: number, clientKey: string): Promise<{ view: RedemptionView; replayed: boolean }> {
    const result = await this.withRetry(() =>
      this.tx.run(async (m) => {
        // First statement of the transaction: the lock. Plain reads below see everything committed before it.
        // No account yet means no points (and nothing to lock: the request is refused below).
        const balance = (await this.ledger.lockExistingAccount(m, auth.userId)) ?? 0;
        const previous = await m.findOneBy(PointsRedemptionEntity, { userId: auth.userId, clientKey });
        if (previous) {
          if (previous.rewardId !== rewardId) throw new AppError(ErrorCode.Conflict, { message: '请求编号已用于另一次兑换' });
          const reward = await m.findOneByOrFail(PointsRewardEntity, { id: previous.rewardId });
          return { view: { redemption: previous, reward, userNickname: null }, replayed: true };
        }
        const reward = await m.findOneBy(PointsRewardEntity, { id: rewardId });
        if (!reward || (reward.status !== 'approved' && reward.status !== 'withdrawn')) throw notFound();
        const now = new Date();
        if (reward.status !== 'approved' || new Date(reward.validFrom) > now || new Date(reward.validUntil) <= now) {
          throw new AppError(ErrorCode.RewardNotAvailable);
        }
        if (balance < reward.cost) throw new AppError(ErrorCode.PointsInsufficient, { data: { balance, cost: reward.cost } });
        const counted: { n: number | string }[] = await m.query(
          "SELECT COUNT(*) AS n FROM points_redemptions WHERE reward_id = ? AND user_id = ? AND status IN ('issued', 'fulfilled')",
          [reward.id, auth.userId],
        );
        if (Number(counted[0].n) >= reward.perUserLimit) throw new AppError(ErrorCode.RewardLimitReached, { data: { limit: reward.perUserLimit } });

        const redemption = await this.insertWithCode(m, {
          userId: auth.userId,
          rewardId: reward.id,
          cost: reward.cost,
          clientKey,
          status: 'issued',
          expiresAt: reward.validUntil,
          fulfilledAt: null,
          fulfilledBy: null,
          closedAt: null,
        });
        await this.ledger.post(m, {
          userId: auth.userId,
          amount: -reward.cost,
          rule: 'redemption',
          unitPath: reward.unitPath,
          ref: { type: 'redemption', id: String(redemption.id) },
          idempotencyKey: `redemption:${redemption.id}`,
          note: reward.title,
          lockedBalance: balance,
        });
        // Last: the contended rows (a reward out of stock is found here, and everything above rolls back). null means someone took the last unit since the check above.
        const shard = await takeUnit(m, reward.id);
        if (shard === null) throw new AppError(ErrorCode.RewardOutOfStock);
        return { view: { redemption, reward, userNickname: null }, replayed: false };
      }),
    );
    // The notice is sent after the answer, in the background (the code is already on the user's screen),
    // one at a time per process, so a burst of redemptions does not leave its notices holding the pool's
    // connections the redemptions need.
    if (!result.replayed) {
      const view = result.view;
      this.noticeTail = this.noticeTail.then(() => this.notifyIssued(view));
    }
    return result;
  }

  /** My redemptions, newest first (expired ones refunded first). */
  async mine(auth: AuthState): Promise<RedemptionView[]> {
    await this.expireDue(new Date(), auth.userId);
    const m = this.dataSource.manager;
    const rows = await m.find(PointsRedemptionEntity, { where: { userId: auth.userId }, order: { id: 'DESC' }, take: 100 });
    return this.views(m, rows, false);
  }

  /** One of my redemptions. @throws NOT_FOUND for anyone else's. */
  async one(auth: AuthState, id: number): Promise<RedemptionView> {
    await this.expireDue(new Date(), auth.userId);
    const m = this.dataSource.manager;
    const row = await m.findOneBy(PointsRedemptionEntity, { id, userId: auth.userId });
    if (!row) throw notFound();
    return (await this.views(m, [row], false))[0];
  }

  /**
   * Cancels an unused code of mine: the spend is reversed (refund) and the stock returned.
   * @throws NOT_FOUND not mine; REDEMPTION_CLOSED already fulfilled, cancelled or expired.
   */
  async cancel(auth: AuthState, id: number): Promise<RedemptionView> {
    await this.expireDue(new Date(), auth.userId);
    return this.withRetry(() =>
      this.tx.run(async (m) => {
        await this.ledger.lockAccount(m, auth.userId);
        const row = await m.findOneBy(PointsRedemptionEntity, { id, userId: auth.userId });
        if (!row) throw notFound();
        await this.close(m, row, 'cancelled', '取消兑换，积分退回');
        return (await this.views(m, [row], false))[0];
      }),
    );
  }

  /**
   * The provider looks a code up (scanned or typed) to see what to hand over.
   * @throws REDEMPTION_CODE_INVALID unknown code, or a code of a reward the caller does not provide.
   */
  async lookup(auth: AuthState, code: string): Promise<RedemptionView> {
    const m = this.dataSource.manager;
    const { row } = await this.findForProvider(m, auth, code);
    if (row.status === 'issued' && new Date(row.expiresAt) <= new Date()) {
      await this.expireDue(new Date(), row.userId);
      return (await this.views(m, [await m.findOneByOrFail(PointsRedemptionEntity, { id: row.id })], true))[0];
    }
    return (await this.views(m, [row], true))[0];
  }

  /**
   * The provider hands the reward over: issued -> fulfilled, once. A second scan of the same code, or a
   * cancelled or expired code, is REDEMPTION_CLOSED and changes nothing.
   */
  async fulfil(auth: AuthState, code: string): Promise<RedemptionView> {
    return this.tx.run(async (m) => {
      const { row } = await this.findForProvider(m, auth, code);
      const kind = kindOf(m);
      const now = new Date();
      const changed = await execute(
        m,
        "UPDATE points_redemptions SET status = 'fulfilled', fulfilled_at = ?, fulfilled_by = ?, closed_at = ? WHERE id = ? AND status = 'issued' AND expires_at > ?",
        [dbTime(kind, now), auth.userId, dbTime(kind, now), row.id, dbTime(kind, now)],
      );
      if (changed !== 1) {
        const fresh = await m.findOneByOrFail(PointsRedemptionEntity, { id: row.id });
        throw new AppError(ErrorCode.RedemptionClosed, { data: { status: fresh.status } });
      }
      const updated = await m.findOneByOrFail(PointsRedemptionEntity, { id: row.id });
      return (await this.views(m, [updated], true))[0];
    });
  }

  /**
   * Expires issued codes past their date (of one user, or of everyone), each refunded by reversal with
   * its stock returned, one transaction per code. Returns how many expired.
   */
  async expireDue(now: Date, userId?: number): Promise<number> {
    const m = this.dataSource.manager;
    const qb = m
      .createQueryBuilder(PointsRedemptionEntity, 'r')
      .select(['r.id', 'r.userId'])
      .where("r.status = 'issued' AND r.expiresAt <= :now", { now })
      .orderBy('r.id', 'ASC')
      .limit(200);
    if (userId !== undefined) qb.andWhere('r.userId = :userId', { userId });
    const due = await qb.getMany();
    let expired = 0;
    for (const d of due) {
      const done = await this.withRetry(() =>
        this.tx.run(async (tm) => {
          await this.ledger.lockAccount(tm, d.userId);
          const row = await tm.findOneByOrFail(PointsRedemptionEntity, { id: d.id });
          if (row.status !== 'issued') return false;
          await this.close(tm, row, 'expired', '兑换码过期，积分退回');
          return true;
        }),
      );
      if (done) expired++;
    }
    return expired;
  }

  /**
   * issued -> cancelled/expired with a conditional UPDATE (a provider fulfilling at the same moment wins
   * or loses cleanly), then the refund by reversal of the spend, then the stock back. The caller holds
   * the user's account lock.
   */
  private async close(m: EntityManager, row: PointsRedemptionEntity, status: 'cancelled' | 'expired', reason: string): Promise<void> {
    const kind = kindOf(m);
    const now = new Date();
    const changed = await execute(m, "UPDATE points_redemptions SET status = ?, closed_at = ? WHERE id = ? AND status = 'issued'", [
      status,
      dbTime(kind, now),
      row.id,
    ]);
    if (changed !== 1) throw new AppError(ErrorCode.RedemptionClosed);
    const spend = await m.findOneBy(PointsEntryEntity, { idempotencyKey: `redemption:${row.id}` });
    if (spend) await this.ledger.reverseEntry(m, spend, reason, null, 'redemption_refund');
    await giveBack(m, row.rewardId);
    row.status = status;
    row.closedAt = now;
  }

  private async findForProvider(m: EntityManager, auth: AuthState, code: string): Promise<{ row: PointsRedemptionEntity; reward: PointsRewardEntity }> {
    if (!isProvider(auth.grants)) throw new AppError(ErrorCode.Forbidden);
    const row = await m.findOneBy(PointsRedemptionEntity, { code });
    const reward = row ? await m.findOneBy(PointsRewardEntity, { id: row.rewardId }) : null;
    if (!row || !reward || !canFulfil(auth.userId, auth.grants, reward)) throw new AppError(ErrorCode.RedemptionCodeInvalid);
    return { row, reward };
  }

  /** Inserts with a fresh random code (a very unlikely clash of codes draws again); no read back. */
  private async insertWithCode(m: EntityManager, fields: Omit<PointsRedemptionEntity, 'id' | 'code' | 'createdAt'>): Promise<PointsRedemptionEntity> {
    const kind = kindOf(m);
    const now = new Date();
    for (let attempt = 0; ; attempt++) {
      const code = String(randomInt(0, 10 ** REDEMPTION_CODE_LENGTH)).padStart(REDEMPTION_CODE_LENGTH, '0');
      try {
        const id = await insertId(
          m,
          'INSERT INTO points_redemptions (user_id, reward_id, cost, client_key, code, status, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [fields.userId, fields.rewardId, fields.cost, fields.clientKey, code, fields.status, dbTime(kind, new Date(fields.expiresAt)), dbTime(kind, now)],
        );
        return Object.assign(new PointsRedemptionEntity(), { ...fields, id, code, createdAt: now });
      } catch (err) {
        const e = err as { errno?: number; message?: string };
        const clash = e.errno === 1062 ? /uq_points_redemptions_code/.test(e.message ?? '') : /points_redemptions\.code/.test(e.message ?? '');
        if (!clash || attempt >= 4) throw err;
      }
    }
  }

  private async views(m: EntityManager, rows: PointsRedemptionEntity[], withUser: boolean): Promise<RedemptionView[]> {
    const ids = [...new Set(rows.map((r) => r.rewardId))];
    const rewards = ids.length ? await m.findByIds(PointsRewardEntity, ids) : [];
    const byId = new Map(rewards.map((r) => [r.id, r]));
    const names = withUser ? await loadNicknames(m, rows.map((r) => r.userId)) : new Map<number, string>();
    return rows.map((redemption) => ({
      redemption,
      reward: byId.get(redemption.rewardId) ?? { title: '（已删除）', providerName: '', pickupPlace: '' },
      userNickname: withUser ? names.get(redemption.userId) ?? null : null,
    }));
  }

  /**
   * Tells the user where to pick the reward up (inbox + WeChat when subscribed), after the commit. A notice
   * that fails is logged; the redemption stands (the code is on the user's screen and in 我的兑换码).
   */
  private async notifyIssued(view: RedemptionView): Promise<void> {
    const r = view.redemption;
    try {
      await this.notifications.notify(
        [r.userId],
        NotificationTemplateKey.RedemptionReady,
        { item: view.reward.title, points: r.cost, place: view.reward.pickupPlace, code: r.code },
        r.id,
      );
    } catch (e) {
      this.logger.error('[points] notifying redemption %d failed: %s', r.id, (e as Error)?.stack ?? e);
    }
  }

  /** Runs `work` again (up to 3 times) when MySQL reports a deadlock or a lock wait timeout. */
  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        const errno = (err as { errno?: number; driverError?: { errno?: number } }).errno ?? (err as { driverError?: { errno?: number } }).driverError?.errno;
        if (attempt >= 3 || !errno || !RETRYABLE.has(errno)) throw err;
      }
    }
  }
}
