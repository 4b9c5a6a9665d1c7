/**
 * The bare upload baseline: plain Koa + busboy + sharp + mysql2 doing the same work as Linli's
 * POST /api/media, with none of Linli's framework: bearer token -> session lookup, multipart parse
 * (10 MB limit), magic-byte check, decode + auto-orient + metadata strip + re-encode + 320 px WebP
 * thumbnail (the same sharp calls, in parallel), both files written to disk, one row inserted.
 * Env: DATABASE_URL, PORT, MEDIA_DIR.
 */
const Koa = require('koa');
const busboy = require('busboy');
const sharp = require('sharp');
const mysql = require('mysql2/promise');
const { createHash, randomUUID } = require('crypto');
const { mkdir, writeFile } = require('fs/promises');
const { join } = require('path');

const MAX = 10 * 1024 * 1024;

function parse(req) {
  return new Promise((resolve, reject) => {
    const bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX } });
    const fields = {};
    const chunks = [];
    let tooLarge = false;
    bb.on('file', (_name, stream) => {
      stream.on('data', (c) => chunks.push(c));
      stream.on('limit', () => (tooLarge = true));
    });
    bb.on('field', (k, v) => (fields[k] = v));
    bb.on('error', reject);
    bb.on('close', () => resolve({ fields, file: Buffer.concat(chunks), tooLarge }));
    req.pipe(bb);
  });
}

async function main() {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10, timezone: 'Z' });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bare_media (id INT AUTO_INCREMENT PRIMARY KEY, owner_id INT NOT NULL, client_key VARCHAR(64) NOT NULL, storage_key VARCHAR(200), thumb_key VARCHAR(200), mime VARCHAR(32), width INT, height INT, bytes INT, sha256 VARCHAR(64), UNIQUE KEY uq (owner_id, client_key))',
  );
  const dir = process.env.MEDIA_DIR;
  const app = new Koa();
  app.use(async (ctx) => {
    const m = /^Bearer\s+(\S+)$/.exec(ctx.get('authorization'));
    if (!m) return void ((ctx.status = 401), (ctx.body = { ok: false }));
    const [[session]] = await pool.query('SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > NOW()', [createHash('sha256').update(m[1]).digest('hex')]);
    if (!session) return void ((ctx.status = 401), (ctx.body = { ok: false }));
    const { fields, file, tooLarge } = await parse(ctx.req);
    if (tooLarge) return void ((ctx.status = 413), (ctx.body = { ok: false }));
    const isJpeg = file[0] === 0xff && file[1] === 0xd8 && file[2] === 0xff;
    if (!isJpeg) return void ((ctx.status = 422), (ctx.body = { ok: false }));
    const [[existing]] = await pool.query('SELECT id FROM bare_media WHERE owner_id = ? AND client_key = ?', [session.user_id, fields.clientKey]);
    if (existing) return void (ctx.body = { ok: true, data: existing });
    const open = () => sharp(file, { failOn: 'warning', limitInputPixels: 50_000_000 }).autoOrient();
    const [o, t] = await Promise.all([
      open().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true }),
      open().resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer({ resolveWithObject: true }),
    ]);
    const base = randomUUID();
    await mkdir(join(dir, 'bare'), { recursive: true });
    await Promise.all([writeFile(join(dir, 'bare', `${base}.jpg`), o.data), writeFile(join(dir, 'bare', `${base}.thumb.webp`), t.data)]);
    const sha = createHash('sha256').update(o.data).digest('hex');
    const [r] = await pool.query(
      'INSERT INTO bare_media (owner_id, client_key, storage_key, thumb_key, mime, width, height, bytes, sha256) VALUES (?,?,?,?,?,?,?,?,?)',
      [session.user_id, fields.clientKey, `bare/${base}.jpg`, `bare/${base}.thumb.webp`, 'image/jpeg', o.info.width, o.info.height, o.data.length, sha],
    );
    ctx.status = 201;
    ctx.body = { ok: true, data: { id: r.insertId, width: o.info.width, height: o.info.height, bytes: o.data.length } };
  });
  app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
