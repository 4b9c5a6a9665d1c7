#!/usr/bin/env node
/**
 * `npm start`: builds whatever is missing or out of date (shared, server, H5 client), then serves the
 * API under /api and the H5 client at / on one port (PORT, default 7001). The server migrates the
 * database at start-up and, in demo mode, seeds Nanjing Pukou and one account per role.
 * Without DATABASE_URL it uses the embedded sql.js database in ./data.
 */
const { join } = require('path');
const { spawn } = require('child_process');
const { ROOT, run, stale } = require('./lib');

const force = process.argv.includes('--rebuild');
const step = (name, needed, cmd, args) => {
  if (!force && !needed) return;
  console.log(`[linli] building ${name} ...`);
  const code = run(cmd, args);
  if (code !== 0) {
    console.error(`[linli] building ${name} failed (exit ${code}).`);
    process.exit(code);
  }
};

step('shared', stale(join(ROOT, 'shared/dist/index.js'), [join(ROOT, 'shared/src')]), 'npm', ['run', 'build', '-w', 'shared']);
step(
  'server',
  stale(join(ROOT, 'server/dist/configuration.js'), [join(ROOT, 'server/src'), join(ROOT, 'shared/src')]),
  'npm',
  ['run', 'build', '-w', 'server'],
);
step(
  'H5 client',
  stale(join(ROOT, 'client/dist/h5/index.html'), [join(ROOT, 'client/src'), join(ROOT, 'client/config'), join(ROOT, 'shared/src')]),
  'npm',
  ['run', 'build:h5', '-w', 'client'],
);

// `local` = demo mode with seeded data; NODE_ENV=production selects the `prod` config instead.
const serverEnv = process.env.MIDWAY_SERVER_ENV || (process.env.NODE_ENV === 'production' ? 'prod' : 'local');
const env = { ...process.env, MIDWAY_SERVER_ENV: serverEnv, TZ: 'UTC' };
const child = spawn(process.execPath, [join(ROOT, 'server/bootstrap.js')], { stdio: 'inherit', env, cwd: join(ROOT, 'server') });
const stop = (sig) => child.kill(sig);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
