/**
 * TypeScript through SWC, with decorator metadata for Nest's dependency injection. Nest 12 ships
 * as ES modules only, so `@nestjs/*` under node_modules is transformed to CommonJS as well.
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
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: [
    '<rootDir>/lib/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/sample-app/**/*.spec.ts',
  ],
  transform: {
    '^.+\\.ts$': swc,
    '^.+\\.m?js$': swc,
  },
  // Nest 12 and path-to-regexp 8 (under @nestjs/platform-fastify's @fastify/middie) ship ES modules only.
  transformIgnorePatterns: ['^(?!.*/node_modules/(@nestjs|path-to-regexp)/).*/node_modules/'],
  moduleNameMapper: {
    '^nestjs-infobip-2fa$': '<rootDir>/lib/index.ts',
    '^nestjs-infobip-2fa/(redis|emulator|testing|express)$': '<rootDir>/lib/entries/$1.ts',
  },
  testTimeout: 30000,
};
