import { EntityManager } from 'typeorm';
import { UnitEntity } from '../../../src/modules/unit/unit.entity';
import { startTestApp, TestApp } from '../../helpers/app';
import { count, csv, PUKOU_CSV, signedIn, systemImport, unitByCode } from './unit.test-helpers';

const URL = '/api/admin/units/import-divisions';

describe('POST /api/admin/units/import-divisions', () => {
  let t: TestApp;
  let pukouAdmin: string;
  let luheAdmin: string;
  let streetAdmin: string;
  let gridWorker: string;
  let pukouAdminId: number;
  const post = (auth: string | null, body: unknown) => {
    const req = t.http().post(URL);
    if (auth) req.set('Authorization', auth);
    return req.send(body as object);
  };

  beforeAll(async () => {
    t = await startTestApp();
    // Top-level districts can only come from the system (see unit.policy.ts canCreateRootUnit).
    await systemImport(t, '320111,浦口区,district,3201', '320116,六合区,district,3201', '320111001,泰山街道,street,320111');
    const admin = await signedIn(t, 'admin', '320111');
    pukouAdmin = admin.auth;
    pukouAdminId = admin.userId;
    luheAdmin = (await signedIn(t, 'admin', '320116')).auth;
    streetAdmin = (await signedIn(t, 'admin', '320111001')).auth;
    gridWorker = (await signedIn(t, 'district_dispatcher', '320111')).auth;
  });
  afterAll(() => t.close());

  describe('the walk', () => {
    it('401 without a session', async () => {
      const res = await post(null, { csv: PUKOU_CSV });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ ok: false, error: 'UNAUTHENTICATED', message: '请先登录' });
    });

    it('422 on invalid input, per field', async () => {
      let res = await post(pukouAdmin, {});
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED', fields: { csv: '请提供 CSV 内容' } });
      res = await post(pukouAdmin, { csv: '', dryRun: false });
      expect(res.body.fields).toEqual({ csv: '请提供 CSV 内容' });
      res = await post(pukouAdmin, { csv: PUKOU_CSV, dryRun: 'yes' });
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ dryRun: 'dryRun 应为 true 或 false' });
      expect(res.body.message).toBe('dryRun: dryRun 应为 true 或 false');
      res = await post(pukouAdmin, { csv: PUKOU_CSV, extra: 1 });
      expect(res.body.fields).toEqual({ _: '不认识的字段：extra' });
    });

    it('422 IMPORT_MALFORMED / IMPORT_EMPTY for unusable files', async () => {
      let res = await post(pukouAdmin, { csv: 'id,name\n1,x' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'IMPORT_MALFORMED', message: '导入文件格式错误：第 1 行应为表头 code,name,level,parent_code' });
      res = await post(pukouAdmin, { csv: 'code,name,level,parent_code\n\n' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'IMPORT_EMPTY', message: '导入文件没有可用的数据行' });
      const many = Array.from({ length: 20_001 }, (_, i) => `320111${String(i).padStart(6, '0')},社区${i},community,320111001`);
      res = await post(pukouAdmin, { csv: csv(...many) });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'IMPORT_MALFORMED', message: '导入文件最多 20000 行，实际 20001 行' });
      expect(await count(t, 'units')).toBe(3);
    });

    it('403 for a caller who is not an admin', async () => {
      const res = await post(gridWorker, { csv: PUKOU_CSV });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
    });

    it('rejects every row outside the admin units of an admin of another district', async () => {
      const res = await post(luheAdmin, { csv: PUKOU_CSV });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
      expect(res.body.data.rejected).toHaveLength(141);
      expect(res.body.data.rejected[0]).toEqual({ line: 2, code: '320111', reason: '编码“320111”不在您管辖的辖区内' });
      expect(res.body.data.rejected[1]).toEqual({ line: 3, code: '320111001', reason: '编码“320111001”不在您管辖的辖区内' });
      // 顶山街道 is not in the database and its parent row was refused
      expect(res.body.data.rejected[2]).toEqual({ line: 4, code: '320111002', reason: '编码“320111002”不在您管辖的辖区内' });
      expect(await count(t, 'units')).toBe(3);
    });

    it('dry run reports what would happen and writes nothing', async () => {
      const audits = await count(t, 'audit_logs');
      const res = await post(pukouAdmin, { csv: PUKOU_CSV, dryRun: true });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ dryRun: true, created: 139, updated: 0, unchanged: 2, rejected: [] });
      expect(res.body.data.changedCodes).toHaveLength(139);
      expect(await count(t, 'units')).toBe(3);
      expect(await count(t, 'audit_logs')).toBe(audits);
    });

    it('imports the real Pukou file, then finds everything unchanged the second time', async () => {
      const res = await post(pukouAdmin, { csv: PUKOU_CSV });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: true,
        data: { dryRun: false, created: 139, updated: 0, unchanged: 2, rejected: [], changedCodes: expect.any(Array) },
      });
      expect(res.body.data.changedCodes).toHaveLength(139);
      expect(res.body.data.changedCodes[0]).toBe('320111002');
      expect(await count(t, 'units', "path LIKE '/320111/%'")).toBe(141);

      const again = await post(pukouAdmin, { csv: PUKOU_CSV });
      expect(again.body.data).toMatchObject({ created: 0, updated: 0, unchanged: 141, rejected: [], changedCodes: [] });

      const audits = await t.dataSource.query(
        `SELECT actor_id, actor_role, unit_path, target_type, after FROM audit_logs WHERE action = 'units.import_divisions' AND actor_id = ${pukouAdminId} ORDER BY id`,
      );
      expect(audits).toHaveLength(2);
      expect(audits[0]).toMatchObject({ actor_role: 'admin', unit_path: '/320111/', target_type: 'unit' });
      expect(JSON.parse(audits[0].after)).toEqual({ created: 139, updated: 0, unchanged: 2, rejected: 0 });
      expect(JSON.parse(audits[1].after)).toEqual({ created: 0, updated: 0, unchanged: 141, rejected: 0 });
    });
  });

  it('reports bad rows with line numbers and reasons while the good rows apply', async () => {
    const file = csv(
      '320111001901,好社区甲,community,320111001', // 2 ok
      '320111999001,孤儿社区,community,320111999', // 3 unknown parent
      '32011100190,短编码社区,community,320111001', // 4 wrong code length
      '320111001902,层级不符,street,320111', // 5 level mismatch (a community code as a street)
      '320111001903,,community,320111001', // 6 empty name
      '320111001904,重复甲,community,320111001', // 7 duplicate
      '320111001904,重复乙,community,320111001', // 8 duplicate
      '320111001904001,重复下的网格,grid,320111001904', // 9 parent rejected
      '320111001905,"带,逗号的社区",community,320111001', // 10 ok (quoted)
      '320111001906,多一列,community,320111001,x', // 11 malformed
      '320111001907,村,village,320111001', // 12 bad level
      '320113,新区,district,3201', // 13 new top-level district: only the system may
    );
    const res = await post(pukouAdmin, { csv: file });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ created: 2, updated: 0, unchanged: 0, changedCodes: ['320111001901', '320111001905'] });
    expect(res.body.data.rejected).toEqual([
      { line: 3, code: '320111999001', reason: '上级编码“320111999”不存在' },
      { line: 4, code: '32011100190', reason: '编码“32011100190”长度应为 12 位（community）' },
      { line: 5, code: '320111001902', reason: '编码“320111001902”长度应为 9 位（street）' },
      { line: 6, code: '320111001903', reason: '名称不能为空' },
      { line: 7, code: '320111001904', reason: '编码“320111001904”在文件中重复出现（第 7、8 行）' },
      { line: 8, code: '320111001904', reason: '编码“320111001904”在文件中重复出现（第 7、8 行）' },
      { line: 9, code: '320111001904001', reason: '上级编码“320111001904”所在行未能导入' },
      { line: 11, code: null, reason: '应有 4 列，实际 5 列' },
      { line: 12, code: '320111001907', reason: '层级“village”无效，应为 district、street、community 或 grid' },
      { line: 13, code: '320113', reason: '上级编码“3201”不存在' },
    ]);
    expect((await unitByCode(t, '320111001905'))?.name).toBe('带,逗号的社区');
    expect(await unitByCode(t, '320111001904')).toBeNull();
    expect(await unitByCode(t, '320113')).toBeNull();
  });

  it('accepts children before their parents in the file', async () => {
    const res = await post(pukouAdmin, {
      csv: csv('320111001911001,后父网格,grid,320111001911', '320111001911,后父社区,community,320111001'),
    });
    expect(res.body.data).toMatchObject({ created: 2, rejected: [] });
    expect((await unitByCode(t, '320111001911001'))?.path).toBe('/320111/320111001/320111001911/320111001911001/');
  });

  it('renames, and repairs a unit filed under the wrong parent together with its subtree', async () => {
    // Codes embed their parent's code, so a parent change only happens to repair drifted data: here a
    // community of 泰山街道 (320111001) stored under 顶山街道 (320111002), with a grid below it.
    const repo = t.dataSource.getRepository(UnitEntity);
    const wrongStreet = (await unitByCode(t, '320111002'))!;
    const drifted = await repo.save(repo.create({ code: '320111001941', name: '错挂社区', level: 'community', parentId: wrongStreet.id, path: '/320111/320111002/320111001941/', polygon: null }));
    await repo.save(repo.create({ code: '320111001941001', name: '错挂网格', level: 'grid', parentId: drifted.id, path: '/320111/320111002/320111001941/320111001941001/', polygon: null }));

    const res = await post(pukouAdmin, {
      csv: csv('320111001941,错挂社区,community,320111001', '320111002,顶山街道（新）,street,320111'),
    });
    expect(res.body.data).toMatchObject({ created: 0, updated: 2, unchanged: 0, rejected: [], changedCodes: ['320111001941', '320111002'] });
    const street = (await unitByCode(t, '320111001'))!;
    expect(await unitByCode(t, '320111001941')).toMatchObject({ parentId: street.id, path: '/320111/320111001/320111001941/' });
    expect((await unitByCode(t, '320111001941001'))?.path).toBe('/320111/320111001/320111001941/320111001941001/');
    expect((await unitByCode(t, '320111002'))?.name).toBe('顶山街道（新）');
    const back = await post(pukouAdmin, { csv: csv('320111001941,错挂社区,community,320111001', '320111002,顶山街道,street,320111') });
    expect(back.body.data).toMatchObject({ updated: 1, unchanged: 1, changedCodes: ['320111002'] });
  });

  it('limits a street admin to their street (own row included)', async () => {
    const res = await post(streetAdmin, {
      csv: csv('320111001,泰山街道,street,320111', '320111001921,街道管理员建的社区,community,320111001', '320111002921,隔壁街道的社区,community,320111002', '320111,浦口区,district,3201'),
    });
    expect(res.status).toBe(200);
    expect(res.body.data.rejected).toEqual([
      { line: 4, code: '320111002921', reason: '编码“320111002921”不在您管辖的辖区内' },
      { line: 5, code: '320111', reason: '编码“320111”不在您管辖的辖区内' },
    ]);
    expect(res.body.data).toMatchObject({ unchanged: 1, created: 1, changedCodes: ['320111001921'] });
    // nor may they pull a unit of another street into theirs (here: drifted data under 320111002)
    const repo = t.dataSource.getRepository(UnitEntity);
    const other = (await unitByCode(t, '320111002'))!;
    await repo.save(repo.create({ code: '320111001951', name: '别处的社区', level: 'community', parentId: other.id, path: '/320111/320111002/320111001951/', polygon: null }));
    const pull = await post(streetAdmin, { csv: csv('320111001951,别处的社区,community,320111001') });
    expect(pull.body.data.rejected).toEqual([{ line: 2, code: '320111001951', reason: '编码“320111001951”不在您管辖的辖区内' }]);
    expect((await unitByCode(t, '320111001951'))?.path).toBe('/320111/320111002/320111001951/');
  });

  it('writes nothing when the database fails in the middle of the transaction', async () => {
    const before = { units: await count(t, 'units'), audits: await count(t, 'audit_logs') };
    const original = EntityManager.prototype.insert;
    let calls = 0;
    const spy = jest.spyOn(EntityManager.prototype, 'insert').mockImplementation(function (this: EntityManager, ...args: Parameters<EntityManager['insert']>) {
      calls += 1;
      if (calls === 3) return Promise.reject(new Error('disk full'));
      return original.apply(this, args);
    });
    const res = await post(pukouAdmin, {
      csv: csv('320111001931,失败社区一,community,320111001', '320111001931001,失败网格,grid,320111001931', '320111001932,失败社区二,community,320111001'),
    });
    spy.mockRestore();
    expect(calls).toBe(3); // community level, grid level, then the audit row failed
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ ok: false, error: 'INTERNAL_ERROR', message: '服务器开小差了，请稍后再试' });
    expect(await count(t, 'units')).toBe(before.units);
    expect(await count(t, 'audit_logs')).toBe(before.audits);
    expect(await unitByCode(t, '320111001931')).toBeNull();
  });
});
