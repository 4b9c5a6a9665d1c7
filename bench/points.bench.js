#!/usr/bin/env node
/**
 * `node bench/points.bench.js`: the points ledger under load, beside a bare Koa + mysql2 baseline doing the
 * same SQL in the same run (issue 5).
 *
 * 1. Balance read (`GET /api/points/me`) of a user with 100,000 ledger entries and of one with 10: the
 *    balance is one primary-key read of the account row, so the p95 must not grow with history
 *    (goal: p95 at 100k <= 1.2 x p95 at 10).
 * 2. Redemption throughput on ONE contended reward (`POST /api/points/rewards/:id/redeem`), 400 users
 *    redeeming in parallel, each request with its own clientKey (goal >= 300 redemptions/s), then the
 *    ledger is checked: redemptions = stock taken = spend entries, every balance = the sum of its entries,
 *    none negative.
 *
 * Linli: the BUILT server (server/dist) started like `npm start` (demo data, MariaDB). Bare: this file
 * forked with `--bare`: plain Koa + mysql2 with the same queries per request (the auth middleware's two
 * queries, then the same statements in the same transaction order, and the redemption notice's inbox and
 * delivery rows after the commit), without Midway, TypeORM, validation or presenters.
 * Env: BENCH_POINTS_DATABASE_URL (default mysql://linli:linli@127.0.0.1:3306/linli_bench_points, dropped and
 * recreated), BENCH_ROUNDS (3; the balance read runs at least 4, alternating which user goes first),
 * BENCH_SECONDS (5), BENCH_CONNECTIONS (20), BENCH_POINTS_ONLY (read | redeem). Needs `npm run build -w server`.
 */
const { fork, spawn } = require('child_process');
const { createHash, randomBytes } = require('crypto');
const { existsSync, mkdirSync, writeFileSync } = require('fs');
const { join } = require('path');
const mysql = require('mysql2/promise');
const { median, resetDb } = require('./lib');

const ROOT = join(__dirname, '..');
const DB_URL = process.env.BENCH_POINTS_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench_points';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20);
// Free ports picked at start (other benches may run on this machine at the same time).
let LINLI_PORT = 0;
let BARE_PORT = 0;
/** BENCH_POINTS_ONLY=read|redeem runs one of the two cases (for investigating; `npm run bench` runs both). */
const ONLY = process.env.BENCH_POINTS_ONLY || '';
const HEAVY_ENTRIES = 100_000;
const LIGHT_ENTRIES = 10;
const REDEEMERS = 400;
const GOAL_READ_RATIO = 1.2;
const GOAL_REDEEM_PER_S = 300;

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

// ---------------------------------------------------------------------------------------------------
// The bare baseline (this file forked with --bare)
// ---------------------------------------------------------------------------------------------------
async function bareServer() {
  const Koa = require('koa');
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 20, timezone: 'Z' });
  const app = new Koa();

  /** The same two queries as Linli's AuthMiddleware: session joined with a live user, then the grants. */
  async function auth(ctx) {
    const m = /^Bearer\s+(\S+)$/.exec(ctx.get('authorization'));
    if (!m) return null;
    const [[s]] = await pool.query(
      'SELECT s.id, s.user_id, s.expires_at FROM sessions s INNER JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL WHERE s.token_hash = ? AND s.expires_at > ?',
      [sha256(m[1]), new Date()],
    );
    if (!s) return null;
    await pool.query('SELECT g.role, g.unit_id, u.path FROM role_grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?', [s.user_id]);
    return { userId: s.user_id };
  }

  const readBody = (req) =>
    new Promise((resolve, reject) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data ? JSON.parse(data) : {}));
      req.on('error', reject);
    });

  app.use(async (ctx) => {
    const who = await auth(ctx);
    if (!who) return void ((ctx.status = 401), (ctx.body = { ok: false }));
    if (ctx.method === 'GET' && ctx.path === '/points/me') {
      const [[a]] = await pool.query('SELECT balance, leaderboard_opt_out FROM points_accounts WHERE user_id = ?', [who.userId]);
      ctx.body = { ok: true, data: { balance: a ? Number(a.balance) : 0, leaderboardOptOut: a ? Boolean(a.leaderboard_opt_out) : false, userId: who.userId } };
      return;
    }
    const redeem = /^\/points\/rewards\/(\d+)\/redeem$/.exec(ctx.path);
    if (ctx.method === 'POST' && redeem) {
      const { clientKey } = await readBody(ctx.req);
      const rewardId = Number(redeem[1]);
      const conn = await pool.getConnection();
      let result;
      try {
        await conn.beginTransaction();
        const [[acc]] = await conn.query('SELECT balance FROM points_accounts WHERE user_id = ? FOR UPDATE', [who.userId]);
        const [[prev]] = await conn.query('SELECT * FROM points_redemptions WHERE user_id = ? AND client_key = ?', [who.userId, clientKey]);
        if (prev) {
          await conn.commit();
          ctx.body = { ok: true, data: prev };
          return;
        }
        const [[reward]] = await conn.query('SELECT * FROM points_rewards WHERE id = ?', [rewardId]);
        const now = new Date();
        if (!reward || reward.status !== 'approved' || !acc || Number(acc.balance) < reward.cost) throw Object.assign(new Error('refused'), { status: 409 });
        const [[counted]] = await conn.query("SELECT COUNT(*) AS n FROM points_redemptions WHERE reward_id = ? AND user_id = ? AND status IN ('issued', 'fulfilled')", [rewardId, who.userId]);
        if (Number(counted.n) >= reward.per_user_limit) throw Object.assign(new Error('limit'), { status: 409 });
        const code = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
        const [ins] = await conn.query(
          "INSERT INTO points_redemptions (user_id, reward_id, cost, client_key, code, status, expires_at, created_at) VALUES (?, ?, ?, ?, ?, 'issued', ?, ?)",
          [who.userId, rewardId, reward.cost, clientKey, code, reward.valid_until, now],
        );
        const month = (() => {
          const b = new Date(now.getTime() + 8 * 3600_000);
          return b.getUTCFullYear() * 100 + b.getUTCMonth() + 1;
        })();
        await conn.query(
          `INSERT INTO points_entries (user_id, amount, rule, rule_district, rule_version, unit_path, ref_type, ref_id, idempotency_key, reverses_entry_id, balance_after, period_month, note, actor_id, created_at)
           VALUES (?, ?, 'redemption', NULL, NULL, ?, 'redemption', ?, ?, NULL, ?, ?, ?, NULL, ?)`,
          [who.userId, -reward.cost, reward.unit_path, String(ins.insertId), `redemption:${ins.insertId}`, Number(acc.balance) - reward.cost, month, reward.title, now],
        );
        const [upd] = await conn.query('UPDATE points_accounts SET balance = balance + ?, updated_at = ? WHERE user_id = ? AND balance + ? >= 0', [-reward.cost, now, who.userId, -reward.cost]);
        if (upd.affectedRows !== 1) throw Object.assign(new Error('insufficient'), { status: 409 });
        // The same sharded stock as Linli: a shard nobody holds, then the conditional UPDATE.
        let took = 0;
        for (const lock of [' FOR UPDATE SKIP LOCKED', ' FOR UPDATE']) {
          const [[sh]] = await conn.query(`SELECT shard FROM points_reward_stock WHERE reward_id = ? AND stock_left > 0 ORDER BY shard LIMIT 1${lock}`, [rewardId]);
          if (!sh) continue;
          const [u] = await conn.query('UPDATE points_reward_stock SET stock_left = stock_left - 1 WHERE reward_id = ? AND shard = ? AND stock_left > 0', [rewardId, sh.shard]);
          took = u.affectedRows;
          if (took === 1) break;
        }
        if (took !== 1) throw Object.assign(new Error('out of stock'), { status: 409 });
        await conn.commit();
        result = { id: ins.insertId, code, userId: who.userId, title: reward.title, cost: reward.cost, place: reward.pickup_place };
      } catch (e) {
        await conn.rollback();
        ctx.status = e.status || 500;
        ctx.body = { ok: false, error: e.message };
        return;
      } finally {
        conn.release();
      }
      // The redemption notice, after the answer, in the background: inbox row and its delivery row, like
      // NotificationService.notify.
      ctx.status = 201;
      ctx.body = { ok: true, data: { id: result.id, code: result.code } };
      void (async () => {
      const conn2 = await pool.getConnection();
      try {
        await conn2.beginTransaction();
        const key = `redemption_ready:${result.id}:${result.userId}`;
        await conn2.query(
          'INSERT INTO notifications (user_id, template_key, title, body, page, ref, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id',
          [result.userId, 'redemption_ready', '积分兑换通知', `兑换物品：${result.title}`, `packages/points/redemption/index?id=${result.id}`, String(result.id), key, new Date()],
        );
        // As the notification module does: a plain SELECT of the row without a delivery, then INSERT ... VALUES.
        const [fresh] = await conn2.query(
          'SELECT n.id, n.user_id FROM notifications n WHERE n.dedupe_key IN (?) AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.notification_id = n.id)',
          [key],
        );
        if (fresh.length) {
          await conn2.query('INSERT INTO notification_deliveries (notification_id, user_id, template_key, payload, status, attempts, next_attempt_at, created_at, updated_at) VALUES ?', [
            fresh.map((n) => [n.id, n.user_id, 'redemption_ready', '{}', 'queued', 0, new Date(), new Date(), new Date()]),
          ]);
        }
        await conn2.commit();
      } catch {
        await conn2.rollback();
      } finally {
        conn2.release();
      }
      })();
      return;
    }
    ctx.status = 404;
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send('ready'));
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}

// ---------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------
async function waitReady(child, label) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    try {
      // The demo accounts exist once the demo seed is done (and so are the points tables).
      const r = await fetch(`http://127.0.0.1:${LINLI_PORT}/api/auth/demo-accounts`);
      if (r.ok && (await r.json()).data.length > 0) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${label} not ready`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Users with a session each; returns [{ id, token }]. */
async function makeUsers(pool, n, prefix) {
  const rows = Array.from({ length: n }, (_, i) => [`${prefix}-${i}-${randomBytes(4).toString('hex')}`, `邻居${prefix}${i}`]);
  await pool.query('INSERT INTO users (openid, nickname) VALUES ?', [rows]);
  const [users] = await pool.query('SELECT id FROM users WHERE openid IN (?) ORDER BY id', [rows.map((r) => r[0])]);
  const out = users.map((u) => ({ id: Number(u.id), token: randomBytes(32).toString('base64url') }));
  const expires = new Date(Date.now() + 7 * 86_400_000);
  await pool.query('INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ?', [out.map((u) => [u.id, sha256(u.token), expires])]);
  return out;
}

/** `count` ledger entries for one user (alternating earns and spends), with the matching account row. */
async function seedLedger(pool, userId, count) {
  let balance = 0;
  const month = 202611;
  for (let i = 0; i < count; i += 5000) {
    const rows = [];
    for (let j = i; j < Math.min(count, i + 5000); j++) {
      const amount = j % 3 === 2 ? -5 : 10;
      balance += amount;
      rows.push([userId, amount, amount > 0 ? 'report_filed' : 'redemption', '/320111/320111001/320111001005/', 'bench', String(j), `bench:${userId}:${j}`, balance, month, new Date()]);
    }
    await pool.query('INSERT INTO points_entries (user_id, amount, rule, unit_path, ref_type, ref_id, idempotency_key, balance_after, period_month, created_at) VALUES ?', [rows]);
  }
  await pool.query('INSERT INTO points_accounts (user_id, balance, leaderboard_opt_out) VALUES (?, ?, 0) ON DUPLICATE KEY UPDATE balance = VALUES(balance)', [userId, balance]);
  return balance;
}

function load(opts) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts }, (err, res) => {
      if (err) return reject(err);
      resolve(res);
    });
  });
}

const summary = (res) => ({ rps: res.requests.average, p50: res.latency.p50, p95: res.latency.p97_5, p99: res.latency.p99, non2xx: res.non2xx, errors: res.errors, ok: res['2xx'] });

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = require('net').createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function main() {
  LINLI_PORT = await freePort();
  BARE_PORT = await freePort();
  if (!existsSync(join(ROOT, 'server/dist/configuration.js'))) throw new Error('server/dist is missing: run `npm run build -w server` first');
  await resetDb(DB_URL);
  const linli = spawn(process.execPath, [join(ROOT, 'server/bootstrap.js')], {
    cwd: join(ROOT, 'server'),
    env: { ...process.env, MIDWAY_SERVER_ENV: 'local', PORT: String(LINLI_PORT), DATABASE_URL: DB_URL, LOG_LEVEL: 'warn', TZ: 'UTC', NOTIFICATIONS_WORKER: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pool = mysql.createPool({ uri: DB_URL, connectionLimit: 5, timezone: 'Z' });
  let bare;
  try {
    await waitReady(linli, 'linli');
    console.log(`points bench: ${ROUNDS} rounds x ${SECONDS}s, ${CONNECTIONS} connections, MariaDB`);

    // ---- data
    const [heavy, light] = await makeUsers(pool, 2, 'ledger');
    await seedLedger(pool, heavy.id, ONLY === 'redeem' ? LIGHT_ENTRIES : HEAVY_ENTRIES);
    await seedLedger(pool, light.id, LIGHT_ENTRIES);
    const redeemers = await makeUsers(pool, REDEEMERS, 'redeemer');
    for (const u of redeemers) await seedLedger(pool, u.id, 1);
    await pool.query('UPDATE points_entries SET amount = 1000000, balance_after = 1000000 WHERE user_id IN (?)', [redeemers.map((u) => u.id)]);
    await pool.query('UPDATE points_accounts SET balance = 1000000 WHERE user_id IN (?)', [redeemers.map((u) => u.id)]);
    const [[admin]] = await pool.query("SELECT id FROM users WHERE demo_key = 'admin'");
    const reward = async (title) => {
      const [r] = await pool.query(
        `INSERT INTO points_rewards (provider, unit_path, offered_by, provider_name, title, description, cost, stock_total, per_user_limit, valid_from, valid_until, pickup_place, status, version)
         VALUES ('community_centre', '/320111/320111001/320111001005/', ?, '津浦社区', ?, '', 1, 1600000, 1000000, ?, ?, '服务台', 'approved', 1)`,
        [admin.id, title, new Date(Date.now() - 86_400_000), new Date(Date.now() + 30 * 86_400_000)],
      );
      // 16 shards of 100,000, as the server creates them (points.stock.ts).
      await pool.query('INSERT INTO points_reward_stock (reward_id, shard, stock_left) VALUES ?', [Array.from({ length: 16 }, (_, i) => [r.insertId, i, 100_000])]);
      return r.insertId;
    };
    const linliReward = await reward('压测奖品（Linli）');
    const bareReward = await reward('压测奖品（bare）');

    bare = fork(__filename, ['--bare'], { env: { ...process.env, DATABASE_URL: DB_URL, PORT: String(BARE_PORT) }, stdio: 'inherit' });
    await new Promise((res, rej) => {
      bare.once('message', res);
      bare.once('exit', (c) => rej(new Error(`baseline exited ${c}`)));
    });

    // ---- 1. balance read, 100k entries vs 10, alternating rounds
    const reads = { linliHeavy: [], linliLight: [], bareHeavy: [], bareLight: [] };
    const read = (port, prefix, u) => load({ url: `http://127.0.0.1:${port}${prefix}/points/me`, headers: { authorization: `Bearer ${u.token}` } });
    if (ONLY !== 'redeem') for (const [port, prefix] of [[LINLI_PORT, '/api'], [BARE_PORT, '']]) for (const u of [heavy, light]) await read(port, prefix, u); // warm-up
    // Let InnoDB flush the 100,000 fresh rows first, then alternate which user goes first in each round, so
    // that neither side keeps meeting the same background noise (other work on a shared machine).
    await new Promise((r) => setTimeout(r, 5000));
    const readRounds = ONLY === 'redeem' ? 1 : Math.max(ROUNDS, 4);
    for (let r = 0; r < readRounds; r++) {
      const order = r % 2 === 0 ? [heavy, light] : [light, heavy];
      for (const u of order) {
        reads[u === heavy ? 'linliHeavy' : 'linliLight'].push(summary(await read(LINLI_PORT, '/api', u)));
        reads[u === heavy ? 'bareHeavy' : 'bareLight'].push(summary(await read(BARE_PORT, '', u)));
      }
    }
    for (const [k, runs] of Object.entries(reads)) if (runs.some((x) => x.non2xx || x.errors)) throw new Error(`balance read ${k}: ${JSON.stringify(runs)}`);
    const med = (runs) => ({ rps: median(runs.map((x) => x.rps)), p50: median(runs.map((x) => x.p50)), p95: median(runs.map((x) => x.p95)), p99: median(runs.map((x) => x.p99)) });
    const R = Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, med(v)]));
    const linliReadRatio = +(R.linliHeavy.p95 / Math.max(1, R.linliLight.p95)).toFixed(2);
    const bareReadRatio = +(R.bareHeavy.p95 / Math.max(1, R.bareLight.p95)).toFixed(2);

    // ---- 2. redemption throughput on one contended reward, alternating rounds
    let seq = 0;
    const redeem = (port, prefix, rewardId) =>
      load({
        url: `http://127.0.0.1:${port}`,
        requests: [
          {
            method: 'POST',
            path: `${prefix}/points/rewards/${rewardId}/redeem`,
            setupRequest: (req) => {
              const u = redeemers[seq++ % redeemers.length];
              return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` }, body: JSON.stringify({ clientKey: `bench-${port}-${seq}-${randomBytes(4).toString('hex')}` }) };
            },
          },
        ],
      });
    const redemptions = { linli: [], bare: [] };
    for (let r = 0; r < (ONLY === 'read' ? 1 : ROUNDS); r++) {
      redemptions.linli.push(summary(await redeem(LINLI_PORT, '/api', linliReward)));
      redemptions.bare.push(summary(await redeem(BARE_PORT, '', bareReward)));
    }
    for (const [k, runs] of Object.entries(redemptions)) if (runs.some((x) => x.non2xx || x.errors)) throw new Error(`redemption ${k}: ${JSON.stringify(runs)}`);

    // ---- correctness after the load (autocannon stops counting at the deadline; let in-flight requests finish)
    await new Promise((r) => setTimeout(r, 3000));
    const check = async (rewardId, runs) => {
      const [[rw]] = await pool.query('SELECT r.stock_total - SUM(s.stock_left) AS taken FROM points_rewards r JOIN points_reward_stock s ON s.reward_id = r.id WHERE r.id = ? GROUP BY r.stock_total', [rewardId]);
      const [[red]] = await pool.query('SELECT COUNT(*) AS n FROM points_redemptions WHERE reward_id = ?', [rewardId]);
      const [[spends]] = await pool.query("SELECT COUNT(*) AS n FROM points_entries e JOIN points_redemptions r ON e.ref_type = 'redemption' AND e.ref_id = CAST(r.id AS CHAR) WHERE r.reward_id = ? AND e.rule = 'redemption'", [rewardId]);
      const ok = runs.reduce((s, x) => s + x.ok, 0);
      return { responses2xx: ok, redemptions: Number(red.n), stockTaken: Number(rw.taken), spendEntries: Number(spends.n) };
    };
    const linliCheck = await check(linliReward, redemptions.linli);
    const bareCheck = await check(bareReward, redemptions.bare);
    const [mismatch] = await pool.query(
      'SELECT a.user_id FROM points_accounts a LEFT JOIN (SELECT user_id, SUM(amount) s FROM points_entries GROUP BY user_id) e ON e.user_id = a.user_id WHERE a.balance <> COALESCE(e.s, 0) OR a.balance < 0',
    );
    const correct =
      mismatch.length === 0 &&
      // Responses still in flight when a round's deadline passed are not counted by autocannon.
      linliCheck.responses2xx <= linliCheck.redemptions &&
      linliCheck.redemptions <= linliCheck.responses2xx + CONNECTIONS * ROUNDS &&
      linliCheck.redemptions === linliCheck.stockTaken &&
      linliCheck.redemptions === linliCheck.spendEntries &&
      bareCheck.redemptions === bareCheck.stockTaken;
    const L = med(redemptions.linli);
    const B = med(redemptions.bare);

    console.log(`\n| balance read (GET /points/me) | Linli p50 / p97.5 / p99 ms | Linli req/s | bare p50 / p97.5 / p99 ms | bare req/s |`);
    console.log('|---|---|---|---|---|');
    console.log(`| ${HEAVY_ENTRIES.toLocaleString('en')} entries | ${R.linliHeavy.p50} / ${R.linliHeavy.p95} / ${R.linliHeavy.p99} | ${R.linliHeavy.rps.toFixed(0)} | ${R.bareHeavy.p50} / ${R.bareHeavy.p95} / ${R.bareHeavy.p99} | ${R.bareHeavy.rps.toFixed(0)} |`);
    console.log(`| ${LIGHT_ENTRIES} entries | ${R.linliLight.p50} / ${R.linliLight.p95} / ${R.linliLight.p99} | ${R.linliLight.rps.toFixed(0)} | ${R.bareLight.p50} / ${R.bareLight.p95} / ${R.bareLight.p99} | ${R.bareLight.rps.toFixed(0)} |`);
    console.log(`\np95 at 100k / p95 at 10: Linli ${linliReadRatio}, bare ${bareReadRatio}; goal <= ${GOAL_READ_RATIO}: ${linliReadRatio <= GOAL_READ_RATIO ? 'met' : 'NOT met'}`);
    console.log(`\n| redemptions of one reward, ${REDEEMERS} users | redemptions/s | p50 / p97.5 / p99 ms |`);
    console.log('|---|---|---|');
    console.log(`| Linli POST /api/points/rewards/:id/redeem | ${L.rps.toFixed(0)} | ${L.p50} / ${L.p95} / ${L.p99} |`);
    console.log(`| bare Koa + mysql2, same statements | ${B.rps.toFixed(0)} | ${B.p50} / ${B.p95} / ${B.p99} |`);
    console.log(`\nLinli / bare: ${(L.rps / B.rps).toFixed(2)}; goal >= ${GOAL_REDEEM_PER_S}/s: ${L.rps >= GOAL_REDEEM_PER_S ? 'met' : 'NOT met'}`);
    console.log(`correctness after the load: ${correct ? 'kept' : 'BROKEN'} (Linli ${JSON.stringify(linliCheck)}, bare ${JSON.stringify(bareCheck)}, accounts off: ${mismatch.length})`);

    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(
      join(__dirname, 'results/points.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          rounds: ROUNDS,
          seconds: SECONDS,
          connections: CONNECTIONS,
          balanceRead: { entries: { heavy: HEAVY_ENTRIES, light: LIGHT_ENTRIES }, ...R, linliP95Ratio: linliReadRatio, bareP95Ratio: bareReadRatio, goal: GOAL_READ_RATIO },
          redemption: { users: REDEEMERS, linli: L, bare: B, ratio: +(L.rps / B.rps).toFixed(2), goalPerSecond: GOAL_REDEEM_PER_S, correctness: { kept: correct, linli: linliCheck, bare: bareCheck, accountsOff: mismatch.length } },
        },
        null,
        2,
      ),
    );
    if (!correct) throw new Error('ledger correctness broken under load');
  } finally {
    if (bare) bare.kill('SIGTERM');
    linli.kill('SIGTERM');
    await pool.end();
  }
}

if (process.argv.includes('--bare')) {
  bareServer().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main()
    .then(() => process.exit(0))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
