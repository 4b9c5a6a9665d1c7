/**
 * The tests' fake WeChat server (server/test/fakes/wechat-fake.ts) in a process of its own, so the load
 * generator running in the bench process does not slow its answers. Sends { url, appId, secret } to the
 * parent when listening; stops on SIGTERM.
 */
const { join } = require('path');
const { requireTs } = require('../lib');

requireTs(join(__dirname, '../../server/test/fakes/wechat-fake.ts'))
  .startWechatFake()
  .then((fake) => {
    process.send({ url: fake.url, appId: fake.appId, secret: fake.secret });
    process.on('SIGTERM', () => fake.stop().then(() => process.exit(0)));
  });
