import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Clock } from '../../engine/clock';
import type { CounterStore } from '../../storage/counter-store.interface';
import type { RecoveryCodeStore } from '../../storage/recovery-code-store.interface';
import type { RememberedDeviceStore } from '../../storage/remembered-device-store.interface';
import type { TwoFactorSendLimitsOptions, TwoFactorThrottleOptions } from './limits-options.interface';
import type { TwoFactorProviderOptions } from './provider-options.interface';
import type { TwoFactorPurposeOptions } from './purpose-options.interface';

export type {
  CustomTwoFactorProviderOptions,
  InfobipTwoFactorProviderOptions,
  LocalTwoFactorProviderOptions,
  TwoFactorProviderOptions,
} from './provider-options.interface';
export type {
  EmailTemplateOptions,
  SmsTemplateOptions,
  TextTemplateFields,
  TwoFactorApplicationOptions,
  TwoFactorPurposeOptions,
  VoiceTemplateFields,
  VoiceTemplateOptions,
} from './purpose-options.interface';
export type { TwoFactorSendLimitsOptions, TwoFactorThrottleOptions } from './limits-options.interface';

/** Options of {@link TwoFactorModule}. Everything is checked at bootstrap. */
export interface TwoFactorModuleOptions {
  /** @default `{ kind: 'local' }` */
  provider?: TwoFactorProviderOptions;
  /** At least one. Keys are purpose names (`login`, `registration`…): letters, digits, `-`, `_`. */
  purposes: Record<string, TwoFactorPurposeOptions>;
  /**
   * Accept a PIN lifetime over 10 minutes, more than 10 attempts, fewer than 10^6
   * possible PINs, or multiple verifications of one PIN.
   * @default false
   */
  allowWeakPolicy?: boolean;
  /**
   * Wait between two sends of a challenge.
   * @default `30s`
   */
  resendCooldown?: string;
  /**
   * Resends per challenge.
   * @default 3
   */
  maxResends?: number;
  /**
   * Wrong PINs per user, across challenges and purposes, before the user is locked
   * out for `failureLockout`; a success resets the count. At most 100.
   * @default 10
   */
  maxConsecutiveFailures?: number;
  /**
   * Window of `maxConsecutiveFailures`, and length of the lockout.
   * @default `15m`
   */
  failureLockout?: string;
  /**
   * Where the module keeps its counters.
   * @default an in-memory store it creates and closes
   */
  counterStore?: CounterStore;
  /**
   * The module's time.
   * @default the local engine's clock, else wall-clock time
   */
  clock?: Clock;
  /**
   * Session fields that survive the session id regeneration at `start()` and after
   * verification; everything else is dropped.
   * @default `['passport']`
   */
  keepSessionFields?: string[];
  /**
   * Throttling of the 2FA controller; `false` turns it off.
   * @default `{ limit: 10, ttl: '1m' }`
   */
  throttle?: TwoFactorThrottleOptions | false;
  /**
   * Where throttling counts.
   * @default the module's `counterStore`, on the module's clock (so on Redis when the counters are)
   */
  throttlerStorage?: ThrottlerStorage;
  /**
   * When true, {@link TwoFactorGuard} requires a verified session on every route it
   * guards unless the route is marked `@SkipTwoFactor()`. When false, only
   * `@RequireTwoFactor()` routes require it (pending sessions are confined either way).
   * @default false
   */
  requireByDefault?: boolean;
  /**
   * Countries (ISO 3166-1 alpha-2 codes) whose phone numbers may receive PINs, for
   * purposes that set none. Whatever the list, numbers must be
   * valid E.164 numbers of a mobile, fixed-line or VoIP range: premium-rate,
   * shared-cost, UAN, personal, pager, voicemail and toll-free ranges are refused.
   * Numbers of no country (satellite and international networks: +870, +881, +882, +883…)
   * are refused unless their calling code is listed, e.g. `['CH', '+881']`.
   * @default any country
   */
  allowedCountries?: string[];
  /**
   * Limits on PINs sent (and resent), against SMS pumping and message bombing: the
   * default of every purpose, each counting its own (see `purposes.<name>.sendLimits`).
   * A limit left out keeps its default; `false` turns them all off.
   * @default { perDestination: '5/1d', perUser: '10/1d', perIp: '50/1h', global: '1000/1h' }
   */
  sendLimits?: TwoFactorSendLimitsOptions | false;
  /**
   * The reverse proxies in front of the application: IP addresses, CIDR ranges
   * (`10.0.0.0/8`, `fd00::/8`) and the names `loopback`, `linklocal`, `uniquelocal`, as in
   * Express's `trust proxy`. The client IP (per-IP send limit, throttling, events) is the
   * first address, going back from the socket's peer through `X-Forwarded-For`, that is
   * not one of them: a client that reaches the application directly is counted by its own
   * address, whatever it writes in `X-Forwarded-For`. With `trustProxyHops` > 0 as well, at
   * most that many hops back.
   * @default none: the socket address counts
   */
  trustedProxies?: string[];
  /**
   * How many reverse proxies in front of the application append to `X-Forwarded-For`.
   * With `trustedProxies`, the most hops believed. Without it, the client IP is the address
   * that many hops back from the socket's, believed whoever connects: safe only when
   * nothing but the proxies can reach the application; prefer `trustedProxies`.
   * Independent of Express's `trust proxy`.
   * @default 0: `X-Forwarded-For` is ignored unless `trustedProxies` is set
   */
  trustProxyHops?: number;
  /**
   * Where users' recovery codes are kept (keyed digests only).
   * @default an in-memory store (one instance; codes lost at restart)
   */
  recoveryCodeStore?: RecoveryCodeStore;
  /**
   * How long "remember this device" spares a browser the PIN at sign-in, as a duration
   * like `30d` (at most a year); `false` turns the feature off.
   * @default '30d'
   */
  rememberDevice?: string | false;
  /**
   * Where remembered devices are kept (keyed digests of their tokens only).
   * @default an in-memory store (one instance; devices forgotten at restart)
   */
  rememberedDeviceStore?: RememberedDeviceStore;
  /**
   * Key of the digests of recovery codes and remembered-device tokens: at least 32
   * bytes (a string of at least 32 characters, or a Buffer), the same on every
   * instance and kept across restarts. Required with a `recoveryCodeStore` or
   * `rememberedDeviceStore` of your own.
   * @default random bytes drawn at bootstrap (fits only the in-memory stores)
   */
  secret?: string | Uint8Array;
}

/** Options that shape the module itself, decided before any factory runs. */
export interface TwoFactorModuleExtras {
  /**
   * Register the module globally.
   * @default false
   */
  isGlobal?: boolean;
  /**
   * Mount {@link TwoFactorController}; `{ path }` changes its path.
   * @default true (path `2fa`)
   */
  controller?: boolean | { path?: string };
  /**
   * Register {@link TwoFactorGuard} as a global guard (`APP_GUARD`), and with it
   * {@link TwoFactorExceptionFilter} as a global filter, so that the refusals and the errors of
   * `TwoFactorService` calls get `Retry-After` and `Cache-Control: no-store` on every route.
   * Without it the module renders only its own routes and `@SendPin()` failures; a refusal of
   * `@RequireTwoFactor()` is then the same JSON body through the app's own error handling.
   * @default false
   */
  globalGuard?: boolean;
  /**
   * Provide `LocalTwoFactorEngine`, its `TwoFactorStore` and `InMemoryOutbox` as injection tokens
   * (for `app.get(InMemoryOutbox)` in tests and development). `true`: all three, each the real
   * object; options that cannot give one (an Infobip or custom provider, a given engine without an
   * `InMemoryOutbox`) stop the bootstrap with the fix. `false`: none of them. `forRootAsync` fixes
   * its tokens before its factory runs: set `true` beside a factory that returns the local provider.
   * @default with `forRoot`, what the options have (a local provider's engine and store, and its
   * in-memory outbox when there is one); with `forRootAsync`, none
   */
  localEngine?: boolean;
}
