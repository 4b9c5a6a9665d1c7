import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PointsRule, PointsRuleSetConfig, RedemptionStatus, RewardProvider, RewardStatus } from '@linli/shared';
import { jsonText } from '../../common/db/json.transformer';

/**
 * A user's balance: the sum of their ledger entries, kept in the same transaction as every entry so reads
 * never scan history. Changed only by a conditional UPDATE (`balance + :amount >= 0`), so it never goes
 * negative. Its row is also the per-user lock of the ledger (`SELECT ... FOR UPDATE` on MySQL).
 */
@Entity('points_accounts')
export class PointsAccountEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'integer', default: 0 })
  balance: number;

  /**
   * Points earned toward the caps in the current Beijing day / month, per earning rule and in total
   * (`{ "d": { "report_filed": 10, "*": 10 }, "m": { ... } }`), for the day `capDay` and month `capMonth`.
   * Kept on the locked account row so caps are decided on current data even inside a caller's
   * transaction whose snapshot is older than the lock.
   */
  @Column({ name: 'cap_day', type: 'integer', default: 0 })
  capDay: number;

  @Column({ name: 'cap_month', type: 'integer', default: 0 })
  capMonth: number;

  @Column({ name: 'cap_usage', type: 'varchar', length: 1000, default: '{}' })
  capUsage: string;

  /** Hide the user's name on leaderboards (shown as 匿名邻居). */
  @Column({ name: 'leaderboard_opt_out', type: 'boolean', default: false })
  leaderboardOptOut: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/**
 * One ledger entry. Append-only: nothing updates or deletes entries; a correction is a new entry that
 * reverses an earlier one (`reversesEntryId`, unique, so an entry is reversed at most once).
 */
@Entity('points_entries')
@Index(['userId', 'id'])
@Index(['refType', 'refId'])
@Index(['periodMonth', 'unitPath'])
export class PointsEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  /** Signed amount: positive earns, negative spends or takes back. 0 only for a reversal that recovered nothing. */
  @Column({ type: 'integer' })
  amount: number;

  /** Why: an earning rule, manual_adjustment, redemption, redemption_refund or reversal. */
  @Column({ type: 'varchar', length: 32 })
  rule: PointsRule;

  /** District path whose rule set gave the amount (earning entries only). */
  @Column({ name: 'rule_district', type: 'varchar', length: 64, nullable: true })
  ruleDistrict: string | null;

  /** Version of that district's rule set (0 = the built-in defaults). */
  @Column({ name: 'rule_version', type: 'integer', nullable: true })
  ruleVersion: number | null;

  /** Unit the contribution belongs to (leaderboards, admin scope). */
  @Column({ name: 'unit_path', type: 'varchar', length: 255, nullable: true })
  unitPath: string | null;

  /** Source record, e.g. ticket / 123, duty_week / 45, tip / 6, redemption / 7. */
  @Column({ name: 'ref_type', type: 'varchar', length: 32 })
  refType: string;

  @Column({ name: 'ref_id', type: 'varchar', length: 64 })
  refId: string;

  /** Unique: a retried award or spend writes nothing twice. */
  @Index({ unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 191 })
  idempotencyKey: string;

  /** The entry this one reverses (reversal and refund entries). */
  @Index({ unique: true })
  @Column({ name: 'reverses_entry_id', type: 'integer', nullable: true })
  reversesEntryId: number | null;

  /** The user's balance right after this entry. */
  @Column({ name: 'balance_after', type: 'integer' })
  balanceAfter: number;

  /** Beijing month (YYYYMM) the entry counts for on leaderboards; a reversal counts in its original's month. */
  @Column({ name: 'period_month', type: 'integer' })
  periodMonth: number;

  /** Chinese note shown in the history (reason of an adjustment, item title, ...). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  /** Staff member who wrote it (manual adjustments), else null. */
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** One version of a district's earning rules. The current one is the highest version; old ones stay. */
@Entity('points_rule_sets')
@Index(['districtPath', 'version'], { unique: true })
export class PointsRuleSetEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'district_path', type: 'varchar', length: 64 })
  districtPath: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text', transformer: jsonText })
  config: PointsRuleSetConfig;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** A reward in the catalogue, offered by the community centre (approved at once) or a shop (reviewed). */
@Entity('points_rewards')
@Index(['status', 'unitPath'])
@Index(['offeredBy'])
export class PointsRewardEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 20 })
  provider: RewardProvider;

  /** Unit (community or street) where it is offered and picked up; admins of the units above review it. */
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  /** Who offered it: the shop owner, or the admin who created a community-centre item. */
  @Column({ name: 'offered_by', type: 'integer' })
  offeredBy: number;

  /** Shop or centre name shown to residents. */
  @Column({ name: 'provider_name', type: 'varchar', length: 60 })
  providerName: string;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'integer' })
  cost: number;

  @Column({ name: 'stock_total', type: 'integer' })
  stockTotal: number;

  /** Left to redeem: the sum of the reward's stock shards (not a column; filled in by the services). */
  stockLeft: number;

  @Column({ name: 'per_user_limit', type: 'integer' })
  perUserLimit: number;

  @Column({ name: 'valid_from', type: 'datetime' })
  validFrom: Date;

  /** Redeemable and collectable until then; issued codes expire with it (refunded). */
  @Column({ name: 'valid_until', type: 'datetime' })
  validUntil: Date;

  @Column({ name: 'pickup_place', type: 'varchar', length: 100 })
  pickupPlace: string;

  @Column({ type: 'varchar', length: 12 })
  status: RewardStatus;

  @Column({ name: 'reviewed_by', type: 'integer', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'review_note', type: 'varchar', length: 200, nullable: true })
  reviewNote: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/**
 * One shard of a reward's stock. The stock is split over up to 16 rows; a redemption takes one unit from
 * a shard no other transaction holds (`FOR UPDATE SKIP LOCKED`) by a conditional UPDATE
 * (`stock_left > 0`); a refund gives it back to shard 0.
 */
@Entity('points_reward_stock')
export class PointsRewardStockEntity {
  @PrimaryColumn({ name: 'reward_id', type: 'integer' })
  rewardId: number;

  @PrimaryColumn({ type: 'integer' })
  shard: number;

  @Column({ name: 'stock_left', type: 'integer' })
  stockLeft: number;
}

/** A redemption: points spent on a reward, a code the provider scans or types to hand it over. */
@Entity('points_redemptions')
@Index(['userId', 'clientKey'], { unique: true })
@Index(['userId', 'id'])
@Index(['rewardId', 'userId'])
@Index(['status', 'expiresAt'])
export class PointsRedemptionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'reward_id', type: 'integer' })
  rewardId: number;

  /** Points paid (the item's cost at the time). */
  @Column({ type: 'integer' })
  cost: number;

  /** The client's idempotency key of the request: a retried redemption returns the first one. */
  @Column({ name: 'client_key', type: 'varchar', length: 64 })
  clientKey: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 12 })
  status: RedemptionStatus;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @Column({ name: 'fulfilled_at', type: 'datetime', nullable: true })
  fulfilledAt: Date | null;

  @Column({ name: 'fulfilled_by', type: 'integer', nullable: true })
  fulfilledBy: number | null;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
