import { TransactionRunner } from '../../../src/common/db/transaction.runner';
import { NotificationService } from '../../../src/modules/notification/notification.service';
import { countRows } from '../../factories';
import { startTestApp, TEST_DB, TestApp } from '../../helpers/app';
import { bulkUsers } from './notification.helpers';

const vars = () => ({ ticketNo: 'T9', summary: '楼道灯不亮', status: '已结案', time: new Date() });

/**
 * Many notifies at once, as in production: redemptions notify one user each in their own transaction,
 * tickets and alerts notify inside the caller's transaction (sometimes twice in it), and a retried notify
 * may race the original. The old delivery INSERT ... SELECT took MariaDB's table-level AUTO-INC lock (a
 * "bulk insert" under innodb_autoinc_lock_mode=1) on top of its SELECT's shared locks; notifies waited for
 * each other (one for the AUTO-INC lock, another for a locked gap) and the deadlock came back as 1467
 * "Failed to read auto-increment value" or 1213: about 100 of these 120 failed. On sql.js (one connection,
 * transactions queued) it checks the counts only.
 */
describe('NotificationService.notify under concurrency', () => {
  let t: TestApp;
  let sut: NotificationService;
  let tx: TransactionRunner;

  beforeAll(async () => {
    t = await startTestApp();
    sut = await t.get(NotificationService);
    tx = await t.get(TransactionRunner);
  });
  afterAll(() => t.close());

  it('120 notifies at once (20 connections) about overlapping users all commit: one inbox row and one delivery per template, ref and user', async () => {
    const users = await bulkUsers(t, 24, `conc${Date.now()}`);
    /** A window of 12 of the 24 users starting at `i` (neighbours overlap by 11). */
    const window = (i: number) => Array.from({ length: 12 }, (_, j) => users[(i + j) % users.length]);
    const expected = new Map<string, Set<number>>();
    const want = (ref: string, ids: number[]) => {
      const s = expected.get(ref) ?? new Set<number>();
      ids.forEach((id) => s.add(id));
      expected.set(ref, s);
    };
    /** Each job answers how many deliveries it created. */
    const jobs: Array<{ kind: string; run: () => Promise<number> }> = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 40; i++) {
        const ref = `c${round}-${i}`;
        const shape = i % 4;
        if (shape === 0) {
          // A notice in its own transaction (a redemption).
          const ids = [users[(i * 7 + round) % users.length]];
          want(ref, ids);
          jobs.push({ kind: 'own transaction', run: async () => (await sut.notify(ids, 'ticket_closed', vars(), ref)).created });
        } else if (shape === 1) {
          // Inside the caller's transaction, twice (a ticket notifying the reporter and the handlers).
          const a = window(i + round);
          const b = window(i + round + 5).reverse();
          want(`${ref}a`, a);
          want(`${ref}b`, b);
          jobs.push({
            kind: "two in the caller's transaction",
            run: () =>
              tx.run(async (m) => {
                const first = await sut.notify(a, 'ticket_closed', vars(), `${ref}a`, m);
                const second = await sut.notify(b, 'ticket_closed', vars(), `${ref}b`, m);
                return first.created + second.created;
              }),
          });
        } else if (shape === 2) {
          // A notify racing its retry (same template, ref and users; the two list the users in opposite orders).
          const pair = Math.floor(i / 8);
          const ids = window(pair + round);
          const shared = `c${round}-retried-${pair}`;
          want(shared, ids);
          jobs.push({ kind: 'racing its retry', run: async () => (await sut.notify(i % 8 === 2 ? ids : [...ids].reverse(), 'ticket_closed', vars(), shared)).created });
        } else {
          // Inside the caller's transaction, once (an alert's fan-out).
          const ids = window(i * 3 + round);
          want(ref, ids);
          jobs.push({ kind: "one in the caller's transaction", run: () => tx.run(async (m) => (await sut.notify(ids, 'ticket_closed', vars(), ref, m)).created) });
        }
      }
    }

    const results = await Promise.allSettled(jobs.map((job) => job.run()));
    const failures: Record<string, number> = {};
    results.forEach((r, k) => {
      if (r.status === 'rejected') {
        const key = `${jobs[k].kind}: ${describeError(r.reason)}`;
        failures[key] = (failures[key] ?? 0) + 1;
      }
    });
    if (Object.keys(failures).length) console.log(`[notification] concurrent notifies failed on ${TEST_DB} (of ${jobs.length}):`, failures);
    expect(failures).toEqual({});

    const pairs = [...expected.values()].reduce((n, s) => n + s.size, 0);
    // Every delivery counted once as created, whichever of two racing notifies wrote it.
    expect(results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0)).toBe(pairs);
    expect(await countRows(t, 'notifications', "ref LIKE 'c%'")).toBe(pairs);
    expect(await countRows(t, 'notification_deliveries d JOIN notifications n ON n.id = d.notification_id', "n.ref LIKE 'c%'")).toBe(pairs);
    const rows: Array<{ ref: string; user_id: number; deliveries: number }> = await t.dataSource.query(
      `SELECT n.ref, n.user_id, COUNT(d.id) AS deliveries FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.id
       WHERE n.ref LIKE 'c%' GROUP BY n.id, n.ref, n.user_id`,
    );
    expect(rows.filter((r) => Number(r.deliveries) !== 1)).toEqual([]);
    for (const r of rows) expect(expected.get(r.ref)?.has(Number(r.user_id))).toBe(true);
  }, 60_000);
});

function describeError(e: unknown): string {
  const err = e as { errno?: number; driverError?: { errno?: number }; message?: string };
  const errno = err.driverError?.errno ?? err.errno;
  return `${errno ?? '-'} ${String(err.message).slice(0, 80)}`;
}
