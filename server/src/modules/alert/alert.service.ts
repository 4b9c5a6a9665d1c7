import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AlertFeedQuery,
  alertExpiryProblem,
  alertPhotoVisibleToMembers,
  AlertRecipientsQuery,
  alertReminderRef,
  AlertSeverity,
  AlertSeverityLabelZh,
  AlertStatus,
  autoReminderDue,
  canTargetArea,
  commonPath,
  ContentScene,
  CreateAlertInput,
  ErrorCode,
  hasRoleOver,
  isAlertExpired,
  isPolice,
  MediaPurpose,
  NotificationTemplateKey,
  reminderProblem,
  Role,
  unitPathsFor,
  WithdrawAlertInput,
  AlertLimits,
  type DeliveryStatus,
  type RoleGrant,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { insideAnyUnit } from '../../common/db/unit-scope';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import type { LinliConfig } from '../../config/config.default';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { ContentCheckService } from '../moderation/content-check.service';
import { dbTime, execute, kindOf, marks } from '../notification/notification.db';
import { DeliveryQueue } from '../notification/notification.queue';
import { NotificationService } from '../notification/notification.service';
import { AlertEntity, AlertPhotoEntity, AlertRecipientEntity, AlertReminderEntity, AlertTargetEntity } from './alert.entity';
import {
  alertNotificationPrefix,
  deliveryCounts,
  deliveryStates,
  loadGroups,
  loadUnits,
  loadUsers,
  officerGroupIds,
  UserRef,
} from './alert.repository';
import { GroupMemberEntity } from './group.entity';
import { TipEntity } from './tip.entity';

/** A photo of an alert or tip with signed URLs when the viewer may see it. */
export interface PhotoView {
  mediaId: number;
  suspect: boolean;
  checkStatus: string;
  url: string | null;
  thumbUrl: string | null;
}

export interface ReachView {
  recipients: number;
  opened: number;
  acknowledged: number;
  delivery: Record<DeliveryStatus, number> | null;
  remindersSent: number;
}

/** An alert with everything its card or page shows, for one viewer. */
export interface AlertView {
  alert: AlertEntity;
  author: UserRef;
  targets: string[];
  photoCount: number;
  photos: PhotoView[];
  suspectPhotosHidden: boolean;
  answers: Array<{ tipId: number; question: string; answer: string; answeredAt: Date }>;
  mine: { openedAt: Date | null; ackedAt: Date | null } | null;
  reach: ReachView | null;
  abilities: { acknowledge: boolean; tip: boolean; withdraw: boolean; remind: boolean; viewReach: boolean };
}

export interface RecipientView {
  userId: number;
  nickname: string;
  kind: string | null;
  openedAt: Date | null;
  ackedAt: Date | null;
  delivery: DeliveryStatus | null;
  /** WeChat's errcode of a failure, or interrupted / withdrawn / no_openid. */
  deliveryErrcode: string | null;
}

/** Who asks: the user and their role grants (a session's AuthState, or a media viewer). */
export interface Caller {
  userId: number;
  grants: readonly RoleGrant[];
}

/** How the caller stands to an alert. */
interface AlertAccess {
  recipient: AlertRecipientEntity | null;
  /** Runs it: the author, an active officer of a targeted group, an admin over its unit. */
  manager: boolean;
}

/**
 * Police alerts: posting (checks, then ONE transaction writing the alert, every member's feed row with a
 * single INSERT ... SELECT, and their subscription messages through NotificationService's bulk path),
 * the member's feed, opening and 收到, reach figures, reminders of urgent alerts, withdrawal. WeChat
 * delivery itself is the notification module's durable queue: per-member state, retries of failures
 * only, at most once per member (dedupe key `police_alert:<alert>:<user>`).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AlertService {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  notifications: NotificationService;

  @Inject()
  queue: DeliveryQueue;

  @Inject()
  contentCheck: ContentCheckService;

  @Inject()
  media: MediaService;

  @Logger()
  logger: ILogger;

  /**
   * Posts an alert. Checks (in order): the police role; every group is the caller's as an active officer;
   * every area lies inside their police units; the expiry window; the photos (their own, uploaded for
   * alerts, not refused by the image check); WeChat's text check (risky -> CONTENT_RISKY; review or
   * unavailable -> ALERT_TEXT_HELD: an alert is only useful now, so it is not held for later). Then one
   * transaction: alert, targets, photos, feed rows (members of the groups + members of the caller's groups
   * inside the areas, active, deduplicated, the author excluded), subscription messages, audit row.
   * A retry with the same `clientKey` returns the first alert.
   * @throws AppError FORBIDDEN, NOT_FOUND (unknown group), UNIT_NOT_FOUND, VALIDATION_FAILED, CONTENT_RISKY,
   *   ALERT_TEXT_HELD, ALERT_NO_RECIPIENTS.
   */
  async create(auth: Caller, input: CreateAlertInput, now = new Date()): Promise<{ view: AlertView; created: boolean }> {
    if (!isPolice(auth.grants)) throw forbidden('只有社区民警可以发布警情');
    const m0 = this.dataSource.manager;
    if (input.clientKey) {
      const existing = await m0.findOne(AlertEntity, { where: { authorId: auth.userId, clientKey: input.clientKey } });
      if (existing) return { view: await this.view(auth, existing.id), created: false };
    }

    const groups = await loadGroups(m0, input.groupIds);
    for (const id of input.groupIds) if (!groups.has(id)) throw notFound();
    const myOfficerGroups = await officerGroupIds(m0, auth.userId);
    for (const id of input.groupIds) if (!myOfficerGroups.includes(id)) throw forbidden('只能向您担任民警的邻里群发布警情');
    const areas = await loadUnits(m0, input.areaUnitIds);
    for (const id of input.areaUnitIds) {
      const unit = areas.get(id);
      if (!unit) throw new AppError(ErrorCode.UnitNotFound);
      if (!canTargetArea(auth.grants, unit.path)) throw forbidden('只能向您辖区内的社区或网格发布警情');
    }
    if (input.areaUnitIds.length && !myOfficerGroups.length) throw new AppError(ErrorCode.AlertNoRecipients, { message: '您还没有担任民警的邻里群，区域内没有可通知的成员' });

    const expiresAt = new Date(input.expiresAt);
    const expiryProblem = alertExpiryProblem(expiresAt, now);
    if (expiryProblem) throw new AppError(ErrorCode.ValidationFailed, { message: `expiresAt: ${expiryProblem}`, fields: { expiresAt: expiryProblem } });
    await this.assertPhotos(m0, auth.userId, MediaPurpose.Alert, input.photos.map((p) => p.mediaId), 'photos');

    const text = [input.title, input.body, input.place?.name].filter(Boolean).join('\n');
    const check = await this.contentCheck.checkText({ userId: auth.userId, text, scene: ContentScene.Forum });
    if (check.outcome === 'hold') throw new AppError(ErrorCode.AlertTextHeld);

    const targetPaths = [...[...groups.values()].map((g) => g.unitPath), ...[...areas.values()].map((u) => u.path)];
    const unitPath = commonPath(targetPaths);
    const targetNames = [...input.groupIds.map((id) => groups.get(id)!.name), ...input.areaUnitIds.map((id) => areas.get(id)!.name)];

    let id: number;
    try {
      id = await this.tx.run(async (m) => {
        const alert = await m.save(
          m.create(AlertEntity, {
            authorId: auth.userId,
            type: input.type,
            severity: input.severity,
            title: input.title,
            body: input.body,
            caseNumber: input.caseNumber || null,
            placeName: input.place?.name ?? null,
            placeLat: input.place?.lat ?? null,
            placeLng: input.place?.lng ?? null,
            unitPath,
            status: AlertStatus.Published,
            textCheck: check.source ? 'unchecked' : 'pass',
            expiresAt,
            publishedAt: now,
            withdrawnAt: null,
            withdrawnBy: null,
            withdrawReason: null,
            recipientCount: 0,
            remindersSent: 0,
            lastRemindedAt: null,
            clientKey: input.clientKey ?? null,
          }),
        );
        const targets = [
          ...input.groupIds.map((groupId) => ({ alertId: alert.id, kind: 'group' as const, groupId, unitId: null, unitPath: null })),
          ...input.areaUnitIds.map((unitId) => ({ alertId: alert.id, kind: 'area' as const, groupId: null, unitId, unitPath: areas.get(unitId)!.path })),
        ];
        await m.insert(AlertTargetEntity, targets);
        if (input.photos.length) {
          await m.insert(AlertPhotoEntity, input.photos.map((p, position) => ({ alertId: alert.id, mediaId: p.mediaId, position, suspect: p.suspect })));
        }
        const recipients = await this.writeFeedRows(m, alert.id, auth.userId, input.groupIds, myOfficerGroups, [...areas.values()].map((u) => u.path), now);
        if (recipients === 0) throw new AppError(ErrorCode.AlertNoRecipients);
        await m.update(AlertEntity, { id: alert.id }, { recipientCount: recipients });
        const userIds = await this.recipientIds(m, alert.id, false);
        await this.notifications.notify(userIds, NotificationTemplateKey.PoliceAlert, this.messageVars(alert, targetNames, now), alert.id, m);
        await this.audit.record(m, {
          actorId: auth.userId,
          actorRole: Role.CommunityPolice,
          unitPath,
          action: 'alert.publish',
          targetType: 'alert',
          targetId: alert.id,
          after: {
            type: input.type,
            severity: input.severity,
            title: input.title,
            groupIds: input.groupIds,
            areaUnitIds: input.areaUnitIds,
            photos: input.photos.length,
            caseNumber: input.caseNumber || null,
            expiresAt: expiresAt.toISOString(),
            recipients,
            textCheck: check.source ? 'unchecked' : 'pass',
          },
        });
        return alert.id;
      });
    } catch (e) {
      // The same clientKey committed by a concurrent retry: that alert is the answer.
      if (input.clientKey && /duplicate|unique/i.test(String((e as Error).message))) {
        const winner = await m0.findOne(AlertEntity, { where: { authorId: auth.userId, clientKey: input.clientKey } });
        if (winner) return { view: await this.view(auth, winner.id), created: false };
      }
      throw e;
    }
    this.queue.wake();
    return { view: await this.view(auth, id), created: true };
  }

  /**
   * The feed rows of an alert, in ONE statement: active members of the targeted groups, plus active
   * members of the author's own groups whose place lies inside a targeted area; distinct users; deleted
   * accounts and the author left out. Returns how many rows it wrote.
   */
  private async writeFeedRows(m: EntityManager, alertId: number, authorId: number, groupIds: number[], officerGroups: number[], areaPaths: string[], now: Date): Promise<number> {
    const conds: string[] = [];
    const params: unknown[] = [];
    if (groupIds.length) {
      conds.push(`m.group_id IN (${marks(groupIds.length)})`);
      params.push(...groupIds);
    }
    if (areaPaths.length && officerGroups.length) {
      conds.push(`(m.group_id IN (${marks(officerGroups.length)}) AND (${areaPaths.map(() => 'm.unit_path LIKE ?').join(' OR ')}))`);
      params.push(...officerGroups, ...areaPaths.map((p) => `${p}%`));
    }
    if (!conds.length) return 0;
    // One group: (group_id, user_id) is unique, so no de-duplication is needed (it costs a sort).
    const single = groupIds.length === 1 && !(areaPaths.length && officerGroups.length);
    return execute(
      m,
      `INSERT INTO alert_recipients (alert_id, user_id, created_at)
       SELECT ?, m.user_id, ? FROM group_members m JOIN users u ON u.id = m.user_id
       WHERE m.status = 'active' AND u.deleted_at IS NULL AND m.user_id <> ? AND (${conds.join(' OR ')})${single ? '' : '\n       GROUP BY m.user_id'}`,
      [alertId, dbTime(kindOf(m), now), authorId, ...params],
    );
  }

  /** User ids of an alert's recipients (only those who have not acknowledged, for reminders). */
  private async recipientIds(m: EntityManager, alertId: number, unacknowledgedOnly: boolean): Promise<number[]> {
    const rows: Array<{ user_id: number }> = await m.query(
      `SELECT user_id FROM alert_recipients WHERE alert_id = ?${unacknowledgedOnly ? ' AND acked_at IS NULL' : ''} ORDER BY user_id`,
      [alertId],
    );
    return rows.map((r) => Number(r.user_id));
  }

  /** The police_alert template's values: title, where (first target, 等 when several), level, time. */
  private messageVars(alert: AlertEntity, targetNames: string[], at: Date, reminder = false) {
    return {
      title: reminder ? `【请确认】${alert.title}` : alert.title,
      area: targetNames.length > 1 ? `${targetNames[0].slice(0, 17)}等` : targetNames[0] ?? '本辖区',
      level: AlertSeverityLabelZh[alert.severity],
      time: at,
    };
  }

  /**
   * The caller's feed: alerts sent to them, newest first, keyset pages on the alert id (the index
   * (user_id, alert_id) serves it directly).
   */
  async feed(auth: AuthState, query: AlertFeedQuery, now = new Date()): Promise<{ items: AlertView[]; nextCursor: string | null }> {
    const m = this.dataSource.manager;
    const limit = query.limit ?? AlertLimits.feedPageSize;
    const qb = m.createQueryBuilder(AlertRecipientEntity, 'r').where('r.user_id = :userId', { userId: auth.userId });
    if (query.cursor) qb.andWhere('r.alert_id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('r.alert_id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const alerts = page.length ? await m.find(AlertEntity, { where: { id: In(page.map((r) => r.alertId)) } }) : [];
    const byId = new Map(alerts.map((a) => [a.id, a]));
    const items = await this.views(
      m,
      auth,
      page.filter((r) => byId.has(r.alertId)).map((r) => ({ alert: byId.get(r.alertId)!, access: { recipient: r, manager: false } })),
      { detail: false, now },
    );
    return { items, nextCursor: rows.length > limit ? String(page[page.length - 1].alertId) : null };
  }

  /**
   * Alerts the caller runs: posted by them, sent to a group where they are an active officer, or (admins)
   * inside their admin units. Newest first, with reach counts.
   */
  async posted(auth: AuthState, query: AlertFeedQuery, now = new Date()): Promise<{ items: AlertView[]; nextCursor: string | null }> {
    const m = this.dataSource.manager;
    const limit = query.limit ?? AlertLimits.feedPageSize;
    const groups = await officerGroupIds(m, auth.userId);
    const adminPaths = unitPathsFor(auth.grants, Role.Admin);
    if (!isPolice(auth.grants) && !adminPaths.length) throw forbidden('只有社区民警和管理员可以查看发布的警情');
    const qb = m.createQueryBuilder(AlertEntity, 'a').where(
      insideAnyUnit('a.unit_path', adminPaths, (b) => {
        b.orWhere('a.author_id = :me', { me: auth.userId });
        if (groups.length) b.orWhere(`a.id IN (SELECT t.alert_id FROM alert_targets t WHERE t.group_id IN (:...groups))`, { groups });
      }),
    );
    if (query.cursor) qb.andWhere('a.id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('a.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const items = await this.views(m, auth, page.map((alert) => ({ alert, access: { recipient: null, manager: true } })), { detail: false, now });
    return { items, nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
  }

  /**
   * One alert for a recipient or someone who runs it. A recipient opening it for the first time is
   * recorded as opened.
   * @throws AppError NOT_FOUND for anyone else.
   */
  async detail(auth: AuthState, id: number, now = new Date()): Promise<AlertView> {
    const m = this.dataSource.manager;
    const { alert, access } = await this.access(m, auth, id);
    if (access.recipient && !access.recipient.openedAt) {
      await this.tx.run((tm) => execute(tm, 'UPDATE alert_recipients SET opened_at = ? WHERE id = ? AND opened_at IS NULL', [dbTime(kindOf(tm), now), access.recipient!.id]));
      access.recipient.openedAt = now;
    }
    const [v] = await this.views(m, auth, [{ alert, access }], { detail: true, now });
    return v;
  }

  /**
   * 收到: the recipient acknowledges (idempotent: the first time counts). Opening is implied.
   * @throws AppError NOT_FOUND (not a recipient), ALERT_WITHDRAWN.
   */
  async acknowledge(auth: AuthState, id: number, now = new Date()): Promise<AlertView> {
    const m = this.dataSource.manager;
    const { alert, access } = await this.access(m, auth, id);
    if (!access.recipient) throw notFound();
    if (alert.status === AlertStatus.Withdrawn) throw new AppError(ErrorCode.AlertWithdrawn);
    if (!access.recipient.ackedAt) {
      const at = dbTime(kindOf(m), now);
      await this.tx.run((tm) =>
        execute(tm, 'UPDATE alert_recipients SET acked_at = ?, opened_at = COALESCE(opened_at, ?) WHERE id = ? AND acked_at IS NULL', [at, at, access.recipient!.id]),
      );
    }
    return this.detail(auth, id, now);
  }

  /**
   * Recipients of an alert for those who run it (default: who has not acknowledged), with opened /
   * acknowledged times and the WeChat delivery state of their message. Keyset pages by row id.
   * @throws AppError NOT_FOUND (cannot see it), FORBIDDEN (a recipient who does not run it).
   */
  async recipients(auth: AuthState, id: number, query: AlertRecipientsQuery): Promise<{ items: RecipientView[]; nextCursor: string | null }> {
    const m = this.dataSource.manager;
    const { alert, access } = await this.access(m, auth, id);
    if (!access.manager) throw forbidden('只有发布民警和管理员可以查看确认情况');
    const limit = query.limit ?? 50;
    const qb = m.createQueryBuilder(AlertRecipientEntity, 'r').where('r.alert_id = :id', { id });
    if (query.filter === 'unacknowledged') qb.andWhere('r.acked_at IS NULL');
    if (query.filter === 'acknowledged') qb.andWhere('r.acked_at IS NOT NULL');
    if (query.cursor) qb.andWhere('r.id > :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('r.id', 'ASC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const userIds = page.map((r) => r.userId);
    const [users, states, kinds] = await Promise.all([loadUsers(m, userIds), deliveryStates(m, alert.id, userIds), this.memberKinds(m, alert, userIds)]);
    return {
      items: page.map((r) => ({
        userId: r.userId,
        nickname: users.get(r.userId)?.nickname ?? '未知用户',
        kind: kinds.get(r.userId) ?? null,
        openedAt: r.openedAt,
        ackedAt: r.ackedAt,
        delivery: states.get(r.userId)?.status ?? null,
        deliveryErrcode: states.get(r.userId)?.errcode ?? null,
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }

  /**
   * Reminds the recipients of an urgent alert who have not acknowledged it: a new inbox message and, for
   * those with a credit left, a subscription message (its own dedupe key, so a repeated reminder never
   * duplicates). At most 3 reminders, 10 minutes apart; `kind` auto is the timer's (30 minutes after posting).
   * @throws AppError NOT_FOUND, FORBIDDEN, ALERT_REMIND_NOT_ALLOWED, CONFLICT (another reminder won).
   */
  async remind(auth: AuthState | null, id: number, now = new Date()): Promise<{ seq: number; recipients: number }> {
    const m0 = this.dataSource.manager;
    let alert: AlertEntity;
    if (auth) {
      const found = await this.access(m0, auth, id);
      if (!found.access.manager) throw forbidden('只有发布民警和管理员可以发送提醒');
      alert = found.alert;
    } else {
      const a = await m0.findOne(AlertEntity, { where: { id } });
      if (!a) throw notFound();
      alert = a;
    }
    const problem = reminderProblem(alert, now);
    if (problem) throw new AppError(ErrorCode.AlertRemindNotAllowed, { message: problem });
    const targetNames = await this.targetNames(m0, [alert.id]);
    const result = await this.tx.run(async (m) => {
      const seq = alert.remindersSent + 1;
      const won = await execute(m, 'UPDATE alerts SET reminders_sent = ?, last_reminded_at = ?, updated_at = ? WHERE id = ? AND reminders_sent = ?', [
        seq,
        dbTime(kindOf(m), now),
        dbTime(kindOf(m), now),
        alert.id,
        seq - 1,
      ]);
      if (won !== 1) throw new AppError(ErrorCode.Conflict, { message: '提醒已由他人发送' });
      const userIds = await this.recipientIds(m, alert.id, true);
      if (!userIds.length) throw new AppError(ErrorCode.AlertRemindNotAllowed, { message: '所有成员都已确认收到' });
      await m.insert(AlertReminderEntity, { alertId: alert.id, seq, kind: auth ? 'manual' : 'auto', actorId: auth?.userId ?? null, recipients: userIds.length });
      await this.notifications.notify(userIds, NotificationTemplateKey.PoliceAlert, this.messageVars(alert, targetNames.get(alert.id) ?? [], now, true), alertReminderRef(alert.id, seq), m);
      await this.audit.record(m, {
        actorId: auth?.userId ?? 0,
        actorRole: auth ? this.actorRole(auth, alert) : 'system',
        unitPath: alert.unitPath,
        action: 'alert.remind',
        targetType: 'alert',
        targetId: alert.id,
        after: { seq, recipients: userIds.length, kind: auth ? 'manual' : 'auto' },
      });
      return { seq, recipients: userIds.length };
    });
    this.queue.wake();
    return result;
  }

  /**
   * The automatic reminder of urgent alerts: 30 minutes after posting, once, to who has not acknowledged.
   * Run by a timer (AlertReminderJob); several processes may run it: the conditional UPDATE of
   * reminders_sent lets one of them win per alert.
   * @returns how many alerts were reminded.
   */
  async sweepReminders(now = new Date()): Promise<number> {
    const m = this.dataSource.manager;
    const cutoff = new Date(now.getTime() - AlertLimits.autoReminderAfterMinutes * 60_000);
    const due = await m
      .createQueryBuilder(AlertEntity, 'a')
      .where('a.severity = :urgent AND a.status = :published AND a.reminders_sent = 0', { urgent: AlertSeverity.Urgent, published: AlertStatus.Published })
      .andWhere('a.published_at <= :cutoff AND a.expires_at > :now', { cutoff, now })
      .orderBy('a.id', 'ASC')
      .limit(100)
      .getMany();
    let n = 0;
    for (const alert of due) {
      if (!autoReminderDue(alert, now)) continue;
      try {
        await this.remind(null, alert.id, now);
        n++;
      } catch (e) {
        if (e instanceof AppError && (e.code === ErrorCode.Conflict || e.code === ErrorCode.AlertRemindNotAllowed)) {
          // Another process reminded first, or everyone acknowledged: mark it done so it is not looked at again.
          await this.tx.run((tm) => execute(tm, 'UPDATE alerts SET reminders_sent = reminders_sent + 1 WHERE id = ? AND reminders_sent = 0', [alert.id]));
          continue;
        }
        this.logger.error('[alert] automatic reminder of alert %d failed: %s', alert.id, (e as Error).stack ?? e);
      }
    }
    return n;
  }

  /**
   * Withdraws an alert (its author, an officer of a targeted group, an admin over it). Members see it
   * withdrawn with the reason (its text and photos are no longer shown); WeChat messages still waiting in
   * the queue are not sent (ended as error `withdrawn`); sent ones cannot be recalled.
   * @throws AppError NOT_FOUND, FORBIDDEN, ALERT_WITHDRAWN.
   */
  async withdraw(auth: AuthState, id: number, input: WithdrawAlertInput, now = new Date()): Promise<AlertView> {
    await this.tx.run(async (m) => {
      const { alert, access } = await this.access(m, auth, id);
      if (!access.manager) throw forbidden('只有发布民警和管理员可以撤回警情');
      if (alert.status === AlertStatus.Withdrawn) throw new AppError(ErrorCode.AlertWithdrawn);
      const k = kindOf(m);
      const won = await execute(m, "UPDATE alerts SET status = 'withdrawn', withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ?, updated_at = ? WHERE id = ? AND status = 'published'", [
        dbTime(k, now),
        auth.userId,
        input.reason,
        dbTime(k, now),
        id,
      ]);
      if (won !== 1) throw new AppError(ErrorCode.AlertWithdrawn);
      // Messages not yet sent are not sent any more (the worker skips rows that left `queued`).
      const cancelled = await execute(
        m,
        `UPDATE notification_deliveries SET status = 'error', last_errcode = 'withdrawn', updated_at = ?
         WHERE status = 'queued' AND notification_id IN (SELECT n.id FROM notifications n WHERE n.dedupe_key LIKE ? OR n.dedupe_key LIKE ?)`,
        [dbTime(k, now), `${alertNotificationPrefix(id)}%`, `police_alert:${id}&%`],
      );
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: this.actorRole(auth, alert),
        unitPath: alert.unitPath,
        action: 'alert.withdraw',
        targetType: 'alert',
        targetId: id,
        before: { status: alert.status },
        after: { status: AlertStatus.Withdrawn, reason: input.reason, cancelledDeliveries: cancelled },
      });
    });
    return this.detail(auth, id, now);
  }

  /** Reach figures of one alert (delivery counts included). */
  async reach(m: EntityManager, alert: AlertEntity): Promise<ReachView> {
    const [counts] = await m.query(
      'SELECT COUNT(*) AS total, COUNT(opened_at) AS opened, COUNT(acked_at) AS acked FROM alert_recipients WHERE alert_id = ?',
      [alert.id],
    );
    return {
      recipients: Number(counts.total),
      opened: Number(counts.opened),
      acknowledged: Number(counts.acked),
      delivery: await deliveryCounts(m, alert.id),
      remindersSent: alert.remindersSent,
    };
  }

  /** The alert with how the caller stands to it; NOT_FOUND when they neither received nor run it. */
  async access(m: EntityManager, auth: Caller, id: number): Promise<{ alert: AlertEntity; access: AlertAccess }> {
    const alert = await m.findOne(AlertEntity, { where: { id } });
    if (!alert) throw notFound();
    const recipient = await m.findOne(AlertRecipientEntity, { where: { alertId: id, userId: auth.userId } });
    const manager = await this.isManager(m, auth, alert);
    if (!recipient && !manager) throw notFound();
    return { alert, access: { recipient, manager } };
  }

  private async isManager(m: EntityManager, auth: Caller, alert: AlertEntity): Promise<boolean> {
    if (alert.authorId === auth.userId) return true;
    if (hasRoleOver(auth.grants, Role.Admin, alert.unitPath)) return true;
    if (!isPolice(auth.grants)) return false;
    const n: Array<{ n: number }> = await m.query(
      `SELECT COUNT(*) AS n FROM alert_targets t JOIN group_members g ON g.group_id = t.group_id
       WHERE t.alert_id = ? AND g.user_id = ? AND g.role = 'officer' AND g.status = 'active'`,
      [alert.id, auth.userId],
    );
    return Number(n[0]?.n ?? 0) > 0;
  }

  private actorRole(auth: AuthState, alert: AlertEntity): string {
    if (alert.authorId === auth.userId || (isPolice(auth.grants) && !hasRoleOver(auth.grants, Role.Admin, alert.unitPath))) return Role.CommunityPolice;
    return Role.Admin;
  }

  /** Member kinds of users in the alert's groups (the author's groups for area targets). */
  private async memberKinds(m: EntityManager, alert: AlertEntity, userIds: number[]): Promise<Map<number, string>> {
    if (!userIds.length) return new Map();
    const targets = await m.find(AlertTargetEntity, { where: { alertId: alert.id } });
    const groupIds = targets.filter((t) => t.groupId !== null).map((t) => t.groupId!);
    if (targets.some((t) => t.kind === 'area')) groupIds.push(...(await officerGroupIds(m, alert.authorId)));
    if (!groupIds.length) return new Map();
    const rows = await m.find(GroupMemberEntity, { where: { userId: In(userIds), groupId: In([...new Set(groupIds)]) }, select: ['userId', 'kind'] });
    return new Map(rows.map((r) => [r.userId, r.kind]));
  }

  /** Names of each alert's targets (groups, then areas), in one query. */
  private async targetNames(m: EntityManager, alertIds: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(alertIds.map((id) => [id, []]));
    if (!alertIds.length) return out;
    const rows: Array<{ alert_id: number; name: string | null }> = await m.query(
      `SELECT t.alert_id AS alert_id, COALESCE(g.name, u.name) AS name FROM alert_targets t
       LEFT JOIN neighbourhood_groups g ON g.id = t.group_id LEFT JOIN units u ON u.id = t.unit_id
       WHERE t.alert_id IN (${marks(alertIds.length)}) ORDER BY t.id`,
      alertIds,
    );
    for (const r of rows) if (r.name) out.get(Number(r.alert_id))?.push(r.name);
    return out;
  }

  /**
   * Checks photos attached to an alert or tip: each exists, was uploaded by `ownerId` for `purpose`, and
   * was not refused by the image check.
   * @throws AppError VALIDATION_FAILED on `field`.
   */
  async assertPhotos(m: EntityManager, ownerId: number, purpose: MediaPurpose, ids: number[], field: string): Promise<void> {
    if (!ids.length) return;
    const rows = await m.find(MediaEntity, { where: { id: In(ids) }, select: ['id', 'ownerId', 'purpose', 'checkStatus'] });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const media = byId.get(id);
      const bad = !media || media.ownerId !== ownerId || media.purpose !== purpose ? '照片不存在，请重新上传' : media.checkStatus === 'risky' ? '有照片未通过内容检测，请删除后重试' : null;
      if (bad) throw new AppError(ErrorCode.ValidationFailed, { message: `${field}: ${bad}`, fields: { [field]: bad } });
    }
  }

  /** Signed views of photos: all for `privileged` viewers (who run it, the owner), else `pass` ones only. */
  async photoViews(m: EntityManager, photos: Array<{ mediaId: number; suspect: boolean }>, visible: (p: { mediaId: number; suspect: boolean }, media: MediaEntity) => boolean): Promise<PhotoView[]> {
    if (!photos.length) return [];
    const rows = await m.find(MediaEntity, { where: { id: In(photos.map((p) => p.mediaId)) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: PhotoView[] = [];
    for (const p of photos) {
      const media = byId.get(p.mediaId);
      if (!media) continue;
      if (!visible(p, media)) {
        out.push({ mediaId: p.mediaId, suspect: p.suspect, checkStatus: media.checkStatus, url: null, thumbUrl: null });
        continue;
      }
      const v = await this.media.signedView(media);
      out.push({ mediaId: p.mediaId, suspect: p.suspect, checkStatus: media.checkStatus, url: v.url, thumbUrl: v.thumbUrl });
    }
    return out;
  }

  private async view(auth: Caller, id: number, now = new Date()): Promise<AlertView> {
    const m = this.dataSource.manager;
    const { alert, access } = await this.access(m, auth, id);
    const [v] = await this.views(m, auth, [{ alert, access }], { detail: true, now });
    return v;
  }

  private async views(m: EntityManager, auth: Caller, list: Array<{ alert: AlertEntity; access: AlertAccess }>, opts: { detail: boolean; now: Date }): Promise<AlertView[]> {
    if (!list.length) return [];
    const ids = list.map((x) => x.alert.id);
    const [authors, names, photoRows] = await Promise.all([
      loadUsers(m, list.map((x) => x.alert.authorId)),
      this.targetNames(m, ids),
      m.find(AlertPhotoEntity, { where: { alertId: In(ids) }, order: { position: 'ASC' } }),
    ]);
    const photosOf = new Map<number, AlertPhotoEntity[]>();
    for (const p of photoRows) photosOf.set(p.alertId, [...(photosOf.get(p.alertId) ?? []), p]);
    const listReach = !opts.detail && list.some((x) => x.access.manager) ? await this.listReach(m, list.filter((x) => x.access.manager).map((x) => x.alert.id)) : new Map();
    const out: AlertView[] = [];
    for (const { alert, access } of list) {
      const photos = photosOf.get(alert.id) ?? [];
      const expired = isAlertExpired(alert, opts.now);
      const withdrawn = alert.status === AlertStatus.Withdrawn;
      const suspectPhotosHidden = expired && photos.some((p) => p.suspect);
      let photoViews: PhotoView[] = [];
      if (opts.detail) {
        photoViews = await this.photoViews(m, photos, (p, media) =>
          access.manager ? true : media.checkStatus === 'pass' && alertPhotoVisibleToMembers(alert, p, opts.now),
        );
        if (!access.manager) photoViews = photoViews.filter((p) => p.url !== null || !withdrawn);
        if (!access.manager && withdrawn) photoViews = [];
      }
      const answers =
        opts.detail && !withdrawn
          ? (await m.find(TipEntity, { where: { alertId: alert.id, replyPublic: true }, order: { repliedAt: 'ASC' }, take: 50 })).map((t) => ({
              tipId: t.id,
              question: t.text,
              answer: t.replyText ?? '',
              answeredAt: t.repliedAt ?? t.updatedAt,
            }))
          : [];
      const reach = access.manager ? (opts.detail ? await this.reach(m, alert) : listReach.get(alert.id) ?? null) : null;
      const live = !withdrawn && !expired;
      out.push({
        alert,
        author: authors.get(alert.authorId) ?? { id: alert.authorId, nickname: '社区民警', avatarUrl: null },
        targets: names.get(alert.id) ?? [],
        photoCount: access.manager ? photos.length : withdrawn ? 0 : photos.filter((p) => alertPhotoVisibleToMembers(alert, p, opts.now)).length,
        photos: photoViews,
        suspectPhotosHidden,
        answers,
        mine: access.recipient ? { openedAt: access.recipient.openedAt, ackedAt: access.recipient.ackedAt } : null,
        reach,
        abilities: {
          acknowledge: Boolean(access.recipient) && !access.recipient!.ackedAt && !withdrawn,
          tip: Boolean(access.recipient) && !withdrawn,
          withdraw: access.manager && !withdrawn,
          remind: access.manager && live && reminderProblem(alert, opts.now) === null,
          viewReach: access.manager,
        },
      });
    }
    return out;
  }

  /** Reach counts (without delivery states) of several alerts in one query. */
  private async listReach(m: EntityManager, ids: number[]): Promise<Map<number, ReachView>> {
    const out = new Map<number, ReachView>();
    if (!ids.length) return out;
    const rows: Array<{ alert_id: number; total: number; opened: number; acked: number }> = await m.query(
      `SELECT alert_id, COUNT(*) AS total, COUNT(opened_at) AS opened, COUNT(acked_at) AS acked FROM alert_recipients WHERE alert_id IN (${marks(ids.length)}) GROUP BY alert_id`,
      ids,
    );
    const reminders = await m.find(AlertEntity, { where: { id: In(ids) }, select: ['id', 'remindersSent'] });
    const sent = new Map(reminders.map((a) => [a.id, a.remindersSent]));
    for (const id of ids) out.set(id, { recipients: 0, opened: 0, acknowledged: 0, delivery: null, remindersSent: sent.get(id) ?? 0 });
    for (const r of rows) {
      out.set(Number(r.alert_id), { recipients: Number(r.total), opened: Number(r.opened), acknowledged: Number(r.acked), delivery: null, remindersSent: sent.get(Number(r.alert_id)) ?? 0 });
    }
    return out;
  }

  /** For the media access hook: may `userId` see photo `mediaId` of an alert? */
  async mayViewAlertPhoto(auth: Caller, mediaId: number, now = new Date()): Promise<boolean> {
    const m = this.dataSource.manager;
    const photos = await m.find(AlertPhotoEntity, { where: { mediaId } });
    for (const p of photos) {
      try {
        const { alert, access } = await this.access(m, auth, p.alertId);
        if (access.manager) return true;
        const media = await m.findOne(MediaEntity, { where: { id: mediaId }, select: ['id', 'checkStatus'] });
        if (media?.checkStatus === 'pass' && alertPhotoVisibleToMembers(alert, p, now)) return true;
      } catch {
        // not this alert
      }
    }
    return false;
  }
}
