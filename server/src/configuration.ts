import { App, Configuration, ILifeCycle } from '@midwayjs/core';
import * as koa from '@midwayjs/koa';
import * as orm from '@midwayjs/typeorm';
import { join } from 'path';
import { AllErrorFilter } from './common/filters/error.filter';
import { AuthMiddleware } from './common/middleware/auth.middleware';
import { RequestLogMiddleware } from './common/middleware/request-log.middleware';
import { StaticH5Middleware } from './common/middleware/static-h5.middleware';

/**
 * Application wiring: Koa, TypeORM (migrations run at start-up), the H5 build as static files, then
 * Linli's middleware (request log, bearer-token resolution) and the one error filter.
 */
@Configuration({
  imports: [koa, orm],
  importConfigs: [join(__dirname, './config')],
})
export class MainConfiguration implements ILifeCycle {
  @App('koa')
  app: koa.Application;

  async onReady() {
    this.app.useMiddleware([RequestLogMiddleware, StaticH5Middleware, AuthMiddleware]);
    this.app.useFilter([AllErrorFilter]);
  }
}
