#!/usr/bin/env node
/**
 * `node bench/seed-tickets.js [--count 1000000] [--force]`: fills the bench database with tickets for the
 * ticket benchmarks (dispatcher queue 10,000 deep, figures of one street over a year).
 *
 * - The database (BENCH_DATABASE_URL, default mysql://linli:linli@127.0.0.1:3306/linli_bench) gets its
 *   schema and the demo data (Pukou's units and grids, the category catalogue, the demo accounts) from the
 *   BUILT server started once as `npm start` starts it, unless they are there already.
 * - Tickets are played through the shared state machine by the figures test's simulator
 *   (server/test/figures.sim.ts, compiled on the fly with swc), so every row is one the service could
 *   have written: statuses, milestones, deadlines, ratings, refusals, escalations, extensions, rework.
 * - The spread is realistic: three years up to now with volume growing over time, fewer on weekends and
 *   at night; streets weighted by their number of grids; categories by a Zipf law (a few kinds make most
 *   reports: parking, garbage, stalls); sources as the articles describe (grid patrol and residents first);
 *   recent tickets still open, old ones closed.
 * - Bulk multi-row INSERTs (2,000 rows) on two connections; department assignments alongside; the
 *   per-street day counters are set past the seeded numbers.
 *
 * Seeding is skipped when the tickets table already holds at least --count rows (use --force to start
 * over). Needs `npm run build -w server` and MariaDB/MySQL.
 */
const { spawn } = require('child_process');
const { existsSync } = require('fs');
const { join } = require('path');
const mysql = require('mysql2/promise');
const { requireTs } = require('./lib');

const ROOT = join(__dirname, '..');
const SERVER = join(ROOT, 'server');
const DB_URL = process.env.BENCH_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench';
const args = process.argv.slice(2);
const COUNT = Number(argValue('--count') ?? process.env.BENCH_TICKETS ?? 1_000_000);
const FORCE = args.includes('--force');
const BATCH = 2000;
const YEARS = 3;
const SEED = 4_2026;

function argValue(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function connOptions(withDb = true) {
  const url = new URL(DB_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: withDb ? url.pathname.slice(1) : undefined,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
  };
}

async function hasDemoData() {
  const admin = await mysql.createConnection(connOptions(false));
  const db = new URL(DB_URL).pathname.slice(1);
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const conn = await mysql.createConnection(connOptions());
  try {
    const [[u]] = await conn.query("SELECT COUNT(*) AS n FROM units WHERE level = 'grid'");
    const [[c]] = await conn.query("SELECT COUNT(*) AS n FROM categories WHERE kind = 'minor'");
    const [[a]] = await conn.query('SELECT COUNT(*) AS n FROM users WHERE demo_key IS NOT NULL');
    return Number(u.n) > 0 && Number(c.n) > 0 && Number(a.n) > 0;
  } catch {
    return false;
  } finally {
    await conn.end();
  }
}

/** Starts the built server once on the database (migrations + demo seed), waits for the demo sign-in, stops it. */
async function migrateAndSeedDemo() {
  if (!existsSync(join(SERVER, 'dist/configuration.js'))) throw new Error('server/dist is missing: run `npm run build -w server` first');
  const port = Number(process.env.BENCH_SEED_PORT || 7449);
  if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) throw new Error(`port ${port} is in use: set BENCH_SEED_PORT`);
  const child = spawn(process.execPath, [join(SERVER, 'bootstrap.js')], {
    cwd: SERVER,
    env: { ...process.env, MIDWAY_SERVER_ENV: 'local', PORT: String(port), DATABASE_URL: DB_URL, LOG_LEVEL: 'warn', TZ: 'UTC', NOTIFICATIONS_WORKER: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/auth/demo-login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ account: 'street_dispatcher' }),
        });
        if (r.ok) return;
      } catch {}
      if (Date.now() > deadline) throw new Error('the server did not finish the demo seed in time');
      await new Promise((res) => setTimeout(res, 500));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((res) => (child.exitCode !== null ? res() : child.once('exit', res)));
  }
}

/** Pick from weighted entries with a precomputed cumulative table. */
function weighted(items, weights) {
  const cum = [];
  let s = 0;
  for (const w of weights) cum.push((s += w));
  return (r) => {
    const x = r * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function bboxCenter(polygonText) {
  try {
    const rings = JSON.parse(polygonText);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const ring of rings) {
      for (const [x, y] of ring) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    if (!Number.isFinite(minX)) return null;
    return { lng: (minX + maxX) / 2, lat: (minY + maxY) / 2, dLng: (maxX - minX) / 3, dLat: (maxY - minY) / 3 };
  } catch {
    return null;
  }
}

async function loadWorld(conn) {
  const [units] = await conn.query('SELECT id, code, name, level, parent_id, path, polygon FROM units');
  const byId = new Map(units.map((u) => [Number(u.id), u]));
  const grids = units.filter((u) => u.level === 'grid');
  const places = [];
  for (const g of grids) {
    const community = byId.get(Number(g.parent_id));
    const street = community && byId.get(Number(community.parent_id));
    const district = street && byId.get(Number(street.parent_id));
    if (!community || !street || !district || street.level !== 'street') continue;
    const c = (g.polygon && bboxCenter(g.polygon)) || { lng: 118.62, lat: 32.06, dLng: 0.004, dLat: 0.004 };
    places.push({
      place: { gridId: Number(g.id), gridPath: g.path, communityId: Number(community.id), streetId: Number(street.id), streetCode: street.code, districtId: Number(district.id), lat: c.lat, lng: c.lng },
      spread: c,
      streetName: street.name,
    });
  }
  if (!places.length) throw new Error('no grids with a street and district above them: is the demo data there?');
  const [cats] = await conn.query("SELECT code, current_version, definition FROM categories WHERE kind = 'minor' AND active = 1 ORDER BY sort_order, code");
  const categories = cats.map((r) => {
    const d = typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition;
    return { code: r.code, version: Number(r.current_version), onSpotFixable: !!d.onSpotFixable, departments: d.departments ?? [], fileLimit: d.fileLimit, handleLimit: d.handleLimit, sensitive: !!d.sensitive };
  });
  if (!categories.length) throw new Error('no active minor categories');
  return { places, categories };
}

async function main() {
  const t0 = Date.now();
  if (!(await hasDemoData())) {
    console.log('seed-tickets: migrating and seeding the demo data with the built server...');
    await migrateAndSeedDemo();
  }
  const pool = mysql.createPool({ ...connOptions(), connectionLimit: 3 });
  try {
    const [[{ n: existing }]] = await pool.query('SELECT COUNT(*) AS n FROM tickets');
    if (Number(existing) >= COUNT && !FORCE) {
      console.log(`seed-tickets: ${existing} tickets already in ${new URL(DB_URL).pathname.slice(1)}; nothing to do (--force to reseed)`);
      return;
    }
    if (Number(existing) > 0) {
      console.log(`seed-tickets: removing ${existing} tickets first`);
      const conn = await pool.getConnection();
      await conn.query('SET FOREIGN_KEY_CHECKS = 0');
      for (const table of ['ticket_supervision_marks', 'ticket_media', 'ticket_co_reporters', 'ticket_events', 'ticket_assignments', 'open311_submissions', 'ticket_sequences', 'tickets']) {
        await conn.query(`TRUNCATE TABLE ${table}`);
      }
      await conn.query('SET FOREIGN_KEY_CHECKS = 1');
      conn.release();
    }
    const shared = require(require.resolve('@linli/shared', { paths: [SERVER] }));
    const { simulateTicket, seededRng, SIM_COLUMNS } = requireTs(join(SERVER, 'test/figures.sim.ts'));
    const { places, categories } = await loadWorld(pool);
    const rng = seededRng(SEED);

    // Streets weighted by their grids (each grid equally likely), grids with a little extra variety.
    const pickPlace = weighted(places, places.map(() => 0.5 + rng()));
    // Zipf over the categories in a shuffled (seeded) order.
    const order = categories.map((c) => ({ c, k: rng() })).sort((a, b) => a.k - b.k).map((x) => x.c);
    const pickCategory = weighted(order, order.map((_, i) => 1 / Math.pow(i + 1, 1.05)));
    const pickSource = weighted(
      ['grid_patrol', 'resident', 'hotline', 'video', 'committee', 'wechat_group', 'superior', 'duty_patrol'],
      [0.38, 0.32, 0.12, 0.08, 0.04, 0.02, 0.02, 0.02],
    );
    const hourWeights = [1, 0.5, 0.3, 0.3, 0.4, 0.8, 2, 4, 7, 9, 9, 8, 6, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1.5];
    const pickHour = weighted(hourWeights.map((_, h) => h), hourWeights);
    const addLimit = typeof shared.addWorkingTime === 'function' ? (start, limit) => shared.addWorkingTime(start, limit) : undefined;

    const now = new Date();
    const days = YEARS * 365;
    const seqs = new Map();
    const nextSeq = (street, day) => {
      const k = `${street}|${day}`;
      const v = (seqs.get(k) ?? 0) + 1;
      seqs.set(k, v);
      return v;
    };
    /** A creation time: volume grows by half over the years; weekends at 70 %; day-time hours. */
    const createdAt = () => {
      for (;;) {
        const x = Math.sqrt(rng() * 3 + 1) - 1; // density ∝ 1 + x on [0, 1] (newest = 1)
        const dayAgo = Math.floor((1 - x) * days);
        const base = new Date(now.getTime() - dayAgo * 86_400_000);
        const beijingDow = new Date(base.getTime() + 8 * 3_600_000).getUTCDay();
        if ((beijingDow === 0 || beijingDow === 6) && rng() > 0.7) continue;
        const midnightBeijing = Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate()) - 8 * 3_600_000;
        const at = midnightBeijing + pickHour(rng()) * 3_600_000 + Math.floor(rng() * 3_600_000);
        if (at < now.getTime()) return new Date(at);
      }
    };

    // Seeded rows are created in time order (ids follow time), as they would be in production.
    const [[{ m: maxId }]] = await pool.query('SELECT COALESCE(MAX(id), 0) AS m FROM tickets');
    let nextId = Number(maxId) + 1;
    const times = Array.from({ length: COUNT }, createdAt).sort((a, b) => a - b);
    const cols = ['id', ...SIM_COLUMNS];
    const quoted = cols.map((c) => `\`${c}\``).join(', ');
    let inserted = 0;
    let assignments = 0;
    const jobs = [];
    const flush = async (rows, assigns) => {
      const conn = await pool.getConnection();
      try {
        await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
        await conn.beginTransaction();
        await conn.query(`INSERT INTO tickets (${quoted}) VALUES ?`, [rows]);
        if (assigns.length) {
          await conn.query('INSERT INTO ticket_assignments (ticket_id, department, is_lead, street_id, district_id, unit_path, status, is_open, due_at, created_at) VALUES ?', [assigns]);
        }
        await conn.commit();
      } finally {
        conn.release();
      }
    };
    let rows = [];
    let assigns = [];
    let lastLog = Date.now();
    for (let i = 0; i < COUNT; i++) {
      const p = pickPlace(rng());
      const source = pickSource(rng());
      const place = { ...p.place, lat: p.place.lat + (rng() * 2 - 1) * p.spread.dLat, lng: p.place.lng + (rng() * 2 - 1) * p.spread.dLng };
      const sim = simulateTicket({
        rng,
        createdAt: times[i],
        now,
        category: pickCategory(rng()),
        place,
        source,
        reporterId: source === 'resident' ? 10_000_000 + Math.floor(rng() * 200_000) : null,
        nextSeq,
        addLimit,
      });
      const id = nextId++;
      rows.push([id, ...SIM_COLUMNS.map((c) => sim.row[c] ?? null)]);
      for (const a of sim.assignments) {
        assigns.push([id, a.department, a.is_lead, sim.row.street_id, sim.row.district_id, sim.row.unit_path, sim.row.status, sim.row.is_open, sim.row.due_at, sim.row.dispatched_at ?? sim.row.created_at]);
      }
      if (rows.length === BATCH || i === COUNT - 1) {
        inserted += rows.length;
        assignments += assigns.length;
        jobs.push(flush(rows, assigns));
        rows = [];
        assigns = [];
        if (jobs.length >= 2) await jobs.shift();
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          console.log(`seed-tickets: ${inserted} / ${COUNT} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        }
      }
    }
    await Promise.all(jobs);
    // Day counters past the seeded numbers, so tickets filed later continue the sequence.
    const counters = [...seqs.entries()].map(([k, v]) => [...k.split('|'), v]);
    for (let i = 0; i < counters.length; i += 5000) {
      await pool.query('INSERT INTO ticket_sequences (street_code, day, value) VALUES ? ON DUPLICATE KEY UPDATE value = GREATEST(value, VALUES(value))', [counters.slice(i, i + 5000)]);
    }
    await pool.query('ANALYZE TABLE tickets, ticket_assignments');
    const [[stats]] = await pool.query('SELECT COUNT(*) AS n, SUM(is_open) AS open, MIN(created_at) AS first, MAX(created_at) AS last FROM tickets');
    console.log(
      `seed-tickets: ${inserted} tickets (${Number(stats.open)} open, ${assignments} department assignments) from ${new Date(stats.first).toISOString().slice(0, 10)} to ${new Date(stats.last).toISOString().slice(0, 10)} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

module.exports = { main };
