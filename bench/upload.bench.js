#!/usr/bin/env node
/**
 * `node bench/upload.bench.js`: photo upload latency. A realistic 4000x3000 JPEG of about 5 MB (a
 * gradient with sensor-like noise, made with sharp) is uploaded one at a time to Linli (the built
 * server, started as bench/run.js starts it, on MariaDB; demo accounts signed in via demo-login) and to a
 * bare Koa + busboy + sharp + mysql2 server doing the same parse/decode/strip/thumbnail/write/insert,
 * in alternating rounds. Prints p50/p95 per side and the ratio; the goal is Linli p95 <= 300 ms.
 * Env: BENCH_MEDIA_DATABASE_URL (default mysql://linli:linli@127.0.0.1:3306/linli_bench_media, dropped and
 * recreated), BENCH_UPLOAD_ROUNDS (3), BENCH_UPLOAD_PER_ROUND (12). Needs `npm run build -w server`.
 */
const { fork, spawn } = require('child_process');
const { existsSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');
const mysql = require('mysql2/promise');
const sharp = require('sharp');
const { resetDb } = require('./lib');

const ROOT = join(__dirname, '..');
const DB_URL = process.env.BENCH_MEDIA_DATABASE_URL || 'mysql://linli:linli@127.0.0.1:3306/linli_bench_media';
const ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS || 3);
const PER_ROUND = Number(process.env.BENCH_UPLOAD_PER_ROUND || 12);
const LINLI_PORT = 7311;
const BARE_PORT = 7312;
const GOAL_P95_MS = 300;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** A 4000x3000 photo-like JPEG: colour gradients plus noise, about 5 MB at quality 88. */
async function makePhoto() {
  const W = 4000;
  const H = 3000;
  const buf = Buffer.alloc(W * H * 3);
  let x = 0x9e3779b9;
  for (let y = 0; y < H; y++) {
    for (let i = 0; i < W; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const n = (x & 63) - 32;
      const o = (y * W + i) * 3;
      buf[o] = Math.max(0, Math.min(255, (i * 255) / W + n));
      buf[o + 1] = Math.max(0, Math.min(255, (y * 255) / H + n));
      buf[o + 2] = Math.max(0, Math.min(255, 128 + n));
    }
  }
  return sharp(buf, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 88 }).withMetadata({ orientation: 1 }).toBuffer();
}

async function waitHealthy(url, child, label) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${label} not ready`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

let keySeq = 0;
/** One upload, as Taro.uploadFile sends it; returns the wall time in ms. */
async function uploadOnce(url, token, photo) {
  const form = new FormData();
  form.append('purpose', 'report');
  form.append('clientKey', `bench-${process.pid}-${++keySeq}-${Date.now().toString(36)}`);
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await res.text();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 201) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
  return ms;
}

async function main() {
  if (!existsSync(join(ROOT, 'server/dist/configuration.js'))) {
    console.error('Build the server first: npm run build -w server');
    process.exit(1);
  }
  const photo = await makePhoto();
  console.log(`upload bench: 4000x3000 JPEG of ${(photo.length / 1024 / 1024).toFixed(2)} MB, ${ROUNDS} rounds x ${PER_ROUND} uploads per side, one at a time`);
  await resetDb(DB_URL);
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-media-'));
  const linli = spawn(process.execPath, [join(ROOT, 'server/bootstrap.js')], {
    cwd: join(ROOT, 'server'),
    env: {
      ...process.env,
      MIDWAY_SERVER_ENV: 'local',
      PORT: String(LINLI_PORT),
      DATABASE_URL: DB_URL,
      DATA_DIR: dataDir,
      MEDIA_STORAGE: 'local',
      // WeChat is out of reach here: fail the content check's calls at once instead of timing out.
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      LOG_LEVEL: 'error',
      TZ: 'UTC',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let bare;
  try {
    await waitHealthy(`http://127.0.0.1:${LINLI_PORT}/api/health`, linli, 'linli');
    // Several demo accounts: uploads are limited to 30 per user per minute.
    const tokens = [];
    for (let i = 0; i < 200 && !tokens.length; i++) {
      const r = await fetch(`http://127.0.0.1:${LINLI_PORT}/api/auth/demo-accounts`);
      const accounts = r.ok ? (await r.json()).data : [];
      for (const a of accounts) {
        const s = await fetch(`http://127.0.0.1:${LINLI_PORT}/api/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: a.key }) });
        if (s.ok) tokens.push((await s.json()).data.token);
      }
      if (!tokens.length) await new Promise((res) => setTimeout(res, 300));
    }
    if (!tokens.length) throw new Error('demo login failed');
    bare = fork(join(__dirname, 'baseline/upload-bare-server.js'), [], { env: { ...process.env, DATABASE_URL: DB_URL, PORT: String(BARE_PORT), MEDIA_DIR: dataDir }, stdio: 'inherit' });
    await new Promise((res, rej) => {
      bare.once('message', res);
      bare.once('exit', (c) => rej(new Error(`baseline exited ${c}`)));
    });

    let turn = 0;
    const token = () => tokens[turn++ % tokens.length];
    const sides = {
      linli: () => uploadOnce(`http://127.0.0.1:${LINLI_PORT}/api/media`, token(), photo),
      bare: () => uploadOnce(`http://127.0.0.1:${BARE_PORT}/upload`, token(), photo),
    };
    // warm-up: sharp's first calls and the JIT
    for (let i = 0; i < 3; i++) {
      await sides.linli();
      await sides.bare();
    }
    const times = { linli: [], bare: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of r % 2 ? ['bare', 'linli'] : ['linli', 'bare']) {
        for (let i = 0; i < PER_ROUND; i++) times[side].push(await sides[side]());
      }
    }
    const summary = (xs) => ({ n: xs.length, p50: +pct(xs, 50).toFixed(1), p95: +pct(xs, 95).toFixed(1), max: +Math.max(...xs).toFixed(1) });
    const l = summary(times.linli);
    const b = summary(times.bare);
    const ratio = +(l.p95 / b.p95).toFixed(2);
    console.log('\n| upload of a 5 MB 4000x3000 JPEG | n | p50 ms | p95 ms | max ms |');
    console.log('|---|---|---|---|---|');
    console.log(`| Linli (POST /api/media) | ${l.n} | ${l.p50} | ${l.p95} | ${l.max} |`);
    console.log(`| bare Koa + busboy + sharp + mysql2 | ${b.n} | ${b.p50} | ${b.p95} | ${b.max} |`);
    console.log(`\nLinli / bare p95: ${ratio}; goal Linli p95 <= ${GOAL_P95_MS} ms: ${l.p95 <= GOAL_P95_MS ? 'met' : 'NOT met'}`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results/upload.json'), JSON.stringify({ at: new Date().toISOString(), photoBytes: photo.length, rounds: ROUNDS, perRound: PER_ROUND, linli: l, bare: b, p95Ratio: ratio, goalP95Ms: GOAL_P95_MS }, null, 2));
  } finally {
    bare?.kill('SIGTERM');
    linli.kill('SIGTERM');
    await new Promise((r) => (linli.exitCode !== null ? r() : linli.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
