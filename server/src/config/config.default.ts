import { existsSync } from 'fs';
import { join } from 'path';
import type { MidwayConfig } from '@midwayjs/core';
import { buildDataSourceOptions } from '../common/db/datasource-options';
import { loadEnv, localSecret } from './env';

const env = loadEnv();

/** Linli's own settings, read through `@Config('linli')`. */
export interface LinliConfig {
  dbKind: 'mysql' | 'sqljs';
  demoMode: boolean;
  /** Seed Pukou and the demo accounts at start-up (npm start); tests seed what they need. */
  seedDemoOnStart: boolean;
  sessionTtlHours: number;
  /** AES-256 key (hex) for phone numbers at rest. */
  phoneKey: string;
  wechat: { appId: string; secret: string; baseUrl: string; timeoutMs: number };
  /** Login rate limit per IP per minute (WeChat itself allows 100/min per user). */
  loginRateLimit: { points: number; durationSeconds: number };
  redisUrl?: string;
  h5Dir: string;
  trustProxy: boolean;
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
      sessionTtlHours: env.SESSION_TTL_HOURS,
      phoneKey: env.PHONE_ENC_KEY ?? localSecret(env.DATA_DIR, 'phoneKey'),
      wechat: {
        appId: env.WECHAT_APPID ?? 'wx-linli-dev',
        secret: env.WECHAT_SECRET ?? 'dev-secret',
        baseUrl: env.WECHAT_API_BASE,
        timeoutMs: 5000,
      },
      loginRateLimit: { points: 30, durationSeconds: 60 },
      redisUrl: env.REDIS_URL,
      h5Dir: env.H5_DIR,
      trustProxy: env.TRUST_PROXY,
    },
  };
};
