import { bearer, buildUser, buildUnitTree, countRows, grantRole, loginAs, UnitTree } from './factories';
import { startTestApp, TestApp } from './helpers/app';
import { seededRng, simulateTicket, SimTicket } from './figures.sim';
import { insertSimTickets, placeOf, seedTestCategories, TEST_CATEGORIES } from './figures.support';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { UnitSpatialIndex } from '../src/modules/unit/unit.spatial-index';
import { hashApiKey } from '../src/modules/ticket/open311/open311-key.service';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) over HTTP: services and definitions from
 * the catalogue, requests from public tickets (never sensitive ones, never who reported), POST with an
 * API key creating an `open311` ticket, errors as `[{ code, description }]`; and the admin endpoints
 * that issue and revoke keys.
 */
describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let tree: UnitTree;
  let adminToken: string;
  let streetAdminToken: string;
  let residentToken: string;
  let districtKey: string;
  let streetKeyId: number;
  let streetKey: string;
  const now = new Date();
  const inGrid = { lat: 32.061, long: 118.621 };
  const inOtherGrid = { lat: 32.051, long: 118.651 };

  const rect = (w: number, s: number, e: number, n: number) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    const units = t.dataSource.getRepository(UnitEntity);
    await units.update({ id: tree.grid.id }, { polygon: rect(118.615, 32.055, 118.625, 32.065) as never });
    await units.update({ id: tree.otherGrid.id }, { polygon: rect(118.645, 32.045, 118.655, 32.055) as never });
    (await t.get(UnitSpatialIndex)).invalidate();
    await seedTestCategories(t);

    const admin = await buildUser(t);
    await grantRole(t, admin, 'admin', tree.district);
    adminToken = await loginAs(t, admin);
    const streetAdmin = await buildUser(t);
    await grantRole(t, streetAdmin, 'admin', tree.street);
    streetAdminToken = await loginAs(t, streetAdmin);
    residentToken = await loginAs(t, await buildUser(t));
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown> | string, type: 'form' | 'json' = 'form') => {
    const req = t.http().post('/api/open311/v2/requests.json');
    return type === 'form' ? req.type('form').send(body as string) : req.send(body);
  };

  describe('API keys (admin)', () => {
    it('401 / 403 / 422 before anything is issued', async () => {
      expect((await t.http().get('/api/admin/open311/keys')).status).toBe(401);
      expect((await t.http().get('/api/admin/open311/keys').set('Authorization', bearer(residentToken))).status).toBe(403);
      const bad = await t.http().post('/api/admin/open311/keys').set('Authorization', bearer(adminToken)).send({ name: 'x', unitId: 'a' });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['name', 'unitId']);
      const outside = await t.http().post('/api/admin/open311/keys').set('Authorization', bearer(streetAdminToken)).send({ name: '城市服务聚合平台', unitId: tree.otherStreet.id });
      expect(outside.status).toBe(403);
      expect(await countRows(t, 'open311_api_keys')).toBe(0);
    });

    it('issues a key once (stored hashed, audited) and lists it without the key', async () => {
      const res = await t.http().post('/api/admin/open311/keys').set('Authorization', bearer(adminToken)).send({ name: '12345 政务服务平台', unitId: tree.district.id });
      expect(res.status).toBe(201);
      districtKey = res.body.data.key;
      expect(districtKey).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
      expect(res.body.data.apiKey).toMatchObject({ name: '12345 政务服务平台', keyPrefix: districtKey.slice(0, 10), unit: { id: tree.district.id, name: '浦口区' }, revokedAt: null });
      const rows = await t.dataSource.query('SELECT key_hash FROM open311_api_keys');
      expect(rows).toEqual([{ key_hash: hashApiKey(districtKey) }]);
      expect(JSON.stringify(rows)).not.toContain(districtKey);
      expect(await countRows(t, 'audit_logs', "action = 'open311_key_issue'")).toBe(1);

      const street = await t.http().post('/api/admin/open311/keys').set('Authorization', bearer(streetAdminToken)).send({ name: '泰山街道 随手拍小程序', unitId: tree.street.id });
      expect(street.status).toBe(201);
      streetKey = street.body.data.key;
      streetKeyId = street.body.data.apiKey.id;

      const list = await t.http().get('/api/admin/open311/keys').set('Authorization', bearer(streetAdminToken));
      expect(list.status).toBe(200);
      expect(list.body.data.map((k: { name: string }) => k.name)).toEqual(['泰山街道 随手拍小程序']);
      expect(JSON.stringify(list.body)).not.toContain(streetKey);
      const all = await t.http().get('/api/admin/open311/keys').set('Authorization', bearer(adminToken));
      expect(all.body.data).toHaveLength(2);
    });
  });

  describe('services', () => {
    it('lists the active minor categories with group, keywords and metadata', async () => {
      const res = await t.http().get('/api/open311/v2/services.json').query({ jurisdiction_id: 'pukou.gov.cn' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.map((s: { service_code: string }) => s.service_code)).toEqual(TEST_CATEGORIES.map((c) => c.code));
      expect(res.body[0]).toEqual({
        service_code: 'CG-0101',
        service_name: '占道经营',
        description: '占道经营的说明',
        metadata: true,
        type: 'realtime',
        keywords: '占道经营',
        group: '市容环境',
      });
      expect(res.body.find((s: { service_code: string }) => s.service_code === 'CG-0102').metadata).toBe(false);
    });

    it('defines a service by its questions (singlevaluelist, number, multivaluelist)', async () => {
      const res = await t.http().get('/api/open311/v2/services/CG-0101.json');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        service_code: 'CG-0101',
        attributes: [
          { variable: true, code: 'goods', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 1, description: '经营的物品', values: [{ key: 'food', name: '食品' }, { key: 'other', name: '其他' }] },
          { variable: true, code: 'stalls', datatype: 'number', required: false, datatype_description: '数字，不小于 1，不大于 50', order: 2, description: '摊位数量' },
        ],
      });
      const multi = await t.http().get('/api/open311/v2/services/JT-0101.json');
      expect(multi.body.attributes[0]).toMatchObject({ code: 'kinds', datatype: 'multivaluelist', values: [{ key: 'car', name: '小汽车' }, { key: 'ebike', name: '电动车' }] });
    });

    it('answers an unknown service with the standard error array', async () => {
      const res = await t.http().get('/api/open311/v2/services/NOPE-01.json');
      expect(res.status).toBe(404);
      expect(res.body).toEqual([{ code: 404, description: 'service_code NOPE-01 not found' }]);
    });
  });

  describe('POST requests.json', () => {
    const valid = () => ({
      service_code: 'CG-0101',
      ...inGrid,
      address_string: '浦口区津浦路 12 号门口',
      description: '店铺把货架摆到人行道上，行人只能走机动车道',
      'attribute[goods]': 'food',
      'attribute[stalls]': '3',
      media_url: 'https://example.org/photos/1.jpg',
      email: 'someone@example.org',
      first_name: '小明',
      phone: '13800000000',
      device_id: 'device-1',
    });
    const form = (o: Record<string, string | number>) => new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, String(v)])).toString();

    it('400 without api_key, 403 with a wrong or revoked one; nothing is created', async () => {
      const none = await post(form(valid()));
      expect(none.status).toBe(400);
      expect(none.body).toEqual([{ code: 400, description: expect.stringContaining('api_key') }]);
      const wrong = await post(form({ ...valid(), api_key: 'o311_wrong' }));
      expect(wrong.status).toBe(403);
      expect(wrong.body).toEqual([{ code: 403, description: 'invalid api_key' }]);
      expect(await countRows(t, 'tickets')).toBe(0);
    });

    it('404 for an unknown service, 400 for bad attributes and places', async () => {
      const base = { ...valid(), api_key: districtKey };
      const cases: Array<[Record<string, string | number>, number, string]> = [
        [{ ...base, service_code: 'XX-0001' }, 404, 'service_code XX-0001 not found'],
        [{ ...base, 'attribute[goods]': 'cars' }, 400, 'attribute[goods] must be one of food, other'],
        [{ ...base, 'attribute[stalls]': 'many' }, 400, 'attribute[stalls] must be a number'],
        [{ ...base, 'attribute[colour]': 'red' }, 400, 'attribute[colour] is not an attribute of this service'],
        [{ ...base, lat: 'north' }, 400, 'lat'],
        [{ ...base, description: '短' }, 400, 'description'],
        [{ ...base, lat: 31.5, long: 118.0 }, 400, 'location outside the jurisdiction'],
      ];
      const { 'attribute[goods]': _g, ...withoutGoods } = base;
      cases.push([withoutGoods, 400, 'attribute[goods] is required']);
      for (const [body, status, text] of cases) {
        const res = await post(form(body));
        expect({ body, status: res.status }).toEqual({ body, status });
        expect(res.body[0].code).toBe(status);
        expect(res.body[0].description).toContain(text);
      }
      // a street's key may not enter a ticket in another street
      const other = await post(form({ ...base, api_key: streetKey, ...inOtherGrid }));
      expect(other.status).toBe(400);
      expect(other.body[0].description).toBe('location outside the jurisdiction of this api_key');
      expect(await countRows(t, 'tickets')).toBe(0);
    });

    it('creates an open311 ticket (form-encoded) and keeps no personal field of the submitter', async () => {
      const res = await post(form({ ...valid(), api_key: districtKey }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual([{ service_request_id: expect.stringMatching(/^\d+$/), service_notice: '一般在派遣后 1 个工作日内处置完毕', account_id: null }]);
      const id = Number(res.body[0].service_request_id);
      const [row] = await t.dataSource.query('SELECT * FROM tickets WHERE id = ?', [id]);
      expect(row).toMatchObject({ source: 'open311', category_code: 'CG-0101', status: 'reported', reporter_id: null, contact_name: null, grid_id: tree.grid.id });
      expect(JSON.parse(row.answers)).toEqual({ goods: 'food', stalls: 3 });
      const text = JSON.stringify(row);
      for (const personal of ['someone@example.org', '小明', '13800000000', 'device-1']) expect(text).not.toContain(personal);
      const [sub] = await t.dataSource.query('SELECT api_key_id, media_url FROM open311_submissions WHERE ticket_id = ?', [id]);
      expect(sub.media_url).toBe('https://example.org/photos/1.jpg');
      const [event] = await t.dataSource.query('SELECT action, actor_id, note FROM ticket_events WHERE ticket_id = ?', [id]);
      expect(event).toMatchObject({ action: 'report', actor_id: null, note: '由开放接口提交（12345 政务服务平台）' });
    });

    it('accepts JSON and multi-value lists (attribute[code][]=a&attribute[code][]=b)', async () => {
      const body = `api_key=${districtKey}&service_code=JT-0101&lat=${inOtherGrid.lat}&long=${inOtherGrid.long}&description=${encodeURIComponent('小区门口长期停着僵尸车')}&attribute[kinds][]=car&attribute[kinds][]=ebike`;
      const res = await post(body);
      expect(res.status).toBe(200);
      const [row] = await t.dataSource.query('SELECT answers, street_id FROM tickets WHERE id = ?', [Number(res.body[0].service_request_id)]);
      expect(JSON.parse(row.answers)).toEqual({ kinds: ['car', 'ebike'] });
      expect(row.street_id).toBe(tree.otherStreet.id);
      const json = await post({ api_key: districtKey, service_code: 'CG-0102', ...inGrid, description: '垃圾桶满了两天没人清运' }, 'json');
      expect(json.status).toBe(200);
    });

    it('403 once the key is revoked', async () => {
      const notMine = await t.http().post(`/api/admin/open311/keys/${streetKeyId}/revoke`).set('Authorization', bearer(residentToken));
      expect(notMine.status).toBe(403);
      const res = await t.http().post(`/api/admin/open311/keys/${streetKeyId}/revoke`).set('Authorization', bearer(streetAdminToken));
      expect(res.status).toBe(200);
      expect(res.body.data.revokedAt).not.toBeNull();
      expect((await t.http().post('/api/admin/open311/keys/999999/revoke').set('Authorization', bearer(adminToken))).status).toBe(404);
      const after = await post(form({ ...valid(), api_key: streetKey }));
      expect(after.status).toBe(403);
      expect(await countRows(t, 'audit_logs', "action = 'open311_key_revoke'")).toBe(1);
    });
  });

  describe('GET requests', () => {
    let ids: number[];
    let sims: SimTicket[];
    beforeAll(async () => {
      const rng = seededRng(311);
      const seq = new Map<string, number>();
      const places = [placeOf(tree.grid, tree.community, tree.street, tree.district, 32.06, 118.62), placeOf(tree.otherGrid, tree.otherCommunity, tree.otherStreet, tree.district, 32.05, 118.65)];
      sims = [];
      for (let i = 0; i < 80; i++) {
        sims.push(
          simulateTicket({
            rng,
            createdAt: new Date(now.getTime() - Math.round(rng() * 120 * 86_400_000)),
            now,
            category: TEST_CATEGORIES[i % TEST_CATEGORIES.length],
            place: places[i % 2],
            source: i % 3 ? 'resident' : 'hotline',
            reporterId: i % 3 ? 4242 : null,
            nextSeq: (s, d) => {
              const v = (seq.get(s + d) ?? 0) + 1;
              seq.set(s + d, v);
              return v;
            },
          }),
        );
      }
      ids = await insertSimTickets(t.dataSource, sims);
    });

    it('lists public requests of the last 90 days, newest first, without sensitive ones or reporters', async () => {
      const res = await t.http().get('/api/open311/v2/requests.json');
      expect(res.status).toBe(200);
      const rows = await t.dataSource.query(
        "SELECT t.id FROM tickets t WHERE t.sensitive = 0 AND t.text_held = 0 AND t.status NOT IN ('refused', 'cancelled') AND t.created_at >= ? ORDER BY t.created_at DESC, t.id DESC",
        [t.dataSource.options.type === 'mysql' ? new Date(now.getTime() - 90 * 86_400_000) : new Date(now.getTime() - 90 * 86_400_000).toISOString().replace('T', ' ').replace('Z', '')],
      );
      expect(res.body.map((r: { service_request_id: string }) => Number(r.service_request_id))).toEqual(rows.map((r: { id: number }) => Number(r.id)));
      expect(res.body.every((r: { service_code: string }) => r.service_code !== 'ZA-0101')).toBe(true);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/reporter|4242|openid|nickname/);
      const one = res.body.find((r: { status: string }) => r.status === 'closed');
      expect(Object.keys(one).sort()).toEqual(
        ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode'].sort(),
      );
      expect(one.requested_datetime).toMatch(/Z$/);
    });

    it('filters by status, service_code and window; refuses bad windows', async () => {
      const closed = await t.http().get('/api/open311/v2/requests.json').query({ status: 'closed', service_code: 'CG-0101,CG-0102' });
      expect(closed.status).toBe(200);
      expect(closed.body.length).toBeGreaterThan(0);
      expect(closed.body.every((r: { status: string; service_code: string }) => r.status === 'closed' && r.service_code.startsWith('CG-'))).toBe(true);
      expect(closed.body.every((r: { status_notes: string }) => ['已结案', '已评价'].includes(r.status_notes))).toBe(true);
      const span = await t.http().get('/api/open311/v2/requests.json').query({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' });
      expect(span.status).toBe(400);
      expect(span.body[0].description).toContain('90 days');
      const reversed = await t.http().get('/api/open311/v2/requests.json').query({ start_date: '2026-06-01T00:00:00+08:00', end_date: '2026-05-01T00:00:00+08:00' });
      expect(reversed.status).toBe(400);
      const bad = await t.http().get('/api/open311/v2/requests.json').query({ status: 'pending' });
      expect(bad.status).toBe(400);
      expect(bad.body[0].description).toContain('status');
    });

    it('looks requests up by id list, by id and by number; sensitive ones are 404', async () => {
      const publicIdx = sims.findIndex((s) => !s.row.sensitive && s.row.status === 'rated' && s.row.number);
      const sensitiveIdx = sims.findIndex((s) => s.row.sensitive);
      const refusedIdx = sims.findIndex((s) => !s.row.sensitive && s.row.status === 'refused');
      const list = await t.http().get('/api/open311/v2/requests.json').query({ service_request_id: `${ids[publicIdx]},${ids[sensitiveIdx]}` });
      expect(list.body.map((r: { service_request_id: string }) => Number(r.service_request_id))).toEqual([ids[publicIdx]]);

      const byId = await t.http().get(`/api/open311/v2/requests/${ids[publicIdx]}.json`);
      expect(byId.status).toBe(200);
      expect(byId.body).toHaveLength(1);
      expect(byId.body[0]).toMatchObject({ status: 'closed', status_notes: '已评价', service_code: sims[publicIdx].row.category_code });
      expect(byId.body[0].updated_datetime).toBe((sims[publicIdx].row.closed_at as Date).toISOString());
      const byNumber = await t.http().get(`/api/open311/v2/requests/${sims[publicIdx].row.number}.json`);
      expect(byNumber.body).toEqual(byId.body);

      const sensitive = await t.http().get(`/api/open311/v2/requests/${ids[sensitiveIdx]}.json`);
      expect(sensitive.status).toBe(404);
      expect(sensitive.body).toEqual([{ code: 404, description: `service_request_id ${ids[sensitiveIdx]} not found` }]);
      expect((await t.http().get('/api/open311/v2/requests/abc.json')).status).toBe(404);

      if (refusedIdx >= 0) {
        const refused = await t.http().get(`/api/open311/v2/requests/${ids[refusedIdx]}.json`);
        expect(refused.body[0]).toMatchObject({ status: 'closed', description: '' });
        expect(refused.body[0].status_notes).toMatch(/^不予受理：/);
      }
    });

    it('names the agency responsible: the lead department, else the command centre', async () => {
      const deptIdx = sims.findIndex((s) => !s.row.sensitive && s.row.assignee_kind === 'departments' && s.row.level === 'street');
      const res = await t.http().get(`/api/open311/v2/requests/${ids[deptIdx]}.json`);
      const lead = JSON.parse(sims[deptIdx].row.assignee_departments as string)[0];
      expect(res.body[0].agency_responsible).toBe({ chengguan: '区城市管理局（综合行政执法局）', traffic: '区公安分局交通警察大队' }[lead as 'chengguan' | 'traffic']);
      const reportedIdx = sims.findIndex((s) => !s.row.sensitive && s.row.status === 'reported' && s.row.street_id === tree.street.id);
      if (reportedIdx >= 0) {
        const reported = await t.http().get(`/api/open311/v2/requests/${ids[reportedIdx]}.json`);
        expect(reported.body[0]).toMatchObject({ status: 'open', agency_responsible: '泰山街道联勤指挥分中心', status_notes: '待受理' });
      }
    });
  });
});
