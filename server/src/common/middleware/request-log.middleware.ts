import { Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { randomUUID } from 'crypto';
import { performance } from 'perf_hooks';

/**
 * One structured line per API request: id, method, route path (ids kept, query string dropped since it
 * may hold coordinates), status, duration, and the internal user id. No IP, token, phone or body.
 */
@Middleware()
export class RequestLogMiddleware {
  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const started = performance.now();
      const requestId = ctx.get('x-request-id').slice(0, 64) || randomUUID();
      ctx.set('X-Request-Id', requestId);
      try {
        await next();
      } finally {
        if (ctx.path.startsWith('/api/')) {
          const auth = ctx.state.auth;
          ctx.logger.info(
            JSON.stringify({
              msg: 'request',
              requestId,
              method: ctx.method,
              path: ctx.path,
              status: ctx.status,
              ms: Math.round((performance.now() - started) * 1000) / 1000,
              userId: auth?.kind === 'ok' ? auth.auth.userId : null,
            }),
          );
        }
      }
    };
  }

  static getName() {
    return 'requestLog';
  }
}
