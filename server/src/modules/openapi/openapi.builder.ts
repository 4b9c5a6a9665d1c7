import { zodToJsonSchema } from 'zod-to-json-schema';
import { API, ApiErrorBody, EndpointSpec, ErrorCode } from '@linli/shared';

/**
 * Builds the OpenAPI 3.0 document from the shared endpoint table, so the document, the server's
 * validation and the client's forms all come from the same zod schemas.
 */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(API) as Array<[string, EndpointSpec]>) {
    const path = '/api' + spec.path.replace(/:(\w+)/g, '{$1}');
    const params: unknown[] = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'integer' },
    }));
    if (spec.query) {
      const js = zodToJsonSchema(spec.query, { target: 'openApi3', $refStrategy: 'none' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [q, schema] of Object.entries(js.properties ?? {})) {
        params.push({ name: q, in: 'query', required: (js.required ?? []).includes(q), schema });
      }
    }
    const op: Record<string, unknown> = {
      operationId: name,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: params,
      security: spec.access === 'public' ? [] : [{ bearer: [] }],
      responses: {
        '200': {
          description: spec.response,
          content: { 'application/json': { schema: { type: 'object', properties: { ok: { const: true }, data: { description: spec.response } } } } },
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      'x-access': spec.access,
    };
    if (spec.body && spec.bodyEncoding === 'multipart') {
      const fields = zodToJsonSchema(spec.body, { target: 'openApi3', $refStrategy: 'none' }) as { properties?: Record<string, unknown>; required?: string[] };
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { ...fields, properties: { file: { type: 'string', format: 'binary' }, ...fields.properties }, required: ['file', ...(fields.required ?? [])] },
          },
        },
      };
    } else if (spec.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: zodToJsonSchema(spec.body, { target: 'openApi3', $refStrategy: 'none' }) } },
      };
    }
    (paths[path] ??= {})[spec.method.toLowerCase()] = op;
  }
  const errorExample: ApiErrorBody = { ok: false, error: ErrorCode.ValidationFailed, message: 'nickname: 昵称最多 20 个字', fields: { nickname: '昵称最多 20 个字' } };
  return {
    openapi: '3.0.3',
    info: { title: 'Linli (邻里) API', version, description: 'Neighbourhood grid governance: residents, grid workers, command centres.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['ok', 'error', 'message'],
          properties: {
            ok: { type: 'boolean', enum: [false] },
            error: { type: 'string', enum: Object.values(ErrorCode) },
            message: { type: 'string' },
            fields: { type: 'object', additionalProperties: { type: 'string' } },
            data: { type: 'object' },
          },
          example: errorExample,
        },
      },
    },
  };
}
