import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { EntityManager } from 'typeorm';
import {
  beijingDayStart,
  beijingMonth,
  beijingMonthStart,
  calculateAward,
  completeRuleSet,
  DEFAULT_POINTS_RULES,
  districtPathOf,
  ErrorCode,
  isEarningRule,
  type EarnedSoFar,
  type EarningRule,
  type PointsRule,
  type PointsRuleSetConfig,
} from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { PointsEntryEntity, PointsRuleSetEntity } from './points.entity';
import { dbTime, execute, kindOf } from '../notification/notification.db';

/** The source an entry comes from: ticket / 123, duty_week / 45, tip / 6, redemption / 7, ... */
export interface PointsRef {
  type: string;
  id: string;
}

export interface AwardInput {
  userId: number;
  rule: PointsRule;
  /** Unit of the contribution (the report's, the rota's, the alert's); its district's rules apply. */
  unitPath: string | null;
  ref: PointsRef;
  /** Unique per award, chosen by the caller, e.g. `ticket:123:filed`. A used key awards nothing again. */
  idempotencyKey: string;
  note?: string;
}

export interface ReverseInput {
  ref: PointsRef;
  /** Only this user's entries of the source (else every user's). */
  userId?: number;
  /** Chinese reason shown in the history, e.g. 上报被认定为重复. */
  reason: string;
}

/** Input of the low-level posting used by the module's own use cases (redemption, adjustment, refund). */
export interface PostInput {
  userId: number;
  amount: number;
  rule: PointsRule;
  unitPath: string | null;
  ref: PointsRef;
  idempotencyKey: string;
  note?: string | null;
  actorId?: number | null;
  ruleDistrict?: string | null;
  ruleVersion?: number | null;
  reversesEntryId?: number | null;
  periodMonth?: number;
}

/** The rule set in force for a district: its highest saved version, or the built-in defaults (version 0). */
export interface EffectiveRuleSet {
  districtPath: string | null;
  version: number;
  config: PointsRuleSetConfig;
}

/**
 * The points ledger. Every change of a balance is one append-only entry plus a conditional UPDATE of the
 * balance row in the SAME transaction (the caller's), so `SUM(entries) = balance` holds at every commit
 * and no balance goes negative. The account row is locked first (`FOR UPDATE` on MySQL; sql.js runs one
 * transaction at a time), which serialises everything that touches one user's points: caps, idempotency
 * checks and per-user limits are decided under that lock.
 *
 * Other modules call `award` and `reverseBySource` inside their own transactions.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PointsService {
  /**
   * Awards points for a verified contribution, inside the caller's transaction. The amount comes from the
   * current rule version of the unit's district, cut to the daily/monthly caps. Returns null, writing
   * nothing, when the rule gives 0, a cap is reached or `idempotencyKey` was already used (so a retried
   * call is harmless).
   */
  async award(manager: EntityManager, input: AwardInput): Promise<{ entryId: number; amount: number } | null> {
    if (!isEarningRule(input.rule)) throw new Error(`PointsService.award: ${input.rule} is not an earning rule`);
    const rule: EarningRule = input.rule;
    await this.lockAccount(manager, input.userId);
    if (await this.keyUsed(manager, input.idempotencyKey)) return null;
    const rules = await this.effectiveRules(manager, districtPathOf(input.unitPath));
    const earned = await this.earnedSoFar(manager, input.userId, rule, new Date());
    const amount = calculateAward(rules.config, rule, earned);
    if (amount <= 0) return null;
    const entry = await this.post(manager, {
      userId: input.userId,
      amount,
      rule,
      unitPath: input.unitPath,
      ref: input.ref,
      idempotencyKey: input.idempotencyKey,
      note: input.note ?? (amount < rules.config.rules[rule].amount ? '已达积分上限，部分计入' : null),
      ruleDistrict: rules.districtPath,
      ruleVersion: rules.version,
    });
    return entry ? { entryId: entry.id, amount } : null;
  }

  /**
   * Takes back what a source gave (claw-back when a filed report proves duplicate or false): every entry
   * of `ref` (of `userId` only, when given) not yet reversed gets a reversing entry. Idempotent: a second
   * call finds nothing left to reverse. A balance never goes negative: when the user has already spent
   * the points, the reversal takes what is there and the note says how much could not be recovered.
   * Returns the number of entries reversed.
   */
  async reverseBySource(manager: EntityManager, input: ReverseInput): Promise<number> {
    const qb = manager
      .createQueryBuilder(PointsEntryEntity, 'e')
      .select(['e.id', 'e.userId'])
      .where('e.refType = :type AND e.refId = :id', { type: input.ref.type, id: input.ref.id })
      .andWhere('e.reversesEntryId IS NULL');
    if (input.userId !== undefined) qb.andWhere('e.userId = :userId', { userId: input.userId });
    const candidates = await qb.getMany();
    if (!candidates.length) return 0;
    // Lock accounts in ascending user order so two reversals over the same users cannot deadlock.
    const users = [...new Set(candidates.map((c) => c.userId))].sort((a, b) => a - b);
    let reversed = 0;
    for (const userId of users) {
      await this.lockAccount(manager, userId);
      const ids = candidates.filter((c) => c.userId === userId).map((c) => c.id);
      // Re-read under the lock: a concurrent reversal may have reversed some of them meanwhile.
      const open = await this.unreversed(manager, ids);
      for (const e of open) {
        if ((await this.reverseEntry(manager, e, input.reason, null)) !== null) reversed++;
      }
    }
    return reversed;
  }

  /**
   * Reverses one entry (the caller holds the user's account lock): a reversal of a negative entry gives
   * the points back (refunds); of a positive one takes back what the balance allows. Returns the new entry,
   * or null when the entry was already reversed or nothing could be taken back.
   */
  async reverseEntry(
    manager: EntityManager,
    original: PointsEntryEntity,
    reason: string,
    actorId: number | null,
    rule: PointsRule = 'reversal',
  ): Promise<PointsEntryEntity | null> {
    const key = `reversal:${original.id}`;
    if (await this.keyUsed(manager, key)) return null;
    let amount = -original.amount;
    let note = reason;
    if (amount < 0) {
      const balance = await this.balanceOf(manager, original.userId);
      if (balance + amount < 0) {
        const short = -(balance + amount);
        amount = -balance;
        note = `${reason}（积分不足，${short} 分未能追回）`;
      }
    }
    return this.post(manager, {
      userId: original.userId,
      amount,
      rule,
      unitPath: original.unitPath,
      ref: { type: original.refType, id: original.refId },
      idempotencyKey: key,
      note: note.slice(0, 255),
      actorId,
      reversesEntryId: original.id,
      periodMonth: original.periodMonth,
    });
  }

  /**
   * Appends one entry and moves the balance by its amount (the caller holds the account lock, see
   * `lockAccount`). The conditional UPDATE refuses to take a balance below 0: POINTS_INSUFFICIENT, and the
   * caller's transaction rolls back. An amount of 0 writes nothing (a reversal that recovered nothing
   * still has to leave a mark, so it is written with amount 0 only when it reverses an entry).
   */
  async post(manager: EntityManager, input: PostInput): Promise<PointsEntryEntity | null> {
    if (!Number.isInteger(input.amount)) throw new Error('points amount must be an integer');
    if (input.amount === 0 && !input.reversesEntryId) return null;
    const kind = kindOf(manager);
    const now = new Date();
    const changed = await execute(
      manager,
      'UPDATE points_accounts SET balance = balance + ?, updated_at = ? WHERE user_id = ? AND balance + ? >= 0',
      [input.amount, dbTime(kind, now), input.userId, input.amount],
    );
    if (changed !== 1) throw new AppError(ErrorCode.PointsInsufficient);
    const balanceAfter = await this.balanceOf(manager, input.userId);
    const row = manager.create(PointsEntryEntity, {
      userId: input.userId,
      amount: input.amount,
      rule: input.rule,
      ruleDistrict: input.ruleDistrict ?? null,
      ruleVersion: input.ruleVersion ?? null,
      unitPath: input.unitPath,
      refType: input.ref.type,
      refId: String(input.ref.id),
      idempotencyKey: input.idempotencyKey,
      reversesEntryId: input.reversesEntryId ?? null,
      balanceAfter,
      periodMonth: input.periodMonth ?? beijingMonth(now),
      note: input.note ?? null,
      actorId: input.actorId ?? null,
    });
    return manager.save(PointsEntryEntity, row);
  }

  /**
   * Creates the user's account row if missing and locks it for the rest of the transaction
   * (`SELECT ... FOR UPDATE` on MySQL; sql.js runs one transaction at a time). Returns the balance.
   */
  async lockAccount(manager: EntityManager, userId: number): Promise<number> {
    const kind = kindOf(manager);
    if (kind === 'mysql') {
      const rows: { balance: number }[] = await manager.query('SELECT balance FROM points_accounts WHERE user_id = ? FOR UPDATE', [userId]);
      if (rows.length) return Number(rows[0].balance);
      await execute(
        manager,
        'INSERT INTO points_accounts (user_id, balance, leaderboard_opt_out) VALUES (?, 0, 0) ON DUPLICATE KEY UPDATE user_id = user_id',
        [userId],
      );
      const again: { balance: number }[] = await manager.query('SELECT balance FROM points_accounts WHERE user_id = ? FOR UPDATE', [userId]);
      return Number(again[0].balance);
    }
    await execute(manager, 'INSERT OR IGNORE INTO points_accounts (user_id, balance, leaderboard_opt_out) VALUES (?, 0, 0)', [userId]);
    return this.balanceOf(manager, userId);
  }

  /** The user's balance (0 without an account). One primary-key read, no history scan. */
  async balanceOf(manager: EntityManager, userId: number): Promise<number> {
    const rows: { balance: number }[] = await manager.query('SELECT balance FROM points_accounts WHERE user_id = ?', [userId]);
    return rows.length ? Number(rows[0].balance) : 0;
  }

  /** The rule set in force for a district (null: defaults). */
  async effectiveRules(manager: EntityManager, districtPath: string | null): Promise<EffectiveRuleSet> {
    if (!districtPath) return { districtPath: null, version: 0, config: DEFAULT_POINTS_RULES };
    const row = await manager.findOne(PointsRuleSetEntity, { where: { districtPath }, order: { version: 'DESC' } });
    if (!row) return { districtPath, version: 0, config: DEFAULT_POINTS_RULES };
    return { districtPath, version: row.version, config: completeRuleSet(row.config) };
  }

  private async keyUsed(manager: EntityManager, key: string): Promise<boolean> {
    const rows = await manager.query('SELECT id FROM points_entries WHERE idempotency_key = ?', [key]);
    return rows.length > 0;
  }

  private async unreversed(manager: EntityManager, ids: number[]): Promise<PointsEntryEntity[]> {
    if (!ids.length) return [];
    return manager
      .createQueryBuilder(PointsEntryEntity, 'e')
      .where('e.id IN (:...ids)', { ids })
      .andWhere('NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.reverses_entry_id = e.id)')
      .orderBy('e.id', 'ASC')
      .getMany();
  }

  /** Unreversed points the user earned by `rule` and by all earning rules, this Beijing day and month. */
  private async earnedSoFar(manager: EntityManager, userId: number, rule: EarningRule, now: Date): Promise<EarnedSoFar> {
    const kind = kindOf(manager);
    const day = beijingDayStart(now);
    const month = beijingMonthStart(now);
    const rows: { rule: string; day_sum: number | string | null; month_sum: number | string | null }[] = await manager.query(
      `SELECT e.rule AS rule,
              SUM(CASE WHEN e.created_at >= ? THEN e.amount ELSE 0 END) AS day_sum,
              SUM(e.amount) AS month_sum
         FROM points_entries e
        WHERE e.user_id = ? AND e.created_at >= ? AND e.amount > 0
          AND e.rule IN ('report_filed', 'report_co_reporter', 'report_confirmed_fix', 'duty_week_completed', 'tip_useful')
          AND NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.reverses_entry_id = e.id)
        GROUP BY e.rule`,
      [dbTime(kind, day), userId, dbTime(kind, month)],
    );
    const earned: EarnedSoFar = { ruleDay: 0, ruleMonth: 0, allDay: 0, allMonth: 0 };
    for (const r of rows) {
      const d = Number(r.day_sum ?? 0);
      const m = Number(r.month_sum ?? 0);
      earned.allDay += d;
      earned.allMonth += m;
      if (r.rule === rule) {
        earned.ruleDay = d;
        earned.ruleMonth = m;
      }
    }
    return earned;
  }
}
