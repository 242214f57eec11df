import type { LocalTwoFactorEngine } from '../engine/local-two-factor.engine';
import type { EmulatorCredentials } from './access';

/**
 * Options of `InfobipEmulator`. The credentials (`apiKey`, `basic`,
 * `bearer`, `ibsso`) combine: a request passes with any one of them. With none,
 * any value of the four schemes passes. A request without `Authorization`, or
 * with another scheme, is answered 401 UNAUTHORIZED in every case, as by Infobip;
 * the development endpoints need the header too.
 */
export interface InfobipEmulatorOptions extends EmulatorCredentials {
  /**
   * The engine to serve. An engine passed in is not closed with the emulator.
   * @default a new `LocalTwoFactorEngine` (movable `OffsetClock`, `InMemoryOutbox`), closed with the emulator
   */
  engine?: LocalTwoFactorEngine;
  /**
   * Applies the account-level throttling of the spec's `x-throttling-info`
   * (e.g. 20 application creates per 10 minutes), answering 429
   * TOO_MANY_REQUESTS with `Retry-After` past it. Windows follow the engine's clock.
   * @default false
   */
  accountLimits?: boolean;
  /**
   * Largest request body accepted, in bytes; larger ones get 413.
   * @default 65536 (64 KiB)
   */
  bodyLimitBytes?: number;
  /**
   * Receives one line per request (`POST /2fa/2/pin 200 1.2ms`): method, path
   * without query string, status, duration. Never bodies, headers or PINs.
   * @default no logging
   */
  log?: (line: string) => void;
}
