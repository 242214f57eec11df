import type { TwoFactorModuleOptions, TwoFactorProviderOptions } from 'nestjs-infobip-2fa';
import {
  ConsoleOutbox,
  FanoutOutbox,
  InMemoryOutbox,
  LocalTwoFactorEngine,
} from 'nestjs-infobip-2fa/express';
import {
  RedisCounterStore,
  RedisRecoveryCodeStore,
  RedisRememberedDeviceStore,
  RedisTwoFactorStore,
} from 'nestjs-infobip-2fa/redis';
import { createHmac } from 'node:crypto';
import { SIGNED_IN_AT_FIELD } from '../auth/request-user';
import { RedisThrottlerStorage } from '../redis/redis-throttler.storage';
import type { SampleRedis } from '../redis/sample-redis';
import type { SampleAppOverrides } from './sample-app-overrides';
import type { SampleConfig } from './sample-config';

/** Two purposes, one Infobip application each (as Infobip advises): `login` and `registration`. */
export const PURPOSES = { login: 'login', registration: 'registration' } as const;

/** A purpose of this app. */
export type SamplePurpose = (typeof PURPOSES)[keyof typeof PURPOSES];

/**
 * The {@link TwoFactorModuleOptions} of the sample app. Both purposes send by SMS and offer a
 * voice call ("call me instead") on resend. `INFOBIP_APPLICATION_ID` / `INFOBIP_MESSAGE_ID`, when
 * given, apply to the `login` purpose; `registration` always finds or creates its own application
 * by name. With `redis`, the module's counters and throttling and the embedded engine's state
 * live there, shared by every instance.
 */
export function twoFactorOptions(
  config: SampleConfig,
  overrides: SampleAppOverrides = {},
  redis: SampleRedis | null = null,
): TwoFactorModuleOptions {
  const { provider } = config;
  return {
    provider: providerOptions(config, overrides, redis),
    purposes: {
      [PURPOSES.login]: {
        ...(config.abuse.purposeSendLimits.login ? { sendLimits: config.abuse.purposeSendLimits.login } : {}),
        application: {
          name: 'nestjs-infobip-2fa sample login',
          ...(provider.kind === 'infobip' && provider.applicationId ? { id: provider.applicationId } : {}),
        },
        templates: {
          sms: {
            messageText: 'Your sign-in code is {{pin}}',
            ...(provider.kind === 'infobip' && provider.messageId ? { id: provider.messageId } : {}),
          },
          voice: { messageText: 'Your sign-in code is {{pin}}' },
        },
      },
      [PURPOSES.registration]: {
        application: { name: 'nestjs-infobip-2fa sample registration' },
        // Budgets of its own, smaller than sign-in's: anyone can register.
        sendLimits: config.abuse.purposeSendLimits.registration ?? {},
        templates: {
          sms: { messageText: 'Welcome! Your confirmation code is {{pin}}' },
          voice: { messageText: 'Welcome! Your confirmation code is {{pin}}' },
        },
      },
    },
    // Deny by default: every route needs password and PIN unless marked @SkipTwoFactor().
    requireByDefault: true,
    // The new session ids of a PIN's start and success keep the user and the sign-in time (so
    // the absolute timeout counts from the password, not from the last PIN).
    keepSessionFields: ['passport', SIGNED_IN_AT_FIELD],
    // SMS-pumping defences: countries (DEFAULT_COUNTRIES unless TWO_FACTOR_COUNTRIES), send limits
    // per purpose (TWO_FACTOR_SEND_LIMITS, TWO_FACTOR_SEND_LIMITS_<PURPOSE>), and the client IP
    // behind the proxies named in TRUSTED_PROXIES (the same list as Express's 'trust proxy').
    ...(config.abuse.allowedCountries ? { allowedCountries: config.abuse.allowedCountries } : {}),
    ...(config.abuse.sendLimits ? { sendLimits: config.abuse.sendLimits } : {}),
    ...(config.abuse.trustedProxies ? { trustedProxies: config.abuse.trustedProxies } : {}),
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    // Recovery codes and remembered devices: digests keyed from SESSION_SECRET (shared by every
    // instance already), under a label of their own.
    secret: createHmac('sha256', config.session.secret)
      .update('nestjs-infobip-2fa sample: recovery')
      .digest(),
    ...(redis
      ? {
          counterStore: new RedisCounterStore({ client: redis.client, prefix: redis.key('counter:') }),
          throttlerStorage: new RedisThrottlerStorage(redis.client, redis.key('throttle:')),
          recoveryCodeStore: new RedisRecoveryCodeStore({ client: redis.client, prefix: redis.key('') }),
          rememberedDeviceStore: new RedisRememberedDeviceStore({
            client: redis.client,
            prefix: redis.key(''),
          }),
        }
      : {}),
  };
}

function providerOptions(
  config: SampleConfig,
  overrides: SampleAppOverrides,
  redis: SampleRedis | null,
): TwoFactorProviderOptions {
  const { provider } = config;
  if (provider.kind === 'infobip') {
    return {
      kind: 'infobip',
      baseUrl: provider.baseUrl,
      apiKey: provider.apiKey,
      ...(overrides.providerTimeoutMs !== undefined ? { timeoutMs: overrides.providerTimeoutMs } : {}),
    };
  }
  const printPins = overrides.printPins ?? !config.production;
  if (!redis) return { kind: 'local', console: printPins };
  // PINs land in memory (and on the console in development) of the instance that sent them;
  // the PINs' state lives in Redis, so any instance verifies them.
  const outbox = new InMemoryOutbox();
  return {
    kind: 'local',
    engine: new LocalTwoFactorEngine({
      store: new RedisTwoFactorStore({ client: redis.client, prefix: redis.key('engine:') }),
      secret: config.redis?.engineSecret,
      outbox: printPins ? new FanoutOutbox([outbox, new ConsoleOutbox()]) : outbox,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
    }),
  };
}
