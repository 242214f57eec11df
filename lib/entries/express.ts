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
