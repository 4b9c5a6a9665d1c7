import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { insideAnyUnit } from '../../common/db/unit-scope';
import {
  CreateContentReportInput,
  ErrorCode,
  ModerationAction,
  ModerationActionInput,
  ModerationLimits,
  ModerationQueueQuery,
  ModerationSource,
  ModerationStatus,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { MediaService } from '../media/media.service';
import { MediaEntity } from '../media/media.entity';
import { TicketEntity } from '../ticket/ticket.entities';
import { UserEntity } from '../user/user.entity';
import { HIDDEN_NICKNAME, HOLDING_SOURCES } from './content-check.service';
import { ContentReportEntity } from './content-report.entity';
import { ModerationItemEntity } from './moderation-item.entity';
import { canModerate, isOwnContent, moderatedPaths, moderatorRoleFor } from './moderation.policy';
import { loadNicknames, loadUnitNamesByPath, ownerUnitPath } from './moderation.repository';
import type { ModerationItemView } from './moderation.presenter';

/** Most items the queue returns at once. */
const QUEUE_LIMIT = 200;

/**
 * User reports (举报) and the moderators' queue. Hide/restore are optimistic-locked (the item's
 * version) and audited in the same transaction; they also close the item's open reports.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ModerationService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  media: MediaService;

  /**
   * Files a report on a piece of content. It joins the content's pending item, or opens one (source
   * user_report; the content stays visible until a person decides).
   * @throws AppError RATE_LIMITED (more than 10 reports an hour), NOT_FOUND (no such content),
   *   FORBIDDEN (own content), CONTENT_REPORT_OPEN (this user's earlier report is still open).
   */
  async report(auth: AuthState, input: CreateContentReportInput): Promise<ContentReportEntity> {
    await this.rateLimit.consume('content_report', String(auth.userId), ModerationLimits.reportsPerHour, 3600);
    const targetId = String(input.targetId);
    return this.tx.run(async (m) => {
      const target = await this.loadTarget(m, input.targetType, input.targetId);
      if (!target) throw notFound();
      if (isOwnContent(auth.userId, target.ownerId)) throw forbidden('不能举报自己的内容');
      const open = await m.exists(ContentReportEntity, {
        where: { reporterId: auth.userId, targetType: input.targetType, targetId, openKey: 1 },
      });
      if (open) throw new AppError(ErrorCode.ContentReportOpen);

      let item = await m.findOne(ModerationItemEntity, {
        where: { contentType: input.targetType, targetId, status: ModerationStatus.Pending },
        order: { id: 'DESC' },
      });
      if (!item) {
        item = await m.save(
          m.create(ModerationItemEntity, {
            contentType: input.targetType,
            targetId,
            ownerId: target.ownerId,
            unitPath: target.unitPath,
            excerpt: target.excerpt,
            mediaId: input.targetType === 'media' ? input.targetId : null,
            source: ModerationSource.UserReport,
            status: ModerationStatus.Pending,
            reason: null,
            traceId: null,
            suggest: null,
            label: null,
            reportCount: 0,
            reviewerId: null,
            reviewedAt: null,
          }),
        );
      }
      await m
        .createQueryBuilder()
        .update(ModerationItemEntity)
        .set({ reportCount: () => 'report_count + 1' })
        .where('id = :id', { id: item.id })
        .execute();
      try {
        return await m.save(
          m.create(ContentReportEntity, {
            reporterId: auth.userId,
            targetType: input.targetType,
            targetId,
            reason: input.reason,
            note: input.note ? input.note : null,
            itemId: item.id,
            status: 'open',
            openKey: 1,
            closedAt: null,
          }),
        );
      } catch (err) {
        // Two reports by the same user at the same moment: the unique index lets one through.
        if (/duplicate|unique/i.test(String((err as Error).message))) throw new AppError(ErrorCode.ContentReportOpen);
        throw err;
      }
    });
  }

  /**
   * Items inside the caller's admin/police units (items without a unit go to top-level moderators),
   * pending first, then newest first.
   */
  async queue(auth: AuthState, query: ModerationQueueQuery): Promise<ModerationItemView[]> {
    const paths = moderatedPaths(auth.grants);
    if (!paths.length) throw forbidden();
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(ModerationItemEntity, 'i').where(
      insideAnyUnit('i.unit_path', paths, (b) => {
        if (canModerate(auth.grants, '/')) b.orWhere("i.unit_path = '/'");
      }),
    );
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    const items = await qb
      .orderBy(`CASE WHEN i.status = 'pending' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('i.id', 'DESC')
      .limit(QUEUE_LIMIT)
      .getMany();
    return this.views(m, items);
  }

  /**
   * Hides or restores (publishes) an item, with the reason, in one transaction with its effect on the
   * content, the closing of open reports and an audit row. A stale `version` or an item already in the
   * target state answers 409: of two moderators acting at once exactly one wins.
   * @throws AppError NOT_FOUND (missing or outside the caller's units), CONFLICT.
   */
  async act(auth: AuthState, id: number, action: ModerationAction, input: ModerationActionInput): Promise<ModerationItemView> {
    const view = await this.tx.run(async (m) => {
      const item = await m.findOne(ModerationItemEntity, { where: { id } });
      if (!item || !canModerate(auth.grants, item.unitPath)) throw notFound();
      const target = action === ModerationAction.Hide ? ModerationStatus.Hidden : ModerationStatus.Published;
      if (input.version !== undefined && input.version !== item.version) throw new AppError(ErrorCode.Conflict);
      if (item.status === target) throw new AppError(ErrorCode.Conflict, { message: target === ModerationStatus.Hidden ? '该内容已被隐藏' : '该内容已公开' });
      const now = new Date();
      const r = await m
        .createQueryBuilder()
        .update(ModerationItemEntity)
        .set({ status: target, reason: input.reason, reviewerId: auth.userId, reviewedAt: now, reportCount: 0 })
        .where('id = :id AND version = :version', { id, version: item.version })
        .execute();
      if (!r.affected) throw new AppError(ErrorCode.Conflict);
      await m.update(ContentReportEntity, { itemId: id, status: 'open' }, { status: 'closed', openKey: null, closedAt: now });
      const effect = await this.applyEffect(m, item, target, input.reason);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: moderatorRoleFor(auth.grants, item.unitPath),
        unitPath: item.unitPath,
        action: `moderation.${action}`,
        targetType: 'moderation_item',
        targetId: id,
        before: { status: item.status, source: item.source, contentType: item.contentType, targetId: item.targetId },
        after: { status: target, reason: input.reason, ...effect },
      });
      const [v] = await this.views(m, [await m.findOneOrFail(ModerationItemEntity, { where: { id } })]);
      return v;
    });
    return view;
  }

  /**
   * What hiding or publishing does to the content itself: an image's check status (only `pass` is shown
   * to others; a hidden one becomes `risky`), a nickname's public value.
   */
  private async applyEffect(m: EntityManager, item: ModerationItemEntity, target: ModerationStatus, reason: string): Promise<Record<string, unknown>> {
    if (item.mediaId !== null) {
      const status = target === ModerationStatus.Hidden ? 'risky' : 'pass';
      const exists = await m.exists(MediaEntity, { where: { id: item.mediaId } });
      if (exists) await this.media.setCheckStatus(item.mediaId, status, `moderator: ${reason}`, m);
      return exists ? { mediaCheckStatus: status } : {};
    }
    if (item.contentType === 'ticket') {
      // A held report description stays off the public board and duplicate offers until published.
      const held = target !== ModerationStatus.Published;
      const res = await m.update(TicketEntity, { id: Number(item.targetId) }, { textHeld: held });
      return res.affected ? { ticketTextHeld: held } : {};
    }
    if (item.contentType !== 'nickname' || !item.excerpt) return {};
    const user = await m.findOne(UserEntity, { where: { id: Number(item.targetId), deletedAt: IsNull() }, select: ['id', 'nickname'] });
    if (!user) return {};
    const wasHeld = item.status === ModerationStatus.Pending && HOLDING_SOURCES.includes(item.source);
    if (target === ModerationStatus.Published && (wasHeld || user.nickname === HIDDEN_NICKNAME)) {
      await m.update(UserEntity, { id: user.id }, { nickname: item.excerpt });
      return { nickname: item.excerpt };
    }
    if (target === ModerationStatus.Hidden && user.nickname === item.excerpt) {
      await m.update(UserEntity, { id: user.id }, { nickname: HIDDEN_NICKNAME });
      return { nickname: HIDDEN_NICKNAME };
    }
    return {};
  }

  /** The reported content: its owner, unit and text, or null when it does not exist (or is gone). */
  private async loadTarget(m: EntityManager, type: string, id: number): Promise<{ ownerId: number | null; unitPath: string; excerpt: string | null } | null> {
    if (type === 'nickname') {
      const user = await m.findOne(UserEntity, { where: { id, deletedAt: IsNull() }, select: ['id', 'nickname'] });
      return user ? { ownerId: user.id, unitPath: await ownerUnitPath(m, user.id), excerpt: user.nickname } : null;
    }
    if (type === 'media') {
      const owner = await m.findOne(MediaEntity, { where: { id }, select: ['id', 'ownerId'] });
      if (!owner) return null;
      return { ownerId: owner.ownerId, unitPath: await ownerUnitPath(m, owner.ownerId), excerpt: null };
    }
    return null;
  }

  /** A short-lived thumbnail link for moderators; null when the media module cannot give one. */
  private async thumbnailUrl(mediaId: number): Promise<string | null> {
    try {
      return await this.media.moderatorThumbUrl(mediaId);
    } catch {
      return null;
    }
  }

  private async views(m: EntityManager, items: ModerationItemEntity[]): Promise<ModerationItemView[]> {
    const names = await loadNicknames(m, items.flatMap((i) => [i.ownerId, i.reviewerId]));
    const units = await loadUnitNamesByPath(m, items.map((i) => i.unitPath));
    const out: ModerationItemView[] = [];
    for (const item of items) {
      out.push({
        item,
        ownerNickname: item.ownerId !== null ? names.get(item.ownerId) ?? null : null,
        reviewerNickname: item.reviewerId !== null ? names.get(item.reviewerId) ?? null : null,
        unitName: units.get(item.unitPath) ?? null,
        thumbnailUrl: item.mediaId !== null ? await this.thumbnailUrl(item.mediaId) : null,
      });
    }
    return out;
  }
}
