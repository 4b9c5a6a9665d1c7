import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  type AdjustmentInput,
  beijingMonth,
  ErrorCode,
  type LeaderboardQuery,
  type LeaderboardResponse,
  PointsLimits,
  type PointsHistoryQuery,
  type PointsSummaryResponse,
  Role,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { execute } from '../notification/notification.db';
import { UnitEntity } from '../unit/unit.entity';
import { UserEntity } from '../user/user.entity';
import { PointsAccountEntity, PointsEntryEntity } from './points.entity';
import { adminPaths, canAdminister } from './points.policy';
import { PointsService } from './points.service';

/** Entries that count on leaderboards: contributions, admins' adjustments and their reversals (not spending). */
export const LEADERBOARD_RULES = [
  'report_filed',
  'report_co_reporter',
  'report_confirmed_fix',
  'duty_week_completed',
  'tip_useful',
  'manual_adjustment',
  'reversal',
] as const;

/** Name shown on leaderboards for users who opted out. */
export const HIDDEN_NAME = '匿名邻居';

export interface EntryView {
  entry: PointsEntryEntity;
  reversed: boolean;
}

/**
 * A user's side of the ledger (balance, history, leaderboard opt-out), leaderboards, and the admin's
 * side (finding a user, their statement, manual adjustments).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PointsAccountService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  ledger: PointsService;

  @Inject()
  audit: AuditService;

  /** My balance: one primary-key read of the account row, whatever the length of my history. */
  async summary(auth: AuthState): Promise<PointsSummaryResponse> {
    const rows: { balance: number; leaderboard_opt_out: number | boolean }[] = await this.dataSource.query(
      'SELECT balance, leaderboard_opt_out FROM points_accounts WHERE user_id = ?',
      [auth.userId],
    );
    return {
      balance: rows.length ? Number(rows[0].balance) : 0,
      leaderboardOptOut: rows.length ? Boolean(Number(rows[0].leaderboard_opt_out)) : false,
      userId: auth.userId,
    };
  }

  /** Hides (or shows) my name on leaderboards. */
  async updateSettings(auth: AuthState, optOut: boolean): Promise<PointsSummaryResponse> {
    await this.tx.run(async (m) => {
      await this.ledger.lockAccount(m, auth.userId);
      await execute(m, 'UPDATE points_accounts SET leaderboard_opt_out = ? WHERE user_id = ?', [optOut ? 1 : 0, auth.userId]);
    });
    return this.summary(auth);
  }

  /** My entries, newest first, in keyset pages (`id < cursor`). */
  async history(auth: AuthState, query: PointsHistoryQuery): Promise<{ items: EntryView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(PointsEntryEntity, 'e').where('e.userId = :u', { u: auth.userId });
    if (query.cursor) qb.andWhere('e.id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('e.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return { items: await this.withReversed(m, page), nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
  }

  /**
   * The month's leaderboard of a community or street: net points of contributions made inside it (the
   * unit of each entry), top 50, opted-out users shown as 匿名邻居. A reversal counts in its original's month.
   */
  async leaderboard(auth: AuthState, query: LeaderboardQuery): Promise<LeaderboardResponse> {
    const m = this.dataSource.manager;
    const unit = await m.findOneBy(UnitEntity, { id: query.unitId });
    if (!unit) throw new AppError(ErrorCode.UnitNotFound);
    if (unit.level !== 'community' && unit.level !== 'street') {
      throw new AppError(ErrorCode.ValidationFailed, { message: 'unitId: 排行榜只按社区或街道统计', fields: { unitId: '排行榜只按社区或街道统计' } });
    }
    const month = query.month ?? beijingMonth(new Date());
    const rules = LEADERBOARD_RULES.map(() => '?').join(', ');
    const base = `FROM points_entries WHERE period_month = ? AND unit_path LIKE ? AND rule IN (${rules})`;
    const params = [month, `${unit.path}%`, ...LEADERBOARD_RULES];
    const rows: { user_id: number; pts: number | string }[] = await m.query(
      `SELECT user_id, SUM(amount) AS pts ${base} GROUP BY user_id HAVING SUM(amount) > 0 ORDER BY pts DESC, user_id ASC LIMIT ${PointsLimits.leaderboardSize}`,
      params,
    );
    const ids = rows.map((r) => Number(r.user_id));
    const users = ids.length ? await m.find(UserEntity, { where: { id: In(ids) }, select: ['id', 'nickname'] }) : [];
    const accounts = ids.length ? await m.find(PointsAccountEntity, { where: { userId: In(ids) }, select: ['userId', 'leaderboardOptOut'] }) : [];
    const nick = new Map(users.map((u) => [u.id, u.nickname]));
    const hidden = new Set(accounts.filter((a) => a.leaderboardOptOut).map((a) => a.userId));
    // Standard competition ranking: equal points share a rank.
    let rank = 0;
    let last: number | null = null;
    const entries = rows.map((r, i) => {
      const points = Number(r.pts);
      if (points !== last) rank = i + 1;
      last = points;
      const userId = Number(r.user_id);
      return { rank, name: hidden.has(userId) ? HIDDEN_NAME : nick.get(userId) ?? HIDDEN_NAME, points, isMe: userId === auth.userId };
    });
    let me: LeaderboardResponse['me'] = null;
    const mine: { pts: number | string | null }[] = await m.query(`SELECT SUM(amount) AS pts ${base} AND user_id = ?`, [...params, auth.userId]);
    const myPoints = Number(mine[0]?.pts ?? 0);
    if (myPoints > 0) {
      const above: { n: number | string }[] = await m.query(
        `SELECT COUNT(*) AS n FROM (SELECT user_id ${base} GROUP BY user_id HAVING SUM(amount) > ?) t`,
        [...params, myPoints],
      );
      me = { rank: Number(above[0].n) + 1, points: myPoints };
    }
    return { unitId: unit.id, unitName: unit.name, unitLevel: unit.level, month, entries, me };
  }

  /**
   * Admin search: a user number finds that user (a resident shows it on 我的积分 to get an adjustment);
   * a nickname finds users with points activity or a role inside the admin's units.
   */
  async findUsers(auth: AuthState, q: string): Promise<{ user: UserEntity; balance: number }[]> {
    const paths = adminPaths(auth.grants);
    if (!paths.length) throw forbidden();
    const m = this.dataSource.manager;
    let users: UserEntity[];
    if (/^\d{1,12}$/.test(q)) {
      users = await m.find(UserEntity, { where: { id: Number(q), deletedAt: IsNull() }, take: 1 });
    } else {
      // '!' as the LIKE escape: the same on MySQL and SQLite (which has no default escape character).
      const like = `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      const scope = (col: string) => paths.map(() => `${col} LIKE ?`).join(' OR ');
      const likes = paths.map((p) => `${p}%`);
      const rows: { id: number }[] = await m.query(
        `SELECT u.id FROM users u
          WHERE u.nickname LIKE ? ESCAPE '!' AND u.deleted_at IS NULL
            AND (EXISTS (SELECT 1 FROM points_entries e WHERE e.user_id = u.id AND (${scope('e.unit_path')}))
              OR EXISTS (SELECT 1 FROM role_grants g JOIN units gu ON gu.id = g.unit_id WHERE g.user_id = u.id AND (${scope('gu.path')})))
          ORDER BY u.id LIMIT 20`,
        [like, ...likes, ...likes],
      );
      users = rows.length ? await m.find(UserEntity, { where: { id: In(rows.map((r) => Number(r.id))) }, order: { id: 'ASC' } }) : [];
    }
    return Promise.all(users.map(async (user) => ({ user, balance: await this.ledger.balanceOf(m, user.id) })));
  }

  /** A user's balance and latest 50 entries, for an admin. @throws NOT_FOUND unknown or deleted user. */
  async adminUser(auth: AuthState, userId: number): Promise<{ user: UserEntity; balance: number; entries: EntryView[] }> {
    if (!adminPaths(auth.grants).length) throw forbidden();
    const m = this.dataSource.manager;
    const user = await m.findOneBy(UserEntity, { id: userId, deletedAt: IsNull() });
    if (!user) throw notFound();
    const rows = await m.find(PointsEntryEntity, { where: { userId }, order: { id: 'DESC' }, take: 50 });
    return { user, balance: await this.ledger.balanceOf(m, userId), entries: await this.withReversed(m, rows) };
  }

  /**
   * A user's whole statement (oldest first, at most 10 000 entries) for the CSV export. Reading someone's
   * ledger is personal data: the export is audited, in the admin's first unit.
   */
  async statement(auth: AuthState, userId: number): Promise<{ user: UserEntity; balance: number; entries: PointsEntryEntity[]; reversed: Set<number> }> {
    const paths = adminPaths(auth.grants);
    if (!paths.length) throw forbidden();
    return this.tx.run(async (m) => {
      const user = await m.findOneBy(UserEntity, { id: userId, deletedAt: IsNull() });
      if (!user) throw notFound();
      const entries = await m.find(PointsEntryEntity, { where: { userId }, order: { id: 'ASC' }, take: PointsLimits.statementMaxRows });
      const reversed = new Set(entries.filter((e) => e.reversesEntryId).map((e) => e.reversesEntryId as number));
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: paths[0],
        action: 'points.statement_export',
        targetType: 'user',
        targetId: userId,
        after: { entries: entries.length },
      });
      return { user, balance: await this.ledger.balanceOf(m, userId), entries, reversed };
    });
  }

  /**
   * An admin's manual adjustment: a non-zero amount with a mandatory reason, recorded in the unit the admin
   * names (one of theirs) and in the audit log, in one transaction. A negative adjustment cannot take the
   * balance below 0. A retry with the same clientKey returns the first entry.
   * @throws NOT_FOUND unknown user or unit outside the admin's; POINTS_INSUFFICIENT.
   */
  async adjust(auth: AuthState, input: AdjustmentInput): Promise<EntryView> {
    if (!adminPaths(auth.grants).length) throw forbidden();
    return this.tx.run(async (m) => {
      const unit = await m.findOneBy(UnitEntity, { id: input.unitId });
      if (!unit || !canAdminister(auth.grants, unit.path)) throw notFound();
      const user = await m.findOneBy(UserEntity, { id: input.userId, deletedAt: IsNull() });
      if (!user) throw notFound();
      const { balance } = await this.ledger.lockAccount(m, user.id);
      const key = `adjust:${auth.userId}:${input.clientKey}`;
      const previous = await m.findOneBy(PointsEntryEntity, { idempotencyKey: key });
      if (previous) return { entry: previous, reversed: false };
      if (balance + input.amount < 0) throw new AppError(ErrorCode.PointsInsufficient, { data: { balance } });
      const entry = await this.ledger.post(m, {
        userId: user.id,
        amount: input.amount,
        rule: 'manual_adjustment',
        unitPath: unit.path,
        ref: { type: 'adjustment', id: key.slice(0, 64) },
        idempotencyKey: key,
        note: input.reason,
        actorId: auth.userId,
      });
      if (!entry) throw new AppError(ErrorCode.Conflict);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: unit.path,
        action: 'points.adjust',
        targetType: 'user',
        targetId: user.id,
        before: { balance },
        after: { balance: entry.balanceAfter, amount: input.amount, reason: input.reason, entryId: entry.id },
      });
      return { entry, reversed: false };
    });
  }

  private async withReversed(m: EntityManager, rows: PointsEntryEntity[]): Promise<EntryView[]> {
    if (!rows.length) return [];
    const reversals = await m.find(PointsEntryEntity, { where: { reversesEntryId: In(rows.map((r) => r.id)) }, select: ['id', 'reversesEntryId'] });
    const reversed = new Set(reversals.map((r) => r.reversesEntryId));
    return rows.map((entry) => ({ entry, reversed: reversed.has(entry.id) }));
  }
}
