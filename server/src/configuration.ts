import { App, Config, Configuration, ILifeCycle, IMidwayContainer } from '@midwayjs/core';
import * as koa from '@midwayjs/koa';
import * as orm from '@midwayjs/typeorm';
import { join } from 'path';
import { AllErrorFilter } from './common/filters/error.filter';
import { AuthMiddleware } from './common/middleware/auth.middleware';
import { RequestLogMiddleware } from './common/middleware/request-log.middleware';
import { StaticH5Middleware } from './common/middleware/static-h5.middleware';
import type { LinliConfig } from './config/config.default';
import { DemoService } from './modules/demo/demo.service';
import { DeliveryQueue } from './modules/notification/notification.queue';
import { ContentCheckService } from './modules/moderation/content-check.service';
import { TicketMediaAccess } from './modules/ticket/ticket.media-access';
import { TicketSupervisionService } from './modules/ticket/ticket-supervision.service';
import { RotaJobs } from './modules/rota/rota.jobs';
import { AlertStartup } from './modules/alert/alert.startup';
import { CategorySeeder } from './modules/category/category.seeder';
import { TicketPersonalData } from './modules/ticket/ticket.personal-data';
import { PointsPersonalData } from './modules/points/points.personal-data';
import { RotaPersonalData } from './modules/rota/rota.personal-data';
import { AlertPersonalData } from './modules/alert/alert.personal-data';

/**
 * Application wiring: Koa, TypeORM (migrations run at start-up), then Linli's middleware (request log,
 * the H5 build as static files, bearer-token resolution) and the one error filter. In demo mode
 * (`npm start`) it seeds the demo data and prints where to go.
 */
@Configuration({
  imports: [koa, orm],
  importConfigs: [join(__dirname, './config')],
})
export class MainConfiguration implements ILifeCycle {
  @App('koa')
  app: koa.Application;

  @Config('linli')
  linli: LinliConfig;

  async onReady(container: IMidwayContainer) {
    this.app.useMiddleware([RequestLogMiddleware, StaticH5Middleware, AuthMiddleware]);
    this.app.useFilter([AllErrorFilter]);
    // Content checks listen to media uploads and sweep overdue image checks from start-up on.
    await container.getAsync(ContentCheckService);
    // Tickets: who may see report photos (media hook).
    await container.getAsync(TicketMediaAccess);
    // Alerts: photo access for alert/tip photos (media hook) and the urgent-alert reminder timer.
    await container.getAsync(AlertStartup);
    // "Export my data" and account deletion: each feature adds its section (and its eraser) through the
    // user module's personalData hook.
    await container.getAsync(TicketPersonalData);
    await container.getAsync(PointsPersonalData);
    await container.getAsync(RotaPersonalData);
    await container.getAsync(AlertPersonalData);
    // The built-in category catalogue, into an empty catalogue only (a fresh production database too).
    if (this.linli.seedCatalogueOnStart !== false) await (await container.getAsync(CategorySeeder)).seed();
    if (this.linli.seedDemoOnStart) {
      const demo = await container.getAsync(DemoService);
      const seeded = await demo.seed();
      this.app.getLogger().info('[linli] demo data ready: %j', seeded);
    }
  }

  async onServerReady(container: IMidwayContainer) {
    // WeChat delivery of notifications: in-process poller, or BullMQ when REDIS_URL is set. Unit tests
    // turn it off (linli.notifications.workerEnabled) and drive the worker themselves.
    if (this.linli.notifications.workerEnabled) await (await container.getAsync(DeliveryQueue)).start();
    // Ticket supervision (督办 reminders, overdue flags, auto-escalation) runs where the worker runs; a lease row keeps it to one process.
    if (this.linli.notifications.workerEnabled) (await container.getAsync(TicketSupervisionService)).start();
    // Rota jobs (horizon, duty reminders, swap expiry, check-in location erasure) run where the worker runs.
    if (this.linli.notifications.workerEnabled) (await container.getAsync(RotaJobs)).start();
    if (!this.linli.seedDemoOnStart) return;
    const port = this.app.getConfig('koa.port');
    const demo = await container.getAsync(DemoService);
    const accounts = await demo.describeAccounts();
    const lines = [
      '',
      `  Linli (邻里) is running:  http://localhost:${port}/`,
      `  API:                     http://localhost:${port}/api  (OpenAPI: /api/openapi.json)`,
      `  Database:                ${this.linli.dbKind === 'mysql' ? 'MySQL/MariaDB (DATABASE_URL)' : 'embedded sql.js file in ./data'}`,
      '  Demo accounts (sign in from the H5 login page):',
      ...accounts.map((a) => `    - ${a.roleLabel.padEnd(8, '　')} ${a.nickname}${a.unitName ? `（${a.unitName}）` : ''}`),
      '',
    ];
    console.log(lines.join('\n'));
  }

  async onStop(container: IMidwayContainer) {
    if (this.linli.notifications?.workerEnabled) await (await container.getAsync(DeliveryQueue)).stop();
    if (this.linli.notifications?.workerEnabled) await (await container.getAsync(TicketSupervisionService)).stop();
    if (this.linli.notifications?.workerEnabled) await (await container.getAsync(RotaJobs)).stop();
  }
}
