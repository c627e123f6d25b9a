/**
 * Jest runs TypeScript through @swc/jest (type-checking is `tsc --noEmit`, run first by npm test).
 * @swc/jest does not read tsconfig: decorator metadata is switched on here, as TypeGraphQL and
 * TypeORM need it. jose is ESM-only and is transformed to CommonJS for Jest's module system.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // 90 s: a hub started beside a CPU-heavy suite on 2 cores (a county-size import on both) has taken over 60 s.
  testTimeout: 90_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Integration suites each start a hub on their own scratch database; two at a time suits 2 cores.
  maxWorkers: 2,
};
