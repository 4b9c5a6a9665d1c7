import { MidwayWebRouterService } from '@midwayjs/core';
import { API } from '@linli/shared';
import { startTestApp, TestApp } from '../helpers/app';

describe('GET /api/openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves an OpenAPI 3 document generated from the shared contract', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(res.body.paths['/api/auth/wechat-login'].post.requestBody.content['application/json'].schema.required).toEqual(['code']);
    expect(res.body.paths['/api/units/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(res.body.components.schemas.Error.required).toEqual(['ok', 'error', 'message']);
  });

  it('lists exactly the routes the server registers (no undocumented or missing endpoint)', async () => {
    const router = await t.get(MidwayWebRouterService);
    const table = await router.getFlattenRouterTable();
    const registered = table
      .map((r) => ({ method: String(r.requestMethod).toUpperCase(), url: String(r.fullUrl) }))
      .filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const documented = Object.values(API)
      .map((e) => `${e.method} /api${e.path}`)
      .sort();
    expect(registered).toEqual(documented);
  });
});
