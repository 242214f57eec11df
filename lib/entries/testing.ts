/**
 * Helpers for tests: `nestjs-infobip-2fa/testing`.
 *
 * `describeEngineSemantics` is the conformance suite of Infobip's 2FA semantics that the embedded
 * engine, the emulator and the Redis store pass; run it against your own `TwoFactorStore` or
 * `TwoFactorApi`. It declares its tests with jest's globals (`describe`, `it`, `expect`).
 *
 * @packageDocumentation
 */
export { ManualClock } from '../engine/clock';
export { TWO_FACTOR_OPERATIONS } from '../infobip/two-factor-api.interface';
export { describeEngineSemantics } from '../engine/testing/engine-semantics.suite';
export { engineHarness, type EngineHarness } from '../engine/testing/engine-harness';
