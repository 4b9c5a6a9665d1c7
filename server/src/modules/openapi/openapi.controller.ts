import { Controller, Get } from '@midwayjs/core';
import { buildOpenApi } from './openapi.builder';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const version: string = require('../../../package.json').version;
let cached: Record<string, unknown> | null = null;

@Controller('/api')
export class OpenApiController {
  /** The OpenAPI 3 document (raw, not wrapped in { ok, data }, so tools can read it). */
  @Get('/openapi.json')
  async get() {
    return (cached ??= buildOpenApi(version));
  }
}
