import { TransactionRunner } from '../../src/common/db/transaction.runner';
import { UserEntity } from '../../src/modules/user/user.entity';
import { startTestApp, TestApp } from '../helpers/app';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(TransactionRunner.name, () => {
  let t: TestApp;
  let sut: TransactionRunner;
  beforeAll(async () => {
    t = await startTestApp();
    sut = await t.get(TransactionRunner);
  });
  afterAll(() => t.close());

  it('keeps concurrent transactions apart: a rollback never undoes another commit', async () => {
    const slowCommit = sut.run(async (m) => {
      await m.insert(UserEntity, { nickname: '提交者', openid: 'tx-commit' });
      await pause(30);
    });
    const failing = (async () => {
      await pause(5);
      return sut.run(async (m) => {
        await m.insert(UserEntity, { nickname: '回滚者', openid: 'tx-rollback' });
        await pause(60);
        throw new Error('boom');
      });
    })();
    await slowCommit;
    await expect(failing).rejects.toThrow('boom');
    const users = t.dataSource.getRepository(UserEntity);
    expect(await users.countBy({ openid: 'tx-commit' })).toBe(1);
    expect(await users.countBy({ openid: 'tx-rollback' })).toBe(0);
  });
});
