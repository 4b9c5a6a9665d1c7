#!/usr/bin/env node
/**
 * `npm run bench`: loads Linli's endpoints with autocannon and, in the same run, a bare Koa + mysql2
 * baseline doing the same work, in alternating rounds, and prints medians and the ratio.
 * Needs MariaDB/MySQL (BENCH_DATABASE_URL, default mysql://linli:linli@127.0.0.1:3306/linli_bench;
 * the database is dropped and recreated) and the built server (npm run build -w server).
 * Options (env): BENCH_ROUNDS (default 3), BENCH_SECONDS per round (default 5), BENCH_CONNECTIONS (default 20).
 */
const { fork, spawn } = require('child_process');
const { mkdirSync, writeFileSync, existsSync } = require('fs');
const { join } = require('path');
const autocannon = require('autocannon');
const mysql = require('mysql2/promise');
const { median, resetDb } = require('./lib');

const ROOT = join(__dirname, '..');
const DB_URL = process.env.BENCH_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20);
const LINLI_PORT = 7301;
const BARE_PORT = 7302;


async function waitHealthy(url, child, label) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${label} not ready`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function load(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (err, res) => {
      if (err) return reject(err);
      if (res.non2xx > 0 || res.errors > 0) return reject(new Error(`${url}: ${res.non2xx} non-2xx, ${res.errors} errors`));
      resolve({ rps: res.requests.average, p50: res.latency.p50, p95: res.latency.p97_5 ?? res.latency.p99, p99: res.latency.p99 });
    });
  });
}

async function main() {
  if (!existsSync(join(ROOT, 'server/dist/configuration.js'))) {
    console.error('Build the server first: npm run build -w server');
    process.exit(1);
  }
  await resetDb(DB_URL);
  console.log(`bench: ${ROUNDS} rounds x ${SECONDS}s, ${CONNECTIONS} connections, database ${DB_URL.replace(/:[^:@/]+@/, ':***@')}`);
  const linli = spawn(process.execPath, [join(ROOT, 'server/bootstrap.js')], {
    cwd: join(ROOT, 'server'),
    env: { ...process.env, MIDWAY_SERVER_ENV: 'local', PORT: String(LINLI_PORT), DATABASE_URL: DB_URL, LOG_LEVEL: 'warn', TZ: 'UTC' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitHealthy(`http://127.0.0.1:${LINLI_PORT}/api/health`, linli, 'linli');
    // wait for the demo seed to finish: demo accounts appear once seeding is done
    let token;
    for (let i = 0; i < 100 && !token; i++) {
      const r = await fetch(`http://127.0.0.1:${LINLI_PORT}/api/auth/demo-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account: 'street_dispatcher' }),
      });
      if (r.ok) token = (await r.json()).data.token;
      else await new Promise((res) => setTimeout(res, 300));
    }
    if (!token) throw new Error('demo login failed');
    const bare = fork(join(__dirname, 'baseline/bare-server.js'), [], { env: { ...process.env, DATABASE_URL: DB_URL, PORT: String(BARE_PORT) }, stdio: 'inherit' });
    await new Promise((res, rej) => {
      bare.once('message', res);
      bare.once('exit', (c) => rej(new Error(`baseline exited ${c}`)));
    });
    const auth = { authorization: `Bearer ${token}` };
    const point = 'lng=118.62&lat=32.08';
    const cases = [
      { name: 'authenticated read (GET /api/me)', linli: [`http://127.0.0.1:${LINLI_PORT}/api/me`, auth], bare: [`http://127.0.0.1:${BARE_PORT}/me`, auth] },
      { name: 'point -> grid lookup (GET /api/units/locate)', linli: [`http://127.0.0.1:${LINLI_PORT}/api/units/locate?${point}`, {}], bare: [`http://127.0.0.1:${BARE_PORT}/locate?${point}`, {}] },
    ];
    const results = [];
    for (const c of cases) {
      // warm-up
      await load(...c.linli).catch(() => {});
      await load(...c.bare).catch(() => {});
      const runs = { linli: [], bare: [] };
      for (let r = 0; r < ROUNDS; r++) {
        runs.linli.push(await load(...c.linli));
        runs.bare.push(await load(...c.bare));
      }
      const summary = (xs) => ({ rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p95: median(xs.map((x) => x.p95)), p99: median(xs.map((x) => x.p99)) });
      const l = summary(runs.linli);
      const b = summary(runs.bare);
      results.push({ case: c.name, linli: l, bare: b, throughputRatio: +(l.rps / b.rps).toFixed(2) });
    }
    bare.kill('SIGTERM');
    console.log('\n| case | Linli req/s | bare req/s | ratio | Linli p50 / p97.5 ms | bare p50 / p97.5 ms |');
    console.log('|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(`| ${r.case} | ${r.linli.rps.toFixed(0)} | ${r.bare.rps.toFixed(0)} | ${r.throughputRatio} | ${r.linli.p50} / ${r.linli.p95} | ${r.bare.p50} / ${r.bare.p95} |`);
    }
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results/latest.json'), JSON.stringify({ at: new Date().toISOString(), rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, results }, null, 2));
  } finally {
    linli.kill('SIGTERM');
  }
}

/** The feature benches (each standalone, each with its own bare baseline), run after the HTTP cases. */
function runFeatureBenches() {
  const { spawnSync } = require('child_process');
  const { readdirSync } = require('fs');
  let failed = 0;
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.bench.js')).sort()) {
    console.log(`\n=== ${f} ===`);
    const r = spawnSync(process.execPath, [join(__dirname, f)], { stdio: 'inherit', env: process.env });
    if (r.status !== 0) failed++;
  }
  return failed;
}

main()
  .then(() => process.exit(runFeatureBenches() ? 1 : 0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
