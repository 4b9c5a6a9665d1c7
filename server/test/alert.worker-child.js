/**
 * A delivery worker in a process of its own, for alert.fanout.test.ts: the test kills it with SIGKILL in
 * the middle of a run (no clean shutdown, sends in flight) and then lets another worker finish.
 *
 * It boots the app from the TypeScript sources (swc, decorator metadata on) with the unittest config on
 * the database and fake WeChat named in the environment (TEST_DATABASE_URL, WECHAT_API_BASE), WITHOUT
 * resetting the database, and drains the delivery queue, printing `sent <n>` lines as it goes.
 */
require('@swc/register')({
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2021' },
  module: { type: 'commonjs' },
  extensions: ['.ts'],
});
const { join } = require('path');

process.env.MIDWAY_SERVER_ENV = 'unittest';
process.env.TZ = 'UTC';

(async () => {
  const { createApp } = require('@midwayjs/mock');
  const app = await createApp(join(__dirname, '..'), {});
  const { NotificationWorker } = require('../src/modules/notification/notification.worker');
  const worker = await app.getApplicationContext().getAsync(NotificationWorker);
  if (process.env.CHILD_BATCH) worker.config.notifications.batchSize = Number(process.env.CHILD_BATCH);
  process.stdout.write('ready\n');
  let total = 0;
  for (;;) {
    const s = await worker.runOnce();
    total += s.sent;
    process.stdout.write(`sent ${total}\n`);
    if (s.claimed === 0) break;
  }
  process.stdout.write('drained\n');
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
