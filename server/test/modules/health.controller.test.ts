import { startTestApp, TestApp, TEST_DB } from '../helpers/app';

describe('GET /api/health and the error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database as reachable', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.data.status).toBe('ok');
    expect(res.body.data.database).toMatchObject({ kind: TEST_DB === 'mariadb' ? 'mysql' : 'sqljs', reachable: true });
  });

  it('reports 503 when the database stops answering', async () => {
    const spy = jest.spyOn(t.dataSource, 'query').mockRejectedValueOnce(new Error('connection lost'));
    const res = await t.http().get('/api/health');
    spy.mockRestore();
    expect(res.status).toBe(503);
    expect(res.body.data.database.reachable).toBe(false);
  });

  it('answers unknown API paths with the JSON error shape', async () => {
    const res = await t.http().get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ok: false, error: 'NOT_FOUND', message: expect.any(String) });
  });

  it('answers malformed JSON with VALIDATION_FAILED', async () => {
    const res = await t.http().post('/api/auth/wechat-login').set('content-type', 'application/json').send('{"code":');
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('VALIDATION_FAILED');
  });

  it('ran the migrations (no synchronize)', async () => {
    const rows = await t.dataSource.query('SELECT COUNT(*) AS n FROM units');
    expect(Number(rows[0].n)).toBe(0);
    expect(t.dataSource.options.synchronize).toBe(false);
  });
});
