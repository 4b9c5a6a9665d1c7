/**
 * The tests' fake WeChat server (server/test/fakes/wechat-fake.ts) in a process of its own, so the load
 * generator running in the bench process does not slow its answers. Sends { url, appId, secret } to the
 * parent when listening; stops on SIGTERM.
 */
const { readFileSync } = require('fs');
const Module = require('module');
const { dirname, join } = require('path');

const SERVER = join(__dirname, '../../server');
const file = join(SERVER, 'test/fakes/wechat-fake.ts');
const swc = require(require.resolve('@swc/core', { paths: [SERVER, join(SERVER, '..')] }));
const { code } = swc.transformSync(readFileSync(file, 'utf8'), { filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2021' }, module: { type: 'commonjs' } });
const m = new Module(file, module);
m.filename = file;
m.paths = Module._nodeModulePaths(dirname(file));
m._compile(code, file);

m.exports.startWechatFake().then((fake) => {
  process.send({ url: fake.url, appId: fake.appId, secret: fake.secret });
  process.on('SIGTERM', () => fake.stop().then(() => process.exit(0)));
});
