/**
 * The bare baseline of the ticket benchmarks: plain Koa + mysql2, no Midway, no TypeORM, no validation
 * layer, no auth, no request log, doing the same SQL as Linli's endpoints.
 *   POST /tickets   one single-row INSERT of a report (the same columns Linli writes for a ticket row)
 *   POST /reports   the same work as Linli's POST /api/tickets for a WeChat user, by hand: the session
 *                   (one query with the grants), the idempotency key, the reporter, the photos, WeChat's
 *                   msg_sec_check (the same fake, access token cached), the check record, and one
 *                   transaction with the ticket, its photo link and its report event; the ticket as JSON
 *   GET  /queue     the dispatcher queue's keyset SELECT (street, status, (due_at, id) > cursor, 21 rows)
 *                   and the unit names of the page, as JSON
 *   GET  /figures   the grouped aggregates of the figures endpoint (built by server/dist's own
 *                   figures.sql.js, so the SQL is identical; the cohort in two halves of the period in
 *                   parallel, as Linli does), finished with the shared `figuresRow`
 * Env: DATABASE_URL, PORT. Sends 'ready' to its parent when listening.
 */
const { createHash } = require('crypto');
const Koa = require('koa');
const mysql = require('mysql2/promise');
const { join } = require('path');
const shared = require('@linli/shared');

const SERVER_DIST = join(__dirname, '../../server/dist');
const sql = require(join(SERVER_DIST, 'modules/ticket/figures/figures.sql.js'));

function readJson(ctx) {
  return new Promise((resolve, reject) => {
    let data = '';
    ctx.req.setEncoding('utf8');
    ctx.req.on('data', (c) => (data += c));
    ctx.req.on('end', () => {
      try {
        resolve(JSON.parse(data || '{}'));
      } catch (e) {
        reject(e);
      }
    });
    ctx.req.on('error', reject);
  });
}

async function main() {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 20, timezone: 'Z' });
  const [[grid]] = await pool.query("SELECT id, path FROM units WHERE code = '320111001005001'");
  const [[community]] = await pool.query("SELECT id FROM units WHERE code = '320111001005'");
  const [[street]] = await pool.query("SELECT id FROM units WHERE code = '320111001'");
  const [[district]] = await pool.query("SELECT id FROM units WHERE code = '320111'");

  // WeChat's access token, fetched once (Linli's client caches it the same way).
  let accessToken = null;
  const wechat = async (path, body) => {
    const base = process.env.WECHAT_API_BASE;
    if (!accessToken) {
      const r = await fetch(`${base}/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: process.env.WECHAT_APPID, secret: process.env.WECHAT_SECRET }) });
      accessToken = (await r.json()).access_token;
    }
    const r = await fetch(`${base}${path}?access_token=${encodeURIComponent(accessToken)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return r.json();
  };
  const fail = (ctx, status, error) => {
    ctx.status = status;
    ctx.body = { ok: false, error };
  };

  async function report(ctx) {
    const b = await readJson(ctx);
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization') || '')?.[1];
    if (!token) return fail(ctx, 401, 'UNAUTHENTICATED');
    const [session] = await pool.query(
      'SELECT s.id, s.user_id, s.expires_at, g.role, gu.id AS unit_id, gu.path FROM sessions s INNER JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL LEFT JOIN role_grants g ON g.user_id = s.user_id LEFT JOIN units gu ON gu.id = g.unit_id WHERE s.token_hash = ? AND s.expires_at > ? ORDER BY g.id',
      [createHash('sha256').update(token).digest('hex'), new Date()],
    );
    if (!session.length) return fail(ctx, 401, 'SESSION_EXPIRED');
    const userId = session[0].user_id;
    if (typeof b.idempotencyKey !== 'string' || typeof b.description !== 'string' || !Array.isArray(b.photoIds) || !b.location) return fail(ctx, 422, 'VALIDATION_FAILED');
    const requestHash = createHash('sha256').update(JSON.stringify({ ...b, idempotencyKey: undefined })).digest('hex');
    const [[prior]] = await pool.query('SELECT id, request_hash FROM tickets WHERE submitted_by = ? AND idempotency_key = ? LIMIT 1', [userId, b.idempotencyKey]);
    if (prior) {
      ctx.body = { ok: true, data: { ticket: { id: prior.id }, replayed: true } };
      return;
    }
    const [[users], [photos]] = await Promise.all([
      pool.query('SELECT id, nickname, openid FROM users WHERE id = ? AND deleted_at IS NULL LIMIT 1', [userId]),
      pool.query('SELECT * FROM media WHERE id IN (?)', [b.photoIds]),
    ]);
    if (!users.length) return fail(ctx, 404, 'NOT_FOUND');
    if (photos.length !== b.photoIds.length || photos.some((m) => m.owner_id !== userId || m.purpose !== 'report' || m.check_status === 'risky')) return fail(ctx, 422, 'VALIDATION_FAILED');
    const verdict = await wechat('/wxa/msg_sec_check', { version: 2, openid: users[0].openid, scene: 2, content: b.description });
    const suggest = verdict.result.suggest;
    await pool.query("INSERT INTO content_checks (kind, user_id, scene, trace_id, media_id, unit_path, status, suggest, label, note, completed_at) VALUES ('text', ?, 2, ?, NULL, ?, 'done', ?, ?, NULL, ?)", [
      userId,
      verdict.trace_id,
      grid.path,
      suggest,
      verdict.result.label,
      new Date(),
    ]);
    if (suggest === 'risky') return fail(ctx, 422, 'CONTENT_RISKY');
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const due = new Date(now.getTime() + 2 * 3_600_000);
    const conn = await pool.getConnection();
    let id;
    try {
      await conn.beginTransaction();
      const [res] = await conn.query(
        'INSERT INTO tickets (source, category_code, category_version, description, answers, photo_ids, lat, lng, address, location_mode, grid_id, community_id, street_id, district_id, unit_path, reporter_id, submitted_by, idempotency_key, request_hash, status, is_open, level, file_deadline, due_at, text_held, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ['resident', b.categoryCode, 1, b.description, JSON.stringify(b.answers ?? {}), JSON.stringify(b.photoIds), b.location.lat, b.location.lng, null, b.location.mode, grid.id, community.id, street.id, district.id, grid.path, userId, userId, b.idempotencyKey, requestHash, 'reported', 1, 'street', due, due, suggest === 'review', now, now],
      );
      id = res.insertId;
      await conn.query('INSERT INTO ticket_media (ticket_id, media_id) VALUES ?', [b.photoIds.map((m) => [id, m])]);
      await conn.query("INSERT INTO ticket_events (ticket_id, action, from_status, to_status, actor_id, actor_role, photo_ids, created_at) VALUES (?, 'report', NULL, 'reported', ?, 'reporter', ?, ?)", [id, userId, JSON.stringify(b.photoIds), now]);
      await conn.commit();
    } catch (e) {
      await conn.rollback();
      throw e;
    } finally {
      conn.release();
    }
    ctx.status = 201;
    ctx.body = {
      ok: true,
      data: {
        ticket: { id, number: null, status: 'reported', categoryCode: b.categoryCode, description: b.description, photoIds: b.photoIds, location: b.location, grid: { id: grid.id }, createdAt: now, fileDeadline: due },
        replayed: false,
      },
    };
  }

  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method === 'POST' && ctx.path === '/reports') return report(ctx);
    if (ctx.method === 'POST' && ctx.path === '/tickets') {
      const b = await readJson(ctx);
      const now = new Date();
      const due = new Date(now.getTime() + 2 * 3_600_000);
      const [res] = await pool.query(
        'INSERT INTO tickets (source, category_code, category_version, description, answers, photo_ids, lat, lng, address, location_mode, grid_id, community_id, street_id, district_id, unit_path, reporter_id, submitted_by, idempotency_key, request_hash, status, is_open, level, file_deadline, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ['resident', b.categoryCode, 1, b.description, JSON.stringify(b.answers ?? {}), JSON.stringify(b.photoIds ?? []), b.location.lat, b.location.lng, null, b.location.mode, grid.id, community.id, street.id, district.id, grid.path, null, null, b.idempotencyKey, null, 'reported', 1, 'street', due, due],
      );
      ctx.status = 201;
      ctx.body = { ok: true, data: { id: res.insertId } };
      return;
    }
    if (ctx.path === '/queue') {
      const limit = Number(ctx.query.limit || 20);
      const cursor = ctx.query.cursor ? shared.decodeQueueCursor(String(ctx.query.cursor)) : null;
      const params = [Number(ctx.query.streetId), String(ctx.query.status)];
      let where = 't.street_id = ? AND t.status IN (?)';
      if (cursor) {
        where += ' AND (t.due_at > ? OR (t.due_at = ? AND t.id > ?))';
        params.push(new Date(cursor.dueAt), new Date(cursor.dueAt), cursor.id);
      }
      const [rows] = await pool.query(`SELECT t.* FROM tickets t WHERE ${where} ORDER BY t.due_at ASC, t.id ASC LIMIT ${limit + 1}`, params);
      const page = rows.slice(0, limit);
      const ids = [...new Set(page.flatMap((r) => [r.grid_id, r.community_id, r.street_id]))];
      const [units] = ids.length ? await pool.query('SELECT id, code, name FROM units WHERE id IN (?)', [ids]) : [[]];
      const names = new Map(units.map((u) => [u.id, u]));
      const last = page[page.length - 1];
      ctx.body = {
        ok: true,
        data: {
          items: page.map((r) => ({ id: r.id, number: r.number, status: r.status, dueAt: r.due_at, grid: names.get(r.grid_id), community: names.get(r.community_id), street: names.get(r.street_id), excerpt: String(r.description).slice(0, 80) })),
          nextCursor: rows.length > limit ? shared.encodeQueueCursor({ dueAt: last.due_at, id: last.id }) : null,
        },
      };
      return;
    }
    if (ctx.path === '/figures') {
      const period = shared.figuresPeriod({ from: String(ctx.query.from), to: String(ctx.query.to) });
      const range = [period.start, period.end];
      const sid = Number(ctx.query.streetId);
      // The same statements as Linli: the intake, and the cohort in two halves of the period, in parallel.
      const mid = new Date(Math.round((period.start.getTime() + period.end.getTime()) / 2));
      const cohortSql = `SELECT NULL AS k, ${sql.cohortColumns('mysql', shared.TicketLimits.satisfiedRatingMin)} FROM tickets t WHERE t.street_id = ? AND t.filed_at >= ? AND t.filed_at < ? AND t.status <> 'refused' GROUP BY k`;
      const [[intake], [c1], [c2]] = await Promise.all([
        pool.query(`SELECT NULL AS k, ${sql.intakeColumns()} FROM tickets t WHERE t.street_id = ? AND t.created_at >= ? AND t.created_at < ? GROUP BY k`, [sid, ...range]),
        pool.query(cohortSql, [sid, period.start, mid]),
        pool.query(cohortSql, [sid, mid, period.end]),
      ]);
      const cohort = [...c1, ...c2];
      const c = shared.emptyFigureCounts();
      const n = (v) => (v === null || v === undefined ? 0 : Number(v));
      for (const r of intake) {
        c.reported += n(r.reported);
        c.refused += n(r.refused);
      }
      for (const r of cohort) {
        Object.assign(c, {
          filed: c.filed + n(r.filed),
          handled: c.handled + n(r.handled),
          closed: c.closed + n(r.closed),
          closedOnTime: c.closedOnTime + n(r.closed_on_time),
          reworked: c.reworked + n(r.reworked),
          extended: c.extended + n(r.extended),
          rated: c.rated + n(r.rated),
          satisfied: c.satisfied + n(r.satisfied),
          coReporters: c.coReporters + n(r.co_reporters),
          fileMsSum: c.fileMsSum + n(r.file_ms),
          dispatched: c.dispatched + n(r.dispatched),
          dispatchMsSum: c.dispatchMsSum + n(r.dispatch_ms),
          closeMsSum: c.closeMsSum + n(r.close_ms),
        });
        c.resolvedAt.grid += n(r.at_grid);
        c.resolvedAt.street += n(r.at_street);
        c.resolvedAt.district += n(r.at_district);
        c.resolvedAt.department += n(r.at_department);
      }
      ctx.body = { ok: true, data: { total: shared.figuresRow(c, null, '合计'), groups: [] } };
      return;
    }
    ctx.status = 404;
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send('ready'));
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
