import {
  ConsoleOutbox,
  FanoutOutbox,
  InMemoryOutbox,
  LocalTwoFactorEngine,
  type TwoFactorModuleOptions,
  type TwoFactorProviderOptions,
} from 'nestjs-infobip-2fa';
import { RedisCounterStore, RedisTwoFactorStore } from 'nestjs-infobip-2fa/redis';
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
    // SMS-pumping defences: countries (any unless TWO_FACTOR_COUNTRIES), send limits (the module's
    // defaults unless TWO_FACTOR_SEND_LIMITS), and the client IP behind the one TLS proxy that
    // production runs behind (the same hop count as Express's 'trust proxy' in create-app.ts).
    ...(config.abuse.allowedCountries ? { allowedCountries: config.abuse.allowedCountries } : {}),
    ...(config.abuse.sendLimits ? { sendLimits: config.abuse.sendLimits } : {}),
    trustProxyHops: config.production ? 1 : 0,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(redis
      ? {
          counterStore: new RedisCounterStore({ client: redis.client, prefix: redis.key('counter:') }),
          throttlerStorage: new RedisThrottlerStorage(redis.client, redis.key('throttle:')),
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
