import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { SessionData } from 'express-session';
import {
  type CounterStore,
  type FinalSignOutStore,
  getCounterStoreToken,
  TwoFactorService,
} from 'nestjs-infobip-2fa';
import { AppModule } from './app.module';
import { parseSampleConfig, type SampleConfig, type SampleEnv } from './config/sample-config';
import type { SampleAppOverrides } from './config/sample-app-overrides';
import { SampleRedis } from './redis/sample-redis';
import { finalSessionStore } from './http/sample-middleware';

/** Options of the sample app's builders that only code can give; the environment stays the contract. */
export interface SampleAppOptions extends SampleAppOverrides {
  /** Nest's logger setting (`false` silences it). Default: Nest's console logger. */
  logger?: NestApplicationOptions['logger'];
}

/** What a platform's HTTP set-up of the sample app needs from the built Nest app. */
export interface SampleParts {
  config: SampleConfig;
  twoFactor: TwoFactorService;
  counters: CounterStore;
  /** The session store, sign-out final: a destroyed session id is never written again. */
  sessionStore: FinalSignOutStore<SessionData>;
}

/**
 * The part of building the sample app on Nest that does not depend on the platform: connects
 * to Redis (with `REDIS_URL`), creates the app with `create`, warns about a generated session
 * secret, builds the session store, lets `mount` set up the platform's HTTP pipeline, and
 * initialises the app. Closing the app closes the Redis connection; a failure closes both.
 *
 * @throws SampleConfigError when the environment is incomplete or Redis can't be reached.
 */
export async function buildNestSample<T extends INestApplication>(
  env: SampleEnv,
  options: SampleAppOptions,
  create: (module: DynamicModule, options: NestApplicationOptions) => Promise<T>,
  mount: (app: T, parts: SampleParts) => Promise<void>,
): Promise<T> {
  const { logger, ...overrides } = options;
  const redisConfig = parseSampleConfig(env).redis;
  const redis = redisConfig ? await SampleRedis.connect(redisConfig) : null;
  let app: T;
  try {
    app = await create(AppModule.forRoot(env, overrides, redis), {
      abortOnError: false,
      ...(logger !== undefined ? { logger } : {}),
    });
  } catch (error) {
    await redis?.close();
    throw error;
  }
  try {
    const config = app.get(ConfigService).getOrThrow<SampleConfig>('sample');
    if (config.session.secretGenerated) {
      new Logger('SampleApp').warn(
        'SESSION_SECRET is not set: using a random one, sessions end when the process stops',
      );
    }
    const twoFactor = app.get(TwoFactorService);
    const counters = app.get<CounterStore>(getCounterStoreToken());
    const sessionStore = finalSessionStore({ config, overrides, redis, twoFactor, counters });
    await mount(app, { config, twoFactor, counters, sessionStore });
    await app.init();
    return app;
  } catch (error) {
    await app.close();
    await redis?.close();
    throw error;
  }
}
