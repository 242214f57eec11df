/**
 * The consumer apps: the packed package installed into fresh Nest apps (`npm run test:consumers`,
 * run by CI after the main suites). They need the npm registry, so `npm test` leaves them out.
 */
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/consumers/**/*.consumer-spec.ts'],
  testTimeout: 300_000,
};
