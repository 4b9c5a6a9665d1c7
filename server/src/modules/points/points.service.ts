import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { EntityManager } from 'typeorm';
import {
  addCapUsage,
  beijingMonth,
  calculateAward,
  type CapUsage,
  completeRuleSet,
  DEFAULT_POINTS_RULES,
  currentCapUsage,
  districtPathOf,
  earnedFromUsage,
  ErrorCode,
  isEarningRule,
  type EarningRule,
  type PointsRule,
  type PointsRuleSetConfig,
} from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { PointsEntryEntity, PointsRuleSetEntity } from './points.entity';
import { dbTime, execute, kindOf } from '../notification/notification.db';
import { insertId } from './points.db';

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
  /** New cap usage to store with the balance (earning entries and their reversals). */
  capUsage?: CapUsage;
  /** The balance the caller read under its account lock in this transaction, if it just did (saves a read). */
  lockedBalance?: number;
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
 * and no balance goes negative.
 *
 * Concurrency: the user's account row is locked first (an upsert, then `SELECT ... FOR UPDATE` on MySQL;
 * sql.js runs one transaction at a time), which serialises everything that touches one user's points.
 * Everything the ledger decides on is read from that locked row (balance, cap usage) or enforced by a
 * unique index (idempotency key; one reversal per entry), never from a plain read, because a caller's
 * transaction may hold a snapshot older than the lock.
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
    const now = new Date();
    const account = await this.lockAccount(manager, input.userId);
    const rules = await this.effectiveRules(manager, districtPathOf(input.unitPath));
    const usage = currentCapUsage(account.usage, now);
    const amount = calculateAward(rules.config, rule, earnedFromUsage(usage, rule));
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
      capUsage: addCapUsage(usage, rule, amount, now),
    });
    return entry ? { entryId: entry.id, amount } : null;
  }

  /**
   * Takes back what a source gave (claw-back when a filed report proves duplicate or false): every entry
   * of `ref` (of `userId` only, when given) not yet reversed gets a reversing entry. Idempotent: a second
   * call finds nothing left to reverse. A balance never goes negative: when the user has already spent
   * the points, the reversal takes what is there and its note says how much could not be recovered.
   * Returns the number of entries reversed.
   */
  async reverseBySource(manager: EntityManager, input: ReverseInput): Promise<number> {
    let users: number[];
    if (input.userId !== undefined) {
      users = [input.userId];
    } else {
      const rows: { user_id: number }[] = await manager.query(
        'SELECT DISTINCT user_id FROM points_entries WHERE ref_type = ? AND ref_id = ? AND reverses_entry_id IS NULL',
        [input.ref.type, String(input.ref.id)],
      );
      // Ascending user order, so two reversals over the same users cannot deadlock.
      users = rows.map((r) => Number(r.user_id)).sort((a, b) => a - b);
    }
    let reversed = 0;
    for (const userId of users) {
      await this.lockAccount(manager, userId);
      // A locking read sees entries committed after the caller's snapshot was taken.
      const entries = await this.lockedEntries(manager, 'e.user_id = ? AND e.ref_type = ? AND e.ref_id = ?', [userId, input.ref.type, String(input.ref.id)]);
      for (const e of entries) {
        if ((await this.reverseEntry(manager, e, input.reason, null)) !== null) reversed++;
      }
    }
    return reversed;
  }

  /**
   * Reverses one entry; the caller holds the user's account lock. A reversal of a negative entry gives the
   * points back (refunds); of a positive one takes back what the balance allows and gives the cap room
   * back. Returns the new entry, or null when the entry is a reversal itself or was already reversed.
   */
  async reverseEntry(
    manager: EntityManager,
    original: PointsEntryEntity,
    reason: string,
    actorId: number | null,
    rule: PointsRule = 'reversal',
  ): Promise<PointsEntryEntity | null> {
    if (original.reversesEntryId) return null;
    const account = await this.lockAccount(manager, original.userId);
    let amount = -original.amount;
    let note = reason;
    if (amount < 0 && account.balance + amount < 0) {
      const short = -(account.balance + amount);
      amount = -account.balance;
      note = `${reason}（积分不足，${short} 分未能追回）`;
    }
    let capUsage: CapUsage | undefined;
    if (isEarningRule(original.rule) && amount < 0) {
      capUsage = addCapUsage(currentCapUsage(account.usage, new Date()), original.rule, amount, new Date(original.createdAt));
    }
    return this.post(manager, {
      userId: original.userId,
      amount,
      rule,
      unitPath: original.unitPath,
      ref: { type: original.refType, id: original.refId },
      idempotencyKey: `reversal:${original.id}`,
      note: note.slice(0, 255),
      actorId,
      reversesEntryId: original.id,
      periodMonth: original.periodMonth,
      capUsage,
    });
  }

  /**
   * Appends one entry and moves the balance by its amount; the caller holds the account lock (see
   * `lockAccount`). The entry is inserted first: a used idempotency key (or an entry already reversed)
   * inserts nothing and returns null with the balance untouched. The conditional UPDATE then refuses to
   * take the balance below 0 with POINTS_INSUFFICIENT, and the caller's transaction rolls back. An amount
   * of 0 is written only by a reversal that recovered nothing (it still closes the original).
   */
  async post(manager: EntityManager, input: PostInput): Promise<PointsEntryEntity | null> {
    if (!Number.isInteger(input.amount)) throw new Error('points amount must be an integer');
    if (input.amount === 0 && !input.reversesEntryId) return null;
    const kind = kindOf(manager);
    const now = new Date();
    const balance = input.lockedBalance ?? (await this.lockedBalance(manager, input.userId));
    if (balance + input.amount < 0) throw new AppError(ErrorCode.PointsInsufficient);
    const row = {
      user_id: input.userId,
      amount: input.amount,
      rule: input.rule,
      rule_district: input.ruleDistrict ?? null,
      rule_version: input.ruleVersion ?? null,
      unit_path: input.unitPath,
      ref_type: input.ref.type,
      ref_id: String(input.ref.id),
      idempotency_key: input.idempotencyKey,
      reverses_entry_id: input.reversesEntryId ?? null,
      balance_after: balance + input.amount,
      period_month: input.periodMonth ?? beijingMonth(now),
      note: input.note ?? null,
      actor_id: input.actorId ?? null,
      created_at: dbTime(kind, now),
    };
    const cols = Object.keys(row);
    const values = Object.values(row);
    const insert = `INSERT INTO points_entries (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    // Either unique index (idempotency key, reversed entry) turns the insert into a no-op. On MySQL a
    // failed statement rolls back only itself, so the duplicate error is caught and the caller's
    // transaction goes on (an upsert would report the duplicate as 1 row under CLIENT_FOUND_ROWS, and
    // INSERT IGNORE would also swallow foreign-key errors).
    let id: number;
    if (kind === 'mysql') {
      try {
        id = await insertId(manager, insert, values);
      } catch (err) {
        if ((err as { errno?: number }).errno === 1062) return null;
        throw err;
      }
    } else {
      if ((await execute(manager, `${insert} ON CONFLICT DO NOTHING`, values)) !== 1) return null;
      id = await insertId(manager, null, []);
    }
    const set = input.capUsage ? ', cap_day = ?, cap_month = ?, cap_usage = ?' : '';
    const capParams = input.capUsage
      ? [input.capUsage.day, input.capUsage.month, JSON.stringify({ d: input.capUsage.d, m: input.capUsage.m })]
      : [];
    const changed = await execute(
      manager,
      `UPDATE points_accounts SET balance = balance + ?${set}, updated_at = ? WHERE user_id = ? AND balance + ? >= 0`,
      [input.amount, ...capParams, dbTime(kind, now), input.userId, input.amount],
    );
    if (changed !== 1) throw new AppError(ErrorCode.PointsInsufficient);
    // The row as written (no read back: entries never change after the insert).
    return Object.assign(new PointsEntryEntity(), {
      id,
      userId: row.user_id,
      amount: row.amount,
      rule: row.rule,
      ruleDistrict: row.rule_district,
      ruleVersion: row.rule_version,
      unitPath: row.unit_path,
      refType: row.ref_type,
      refId: row.ref_id,
      idempotencyKey: row.idempotency_key,
      reversesEntryId: row.reverses_entry_id,
      balanceAfter: row.balance_after,
      periodMonth: row.period_month,
      note: row.note,
      actorId: row.actor_id,
      createdAt: now,
    });
  }

  /**
   * The balance of an account the transaction already locked (`lockAccount`), read with a locking read
   * so it is current whatever the transaction's snapshot.
   */
  private async lockedBalance(manager: EntityManager, userId: number): Promise<number> {
    const lock = kindOf(manager) === 'mysql' ? ' FOR UPDATE' : '';
    const rows: { balance: number }[] = await manager.query(`SELECT balance FROM points_accounts WHERE user_id = ?${lock}`, [userId]);
    if (!rows.length) throw new Error(`points account ${userId} is not locked: call lockAccount first`);
    return Number(rows[0].balance);
  }

  /**
   * Creates the user's account row if missing and locks it for the rest of the transaction. Returns the
   * current balance and cap usage. On MySQL an upsert comes first: a locking read of a missing row takes a
   * gap lock, and two gap locks followed by two inserts deadlock; the upsert locks the row whether it
   * inserted it or found it (also when a concurrent transaction created it first).
   */
  async lockAccount(manager: EntityManager, userId: number): Promise<{ balance: number; usage: CapUsage }> {
    const kind = kindOf(manager);
    if (kind === 'mysql') {
      await execute(
        manager,
        'INSERT INTO points_accounts (user_id, balance, leaderboard_opt_out) VALUES (?, 0, 0) ON DUPLICATE KEY UPDATE user_id = user_id',
        [userId],
      );
    } else {
      await execute(manager, 'INSERT OR IGNORE INTO points_accounts (user_id, balance, leaderboard_opt_out) VALUES (?, 0, 0)', [userId]);
    }
    const rows: { balance: number; cap_day: number; cap_month: number; cap_usage: string }[] = await manager.query(
      `SELECT balance, cap_day, cap_month, cap_usage FROM points_accounts WHERE user_id = ?${kind === 'mysql' ? ' FOR UPDATE' : ''}`,
      [userId],
    );
    const r = rows[0];
    let parsed: { d?: Record<string, number>; m?: Record<string, number> } = {};
    try {
      parsed = JSON.parse(r.cap_usage || '{}');
    } catch {
      parsed = {};
    }
    return {
      balance: Number(r.balance),
      usage: { day: Number(r.cap_day), month: Number(r.cap_month), d: parsed.d ?? {}, m: parsed.m ?? {} },
    };
  }

  /**
   * Locks the user's account row if it exists (one locking read, no upsert) and returns the balance, or
   * null without an account. For spending, where a missing account simply means no points.
   */
  async lockExistingAccount(manager: EntityManager, userId: number): Promise<number | null> {
    const lock = kindOf(manager) === 'mysql' ? ' FOR UPDATE' : '';
    const rows: { balance: number }[] = await manager.query(`SELECT balance FROM points_accounts WHERE user_id = ?${lock}`, [userId]);
    return rows.length ? Number(rows[0].balance) : null;
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

  /**
   * Unreversed, non-reversal entries matching `where` (on alias e), read with a locking read on MySQL so
   * that entries committed after the transaction's snapshot are seen. The caller holds the account lock.
   */
  async lockedEntries(manager: EntityManager, where: string, params: unknown[]): Promise<PointsEntryEntity[]> {
    const lock = kindOf(manager) === 'mysql' ? ' FOR UPDATE' : '';
    const rows: { id: number }[] = await manager.query(
      `SELECT e.id FROM points_entries e
        WHERE ${where} AND e.reverses_entry_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM points_entries r WHERE r.reverses_entry_id = e.id)
        ORDER BY e.id${lock}`,
      params,
    );
    if (!rows.length) return [];
    const ids = rows.map((r) => Number(r.id));
    // Entries are immutable, so once an id is known, a plain read of its row is as good as a locking one.
    return manager.createQueryBuilder(PointsEntryEntity, 'e').where('e.id IN (:...ids)', { ids }).orderBy('e.id', 'ASC').getMany();
  }
}
