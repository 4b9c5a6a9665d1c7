import { ChildProcess, spawn } from 'child_process';
import { join } from 'path';
import { createAlertSchema } from '@linli/shared';
import type { AuthState } from '../src/common/auth/auth.context';
import { AlertService } from '../src/modules/alert/alert.service';
import { NotificationWorker } from '../src/modules/notification/notification.worker';
import type { WechatFake } from './fakes/wechat-fake';
import { buildUnitTree, buildUser, countRows, grantRole, startAppWithWechatFake } from './factories';
import { TEST_DB, type TestApp } from './helpers/app';
import { bulkUsers } from './modules/notification/notification.helpers';
import { alertInput, bulkCredits, bulkMembers, buildGroup } from './alert.helpers';

const MEMBERS = 10_000;
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://linli:linli@127.0.0.1:3306/linli_test';

/**
 * The "done when": an alert to a group of 10,000 members writes every feed row and every WeChat
 * delivery job in <= 2 s (bulk writes, one transaction), and every member is notified exactly once in
 * the app and at most once on WeChat even when the delivery worker is killed (SIGKILL, sends in flight)
 * and another worker finishes the run: nobody gets a message twice, everyone not in flight at the kill
 * gets exactly one, and the in-flight ones are ended as `interrupted` without a resend (WeChat has no
 * idempotency key: a resend could be a duplicate). The worker runs in a child process against the same
 * MariaDB and the fake WeChat server of the tests.
 */
describe('alert fan-out to 10,000 members', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let officer: AuthState;
  let memberIds: number[];
  let alertId: number;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    const tree = await buildUnitTree(t);
    const police = await buildUser(t, { nickname: '刘警官' });
    await grantRole(t, police, 'community_police', tree.community);
    const group = await buildGroup(t, tree.community, police, '津浦平安群');
    memberIds = await bulkUsers(t, MEMBERS, `fan${Date.now()}`);
    await bulkMembers(t, group, memberIds);
    await bulkCredits(t, memberIds, 1);
    officer = { userId: police.id, sessionId: 0, expiresAt: new Date(Date.now() + 3600_000), grants: [{ role: 'community_police', unitId: tree.community.id, unitPath: tree.community.path }] };
    (officer as AuthState & { groupId: number }).groupId = group.id;
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await closeAll();
  });

  it(`writes ${MEMBERS} feed rows and delivery jobs in <= 2 s (MariaDB)`, async () => {
    const sut = await t.get(AlertService);
    const groupId = (officer as AuthState & { groupId: number }).groupId;
    const started = process.hrtime.bigint();
    const { view } = await sut.create(officer, createAlertSchema.parse(alertInput([groupId], { severity: 'urgent' })));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    alertId = view.alert.id;
    console.log(`[alert] fan-out to ${MEMBERS} members on ${TEST_DB}: ${ms.toFixed(0)} ms (alert, ${MEMBERS} feed rows, ${MEMBERS} inbox rows, ${MEMBERS} delivery jobs, audit)`);
    expect(view.alert.recipientCount).toBe(MEMBERS);
    expect(await countRows(t, 'alert_recipients', 'alert_id = ?', [alertId])).toBe(MEMBERS);
    expect(await countRows(t, 'notifications', "template_key = 'police_alert' AND ref = ?", [String(alertId)])).toBe(MEMBERS);
    expect(await countRows(t, 'notification_deliveries', "status = 'queued'")).toBe(MEMBERS);
    // The bound is for MariaDB. sql.js (the one-connection demo database, pure WebAssembly) is
    // CPU-bound and slows down with whatever else runs on the machine: it gets a looser bound.
    expect(ms).toBeLessThanOrEqual(TEST_DB === 'mariadb' ? 2000 : 5000);
  }, 60_000);

  const mariadbOnly = TEST_DB === 'mariadb' ? it : it.skip;
  if (TEST_DB !== 'mariadb') console.warn('[alert] the kill-and-restart run needs a worker in a second process: MariaDB only (sql.js is one in-process file)');

  mariadbOnly('every member exactly once in the app and at most once on WeChat, with the worker killed mid-run and restarted', async () => {
    fake.clear();
    // 1. A worker in its own process starts sending...
    child = spawn(process.execPath, [join(__dirname, 'alert.worker-child.js')], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, TEST_DB: 'mariadb', TEST_DATABASE_URL, WECHAT_API_BASE: fake.url, CHILD_BATCH: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    // 2. ...and is killed with SIGKILL once a quarter of the members have their message.
    const deadline = Date.now() + 90_000;
    while (fake.sends.length < MEMBERS / 4) {
      if (child.exitCode !== null) throw new Error(`worker exited early:\n${out}`);
      if (Date.now() > deadline) throw new Error(`worker too slow (${fake.sends.length} sends):\n${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const sentAtKill = fake.sends.length;
    const midRun = await t.dataSource.query('SELECT status, COUNT(*) AS n FROM notification_deliveries GROUP BY status');
    console.log(`[alert] worker killed after ${sentAtKill} sends; delivery states then: ${JSON.stringify(midRun.map((r: { status: string; n: number }) => [r.status, Number(r.n)]))}`);
    expect(sentAtKill).toBeLessThan(MEMBERS);

    // 3. A new worker (this process) takes over once the dead worker's leases have run out.
    const worker = await t.get(NotificationWorker);
    const cfg = worker.config.notifications;
    const afterLeases = () => new Date(Date.now() + Math.max(cfg.claimLeaseMs, cfg.sendLeaseMs) + 1000);
    let interrupted = 0;
    for (let i = 0; i < 500; i++) {
      const s = await worker.runOnce(afterLeases());
      interrupted += s.interrupted;
      if (s.claimed === 0) break;
    }

    // 4. Everything settled; nobody twice; everyone but the in-flight few exactly once on WeChat.
    const states = await t.dataSource.query(
      "SELECT d.user_id, d.status, d.last_errcode FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.ref = ?",
      [String(alertId)],
    );
    expect(states).toHaveLength(MEMBERS);
    expect(states.filter((s: { status: string }) => !['sent', 'error'].includes(s.status))).toEqual([]);
    const perOpenid = new Map<string, number>();
    for (const s of fake.sends) perOpenid.set(s.touser, (perOpenid.get(s.touser) ?? 0) + 1);
    const twice = [...perOpenid.values()].filter((n) => n > 1).length;
    expect(twice).toBe(0);
    const sentRows = states.filter((s: { status: string }) => s.status === 'sent').length;
    const interruptedRows = states.filter((s: { status: string; last_errcode: string }) => s.status === 'error' && s.last_errcode === 'interrupted').length;
    expect(sentRows + interruptedRows).toBe(MEMBERS);
    expect(interruptedRows).toBe(interrupted);
    // Only sends in flight at the kill can be interrupted: at most the worker's concurrency.
    expect(interruptedRows).toBeLessThanOrEqual(cfg.concurrency);
    // Every `sent` row is exactly one message at WeChat; an interrupted one reached WeChat once or not at all.
    expect(fake.sends.length).toBeGreaterThanOrEqual(sentRows);
    expect(fake.sends.length).toBeLessThanOrEqual(MEMBERS);
    const reachedInterrupted = fake.sends.length - sentRows;
    console.log(
      `[alert] after restart: ${sentRows} sent, ${interruptedRows} interrupted mid-send (not resent; ${reachedInterrupted} of them had reached WeChat), ` +
        `${fake.sends.length} WeChat messages for ${MEMBERS} members, 0 duplicates`,
    );
    // In the app everyone has exactly one feed row and one inbox message.
    const feed = await t.dataSource.query('SELECT COUNT(*) AS n, COUNT(DISTINCT user_id) AS d FROM alert_recipients WHERE alert_id = ?', [alertId]);
    expect([Number(feed[0].n), Number(feed[0].d)]).toEqual([MEMBERS, MEMBERS]);
    const inbox = await t.dataSource.query("SELECT COUNT(*) AS n, COUNT(DISTINCT user_id) AS d FROM notifications WHERE template_key = 'police_alert' AND ref = ?", [String(alertId)]);
    expect([Number(inbox[0].n), Number(inbox[0].d)]).toEqual([MEMBERS, MEMBERS]);
    // Credits: one spent per message handed to WeChat; an interrupted row keeps its credit spent, unless the
    // kill fell between its `sending` UPDATE and the credit UPDATE (statements commit one by one on MySQL).
    const credits = await t.dataSource.query("SELECT SUM(credits) AS left_ FROM notification_subscriptions WHERE template_key = 'police_alert'");
    expect(Number(credits[0].left_)).toBeLessThanOrEqual(interruptedRows);
  }, 180_000);
});
