import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import { MemoryStore } from 'express-session';
import {
  type CounterStore,
  FinalSignOutStore,
  getCounterStoreToken,
  TwoFactorService,
} from 'nestjs-infobip-2fa';
import passport from 'passport';
import { AppModule } from './app.module';
import { parseSampleConfig, type SampleConfig, type SampleEnv } from './config/sample-config';
import type { SampleAppOverrides } from './config/sample-app-overrides';
import { absoluteTimeout } from './http/absolute-timeout.middleware';
import { bodyParserErrors } from './http/body-parser-errors.middleware';
import { originCheck } from './http/origin-check.middleware';
import { sessionErrors } from './http/session-errors.middleware';
import { newSessionLimit } from './http/new-session-limit.middleware';
import { sessionMiddleware } from './http/session.middleware';
import { SampleRedis } from './redis/sample-redis';
import { redisSessionStore } from './redis/session-store';

/** Options of {@link createSampleApp} that only code can give; the environment stays the contract. */
export interface SampleAppOptions extends SampleAppOverrides {
  /** Nest's logger setting (`false` silences it). Default: Nest's console logger. */
  logger?: NestApplicationOptions['logger'];
}

/** JSON bodies above this size are refused with 413. */
const JSON_BODY_LIMIT = '10kb';

// API answers hold account data and 2FA state: never cached by browsers or proxies.
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

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
    app.use(noStore);
    // Before the body parser and the session: a refused request costs nothing.
    app.use(originCheck({ allowedOrigins: config.allowedOrigins }));
    app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
    app.use(bodyParserErrors);
    const twoFactor = app.get(TwoFactorService);
    const counters = app.get<CounterStore>(getCounterStoreToken());
    // Sign-out is final: a destroyed session id is never written again, whatever was in flight.
    const sessionStore = new FinalSignOutStore(
      overrides.sessionStore ??
        (redis ? redisSessionStore(redis.client, redis.key('sess:')) : new MemoryStore()),
      {
        counterStore: counters,
        tombstoneTtlMs: config.session.absoluteTimeoutMs,
        now: () => twoFactor.now(),
      },
    );
    app.use(sessionMiddleware(config.session, sessionStore));
    app.use(
      newSessionLimit({
        store: sessionStore,
        counters,
        clientIp: (req) => twoFactor.clientIp(req),
        now: () => twoFactor.now(),
      }),
    );
    // Before passport restores the user: a session past its absolute lifetime is already gone.
    // Sign-in times are stamped by the 2FA module's clock (the `clock` override, if any).
    app.use(absoluteTimeout({ lifetimeMs: config.session.absoluteTimeoutMs, now: () => twoFactor.now() }));
    app.use(passport.initialize());
    app.use(passport.session());
    // A session store that fails (Redis down) answers 503 before any route runs.
    app.use(sessionErrors);
    await app.init();
    return app;
  } catch (error) {
    await app.close();
    await redis?.close();
    throw error;
  }
}
