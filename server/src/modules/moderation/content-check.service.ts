import { Config, Destroy, ILogger, Inject, Init, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThan, Not } from 'typeorm';
import {
  ContentScene,
  ContentSuggest,
  ErrorCode,
  ModerationContentType,
  ModerationSource,
  ModerationStatus,
} from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { AppError } from '../../common/errors/app.error';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { insertRow } from '../../common/db/sql-rows';
import { UserEntity } from '../user/user.entity';
import { WechatClient } from '../wechat/wechat.client';
import { WechatError } from '../wechat/wechat.error';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { MediaEventMap, mediaEvents } from '../media/media.events';
import { ContentCheckEntity } from './content-check.entity';
import { findBlockedTerm } from './local-blocklist';
import { ModerationItemEntity } from './moderation-item.entity';
import { ownerUnitPath } from './moderation.repository';

/** What a text check decided. `hold`: keep it unpublished until a person approves it. */
export interface TextCheckResult {
  outcome: 'publish' | 'hold';
  /** Why a person should look at it (held, or published without WeChat's check); null for a clean pass. */
  source: ModerationSource | null;
  suggest: ContentSuggest | null;
  label: number | null;
  traceId: string | null;
  /** The content_checks row kept for audit. */
  checkId: number;
}

/** Sources under which content is held (not shown) while pending. A user report leaves it visible. */
export const HOLDING_SOURCES: readonly ModerationSource[] = [
  ModerationSource.MachineReview,
  ModerationSource.Timeout,
  ModerationSource.Unchecked,
];

/** What a hidden nickname is replaced with in public. */
export const HIDDEN_NICKNAME = '昵称已隐藏';

type Scene = 1 | 2 | 3 | 4;

/**
 * WeChat content checks for user content.
 *
 * Text (`checkText`): authors with an openid go through msg_sec_check: pass -> publish, review (or
 * 61010, or WeChat unreachable) -> hold for a person, risky -> CONTENT_RISKY. Authors without an openid
 * (H5 demo accounts) cannot be checked by WeChat: a small local blocklist refuses the obvious, the rest
 * is published with a moderation item marked 未经微信检测 for a person to look at afterwards.
 *
 * Images: every `uploaded` media event starts media_check_async with the owner's openid (no openid or a
 * WeChat failure -> manual review at once); the verdict arrives at the push endpoint
 * (`applyMediaVerdict`); `sweepOverdue` sends checks with no verdict after 30 minutes to manual review.
 * Trace id, suggest and label are kept on content_checks and on the moderation item.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ContentCheckService {
  @Config('linli')
  config: LinliConfig;

  @Logger()
  logger: ILogger;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  wechat: WechatClient;

  @Inject()
  media: MediaService;

  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  @Init()
  init() {
    this.unsubscribe = mediaEvents.on('uploaded', (e) => this.onMediaUploaded(e));
    const every = this.config.moderation?.sweepIntervalSeconds ?? 0;
    if (every > 0) {
      this.timer = setInterval(() => {
        this.sweepOverdue(new Date()).catch((err: Error) => this.logger.error('[moderation] sweep failed: %s', err.stack ?? err));
      }, every * 1000);
      this.timer.unref?.();
    }
  }

  @Destroy()
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /**
   * Checks text the user wants to publish (see the class comment for the rules). Records a
   * content_checks row (without the text) in every case.
   * A caller that has already read the (live) user and knows where the content belongs passes `user`
   * and `unitPath` and saves those queries.
   * @throws AppError CONTENT_RISKY (422, `data.label`) when WeChat or the local blocklist rejects it.
   */
  async checkText(input: { userId: number; text: string; scene: Scene; user?: { id: number; openid: string | null }; unitPath?: string }): Promise<TextCheckResult> {
    const m = this.dataSource.manager;
    const user = input.user ?? (await m.findOne(UserEntity, { where: { id: input.userId, deletedAt: IsNull() }, select: ['id', 'openid'] }));
    if (!user) throw new AppError(ErrorCode.NotFound);
    const unitPath = input.unitPath ?? (await ownerUnitPath(m, user.id));
    const base = { kind: 'text' as const, userId: user.id, scene: input.scene, unitPath, mediaId: null, completedAt: new Date() };

    if (!user.openid) {
      const term = findBlockedTerm(input.text);
      if (term) {
        await m.insert(ContentCheckEntity, { ...base, status: 'unchecked', traceId: null, suggest: 'risky', label: null, note: 'local blocklist' });
        throw risky(null);
      }
      const checkId = await insertRow(m, ContentCheckEntity, { ...base, status: 'unchecked', traceId: null, suggest: null, label: null, note: 'no openid' });
      return { outcome: 'publish', source: ModerationSource.Unchecked, suggest: null, label: null, traceId: null, checkId };
    }

    let verdict: { suggest: ContentSuggest; label: number; traceId: string | null; note: string | null };
    try {
      const r = await this.wechat.msgSecCheck({ openid: user.openid, content: input.text, scene: input.scene });
      verdict = { suggest: r.suggest, label: r.label, traceId: r.traceId, note: r.notVisited ? '61010 user not visited' : null };
    } catch (e) {
      // WeChat unreachable: fail closed (hold for a person) rather than publish unchecked text.
      const note = e instanceof WechatError ? `wechat ${e.errcode ?? e.kind}` : 'wechat error';
      this.logger.warn('[moderation] msg_sec_check failed (%s): holding for review', note);
      const checkId = await insertRow(m, ContentCheckEntity, { ...base, status: 'unchecked', traceId: null, suggest: null, label: null, note });
      return { outcome: 'hold', source: ModerationSource.Unchecked, suggest: null, label: null, traceId: null, checkId };
    }
    const checkId = await insertRow(m, ContentCheckEntity, { ...base, status: 'done', traceId: verdict.traceId, suggest: verdict.suggest, label: verdict.label, note: verdict.note });
    if (verdict.suggest === 'risky') throw risky(verdict.label);
    const held = verdict.suggest === 'review';
    return {
      outcome: held ? 'hold' : 'publish',
      source: held ? ModerationSource.MachineReview : null,
      suggest: verdict.suggest,
      label: verdict.label,
      traceId: verdict.traceId,
      checkId,
    };
  }

  /**
   * Records what a text check means for a piece of content, inside the caller's transaction: a held
   * text becomes a pending item; a text published without WeChat's check becomes a published item (for
   * a look afterwards); a clean pass records nothing. Older pending items for the same content are
   * superseded (closed as hidden) so an old held version can never be approved over a newer one.
   * @returns the item written, or null.
   */
  async recordTextOutcome(
    m: EntityManager,
    input: { contentType: ModerationContentType; targetId: string | number; ownerId: number; text: string; check: TextCheckResult; unitPath?: string },
  ): Promise<ModerationItemEntity | null> {
    const targetId = String(input.targetId);
    // Read the superseded items first (a plain read takes no gap lock), then update them by primary key.
    // An UPDATE by (content_type, target_id) that matches nothing — always the case for a new ticket —
    // gap-locks the end of the index, and two reports at once then deadlock on their INSERTs below.
    const superseded = await m.find(ModerationItemEntity, {
      where: { contentType: input.contentType, targetId, status: ModerationStatus.Pending, source: Not(ModerationSource.UserReport) },
      select: ['id'],
    });
    if (superseded.length) {
      await m.update(ModerationItemEntity, { id: In(superseded.map((r) => r.id)) }, { status: ModerationStatus.Hidden, reason: '已被新的内容取代' });
    }
    if (!input.check.source) return null;
    return m.save(
      m.create(ModerationItemEntity, {
        contentType: input.contentType,
        targetId,
        ownerId: input.ownerId,
        unitPath: input.unitPath ?? (await ownerUnitPath(m, input.ownerId)),
        excerpt: input.text.slice(0, 500),
        mediaId: null,
        source: input.check.source,
        status: input.check.outcome === 'hold' ? ModerationStatus.Pending : ModerationStatus.Published,
        reason: null,
        traceId: input.check.traceId,
        suggest: input.check.suggest,
        label: input.check.label,
        reportCount: 0,
        reviewerId: null,
        reviewedAt: null,
      }),
    );
  }

  /**
   * Nickname change: checks the text and, in one transaction, publishes it or holds it (the old
   * nickname stays public until a moderator approves the new one).
   * @returns 'published' or 'held'.
   * @throws AppError CONTENT_RISKY.
   */
  async changeNickname(userId: number, nickname: string): Promise<'published' | 'held'> {
    const check = await this.checkText({ userId, text: nickname, scene: ContentScene.Profile });
    return this.tx.run(async (m) => {
      if (check.outcome === 'publish') await m.update(UserEntity, { id: userId, deletedAt: IsNull() }, { nickname });
      await this.recordTextOutcome(m, { contentType: 'nickname', targetId: userId, ownerId: userId, text: nickname, check });
      return check.outcome === 'publish' ? 'published' : 'held';
    });
  }

  /**
   * Starts WeChat's check of a freshly uploaded image. Owners without an openid, or a failing WeChat,
   * send the image to manual review at once. Never throws (it runs from an event).
   */
  async onMediaUploaded(event: MediaEventMap['uploaded']): Promise<void> {
    try {
      const m = this.dataSource.manager;
      const owner = await m.findOne(UserEntity, { where: { id: event.ownerId }, select: ['id', 'openid'] });
      const unitPath = await ownerUnitPath(m, owner?.id ?? null);
      const scene = ContentScene.Comment;
      let note: string;
      if (owner?.openid) {
        try {
          const traceId = await this.wechat.mediaCheckAsync({ mediaUrl: event.signedUrl, openid: owner.openid, scene });
          await m.insert(ContentCheckEntity, {
            kind: 'media', userId: owner.id, scene, traceId, mediaId: event.mediaId, unitPath,
            status: 'waiting', suggest: null, label: null, note: null, completedAt: null,
          });
          return;
        } catch (e) {
          note = e instanceof WechatError ? `wechat ${e.errcode ?? e.kind}` : 'wechat error';
          this.logger.warn('[moderation] media_check_async for media %d failed (%s): manual review', event.mediaId, note);
        }
      } else {
        note = 'no openid';
      }
      await this.tx.run(async (mm) => {
        await mm.insert(ContentCheckEntity, {
          kind: 'media', userId: owner?.id ?? null, scene, traceId: null, mediaId: event.mediaId, unitPath,
          status: 'unchecked', suggest: null, label: null, note, completedAt: new Date(),
        });
        await this.holdMedia(mm, { mediaId: event.mediaId, ownerId: owner?.id ?? null, unitPath, source: ModerationSource.Unchecked, traceId: null, suggest: null, label: null });
        await this.setMediaStatus(mm, event.mediaId, 'review', `unchecked: ${note}`);
      });
    } catch (err) {
      this.logger.error('[moderation] media %d: could not start its check: %s', event.mediaId, (err as Error).stack ?? err);
    }
  }

  /**
   * Applies a `wxa_media_check` verdict: pass -> the image is public; review -> held with a pending
   * item; risky -> hidden with an item a moderator may reverse. A repeated push changes nothing; a
   * verdict arriving after the timeout is only recorded (a person already has the item).
   * @returns false when the trace id is unknown.
   */
  async applyMediaVerdict(traceId: string, result: { suggest: ContentSuggest; label: number | null }): Promise<boolean> {
    const outcome = await this.tx.run(async (m) => {
      const check = await m.findOne(ContentCheckEntity, { where: { traceId, kind: 'media' } });
      if (!check || check.mediaId === null) return null;
      if (check.status !== 'waiting') {
        if (check.status === 'timeout' && check.suggest === null) {
          await m.update(ContentCheckEntity, { id: check.id }, { suggest: result.suggest, label: result.label, note: 'verdict after timeout' });
          await m.update(ModerationItemEntity, { traceId, status: ModerationStatus.Pending }, { suggest: result.suggest, label: result.label });
        }
        return { mediaId: check.mediaId };
      }
      const done = await m.update(
        ContentCheckEntity,
        { id: check.id, status: 'waiting' },
        { status: 'done', suggest: result.suggest, label: result.label, completedAt: new Date() },
      );
      if (!done.affected) return { mediaId: check.mediaId };
      if (result.suggest !== 'pass') {
        await this.holdMedia(m, {
          mediaId: check.mediaId,
          ownerId: check.userId,
          unitPath: check.unitPath,
          source: result.suggest === 'risky' ? ModerationSource.MachineRisky : ModerationSource.MachineReview,
          traceId,
          suggest: result.suggest,
          label: result.label,
        });
      }
      await this.setMediaStatus(m, check.mediaId, result.suggest, checkDetail(traceId, result.suggest, result.label));
      return { mediaId: check.mediaId };
    });
    if (!outcome) {
      this.logger.warn('[moderation] media verdict for unknown trace id %s ignored', traceId);
      return false;
    }
    return true;
  }

  /**
   * Sends image checks still waiting for a verdict after the timeout (30 minutes) to manual review.
   * Run by a timer in the app; tests call it with a chosen `now`.
   * @returns how many checks timed out.
   */
  async sweepOverdue(now: Date): Promise<number> {
    const minutes = this.config.moderation?.mediaVerdictTimeoutMinutes ?? 30;
    const cutoff = new Date(now.getTime() - minutes * 60_000);
    const overdue = await this.dataSource.manager.find(ContentCheckEntity, {
      where: { kind: 'media', status: 'waiting', createdAt: LessThan(cutoff) },
      order: { id: 'ASC' },
      take: 200,
    });
    let count = 0;
    for (const check of overdue) {
      const moved = await this.tx.run(async (m) => {
        const r = await m.update(ContentCheckEntity, { id: check.id, status: 'waiting' }, { status: 'timeout', completedAt: now, note: 'no verdict in time' });
        if (!r.affected || check.mediaId === null) return false;
        await this.holdMedia(m, {
          mediaId: check.mediaId, ownerId: check.userId, unitPath: check.unitPath, source: ModerationSource.Timeout,
          traceId: check.traceId, suggest: null, label: null,
        });
        await this.setMediaStatus(m, check.mediaId, 'review', `timeout: no verdict for trace_id=${check.traceId ?? '-'}`);
        return true;
      });
      if (moved) count++;
    }
    if (count) this.logger.info('[moderation] %d image check(s) without a verdict went to manual review', count);
    return count;
  }

  /** The media module's check status, in our transaction; a photo deleted meanwhile is skipped. */
  private async setMediaStatus(m: EntityManager, mediaId: number, status: ContentSuggest, detail: string): Promise<void> {
    if (await m.exists(MediaEntity, { where: { id: mediaId } })) await this.media.setCheckStatus(mediaId, status, detail, m);
  }

  private async holdMedia(
    m: EntityManager,
    v: { mediaId: number; ownerId: number | null; unitPath: string; source: ModerationSource; traceId: string | null; suggest: ContentSuggest | null; label: number | null },
  ): Promise<ModerationItemEntity> {
    return m.save(
      m.create(ModerationItemEntity, {
        contentType: 'media',
        targetId: String(v.mediaId),
        ownerId: v.ownerId,
        unitPath: v.unitPath,
        excerpt: null,
        mediaId: v.mediaId,
        source: v.source,
        // Risky images are hidden at once; the others wait for a person.
        status: v.source === ModerationSource.MachineRisky ? ModerationStatus.Hidden : ModerationStatus.Pending,
        reason: null,
        traceId: v.traceId,
        suggest: v.suggest,
        label: v.label,
        reportCount: 0,
        reviewerId: null,
        reviewedAt: null,
      }),
    );
  }
}

/** What the media row keeps of the check (its `check_detail`). */
function checkDetail(traceId: string, suggest: ContentSuggest, label: number | null): string {
  return `trace_id=${traceId}; suggest=${suggest}; label=${label ?? '-'}`;
}

function risky(label: number | null): AppError {
  return new AppError(ErrorCode.ContentRisky, { data: { label } });
}
