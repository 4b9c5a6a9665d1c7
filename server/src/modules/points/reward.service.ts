import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import {
  type AdminRewardsQuery,
  ErrorCode,
  parseRewardDate,
  Role,
  type RewardInput,
  type RewardsQuery,
  type ReviewRewardInput,
  type WithdrawRewardInput,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { insideAnyUnit } from '../../common/db/unit-scope';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { loadUnitNamesByPath } from '../moderation/moderation.repository';
import { UnitEntity } from '../unit/unit.entity';
import { UserEntity } from '../user/user.entity';
import { PointsRewardEntity } from './points.entity';
import { adminPaths, canAdminister, shopPaths } from './points.policy';
import type { RewardView } from './points.presenter';
import { createStock, stockLeft } from './points.stock';

/**
 * The rewards catalogue: community-centre rewards created by admins (approved at once) and shop rewards
 * offered by shop owners, which wait for an admin of a unit containing the shop. Reviews, creation and
 * withdrawal are audited in the same transaction.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RewardService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  /** Approved rewards in their validity period, optionally inside one unit, with my redemption counts. */
  async catalogue(auth: AuthState, query: RewardsQuery): Promise<RewardView[]> {
    const m = this.dataSource.manager;
    const now = new Date();
    const qb = m
      .createQueryBuilder(PointsRewardEntity, 'r')
      .where("r.status = 'approved'")
      .andWhere('r.validFrom <= :now AND r.validUntil > :now', { now })
      .orderBy('r.id', 'DESC')
      .limit(200);
    if (query.unitId) {
      const unit = await m.findOneBy(UnitEntity, { id: query.unitId });
      if (!unit) throw new AppError(ErrorCode.UnitNotFound);
      // Rewards offered inside the unit, and those of the units above it (a street's centre serves its communities).
      qb.andWhere(
        new Brackets((b) => {
          b.where('r.unit_path LIKE :inside', { inside: `${unit.path}%` });
          unit.path
            .split('/')
            .filter(Boolean)
            .forEach((_, i, codes) => {
              if (i < codes.length - 1) b.orWhere(`r.unit_path = :above${i}`, { [`above${i}`]: `/${codes.slice(0, i + 1).join('/')}/` });
            });
        }),
      );
    }
    return this.views(m, await qb.getMany(), auth.userId);
  }

  /**
   * One reward: approved ones for everyone; others only for who offered it and the admins over its unit.
   * @throws NOT_FOUND otherwise.
   */
  async get(auth: AuthState, id: number): Promise<RewardView> {
    const m = this.dataSource.manager;
    const reward = await m.findOneBy(PointsRewardEntity, { id });
    if (!reward || !this.canSee(auth, reward)) throw notFound();
    return (await this.views(m, [reward], auth.userId))[0];
  }

  /** Rewards the caller provides: a shop owner's own offers, an admin's community-centre rewards. */
  async providerList(auth: AuthState): Promise<RewardView[]> {
    const admin = adminPaths(auth.grants);
    if (!shopPaths(auth.grants).length && !admin.length) throw forbidden();
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(PointsRewardEntity, 'r').where('r.offered_by = :me', { me: auth.userId });
    if (admin.length) qb.orWhere(new Brackets((b) => b.where("r.provider = 'community_centre'").andWhere(insideAnyUnit('r.unit_path', admin))));
    return this.views(m, await qb.orderBy('r.id', 'DESC').limit(200).getMany(), null);
  }

  /**
   * A shop owner offers a reward in their shop's unit; it waits for an admin.
   * @throws FORBIDDEN without a shop-owner grant; NOT_FOUND for a unit that is not one of their shops'.
   */
  async offer(auth: AuthState, input: RewardInput): Promise<RewardView> {
    const shops = shopPaths(auth.grants);
    if (!shops.length) throw forbidden('只有商户可以提供兑换奖品');
    return this.tx.run(async (m) => {
      const unit = input.unitId ? await m.findOneBy(UnitEntity, { id: input.unitId }) : await m.findOneBy(UnitEntity, { path: shops[0] });
      if (!unit || !shops.includes(unit.path)) throw notFound();
      const user = await m.findOneByOrFail(UserEntity, { id: auth.userId });
      const reward = await this.insert(m, auth, input, unit, 'shop', 'pending', input.providerName ?? `${user.nickname}的店`);
      return (await this.views(m, [reward], null))[0];
    });
  }

  /**
   * An admin creates a community-centre reward in one of their units; approved at once, audited.
   * @throws NOT_FOUND for a unit outside the admin's units.
   */
  async create(auth: AuthState, input: RewardInput): Promise<RewardView> {
    const admin = adminPaths(auth.grants);
    if (!admin.length) throw forbidden();
    return this.tx.run(async (m) => {
      const unit = input.unitId ? await m.findOneBy(UnitEntity, { id: input.unitId }) : await m.findOneBy(UnitEntity, { path: admin[0] });
      if (!unit || !canAdminister(auth.grants, unit.path)) throw notFound();
      const reward = await this.insert(m, auth, input, unit, 'community_centre', 'approved', input.providerName ?? unit.name);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: unit.path,
        action: 'points.reward_create',
        targetType: 'points_reward',
        targetId: reward.id,
        after: snapshot(reward),
      });
      return (await this.views(m, [reward], null))[0];
    });
  }

  /** Rewards inside the admin's units, pending first. */
  async adminList(auth: AuthState, query: AdminRewardsQuery): Promise<RewardView[]> {
    const admin = adminPaths(auth.grants);
    if (!admin.length) throw forbidden();
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(PointsRewardEntity, 'r').where(insideAnyUnit('r.unit_path', admin));
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const rows = await qb.orderBy("CASE WHEN r.status = 'pending' THEN 0 ELSE 1 END", 'ASC').addOrderBy('r.id', 'DESC').limit(200).getMany();
    return this.views(m, rows, null);
  }

  /**
   * Approves or rejects a shop's offer (pending only), with the version the admin saw. Audited.
   * @throws NOT_FOUND outside the admin's units; CONFLICT when no longer pending or changed meanwhile.
   */
  async review(auth: AuthState, id: number, input: ReviewRewardInput): Promise<RewardView> {
    if (!adminPaths(auth.grants).length) throw forbidden();
    return this.tx.run(async (m) => {
      const reward = await m.findOneBy(PointsRewardEntity, { id });
      if (!reward || !canAdminister(auth.grants, reward.unitPath)) throw notFound();
      if (reward.status !== 'pending' || reward.version !== input.version) throw new AppError(ErrorCode.Conflict);
      if (reward.offeredBy === auth.userId) throw forbidden('不能审核自己提供的奖品');
      const status = input.decision === 'approve' ? 'approved' : 'rejected';
      await this.transition(m, reward, status, { reviewedBy: auth.userId, reviewNote: input.note ?? null });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: reward.unitPath,
        action: input.decision === 'approve' ? 'points.reward_approve' : 'points.reward_reject',
        targetType: 'points_reward',
        targetId: reward.id,
        before: { status: 'pending' },
        after: { status, note: input.note ?? null },
      });
      return (await this.views(m, [reward], null))[0];
    });
  }

  /**
   * Takes a pending or approved reward off the catalogue. Codes already issued stay valid until they
   * expire (the provider still hands them over). Audited.
   */
  async withdraw(auth: AuthState, id: number, input: WithdrawRewardInput): Promise<RewardView> {
    if (!adminPaths(auth.grants).length) throw forbidden();
    return this.tx.run(async (m) => {
      const reward = await m.findOneBy(PointsRewardEntity, { id });
      if (!reward || !canAdminister(auth.grants, reward.unitPath)) throw notFound();
      if (reward.status !== 'pending' && reward.status !== 'approved') throw new AppError(ErrorCode.Conflict);
      const before = reward.status;
      await this.transition(m, reward, 'withdrawn', { reviewNote: input.reason });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: reward.unitPath,
        action: 'points.reward_withdraw',
        targetType: 'points_reward',
        targetId: reward.id,
        before: { status: before },
        after: { status: 'withdrawn', reason: input.reason },
      });
      return (await this.views(m, [reward], null))[0];
    });
  }

  /** Rewards with their unit names and (for a resident) the caller's counting redemptions. */
  async views(m: EntityManager, rewards: PointsRewardEntity[], userId: number | null): Promise<RewardView[]> {
    const names = await loadUnitNamesByPath(m, rewards.map((r) => r.unitPath));
    const left = await stockLeft(m, rewards.map((r) => r.id));
    for (const r of rewards) r.stockLeft = left.get(r.id) ?? 0;
    const mine = new Map<number, number>();
    if (userId !== null && rewards.length) {
      const rows: { reward_id: number; n: number | string }[] = await m.query(
        `SELECT reward_id, COUNT(*) AS n FROM points_redemptions
          WHERE user_id = ? AND reward_id IN (${rewards.map(() => '?').join(', ')}) AND status IN ('issued', 'fulfilled')
          GROUP BY reward_id`,
        [userId, ...rewards.map((r) => r.id)],
      );
      for (const r of rows) mine.set(Number(r.reward_id), Number(r.n));
    }
    return rewards.map((reward) => ({ reward, unitName: names.get(reward.unitPath) ?? null, myRedeemed: userId === null ? null : mine.get(reward.id) ?? 0 }));
  }

  private canSee(auth: AuthState, r: PointsRewardEntity): boolean {
    return r.status === 'approved' || r.offeredBy === auth.userId || canAdminister(auth.grants, r.unitPath);
  }

  private async insert(
    m: EntityManager,
    auth: AuthState,
    input: RewardInput,
    unit: UnitEntity,
    provider: 'shop' | 'community_centre',
    status: 'pending' | 'approved',
    providerName: string,
  ): Promise<PointsRewardEntity> {
    const validFrom = parseRewardDate(input.validFrom, false);
    const validUntil = parseRewardDate(input.validUntil, true);
    if (validUntil <= new Date()) {
      throw new AppError(ErrorCode.ValidationFailed, { message: 'validUntil: 截止日期已过', fields: { validUntil: '截止日期已过' } });
    }
    const reward = await m.save(
      m.create(PointsRewardEntity, {
        provider,
        unitPath: unit.path,
        offeredBy: auth.userId,
        providerName: providerName.slice(0, 60),
        title: input.title,
        description: input.description ?? '',
        cost: input.cost,
        stockTotal: input.stock,
        perUserLimit: input.perUserLimit,
        validFrom,
        validUntil,
        pickupPlace: input.pickupPlace,
        status,
        reviewedBy: status === 'approved' ? auth.userId : null,
        reviewNote: null,
        version: 1,
      }),
    );
    await createStock(m, reward.id, input.stock);
    reward.stockLeft = input.stock;
    return reward;
  }

  /** Status change guarded by the version (two admins at once: one wins, the other gets 409). */
  private async transition(m: EntityManager, reward: PointsRewardEntity, status: PointsRewardEntity['status'], extra: Partial<PointsRewardEntity>) {
    const res = await m
      .createQueryBuilder()
      .update(PointsRewardEntity)
      .set({ status, version: reward.version + 1, ...extra })
      .where('id = :id AND version = :version', { id: reward.id, version: reward.version })
      .execute();
    if (!res.affected) throw new AppError(ErrorCode.Conflict);
    Object.assign(reward, { status, version: reward.version + 1, ...extra });
  }
}

function snapshot(r: PointsRewardEntity) {
  return { title: r.title, cost: r.cost, stock: r.stockTotal, perUserLimit: r.perUserLimit, validFrom: r.validFrom, validUntil: r.validUntil, status: r.status };
}
