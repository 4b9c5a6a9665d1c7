/**
 * Client test projects (run from /work/main/client):
 *
 *   WEAPP_DIR=/tmp/weapp-test npx jest --selectProjects weapp    # compile gate + page rendering of the BUILT weapp
 *   npx jest --selectProjects automator                          # WeChat DevTools journeys (skipped without DevTools)
 *
 * `weapp` checks the build in WEAPP_DIR (default client/dist/weapp): build first with
 * `npm run build:weapp -w client` (or `TARO_OUTPUT_ROOT=<dir> npx taro build --type weapp`).
 * It runs in jsdom because miniprogram-simulate renders into a DOM; the compile gate only uses
 * child_process/fs, which work there too, so one project holds every weapp test.
 */
const path = require('path');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Never transform the built app (plain JS). Only the build directory itself is ignored: a blanket
// pattern such as ^/tmp/ would also skip the tests when the repository is cloned under /tmp.
const builtApp = process.env.WEAPP_DIR ? [`^${escape(path.resolve(process.env.WEAPP_DIR))}/`] : [];

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' } }];

module.exports = {
  // Per-test timeouts are global in jest; the automator suite raises its own with jest.setTimeout.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'weapp',
      rootDir: __dirname,
      roots: ['<rootDir>/test/weapp'],
      testMatch: ['**/*.test.ts'],
      testEnvironment: 'jsdom',
      transform: { '^.+\\.tsx?$': swc },
      // The built app is plain JS; never transform it, never let jest's haste map crawl it.
      transformIgnorePatterns: ['/node_modules/', '/dist/', ...builtApp],
      modulePathIgnorePatterns: ['<rootDir>/dist/'],
    },
    {
      displayName: 'automator',
      rootDir: __dirname,
      roots: ['<rootDir>/test/automator'],
      testMatch: ['**/*.test.ts'],
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': swc },
      modulePathIgnorePatterns: ['<rootDir>/dist/'],
    },
  ],
};
