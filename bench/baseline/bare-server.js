/**
 * The bare baseline: plain Koa + mysql2 doing the same work as Linli's endpoints, with none of
 * Linli's framework (no Midway, no TypeORM, no validation layer, no error filter, no request log).
 * Endpoints:
 *   GET /me            bearer token -> session row -> user row -> role grants joined with units -> JSON
 *   GET /locate?lng&lat  point -> grid via the same R-tree + point-in-polygon over the same grids
 */
const Koa = require('koa');
const mysql = require('mysql2/promise');
const { createHash } = require('crypto');
const RBush = require('rbush').default ?? require('rbush');
const { pointInPolygon, polygonBBox } = require('@linli/shared');

async function main() {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 20, timezone: 'Z' });
  const [grids] = await pool.query("SELECT id, code, name, path, polygon FROM units WHERE level = 'grid' AND polygon IS NOT NULL");
  const tree = new RBush();
  tree.load(
    grids.map((g) => {
      const polygon = JSON.parse(g.polygon);
      const [minX, minY, maxX, maxY] = polygonBBox(polygon);
      return { minX, minY, maxX, maxY, g: { id: g.id, code: g.code, name: g.name, polygon } };
    }),
  );
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.path === '/me') {
      const m = /^Bearer\s+(\S+)$/.exec(ctx.get('authorization'));
      if (!m) return void ((ctx.status = 401), (ctx.body = { ok: false }));
      const hash = createHash('sha256').update(m[1]).digest('hex');
      const [[s]] = await pool.query('SELECT id, user_id, expires_at FROM sessions WHERE token_hash = ?', [hash]);
      if (!s || new Date(s.expires_at) <= new Date()) return void ((ctx.status = 401), (ctx.body = { ok: false }));
      const [[u]] = await pool.query('SELECT id, nickname, avatar_url, phone_enc, created_at, deleted_at FROM users WHERE id = ?', [s.user_id]);
      const [grants] = await pool.query(
        'SELECT g.role, g.unit_id, u.path, u.code, u.name, u.level FROM role_grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?',
        [s.user_id],
      );
      ctx.body = {
        ok: true,
        data: {
          id: u.id,
          nickname: u.nickname,
          avatarUrl: u.avatar_url,
          phoneMasked: null,
          roles: grants.map((g) => ({ role: g.role, unit: { id: g.unit_id, code: g.code, name: g.name, level: g.level } })),
          createdAt: u.created_at,
        },
      };
      return;
    }
    if (ctx.path === '/locate') {
      const lng = Number(ctx.query.lng);
      const lat = Number(ctx.query.lat);
      const hit = tree.search({ minX: lng, minY: lat, maxX: lng, maxY: lat }).find((c) => pointInPolygon([lng, lat], c.g.polygon));
      ctx.body = { ok: true, data: { inside: Boolean(hit), grid: hit ? { id: hit.g.id, code: hit.g.code, name: hit.g.name } : null } };
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
