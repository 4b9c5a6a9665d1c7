import { Config, Middleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { existsSync } from 'fs';
import staticCache = require('koa-static-cache');
import type { LinliConfig } from '../../config/config.default';

/**
 * Serves the H5 build (client/dist/h5) at `/` on the API's port, so `npm start` is one process.
 * The H5 router uses hash mode, so `/` -> index.html is the only fallback needed. When the build is
 * missing (API-only deployments, tests) it passes everything through.
 */
@Middleware()
export class StaticH5Middleware {
  @Config('linli')
  config: LinliConfig;

  resolve() {
    const dir = this.config.h5Dir;
    if (!existsSync(dir)) return async (_ctx: Context, next: NextFunction) => next();
    const serve = staticCache(dir, { prefix: '/', dynamic: true, buffer: false, gzip: true, alias: { '/': '/index.html' }, maxAge: 0 });
    return async (ctx: Context, next: NextFunction) => {
      if (ctx.path.startsWith('/api/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
      return serve(ctx as any, next as any);
    };
  }

  static getName() {
    return 'staticH5';
  }
}
