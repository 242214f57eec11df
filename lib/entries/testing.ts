/**
 * Helpers for an application's tests: `nestjs-infobip-2fa/testing`.
 *
 * @packageDocumentation
 */
export { ManualClock } from '../engine/clock';
export { TWO_FACTOR_OPERATIONS } from '../infobip/two-factor-api.interface';
