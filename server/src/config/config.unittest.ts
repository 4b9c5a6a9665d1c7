import type { MidwayConfig } from '@midwayjs/core';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildDataSourceOptions } from '../common/db/datasource-options';

/**
 * Tests: TEST_DB=mariadb (default) uses TEST_DATABASE_URL, a throwaway database the suite resets;
 * TEST_DB=sqljs uses an in-memory sql.js database. Both run the real migrations.
 */
export default (): MidwayConfig => {
  const kind = process.env.TEST_DB ?? 'mariadb';
  const db =
    kind === 'sqljs'
      ? buildDataSourceOptions({ sqljsFile: null })
      : buildDataSourceOptions({
          databaseUrl: process.env.TEST_DATABASE_URL ?? 'mysql://linli:linli@127.0.0.1:3306/linli_test',
        });
  return {
    koa: { port: null as unknown as number },
    typeorm: { dataSource: { default: db } },
    midwayLogger: { default: { level: 'warn', consoleLevel: 'warn' } },
    linli: {
      dbKind: db.kind,
      demoMode: true,
      // Tests write the catalogue they need (CategorySeeder.seed() for the built-in one).
      seedCatalogueOnStart: false,
      phoneKey: '0f'.repeat(32),
      wechat: {
        appId: 'wx-test-app',
        secret: 'test-secret',
        baseUrl: process.env.WECHAT_API_BASE ?? 'http://127.0.0.1:1',
        timeoutMs: 2000,
        pushToken: 'test-push-token',
      },
      // Tests call ContentCheckService.sweepOverdue(now) themselves.
      moderation: { mediaVerdictTimeoutMinutes: 30, sweepIntervalSeconds: 0 },
      loginRateLimit: { points: 1000, durationSeconds: 60 },
      // Tests drive the delivery worker themselves (NotificationWorker.drain()).
      notifications: { workerEnabled: false, backoffBaseMs: 1000 },
      // Photos go to a throwaway folder; a test may point MEDIA_DIR at its own before starting the app.
      media: {
        localDir: process.env.MEDIA_DIR ?? join(tmpdir(), `linli-media-unittest-${process.pid}`),
        signingKey: 'unit-test-media-signing-key-0123456789abcdef',
        publicBaseUrl: 'http://localhost:7001',
      },
    },
  } as MidwayConfig;
};
