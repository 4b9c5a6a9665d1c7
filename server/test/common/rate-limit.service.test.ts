import { RateLimitService } from '../../src/common/rate-limit/rate-limit.service';
import Redis from 'ioredis';
import { AppError } from '../../src/common/errors/app.error';

function build(redisUrl?: string): RateLimitService {
  const sut = new RateLimitService();
  sut.config = { redisUrl, loginRateLimit: { points: 2, durationSeconds: 60 } } as RateLimitService['config'];
  sut.init();
  return sut;
}

const fakeCtx = (ip: string) => ({ ip }) as any;

describe.each([
  ['in memory', undefined],
  ['on Redis (127.0.0.1:6379)', 'redis://127.0.0.1:6379'],
])('%s', (_label, redisUrl) => {
  let sut: RateLimitService;
  const run = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  beforeAll(() => {
    sut = build(redisUrl);
  });
  afterAll(() => sut.close());

  it('answers 429 RATE_LIMITED with the seconds to wait once the points are spent', async () => {
    await sut.consume(`t-${run}`, 'user-1', 2, 60);
    await sut.consume(`t-${run}`, 'user-1', 2, 60);
    const err = await sut.consume(`t-${run}`, 'user-1', 2, 60).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.data.retryAfterSeconds).toBeGreaterThan(0);
    expect(err.data.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(err.message).toMatch(/秒后再试/);
    // another subject has its own budget
    await expect(sut.consume(`t-${run}`, 'user-2', 2, 60)).resolves.toBeUndefined();
    if (redisUrl) {
      // the counters really live in Redis (not in the in-memory insurance limiter)
      const redis = new Redis(redisUrl);
      try {
        const keys = await redis.keys(`linli:rl:t-${run}*`);
        expect(keys.length).toBe(2);
        await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    }
  });

  it('counts per IP separately from per user', async () => {
    await sut.consume(`u-${run}`, 'user-1', 1, 60);
    await expect(sut.consumeIp(`u-${run}`, fakeCtx('10.0.0.1'), 1, 60)).resolves.toBeUndefined();
    await expect(sut.consumeIp(`u-${run}`, fakeCtx('10.0.0.1'), 1, 60)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(sut.consumeIp(`u-${run}`, fakeCtx('10.0.0.2'), 1, 60)).resolves.toBeUndefined();
  });

  it('limits sign-in attempts per IP', async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${run}`;
    await sut.consumeLogin(fakeCtx(ip));
    await sut.consumeLogin(fakeCtx(ip));
    await expect(sut.consumeLogin(fakeCtx(ip))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
