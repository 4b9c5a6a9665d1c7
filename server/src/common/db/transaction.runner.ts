import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * `dataSource.transaction` that is safe on sql.js too. sql.js has ONE connection and TypeORM turns a
 * transaction started while another is open into a SAVEPOINT of it, so two concurrent requests would
 * commit or roll back each other's work. On sql.js this runner queues transactions one after another;
 * on MySQL/MariaDB it is a plain `dataSource.transaction` (each gets its own pooled connection).
 *
 * Every service that writes in a transaction uses this runner, never `dataSource.transaction` directly.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TransactionRunner {
  @InjectDataSource()
  dataSource: DataSource;

  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` in a transaction (serialised on sql.js) and returns its result. */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'sqljs') return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
