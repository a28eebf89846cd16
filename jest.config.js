/**
 * One jest run: unit specs beside the code (src/**\/__tests__) and the
 * integration/e2e suites in test/. Run through `npm test`, which starts node
 * with --experimental-vm-modules (NestJS 12 is ESM-only; STACK.md).
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/__tests__/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
