import { In } from 'typeorm';
import type { LngLat } from '@linli/shared';
import { insertRow, insertRows, placeholders, selectRows, sqlValue } from '../../src/common/db/sql-rows';
import { UnitEntity } from '../../src/modules/unit/unit.entity';
import { UserEntity } from '../../src/modules/user/user.entity';
import { startTestApp, TestApp } from '../helpers/app';

/** The hand-written SQL helpers must read and write exactly what TypeORM reads and writes, on both drivers. */
describe('sql-rows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('insertRow answers the generated id; the row reads back through TypeORM as written (dates, JSON, nulls)', async () => {
    const m = t.dataSource.manager;
    const deletedAt = new Date('2026-03-04T05:06:07Z');
    const id = await insertRow(m, UserEntity, { nickname: '写入者', openid: 'sql-rows-1', deletedAt, phoneEnc: null });
    const back = await m.findOneByOrFail(UserEntity, { id });
    expect(back).toMatchObject({ id, nickname: '写入者', openid: 'sql-rows-1', deletedAt, phoneEnc: null });
    expect(back.createdAt).toBeInstanceOf(Date); // left undefined: the database default

    const polygon: LngLat[][] = [[[118.1, 32.1], [118.2, 32.1], [118.2, 32.2], [118.1, 32.1]]];
    const unitId = await insertRow(m, UnitEntity, { code: '999999999999999', name: '测试网格', level: 'grid', parentId: null, path: '/999999999999999/', polygon });
    expect((await m.findOneByOrFail(UnitEntity, { id: unitId })).polygon).toEqual(polygon);
  });

  it('insertRows writes every row in one statement and answers the first id', async () => {
    const m = t.dataSource.manager;
    const first = await insertRows(m, UserEntity, [
      { nickname: '甲', openid: 'sql-rows-a' },
      { nickname: '乙', openid: 'sql-rows-b' },
      { nickname: '丙', openid: 'sql-rows-c' },
    ]);
    const rows = await m.find(UserEntity, { where: { openid: In(['sql-rows-a', 'sql-rows-b', 'sql-rows-c']) }, order: { id: 'ASC' } });
    expect(rows.map((r) => [r.id, r.nickname])).toEqual([
      [first, '甲'],
      [first + 1, '乙'],
      [first + 2, '丙'],
    ]);
  });

  it('selectRows hydrates like TypeORM; other result columns pass through; sqlValue converts parameters', async () => {
    const m = t.dataSource.manager;
    const a = await insertRow(m, UserEntity, { nickname: '读者甲', openid: 'sql-rows-r1', deletedAt: new Date('2026-01-02T03:04:05Z') });
    const b = await insertRow(m, UserEntity, { nickname: '读者乙', openid: 'sql-rows-r2' });
    const ids = [a, b];
    const mine = await selectRows(m, UserEntity, `SELECT * FROM \`users\` WHERE \`id\` IN (${placeholders(ids.length)}) ORDER BY \`id\``, ids);
    const theirs = await m.find(UserEntity, { where: { id: In(ids) }, order: { id: 'ASC' } });
    expect(mine).toEqual(theirs);
    expect(mine[0]).toBeInstanceOf(UserEntity);

    const [row] = await selectRows<UserEntity & { n: number }>(
      m,
      UserEntity,
      'SELECT `id`, 41 + 1 AS `n` FROM `users` WHERE `deleted_at` < ? AND `id` = ?',
      [sqlValue(m, UserEntity, 'deletedAt', new Date('2026-02-01T00:00:00Z')), a],
    );
    expect(row.id).toBe(a);
    expect(Number(row.n)).toBe(42);
  });
});
