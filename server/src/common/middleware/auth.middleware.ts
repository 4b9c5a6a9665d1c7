import { Inject, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { SessionService } from '../../modules/auth/session.service';
import { setAuth } from '../auth/auth.context';

/**
 * Resolves `Authorization: Bearer <token>` for API requests. It never rejects by itself: endpoints
 * decide with requireAuth/requireRole, so public endpoints stay public.
 */
@Middleware()
export class AuthMiddleware {
  @Inject()
  sessions: SessionService;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      if (!ctx.path.startsWith('/api/')) return next();
      const header = ctx.get('authorization');
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!header) setAuth(ctx, { kind: 'none' });
      else if (!match) setAuth(ctx, { kind: 'invalid' });
      else setAuth(ctx, await this.sessions.resolve(match[1]));
      return next();
    };
  }

  static getName() {
    return 'auth';
  }
}
