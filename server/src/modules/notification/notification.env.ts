import { NOTIFICATION_TEMPLATE_KEYS, NotificationTemplateKey } from '@linli/shared';
import { z } from 'zod';

/**
 * Environment variables of the notification module (merged into config/env.ts, validated with the rest):
 * - `WECHAT_TEMPLATE_IDS`: a JSON object `{ "<template key>": "<WeChat template id>" }`;
 * - `WECHAT_TEMPLATE_ID_<KEY>` (e.g. `WECHAT_TEMPLATE_ID_TICKET_FILED`): one id, wins over the JSON;
 * - `NOTIFICATIONS_WORKER`: run the in-process delivery worker (default on, off in tests);
 * - `WECHAT_MINIPROGRAM_STATE`: `miniprogram_state` of sent messages (developer | trial | formal).
 */
export const templateIdEnvName = (key: NotificationTemplateKey) => `WECHAT_TEMPLATE_ID_${key.toUpperCase()}`;

const templateId = z.string().trim().min(1).max(64);

const templateIdsJson = z.string().transform((s, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'WECHAT_TEMPLATE_IDS must be a JSON object' });
    return z.NEVER;
  }
  const r = z.record(z.enum(NOTIFICATION_TEMPLATE_KEYS as [NotificationTemplateKey, ...NotificationTemplateKey[]]), templateId).safeParse(parsed);
  if (!r.success) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `WECHAT_TEMPLATE_IDS: keys must be template keys (${NOTIFICATION_TEMPLATE_KEYS.join(', ')}) and values ids of 1-64 characters` });
    return z.NEVER;
  }
  return r.data as Partial<Record<NotificationTemplateKey, string>>;
});

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const notificationEnvShape = {
  WECHAT_TEMPLATE_IDS: templateIdsJson.optional(),
  ...Object.fromEntries(NOTIFICATION_TEMPLATE_KEYS.map((k) => [templateIdEnvName(k), templateId.optional()])),
  NOTIFICATIONS_WORKER: bool.optional(),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
} as {
  WECHAT_TEMPLATE_IDS: z.ZodOptional<typeof templateIdsJson>;
  NOTIFICATIONS_WORKER: z.ZodOptional<typeof bool>;
  WECHAT_MINIPROGRAM_STATE: z.ZodDefault<z.ZodEnum<['developer', 'trial', 'formal']>>;
};

/**
 * The WeChat template id of every template: the per-key variable, else the JSON object's entry, else a
 * development default `tpl-<key>` (what the fake WeChat server accepts).
 */
export function resolveTemplateIds(env: Record<string, unknown>): Record<NotificationTemplateKey, string> {
  const json = (env.WECHAT_TEMPLATE_IDS ?? {}) as Partial<Record<NotificationTemplateKey, string>>;
  const out = {} as Record<NotificationTemplateKey, string>;
  for (const key of NOTIFICATION_TEMPLATE_KEYS) {
    const perKey = env[templateIdEnvName(key)];
    out[key] = (typeof perKey === 'string' && perKey) || json[key] || `tpl-${key}`;
  }
  return out;
}

/** Settings of the notification module (`linli.notifications`). */
export interface NotificationConfig {
  /** Start the in-process delivery worker with the app (off in unit tests: they drive it). */
  workerEnabled: boolean;
  /** WeChat template id per template key. */
  templateIds: Record<NotificationTemplateKey, string>;
  /** `miniprogram_state` of sent messages: which build the message opens. */
  miniprogramState: 'developer' | 'trial' | 'formal';
  lang: 'zh_CN';
  /** How often the poller looks for due deliveries when idle. */
  pollIntervalMs: number;
  /** Deliveries claimed per round. */
  batchSize: number;
  /** Sends in flight at once per worker. */
  concurrency: number;
  /** Attempts before a transient failure becomes final `error`. */
  maxAttempts: number;
  /** First retry delay; doubled per attempt (plus jitter). */
  backoffBaseMs: number;
  /** How long a claimed, not yet started delivery stays reserved for its worker. */
  claimLeaseMs: number;
  /** How long a send may take before the delivery counts as interrupted (the worker died). */
  sendLeaseMs: number;
}

/** The notification settings for the environment `env` (already validated by config/env.ts). */
export function notificationConfigFromEnv(env: Record<string, unknown>, wechatTimeoutMs: number): NotificationConfig {
  return {
    workerEnabled: env.NOTIFICATIONS_WORKER === undefined ? true : Boolean(env.NOTIFICATIONS_WORKER),
    templateIds: resolveTemplateIds(env),
    miniprogramState: (env.WECHAT_MINIPROGRAM_STATE as NotificationConfig['miniprogramState']) ?? 'formal',
    lang: 'zh_CN',
    pollIntervalMs: 1000,
    batchSize: 200,
    concurrency: 16,
    maxAttempts: 5,
    backoffBaseMs: 30_000,
    claimLeaseMs: 60_000,
    // callWithToken may refresh the token and retry -1 twice: several timeouts, plus a margin.
    sendLeaseMs: wechatTimeoutMs * 6 + 30_000,
  };
}
