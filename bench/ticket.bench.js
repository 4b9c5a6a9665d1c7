#!/usr/bin/env node
/**
 * `node bench/ticket.bench.js`: the ticket goals of issue 4, item 10, on MariaDB with 1,000,000 tickets,
 * each against a bare Koa + mysql2 server doing the same SQL in the same run (bench/baseline/
 * ticket-bare-server.js), in alternating rounds:
 *
 * 1. report submission throughput (autocannon): Linli `POST /api/tickets` (session, validation, category,
 *    photo ownership, grid lookup, WeChat's msg_sec_check on the fake, check record, ticket + photo link +
 *    report event in one transaction, the ticket presented back) against the bare server doing the same
 *    work by hand (POST /reports). Goal: Linli >= 50 % of it. The bare single-row INSERT endpoint
 *    (POST /tickets) runs in the same rounds and is printed for reference.
 * 2. the street dispatcher's queue, keyset pages by time left: page 1 and a page 10,000 rows deep (and
 *    page 10,000, 200,000 rows deep, when the queue is that long). Goal: p95 deep <= 1.5 x p95 page 1 and
 *    <= 50 ms.
 * 3. the figures of one street over a year (`GET /api/figures?streetId&from&to`). Goal: p95 <= 200 ms.
 *
 * Latencies (2, 3) are measured by this script: C concurrent clients for S seconds, every request timed,
 * exact percentiles. The database is seeded first with bench/seed-tickets.js (skipped when it already
 * holds the tickets). Results: bench/results/ticket.json.
 *
 * Env: BENCH_DATABASE_URL (default mysql://linli:linli@127.0.0.1:3306/linli_bench), BENCH_ROUNDS (3),
 * BENCH_SECONDS (5), BENCH_CONNECTIONS (20, submission), BENCH_LATENCY_CONNECTIONS (1: one request at a time,
 * the latency a dispatcher sees; more clients measure queueing on the 2 cores),
 * BENCH_TICKETS (1000000), BENCH_CASES (submission,queue,figures: the cases to run). Needs `npm run build -w server`.
 */
const { fork, spawn } = require('child_process');
const { createHash, randomBytes } = require('crypto');
const { existsSync, mkdirSync, writeFileSync } = require('fs');
const { join } = require('path');
const autocannon = require('autocannon');
const mysql = require('mysql2/promise');
const { median } = require('./lib');

const ROOT = join(__dirname, '..');
const SERVER = join(ROOT, 'server');
const DB_URL = process.env.BENCH_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20);
const LAT_CONNECTIONS = Number(process.env.BENCH_LATENCY_CONNECTIONS || 1);
const LINLI_PORT = Number(process.env.BENCH_TICKET_PORT || 7441);
const BARE_PORT = LINLI_PORT + 1;
const REPORTERS = 800;
const DEMO_POINT = { lng: 118.456338, lat: 32.2429 };
const CASES = new Set((process.env.BENCH_CASES || 'submission,queue,figures').split(',').map((c) => c.trim()));
const GOALS = { submissionRatio: 0.5, deepOverFirst: 1.5, deepP95Ms: 50, figuresP95Ms: 200 };

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round1 = (x) => Math.round(x * 10) / 10;

async function waitFor(check, label, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${label}: timed out`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** autocannon for a while; throws on any non-2xx answer. */
function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts }, (err, res) => {
      if (err) return reject(err);
      if (res.non2xx > 0 || res.errors > 0) return reject(new Error(`${opts.url}: ${res.non2xx} non-2xx, ${res.errors} errors`));
      resolve({ rps: res.requests.average, p50: res.latency.p50, p97_5: res.latency.p97_5, p99: res.latency.p99, total: res.requests.total });
    });
  });
}

/** C clients requesting `url` back to back for `seconds`; exact latency percentiles (ms). */
async function latency(url, headers, seconds = SECONDS, connections = LAT_CONNECTIONS) {
  const times = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint();
        const r = await fetch(url, { headers });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { n: times.length, p50: round1(pct(times, 50)), p95: round1(pct(times, 95)), p99: round1(pct(times, 99)), rps: round1(times.length / seconds) };
}

async function main() {
  if (!existsSync(join(SERVER, 'dist/configuration.js'))) throw new Error('server/dist is missing: run `npm run build -w server` first');
  await require('./seed-tickets').main();

  const shared = require(require.resolve('@linli/shared', { paths: [SERVER] }));
  const pool = mysql.createPool({ uri: DB_URL, connectionLimit: 4, timezone: 'Z' });
  const [[{ n: ticketCount }]] = await pool.query('SELECT COUNT(*) AS n FROM tickets');
  const [[street]] = await pool.query("SELECT id, name FROM units WHERE code = '320111001'");

  // Reporters for the submission case: WeChat users (so their text goes through msgSecCheck, answered
  // by the tests' fake WeChat server on loopback, as for real residents), a session and one checked
  // report photo each; earlier bench reporters and their reports are removed first.
  // Rows the bare endpoint inserted in earlier runs (no submitter, a bench idempotency key).
  await pool.query("DELETE FROM tickets WHERE submitted_by IS NULL AND idempotency_key LIKE 'bench-%'");
  const [old] = await pool.query("SELECT id FROM users WHERE nickname LIKE 'bench-reporter-%'");
  if (old.length) {
    const ids = old.map((u) => u.id);
    await pool.query('DELETE FROM tickets WHERE submitted_by IN (?)', [ids]);
    for (const t of ['sessions', 'media', 'moderation_items', 'content_checks']) {
      await pool.query(`DELETE FROM ${t} WHERE ${t === 'media' || t === 'moderation_items' ? 'owner_id' : 'user_id'} IN (?)`, [ids]).catch(() => undefined);
    }
    await pool.query('DELETE FROM users WHERE id IN (?)', [ids]);
  }
  const reporters = [];
  for (let i = 0; i < REPORTERS; i++) {
    const [u] = await pool.query('INSERT INTO users (nickname, openid) VALUES (?, ?)', [`bench-reporter-${i}`, `bench-openid-${process.pid}-${i}`]);
    const token = randomBytes(32).toString('base64url');
    await pool.query('INSERT INTO sessions (user_id, token_hash, expires_at) VALUES (?, ?, ?)', [u.insertId, createHash('sha256').update(token).digest('hex'), new Date(Date.now() + 86_400_000)]);
    const [m] = await pool.query(
      "INSERT INTO media (owner_id, purpose, storage_key, thumb_key, mime, width, height, bytes, sha256, client_key, check_status) VALUES (?, 'report', ?, ?, 'image/jpeg', 1000, 750, 180000, ?, ?, 'pass')",
      [u.insertId, `bench/${u.insertId}.jpg`, `bench/${u.insertId}.webp`, 'b'.repeat(64), `bench-${u.insertId}`],
    );
    reporters.push({ token, photoId: m.insertId, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
  }
  // A category a resident may report with one photo and no required question.
  const [cats] = await pool.query("SELECT code, definition FROM categories WHERE kind = 'minor' AND active = 1 ORDER BY sort_order, code");
  const category = cats
    .map((c) => ({ code: c.code, d: typeof c.definition === 'string' ? JSON.parse(c.definition) : c.definition }))
    .find((c) => c.d.evidence.minPhotos <= 1 && !c.d.sensitive && !c.d.questions.some((q) => q.required));
  if (!category) throw new Error('no category to report in');

  for (const port of [LINLI_PORT, BARE_PORT]) {
    const busy = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    if (busy) throw new Error(`port ${port} is in use (another bench?): set BENCH_TICKET_PORT`);
  }
  console.log(`ticket bench: ${ticketCount} tickets, ${ROUNDS} rounds x ${SECONDS}s; submission ${CONNECTIONS} connections, latency ${LAT_CONNECTIONS} clients`);
  // The fake WeChat server (msgSecCheck of the reports' text) in its own process: the load generator
  // in this one must not slow its answers.
  const fakeChild = fork(join(__dirname, 'baseline/wechat-fake-child.js'), [], { stdio: 'inherit' });
  const fake = await new Promise((res, rej) => {
    fakeChild.once('message', res);
    fakeChild.once('exit', (c) => rej(new Error(`fake WeChat exited ${c}`)));
  });
  const linli = spawn(process.execPath, [...(process.env.BENCH_LINLI_NODE_ARGS ? process.env.BENCH_LINLI_NODE_ARGS.split(' ') : []), join(SERVER, 'bootstrap.js')], {
    cwd: SERVER,
    env: {
      ...process.env,
      MIDWAY_SERVER_ENV: 'local',
      PORT: String(LINLI_PORT),
      DATABASE_URL: DB_URL,
      LOG_LEVEL: 'warn',
      TZ: 'UTC',
      TRUST_PROXY: '1',
      NOTIFICATIONS_WORKER: '0',
      WECHAT_API_BASE: fake.url,
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.secret,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let bare;
  try {
    const L = `http://127.0.0.1:${LINLI_PORT}`;
    const B = `http://127.0.0.1:${BARE_PORT}`;
    const dispatcherToken = await waitFor(async () => {
      const r = await fetch(`${L}/api/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'street_dispatcher' }) });
      return r.ok ? (await r.json()).data.token : null;
    }, 'linli start');
    bare = fork(join(__dirname, 'baseline/ticket-bare-server.js'), [], {
      env: { ...process.env, DATABASE_URL: DB_URL, PORT: String(BARE_PORT), WECHAT_API_BASE: fake.url, WECHAT_APPID: fake.appId, WECHAT_SECRET: fake.secret },
      stdio: 'inherit',
    });
    await new Promise((res, rej) => {
      bare.once('message', res);
      bare.once('exit', (c) => rej(new Error(`baseline exited ${c}`)));
    });
    const auth = { authorization: `Bearer ${dispatcherToken}` };

    // ---- 1. submission ----
    let submission = null;
    if (CASES.has('submission')) {
    let seq = 0;
    const reportBody = (r) =>
      JSON.stringify({
        idempotencyKey: `bench-${process.pid}-${++seq}-${randomBytes(4).toString('hex')}`,
        categoryCode: category.code,
        description: '小区北门人行道上堆了很多装修垃圾，行人只能绕行',
        photoIds: [r.photoId],
        location: { mode: 'gps', lat: DEMO_POINT.lat, lng: DEMO_POINT.lng },
      });
    const first = await fetch(`${L}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${reporters[0].token}`, 'x-forwarded-for': reporters[0].ip }, body: reportBody(reporters[0]) });
    if (first.status !== 201) {
      const me = await fetch(`${L}/api/me`, { headers: { authorization: `Bearer ${reporters[0].token}` } });
      throw new Error(`report: ${first.status} ${await first.text()} (GET /api/me with the same token: ${me.status})`);
    }
    let next = 1;
    const linliSubmit = () => ({
      url: `${L}/api/tickets`,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const r = reporters[next++ % reporters.length];
            return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}`, 'x-forwarded-for': r.ip }, body: reportBody(r) };
          },
        },
      ],
    });
    const bareSubmit = () => ({
      url: `${B}/tickets`,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, headers: { 'content-type': 'application/json' }, body: reportBody(reporters[next++ % reporters.length]) }) }],
    });
    const bareSameSubmit = () => ({
      url: `${B}/reports`,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const r = reporters[next++ % reporters.length];
            return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}` }, body: reportBody(r) };
          },
        },
      ],
    });
    await cannon({ ...linliSubmit(), duration: 2 });
    await cannon({ ...bareSameSubmit(), duration: 2 });
    await cannon({ ...bareSubmit(), duration: 2 });
    const sub = { linli: [], bareSame: [], bare: [] };
    for (let i = 0; i < ROUNDS; i++) {
      sub.linli.push(await cannon(linliSubmit()));
      sub.bareSame.push(await cannon(bareSameSubmit()));
      sub.bare.push(await cannon(bareSubmit()));
    }
    const summarise = (xs) => ({ rps: round1(median(xs.map((x) => x.rps))), p50: median(xs.map((x) => x.p50)), p97_5: median(xs.map((x) => x.p97_5)), p99: median(xs.map((x) => x.p99)) });
    submission = { linli: summarise(sub.linli), bareSameWork: summarise(sub.bareSame), bare: summarise(sub.bare) };
    submission.ratio = +(submission.linli.rps / submission.bareSameWork.rps).toFixed(2);
    submission.ratioToSingleInsert = +(submission.linli.rps / submission.bare.rps).toFixed(2);

    // Back to the seeded data for the read cases: drop what the submission case wrote.
    await pool.query("DELETE FROM tickets WHERE idempotency_key LIKE 'bench-%'");
    }
    const lat = (xs) => ({ p50: round1(median(xs.map((x) => x.p50))), p95: round1(median(xs.map((x) => x.p95))), p99: round1(median(xs.map((x) => x.p99))), rps: round1(median(xs.map((x) => x.rps))) });

    // ---- 2. queue ----
    const status = 'closed';
    let queue = null;
    let deepOverFirst = null;
    let queueLength = null;
    if (CASES.has('queue')) {
    [[{ n: queueLength }]] = await pool.query('SELECT COUNT(*) AS n FROM tickets WHERE street_id = ? AND status = ?', [street.id, status]);
    const cursorAt = async (offset) => {
      const [[row]] = await pool.query('SELECT due_at, id FROM tickets WHERE street_id = ? AND status = ? ORDER BY due_at, id LIMIT 1 OFFSET ?', [street.id, status, offset]);
      return shared.encodeQueueCursor({ dueAt: row.due_at, id: row.id });
    };
    const depths = [{ label: 'page 1', rows: 0 }, { label: '10,000 rows deep (page 501)', rows: 10_000 }];
    if (queueLength > 200_020) depths.push({ label: 'page 10,000 (200,000 rows deep)', rows: 200_000 });
    const pages = [];
    for (const d of depths) {
      const cursor = d.rows ? await cursorAt(d.rows - 1) : null;
      const lUrl = `${L}/api/command/queue?status=${status}&limit=20${cursor ? `&cursor=${cursor}` : ''}`;
      const bUrl = `${B}/queue?streetId=${street.id}&status=${status}&limit=20${cursor ? `&cursor=${cursor}` : ''}`;
      // Both answer the same page: the rows right after the cursor.
      const [[expect]] = await pool.query('SELECT id FROM tickets WHERE street_id = ? AND status = ? ORDER BY due_at, id LIMIT 1 OFFSET ?', [street.id, status, d.rows]);
      const lFirst = (await (await fetch(lUrl, { headers: auth })).json()).data.items[0].id;
      const bFirst = (await (await fetch(bUrl)).json()).data.items[0].id;
      if (lFirst !== expect.id || bFirst !== expect.id) throw new Error(`queue ${d.label}: first ids ${lFirst} / ${bFirst}, expected ${expect.id}`);
      pages.push({ ...d, lUrl, bUrl });
    }
    for (const p of pages) {
      await latency(p.lUrl, auth, 1);
      await latency(p.bUrl, {}, 1);
    }
    const runs = pages.map(() => ({ linli: [], bare: [] }));
    for (let i = 0; i < ROUNDS; i++) {
      for (let j = 0; j < pages.length; j++) {
        runs[j].linli.push(await latency(pages[j].lUrl, auth));
        runs[j].bare.push(await latency(pages[j].bUrl, {}));
      }
    }
    queue = pages.map((p, j) => ({ page: p.label, rowsDeep: p.rows, linli: lat(runs[j].linli), bare: lat(runs[j].bare) }));
    deepOverFirst = +(queue[1].linli.p95 / queue[0].linli.p95).toFixed(2);
    }

    // ---- 3. figures ----
    let figures = null;
    let lFig = null;
    if (CASES.has('figures')) {
    const to = shared.beijingDate(new Date());
    const from = shared.beijingDate(new Date(Date.now() - 364 * 86_400_000));
    const fl = `${L}/api/figures?streetId=${street.id}&from=${from}&to=${to}`;
    const fb = `${B}/figures?streetId=${street.id}&from=${from}&to=${to}`;
    lFig = (await (await fetch(fl, { headers: auth })).json()).data.total;
    const bFig = (await (await fetch(fb)).json()).data.total;
    if (JSON.stringify(lFig) !== JSON.stringify(bFig)) throw new Error(`figures differ: ${JSON.stringify(lFig)} vs ${JSON.stringify(bFig)}`);
    await latency(fl, auth, 1);
    await latency(fb, {}, 1);
    const fig = { linli: [], bare: [] };
    for (let i = 0; i < ROUNDS; i++) {
      fig.linli.push(await latency(fl, auth));
      fig.bare.push(await latency(fb, {}));
    }
    figures = { street: street.name, from, to, filed: lFig.filed, reported: lFig.reported, linli: lat(fig.linli), bare: lat(fig.bare) };
    }

    // ---- report ----
    const verdict = (ok) => (ok ? 'met' : 'NOT met');
    if (submission) {
    console.log(`\n| report submission (${CONNECTIONS} connections) | req/s | p50 / p97.5 ms |`);
    console.log('|---|---|---|');
    console.log(`| Linli POST /api/tickets | ${submission.linli.rps} | ${submission.linli.p50} / ${submission.linli.p97_5} |`);
    console.log(`| bare Koa + mysql2, the same work (session, key, reporter, photos, msg_sec_check, 3 INSERTs in a transaction) | ${submission.bareSameWork.rps} | ${submission.bareSameWork.p50} / ${submission.bareSameWork.p97_5} |`);
    console.log(`| bare single-row INSERT (no session, no checks) | ${submission.bare.rps} | ${submission.bare.p50} / ${submission.bare.p97_5} |`);
    console.log(`Linli / bare doing the same work ${submission.ratio}; goal >= ${GOALS.submissionRatio}: ${verdict(submission.ratio >= GOALS.submissionRatio)}`);
    console.log(`Linli / bare single-row INSERT ${submission.ratioToSingleInsert} (for reference: a report is ~10 statements and a WeChat call, the INSERT is one statement)`);
    }
    if (queue) {
    const deep = queue[1];
    console.log(`\n| dispatcher queue, ${street.name}, status ${status} (${queueLength} rows), ${LAT_CONNECTIONS} clients | Linli p50 / p95 ms | bare p50 / p95 ms |`);
    console.log('|---|---|---|');
    for (const q of queue) console.log(`| ${q.page} | ${q.linli.p50} / ${q.linli.p95} | ${q.bare.p50} / ${q.bare.p95} |`);
    console.log(`deep / page 1 (p95) ${deepOverFirst}; goal <= ${GOALS.deepOverFirst} and <= ${GOALS.deepP95Ms} ms: ${verdict(deepOverFirst <= GOALS.deepOverFirst && deep.linli.p95 <= GOALS.deepP95Ms)}`);
    }
    if (figures) {
    const { from, to } = figures;
    console.log(`\n| figures of ${street.name}, ${from}..${to} (${lFig.filed} filed), ${LAT_CONNECTIONS} clients | p50 / p95 ms | req/s |`);
    console.log('|---|---|---|');
    console.log(`| Linli GET /api/figures | ${figures.linli.p50} / ${figures.linli.p95} | ${figures.linli.rps} |`);
    console.log(`| bare, the same SQL statements | ${figures.bare.p50} / ${figures.bare.p95} | ${figures.bare.rps} |`);
    console.log(`goal p95 <= ${GOALS.figuresP95Ms} ms: ${verdict(figures.linli.p95 <= GOALS.figuresP95Ms)}`);
    }

    // Only a run of every case replaces the recorded results.
    if (CASES.size === 3 && submission && queue && figures) {
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(
      join(__dirname, 'results/ticket.json'),
      JSON.stringify({ at: new Date().toISOString(), tickets: Number(ticketCount), rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, latencyClients: LAT_CONNECTIONS, goals: GOALS, submission, queue: { street: street.name, status, rows: Number(queueLength), pages: queue, deepOverFirst }, figures }, null, 2),
    );
    }
  } finally {
    bare?.kill('SIGTERM');
    linli.kill('SIGTERM');
    fakeChild.kill('SIGTERM');
    await pool.end();
  }
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
