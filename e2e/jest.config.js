// H5 journeys in headless Chromium against the built server + H5 client (npm test builds both first).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/journeys'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testTimeout: 60000,
};
