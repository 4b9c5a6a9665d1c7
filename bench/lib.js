/**
 * Helpers every bench script shares (not a bench itself: `run.js` runs `*.bench.js` only).
 */
const { readFileSync } = require('fs');
const Module = require('module');
const { dirname, join } = require('path');
const mysql = require('mysql2/promise');

const ROOT = join(__dirname, '..');
const SERVER = join(ROOT, 'server');

/** Loads a TypeScript file (the tests' fake WeChat server, the figures simulator) through swc, as CommonJS. */
function requireTs(file) {
  const swc = require(require.resolve('@swc/core', { paths: [SERVER, ROOT] }));
  const { code } = swc.transformSync(readFileSync(file, 'utf8'), {
    filename: file,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2021' },
    module: { type: 'commonjs' },
  });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(dirname(file));
  m._compile(code, file);
  return m.exports;
}

/** The median of numbers (the mean of the two middle ones for an even count). */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Drops and recreates the database of `url` (utf8mb4). */
async function resetDb(url) {
  const u = new URL(url);
  const conn = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: u.username, password: decodeURIComponent(u.password) });
  const db = u.pathname.slice(1);
  await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await conn.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
}

module.exports = { median, requireTs, resetDb };
