#!/usr/bin/env node
/**
 * `npm test`: the whole suite, in order, ending with the plain line `N passed, N failed`.
 *   1. builds: shared, server, weapp and H5 client (a failed build counts as a failed test)
 *   2. shared unit tests
 *   3. server HTTP/service tests on MariaDB (TEST_DATABASE_URL) and on the embedded sql.js database
 *   4. weapp: the built WXML/WXSS through the official compilers, each page rendered (miniprogram-simulate)
 *   5. H5 journeys in headless Chromium against the built server + client
 *   6. miniprogram-automator journeys (run only where WeChat DevTools is configured; otherwise reported skipped)
 * `npm test -- --only server-mariadb,shared` runs a subset; `--no-build` reuses existing builds.
 */
const { existsSync, mkdirSync, readFileSync, rmSync } = require('fs');
const { join } = require('path');
const { ROOT, run } = require('./lib');

const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : null;
const noBuild = args.includes('--no-build');
const resultsDir = join(ROOT, '.test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const builds = [
  { name: 'build-shared', cmd: ['npm', 'run', 'build', '-w', 'shared'] },
  { name: 'build-server', cmd: ['npm', 'run', 'build', '-w', 'server'] },
  // Types of everything jest runs through swc without checking (tests included); nothing emitted.
  { name: 'typecheck', cmd: ['npm', 'run', 'typecheck'] },
  { name: 'build-weapp', cmd: ['npm', 'run', 'build:weapp', '-w', 'client'] },
  { name: 'build-h5', cmd: ['npm', 'run', 'build:h5', '-w', 'client'] },
];

const suites = [
  { name: 'shared', cwd: 'shared', jestArgs: [] },
  { name: 'server-mariadb', cwd: 'server', jestArgs: ['--runInBand'], env: { TEST_DB: 'mariadb' } },
  { name: 'server-sqljs', cwd: 'server', jestArgs: ['--runInBand'], env: { TEST_DB: 'sqljs' } },
  { name: 'weapp', cwd: 'client', jestArgs: ['--runInBand', '--selectProjects', 'weapp'] },
  { name: 'e2e-h5', cwd: 'e2e', jestArgs: ['--runInBand'] },
  { name: 'automator', cwd: 'client', jestArgs: ['--runInBand', '--selectProjects', 'automator'] },
];

const wanted = (name) => !only || only.some((o) => name === o || name.startsWith(o));
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const started = Date.now();

if (!noBuild) {
  for (const b of builds) {
    if (only && !only.some((o) => b.name.includes(o) || o.includes(b.name.replace('build-', '')))) continue;
    const t0 = Date.now();
    console.log(`\n=== ${b.name} ===`);
    const code = run(b.cmd[0], b.cmd.slice(1));
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (code === 0) {
      totals.passed += 1;
      lines.push(`${b.name.padEnd(16)} ok (${secs}s)`);
    } else {
      totals.failed += 1;
      lines.push(`${b.name.padEnd(16)} FAILED (exit ${code}, ${secs}s)`);
    }
  }
}

for (const s of suites) {
  if (!wanted(s.name)) continue;
  const out = join(resultsDir, `${s.name}.json`);
  const t0 = Date.now();
  console.log(`\n=== ${s.name} ===`);
  const code = run('npx', ['jest', ...s.jestArgs, '--json', `--outputFile=${out}`], { cwd: join(ROOT, s.cwd), env: s.env || {} });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (!existsSync(out)) {
    totals.failed += 1;
    lines.push(`${s.name.padEnd(16)} CRASHED (exit ${code}, no results, ${secs}s)`);
    continue;
  }
  const r = JSON.parse(readFileSync(out, 'utf8'));
  // A suite that fails to load (syntax error, missing module) has no test results: count it as failed.
  const brokenSuites = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  const skipped = r.numPendingTests + r.numTodoTests;
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + brokenSuites;
  totals.skipped += skipped;
  lines.push(
    `${s.name.padEnd(16)} ${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed` +
      (skipped ? `, ${skipped} skipped` : '') +
      ` (${secs}s)` +
      (code !== 0 && r.numFailedTests + brokenSuites === 0 ? ` [jest exit ${code}]` : ''),
  );
  if (code !== 0 && r.numFailedTests + brokenSuites === 0) totals.failed += 1;
}

console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)}s) ===`);
for (const l of lines) console.log(l);
console.log(`${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : ''));
process.exit(totals.failed > 0 ? 1 : 0);
