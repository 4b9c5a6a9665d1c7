import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  ErrorCode,
  NOTIFICATION_TEMPLATE_KEYS,
  NotificationTemplateKey,
  ReportSubscriptionsInput,
  SubscriptionStatus,
} from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError } from '../../common/errors/app.error';
import { UserEntity } from '../user/user.entity';
import { NotificationSubscriptionEntity } from './notification.entity';
import { dbTime, execute, kindOf } from './notification.db';

/** The two WeChat push events about subscriptions. */
export type SubscribeEventName = 'subscribe_msg_popup_event' | 'subscribe_msg_change_event';

/** One entry of a subscription push event's `List` (an object for one item, an array for several). */
export interface SubscribeEventItem {
  TemplateId: string;
  SubscribeStatusString: string;
}

/** A template with the user's credits, as the presenter takes it. */
export interface SubscriptionView {
  templateKey: NotificationTemplateKey;
  templateId: string;
  credits: number;
  lastStatus: SubscriptionStatus | null;
}

/** How long an accept from one source (client or push) waits to be matched by the other source. */
const MATCH_WINDOW_MS = 10 * 60_000;

/**
 * Send credits per (user, template). WeChat's one-time subscription messages allow one send per
 * "accept" of the popup: +1 per accept, -1 per send, 0 on errcode 43101 or when the user turns the
 * template off in settings (subscribe_msg_change_event reject). Rejects, bans and the main switch are
 * remembered so the client stops asking and offers the settings page instead.
 *
 * The same accept may reach us twice, from the client's report and from WeChat's popup push; the
 * second report of one tap matches the first instead of adding a credit (see `unmatched_*`).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SubscriptionService {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Logger()
  logger: ILogger;

  /** WeChat template id per template key (from configuration). */
  templateIds(): Record<NotificationTemplateKey, string> {
    return this.config.notifications.templateIds;
  }

  /** The template key of a WeChat template id, or null for an id that is not ours. */
  keyOfTemplateId(templateId: string): NotificationTemplateKey | null {
    const ids = this.templateIds();
    return NOTIFICATION_TEMPLATE_KEYS.find((k) => ids[k] === templateId) ?? null;
  }

  /** Every template with the user's credits and last answer (templates never answered: 0, null). */
  async list(userId: number, m: EntityManager = this.dataSource.manager): Promise<SubscriptionView[]> {
    const rows = await m.find(NotificationSubscriptionEntity, { where: { userId } });
    const byKey = new Map(rows.map((r) => [r.templateKey, r]));
    const ids = this.templateIds();
    return NOTIFICATION_TEMPLATE_KEYS.map((key) => ({
      templateKey: key,
      templateId: ids[key],
      credits: byKey.get(key)?.credits ?? 0,
      lastStatus: byKey.get(key)?.lastStatus ?? null,
    }));
  }

  /**
   * Records what `wx.requestSubscribeMessage` answered: +1 credit per accept (unless WeChat's push
   * already counted that tap), reject/ban remembered, filtered ignored. `mainSwitch: false` (errCode
   * 20004) marks every template main_switch_off; `true` clears that mark.
   * @throws AppError VALIDATION_FAILED when a template id is not one of ours (nothing is written).
   */
  async report(userId: number, input: ReportSubscriptionsInput): Promise<SubscriptionView[]> {
    const entries = Object.entries(input.results);
    const unknown = entries.filter(([id]) => !this.keyOfTemplateId(id));
    if (unknown.length) {
      const fields = Object.fromEntries(unknown.map(([id]) => [`results.${id}`, '未知的消息模板']));
      throw new AppError(ErrorCode.ValidationFailed, { message: `${Object.keys(fields)[0]}: 未知的消息模板`, fields });
    }
    return this.tx.run(async (m) => {
      const now = new Date();
      if (input.mainSwitch === false) {
        await this.ensureRows(m, userId, NOTIFICATION_TEMPLATE_KEYS);
        await m.update(NotificationSubscriptionEntity, { userId }, { lastStatus: 'main_switch_off' });
      } else if (input.mainSwitch === true) {
        await m.update(NotificationSubscriptionEntity, { userId, lastStatus: 'main_switch_off' }, { lastStatus: null });
      }
      for (const [id, result] of entries) {
        const key = this.keyOfTemplateId(id)!;
        if (result === 'accept') await this.accept(m, userId, key, 'client', now);
        else if (result === 'reject' || result === 'ban') await this.setStatus(m, userId, key, result, false);
      }
      return this.list(userId, m);
    });
  }

  /**
   * Applies WeChat's subscription push events for the user with `openid` (called by the message-push
   * endpoint). `subscribe_msg_popup_event`: accept -> +1 credit (unless the client already reported that
   * tap), reject -> remembered. `subscribe_msg_change_event` (the user changed the settings page):
   * reject -> credits 0 and status reject; accept -> status accept (it grants no send by itself).
   * Unknown openids and template ids are ignored (logged): WeChat must still get "success".
   * @returns how many items changed something.
   */
  async applySubscribeEvents(openid: string, event: SubscribeEventName, items: SubscribeEventItem[]): Promise<{ applied: number }> {
    const user = openid ? await this.dataSource.manager.findOne(UserEntity, { where: { openid, deletedAt: IsNull() }, select: ['id'] }) : null;
    if (!user) {
      this.logger.warn('[notification] %s for an unknown openid ignored', event);
      return { applied: 0 };
    }
    const list = Array.isArray(items) ? items : items ? [items as SubscribeEventItem] : [];
    return this.tx.run(async (m) => {
      const now = new Date();
      let applied = 0;
      for (const item of list) {
        const key = this.keyOfTemplateId(String(item?.TemplateId ?? ''));
        const status = String(item?.SubscribeStatusString ?? '');
        if (!key) {
          this.logger.warn('[notification] %s for unknown template %s ignored', event, item?.TemplateId);
          continue;
        }
        if (event === 'subscribe_msg_popup_event') {
          if (status === 'accept') await this.accept(m, user.id, key, 'event', now);
          else if (status === 'reject') await this.setStatus(m, user.id, key, 'reject', false);
          else continue;
        } else if (event === 'subscribe_msg_change_event') {
          if (status === 'reject') await this.setStatus(m, user.id, key, 'reject', true);
          else if (status === 'accept') await this.setStatus(m, user.id, key, 'accept', false);
          else continue;
        } else {
          continue;
        }
        applied += 1;
      }
      return { applied };
    });
  }

  /** Spends one credit if there is one (a conditional UPDATE: credits never go below 0). */
  async spendCredit(m: EntityManager, userId: number, key: NotificationTemplateKey): Promise<boolean> {
    const n = await execute(m, 'UPDATE notification_subscriptions SET credits = credits - 1 WHERE user_id = ? AND template_key = ? AND credits > 0', [userId, key]);
    return n === 1;
  }

  /** Gives back a credit spent on a send that WeChat did not carry out. */
  async refundCredit(m: EntityManager, userId: number, key: NotificationTemplateKey): Promise<void> {
    await execute(m, 'UPDATE notification_subscriptions SET credits = credits + 1 WHERE user_id = ? AND template_key = ?', [userId, key]);
  }

  /** WeChat says there is no subscription left (43101): our count was wrong, it is 0. */
  async zeroCredits(m: EntityManager, userId: number, key: NotificationTemplateKey): Promise<void> {
    await execute(m, 'UPDATE notification_subscriptions SET credits = 0 WHERE user_id = ? AND template_key = ?', [userId, key]);
  }

  /** Creates missing (user, template) rows with 0 credits; existing rows are left alone. */
  private async ensureRows(m: EntityManager, userId: number, keys: readonly NotificationTemplateKey[]): Promise<void> {
    const values = keys.map(() => '(?, ?, 0, 0)').join(', ');
    const params = keys.flatMap((k) => [userId, k]);
    const head = 'INSERT INTO notification_subscriptions (user_id, template_key, credits, unmatched_count) VALUES ' + values;
    await m.query(kindOf(m) === 'mysql' ? `${head} ON DUPLICATE KEY UPDATE id = id` : `${head} ON CONFLICT(user_id, template_key) DO NOTHING`, params);
  }

  /** The (user, template) row, created when missing and locked for this transaction on MySQL. */
  private async lockedRow(m: EntityManager, userId: number, key: NotificationTemplateKey): Promise<NotificationSubscriptionEntity> {
    await this.ensureRows(m, userId, [key]);
    const qb = m.createQueryBuilder(NotificationSubscriptionEntity, 's').where('s.user_id = :userId AND s.template_key = :key', { userId, key });
    if (kindOf(m) === 'mysql') qb.setLock('pessimistic_write');
    return qb.getOneOrFail();
  }

  /** One accept from `source`: +1 credit, unless it is the other source's report of the same tap. */
  private async accept(m: EntityManager, userId: number, key: NotificationTemplateKey, source: 'client' | 'event', now: Date): Promise<void> {
    const row = await this.lockedRow(m, userId, key);
    const fresh = row.unmatchedSource && row.unmatchedCount > 0 && row.unmatchedAt && now.getTime() - new Date(row.unmatchedAt).getTime() < MATCH_WINDOW_MS;
    const k = kindOf(m);
    if (fresh && row.unmatchedSource !== source) {
      const left = row.unmatchedCount - 1;
      await execute(m, 'UPDATE notification_subscriptions SET last_status = ?, unmatched_count = ?, unmatched_source = ? WHERE id = ?', [
        'accept',
        left,
        left > 0 ? row.unmatchedSource : null,
        row.id,
      ]);
      return;
    }
    const count = fresh ? row.unmatchedCount + 1 : 1;
    await execute(m, 'UPDATE notification_subscriptions SET credits = credits + 1, last_status = ?, unmatched_source = ?, unmatched_count = ?, unmatched_at = ?, updated_at = ? WHERE id = ?', [
      'accept',
      source,
      count,
      dbTime(k, now),
      dbTime(k, now),
      row.id,
    ]);
  }

  private async setStatus(m: EntityManager, userId: number, key: NotificationTemplateKey, status: SubscriptionStatus, zero: boolean): Promise<void> {
    await this.ensureRows(m, userId, [key]);
    await m.update(NotificationSubscriptionEntity, { userId, templateKey: key }, zero ? { lastStatus: status, credits: 0 } : { lastStatus: status });
  }
}
