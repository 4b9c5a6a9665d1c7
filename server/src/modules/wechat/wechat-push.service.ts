import { createHash, timingSafeEqual } from 'crypto';
import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { ContentSuggest } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { ContentCheckService } from '../moderation/content-check.service';
import { SubscribeEventItem, SubscriptionService } from '../notification/subscription.service';


type PushBody = Record<string, unknown>;

/** WeChat's push signature: sha1 of [token, timestamp, nonce] sorted and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/**
 * WeChat's List is an object when it holds one item and an array when it holds several (and absent
 * when empty); the JSON push nests it under SubscribeMsgPopupEvent / SubscribeMsgChangeEvent. Returns
 * the well-formed items as an array.
 */
export function normaliseSubscribeList(body: PushBody): SubscribeEventItem[] {
  const container = (body.SubscribeMsgPopupEvent ?? body.SubscribeMsgChangeEvent ?? body.SubscribeMsgSentEvent) as { List?: unknown } | undefined;
  const raw = container?.List ?? body.List;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return list
    .filter((i): i is Record<string, unknown> => Boolean(i) && typeof i === 'object')
    .filter((i) => typeof i.TemplateId === 'string' && typeof i.SubscribeStatusString === 'string')
    .map((i) => ({ TemplateId: String(i.TemplateId), SubscribeStatusString: String(i.SubscribeStatusString) }));
}

/**
 * WeChat's message push (消息推送, JSON mode, plain-text security mode): signature verification and
 * the dispatch of the events Linli uses. Unknown events are logged and acknowledged.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WechatPushService {
  @Config('linli')
  config: LinliConfig;

  @Logger()
  logger: ILogger;

  @Inject()
  contentCheck: ContentCheckService;

  @Inject()
  subscriptions: SubscriptionService;

  /**
   * Does `signature` match sha1(sort(token, timestamp, nonce))? Compared in constant time. Without a
   * configured WECHAT_PUSH_TOKEN nothing verifies.
   */
  verify(q: { signature?: string; timestamp?: string; nonce?: string }): boolean {
    const token = this.config.wechat.pushToken;
    if (!token || !q.signature || !q.timestamp || !q.nonce) return false;
    const expected = Buffer.from(pushSignature(token, q.timestamp, q.nonce), 'utf8');
    const given = Buffer.from(q.signature.toLowerCase(), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * Handles one verified push. Never throws: WeChat only needs 'success', and a failure here is
   * logged (an image whose verdict was lost goes to manual review after the timeout anyway).
   */
  async dispatch(body: PushBody): Promise<void> {
    const event = typeof body.Event === 'string' ? body.Event : null;
    try {
      switch (event) {
        case 'wxa_media_check': {
          const traceId = typeof body.trace_id === 'string' ? body.trace_id : '';
          const result = (body.result ?? {}) as { suggest?: string; label?: number };
          const suggest = result.suggest;
          if (!traceId || (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky')) {
            this.logger.warn('[wechat-push] wxa_media_check without trace_id or result.suggest ignored');
            return;
          }
          await this.contentCheck.applyMediaVerdict(traceId, { suggest: suggest as ContentSuggest, label: Number.isFinite(Number(result.label)) ? Number(result.label) : null });
          return;
        }
        case 'subscribe_msg_popup_event':
        case 'subscribe_msg_change_event': {
          const openid = typeof body.FromUserName === 'string' ? body.FromUserName : '';
          const items = normaliseSubscribeList(body);
          if (!openid || !items.length) {
            this.logger.warn('[wechat-push] %s without openid or items ignored', event);
            return;
          }
          await this.subscriptions.applySubscribeEvents(openid, event, items);
          return;
        }
        default:
          this.logger.info('[wechat-push] event %s acknowledged, not handled', event ?? String(body.MsgType ?? 'unknown'));
      }
    } catch (err) {
      this.logger.error('[wechat-push] %s failed: %s', event, (err as Error).stack ?? err);
    }
  }
}
