#!/usr/bin/env node
/**
 * `node bench/alert.bench.js`: police alerts (issue 7), each case beside a bare baseline in the same run.
 *
 * 1. Fan-out: posting an alert to a group of 10 and of 10,000 members. Linli: `AlertService.create` (checks,
 *    one transaction: alert, feed rows with one INSERT ... SELECT, inbox rows and delivery jobs through
 *    NotificationService's bulk path, audit row). Bare: plain mysql2 in one transaction running the same
 *    statements (alert row, INSERT ... SELECT feed rows, chunked multi-row inbox INSERTs, INSERT ... SELECT
 *    deliveries, audit row), no framework, no checks.
 * 2. Delivery: the 10,000 subscription messages of that alert sent by the notification worker to the fake
 *    WeChat server of the tests (claim batches, queued->sending, credit spend, send, sent) vs plain fetch +
 *    one UPDATE per message with the same concurrency. Goal >= 500 sends/s.
 * 3. Feed: `GET /api/alerts/feed` of a member with 1,000 alerts over HTTP (the built app on a port: auth
 *    middleware, validation, service, presenter) vs a bare Koa + mysql2 server doing the same SQL (session
 *    lookup, the feed page, its alerts, authors, targets). Exact p50/p95 from the client's clock, with 1
 *    request in flight (what a member waits) and with 20 (a crowd: latency then includes queueing behind
 *    the others on 2 cores), alternating rounds. Goal p95 <= 30 ms for the member.
 *
 * Env: BENCH_ALERT_DATABASE_URL (default mysql://linli:linli@127.0.0.1:3306/linli_bench_alert, dropped and
 * recreated), BENCH_ALERT_ROUNDS (3), BENCH_ALERT_REQUESTS per round (600). Needs `npm run build -w server`.
 * Writes bench/results/alert.json.
 */
const { existsSync, mkdirSync, writeFileSync } = require('fs');
const { createServer } = require('http');
const { createHash, randomBytes } = require('crypto');
const { join } = require('path');
const mysql = require('mysql2/promise');
const { requireTs, resetDb } = require('./lib');

const ROOT = join(__dirname, '..');
const SERVER = join(ROOT, 'server');
const DB_URL = process.env.BENCH_ALERT_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench_alert';
const ROUNDS = Number(process.env.BENCH_ALERT_ROUNDS || 3);
const REQUESTS = Number(process.env.BENCH_ALERT_REQUESTS || 600);
/** Requests in flight for the feed: one member at a time (the latency a member sees), and a crowd. */
const FEED_LEVELS = [1, 20];
const BIG = 10_000;
const FEED_ALERTS = 1000;
const CONCURRENCY = 16;
const GOALS = { sendsPerSecond: 500, feedP95Ms: 30 };

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const median = (xs) => pct(xs, 50);

/** `requests` GETs of `url` with `inFlight` in flight; exact latencies (ms) from this process's clock. */
async function load(url, token, requests, inFlight) {
  const lat = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < requests) {
        next++;
        const s = process.hrtime.bigint();
        const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const body = await r.json();
        if (!r.ok || !body.ok || body.data.items.length !== 20) throw new Error(`${url}: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
        lat.push(ms(s));
      }
    }),
  );
  return { p50: pct(lat, 50), p95: pct(lat, 95), rps: (requests / ms(t0)) * 1000 };
}

/** The bare fan-out: the same statements as AlertService.create's transaction, through plain mysql2. */
async function bareFanout(pool, authorId, groupId, userIdsHint) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const now = new Date();
    const [a] = await conn.query(
      "INSERT INTO alerts (author_id, type, severity, title, body, unit_path, status, text_check, expires_at, published_at) VALUES (?, 'fraud', 'urgent', ?, ?, '/320111/', 'published', 'pass', ?, ?)",
      [authorId, '注意冒充燃气公司上门收费', '燃气公司不会上门收费，请勿开门。', new Date(now.getTime() + 7 * 86_400_000), now],
    );
    const alertId = a.insertId;
    await conn.query("INSERT INTO alert_targets (alert_id, kind, group_id) VALUES (?, 'group', ?)", [alertId, groupId]);
    const [r] = await conn.query(
      "INSERT INTO alert_recipients (alert_id, user_id, created_at) SELECT ?, m.user_id, ? FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.status = 'active' AND u.deleted_at IS NULL AND m.user_id <> ? AND m.group_id = ?",
      [alertId, now, authorId, groupId],
    );
    const [ids] = await conn.query('SELECT user_id FROM alert_recipients WHERE alert_id = ? ORDER BY user_id', [alertId]);
    const payload = JSON.stringify({ thing1: { value: '注意冒充燃气公司上门收费' }, thing2: { value: '津浦社区平安群' }, phrase3: { value: '紧急' }, time4: { value: '2026年11月23日 16:00' } });
    for (let i = 0; i < ids.length; i += 1000) {
      const part = ids.slice(i, i + 1000);
      const keys = part.map((x) => `bare_alert:${alertId}:${x.user_id}`);
      await conn.query('INSERT INTO notifications (user_id, template_key, title, body, page, ref, dedupe_key, created_at) VALUES ? ON DUPLICATE KEY UPDATE id = id', [
        part.map((x, j) => [x.user_id, 'police_alert', '警情提醒', '警情内容：注意冒充燃气公司上门收费', `packages/alert/detail/index?id=${alertId}`, String(alertId), keys[j], now]),
      ]);
      // As the notification module does: a plain SELECT of the rows without a delivery, then INSERT ... VALUES.
      const [fresh] = await conn.query(
        'SELECT n.id, n.user_id FROM notifications n WHERE n.dedupe_key IN (?) AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.notification_id = n.id) ORDER BY n.id',
        [keys],
      );
      if (fresh.length) {
        await conn.query('INSERT INTO notification_deliveries (notification_id, user_id, template_key, payload, status, attempts, next_attempt_at, created_at, updated_at) VALUES ?', [
          fresh.map((n) => [n.id, n.user_id, 'police_alert', payload, 'error', 0, now, now, now]),
        ]);
      }
    }
    await conn.query("INSERT INTO audit_logs (actor_id, actor_role, unit_path, action, target_type, target_id) VALUES (?, 'community_police', '/320111/', 'alert.publish', 'alert', ?)", [authorId, String(alertId)]);
    await conn.commit();
    if (r.affectedRows !== userIdsHint) throw new Error(`bare fan-out wrote ${r.affectedRows} rows`);
    return alertId;
  } catch (e) {
    await conn.rollback();
    throw e;
  } finally {
    conn.release();
  }
}

/** The bare feed server: bearer -> session -> the same feed queries, JSON. */
function bareFeedServer(pool) {
  const Koa = require(require.resolve('koa', { paths: [SERVER, ROOT] }));
  const app = new Koa();
  app.use(async (ctx) => {
    const m = /^Bearer\s+(\S+)$/.exec(ctx.get('authorization'));
    if (ctx.path !== '/feed' || !m) return void (ctx.status = 404);
    const hash = createHash('sha256').update(m[1]).digest('hex');
    const [[s]] = await pool.query('SELECT s.user_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.deleted_at IS NULL', [hash]);
    if (!s) return void (ctx.status = 401);
    await pool.query('SELECT g.role, u.path FROM role_grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?', [s.user_id]);
    const [rows] = await pool.query('SELECT alert_id, opened_at, acked_at FROM alert_recipients WHERE user_id = ? ORDER BY alert_id DESC LIMIT 21', [s.user_id]);
    const page = rows.slice(0, 20);
    const ids = page.map((r) => r.alert_id);
    const [alerts] = await pool.query('SELECT * FROM alerts WHERE id IN (?)', [ids]);
    const [authors] = await pool.query('SELECT id, nickname FROM users WHERE id IN (?)', [[...new Set(alerts.map((a) => a.author_id))]]);
    const [targets] = await pool.query('SELECT t.alert_id, g.name FROM alert_targets t JOIN neighbourhood_groups g ON g.id = t.group_id WHERE t.alert_id IN (?)', [ids]);
    const [photos] = await pool.query('SELECT alert_id, media_id, suspect FROM alert_photos WHERE alert_id IN (?)', [ids]);
    const byId = new Map(alerts.map((a) => [a.id, a]));
    const names = new Map(authors.map((u) => [u.id, u.nickname]));
    ctx.body = {
      ok: true,
      data: {
        items: page.map((r) => {
          const a = byId.get(r.alert_id);
          return {
            id: a.id,
            type: a.type,
            severity: a.severity,
            title: a.title,
            body: a.body,
            status: a.status,
            expiresAt: a.expires_at,
            publishedAt: a.published_at,
            author: { id: a.author_id, nickname: names.get(a.author_id) },
            targets: targets.filter((t) => t.alert_id === a.id).map((t) => t.name),
            photoCount: photos.filter((p) => p.alert_id === a.id).length,
            mine: { openedAt: r.opened_at, acknowledgedAt: r.acked_at },
          };
        }),
        nextCursor: rows.length > 20 ? String(page[page.length - 1].alert_id) : null,
      },
    };
  });
  return app;
}

async function listen(handler) {
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

async function main() {
  if (!existsSync(join(SERVER, 'dist/configuration.js'))) throw new Error('server/dist is missing: run `npm run build -w server` first');
  await resetDb(DB_URL);
  const { startWechatFake } = requireTs(join(SERVER, 'test/fakes/wechat-fake.ts'));
  const fake = await startWechatFake();
  process.env.MIDWAY_SERVER_ENV = 'unittest';
  process.env.TEST_DB = 'mariadb';
  process.env.TEST_DATABASE_URL = DB_URL;
  process.env.WECHAT_API_BASE = fake.url;
  process.env.TZ = 'UTC';
  process.env.MIDWAY_TS_MODE = 'false';
  const { createApp, close } = require(require.resolve('@midwayjs/mock', { paths: [SERVER] }));
  const app = await createApp(SERVER, { baseDir: join(SERVER, 'dist') });
  const ctx = app.getApplicationContext();
  const shared = require(require.resolve('@linli/shared', { paths: [SERVER] }));
  const { AlertService } = require(join(SERVER, 'dist/modules/alert/alert.service'));
  const { NotificationWorker } = require(join(SERVER, 'dist/modules/notification/notification.worker'));
  const { SessionService } = require(join(SERVER, 'dist/modules/auth/session.service'));
  const alerts = await ctx.getAsync(AlertService);
  const worker = await ctx.getAsync(NotificationWorker);
  const sessions = await ctx.getAsync(SessionService);
  worker.config.notifications.concurrency = CONCURRENCY;

  const url = new URL(DB_URL);
  const pool = mysql.createPool({ host: url.hostname, port: Number(url.port || 3306), user: url.username, password: decodeURIComponent(url.password), database: url.pathname.slice(1), connectionLimit: 24, timezone: 'Z' });
  const servers = [];
  try {
    // Units, an officer with the police role, three groups: 10 members, 10,000 members, and the feed member's.
    await pool.query("INSERT INTO units (code, name, level, parent_id, path) VALUES ('320111', '浦口区', 'district', NULL, '/320111/')");
    await pool.query("INSERT INTO units (code, name, level, parent_id, path) VALUES ('320111001', '泰山街道', 'street', 1, '/320111/320111001/')");
    await pool.query("INSERT INTO units (code, name, level, parent_id, path) VALUES ('320111001005', '津浦社区居委会', 'community', 2, '/320111/320111001/320111001005/')");
    const unitPath = '/320111/320111001/320111001005/';
    await pool.query("INSERT INTO users (openid, nickname) VALUES ('openid-officer', '刘警官')");
    const officerId = 1;
    await pool.query("INSERT INTO role_grants (user_id, role, unit_id) VALUES (1, 'community_police', 3)");
    for (let i = 0; i < BIG + 10; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, BIG + 10 - i) }, (_, j) => [`openid-m-${i + j}`, `邻居${i + j}`]);
      await pool.query('INSERT INTO users (openid, nickname) VALUES ?', [rows]);
    }
    const [idRows] = await pool.query('SELECT id FROM users WHERE id > 1 ORDER BY id');
    const ids = idRows.map((r) => Number(r.id));
    const groupIds = [];
    for (const [name, size] of [
      ['十人群', 10],
      ['津浦社区平安群', BIG],
    ]) {
      const [g] = await pool.query('INSERT INTO neighbourhood_groups (name, unit_id, unit_path, station_path, invite_code, created_by) VALUES (?, 3, ?, ?, ?, 1)', [
        name,
        unitPath,
        '/320111/320111001/',
        randomBytes(4).toString('hex').toUpperCase(),
      ]);
      groupIds.push(g.insertId);
      const members = [[g.insertId, officerId, 'officer', 'police', 'active', unitPath, 'created'], ...ids.slice(size === 10 ? BIG : 0, size === 10 ? BIG + 10 : BIG).map((id) => [g.insertId, id, 'member', 'shop', 'active', unitPath, 'invite_code'])];
      for (let i = 0; i < members.length; i += 1000) await pool.query('INSERT INTO group_members (group_id, user_id, role, kind, status, unit_path, via) VALUES ?', [members.slice(i, i + 1000)]);
    }
    for (let i = 0; i < BIG; i += 1000) {
      await pool.query('INSERT INTO notification_subscriptions (user_id, template_key, credits, last_status, unmatched_count) VALUES ?', [
        ids.slice(i, i + 1000).map((id) => [id, 'police_alert', 1, 'accept', 0]),
      ]);
    }
    const officer = { userId: officerId, grants: [{ role: 'community_police', unitId: 3, unitPath }] };
    const input = (groupId, i) =>
      shared.createAlertSchema.parse({
        groupIds: [groupId],
        type: 'fraud',
        severity: 'urgent',
        title: '注意冒充燃气公司上门收费',
        body: '近日有人冒充燃气公司工作人员上门，以检查管道为名收取费用。燃气公司不会上门收费，请勿开门。',
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        clientKey: `bench-${groupId}-${i}-${Date.now()}`,
      });

    // 1. Fan-out: 10 members (median of 5) and 10,000 members (one each side; the big group is posted to once by Linli, once bare).
    await alerts.create(officer, input(groupIds[0], 'warm'));
    const small = { linli: [], bare: [] };
    for (let i = 0; i < 5; i++) {
      let t0 = process.hrtime.bigint();
      await alerts.create(officer, input(groupIds[0], i));
      small.linli.push(ms(t0));
      t0 = process.hrtime.bigint();
      await bareFanout(pool, officerId, groupIds[0], 10);
      small.bare.push(ms(t0));
    }
    let t0 = process.hrtime.bigint();
    const bigAlert = await alerts.create(officer, input(groupIds[1], 'big'));
    const bigLinli = ms(t0);
    if (bigAlert.view.alert.recipientCount !== BIG) throw new Error(`fan-out wrote ${bigAlert.view.alert.recipientCount} feed rows`);
    t0 = process.hrtime.bigint();
    await bareFanout(pool, officerId, groupIds[1], BIG);
    const bigBare = ms(t0);

    // 2. Delivery: the queue holds the 10,000 messages of the big alert (members with a credit) and the
    //    small alerts' few (members without one: inbox only, no WeChat call).
    fake.clear();
    t0 = process.hrtime.bigint();
    const stats = await worker.drain();
    const workerMs = ms(t0);
    if (fake.sends.length !== BIG) throw new Error(`worker: ${fake.sends.length} sends, ${JSON.stringify(stats)}`);
    const [rows] = await pool.query(
      "SELECT d.id, u.openid, d.payload, n.page FROM notification_deliveries d JOIN users u ON u.id = d.user_id JOIN notifications n ON n.id = d.notification_id WHERE n.ref = ? AND n.dedupe_key LIKE 'police_alert:%' ORDER BY d.id",
      [String(bigAlert.view.alert.id)],
    );
    const tokenRes = await fetch(`${fake.url}/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: fake.appId, secret: fake.secret }) });
    const wxToken = (await tokenRes.json()).access_token;
    fake.clear();
    let next = 0;
    t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < rows.length) {
          const r = rows[next++];
          const res = await fetch(`${fake.url}/cgi-bin/message/subscribe/send?access_token=${wxToken}`, {
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
    const bareSendMs = ms(t0);

    // 3. Feed: one member (of the 10-member group) with 1,000 alerts in the feed.
    const member = ids[BIG];
    const have = (await pool.query('SELECT COUNT(*) AS n FROM alert_recipients WHERE user_id = ?', [member]))[0][0].n;
    const extra = FEED_ALERTS - Number(have);
    for (let i = 0; i < extra; i += 500) {
      const n = Math.min(500, extra - i);
      const now = new Date();
      const [res] = await pool.query('INSERT INTO alerts (author_id, type, severity, title, body, unit_path, status, text_check, expires_at, published_at) VALUES ?', [
        Array.from({ length: n }, (_, j) => [officerId, 'theft', 'important', `电动车盗窃提醒${i + j}`, '近期辖区多发电动车盗窃，请锁好车辆，停放在有监控的地方。', unitPath, 'published', 'pass', new Date(now.getTime() + 7 * 86_400_000), now]),
      ]);
      const first = res.insertId;
      await pool.query('INSERT INTO alert_targets (alert_id, kind, group_id) VALUES ?', [Array.from({ length: n }, (_, j) => [first + j, 'group', groupIds[0]])]);
      await pool.query('INSERT INTO alert_recipients (alert_id, user_id, created_at) VALUES ?', [Array.from({ length: n }, (_, j) => [first + j, member, now])]);
    }
    const feedCount = Number((await pool.query('SELECT COUNT(*) AS n FROM alert_recipients WHERE user_id = ?', [member]))[0][0].n);
    const { token } = await sessions.issue(member);
    const linliHttp = await listen(app.callback());
    const bareHttp = await listen(bareFeedServer(pool).callback());
    servers.push(linliHttp.server, bareHttp.server);
    await load(`${linliHttp.url}/api/alerts/feed`, token, 100, 4);
    await load(`${bareHttp.url}/feed`, token, 100, 4);
    const feed = {};
    for (const level of FEED_LEVELS) {
      const runs = { linli: [], bare: [] };
      for (let r = 0; r < ROUNDS; r++) {
        runs.linli.push(await load(`${linliHttp.url}/api/alerts/feed`, token, level === 1 ? REQUESTS / 2 : REQUESTS, level));
        runs.bare.push(await load(`${bareHttp.url}/feed`, token, level === 1 ? REQUESTS / 2 : REQUESTS, level));
      }
      const f = (side, k) => median(runs[side].map((x) => x[k]));
      feed[level] = {
        linli: { p50: f('linli', 'p50'), p95: f('linli', 'p95'), rps: f('linli', 'rps') },
        bare: { p50: f('bare', 'p50'), p95: f('bare', 'p95'), rps: f('bare', 'rps') },
      };
    }
    const f = (side, k) => feed[1][side][k];

    const linliRate = (BIG / workerMs) * 1000;
    const bareRate = (BIG / bareSendMs) * 1000;
    const results = {
      at: new Date().toISOString(),
      fanout: {
        members10: { linliMs: median(small.linli), bareMs: median(small.bare) },
        members10000: { linliMs: bigLinli, bareMs: bigBare },
      },
      delivery: { messages: BIG, concurrency: CONCURRENCY, linli: { ms: workerMs, perSecond: linliRate }, bare: { ms: bareSendMs, perSecond: bareRate }, ratio: +(linliRate / bareRate).toFixed(2) },
      feed: { alertsInFeed: feedCount, rounds: ROUNDS, requestsPerRound: REQUESTS, byInFlight: feed },
      goals: { sendsPerSecond: { goal: GOALS.sendsPerSecond, met: linliRate >= GOALS.sendsPerSecond }, feedP95Ms: { goal: GOALS.feedP95Ms, met: f('linli', 'p95') <= GOALS.feedP95Ms } },
    };
    console.log('\n| case | Linli | bare mysql2 | ratio |');
    console.log('|---|---|---|---|');
    console.log(`| fan-out to 10 members (ms, median of 5) | ${results.fanout.members10.linliMs.toFixed(1)} | ${results.fanout.members10.bareMs.toFixed(1)} | ${(results.fanout.members10.linliMs / results.fanout.members10.bareMs).toFixed(2)} |`);
    console.log(`| fan-out to 10,000 members (ms) | ${bigLinli.toFixed(0)} | ${bigBare.toFixed(0)} | ${(bigLinli / bigBare).toFixed(2)} |`);
    console.log(`| WeChat sends/s (${BIG} messages, ${CONCURRENCY} in flight) | ${linliRate.toFixed(0)} | ${bareRate.toFixed(0)} | ${results.delivery.ratio} |`);
    for (const level of FEED_LEVELS) {
      const x = feed[level];
      console.log(`| feed p50 / p95 ms, ${level} in flight (${feedCount} alerts) | ${x.linli.p50.toFixed(1)} / ${x.linli.p95.toFixed(1)} | ${x.bare.p50.toFixed(1)} / ${x.bare.p95.toFixed(1)} | ${(x.linli.p95 / x.bare.p95).toFixed(2)} |`);
      console.log(`| feed req/s, ${level} in flight | ${x.linli.rps.toFixed(0)} | ${x.bare.rps.toFixed(0)} | ${(x.linli.rps / x.bare.rps).toFixed(2)} |`);
    }
    console.log(`\ngoals: >= ${GOALS.sendsPerSecond} sends/s ${results.goals.sendsPerSecond.met ? 'met' : 'NOT met'}; feed p95 <= ${GOALS.feedP95Ms} ms (one member at a time) ${results.goals.feedP95Ms.met ? 'met' : 'NOT met'}`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results/alert.json'), JSON.stringify(results, null, 2));
  } finally {
    for (const s of servers) s.close();
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
