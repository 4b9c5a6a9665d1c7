/**
 * Server tests run against a real database: TEST_DB=mariadb (the default; MySQL/MariaDB through mysql2,
 * TEST_DATABASE_URL) or TEST_DB=sqljs (the embedded database `npm start` uses without MySQL).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2021' } },
    ],
  },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 30000,
  coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
};
