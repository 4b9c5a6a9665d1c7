import { CATEGORY_MAJORS, CATEGORY_MINORS, CategoryCode, DEPARTMENTS } from '@linli/shared';
import { AuditLogEntity } from '../src/common/audit/audit-log.entity';
import { CategorySeeder } from '../src/modules/category/category.seeder';
import { CategoryService } from '../src/modules/category/category.service';
import { AppError } from '../src/common/errors/app.error';
import { bearer, buildUnitTree, buildUser, countRows, grantRole, loginAs, UnitTree } from './factories';
import { startTestApp, TestApp } from './helpers/app';

const TOTAL = CATEGORY_MAJORS.length + CATEGORY_MINORS.length;

/** A new minor category as an admin would send it. */
const newMinor = (code = 'SR-0199', extra: Record<string, unknown> = {}) => ({
  kind: 'minor',
  code,
  majorCode: 'SR',
  name: `测试类别${code}`,
  departments: ['chengguan'],
  onSpotFixable: false,
  fileLimit: { amount: 2, unit: 'hours' },
  handleLimit: { amount: 3, unit: 'days' },
  evidence: { minPhotos: 1, maxPhotos: 9 },
  sensitive: false,
  duplicateRadiusMeters: 100,
  duplicateWindowHours: 72,
  ...extra,
});

/**
 * The category catalogue over HTTP: public tree, search, detail, departments; admin list, create, edit
 * (versions, optimistic lock, audit), history; the seeder; departments on grants and role requests.
 */
describe('category catalogue', () => {
  let t: TestApp;
  let tree: UnitTree;
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    const users = {
      districtAdmin: ['admin', tree.district],
      districtAdmin2: ['admin', tree.district],
      streetAdmin: ['admin', tree.street],
      dispatcher: ['street_dispatcher', tree.street],
    } as const;
    for (const [key, [role, unit]] of Object.entries(users)) {
      const u = await buildUser(t, { nickname: key });
      await grantRole(t, u, role, unit);
      tokens[key] = await loginAs(t, u);
    }
    tokens.resident = await loginAs(t, await buildUser(t, { nickname: '居民' }));
  });
  afterAll(() => t.close());

  describe('CategorySeeder', () => {
    it('writes the built-in catalogue as version 1 into an empty catalogue, once', async () => {
      expect(await countRows(t, 'categories')).toBe(0); // tests start without it (seedCatalogueOnStart off)
      const seeder = await t.get(CategorySeeder);
      expect(await seeder.seed()).toBe(TOTAL);
      expect(await countRows(t, 'categories')).toBe(TOTAL);
      expect(await countRows(t, 'category_versions', 'version = 1')).toBe(TOTAL);
      expect(await seeder.seed()).toBe(0);
      expect(await countRows(t, 'categories')).toBe(TOTAL);
    });

    it('two seeders at once still write the catalogue once', async () => {
      // Already seeded here; both see a non-empty catalogue and write nothing.
      const seeder = await t.get(CategorySeeder);
      expect(await Promise.all([seeder.seed(), seeder.seed()])).toEqual([0, 0]);
      expect(await countRows(t, 'category_versions')).toBe(TOTAL);
    });
  });

  describe('GET /api/categories', () => {
    it('public: the active catalogue as a tree, in catalogue order, with current versions', async () => {
      const res = await t.http().get('/api/categories');
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(CATEGORY_MAJORS.length);
      expect(res.body.data[0]).toMatchObject({ code: 'SR', name: '市容环卫', version: 1 });
      const minors = res.body.data.flatMap((n: { children: unknown[] }) => n.children);
      expect(minors).toHaveLength(CATEGORY_MINORS.length);
      expect(res.body.data[0].children[0]).toMatchObject({ code: 'SR-0101', name: '暴露垃圾', majorName: '市容环卫', version: 1, handleLimit: { amount: 1, unit: 'days' } });
    });

    it('searches names, synonyms and codes (no pinyin), best match first', async () => {
      const res = await t.http().get('/api/categories').query({ q: '摆摊' });
      expect(res.status).toBe(200);
      expect(res.body.data[0].code).toBe('JM');
      expect(res.body.data[0].children[0].name).toBe('占道经营');
      const parking = await t.http().get('/api/categories').query({ q: '违停' });
      expect(parking.body.data[0].children[0].code).toBe(CategoryCode.IllegalParking);
      const none = await t.http().get('/api/categories').query({ q: '量子计算机' });
      expect(none.body.data).toEqual([]);
      const major = await t.http().get('/api/categories').query({ major: 'ZA' });
      expect(major.body.data.map((n: { code: string }) => n.code)).toEqual(['ZA']);
    });

    it('422 for a bad query', async () => {
      const res = await t.http().get('/api/categories').query({ q: '长'.repeat(31), major: 'zz' });
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ q: '关键词最多 30 个字', major: '大类编码应为 2 个大写字母，如 SR' });
    });
  });

  describe('GET /api/categories/:code and GET /api/departments', () => {
    it('one active minor category with its questions', async () => {
      const res = await t.http().get(`/api/categories/${CategoryCode.IllegalParking}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ code: 'JT-0601', name: '违法停车', departments: ['traffic'], version: 1 });
      expect(res.body.data.questions.map((q: { key: string }) => q.key)).toEqual(['plate_number', 'vehicle_type', 'blocking']);
    });

    it('422 for a malformed code, 404 for an unknown one or a major', async () => {
      expect((await t.http().get('/api/categories/xx-1')).status).toBe(422);
      expect((await t.http().get('/api/categories/SR-0999')).body).toMatchObject({ ok: false, error: 'NOT_FOUND' });
      expect((await t.http().get('/api/categories/SR')).status).toBe(404);
    });

    it('lists the departments', async () => {
      const res = await t.http().get('/api/departments');
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(DEPARTMENTS.length);
      expect(res.body.data.find((x: { code: string }) => x.code === 'chengguan')).toMatchObject({ name: '城管' });
    });
  });

  describe('GET /api/admin/categories', () => {
    it('401 -> 422 -> 403 -> 200', async () => {
      expect((await t.http().get('/api/admin/categories')).status).toBe(401);
      const bad = await t.http().get('/api/admin/categories').set('authorization', as('districtAdmin')).query({ kind: 'other' });
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ kind: '类型应为大类或小类' });
      expect((await t.http().get('/api/admin/categories').set('authorization', as('dispatcher'))).status).toBe(403);
      expect((await t.http().get('/api/admin/categories').set('authorization', as('resident'))).status).toBe(403);
      const res = await t.http().get('/api/admin/categories').set('authorization', as('streetAdmin'));
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(TOTAL);
      // each major, then its minors
      expect(res.body.data.slice(0, 2).map((c: { code: string }) => c.code)).toEqual(['SR', 'SR-0101']);
      expect(res.body.data[1]).toMatchObject({ kind: 'minor', majorCode: 'SR', active: true, version: 1 });
      expect(res.body.data[0].major).toEqual(CATEGORY_MAJORS[0]);
    });

    it('filters by kind, major and keyword', async () => {
      const majors = await t.http().get('/api/admin/categories').set('authorization', as('districtAdmin')).query({ kind: 'major' });
      expect(majors.body.data).toHaveLength(CATEGORY_MAJORS.length);
      const fw = await t.http().get('/api/admin/categories').set('authorization', as('districtAdmin')).query({ major: 'FW', kind: 'minor' });
      expect(fw.body.data.map((c: { name: string }) => c.name)).toContain('群租');
      const q = await t.http().get('/api/admin/categories').set('authorization', as('districtAdmin')).query({ q: '井盖' });
      expect(q.body.data[0].code).toBe(CategoryCode.Manhole);
    });
  });

  describe('POST /api/admin/categories', () => {
    const post = (who: string | null, body: unknown) => {
      const req = t.http().post('/api/admin/categories');
      if (who) req.set('authorization', as(who));
      return req.send(body as object);
    };

    it('401 -> 422 -> 403 -> 409 -> 201, with the database checked at each step', async () => {
      const before = await countRows(t, 'categories');
      expect((await post(null, newMinor())).status).toBe(401);

      const invalid = await post('districtAdmin', newMinor('SR-0199', { departments: [], evidence: { minPhotos: 4, maxPhotos: 2 }, fileLimit: { amount: 0, unit: 'weeks' } }));
      expect(invalid.status).toBe(422);
      expect(invalid.body.fields).toMatchObject({
        departments: '至少选择 1 个责任部门',
        'fileLimit.amount': '时限至少为 1',
        'fileLimit.unit': '时限单位应为工作小时或工作日',
      });
      const crossField = await post('districtAdmin', newMinor('JM-0299'));
      expect(crossField.status).toBe(422);
      expect(crossField.body.fields).toEqual({ code: '小类编码应以大类编码 SR- 开头' });
      const noMajor = await post('districtAdmin', newMinor('QQ-0101', { majorCode: 'QQ' }));
      expect(noMajor.status).toBe(422);
      expect(noMajor.body.fields).toEqual({ majorCode: '大类不存在' });

      const forbidden = await post('streetAdmin', newMinor());
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.message).toBe('只有区级管理员可以修改类别目录');
      expect((await post('dispatcher', newMinor())).status).toBe(403);

      const taken = await post('districtAdmin', newMinor(CategoryCode.ExposedGarbage));
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ error: 'CATEGORY_CODE_TAKEN', fields: { code: '该编码已存在' } });
      expect(await countRows(t, 'categories')).toBe(before);

      const ok = await post('districtAdmin', newMinor('SR-0199', { questions: [{ key: 'size', label: '大小', kind: 'number', required: false, min: 1 }] }));
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({ kind: 'minor', code: 'SR-0199', version: 1, active: true, minor: { majorName: '市容环卫', keywords: [], description: '' } });
      expect(await countRows(t, 'categories')).toBe(before + 1);
      expect(await countRows(t, 'category_versions', 'code = ?', ['SR-0199'])).toBe(1);
      const audit = await t.dataSource.getRepository(AuditLogEntity).findOneByOrFail({ action: 'category.create', targetId: 'SR-0199' });
      expect(audit).toMatchObject({ actorRole: 'admin', unitPath: tree.district.path, targetType: 'category' });
      // and the public catalogue shows it at once
      const pub = await t.http().get('/api/categories/SR-0199');
      expect(pub.body.data).toMatchObject({ code: 'SR-0199', version: 1 });

      const major = await post('districtAdmin', { kind: 'major', code: 'QQ', name: '测试大类', domain: '城市管理' });
      expect(major.status).toBe(201);
      expect(major.body.data).toMatchObject({ kind: 'major', code: 'QQ', majorCode: null, major: { code: 'QQ', name: '测试大类', domain: '城市管理', active: true } });
    });
  });

  describe('PATCH /api/admin/categories/:code', () => {
    const patch = (who: string | null, code: string, body: unknown) => {
      const req = t.http().patch(`/api/admin/categories/${code}`);
      if (who) req.set('authorization', as(who));
      return req.send(body as object);
    };

    it('401 -> 422 -> 403 -> 404 -> 409 -> 200: a new version; tickets keep the version they were filed under', async () => {
      const code = CategoryCode.DirtyRoad;
      const service = await t.get(CategoryService);
      const filedUnder = await service.current(code); // what a ticket filed now would keep

      expect((await patch(null, code, { version: 1, handleLimit: { amount: 3, unit: 'hours' } })).status).toBe(401);
      const noVersion = await patch('districtAdmin', code, { handleLimit: { amount: 3, unit: 'hours' } });
      expect(noVersion.status).toBe(422);
      expect(noVersion.body.fields).toEqual({ version: '缺少版本号' });
      const badField = await patch('districtAdmin', code, { version: 1, duplicateRadiusMeters: 1, code: 'SR-0001' });
      expect(badField.status).toBe(422);
      expect(badField.body.fields).toMatchObject({ duplicateRadiusMeters: '查重半径至少 10 米' });
      // valid alone, invalid merged with the current definition (maxPhotos 9 < minPhotos... via evidence)
      const merged = await patch('districtAdmin', code, { version: 1, protectedReporterSuggested: true });
      expect(merged.status).toBe(422);
      expect(merged.body.fields).toEqual({ protectedReporterSuggested: '建议保护举报人的类别必须同时设为敏感类别' });
      expect((await patch('districtAdmin', 'xx', { version: 1, name: 'x' })).status).toBe(422);

      expect((await patch('streetAdmin', code, { version: 1, name: '路面脏' })).status).toBe(403);
      expect((await patch('districtAdmin', 'SR-0999', { version: 1, name: '路面脏' })).status).toBe(404);

      const stale = await patch('districtAdmin', code, { version: 7, name: '路面脏' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'CONFLICT', data: { category: { code, version: 1, name: '道路不洁' } } });
      expect(await countRows(t, 'category_versions', 'code = ?', [code])).toBe(1);

      const ok = await patch('districtAdmin', code, { version: 1, handleLimit: { amount: 3, unit: 'hours' }, keywords: ['路面脏', '泥土'], note: '按新的保洁标准' });
      expect(ok.status).toBe(200);
      expect(ok.body.data).toMatchObject({ code, version: 2, minor: { handleLimit: { amount: 3, unit: 'hours' }, keywords: ['路面脏', '泥土'], name: '道路不洁' } });
      const audit = await t.dataSource.getRepository(AuditLogEntity).findOneByOrFail({ action: 'category.update', targetId: code });
      expect(audit.before).toEqual({ version: 1, handleLimit: { amount: 5, unit: 'hours' }, keywords: filedUnder.keywords });
      expect(audit.after).toMatchObject({ version: 2, handleLimit: { amount: 3, unit: 'hours' }, note: '按新的保洁标准' });

      // A ticket filed under version 1 still reads version 1; new tickets get version 2.
      expect(await service.version(code, filedUnder.version)).toMatchObject({ version: 1, handleLimit: { amount: 5, unit: 'hours' } });
      expect(await service.current(code)).toMatchObject({ version: 2, handleLimit: { amount: 3, unit: 'hours' } });
      const pub = await t.http().get(`/api/categories/${code}`);
      expect(pub.body.data).toMatchObject({ version: 2 });

      // The same edit again with the old version is stale now.
      expect((await patch('districtAdmin', code, { version: 1, name: '路面脏' })).status).toBe(409);
    });

    it('two admins saving the same version at once: exactly one wins', async () => {
      const code = CategoryCode.StreetLight;
      const [a, b] = await Promise.all([
        patch('districtAdmin', code, { version: 1, name: '路灯故障' }),
        patch('districtAdmin2', code, { version: 1, name: '路灯坏了' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await countRows(t, 'category_versions', 'code = ?', [code])).toBe(2);
    });

    it('deactivating hides a category from reporting but keeps its versions readable', async () => {
      const code = CategoryCode.Manhole;
      const service = await t.get(CategoryService);
      const res = await patch('districtAdmin', code, { version: 1, active: false });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ active: false, version: 2 });
      expect((await t.http().get(`/api/categories/${code}`)).status).toBe(404);
      const treeRes = await t.http().get('/api/categories').query({ major: 'SS' });
      expect(treeRes.body.data[0].children.map((c: { code: string }) => c.code)).not.toContain(code);
      await expect(service.current(code)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: { categoryCode: '请选择有效的问题类别' } });
      expect(await service.version(code, 1)).toMatchObject({ code, version: 1, active: true });
      const inactive = await t.http().get('/api/admin/categories').set('authorization', as('districtAdmin')).query({ active: 'false' });
      expect(inactive.body.data.map((c: { code: string }) => c.code)).toEqual([code]);
    });

    it('a major: only name, domain and active; deactivating it hides its minors', async () => {
      const wrong = await patch('districtAdmin', 'WY', { version: 1, departments: ['property'] });
      expect(wrong.status).toBe(422);
      expect(wrong.body.fields).toEqual({ departments: '大类不能设置此项' });
      const ok = await patch('districtAdmin', 'WY', { version: 1, name: '物业管理', active: false });
      expect(ok.status).toBe(200);
      expect(ok.body.data).toMatchObject({ kind: 'major', name: '物业管理', version: 2, major: { name: '物业管理', active: false } });
      const pub = await t.http().get('/api/categories');
      expect(pub.body.data.map((n: { code: string }) => n.code)).not.toContain('WY');
      await expect((await t.get(CategoryService)).current('WY-1601')).rejects.toBeInstanceOf(AppError);
      // a minor cannot take a major's field
      const minorDomain = await patch('districtAdmin', 'SR-0103', { version: 1, domain: '城市管理' });
      expect(minorDomain.body.fields).toEqual({ domain: '小类不能设置所属领域' });
    });
  });

  describe('GET /api/admin/categories/:code/versions', () => {
    it('401 -> 403 -> 404 -> 200 newest first, with the editor and the changed fields', async () => {
      const url = `/api/admin/categories/${CategoryCode.DirtyRoad}/versions`;
      expect((await t.http().get(url)).status).toBe(401);
      expect((await t.http().get(url).set('authorization', as('resident'))).status).toBe(403);
      expect((await t.http().get('/api/admin/categories/SR-0999/versions').set('authorization', as('districtAdmin'))).status).toBe(404);
      expect((await t.http().get('/api/admin/categories/bad/versions').set('authorization', as('districtAdmin'))).status).toBe(422);
      const res = await t.http().get(url).set('authorization', as('streetAdmin'));
      expect(res.status).toBe(200);
      expect(res.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(res.body.data[0]).toMatchObject({ editor: { nickname: 'districtAdmin' }, note: '按新的保洁标准', changed: ['handleLimit', 'keywords'] });
      expect(res.body.data[1]).toMatchObject({ editor: null, note: '内置类别目录', changed: [], snapshot: { handleLimit: { amount: 5, unit: 'hours' } } });
    });
  });

  describe('departments on grants and role requests', () => {
    it('a department handler grant carries its department into the session and GET /api/me', async () => {
      const handler = await buildUser(t, { nickname: '城管处置员' });
      const repo = t.dataSource.getRepository((await import('../src/modules/user/role-grant.entity')).RoleGrantEntity);
      await repo.save(repo.create({ userId: handler.id, role: 'department_handler', unitId: tree.district.id, grantedBy: null, departmentCode: 'chengguan' }));
      const token = await loginAs(t, handler);
      const me = await t.http().get('/api/me').set('authorization', bearer(token));
      expect(me.body.data.roles).toContainEqual({
        role: 'department_handler',
        roleLabel: '职能部门',
        unit: { id: tree.district.id, code: '320111', name: '浦口区', level: 'district' },
        department: { code: 'chengguan', name: '城管' },
      });
      const { SessionService } = await import('../src/modules/auth/session.service');
      const grants = await (await t.get(SessionService)).grantsOf(handler.id);
      expect(grants).toEqual([{ role: 'department_handler', unitId: tree.district.id, unitPath: tree.district.path, department: 'chengguan' }]);
    });

    it('a department_handler request needs a department, which the approved grant gets', async () => {
      const applicant = await buildUser(t, { nickname: '申请人' });
      const token = await loginAs(t, applicant);
      const file = (body: object) => t.http().post('/api/me/role-requests').set('authorization', bearer(token)).send(body);
      const missing = await file({ role: 'department_handler', unitId: tree.district.id, reason: '区市场监管局执法人员' });
      expect(missing.status).toBe(422);
      expect(missing.body.fields).toEqual({ department: '请选择所在的职能部门' });
      const extra = await file({ role: 'shop_owner', unitId: tree.grid.id, reason: '开店', department: 'market' });
      expect(extra.body.fields).toEqual({ department: '只有职能部门身份需要选择部门' });
      const unknown = await file({ role: 'department_handler', unitId: tree.district.id, reason: '执法人员', department: 'mars' });
      expect(unknown.body.fields).toEqual({ department: '请选择所在的职能部门' });
      const ok = await file({ role: 'department_handler', unitId: tree.district.id, reason: '区市场监管局执法人员', department: 'market' });
      expect(ok.status).toBeLessThan(300);
      expect(ok.body.data.department).toEqual({ code: 'market', name: '市场监管' });

      const review = await t.http().post(`/api/admin/role-requests/${ok.body.data.id}/review`).set('authorization', as('districtAdmin')).send({ approve: true });
      expect(review.status).toBe(200);
      expect(await countRows(t, 'role_grants', "user_id = ? AND role = 'department_handler' AND department_code = 'market'", [applicant.id])).toBe(1);
    });

    it('the demo department handler 城管孙师傅 is granted 城管', async () => {
      const { AccountSeeder } = await import('../src/modules/user/account.seeder');
      await (await t.get(AccountSeeder)).seed();
      const rows = await t.dataSource.query(
        "SELECT g.department_code AS d FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.demo_key = 'department_handler' AND g.role = 'department_handler'",
      );
      expect(rows).toEqual([{ d: 'chengguan' }]);
    });
  });
});
