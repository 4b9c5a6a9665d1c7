#!/usr/bin/env node
/**
 * `node bench/notification.bench.js`: WeChat delivery throughput of the notification worker, beside a
 * bare baseline in the same run.
 *
 * - Linli: the BUILT server (server/dist) started in-process with @midwayjs/mock's createApp on MariaDB
 *   (the unittest config: the worker is not started by itself, this script drives it), pointed at the
 *   fake WeChat server of the tests (server/test/fakes/wechat-fake.ts, compiled on the fly with swc) on
 *   loopback. N queued deliveries to users with one credit each; `NotificationWorker.drain()` sends them
 *   all (claim batches, queued->sending, credit spend, subscribe/send, sent) and we count sends/s.
 * - Bare: the same N messages POSTed to the same fake with the same concurrency using plain fetch, and a
 *   plain mysql2 UPDATE per message (no framework, no claim, no credits).
 * - Fan-out: `NotificationService.notify` for 10 and for 10,000 recipients.
 *
 * Env: BENCH_NOTIF_DATABASE_URL (default mysql://linli:linli@127.0.0.1:3306/linli_bench_notif, dropped
 * and recreated), BENCH_NOTIF_N (5000), BENCH_NOTIF_CONCURRENCY (16). Needs `npm run build -w server`.
 * Goal: >= 500 sends/s.
 */
const { existsSync, mkdirSync, writeFileSync } = require('fs');
const { join } = require('path');
const mysql = require('mysql2/promise');
const { requireTs, resetDb } = require('./lib');

const ROOT = join(__dirname, '..');
const SERVER = join(ROOT, 'server');
const DB_URL = process.env.BENCH_NOTIF_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench_notif';
const N = Number(process.env.BENCH_NOTIF_N || 5000);
const CONCURRENCY = Number(process.env.BENCH_NOTIF_CONCURRENCY || 16);
const FANOUT = 10_000;
const GOAL_PER_S = 500;

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  if (!existsSync(join(SERVER, 'dist/configuration.js'))) throw new Error('server/dist is missing: run `npm run build -w server` first');
  await resetDb(DB_URL);
  const { startWechatFake } = requireTs(join(SERVER, 'test/fakes/wechat-fake.ts'));
  const fake = await startWechatFake();

  // The unittest config reads these when the app is created; the worker stays off until we drive it.
  process.env.MIDWAY_SERVER_ENV = 'unittest';
  process.env.TEST_DB = 'mariadb';
  process.env.TEST_DATABASE_URL = DB_URL;
  process.env.WECHAT_API_BASE = fake.url;
  process.env.TZ = 'UTC';
  // Load the compiled JavaScript (something in the tree registers a .ts loader, which makes Midway look for .ts).
  process.env.MIDWAY_TS_MODE = 'false';
  const { createApp, close } = require(require.resolve('@midwayjs/mock', { paths: [SERVER] }));
  const app = await createApp(SERVER, { baseDir: join(SERVER, 'dist') });
  const ctx = app.getApplicationContext();
  const { NotificationService } = require(join(SERVER, 'dist/modules/notification/notification.service'));
  const { NotificationWorker } = require(join(SERVER, 'dist/modules/notification/notification.worker'));
  const notifications = await ctx.getAsync(NotificationService);
  const worker = await ctx.getAsync(NotificationWorker);
  worker.config.notifications.concurrency = CONCURRENCY;

  const url = new URL(DB_URL);
  const pool = mysql.createPool({ host: url.hostname, port: Number(url.port || 3306), user: url.username, password: decodeURIComponent(url.password), database: url.pathname.slice(1), connectionLimit: CONCURRENCY + 2 });
  try {
    // Users: FANOUT of them; the first N have one credit for police_alert.
    const users = Math.max(N, FANOUT);
    for (let i = 0; i < users; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, users - i) }, (_, j) => [`openid-bench-${i + j}`, `邻居${i + j}`]);
      await pool.query('INSERT INTO users (openid, nickname) VALUES ?', [rows]);
    }
    const [idRows] = await pool.query('SELECT id FROM users ORDER BY id');
    const ids = idRows.map((r) => Number(r.id));
    for (let i = 0; i < N; i += 1000) {
      const rows = ids.slice(i, Math.min(N, i + 1000)).map((id) => [id, 'police_alert', 1, 'accept', 0]);
      await pool.query('INSERT INTO notification_subscriptions (user_id, template_key, credits, last_status, unmatched_count) VALUES ?', [rows]);
    }
    const vars = { title: '近期有冒充社区工作人员上门推销，请勿开门', area: '津浦社区', level: '重要', time: new Date() };

    // Fan-out: 10 and 10,000 recipients (one warm-up first), then those rows are removed again.
    await notifications.notify(ids.slice(0, 10), 'police_alert', vars, 'warm');
    let t0 = process.hrtime.bigint();
    await notifications.notify(ids.slice(0, 10), 'police_alert', vars, 'fanout-10');
    const fan10 = ms(t0);
    t0 = process.hrtime.bigint();
    const big = await notifications.notify(ids.slice(0, FANOUT), 'police_alert', vars, 'fanout-10k');
    const fan10k = ms(t0);
    if (big.created !== FANOUT) throw new Error(`fan-out created ${big.created}`);
    await pool.query("DELETE FROM notifications WHERE ref IN ('warm', 'fanout-10', 'fanout-10k')");

    // Worker: N queued deliveries to users with a credit.
    await notifications.notify(ids.slice(0, N), 'police_alert', vars, 'bench');
    fake.clear();
    t0 = process.hrtime.bigint();
    const stats = await worker.drain();
    const workerMs = ms(t0);
    const [[{ sent }]] = await pool.query("SELECT COUNT(*) AS sent FROM notification_deliveries WHERE status = 'sent'");
    if (Number(sent) !== N || fake.sends.length !== N) throw new Error(`worker: ${sent} sent rows, ${fake.sends.length} sends, stats ${JSON.stringify(stats)}`);

    // Bare: the same N messages, same concurrency, plain fetch + one mysql2 UPDATE each.
    const [rows] = await pool.query("SELECT d.id, u.openid, d.payload, n.page FROM notification_deliveries d JOIN users u ON u.id = d.user_id JOIN notifications n ON n.id = d.notification_id WHERE n.ref = 'bench' ORDER BY d.id");
    const tokenRes = await fetch(`${fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: fake.appId, secret: fake.secret }),
    });
    const token = (await tokenRes.json()).access_token;
    fake.clear();
    let next = 0;
    t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < rows.length) {
          const r = rows[next++];
          const res = await fetch(`${fake.url}/cgi-bin/message/subscribe/send?access_token=${token}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ touser: r.openid, template_id: 'tpl-police_alert', page: r.page, data: JSON.parse(r.payload), miniprogram_state: 'formal', lang: 'zh_CN' }),
          });
          const body = await res.json();
          if (body.errcode !== 0) throw new Error(`bare send: ${JSON.stringify(body)}`);
          await pool.query("UPDATE notification_deliveries SET status = 'sent', msgid = ?, sent_at = NOW(6) WHERE id = ?", [String(body.msgid), r.id]);
        }
      }),
    );
    const bareMs = ms(t0);
    if (fake.sends.length !== N) throw new Error(`bare: ${fake.sends.length} sends`);

    const linliRate = (N / workerMs) * 1000;
    const bareRate = (N / bareMs) * 1000;
    const ratio = +(linliRate / bareRate).toFixed(2);
    console.log(`\n| ${N} subscription messages, concurrency ${CONCURRENCY}, MariaDB + loopback fake WeChat | total ms | sends/s |`);
    console.log('|---|---|---|');
    console.log(`| Linli worker (claim, queued->sending, credit, send, sent) | ${workerMs.toFixed(0)} | ${linliRate.toFixed(0)} |`);
    console.log(`| bare fetch + one mysql2 UPDATE per message | ${bareMs.toFixed(0)} | ${bareRate.toFixed(0)} |`);
    console.log(`\nLinli / bare: ${ratio}; goal >= ${GOAL_PER_S} sends/s: ${linliRate >= GOAL_PER_S ? 'met' : 'NOT met'}`);
    console.log(`fan-out (notify, one transaction): 10 recipients ${fan10.toFixed(1)} ms, ${FANOUT} recipients ${fan10k.toFixed(0)} ms`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(
      join(__dirname, 'results/notification.json'),
      JSON.stringify({ at: new Date().toISOString(), n: N, concurrency: CONCURRENCY, linli: { ms: workerMs, perSecond: linliRate, rounds: stats.rounds }, bare: { ms: bareMs, perSecond: bareRate }, ratio, goalPerSecond: GOAL_PER_S, fanout: { r10Ms: fan10, r10000Ms: fan10k } }, null, 2),
    );
  } finally {
    await pool.end();
    await close(app);
    await fake.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
