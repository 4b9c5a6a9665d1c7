import { Controller, Get, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { HealthService } from './health.service';

@Controller('/api')
export class HealthController {
  @Inject()
  ctx: Context;

  @Inject()
  health: HealthService;

  /** Liveness plus database reachability; 503 when the database does not answer. */
  @Get('/health')
  async get() {
    const data = await this.health.check();
    if (data.status !== 'ok') this.ctx.status = 503;
    return { ok: true, data };
  }
}
