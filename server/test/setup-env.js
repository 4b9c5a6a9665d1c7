// Jest sets NODE_ENV=test; Midway picks config.unittest.ts from MIDWAY_SERVER_ENV.
process.env.MIDWAY_SERVER_ENV = 'unittest';
process.env.TZ = 'UTC';
