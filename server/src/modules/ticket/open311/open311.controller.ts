import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { ErrorCode, ErrorStatus, open311CreateRequestSchema, open311JurisdictionQuerySchema, open311RequestsQuerySchema } from '@linli/shared';
import { AppError } from '../../../common/errors/app.error';
import { RateLimitService } from '../../../common/rate-limit/rate-limit.service';
import { validate } from '../../../common/validation/validate';
import { open311Error } from './open311.presenter';
import { Open311Failure, Open311QueryService } from './open311.service';
import { Open311SubmitService } from './open311-submit.service';

/**
 * Open311 GeoReport v2 (JSON only: `.xml` is not offered). Answers are the standard's bare JSON (arrays
 * and objects with snake_case fields), errors its array `[{ code, description }]` with `code` = the HTTP
 * status; never Linli's `{ ok, data }` envelope.
 */
@Controller('/api/open311/v2')
export class Open311Controller {
  @Inject()
  ctx: Context;

  @Inject()
  open311: Open311QueryService;

  @Inject()
  submit: Open311SubmitService;

  @Inject()
  rateLimit: RateLimitService;

  @Get('/services.json')
  async services(@Query() query: unknown) {
    return this.answer(async () => {
      validate(open311JurisdictionQuerySchema, query);
      return this.open311.services();
    });
  }

  @Get('/services/:code.json')
  async definition(@Param('code') code: string, @Query() query: unknown) {
    return this.answer(async () => {
      validate(open311JurisdictionQuerySchema, query);
      return this.open311.definition(code);
    });
  }

  @Get('/requests.json')
  async requests(@Query() query: unknown) {
    return this.answer(async () => {
      await this.rateLimit.consumeIp('open311_read', this.ctx, 120, 60);
      return this.open311.requests(validate(open311RequestsQuerySchema, query));
    });
  }

  @Get('/requests/:id.json')
  async request(@Param('id') id: string, @Query() query: unknown) {
    return this.answer(async () => {
      validate(open311JurisdictionQuerySchema, query);
      return this.open311.request(id);
    });
  }

  @Post('/requests.json')
  async create(@Body() body: unknown) {
    return this.answer(async () => {
      await this.rateLimit.consumeIp('open311_write', this.ctx, 600, 3600);
      const input = validate(open311CreateRequestSchema, body);
      return this.submit.create(input);
    });
  }

  /** Runs `work` and answers its result, or the standard's error array with the right status. */
  private async answer<T>(work: () => Promise<T>): Promise<T | ReturnType<typeof open311Error>> {
    this.ctx.type = 'application/json; charset=utf-8';
    try {
      return await work();
    } catch (e) {
      const [status, description] = describe(e);
      if (status >= 500) this.ctx.logger.error('[linli] open311 %s %s failed: %s', this.ctx.method, this.ctx.path, (e as Error)?.stack ?? e);
      if (e instanceof AppError && e.code === ErrorCode.RateLimited && e.data?.retryAfterSeconds) {
        this.ctx.set('Retry-After', String(e.data.retryAfterSeconds));
      }
      this.ctx.status = status;
      return open311Error(status, description);
    }
  }
}

/** The HTTP status and description of a failure: validation and jurisdiction problems are 400 in Open311. */
function describe(e: unknown): [number, string] {
  if (e instanceof Open311Failure) return [e.status, e.message];
  if (e instanceof AppError) {
    switch (e.code) {
      case ErrorCode.ValidationFailed:
        return [400, e.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join('; ') : e.message];
      case ErrorCode.NotFound:
        return [404, 'not found'];
      case ErrorCode.RateLimited:
        return [429, 'too many requests'];
      case ErrorCode.OutsideJurisdiction:
        return [400, `location outside the jurisdiction: ${e.message}`];
      default: {
        const status = ErrorStatus[e.code] ?? 400;
        return [status >= 500 ? 500 : status, e.message];
      }
    }
  }
  return [500, 'internal error'];
}
