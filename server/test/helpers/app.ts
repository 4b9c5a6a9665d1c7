import { close, createApp, createHttpRequest } from '@midwayjs/mock';
import type { Application, Framework } from '@midwayjs/koa';
import { createConnection } from 'mysql2/promise';
import { join } from 'path';
import type { DataSource } from 'typeorm';

export const TEST_DB = (process.env.TEST_DB ?? 'mariadb') as 'mariadb' | 'sqljs';
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://linli:linli@127.0.0.1:3306/linli_test';

/**
 * Drops and recreates the MariaDB test database so every test file starts from the migrations alone.
 * A missing MariaDB is an error, not a skip: CI must prove the production database works.
 */
export async function resetMariaDb(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const db = url.pathname.slice(1);
  if (!/^linli_[a-z0-9_]+$/.test(db)) throw new Error(`Refusing to reset "${db}": test databases are named linli_*`);
  const conn = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await conn.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export interface TestApp {
  app: Application;
  http: () => ReturnType<typeof createHttpRequest>;
  get<T>(cls: new (...args: any[]) => T): Promise<T>;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A fresh app on a fresh database (MariaDB or in-memory sql.js, per TEST_DB). */
export async function startTestApp(): Promise<TestApp> {
  if (TEST_DB === 'mariadb') await resetMariaDb();
  const app = await createApp<Framework>(join(__dirname, '../..'), {});
  const ctx = app.getApplicationContext();
  const { TypeORMDataSourceManager } = await import('@midwayjs/typeorm');
  const manager = await ctx.getAsync(TypeORMDataSourceManager);
  return {
    app,
    http: () => createHttpRequest(app),
    get: (cls) => ctx.getAsync(cls),
    dataSource: manager.getDataSource('default') as DataSource,
    close: () => close(app),
  };
}
