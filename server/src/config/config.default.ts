import { existsSync } from 'fs';
import { join } from 'path';
import type { MidwayConfig } from '@midwayjs/core';
import { buildDataSourceOptions } from '../common/db/datasource-options';
import { loadEnv, localSecret } from './env';
import { notificationConfigFromEnv, type NotificationConfig } from '../modules/notification/notification.env';

const env = loadEnv();

/** Linli's own settings, read through `@Config('linli')`. */
export interface LinliConfig {
  dbKind: 'mysql' | 'sqljs';
  demoMode: boolean;
  /** Seed Pukou and the demo accounts at start-up (npm start); tests seed what they need. */
  seedDemoOnStart: boolean;
  /** Write the built-in category catalogue into an empty catalogue at start-up (production too); tests seed their own. */
  seedCatalogueOnStart?: boolean;
  sessionTtlHours: number;
  /** AES-256 key (hex) for phone numbers at rest. */
  phoneKey: string;
  wechat: {
    appId: string;
    secret: string;
    baseUrl: string;
    timeoutMs: number;
    /** Message-push token (WECHAT_PUSH_TOKEN); unset: the push endpoint answers 403 to everything. */
    pushToken?: string;
  };
  /** Content checks: image verdict timeout and how often overdue checks are swept (0 = no timer). */
  moderation: { mediaVerdictTimeoutMinutes: number; sweepIntervalSeconds: number };
  /** Login rate limit per IP per minute (WeChat itself allows 100/min per user). */
  loginRateLimit: { points: number; durationSeconds: number };
  /** Notifications: template ids, delivery worker (modules/notification). */
  notifications: NotificationConfig;
  redisUrl?: string;
  h5Dir: string;
  trustProxy: boolean;
  media: MediaConfig;
}

/** Photo uploads: storage, link signing, limits (modules/media). */
export interface MediaConfig {
  storage: 'local' | 's3';
  /** Local storage folder (MEDIA_DIR, default DATA_DIR/media). */
  localDir: string;
  s3: { endpoint?: string; region: string; bucket: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  /** HMAC-SHA256 key of signed local links. */
  signingKey: string;
  /** Origin for absolute links given to outside services (WeChat downloads photos to check them). */
  publicBaseUrl: string;
  /** Uploads per user per window. */
  uploadRateLimit: { points: number; durationSeconds: number };
  /** Lifetime of the link handed to the content check (WeChat answers within 30 minutes). */
  checkUrlSeconds: number;
}

/**
 * Defaults for every environment, from process.env (validated once by env.ts). The `local` config
 * (used by `npm start`) turns demo mode on; `prod` refuses to start without real secrets.
 */
export default (): MidwayConfig & { linli: LinliConfig } => {
  const db = buildDataSourceOptions({
    databaseUrl: env.DATABASE_URL,
    sqljsFile: join(env.DATA_DIR, 'linli.sqlite'),
  });
  if (env.MEDIA_STORAGE === 's3' && !env.S3_BUCKET) throw new Error('Invalid environment:\n  S3_BUCKET: required when MEDIA_STORAGE=s3');
  return {
    keys: localSecret(env.DATA_DIR, 'cookieKeys', 16),
    koa: { port: env.PORT, proxy: env.TRUST_PROXY },
    // Linli authenticates with bearer tokens; Midway's cookie session middleware would only cost time.
    session: { enable: false },
    bodyParser: { jsonLimit: '12mb', formLimit: '1mb', textLimit: '1mb' },
    // allowExecuteMigrations: without it @midwayjs/typeorm silently drops the migrations list.
    typeorm: { allowExecuteMigrations: true, dataSource: { default: db as any } },
    midwayLogger: { default: { level: env.LOG_LEVEL, consoleLevel: env.LOG_LEVEL } },
    linli: {
      dbKind: db.kind,
      demoMode: env.DEMO_MODE ?? false,
      seedDemoOnStart: false,
      seedCatalogueOnStart: true,
      sessionTtlHours: env.SESSION_TTL_HOURS,
      phoneKey: env.PHONE_ENC_KEY ?? localSecret(env.DATA_DIR, 'phoneKey'),
      wechat: {
        appId: env.WECHAT_APPID ?? 'wx-linli-dev',
        secret: env.WECHAT_SECRET ?? 'dev-secret',
        baseUrl: env.WECHAT_API_BASE,
        timeoutMs: 5000,
        pushToken: env.WECHAT_PUSH_TOKEN,
      },
      moderation: { mediaVerdictTimeoutMinutes: 30, sweepIntervalSeconds: 60 },
      loginRateLimit: { points: 30, durationSeconds: 60 },
      notifications: notificationConfigFromEnv(env, 5000),
      redisUrl: env.REDIS_URL,
      h5Dir: env.H5_DIR,
      trustProxy: env.TRUST_PROXY,
      media: {
        storage: env.MEDIA_STORAGE,
        localDir: env.MEDIA_DIR ?? join(env.DATA_DIR, 'media'),
        s3: {
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          bucket: env.S3_BUCKET ?? '',
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
        },
        signingKey: env.MEDIA_SIGNING_KEY ?? localSecret(env.DATA_DIR, 'mediaSigningKey'),
        publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ''),
        uploadRateLimit: { points: 30, durationSeconds: 60 },
        checkUrlSeconds: 3600,
      },
    },
  };
};
