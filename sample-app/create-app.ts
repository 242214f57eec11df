import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type CounterStore, getCounterStoreToken, TwoFactorService } from 'nestjs-infobip-2fa';
import { AppModule } from './app.module';
import { parseSampleConfig, type SampleConfig, type SampleEnv } from './config/sample-config';
import type { SampleAppOverrides } from './config/sample-app-overrides';
import { sampleMiddleware } from './http/sample-middleware';
import { SampleRedis } from './redis/sample-redis';

/** Options of {@link createSampleApp} that only code can give; the environment stays the contract. */
export interface SampleAppOptions extends SampleAppOverrides {
  /** Nest's logger setting (`false` silences it). Default: Nest's console logger. */
  logger?: NestApplicationOptions['logger'];
}

/**
 * Builds and initialises the sample app from an environment (see README), without listening.
 * With `REDIS_URL` it connects to Redis first; closing the app closes that connection.
 *
 * @throws SampleConfigError when the environment is incomplete or Redis can't be reached (the
 *   message names the variable).
 * @example
 * const app = await createSampleApp(process.env);
 * await app.listen(3000);
 */
export async function createSampleApp(
  env: SampleEnv,
  options: SampleAppOptions = {},
): Promise<INestApplication> {
  const { logger, ...overrides } = options;
  const redisConfig = parseSampleConfig(env).redis;
  const redis = redisConfig ? await SampleRedis.connect(redisConfig) : null;
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env, overrides, redis), {
      bodyParser: false,
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
    app.disable('x-powered-by');
    // Behind the reverse proxies of TRUSTED_PROXIES (TLS termination): trust their X-Forwarded-Proto
    // so cookies can be Secure; anyone else reaching the port is believed nothing.
    if (config.abuse.trustedProxies) app.set('trust proxy', config.abuse.trustedProxies);
    const twoFactor = app.get(TwoFactorService);
    const counters = app.get<CounterStore>(getCounterStoreToken());
    for (const middleware of sampleMiddleware({ config, overrides, redis, twoFactor, counters })) {
      app.use(middleware);
    }
    await app.init();
    return app;
  } catch (error) {
    await app.close();
    await redis?.close();
    throw error;
  }
}
