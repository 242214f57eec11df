/**
 * Two-factor authentication for a plain Express app, without Nest: `nestjs-infobip-2fa/express`.
 *
 * `createTwoFactorExpress(options)` takes the module's options, checks them as `TwoFactorModule`
 * does, and answers middleware (`sendPin`, `requireTwoFactor`), a router with the module's routes
 * and an error handler. Loads no `@nestjs/core`.
 *
 * @packageDocumentation
 */
export {
  createTwoFactorExpress,
  type TwoFactorExpress,
  type ExpressSendPinOptions,
  type ExpressRequireTwoFactorOptions,
} from '../express';
// Beside the middleware, what a plain Express app uses from the root, the same classes, without
// loading the Nest module: the service and its errors, the session set-up, the embedded engine
// (development and tests), the in-memory counters, and the helpers of an app's own limits.
export { TwoFactorService, type StartTwoFactorInput } from '../module/service/two-factor.service';
export type { TwoFactorModuleOptions } from '../module/options/two-factor-options.interface';
export { TwoFactorException, type TwoFactorErrorBody } from '../module/errors/two-factor.exception';
export { checkSessionOptions } from '../module/session/session-support';
export { FinalSignOutStore, type FinalSignOutStoreOptions } from '../module/session/final-sign-out.store';
export { maskDestination } from '../module/destinations/destination-format';
export { TrustedProxies } from '../module/destinations/trusted-proxies';
export { ipLimitSubject } from '../module/destinations/client-ip';
export { InMemoryCounterStore, type InMemoryCounterStoreOptions } from '../storage/in-memory-counter.store';
export { LocalTwoFactorEngine, type LocalTwoFactorEngineOptions } from '../engine/local-two-factor.engine';
export { InMemoryOutbox, type InMemoryOutboxOptions } from '../engine/in-memory.outbox';
export { ConsoleOutbox, type ConsoleOutboxOptions } from '../engine/console.outbox';
export { FanoutOutbox } from '../engine/fanout.outbox';
export { parseDuration } from '../infobip/time-format';
