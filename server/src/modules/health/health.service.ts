import { Config, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import type { DataSource } from 'typeorm';
import type { HealthResponse } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';

const started = Date.now();
// eslint-disable-next-line @typescript-eslint/no-var-requires
const version: string = require('../../../package.json').version;

@Provide()
@Scope(ScopeEnum.Singleton)
export class HealthService {
  @InjectDataSource()
  dataSource: DataSource;

  @Config('linli')
  config: LinliConfig;

  /** Pings the database with a trivial query, timing it. */
  async check(): Promise<HealthResponse> {
    const t0 = Date.now();
    let reachable = false;
    try {
      await this.dataSource.query('SELECT 1');
      reachable = true;
    } catch {
      reachable = false;
    }
    return {
      status: reachable ? 'ok' : 'degraded',
      database: { kind: this.config.dbKind, reachable, latencyMs: reachable ? Date.now() - t0 : null },
      version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    };
  }
}
