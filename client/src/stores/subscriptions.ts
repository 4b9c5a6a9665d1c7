import type { NotificationTemplateKey, SubscriptionResponse } from '@linli/shared';

/**
 * Templates with their WeChat ids and my subscription state, preloaded from
 * GET /api/notifications/subscriptions. `askSubscribe` reads it synchronously inside a tap handler:
 * WeChat only shows the subscription popup when `requestSubscribeMessage` is called in the tap itself,
 * before any await, so the ids must already be here. In memory only (per launch).
 */
let list: SubscriptionResponse[] | null = null;
const listeners = new Set<(v: SubscriptionResponse[] | null) => void>();

export const subscriptionStore = {
  get: (): SubscriptionResponse[] | null => list,
  byKey(key: NotificationTemplateKey): SubscriptionResponse | undefined {
    return list?.find((s) => s.templateKey === key);
  },
  set(next: SubscriptionResponse[] | null): void {
    list = next;
    listeners.forEach((l) => l(next));
  },
  subscribe(listener: (v: SubscriptionResponse[] | null) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
