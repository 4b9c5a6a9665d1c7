import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AlertLimits,
  AlertStatus,
  ContentScene,
  CreateTipInput,
  ErrorCode,
  GroupMemberStatus,
  isStationOfficer,
  MediaPurpose,
  NotificationTemplateKey,
  PointsRule,
  ReplyTipInput,
  Role,
  stationPathOf,
  TipActionInput,
  TipKind,
  TipListQuery,
  TipToTicketInput,
  TipStatus,
  unitPathsFor,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { ContentCheckService } from '../moderation/content-check.service';
import { DeliveryQueue } from '../notification/notification.queue';
import { NotificationService } from '../notification/notification.service';
import { PointsService } from '../points/points.service';
import { AlertEntity, AlertTargetEntity } from './alert.entity';
import { loadGroups, loadUsers, officerGroupIds, UserRef } from './alert.repository';
import { AlertService, Caller, PhotoView } from './alert.service';
import { GroupEntity, GroupMemberEntity } from './group.entity';
import { TipTicketBridge } from './tip-ticket.bridge';
import { TipEntity, TipPhotoEntity } from './tip.entity';

export interface TipView {
  tip: TipEntity;
  group: { id: number; name: string };
  alert: { id: number; title: string } | null;
  author: UserRef | null;
  photos: PhotoView[];
  replyOfficer: string | null;
  usefulBy: string | null;
  abilities: { markUseful: boolean; toTicket: boolean; reply: boolean };
}

/**
 * Private tips (线索) and questions (提问) from members to the officers of the group's station (the street's
 * police: every police grant on the street or inside it). Officers mark tips useful (points to the author
 * through the ledger, once), turn them into tickets (the tickets module), or answer them; an answer to a
 * question about an alert may be published on the alert for every member. Every officer action is audited.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TipService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  alerts: AlertService;

  @Inject()
  contentCheck: ContentCheckService;

  @Inject()
  notifications: NotificationService;

  @Inject()
  queue: DeliveryQueue;

  @Inject()
  points: PointsService;

  @Inject()
  tickets: TipTicketBridge;

  @Inject()
  rateLimit: RateLimitService;

  @Logger()
  logger: ILogger;

  /**
   * Sends a tip or question about an alert the caller received, or to a group they are an active member
   * of. Text goes through WeChat's check: risky is refused; held text is kept and flagged for the officers
   * (who moderate, and are the only readers). A retry with the same clientKey returns the first tip.
   * @throws AppError RATE_LIMITED, NOT_FOUND (no such alert/group for the caller), ALERT_WITHDRAWN,
   *   VALIDATION_FAILED (photos), CONTENT_RISKY.
   */
  async create(auth: AuthState, input: CreateTipInput): Promise<{ view: TipView; created: boolean }> {
    const m0 = this.dataSource.manager;
    if (input.clientKey) {
      const existing = await m0.findOne(TipEntity, { where: { authorId: auth.userId, clientKey: input.clientKey } });
      if (existing) return { view: await this.view(auth, existing.id), created: false };
    }
    await this.rateLimit.consume('tip', String(auth.userId), AlertLimits.tipsPerHour, 3600);
    const { group, alert } = await this.source(m0, auth, input);
    await this.alerts.assertPhotos(m0, auth.userId, MediaPurpose.Tip, input.photoIds, 'photoIds');
    const check = await this.contentCheck.checkText({ userId: auth.userId, text: [input.text, input.place?.name].filter(Boolean).join('\n'), scene: ContentScene.Comment });
    const textCheck = check.outcome === 'hold' ? 'review' : check.source ? 'unchecked' : 'pass';
    let id: number;
    try {
      id = await this.tx.run(async (m) => {
        const tip = await m.save(
          m.create(TipEntity, {
            groupId: group.id,
            alertId: alert?.id ?? null,
            authorId: auth.userId,
            kind: input.kind,
            text: input.text,
            placeName: input.place?.name ?? null,
            placeLat: input.place?.lat ?? null,
            placeLng: input.place?.lng ?? null,
            stationPath: group.stationPath,
            status: TipStatus.New,
            textCheck,
            replyText: null,
            replyPublic: false,
            repliedBy: null,
            repliedAt: null,
            usefulBy: null,
            usefulAt: null,
            pointsAwarded: false,
            ticketId: null,
            ticketNumber: null,
            ticketedBy: null,
            ticketedAt: null,
            clientKey: input.clientKey ?? null,
          }),
        );
        if (input.photoIds.length) await m.insert(TipPhotoEntity, input.photoIds.map((mediaId, position) => ({ tipId: tip.id, mediaId, position })));
        await this.audit.record(m, {
          actorId: auth.userId,
          actorRole: Role.Resident,
          unitPath: group.unitPath,
          action: input.kind === TipKind.Question ? 'tip.ask' : 'tip.create',
          targetType: 'tip',
          targetId: tip.id,
          after: { groupId: group.id, alertId: alert?.id ?? null, photos: input.photoIds.length, textCheck },
        });
        return tip.id;
      });
    } catch (e) {
      if (input.clientKey && /duplicate|unique/i.test(String((e as Error).message))) {
        const winner = await m0.findOne(TipEntity, { where: { authorId: auth.userId, clientKey: input.clientKey } });
        if (winner) return { view: await this.view(auth, winner.id), created: false };
      }
      throw e;
    }
    return { view: await this.view(auth, id), created: true };
  }

  /** The caller's own tips and questions, newest first. */
  async mine(auth: AuthState, query: TipListQuery): Promise<{ items: TipView[]; nextCursor: string | null }> {
    const m = this.dataSource.manager;
    const limit = query.limit ?? AlertLimits.feedPageSize;
    const qb = m.createQueryBuilder(TipEntity, 't').where('t.author_id = :me', { me: auth.userId });
    if (query.groupId) qb.andWhere('t.group_id = :groupId', { groupId: query.groupId });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.cursor) qb.andWhere('t.id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('t.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return { items: await this.views(m, auth, page, false), nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
  }

  /**
   * Tips of the groups of the caller's stations (community police only), newest first.
   * @throws AppError FORBIDDEN for anyone without the police role.
   */
  async station(auth: AuthState, query: TipListQuery): Promise<{ items: TipView[]; nextCursor: string | null }> {
    const stations = [...new Set(unitPathsFor(auth.grants, Role.CommunityPolice).map((p) => stationPathOf(p)).filter((p): p is string => p !== null))];
    if (!stations.length) throw forbidden('只有社区民警可以查看线索');
    const m = this.dataSource.manager;
    const limit = query.limit ?? AlertLimits.feedPageSize;
    const qb = m.createQueryBuilder(TipEntity, 't').where('t.station_path IN (:...stations)', { stations });
    if (query.groupId) qb.andWhere('t.group_id = :groupId', { groupId: query.groupId });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.cursor) qb.andWhere('t.id < :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('t.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.filter((t) => isStationOfficer(auth.grants, t.stationPath)).slice(0, limit);
    return { items: await this.views(m, auth, page, false), nextCursor: rows.length > limit ? String(rows[limit - 1].id) : null };
  }

  /**
   * One tip, for its author or an officer of its station.
   * @throws AppError NOT_FOUND for anyone else.
   */
  async detail(auth: AuthState, id: number): Promise<TipView> {
    return this.view(auth, id);
  }

  /**
   * Marks a tip useful: points to its author through the ledger (rule tip_useful, idempotency key
   * `tip:<id>:useful`, inside the same transaction), a message to the author, an audit row. Once only.
   * @throws AppError NOT_FOUND, FORBIDDEN (the author), TIP_ALREADY_HANDLED.
   */
  async markUseful(auth: AuthState, id: number, input: TipActionInput): Promise<TipView> {
    await this.tx.run(async (m) => {
      const tip = await this.officerTip(m, auth, id);
      if (tip.usefulAt) throw new AppError(ErrorCode.TipAlreadyHandled, { message: '该线索已被采纳' });
      const now = new Date();
      const won = await m
        .createQueryBuilder()
        .update(TipEntity)
        .set({ usefulAt: now, usefulBy: auth.userId, status: tip.ticketId ? TipStatus.Ticketed : TipStatus.Useful, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND useful_at IS NULL', { id, version: tip.version })
        .execute();
      if (!won.affected) throw new AppError(ErrorCode.TipAlreadyHandled, { message: '该线索已被采纳' });
      const group = (await loadGroups(m, [tip.groupId])).get(tip.groupId)!;
      const award = await this.points.award(m, {
        userId: tip.authorId,
        rule: PointsRule.TipUseful,
        unitPath: group.unitPath,
        ref: { type: 'tip', id: String(tip.id) },
        idempotencyKey: `tip:${tip.id}:useful`,
        note: input.note,
      });
      await m.update(TipEntity, { id }, { pointsAwarded: award !== null });
      await this.notifications.notify(
        [tip.authorId],
        NotificationTemplateKey.TipAnswered,
        { topic: tip.text, reply: award ? `您的线索已被采纳，积分+${award.amount}` : '您的线索已被采纳，感谢您的协助', officer: '社区民警', time: now },
        `${tip.id}&useful=1`,
        m,
      );
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.CommunityPolice,
        unitPath: group.unitPath,
        action: 'tip.mark_useful',
        targetType: 'tip',
        targetId: id,
        before: { status: tip.status },
        after: { points: award?.amount ?? 0, note: input.note ?? null },
      });
    });
    this.queue.wake();
    return this.view(auth, id);
  }

  /**
   * Turns a tip into a ticket of the command centre through the tickets module, once (category 治安线索 by
   * default; the tip's place, or the one the officer picks).
   * @throws AppError NOT_FOUND, FORBIDDEN, TIP_ALREADY_HANDLED, VALIDATION_FAILED (no place, category),
   *   OUTSIDE_JURISDICTION.
   */
  async toTicket(auth: AuthState, id: number, input: TipToTicketInput): Promise<TipView> {
    await this.tx.run(async (m) => {
      const tip = await this.officerTip(m, auth, id);
      if (tip.ticketId) throw new AppError(ErrorCode.TipAlreadyHandled, { message: '该线索已转为工单' });
      const group = (await loadGroups(m, [tip.groupId])).get(tip.groupId)!;
      const photos = await m.find(TipPhotoEntity, { where: { tipId: id }, order: { position: 'ASC' } });
      const ticket = await this.tickets.createFromTip(m, { tip, group, officerId: auth.userId, photoIds: photos.map((p) => p.mediaId), request: input });
      const now = new Date();
      const won = await m
        .createQueryBuilder()
        .update(TipEntity)
        .set({ ticketId: String(ticket.id), ticketNumber: ticket.number, ticketedAt: now, ticketedBy: auth.userId, status: TipStatus.Ticketed, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND ticket_id IS NULL', { id, version: tip.version })
        .execute();
      if (!won.affected) throw new AppError(ErrorCode.TipAlreadyHandled, { message: '该线索已转为工单' });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.CommunityPolice,
        unitPath: group.unitPath,
        action: 'tip.to_ticket',
        targetType: 'tip',
        targetId: id,
        before: { status: tip.status },
        after: { ticketId: String(ticket.id), ticketNumber: ticket.number },
      });
    });
    return this.view(auth, id);
  }

  /**
   * Answers a tip or question (the author is told through tip_answered). `publish` puts a question and its
   * answer on the alert for every member, without the asker's name; only questions about an alert can be
   * published, and the answer then passes the text check like an alert.
   * @throws AppError NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (publish not possible), CONTENT_RISKY, ALERT_TEXT_HELD.
   */
  async reply(auth: AuthState, id: number, input: ReplyTipInput): Promise<TipView> {
    const pre = await this.officerTip(this.dataSource.manager, auth, id);
    if (input.publish && (pre.kind !== TipKind.Question || pre.alertId === null)) {
      throw new AppError(ErrorCode.ValidationFailed, { message: 'publish: 只有针对警情的提问可以公开回答', fields: { publish: '只有针对警情的提问可以公开回答' } });
    }
    if (input.publish && pre.textCheck !== 'pass') {
      throw new AppError(ErrorCode.ValidationFailed, { message: 'publish: 该提问未通过微信内容检测，不能公开', fields: { publish: '该提问未通过微信内容检测，不能公开' } });
    }
    if (input.publish) {
      const check = await this.contentCheck.checkText({ userId: auth.userId, text: input.text, scene: ContentScene.Forum });
      if (check.outcome === 'hold') throw new AppError(ErrorCode.AlertTextHeld, { message: '回答需要人工复核，未公开，请修改措辞后重试' });
    }
    await this.tx.run(async (m) => {
      const tip = await this.officerTip(m, auth, id);
      const now = new Date();
      const status = tip.status === TipStatus.New ? TipStatus.Replied : tip.status;
      await m
        .createQueryBuilder()
        .update(TipEntity)
        .set({ replyText: input.text, replyPublic: input.publish, repliedBy: auth.userId, repliedAt: now, status, version: () => 'version + 1' })
        .where('id = :id', { id })
        .execute();
      const group = (await loadGroups(m, [tip.groupId])).get(tip.groupId)!;
      await this.notifications.notify(
        [tip.authorId],
        NotificationTemplateKey.TipAnswered,
        { topic: tip.text, reply: input.text, officer: '社区民警', time: now },
        `${tip.id}&reply=${tip.version}`,
        m,
      );
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.CommunityPolice,
        unitPath: group.unitPath,
        action: 'tip.reply',
        targetType: 'tip',
        targetId: id,
        before: { replied: tip.replyText !== null, public: tip.replyPublic },
        after: { public: input.publish },
      });
    });
    this.queue.wake();
    return this.view(auth, id);
  }

  /** For the media access hook: may the caller see photo `mediaId` of a tip? (Officers of its station.) */
  async mayViewTipPhoto(auth: Caller, mediaId: number): Promise<boolean> {
    const rows = await this.dataSource.manager.find(TipPhotoEntity, { where: { mediaId } });
    if (!rows.length) return false;
    const tips = await this.dataSource.manager.find(TipEntity, { where: { id: In(rows.map((r) => r.tipId)) }, select: ['id', 'stationPath', 'authorId'] });
    return tips.some((t) => t.authorId === auth.userId || isStationOfficer(auth.grants, t.stationPath));
  }

  /** The group and alert a new tip belongs to, for the caller. */
  private async source(m: EntityManager, auth: AuthState, input: CreateTipInput): Promise<{ group: GroupEntity; alert: AlertEntity | null }> {
    if (input.alertId !== undefined) {
      const { alert, access } = await this.alerts.access(m, auth, input.alertId);
      if (!access.recipient) throw notFound();
      if (alert.status === AlertStatus.Withdrawn) throw new AppError(ErrorCode.AlertWithdrawn);
      // The caller's group among the alert's: a targeted group, or one of the author's for area targets.
      const targets = await m.find(AlertTargetEntity, { where: { alertId: alert.id } });
      const candidates = targets.filter((t) => t.groupId !== null).map((t) => t.groupId!);
      if (targets.some((t) => t.kind === 'area')) candidates.push(...(await officerGroupIds(m, alert.authorId)));
      if (input.groupId !== undefined && !candidates.includes(input.groupId)) throw notFound();
      const wanted = input.groupId !== undefined ? [input.groupId] : candidates;
      const membership = wanted.length
        ? await m.findOne(GroupMemberEntity, { where: { userId: auth.userId, groupId: In(wanted), status: GroupMemberStatus.Active }, order: { id: 'ASC' } })
        : null;
      // A recipient who has left every group since still answers to the first targeted group.
      const groupId = membership?.groupId ?? wanted[0];
      const group = groupId !== undefined ? await m.findOne(GroupEntity, { where: { id: groupId } }) : null;
      if (!group) throw notFound();
      return { group, alert };
    }
    const membership = await m.findOne(GroupMemberEntity, { where: { userId: auth.userId, groupId: input.groupId!, status: GroupMemberStatus.Active } });
    const group = membership ? await m.findOne(GroupEntity, { where: { id: input.groupId! } }) : null;
    if (!group) throw notFound();
    return { group, alert: null };
  }

  /** A tip an officer of its station acts on; NOT_FOUND for strangers, FORBIDDEN for its author. */
  private async officerTip(m: EntityManager, auth: AuthState, id: number): Promise<TipEntity> {
    const tip = await m.findOne(TipEntity, { where: { id } });
    if (!tip) throw notFound();
    if (isStationOfficer(auth.grants, tip.stationPath)) return tip;
    if (tip.authorId === auth.userId) throw forbidden('只有派出所民警可以处理线索');
    throw notFound();
  }

  private async view(auth: AuthState, id: number): Promise<TipView> {
    const m = this.dataSource.manager;
    const tip = await m.findOne(TipEntity, { where: { id } });
    if (!tip || (tip.authorId !== auth.userId && !isStationOfficer(auth.grants, tip.stationPath))) throw notFound();
    const [v] = await this.views(m, auth, [tip], true);
    return v;
  }

  private async views(m: EntityManager, auth: AuthState, tips: TipEntity[], detail: boolean): Promise<TipView[]> {
    if (!tips.length) return [];
    const [groups, alerts, users, photoRows] = await Promise.all([
      loadGroups(m, tips.map((t) => t.groupId)),
      m.find(AlertEntity, { where: { id: In(tips.map((t) => t.alertId ?? 0)) }, select: ['id', 'title'] }),
      loadUsers(m, tips.flatMap((t) => [t.authorId, t.repliedBy, t.usefulBy])),
      detail ? m.find(TipPhotoEntity, { where: { tipId: In(tips.map((t) => t.id)) }, order: { position: 'ASC' } }) : Promise.resolve([] as TipPhotoEntity[]),
    ]);
    const alertTitles = new Map(alerts.map((a) => [a.id, a.title]));
    const out: TipView[] = [];
    for (const tip of tips) {
      const officer = isStationOfficer(auth.grants, tip.stationPath);
      const photos = detail
        ? await this.alerts.photoViews(
            m,
            photoRows.filter((p) => p.tipId === tip.id).map((p) => ({ mediaId: p.mediaId, suspect: false })),
            () => true,
          )
        : [];
      const group = groups.get(tip.groupId);
      out.push({
        tip,
        group: { id: tip.groupId, name: group?.name ?? '' },
        alert: tip.alertId !== null ? { id: tip.alertId, title: alertTitles.get(tip.alertId) ?? '' } : null,
        author: users.get(tip.authorId) ?? null,
        photos,
        replyOfficer: tip.repliedBy ? users.get(tip.repliedBy)?.nickname ?? '社区民警' : null,
        usefulBy: tip.usefulBy ? users.get(tip.usefulBy)?.nickname ?? '社区民警' : null,
        abilities: { markUseful: officer && !tip.usefulAt, toTicket: officer && !tip.ticketId && this.tickets.available(), reply: officer },
      });
    }
    return out;
  }
}
