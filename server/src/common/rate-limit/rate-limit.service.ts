import { Config, Destroy, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '@linli/shared';
import { AppError } from '../errors/app.error';
import type { LinliConfig } from '../../config/config.default';

/**
 * Named rate limits (rate-limiter-flexible): Redis-backed when REDIS_URL is set, so several server
 * processes share counters, else in memory. Exceeding a limit answers 429 RATE_LIMITED with the
 * seconds to wait.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RateLimitService {
  @Config('linli')
  config: LinliConfig;

  private redis?: Redis;
  private limiters = new Map<string, RateLimiterAbstract>();

  @Init()
  init() {
    // The offline queue stays on: with it off, every command issued before the connection is up fails
    // and silently falls back to the per-process insurance limiter (a test caught exactly that).
    // maxRetriesPerRequest bounds the wait when Redis is down; the insurance limiter then answers.
    if (this.config.redisUrl) this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1 });
  }

  private limiter(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
    const key = `${name}:${points}:${durationSeconds}`;
    let l = this.limiters.get(key);
    if (!l) {
      l = this.redis
        ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `linli:rl:${name}`, points, duration: durationSeconds, insuranceLimiter: new RateLimiterMemory({ points, duration: durationSeconds }) })
        : new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds });
      this.limiters.set(key, l);
    }
    return l;
  }

  /** Spends one point of `name` for `subject`; throws RATE_LIMITED when none is left. */
  async consume(name: string, subject: string, points: number, durationSeconds: number): Promise<void> {
    try {
      await this.limiter(name, points, durationSeconds).consume(subject);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw new AppError(ErrorCode.RateLimited, {
          message: `操作太频繁，请 ${retryAfterSeconds} 秒后再试`,
          data: { retryAfterSeconds },
        });
      }
      throw e;
    }
  }

  /**
   * Per-IP ceiling for actions that are also limited per user (uploads, content posts, reports): it stops
   * one address from cycling through accounts. Generous, because a community centre or an estate's
   * Wi-Fi puts many residents behind one address.
   */
  async consumeIp(name: string, ctx: Context, points: number, durationSeconds: number): Promise<void> {
    await this.consume(`${name}:ip`, ctx.ip || 'unknown', points, durationSeconds);
  }

  /** Limits sign-in attempts per client IP. */
  async consumeLogin(ctx: Context): Promise<void> {
    const { points, durationSeconds } = this.config.loginRateLimit;
    await this.consume('login', ctx.ip || 'unknown', points, durationSeconds);
  }

  @Destroy()
  async close() {
    this.redis?.disconnect();
  }
}
