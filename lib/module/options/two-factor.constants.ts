import type { ApplicationConfiguration } from '../../infobip/infobip.types';

/**
 * The module's application defaults: stricter than Infobip's (10 attempts,
 * multiple verifications, 15 minutes, 3 sends a day).
 */
export const SECURE_APPLICATION_DEFAULTS: Readonly<Required<ApplicationConfiguration>> = Object.freeze({
  pinAttempts: 5,
  allowMultiplePinVerifications: false,
  pinTimeToLive: '5m',
  verifyPinLimit: '1/3s',
  sendPinPerApplicationLimit: '10000/1d',
  sendPinPerPhoneNumberLimit: '5/1d',
});

/** Policy bounds enforced at bootstrap unless `allowWeakPolicy: true`. */
export const POLICY_LIMITS = Object.freeze({
  /** Longest PIN lifetime. */
  maxPinTimeToLiveMs: 10 * 60_000,
  /** Most verification attempts per PIN. */
  maxPinAttempts: 10,
  /** Fewest possible PINs (about 20 bits: 6 digits, 5 letters or hex, 4 alphanumerics). */
  minPinSpace: 1_000_000,
});

/** Default PIN shape of the templates the module creates. */
export const DEFAULT_PIN = Object.freeze({ pinType: 'NUMERIC', pinLength: 6 } as const);

/** Message of the SMS template a purpose gets when it names none. */
export const DEFAULT_MESSAGE_TEXT = 'Your verification code is {{pin}}';

/** Defaults of the module-level options. */
export const MODULE_DEFAULTS = Object.freeze({
  resendCooldown: '30s',
  maxResends: 3,
  maxConsecutiveFailures: 10,
  failureLockout: '15m',
  keepSessionFields: ['passport'] as readonly string[],
  throttle: { limit: 10, ttl: '1m' },
  controllerPath: '2fa',
  sendLimits: Object.freeze({ perDestination: '5/1d', perUser: '10/1d', perIp: '50/1h', global: '1000/1h' }),
  trustProxyHops: 0,
});

/**
 * Metadata key of `@RequireTwoFactor()` and `@SkipTwoFactor()`: one key, so the
 * most specific of handler and class wins (`getAllAndOverride`).
 */
export const TWO_FACTOR_POLICY_KEY = 'nestjs-infobip-2fa:policy';
/** Metadata key of `@SendPin()`. */
export const SEND_PIN_KEY = 'nestjs-infobip-2fa:send-pin';
/** Marks the routes of the 2FA controller, which a pending session may reach. */
export const TWO_FACTOR_ROUTE_KEY = 'nestjs-infobip-2fa:route';
