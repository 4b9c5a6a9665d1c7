import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { z } from 'zod';
import { notificationEnvShape } from '../modules/notification/notification.env';

/** The repository root (server/src/config -> ../../..; server/dist/config -> ../../..). */
export const REPO_ROOT = resolve(__dirname, '../../..');

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(7001),
  /** mysql://user:pass@host:port/db; when absent the embedded sql.js database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\//, 'DATABASE_URL must start with mysql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Where the embedded database file and local secrets live. */
  DATA_DIR: z.string().default(join(REPO_ROOT, 'data')),
  /** Demo sign-in and demo data; never on in production. */
  DEMO_MODE: bool.optional(),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url('WECHAT_API_BASE must be a URL').default('https://api.weixin.qq.com'),
  /** Token set in the mini-program's 消息推送 settings; the push endpoint refuses everything without it. */
  WECHAT_PUSH_TOKEN: z.string().min(3, 'WECHAT_PUSH_TOKEN must be 3-32 characters').max(32, 'WECHAT_PUSH_TOKEN must be 3-32 characters').optional(),
  /** 64 hex characters (AES-256 key) for phone numbers at rest. */
  PHONE_ENC_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'PHONE_ENC_KEY must be 64 hex characters')
    .optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(168),
  REDIS_URL: z.string().optional(),
  /** Notifications: WECHAT_TEMPLATE_IDS, WECHAT_TEMPLATE_ID_<KEY>, NOTIFICATIONS_WORKER, WECHAT_MINIPROGRAM_STATE. */
  ...notificationEnvShape,
  H5_DIR: z.string().default(join(REPO_ROOT, 'client/dist/h5')),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  TRUST_PROXY: bool.default('0'),
  /** Where uploaded photos go: `local` (MEDIA_DIR) or `s3` (any S3-compatible service: AWS, MinIO, Tencent COS). */
  MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Local photo storage folder; default DATA_DIR/media. */
  MEDIA_DIR: z.string().optional(),
  /** HMAC key for signed photo links (local storage), at least 32 characters; generated into DATA_DIR when unset. */
  MEDIA_SIGNING_KEY: z.string().min(32, 'MEDIA_SIGNING_KEY must be at least 32 characters').optional(),
  /** This server's public origin, for absolute links handed to outside services (WeChat's image check). */
  PUBLIC_BASE_URL: z.string().url('PUBLIC_BASE_URL must be a URL').default('http://localhost:7001'),
  S3_ENDPOINT: z.string().url('S3_ENDPOINT must be a URL').optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style bucket URLs (MinIO and most self-hosted S3 servers need it). */
  S3_FORCE_PATH_STYLE: bool.default('0'),
});

export type Env = z.infer<typeof envSchema>;

/**
 * Reads and checks the environment once. On a bad value the process exits with the full list of
 * problems rather than failing later somewhere deep.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}

/**
 * Secrets for local and demo runs: generated once and kept in DATA_DIR/secrets.json (git-ignored), so
 * nobody commits a key and a restart keeps old phone numbers readable. Production must set them.
 */
export function localSecret(dataDir: string, name: string, bytes = 32): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  const all: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!all[name]) {
    all[name] = randomBytes(bytes).toString('hex');
    writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  }
  return all[name];
}
