/**
 * Asking for WeChat subscription messages (WECHAT.md §4). On an ordinary account each "accept" buys ONE
 * message, so we ask at natural taps (e.g. submitting a role request) and tell the server what the user
 * answered: it counts one send credit per accept.
 *
 * Rules this file keeps:
 * - `Taro.requestSubscribeMessage` must run synchronously inside the tap handler: WeChat shows no popup
 *   once the handler has awaited anything. So `askSubscribe` never awaits before calling it, and the
 *   template ids come from a store preloaded earlier (`preloadSubscriptions`).
 * - Never ask again for a template the user rejected (or banned), nor with the main switch off
 *   (errCode 20004): explain instead, and offer `Taro.openSetting`.
 * - At most 3 templates per call. No-op in H5 (there is no such popup in a browser).
 */
import Taro from '@tarojs/taro';
import {
  MAX_TEMPLATES_PER_SUBSCRIBE_CALL,
  SUBSCRIBE_RESULTS,
  type NotificationTemplateKey,
  type SubscribeResult,
  type SubscriptionResponse,
} from '@linli/shared';
import { fetchSubscriptions, reportSubscriptions } from '../api/notifications';
import { IS_WEAPP } from '../constants/env';
import { sessionStore } from '../stores/session';
import { subscriptionStore } from '../stores/subscriptions';

export type AskOutcome =
  /** H5: nothing to ask. */
  | { kind: 'unsupported' }
  /** Template ids not loaded yet (they are being loaded for the next tap). */
  | { kind: 'not_ready' }
  /** Every template was refused before or the main switch is off: explained, settings offered. */
  | { kind: 'blocked'; keys: NotificationTemplateKey[] }
  /** The popup was answered (results per template key; also reported to the server). */
  | { kind: 'answered'; results: Partial<Record<NotificationTemplateKey, SubscribeResult>> }
  /** requestSubscribeMessage failed (20004 = main switch off, 10002/10003 = network, ...). */
  | { kind: 'failed'; errCode: number };

/** WeChat's errCode when the user turned off the subscription-message main switch. */
const MAIN_SWITCH_OFF = 20004;

/** Templates whose settings hint was already shown in this launch (not to nag on every tap). */
const explained = new Set<NotificationTemplateKey>();

/** Loads template ids and my subscription state for later taps (weapp, signed in). Safe to call often. */
export function preloadSubscriptions(): void {
  if (!IS_WEAPP || !sessionStore.isLoggedIn()) return;
  void fetchSubscriptions().catch(() => undefined);
}

/**
 * Asks for `keys` (call it synchronously at the start of a tap handler, before any await). Templates
 * the user refused are not asked again; when nothing is left to ask, a dialog explains why and offers
 * the settings page (once per launch per template, or every time with `explain: 'always'`, as the
 * subscription settings page does).
 */
export function askSubscribe(keys: NotificationTemplateKey[], opts: { explain?: 'once' | 'always' } = {}): Promise<AskOutcome> {
  if (!IS_WEAPP) return Promise.resolve({ kind: 'unsupported' });
  const list = subscriptionStore.get();
  if (!list) {
    preloadSubscriptions();
    return Promise.resolve({ kind: 'not_ready' });
  }
  const wanted = keys.map((k) => list.find((s) => s.templateKey === k)).filter((s): s is SubscriptionResponse => Boolean(s));
  const mainOff = wanted.some((s) => s.lastStatus === 'main_switch_off');
  const askable = mainOff ? [] : wanted.filter((s) => s.canAsk).slice(0, MAX_TEMPLATES_PER_SUBSCRIBE_CALL);
  if (!askable.length) {
    const blocked = wanted.filter((s) => !s.canAsk);
    if (blocked.length) explainBlocked(blocked, mainOff, opts.explain ?? 'once');
    return Promise.resolve({ kind: 'blocked', keys: blocked.map((s) => s.templateKey) });
  }
  return new Promise<AskOutcome>((resolve) => {
    // Called synchronously here, still inside the user's tap.
    Taro.requestSubscribeMessage({
      tmplIds: askable.map((s) => s.templateId),
      success(res) {
        const results: Record<string, SubscribeResult> = {};
        const byKey: Partial<Record<NotificationTemplateKey, SubscribeResult>> = {};
        for (const s of askable) {
          const r = (res as unknown as Record<string, string>)[s.templateId];
          if ((SUBSCRIBE_RESULTS as readonly string[]).includes(r)) {
            results[s.templateId] = r as SubscribeResult;
            byKey[s.templateKey] = r as SubscribeResult;
          }
        }
        if (Object.keys(results).length) void reportSubscriptions({ results }).catch(() => undefined);
        resolve({ kind: 'answered', results: byKey });
      },
      fail(err) {
        const errCode = Number((err as { errCode?: number }).errCode ?? 0);
        if (errCode === MAIN_SWITCH_OFF) {
          void reportSubscriptions({ results: {}, mainSwitch: false }).catch(() => undefined);
          explainBlocked(askable, true, 'always');
        }
        resolve({ kind: 'failed', errCode });
      },
    } as Taro.requestSubscribeMessage.Option);
  });
}

/** Why no popup appears, with a way to the settings page (where the user can allow messages again). */
function explainBlocked(items: SubscriptionResponse[], mainOff: boolean, mode: 'once' | 'always'): void {
  if (mode === 'once' && items.every((s) => explained.has(s.templateKey))) return;
  items.forEach((s) => explained.add(s.templateKey));
  const titles = items.map((s) => `「${s.title}」`).join('、');
  const content = mainOff
    ? '您已关闭微信的“订阅消息”总开关，微信不会再弹出订阅提示，我们也无法通过微信提醒您。消息仍会保存在“我的 - 消息”中。如需接收微信提醒，请在设置中打开“订阅消息”。'
    : `您之前拒绝了${titles}，微信不会再弹出订阅提示。消息仍会保存在“我的 - 消息”中。如需接收微信提醒，请在设置的“订阅消息”中允许。`;
  void Taro.showModal({
    title: '消息提醒未开启',
    content,
    confirmText: '去设置',
    cancelText: '暂不',
    success(res) {
      if (res.confirm) openSubscriptionSettings(items);
    },
  });
}

/**
 * Opens the mini-program's settings page (from a dialog's confirm: a user action). On return, a main
 * switch turned back on is reported, and templates no longer refused there may be asked again.
 */
export function openSubscriptionSettings(items: SubscriptionResponse[] = []): void {
  void Taro.openSetting({
    withSubscriptions: true,
    success(res) {
      const setting = (res as { subscriptionsSetting?: { mainSwitch?: boolean; itemSettings?: Record<string, string> } }).subscriptionsSetting;
      if (!setting?.mainSwitch) return;
      const list = subscriptionStore.get();
      if (list) {
        // WeChat lists only the templates with a remembered choice; the others will show the popup again.
        const stillRefused = (id: string) => ['reject', 'ban'].includes(setting.itemSettings?.[id] ?? '');
        subscriptionStore.set(
          list.map((s) =>
            items.some((i) => i.templateKey === s.templateKey) && !stillRefused(s.templateId) ? { ...s, canAsk: true, lastStatus: null, lastStatusLabel: null } : s,
          ),
        );
      }
      // Templates unlocked above stay askable in this launch, whatever the server still remembers.
      const unlocked = new Set((subscriptionStore.get() ?? []).filter((s) => s.canAsk).map((s) => s.templateKey));
      void reportSubscriptions({ results: {}, mainSwitch: true })
        .then((fresh) => subscriptionStore.set(fresh.map((s) => (unlocked.has(s.templateKey) ? { ...s, canAsk: true } : s))))
        .catch(() => undefined);
    },
  });
}
