#!/usr/bin/env node
/**
 * `node bench/rota.bench.js`: the watch rotas (issue 6), each case beside a bare baseline in the same run.
 *
 * 1. Scheduler: 52 weeks for 10,000 shops over 100 rotas (100 shops each, some shops in two rotas),
 *    with the fair stable scheduler of @linli/shared (built: shared/dist) vs a bare round-robin that fills
 *    the same slots with no fairness ledger, exemptions or cross-rota check. Goal <= 1 s.
 * 2. "My duty week" (GET /api/rota/duty) over HTTP: the BUILT server on MariaDB with the demo data (120
 *    shops on 津浦路) and a rota created by the demo officer over them, in alternating rounds with a bare
 *    Koa + mysql2 server running the same SQL (session, the caller's shops, enrolments, rotas, duties
 *    upcoming/past, grids, check-ins, partners, previous note, officer), measured twice:
 *    a. latency at a steady 50 requests/s (4 connections): the goal, p95 <= 20 ms (autocannon reports
 *       p97.5, the nearest percentile above p95: reported as is, so the check is stricter than asked);
 *    b. throughput when saturated (BENCH_CONNECTIONS, default 20), where latency is mostly queueing on
 *       the 2 cores and is printed for comparison with the bare baseline only.
 *
 * Env: BENCH_ROTA_DATABASE_URL (default mysql://linli:linli@127.0.0.1:3306/linli_bench_rota, dropped and
 * recreated), BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (20). Needs `npm run build -w shared`
 * and `npm run build -w server`. Writes bench/results/rota.json.
 */
const { spawn } = require('child_process');
const { createHash } = require('crypto');
const { existsSync, mkdirSync, writeFileSync } = require('fs');
const { join } = require('path');
const http = require('http');
const autocannon = require('autocannon');
const mysql = require('mysql2/promise');
const { median, resetDb } = require('./lib');

const ROOT = join(__dirname, '..');
const DB_URL = process.env.BENCH_ROTA_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench_rota';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20);
const LINLI_PORT = 7311;
const BARE_PORT = 7312;
const GOAL_SCHEDULE_MS = 1000;
const GOAL_P95_MS = 20;

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

// ---------------------------------------------------------------------------------------------------
// 1. Scheduler

function schedulerCase() {
  const { planRotas, mondayOf, beijingDateAt, addDays } = require(join(ROOT, 'shared/dist'));
  const ROTAS = 100;
  const PER = 100;
  const WEEKS = 52;
  const start = addDays(mondayOf(beijingDateAt(new Date())), 7);
  const inputs = Array.from({ length: ROTAS }, (_, r) => ({
    rotaId: r + 1,
    startDate: start,
    periodWeeks: 1,
    slots: 2,
    horizon: WEEKS,
    fromIndex: 0,
    // 10,000 shops; every tenth shop of a rota is also in the next rota (a corner shop on two streets).
    members: Array.from({ length: PER }, (_, k) => ({ seq: k + 1, participantId: k % 10 === 0 ? ((r + 1) % ROTAS) * PER + k + 1 : r * PER + k + 1, joinIndex: 0, leaveIndex: null })),
    exemptions: Array.from({ length: 5 }, (_, e) => ({ participantId: r * PER + e * 7 + 2, from: addDays(start, e * 21), to: addDays(start, e * 21 + 13) })),
    skip: [],
    frozen: new Map(),
    pins: [],
  }));
  const shops = new Set(inputs.flatMap((i) => i.members.map((m) => m.participantId))).size;
  const runs = { linli: [], bare: [] };
  let duties = 0;
  for (let round = 0; round < 5; round++) {
    let t0 = process.hrtime.bigint();
    const plans = planRotas(inputs);
    runs.linli.push(ms(t0));
    duties = plans.reduce((n, p) => n + p.periods.reduce((k, x) => k + x.duties.length, 0), 0);
    t0 = process.hrtime.bigint();
    // Bare: plain round-robin filling the same slots (no ledger, no exemptions, no cross-rota check).
    let bare = 0;
    for (const input of inputs) {
      const out = [];
      for (let w = 0; w < WEEKS; w++) {
        const week = [];
        for (let s = 0; s < input.slots; s++) week.push(input.members[(w * input.slots + s) % input.members.length].participantId);
        out.push(week);
        bare += week.length;
      }
    }
    runs.bare.push(ms(t0));
    if (bare !== ROTAS * WEEKS * 2) throw new Error('bare baseline miscounted');
  }
  return { shops, rotas: ROTAS, weeks: WEEKS, duties, linliMs: +median(runs.linli).toFixed(1), bareMs: +median(runs.bare).toFixed(2), goalMs: GOAL_SCHEDULE_MS };
}

// ---------------------------------------------------------------------------------------------------
// 2. My duty week over HTTP

async function api(path, { token, body, method } = {}) {
  const r = await fetch(`http://127.0.0.1:${LINLI_PORT}/api${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (!json.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(json)}`);
  return json.data;
}

const STEADY_RATE = 50;
const STEADY_CONNECTIONS = 4;

function load(url, headers, opts = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, ...opts }, (err, res) => {
      if (err) return reject(err);
      if (res.non2xx > 0 || res.errors > 0) return reject(new Error(`${url}: ${res.non2xx} non-2xx, ${res.errors} errors`));
      resolve({ rps: res.requests.average, p50: res.latency.p50, p95: res.latency.p97_5 ?? res.latency.p99, p99: res.latency.p99 });
    });
  });
}

/** The bare server: Koa + mysql2, the same reads as GET /api/rota/duty, JSON out. */
function startBare() {
  const Koa = require(require.resolve('koa', { paths: [join(ROOT, 'server')] }));
  const url = new URL(DB_URL);
  const pool = mysql.createPool({ host: url.hostname, port: Number(url.port || 3306), user: url.username, password: decodeURIComponent(url.password), database: url.pathname.slice(1), connectionLimit: 20, timezone: 'Z' });
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch {
      ctx.status = 503; // the pool closed under a request still in flight at the end of a round
    }
  });
  app.use(async (ctx) => {
    const m = /^Bearer (.+)$/.exec(ctx.get('authorization') || '');
    if (!m) return void (ctx.status = 401);
    const hash = createHash('sha256').update(m[1]).digest('hex');
    const [[s]] = await pool.query('SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > NOW() AND u.deleted_at IS NULL', [hash]);
    if (!s) return void (ctx.status = 401);
    await pool.query('SELECT g.role, g.unit_id, u.path FROM role_grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?', [s.user_id]);
    const [links] = await pool.query('SELECT participant_id, role FROM rota_participant_users WHERE user_id = ?', [s.user_id]);
    const ids = links.map((l) => l.participant_id);
    if (!ids.length) return void (ctx.body = { ok: true, data: { participants: [], current: null } });
    const [participants] = await pool.query('SELECT id, name, kind, status FROM rota_participants WHERE id IN (?)', [ids]);
    const [members] = await pool.query("SELECT rota_id, participant_id FROM rota_members WHERE participant_id IN (?) AND status = 'active'", [ids]);
    const [rotas] = members.length ? await pool.query('SELECT * FROM rotas WHERE id IN (?)', [[...new Set(members.map((x) => x.rota_id))]]) : [[]];
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const [upcoming] = await pool.query('SELECT * FROM rota_duties WHERE participant_id IN (?) AND week_end >= ? ORDER BY week_start, id LIMIT 20', [ids, today]);
    const [past] = await pool.query('SELECT * FROM rota_duties WHERE participant_id IN (?) AND week_end < ? ORDER BY week_start DESC, id DESC LIMIT 10', [ids, today]);
    const focus = upcoming[0];
    let current = null;
    if (focus) {
      const rota = rotas.find((r) => r.id === focus.rota_id);
      const [grids] = await pool.query('SELECT id, name, polygon FROM units WHERE id IN (?)', [JSON.parse(rota.grid_ids)]);
      const [partners] = await pool.query('SELECT * FROM rota_duties WHERE rota_id = ? AND period_index = ?', [rota.id, focus.period_index]);
      const [checkins] = await pool.query('SELECT id, kind, created_at, inside_area, distance_m FROM rota_checkins WHERE duty_id = ? ORDER BY id', [focus.id]);
      const [[previous]] = await pool.query('SELECT * FROM rota_duties WHERE rota_id = ? AND period_index < ? ORDER BY period_index DESC, id DESC LIMIT 1', [rota.id, focus.period_index]);
      const [[officer]] = await pool.query('SELECT id, nickname, phone_enc FROM users WHERE id = ?', [rota.officer_id]);
      current = {
        id: focus.id,
        start: focus.week_start,
        end: focus.week_end,
        rota: rota.name,
        area: grids.map((g) => ({ id: g.id, name: g.name, polygon: JSON.parse(g.polygon) })),
        checklist: JSON.parse(rota.checklist),
        partners: partners.filter((p) => p.participant_id !== focus.participant_id).length,
        checkins,
        previous: previous ? previous.handover_note : null,
        officer: officer.nickname,
      };
    }
    ctx.body = { ok: true, data: { participants, current, upcoming: upcoming.slice(1), past } };
  });
  const server = http.createServer(app.callback()).listen(BARE_PORT);
  return { stop: async () => (server.close(), pool.end()) };
}

async function httpCase() {
  await resetDb(DB_URL);
  const linli = spawn(process.execPath, [join(ROOT, 'server/bootstrap.js')], {
    cwd: join(ROOT, 'server'),
    env: { ...process.env, MIDWAY_SERVER_ENV: 'local', PORT: String(LINLI_PORT), DATABASE_URL: DB_URL, LOG_LEVEL: 'warn', TZ: 'UTC', NOTIFICATIONS_WORKER: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let bare;
  try {
    let owner;
    for (let i = 0; i < 300 && !owner; i++) {
      try {
        owner = (await api('/auth/demo-login', { body: { account: 'shop_owner' } })).token;
      } catch {
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    if (!owner) throw new Error('demo login failed (is the server built?)');
    const police = (await api('/auth/demo-login', { body: { account: 'community_police' } })).token;
    const me = await api('/me', { token: police });
    const community = me.roles.find((r) => r.role === 'community_police').unit;
    const tree = await api(`/units/tree?rootId=${community.id}&depth=1`);
    const grids = (tree.length === 1 && tree[0].id === community.id ? tree[0].children : tree).filter((u) => u.level === 'grid').map((g) => g.id);
    const today = new Date(Date.now() + 8 * 3600_000);
    const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * 86400_000).toISOString().slice(0, 10);
    const rota = await api('/admin/rota/rotas', { token: police, body: { name: '津浦路商户轮值', gridIds: grids, startDate: monday, slots: 2, weeksAhead: 12, enrolAllInArea: true } });
    const duty = await api('/rota/duty', { token: owner });
    if (!duty.current && !duty.next) throw new Error('the demo owner has no duty');
    bare = startBare();
    const auth = { authorization: `Bearer ${owner}` };
    const linliUrl = `http://127.0.0.1:${LINLI_PORT}/api/rota/duty`;
    const bareUrl = `http://127.0.0.1:${BARE_PORT}/duty`;
    await load(linliUrl, auth).catch(() => {});
    await load(bareUrl, auth).catch(() => {});
    const summary = (xs) => ({ rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p95: median(xs.map((x) => x.p95)), p99: median(xs.map((x) => x.p99)) });
    const measure = async (opts) => {
      const runs = { linli: [], bare: [] };
      for (let r = 0; r < ROUNDS; r++) {
        runs.linli.push(await load(linliUrl, auth, opts));
        runs.bare.push(await load(bareUrl, auth, opts));
      }
      return { linli: summary(runs.linli), bare: summary(runs.bare) };
    };
    const steady = await measure({ connections: STEADY_CONNECTIONS, overallRate: STEADY_RATE });
    const saturated = await measure({});
    return { members: rota.memberCount, steady: { rate: STEADY_RATE, connections: STEADY_CONNECTIONS, ...steady }, saturated: { connections: CONNECTIONS, ...saturated }, goalP95Ms: GOAL_P95_MS };
  } finally {
    await bare?.stop();
    linli.kill('SIGTERM');
  }
}

async function main() {
  if (!existsSync(join(ROOT, 'shared/dist/index.js'))) throw new Error('shared/dist is missing: run `npm run build -w shared` first');
  if (!existsSync(join(ROOT, 'server/dist/configuration.js'))) throw new Error('server/dist is missing: run `npm run build -w server` first');
  const schedule = schedulerCase();
  console.log(`\n| scheduler: ${schedule.weeks} weeks, ${schedule.shops} shops, ${schedule.rotas} rotas (${schedule.duties} duties) | ms |`);
  console.log('|---|---|');
  console.log(`| Linli fair stable scheduler (planRotas) | ${schedule.linliMs} |`);
  console.log(`| bare round-robin | ${schedule.bareMs} |`);
  console.log(`goal <= ${GOAL_SCHEDULE_MS} ms: ${schedule.linliMs <= GOAL_SCHEDULE_MS ? 'met' : 'MISSED'}`);
  const duty = await httpCase();
  console.log(`\n| my duty week (GET /api/rota/duty), ${duty.members} shops, ${ROUNDS} x ${SECONDS} s | req/s | p50 ms | p97.5 ms |`);
  console.log('|---|---|---|---|');
  const row = (label, x) => console.log(`| ${label} | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p95} |`);
  row(`Linli, steady ${STEADY_RATE} req/s`, duty.steady.linli);
  row(`bare Koa + mysql2, steady ${STEADY_RATE} req/s`, duty.steady.bare);
  row(`Linli, saturated (${CONNECTIONS} connections)`, duty.saturated.linli);
  row(`bare Koa + mysql2, saturated (${CONNECTIONS} connections)`, duty.saturated.bare);
  console.log(`goal p95 <= ${GOAL_P95_MS} ms at a steady load: ${duty.steady.linli.p95 <= GOAL_P95_MS ? 'met' : 'MISSED'}; saturated throughput ratio ${(duty.saturated.linli.rps / duty.saturated.bare.rps).toFixed(2)}`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results/rota.json'), JSON.stringify({ at: new Date().toISOString(), schedule, myDuty: duty, rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS }, null, 2));
  if (schedule.linliMs > GOAL_SCHEDULE_MS || duty.steady.linli.p95 > GOAL_P95_MS) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
